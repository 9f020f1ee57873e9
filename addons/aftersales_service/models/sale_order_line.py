from odoo import api, fields, models

# Fields whose change alters the price the customer pays.
PRICE_FIELDS = {
    "price_unit",
    "discount",
    "product_uom_qty",
    "product_id",
    "product_uom",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_contract_coverage = fields.Float(
        string="Contract Coverage (%)",
        compute="_compute_aftersales_contract_coverage",
        help="Share of the standard price the ticket's service contract takes "
        "over (100: included); not a discount needing approval.",
    )

    @api.depends(
        "product_id",
        "order_id.aftersales_ticket_id.contract_id",
        "order_id.aftersales_ticket_id.service_category",
    )
    def _compute_aftersales_contract_coverage(self):
        # computed from the contract, not stored: no client can declare a
        # price cut to be the contract's and so bypass the discount approval
        for line in self:
            ticket = line.order_id.aftersales_ticket_id.sudo()
            contract = ticket.contract_id
            if (
                not contract
                or ticket.service_category != "contract"
                or line.display_type
                or not line.product_id
            ):
                line.aftersales_contract_coverage = 0.0
                continue
            kind = contract._coverage_kind(line.product_id, line.company_id)
            line.aftersales_contract_coverage = contract._coverage_of(kind)[1]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id.filtered("aftersales_ticket_id")._aftersales_sync_approval()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if PRICE_FIELDS & set(vals):
            self.order_id.filtered("aftersales_ticket_id")._aftersales_sync_approval()
        return res

    def unlink(self):
        orders = self.order_id.filtered("aftersales_ticket_id")
        res = super().unlink()
        orders.exists()._aftersales_sync_approval()
        return res
