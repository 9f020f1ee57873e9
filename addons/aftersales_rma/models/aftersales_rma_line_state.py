# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The RMA line model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

LINE_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Awaiting Receipt"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("done", "Settled"),
    ("cancelled", "Cancelled"),
]


class AftersalesRmaLine(models.Model):
    """Line state, the replacement's specification (RMA-15) and the
    inspection fee of a unit sent back unchanged."""

    _inherit = "aftersales.rma.line"

    state = fields.Selection(
        LINE_STATES, compute="_compute_state", store=True, index=True
    )
    charge_inspection_fee = fields.Boolean(
        help="Return decision: quote the company's inspection fee to the "
        "customer (no fault found, customer damage).",
    )

    @api.depends(
        "rma_id.state",
        "decision",
        "product_uom_qty",
        "qty_received",
        "qty_delivered",
        "qty_refunded",
        "repair_id",
        "scrap_ids.state",
        "move_ids.state",
    )
    def _compute_state(self):
        for line in self:
            rma_state = line.rma_id.state
            if rma_state in ("draft", "cancelled"):
                line.state = rma_state
            elif line.is_settled:
                line.state = "done"
            elif (
                line.repair_id
                or line.scrap_ids
                or line.qty_refunded
                or any(
                    m.picking_code != "incoming" and m.state != "cancel"
                    for m in line.move_ids
                )
            ):
                line.state = "processing"
            elif line.qty_received:
                line.state = "received"
            else:
                line.state = "confirmed"

    def _check_replacement_spec(self):
        """RMA-15: the exchange unit is the same model or a higher one — same
        product category, list price not lower."""
        for line in self.filtered(
            lambda rec: rec.decision in ("replace", "advance_replace")
            and rec.replacement_product_id
            and rec.replacement_product_id != rec.product_id
        ):
            new, old = line.replacement_product_id, line.product_id
            if new.categ_id != old.categ_id or new.lst_price < old.lst_price:
                raise UserError(
                    _(
                        "%(new)s cannot replace %(old)s: a replacement must be of "
                        "the same or a higher specification (same product "
                        "category, list price not lower).",
                        new=new.display_name,
                        old=old.display_name,
                    )
                )

    def _check_can_process(self):
        self._check_replacement_spec()
        fee_lines = self.filtered(
            lambda line: line.decision == "return" and line.charge_inspection_fee
        )
        if fee_lines and not fee_lines.company_id.aftersales_inspection_product_id:
            raise UserError(
                _(
                    "Set the inspection fee product in the After-Sales settings "
                    "before charging an inspection fee."
                )
            )
        return super()._check_can_process()

    def _process_decision(self):
        res = super()._process_decision()
        self.filtered(
            lambda line: line.decision == "return" and line.charge_inspection_fee
        )._quote_inspection_fee()
        return res

    def _quote_inspection_fee(self):
        """One quotation per RMA for the inspection of the units sent back,
        linked to the ticket like any paid-service quotation."""
        for rma, lines in self.grouped("rma_id").items():
            product = rma.company_id.aftersales_inspection_product_id
            order = self.env["sale.order"].create(
                {
                    "partner_id": rma.partner_id.id,
                    "company_id": rma.company_id.id,
                    "aftersales_ticket_id": rma.ticket_id.id,
                    "origin": rma.name,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1.0,
                                "name": _(
                                    "Inspection of %(product)s (%(rma)s)",
                                    product=line.product_id.display_name,
                                    rma=rma.name,
                                ),
                            }
                        )
                        for line in lines
                    ],
                }
            )
            rma.message_post(
                body=_("Inspection fee quoted on %s.", order._get_html_link())
            )
