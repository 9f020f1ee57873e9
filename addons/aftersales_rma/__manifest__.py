# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales RMA",
    "summary": "Returns (RMA, 退货/换货/返修) with receipt and decision "
    "through Odoo's stock documents",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-suite/aftersales",
    "author": "After-Sales Suite contributors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "aftersales_service",
        "sale_stock",
        "purchase_stock",
        "repair",
        "stock_account",
        "account",
    ],
    "data": [
        "security/aftersales_rma_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/aftersales_rma_views.xml",
        "views/aftersales_ticket_views.xml",
        "views/stock_picking_views.xml",
        "data/ir_cron_data.xml",
        "views/aftersales_rma_sla_views.xml",
        "views/aftersales_rma_analysis_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/product_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_rma_demo.xml",
    ],
}
