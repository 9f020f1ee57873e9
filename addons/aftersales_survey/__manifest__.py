# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Satisfaction Surveys",
    "summary": "Satisfaction surveys and follow-up calls (回访) on closed tickets, "
    "key-customer revisits, CSAT/NPS analysis and low-score escalation",
    "version": "18.0.2.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-suite/aftersales",
    "author": "After-Sales Suite contributors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["aftersales_service", "survey"],
    "data": [
        "security/aftersales_survey_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/survey_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/aftersales_team_views.xml",
        "views/aftersales_ticket_views.xml",
        "views/aftersales_equipment_views.xml",
        "views/aftersales_revisit_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_followup_templates.xml",
        "report/aftersales_survey_report_views.xml",
        "report/aftersales_visit_report.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_survey_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_survey/static/tests/tours/**/*",
        ],
    },
}
