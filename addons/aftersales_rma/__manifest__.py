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
        "report/aftersales_rma_report.xml",
    ],
}
