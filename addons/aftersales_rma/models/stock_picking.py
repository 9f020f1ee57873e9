# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_rma_id = fields.Many2one("aftersales.rma", string="RMA", index=True)
    # RMAs returning goods of this delivery (their origin delivery)
    aftersales_rma_count = fields.Integer(
        string="RMA Count",
        compute="_compute_aftersales_rma_count",
        groups="aftersales_rma.group_rma_user",
    )
    aftersales_supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        string="Supplier Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _compute_aftersales_rma_count(self):
        counts = dict(
            self.env["aftersales.rma"]._read_group(
                [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
            )
        )
        for picking in self:
            picking.aftersales_rma_count = counts.get(picking, 0)

    # ------------------------------------------------------------------
    # stock flow overrides
    # ------------------------------------------------------------------
    def _action_done(self):
        """Once validated, move the RMAs and the supplier claims of the
        pickings forward."""
        res = super()._action_done()
        # The warehouse clerk who validates the transfer has no rights on
        # RMAs or claims: the documents follow the done moves whoever
        # validated them (no client input reaches these updates).
        pickings = self.sudo()
        pickings.aftersales_rma_id._update_state_from_receipts()
        pickings.aftersales_rma_id._try_done()
        claims = (
            pickings.aftersales_supplier_claim_id
            | pickings.purchase_id.aftersales_supplier_claim_id
        )
        claims._update_from_documents()
        return res

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("picking_id", "=", self.id)],
            {
                "default_picking_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_sale_order_id": self.sale_id.id,
            },
        )
