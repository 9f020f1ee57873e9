/** @odoo-module **/

import { registry } from "@web/core/registry";

// A technician opens a ticket whose customer answered the survey with a low
// score, looks at the answer and reopens the case as a complaint.
registry.category("web_tour.tours").add("aftersales_survey_backend_tour", {
    steps: () => [
        {
            content: "The ticket shows the low satisfaction",
            trigger: ".o_form_view .badge:contains('Low satisfaction')",
        },
        {
            content: "Open the satisfaction tab",
            trigger: ".o_notebook .nav-link:contains('Satisfaction')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=satisfaction_level]:contains('Dissatisfied')",
        },
        {
            content: "Open the survey answers",
            trigger: "button[name=action_view_survey_answers]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Phone')",
            run: "click",
        },
        {
            content: "The answer shows its CSAT",
            trigger: ".o_form_view .o_field_widget[name=aftersales_csat_score]:contains('25')",
        },
        {
            content: "Back to the ticket",
            trigger: ".o_form_view .o_field_widget[name=aftersales_ticket_id] a",
            run: "click",
        },
        {
            content: "Reopen as complaint",
            trigger: "button[name=action_reopen_as_complaint]",
            run: "click",
        },
        {
            content: "The complaint ticket is open",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Complaint:)",
        },
    ],
});
