# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

RMA_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class AftersalesRma(models.Model):
    _name = "aftersales.rma"
    _description = "Return Merchandise Authorisation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    ticket_id = fields.Many2one(
        "aftersales.ticket", required=True, index=True, tracking=True
    )
    partner_id = fields.Many2one("res.partner", required=True, tracking=True)
    sale_order_id = fields.Many2one("sale.order", index=True)
    picking_id = fields.Many2one("stock.picking", string="Origin Delivery", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        RMA_STATES, default="draft", required=True, tracking=True, copy=False
    )
    carrier_name = fields.Char()
    tracking_ref = fields.Char()
    line_ids = fields.One2many("aftersales.rma.line", "rma_id", copy=True)
    picking_ids = fields.One2many("stock.picking", "rma_id", readonly=True)
    in_picking_ids = fields.Many2many(
        "stock.picking", compute="_compute_pickings", string="Receipts"
    )
    out_picking_ids = fields.Many2many(
        "stock.picking", compute="_compute_pickings", string="Deliveries"
    )

    repair_ids = fields.Many2many(
        "repair.order", compute="_compute_repair_ids", string="Repairs"
    )
    refund_ids = fields.Many2many(
        "account.move",
        compute="_compute_refund_ids",
        string="Credit Notes",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    @api.depends("line_ids.repair_id")
    def _compute_repair_ids(self):
        for rma in self:
            rma.repair_ids = rma.line_ids.repair_id

    @api.depends("line_ids.refund_line_ids")
    def _compute_refund_ids(self):
        for rma in self:
            rma.refund_ids = rma.line_ids.refund_line_ids.move_id

    @api.depends("picking_ids.picking_type_code")
    def _compute_pickings(self):
        for rma in self:
            rma.in_picking_ids = rma.picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming"
            )
            rma.out_picking_ids = rma.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing"
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "aftersales.rma"
                ) or _("New")
        return super().create(vals_list)

    def _check_can_confirm(self):
        for rma in self:
            if rma.state != "draft":
                raise UserError(_("RMA %s is not a draft.", rma.name))
            if not rma.line_ids:
                raise UserError(_("RMA %s has no line to return.", rma.name))
            warehouse = rma.warehouse_id
            if not (
                warehouse.rma_loc_id
                and warehouse.rma_in_type_id
                and warehouse.rma_out_type_id
            ):
                raise UserError(
                    _(
                        "Warehouse %s has no RMA location or no RMA receipt and "
                        "delivery operation types.",
                        warehouse.name,
                    )
                )
        self.line_ids._check_returnable_qty()

    def _prepare_receipt_vals(self):
        self.ensure_one()
        picking_type = self.warehouse_id.rma_in_type_id
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "origin": self.name,
            "rma_id": self.id,
            "company_id": self.company_id.id,
            "location_id": self.env.ref("stock.stock_location_customers").id,
            "location_dest_id": self.warehouse_id.rma_loc_id.id,
            "move_ids": [
                fields.Command.create(line._prepare_receipt_move_vals(picking_type))
                for line in self.line_ids
            ],
        }

    def action_confirm(self):
        """Authorise the return: create and confirm the incoming picking."""
        self._check_can_confirm()
        for rma in self:
            picking = self.env["stock.picking"].create(rma._prepare_receipt_vals())
            picking.action_confirm()
            # the serial / lot announced on the line is the one expected back
            for move in picking.move_ids.filtered("rma_line_id.lot_id"):
                move.move_line_ids.lot_id = move.rma_line_id.lot_id
            rma.line_ids._process_advance_replace()
            rma.state = "confirmed"
            rma.message_post(
                body=_("Return authorised, receipt %s created.", picking.name)
            )
        self._send_authorisation_mail()
        return True

    def _send_authorisation_mail(self):
        """E-mail the customer the RMA number, return address and what to
        put inside the parcel."""
        template = self.env.ref(
            "aftersales_rma.mail_template_rma_authorisation", raise_if_not_found=False
        )
        if not template:
            return
        extra = {}
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() not in (
            "ok",
            "upgrade",
        ):
            # no PDF engine: send the instructions without the printed label
            extra["attachment_ids"] = []
        for rma in self.filtered(
            lambda r: r.company_id.rma_send_authorisation_mail and r.partner_id.email
        ):
            rma.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", **extra
            )

    def action_print_authorisation(self):
        return self.env.ref(
            "aftersales_rma.action_report_rma_authorisation"
        ).report_action(self)

    def action_cancel(self):
        for rma in self:
            if any(line.qty_received for line in rma.line_ids):
                raise UserError(
                    _("RMA %s cannot be cancelled: goods were received.", rma.name)
                )
            if rma.state == "done":
                raise UserError(_("RMA %s is done.", rma.name))
        self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        self.state = "cancelled"
        return True

    def _update_state_from_receipts(self):
        for rma in self.filtered(lambda r: r.state == "confirmed"):
            if rma.line_ids and all(
                line.qty_received >= line.product_uom_qty for line in rma.line_ids
            ):
                rma.state = "received"

    def action_process(self):
        """Run the decision of every received, unsettled line."""
        for rma in self:
            advance_only = all(
                line.decision == "advance_replace" for line in rma.line_ids
            )
            if rma.state not in ("received", "processing") and not (
                rma.state == "confirmed" and advance_only
            ):
                raise UserError(_("RMA %s has not been received yet.", rma.name))
        lines = self.line_ids.filtered(lambda line: not line.is_settled)
        lines._process_decision()
        self.state = "processing"
        self._try_done()
        return True

    def _try_done(self):
        for rma in self.filtered(lambda r: r.state == "processing"):
            if all(line.is_settled for line in rma.line_ids):
                rma.action_done()

    def _ticket_resolution_type(self):
        self.ensure_one()
        decisions = set(self.line_ids.mapped("decision"))
        if decisions <= {"replace", "advance_replace"}:
            return "replacement"
        return {
            frozenset({"return"}): "no_fault_found",
            frozenset({"refund"}): "refund",
            frozenset({"repair"}): "return_repair",
        }.get(frozenset(decisions), "other")

    def action_done(self):
        """Close the RMA once every line is settled and resolve its ticket."""
        for rma in self:
            if not all(line.is_settled for line in rma.line_ids):
                raise UserError(_("RMA %s still has unsettled lines.", rma.name))
        resolved = self.env.ref("aftersales_service.stage_resolved")
        for rma in self:
            rma.state = "done"
            rma.ticket_id.write(
                {
                    "resolution_type": rma._ticket_resolution_type(),
                    "stage_id": resolved.id,
                }
            )
        return True
