# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

from odoo.addons.aftersales_service.models.aftersales_guarded_mixin import (
    guarded_action,
)
from odoo.addons.aftersales_service.models.aftersales_sla_mixin import SLA_OUTCOMES
from odoo.addons.aftersales_service.tools import format_qty, url_in_lang

RMA_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

APPROVAL_STATES = [
    ("not_required", "Not required"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

REQUEST_REASONS = [
    ("defective", "Defective / does not work"),
    ("damaged", "Damaged on arrival"),
    ("wrong_item", "Wrong item delivered"),
    ("other", "Other"),
]


class AftersalesRma(models.Model):
    """Return Merchandise Authorisation: the customer's return from its
    ticket, sale order and delivery, through receipt, decision and
    settlement, with its return window (RMA-08), portal request (RMA-12) and
    SLA (aftersales.sla.mixin): receipt → decision (SLA-02) and receipt →
    resolution (SLA-15) in working days of the ticket team's calendar."""

    _name = "aftersales.rma"
    _description = "Return Merchandise Authorisation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "aftersales.guarded.mixin",
        "aftersales.sla.mixin",
    ]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = (
        "state",
        "approval_state",
        "sla_status",
        "sla_decision_outcome",
        "sla_resolution_outcome",
        "decision_deadline",
        "resolution_deadline",
        "sla_paused_hours",
        "sla_pause_start",
    )
    _order = "id desc"

    # ------------------------------------------------------------------
    # Fields: identification and origin
    # ------------------------------------------------------------------
    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    ticket_id = fields.Many2one(
        "aftersales.ticket", required=True, index=True, tracking=True
    )
    partner_id = fields.Many2one("res.partner", required=True, tracking=True)
    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
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
    # kanban columns in workflow order, empty ones included
    state = fields.Selection(
        RMA_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    carrier_name = fields.Char()
    tracking_ref = fields.Char()

    # ------------------------------------------------------------------
    # Fields: customer's request and return window (RMA-08, RMA-12)
    # ------------------------------------------------------------------
    request_reason = fields.Selection(
        REQUEST_REASONS,
        string="Reason of Return",
        help="Reason given by the customer when asking for the return.",
    )
    request_note = fields.Text(string="Customer's Description")
    request_date = fields.Date(
        string="Requested On",
        default=fields.Date.context_today,
        required=True,
        tracking=True,
        help="When the customer asked for the return; the return window is "
        "counted from the delivery to this date.",
    )
    # a late return needs a manager's approval
    approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Late Return Approval",
        default="not_required",
        required=True,
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    is_outside_return_window = fields.Boolean(
        compute="_compute_is_outside_return_window",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Fields: lines, decision and documents
    # ------------------------------------------------------------------
    line_ids = fields.One2many("aftersales.rma.line", "rma_id", copy=True)
    decision = fields.Selection(
        selection="_selection_decision",
        compute="_compute_decision",
        store=True,
        help="The decision of the lines when they all share one, else Mixed.",
    )
    is_awaiting_decision = fields.Boolean(
        compute="_compute_decision",
        store=True,
        help="Received with at least one line still without decision.",
    )
    picking_ids = fields.One2many("stock.picking", "aftersales_rma_id", readonly=True)
    # shared by the receipt and the deliveries of the RMA, whatever the steps
    procurement_group_id = fields.Many2one(
        "procurement.group",
        readonly=True,
        copy=False,
        groups="stock.group_stock_user",
    )
    # the warehouse's documents of the RMA, listed (and counted below) for
    # the service officer too, who may not read transfers nor repairs
    in_picking_ids = fields.Many2many(
        "stock.picking",
        compute="_compute_pickings",
        compute_sudo=True,
        string="Receipts",
    )
    out_picking_ids = fields.Many2many(
        "stock.picking",
        compute="_compute_pickings",
        compute_sudo=True,
        string="Deliveries",
    )
    repair_ids = fields.Many2many(
        "repair.order",
        compute="_compute_repair_ids",
        compute_sudo=True,
        string="Repairs",
        groups="base.group_user",
    )
    refund_ids = fields.Many2many(
        "account.move",
        compute="_compute_refund_ids",
        string="Credit Notes",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    supplier_claim_ids = fields.Many2many(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim_ids",
        string="Supplier Claims",
        groups="base.group_user",
    )
    receipt_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True, groups="base.group_user"
    )
    delivery_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True, groups="base.group_user"
    )
    repair_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True, groups="base.group_user"
    )
    refund_count = fields.Integer(
        compute="_compute_refund_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    # ------------------------------------------------------------------
    # Fields: SLA
    # ------------------------------------------------------------------
    date_received = fields.Datetime(
        readonly=True, copy=False, help="When the first receipt was validated."
    )
    date_decided = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the decisions were first processed.",
        groups="base.group_user",
    )
    date_done = fields.Datetime(readonly=True, copy=False)
    decision_deadline = fields.Datetime(
        compute="_compute_sla_deadlines",
        store=True,
        index=True,
        groups="base.group_user",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    sla_decision_outcome = fields.Selection(
        SLA_OUTCOMES,
        string="Decision SLA",
        compute="_compute_sla_outcomes",
        store=True,
        copy=False,
        groups="base.group_user",
        help="Met or breached once the decision target (SLA-02) is decided; "
        "read by the reports.",
    )
    sla_resolution_outcome = fields.Selection(
        SLA_OUTCOMES,
        string="Resolution SLA",
        compute="_compute_sla_outcomes",
        store=True,
        copy=False,
        groups="base.group_user",
        help="Met or breached once the resolution target (SLA-15) is decided; "
        "read by the reports.",
    )
    is_late = fields.Boolean(
        compute="_compute_is_late",
        search="_search_is_late",
        help="Still open and past its decision or resolution deadline.",
    )

    # ------------------------------------------------------------------
    # Fields: next steps, which header buttons apply to the RMA as it stands
    # (each computed from the refusal its action raises)
    # ------------------------------------------------------------------
    can_request_approval = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_approve = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_reject = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_confirm = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_receive = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_process = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_cancel = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_preview_rma = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "approval_state",
        "line_ids.is_outside_return_window",
        "line_ids.decision",
        "line_ids.qty_received",
    )
    @api.depends_context("uid")
    def _compute_can_actions(self):
        for rma in self:
            rma.can_request_approval = not rma._refusal_request_approval()
            rma.can_approve = rma.can_reject = not rma._refusal_decide_approval()
            rma.can_confirm = not rma._refusal_confirm()
            rma.can_receive = not rma._refusal_receive()
            rma.can_process = not rma._refusal_process()
            rma.can_cancel = not rma._refusal_cancel()
            rma.can_preview_rma = not rma._refusal_preview_rma()

    @api.depends("line_ids.is_outside_return_window")
    def _compute_is_outside_return_window(self):
        for rma in self:
            rma.is_outside_return_window = any(
                rma.line_ids.mapped("is_outside_return_window")
            )

    @api.model
    def _selection_decision(self):
        line_decision = self.env["aftersales.rma.line"]._fields["decision"]
        return line_decision._description_selection(self.env) + [("mixed", _("Mixed"))]

    @api.depends("state", "line_ids.decision")
    def _compute_decision(self):
        for rma in self:
            decisions = set(rma.line_ids.mapped("decision"))
            rma.is_awaiting_decision = rma.state == "received" and (
                not decisions or False in decisions
            )
            decisions.discard(False)
            if len(decisions) > 1:
                rma.decision = "mixed"
            else:
                rma.decision = decisions.pop() if decisions else False

    @api.depends("picking_ids.move_ids")
    def _compute_pickings(self):
        # every reception step counts as a receipt, every pick / pack / ship
        # step as a delivery
        for rma in self:
            rma.in_picking_ids = rma.picking_ids.filtered(
                lambda p: any(m._aftersales_is_rma_receipt() for m in p.move_ids)
            )
            rma.out_picking_ids = rma.picking_ids.filtered(
                lambda p: any(m._aftersales_is_rma_delivery() for m in p.move_ids)
            )

    @api.depends("line_ids.repair_id")
    def _compute_repair_ids(self):
        for rma in self:
            rma.repair_ids = rma.line_ids.repair_id

    @api.depends("line_ids.refund_line_ids")
    def _compute_refund_ids(self):
        for rma in self:
            rma.refund_ids = rma.line_ids.refund_line_ids.move_id

    @api.depends("line_ids.claim_line_ids")
    def _compute_supplier_claim_ids(self):
        for rma in self:
            rma.supplier_claim_ids = rma.line_ids.claim_line_ids.claim_id

    @api.depends("picking_ids", "line_ids.repair_id")
    def _compute_document_counts(self):
        for rma in self:
            rma.receipt_count = len(rma.in_picking_ids)
            rma.delivery_count = len(rma.out_picking_ids)
            rma.repair_count = len(rma.repair_ids)

    @api.depends("line_ids.refund_line_ids")
    def _compute_refund_count(self):
        for rma in self:
            rma.refund_count = len(rma.refund_ids)

    @api.depends(
        "date_received",
        "company_id.aftersales_rma_decision_days",
        "company_id.aftersales_rma_resolution_days",
        "company_id.resource_calendar_id",
        "ticket_id.team_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        return super()._compute_sla_deadlines()

    @api.depends(
        "decision_deadline", "resolution_deadline", "date_decided", "date_done", "state"
    )
    def _compute_sla_outcomes(self):
        return super()._compute_sla_outcomes()

    @api.depends("sla_status", "state")
    def _compute_is_late(self):
        for rma in self:
            rma.is_late = rma.sla_status == "breached" and rma.state not in (
                "done",
                "cancelled",
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Operation not supported."))
        domain = [
            ("sla_status", "=", "breached"),
            ("state", "not in", ("done", "cancelled")),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        # links to the portal (e-mails, customer preview) open it in the
        # customer's language
        for rma in self:
            rma.access_url = url_in_lang(
                self.env, f"/my/rma/{rma.id}", rma.partner_id.lang
            )
        return res

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("partner_id", "sale_order_id", "ticket_id")
    def _check_same_customer(self):
        """An RMA returns what its own customer bought, on its own ticket:
        another customer's sale or ticket would refund or serve them."""
        # read whatever the user may see of the ticket or the order
        for rma in self.sudo():
            customer = rma.partner_id.commercial_partner_id
            for document, label in (
                (rma.sale_order_id, _("sale order")),
                (rma.ticket_id, _("ticket")),
            ):
                if document and document.partner_id.commercial_partner_id != customer:
                    raise ValidationError(
                        _(
                            "%(rma)s is for %(customer)s but its %(kind)s "
                            "%(document)s is another customer's.",
                            rma=rma.display_name,
                            customer=customer.display_name,
                            kind=label,
                            document=document.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("sale_order_id", "picking_id")
    def _onchange_origin_fill_partner(self):
        for rma in self:
            partner = rma.picking_id.partner_id or rma.sale_order_id.partner_id
            if partner and not rma.partner_id:
                rma.partner_id = partner
            if rma.picking_id.sale_id and not rma.sale_order_id:
                rma.sale_order_id = rma.picking_id.sale_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._complete_origin_vals(vals)
        without_ticket = [
            vals
            for vals in vals_list
            if not vals.get("ticket_id") and vals.get("partner_id")
        ]
        if without_ticket:
            tickets = self.env["aftersales.ticket"].create(
                [self._prepare_ticket_vals(vals) for vals in without_ticket]
            )
            for vals, ticket in zip(without_ticket, tickets, strict=True):
                vals["ticket_id"] = ticket.id
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.rma"
                ) or _("New")
        rmas = super().create(vals_list)
        rmas.line_ids._fill_origin()
        return rmas

    # ------------------------------------------------------------------
    # Actions: workflow
    # ------------------------------------------------------------------
    @guarded_action
    def action_confirm(self):
        """Authorise the return: procure the receipt of the returned units
        through the warehouse's RMA receipt route (or take over the receipt
        Odoo's return wizard made for the RMA), ship the advance replacements
        and e-mail the customer the instructions."""
        self.line_ids._fill_origin()
        self._check_can_confirm()
        bodies = {}
        for rma in self:
            # the receipt is the warehouse's document: set up as superuser
            # for the service officer, who authorises returns without
            # Inventory rights (the guard above checked the RMA)
            receipt = rma._get_open_receipt()
            if receipt:
                moves = receipt.move_ids
            else:
                moves = rma.line_ids._run_receipt_procurements().sudo()
            # the serial / lot announced on the line is the one expected back
            for move in moves.filtered("aftersales_rma_line_id.lot_id"):
                move.move_line_ids.lot_id = move.aftersales_rma_line_id.lot_id
            rma.line_ids._process_advance_replace()
            rma.state = "confirmed"
            bodies[rma.id] = _(
                "Return authorised, receipt %s created.",
                ", ".join(moves.picking_id.mapped("name")),
            )
        self._log_with_status_change(bodies)
        self._send_authorisation_mail()
        return True

    def action_print_authorisation(self):
        return self.env.ref(
            "aftersales_rma.action_report_rma_authorisation"
        ).report_action(self)

    @guarded_action
    def action_cancel(self):
        self._aftersales_ensure("_refusal_cancel")
        # the open transfers are cancelled as superuser for the service
        # officer, who has no Inventory rights (the guard above checked)
        self.sudo().picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        self.state = "cancelled"
        return True

    @guarded_action
    def action_process(self):
        """Run the decision of every received, unsettled line."""
        self._aftersales_ensure("_refusal_process")
        lines = self.line_ids.filtered(lambda line: not line.is_settled)
        lines._process_decision()
        # a credit note posted at once may have settled and closed the RMA
        # already: it is not reopened to be closed again
        open_rmas = self.filtered(lambda r: r.state != "done")
        open_rmas._write_closing_step({"state": "processing"}, fields.Datetime.now())
        open_rmas._try_done()
        self._update_sla_status()
        return True

    @guarded_action
    def action_done(self):
        """Close the RMA once every line is settled and resolve its ticket."""
        now = fields.Datetime.now()
        for rma in self:
            if not all(line.is_settled for line in rma.line_ids):
                raise UserError(_("RMA %s still has unsettled lines.", rma.name))
        # an RMA can be closed without processing (e.g. everything settled)
        self._write_closing_step({"state": "done", "date_done": now}, now)
        for rma in self:
            # the ticket's resolution follows from the RMA: the RMA user who
            # closes it need not be on the ticket's team to see the ticket
            rma.ticket_id.sudo()._aftersales_resolve(rma._ticket_resolution_type())
        self._update_sla_status(now=now)
        return True

    # ------------------------------------------------------------------
    # Actions: late return approval (RMA-08)
    # ------------------------------------------------------------------
    @guarded_action
    def action_request_approval(self):
        self._aftersales_ensure("_refusal_request_approval")
        self.approval_state = "to_approve"
        managers = self.env.ref("aftersales_rma.group_rma_manager").users
        for rma in self:
            rma.message_post(
                body=_("Approval of this late return requested."),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_approve(self):
        return self._set_approval(
            "approved", _("Late return approved by %s.", self.env.user.name)
        )

    def action_reject(self):
        return self._set_approval(
            "rejected", _("Late return rejected by %s.", self.env.user.name)
        )

    # ------------------------------------------------------------------
    # Actions: smart buttons and portal preview
    # ------------------------------------------------------------------
    def action_receive(self):
        """The next step of a confirmed RMA: open its receipt."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_receive")
        return self.action_view_receipts()

    def action_view_receipts(self):
        self.ensure_one()
        return self._action_view_records(
            "stock.action_picking_tree_all", self.in_picking_ids
        )

    def action_view_deliveries(self):
        self.ensure_one()
        return self._action_view_records(
            "stock.action_picking_tree_all", self.out_picking_ids
        )

    def action_view_repairs(self):
        self.ensure_one()
        return self._action_view_records(
            "repair.action_repair_order_tree", self.repair_ids
        )

    def action_view_refunds(self):
        self.ensure_one()
        return self._action_view_records(
            "account.action_move_out_refund_type", self.refund_ids
        )

    def action_view_ticket(self):
        self.ensure_one()
        return self._action_view_records(
            "aftersales_service.action_aftersales_ticket", self.ticket_id
        )

    def action_preview_rma(self):
        """Open the RMA as the customer sees it on the portal."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_preview_rma")
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    # ------------------------------------------------------------------
    # Business helpers: origin and ticket
    # ------------------------------------------------------------------
    @api.model
    def _complete_origin_vals(self, vals):
        """Fill the customer and sale order from the ticket, the delivery or
        the sale order when they are not given."""
        picking = self.env["stock.picking"].browse(vals.get("picking_id"))
        order = self.env["sale.order"].browse(vals.get("sale_order_id"))
        ticket = self.env["aftersales.ticket"].browse(vals.get("ticket_id"))
        if not order and picking.sale_id:
            order = picking.sale_id
            vals["sale_order_id"] = order.id
        if not vals.get("partner_id"):
            partner = picking.partner_id or order.partner_id or ticket.partner_id
            if partner:
                vals["partner_id"] = partner.id
        if picking and not vals.get("warehouse_id"):
            warehouse = picking.picking_type_id.warehouse_id
            if warehouse:
                vals["warehouse_id"] = warehouse.id

    @api.model
    def _prepare_ticket_vals(self, vals):
        """Values of the ticket created for an RMA that comes without one."""
        partner = self.env["res.partner"].browse(vals["partner_id"])
        origin = self.env["stock.picking"].browse(vals.get("picking_id")) or self.env[
            "sale.order"
        ].browse(vals.get("sale_order_id"))
        ticket_vals = {
            "name": _("Return of %s", origin.name)
            if origin
            else _("Return from %s", partner.display_name),
            "partner_id": partner.id,
            "company_id": vals.get("company_id") or self.env.company.id,
            "sale_order_id": vals.get("sale_order_id"),
        }
        return_type = self.env.ref(
            "aftersales_service.ticket_type_return", raise_if_not_found=False
        )
        if return_type:
            ticket_vals["ticket_type_id"] = return_type.id
        # a single returned unit is the ticket's product, for its warranty
        created = [
            cmd[2]
            for cmd in vals.get("line_ids") or []
            if isinstance(cmd, list | tuple) and cmd[0] == Command.CREATE
        ]
        if len(created) == 1:
            line = created[0]
            ticket_vals["product_id"] = line.get("product_id")
            ticket_vals["lot_id"] = line.get("lot_id")
            sale_line = self.env["sale.order.line"].browse(line.get("sale_line_id"))
            if sale_line and ticket_vals["sale_order_id"] in (
                False,
                None,
                sale_line.order_id.id,
            ):
                ticket_vals["sale_order_id"] = sale_line.order_id.id
                ticket_vals["sale_line_id"] = sale_line.id
        return ticket_vals

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

    # ------------------------------------------------------------------
    # Business helpers: confirmation, receipt and processing
    # ------------------------------------------------------------------
    def _check_can_confirm(self):
        """The guard of the button, then what the receipt needs: the latter
        names the data to fill in, so the button stays visible."""
        self._aftersales_ensure("_refusal_confirm")
        for rma in self:
            if not rma.line_ids:
                raise UserError(_("RMA %s has no line to return.", rma.name))
            warehouse = rma.warehouse_id
            if not (
                warehouse.aftersales_rma_loc_id
                and warehouse.aftersales_rma_in_type_id
                and warehouse.aftersales_rma_out_type_id
                and warehouse.aftersales_rma_in_route_id
            ):
                raise UserError(
                    _(
                        "Warehouse %s has no RMA location or no RMA receipt and "
                        "delivery operation types.",
                        warehouse.name,
                    )
                )
        self.line_ids._check_returnable_qty()

    def _get_open_receipt(self):
        """The receipt Odoo's return wizard already made for this RMA (see
        stock.return.picking), if any: confirming the RMA takes it over."""
        self.ensure_one()
        # as superuser: the transfers of an RMA the user may read
        return self.sudo().in_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )[:1]

    def _prepare_procurement_group_vals(self):
        """Procurement group shared by the receipt and deliveries of the RMA."""
        self.ensure_one()
        return {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "move_type": "direct",
        }

    def _get_procurement_group(self):
        """The RMA's procurement group, created on first use."""
        self.ensure_one()
        rma = self.sudo()
        if not rma.procurement_group_id:
            rma.procurement_group_id = (
                self.env["procurement.group"]
                .sudo()
                .create(self._prepare_procurement_group_vals())
            )
        return rma.procurement_group_id

    def _prepare_picking_vals(self):
        """Header values of every transfer of the RMA (receipt, delivery or
        restock, at any step), added to those Odoo gives a new picking."""
        self.ensure_one()
        return {
            "aftersales_rma_id": self.id,
            "partner_id": self.partner_id.id,
            "origin": self.name,
        }

    def _log_with_status_change(self, bodies):
        """Log the internal notes ``bodies`` ({RMA id: text}) of a step that
        has just changed the RMAs' status: each becomes the body of the
        status change's tracking message (one chatter entry per step, not
        two). Notes of RMAs without a pending status tracking (mail tracking
        off, or an RMA created in this transaction, whose tracking mail.thread
        discards until the commit) are logged on their own, in one batch."""
        context = self.env.context
        pending = {}
        if not (context.get("tracking_disable") or context.get("mail_notrack")):
            # mail.thread's initial values of the tracked fields, kept until
            # the commit (None for a record whose tracking is discarded)
            pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        alone = {}
        for rma in self:
            initial = pending.get(rma.id) or {}
            if "state" in initial and initial["state"] != rma.state:
                rma._track_set_log_message(bodies[rma.id])
            else:
                alone[rma.id] = bodies[rma.id]
        if alone:
            self.browse(alone)._message_log_batch(bodies=alone, message_type="comment")

    def _send_authorisation_mail(self):
        """E-mail the customer the RMA number, return address and what to
        put inside the parcel."""
        rmas = self.filtered(
            lambda r: r.company_id.aftersales_rma_send_authorisation_mail
            and r.partner_id.email
        )
        if not rmas:
            return
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
        for rma in rmas:
            rma.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", **extra
            )

    def _get_return_address(self):
        """Where the customer ships the goods back: the receiving warehouse."""
        self.ensure_one()
        return self.warehouse_id.partner_id or self.company_id.partner_id

    @guarded_action
    def _update_state_from_receipts(self):
        """Mark the RMAs received once their units came in, and re-evaluate
        the SLA of those that changed (the decision target starts at the
        receipt; a later delivery leaves it as it was)."""
        changed = self.browse()
        for rma in self:
            vals = {}
            if (
                rma.state == "confirmed"
                and rma.line_ids
                and all(
                    line.qty_received >= line.product_uom_qty for line in rma.line_ids
                )
            ):
                vals["state"] = "received"
            if not rma.date_received:
                # received when the unit reached the RMA location (the last
                # reception step)
                dates = rma.line_ids.filtered("date_received").mapped("date_received")
                if dates:
                    vals["date_received"] = min(dates)
            if vals:
                rma.write(vals)
                changed |= rma
        changed._update_sla_status()

    def _write_closing_step(self, vals, now):
        """Write ``vals`` (the state of a closing step), dating the decision
        of the RMAs not decided yet, in one write per group."""
        undecided = self.filtered(lambda r: not r.date_decided)
        if undecided:
            undecided.write(dict(vals, date_decided=now))
        if self - undecided:
            (self - undecided).write(vals)

    @guarded_action
    def _try_done(self):
        for rma in self.filtered(lambda r: r.state == "processing"):
            if all(line.is_settled for line in rma.line_ids):
                rma.action_done()

    # ------------------------------------------------------------------
    # Business helpers: return window approval (RMA-08)
    # ------------------------------------------------------------------
    @guarded_action
    def _set_approval(self, state, message):
        self._aftersales_ensure("_refusal_decide_approval")
        self.approval_state = state
        for rma in self:
            rma.message_post(body=message, subtype_xmlid="mail.mt_note")
        return True

    # ------------------------------------------------------------------
    # Business helpers: button guards (the reason an action is refused, or
    # False; the can_* fields and the actions both use them)
    # ------------------------------------------------------------------
    def _refusal_return_window(self):
        self.ensure_one()
        if not self.is_outside_return_window or self.approval_state == "approved":
            return False
        return _(
            "%(rmas)s: the return window of %(products)s is over. Request "
            "a manager's approval first.",
            rmas=self.name,
            products=", ".join(
                self.line_ids.filtered("is_outside_return_window").product_id.mapped(
                    "display_name"
                )
            ),
        )

    def _refusal_request_approval(self):
        self.ensure_one()
        if self.state in ("done", "cancelled"):
            return _("RMA %s is closed.", self.name)
        if not self.is_outside_return_window:
            return _("RMA %s is within its return window.", self.name)
        if self.approval_state in ("to_approve", "approved"):
            return _(
                "The late return of RMA %s is already waiting for approval "
                "or approved.",
                self.name,
            )
        return False

    def _refusal_decide_approval(self):
        self.ensure_one()
        if not self.env["aftersales.rma.line"]._is_rma_manager():
            return _("Only an RMA manager can approve or reject a late return.")
        if self.approval_state != "to_approve":
            return _("%s: no approval was requested.", self.name)
        return False

    def _refusal_confirm(self):
        self.ensure_one()
        if self.state != "draft":
            return _("RMA %s is not a draft.", self.name)
        return self._refusal_return_window()

    def _refusal_receive(self):
        self.ensure_one()
        if self.state != "confirmed":
            return _("RMA %s is not waiting for its goods.", self.name)
        return False

    def _refusal_process(self):
        self.ensure_one()
        # a refund or exchange decided after the receipt is bound by the window
        refusal = self._refusal_return_window()
        if refusal:
            return refusal
        advance_only = all(line.decision == "advance_replace" for line in self.line_ids)
        if self.state not in ("received", "processing") and not (
            self.state == "confirmed" and advance_only
        ):
            return _("RMA %s has not been received yet.", self.name)
        return False

    def _refusal_cancel(self):
        self.ensure_one()
        if any(line.qty_received for line in self.line_ids):
            return _("RMA %s cannot be cancelled: goods were received.", self.name)
        if self.state == "done":
            return _("RMA %s is done.", self.name)
        if self.state == "cancelled":
            return _("RMA %s is already cancelled.", self.name)
        return False

    def _refusal_preview_rma(self):
        self.ensure_one()
        if not self.id:
            return _("Save the RMA first.")
        return False

    # ------------------------------------------------------------------
    # Business helpers: smart buttons
    # ------------------------------------------------------------------
    def _action_view_records(self, xml_id, records):
        """Open ``records`` with the action ``xml_id``, in a form when single."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        if len(records) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=records.id)
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action

    @api.model
    def _action_for_domain(self, domain, context=None):
        """The RMA action restricted to ``domain`` (smart buttons of other
        documents)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_rma"
        )
        action["domain"] = domain
        action["context"] = context or {}
        return action

    # ------------------------------------------------------------------
    # Business helpers: return request from the portal (RMA-12)
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
        self.env["aftersales.rma.line"]._lock_returned_units(sale_line, lot)
        returnable = sale_line._aftersales_rma_returnable_qty()[sale_line.id]
        if quantity > returnable:
            raise UserError(
                _(
                    "You can return at most %(qty)s %(uom)s of %(product)s "
                    "from order %(order)s.",
                    qty=format_qty(self.env, returnable),
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
            if lot not in sale_line._aftersales_rma_returnable_lots()[sale_line.id]:
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
        move_lines = sale_line._aftersales_rma_delivered_move_lines()
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

    # ------------------------------------------------------------------
    # Business helpers: SLA (see aftersales.sla.mixin)
    # ------------------------------------------------------------------
    def _get_sla_calendar(self):
        self.ensure_one()
        return (
            # the team calendar of the ticket, whoever processes the return
            self.ticket_id.sudo()._get_sla_calendar()
            or self.company_id.resource_calendar_id
        )

    def _sla_targets(self):
        """Decision (SLA-02) and resolution (SLA-15) both count from the
        receipt (not from the decision: that would be 2 + 15), in working
        days of the company's targets."""
        self.ensure_one()
        hours_per_day = self._get_sla_calendar().hours_per_day or 8.0
        company = self.company_id
        return [
            {
                "key": "decision",
                "deadline_field": "decision_deadline",
                "outcome_field": "sla_decision_outcome",
                "start": self.date_received,
                "done": self.date_decided,
                "hours": company.aftersales_rma_decision_days * hours_per_day,
                "basis": "working",
            },
            {
                "key": "resolution",
                "deadline_field": "resolution_deadline",
                "outcome_field": "sla_resolution_outcome",
                "start": self.date_received,
                "done": self.date_done,
                "hours": company.aftersales_rma_resolution_days * hours_per_day,
                "basis": "working",
            },
        ]

    def _sla_target_labels(self):
        return {
            "decision": _("decision deadline"),
            "resolution": _("resolution deadline"),
        }

    def _sla_is_active(self):
        self.ensure_one()
        return self.state != "cancelled"

    def _sla_is_finished(self):
        self.ensure_one()
        return self.state == "done"

    def _sla_responsible(self):
        self.ensure_one()
        return self.user_id

    @api.model
    def _sla_cron_domain(self):
        return [
            ("state", "in", ("received", "processing", "confirmed")),
            "|",
            ("decision_deadline", "!=", False),
            ("resolution_deadline", "!=", False),
        ]
