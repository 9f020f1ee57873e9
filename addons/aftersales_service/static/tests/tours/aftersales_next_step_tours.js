/** @odoo-module */

import { registry } from "@web/core/registry";

// "What do I do next" tours: each document is walked from its first state
// to done through its header, and at every state the next step must be a
// visible primary button. The records come from tests/test_ui_next_step.py.

const HEADER = ".o_form_view .o_form_statusbar";

/** The next step is a visible primary button of the header: click it. */
function nextStep(action) {
    return {
        content: `next step: ${action} is a primary button`,
        trigger: `${HEADER} button.btn-primary[name='${action}']:visible`,
        run: "click",
    };
}

/** The statusbar shows `label` as the current state. */
function stateIs(label) {
    return {
        content: `the document is ${label}`,
        trigger: `${HEADER} .o_statusbar_status button.o_arrow_button_current:contains('${label}')`,
    };
}

// A service officer takes a new ticket and carries it to closed.
registry.category("web_tour.tours").add("aftersales_next_step_ticket", {
    steps: () => [
        stateIs("New"),
        nextStep("action_assign_to_me"),
        {
            content: "once assigned, taking the ticket is no longer offered",
            trigger: `${HEADER}:not(:has(button[name='action_assign_to_me']))`,
        },
        nextStep("action_start"),
        stateIs("In Progress"),
        nextStep("action_resolve"),
        stateIs("Resolved"),
        nextStep("action_close"),
        stateIs("Closed"),
        {
            trigger: ".o_form_saved",
        },
    ],
});

// A technician has the visit approved, does it and has the customer sign.
registry.category("web_tour.tours").add("aftersales_next_step_visit", {
    steps: () => [
        stateIs("Draft"),
        nextStep("action_approve"),
        stateIs("Approved"),
        {
            trigger: ".o_notebook .nav-link:contains('Work Performed')",
            run: "click",
        },
        {
            content: "write what was done on site",
            trigger: ".o_field_widget[name=work_performed] .odoo-editor-editable",
            run: "editor Replaced the controller board; tested OK.",
        },
        nextStep("action_done"),
        stateIs("Done"),
        nextStep("action_open_sign_on_site"),
        {
            trigger: ".modal .o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            // The signature is drawn from the signer's name; choosing a
            // style waits for the fonts and draws it.
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(3)",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary:contains('Adopt'):enabled",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary[name='action_sign']",
            run: "click",
        },
        {
            content: "signed: the header offers no more signing",
            trigger: `body:not(:has(.modal)) ${HEADER}:not(:has(button[name='action_open_sign_on_site']))`,
        },
        stateIs("Done"),
    ],
});
