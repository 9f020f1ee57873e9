# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Service",
    "summary": "After-sales tickets (售后申请) with warranty, SLA, diagnosis "
    "and follow-up calls, linked to sale orders, products and serials",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-suite/aftersales",
    "author": "After-Sales Suite contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["sale_stock", "portal", "resource"],
    "data": [
        "security/aftersales_service_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/aftersales_ticket_stage_data.xml",
        "data/aftersales_ticket_type_data.xml",
        "data/aftersales_sla_policy_data.xml",
        "data/ir_cron_data.xml",
        "views/aftersales_ticket_views.xml",
        "views/aftersales_team_views.xml",
        "views/aftersales_ticket_stage_views.xml",
        "views/aftersales_ticket_type_views.xml",
        "views/aftersales_ticket_tag_views.xml",
        "views/aftersales_defect_code_views.xml",
        "views/aftersales_sla_policy_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service/static/tests/tours/**/*",
        ],
    },
}
