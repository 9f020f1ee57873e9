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

/** Back to the document the current one was opened from. */
function back() {
    return {
        content: "back to the document in the breadcrumb",
        trigger: ".o_breadcrumb .o_back_button",
        run: "click",
    };
}

// The RMA user authorises the return, receives the unit, decides and
// processes the decision.
registry.category("web_tour.tours").add("aftersales_next_step_rma", {
    steps: () => [
        stateIs("Draft"),
        nextStep("action_confirm"),
        stateIs("Confirmed"),
        nextStep("action_receive"),
        // the receipt of the returned unit: validate it
        nextStep("button_validate"),
        stateIs("Done"),
        back(),
        stateIs("Received"),
        {
            content: "the decision is the next thing to set: on the line",
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_data_cell[name=decision]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=decision] select",
            run: 'select "scrap"',
        },
        {
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        nextStep("action_process"),
        stateIs("Done"),
        {
            content: "done: no next step left",
            trigger: `${HEADER}:not(:has(button.btn-primary:visible))`,
        },
    ],
});

// The buyer submits the claim, books the vendor's credit note and closes
// the claim once settled.
registry.category("web_tour.tours").add("aftersales_next_step_supplier_claim", {
    steps: () => [
        stateIs("Draft"),
        nextStep("action_submit"),
        stateIs("Submitted"),
        nextStep("action_create_vendor_refund"),
        // the vendor credit note, prepared in draft: post it
        nextStep("action_post"),
        {
            trigger: `${HEADER} .o_statusbar_status button.o_arrow_button_current:contains('Posted')`,
        },
        back(),
        stateIs("Settled"),
        nextStep("action_close"),
        stateIs("Closed"),
        {
            content: "closed: no next step left",
            trigger: `${HEADER}:not(:has(button.btn-primary:visible))`,
        },
    ],
});
