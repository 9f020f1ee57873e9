from odoo import api, fields, models

# Fields whose change alters the price the customer pays.
PRICE_FIELDS = {
    "price_unit",
    "discount",
    "product_uom_qty",
    "product_id",
    "product_uom",
    "aftersales_contract_coverage",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_contract_coverage = fields.Float(
        string="Contract Coverage (%)",
        copy=False,
        help="Share of the standard price the ticket's service contract takes "
        "over (100: included); not a discount needing approval.",
    )

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
