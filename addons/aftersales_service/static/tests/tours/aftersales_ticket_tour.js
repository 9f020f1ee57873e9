/** @odoo-module */

import { registry } from "@web/core/registry";

// Registers a ticket for a customer from the list view, then moves it out of
// the intake stage as a service agent would.
registry.category("web_tour.tours").add("aftersales_ticket_tour", {
    url: "/odoo/action-aftersales_service.action_aftersales_ticket?view_type=list",
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour: screen flickers",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Customer Ltd')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=ticket_type_id] input",
            run: "edit Consult",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Consultation')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: ".o_statusbar_status button:contains('In Progress')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
        {
            trigger: ".o_field_widget[name=reference]:contains('AS')",
        },
        {
            // Wait until the stage change is saved before the tour ends.
            trigger: ".o_form_saved",
        },
    ],
});
