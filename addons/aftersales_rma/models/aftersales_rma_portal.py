# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

REQUEST_REASONS = [
    ("defective", "Defective / does not work"),
    ("damaged", "Damaged on arrival"),
    ("wrong_item", "Wrong item delivered"),
    ("other", "Other"),
]


class AftersalesRma(models.Model):
    """Customer side of the RMA: portal access and return requests (RMA-12)."""

    _name = "aftersales.rma"
    _inherit = ["aftersales.rma", "portal.mixin"]

    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    request_reason = fields.Selection(
        REQUEST_REASONS,
        string="Reason of Return",
        help="Reason given by the customer when asking for the return.",
    )
    request_note = fields.Text(string="Customer's Description")

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for rma in self:
            rma.access_url = f"/my/rma/{rma.id}"
        return res

    def _get_return_address(self):
        """Where the customer ships the goods back: the receiving warehouse."""
        self.ensure_one()
        return self.warehouse_id.partner_id or self.company_id.partner_id

    # ------------------------------------------------------------------
    # Return request from the portal
    # ------------------------------------------------------------------
    @api.model
    def _portal_check_request(self, partner, sale_line, lot, quantity, reason):
        """Refuse a return request the customer is not entitled to make.

        ``partner`` is the requesting contact; ``sale_line`` and ``lot`` are
        read as superuser, hence checked against the partner's company."""
        commercial = partner.commercial_partner_id
        order = sale_line.order_id
        if (
            not sale_line
            or sale_line.display_type
            or order.state != "sale"
            or order.partner_id.commercial_partner_id != commercial
        ):
            raise UserError(_("Choose one of the order lines delivered to you."))
        if quantity <= 0:
            raise UserError(_("The quantity to return must be positive."))
        returnable = sale_line._rma_returnable_qty()[sale_line.id]
        if quantity > returnable:
            raise UserError(
                _(
                    "You can return at most %(qty)s %(uom)s of %(product)s "
                    "from order %(order)s.",
                    qty=returnable,
                    uom=sale_line.product_uom.name,
                    product=sale_line.product_id.display_name,
                    order=order.name,
                )
            )
        if sale_line.product_id.tracking != "none":
            if not lot:
                raise UserError(
                    _(
                        "Choose the serial / lot number of the %s you return.",
                        sale_line.product_id.display_name,
                    )
                )
            if lot not in sale_line._rma_returnable_lots()[sale_line.id]:
                raise UserError(
                    _(
                        "Serial / lot %(lot)s was not delivered to you on order "
                        "%(order)s, or its return is already requested.",
                        lot=lot.name,
                        order=order.name,
                    )
                )
            if sale_line.product_id.tracking == "serial" and quantity != 1:
                raise UserError(
                    _("A serial number identifies one unit: return a quantity of 1.")
                )
        if reason not in dict(REQUEST_REASONS):
            raise UserError(_("Choose the reason of the return."))

    @api.model
    def _portal_origin_move(self, sale_line, lot):
        """The delivery move the returned goods come from."""
        move_lines = sale_line._rma_delivered_move_lines()
        if lot:
            move_lines = move_lines.filtered(lambda ml: ml.lot_id == lot)
        return move_lines.sorted("date")[-1:].move_id

    @api.model
    def _portal_responsible(self, order):
        """The order's salesperson when an RMA user, else an RMA manager."""
        rma_users = self.env.ref("aftersales_rma.group_rma_user").users
        if order.user_id in rma_users:
            return order.user_id
        return self._portal_rma_managers(order.company_id)[:1]

    @api.model
    def _portal_rma_managers(self, company):
        return self.env.ref("aftersales_rma.group_rma_manager").users.filtered(
            lambda u: not u.share and company in u.company_ids
        )

    @api.model
    def _prepare_portal_ticket_vals(self, partner, sale_line, lot, note):
        product = sale_line.product_id
        return {
            "name": _("Return request: %s", product.display_name),
            "partner_id": partner.id,
            "company_id": sale_line.company_id.id,
            "channel": "portal",
            "sale_order_id": sale_line.order_id.id,
            "sale_line_id": sale_line.id,
            "product_id": product.id,
            "lot_id": lot.id,
            "description": Markup("<p>%s</p>") % escape(note or ""),
        }

    @api.model
    def _prepare_portal_rma_vals(
        self, partner, sale_line, lot, quantity, reason, note, ticket
    ):
        order = sale_line.order_id
        return {
            "ticket_id": ticket.id,
            "partner_id": partner.id,
            "company_id": order.company_id.id,
            "sale_order_id": order.id,
            "warehouse_id": order.warehouse_id.id,
            "user_id": self._portal_responsible(order).id,
            "request_reason": reason,
            "request_note": note,
            "line_ids": [
                fields.Command.create(
                    {
                        "product_id": sale_line.product_id.id,
                        "product_uom_qty": quantity,
                        "product_uom": sale_line.product_uom.id,
                        "sale_line_id": sale_line.id,
                        "lot_id": lot.id,
                        "origin_move_id": self._portal_origin_move(sale_line, lot).id,
                    }
                )
            ],
        }

    @api.model
    def _portal_create_request(
        self, partner, sale_line, lot, quantity, reason, note=None
    ):
        """Create the draft RMA (and its portal ticket) a customer asks for,
        then tell the RMA team. Meant to run as superuser after the caller
        identified ``partner``; raises UserError on any refused input."""
        lot = lot if sale_line.product_id.tracking != "none" else lot.browse()
        self._portal_check_request(partner, sale_line, lot, quantity, reason)
        company = sale_line.company_id
        with self.env.cr.savepoint():
            ticket = (
                self.env["aftersales.ticket"]
                .with_company(company)
                .create(self._prepare_portal_ticket_vals(partner, sale_line, lot, note))
            )
            rma = self.with_company(company).create(
                self._prepare_portal_rma_vals(
                    partner, sale_line, lot, quantity, reason, note, ticket
                )
            )
            rma.message_subscribe(partner_ids=partner.ids)
            rma._notify_portal_request()
        return rma

    def _notify_portal_request(self):
        """Tell the RMA team a customer asks for a return: a note to the RMA
        managers and a review activity for the responsible."""
        for rma in self:
            managers = self._portal_rma_managers(rma.company_id)
            rma.message_post(
                body=_(
                    "Return requested by %(customer)s on the portal; review it "
                    "and confirm or cancel the RMA.",
                    customer=rma.partner_id.display_name,
                ),
                partner_ids=(managers.partner_id | rma.user_id.partner_id).ids,
                subtype_xmlid="mail.mt_note",
            )
            if rma.user_id:
                rma.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=rma.user_id.id,
                    summary=_("Review the customer's return request"),
                )

    def action_preview_rma(self):
        """Open the RMA as the customer sees it on the portal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }
