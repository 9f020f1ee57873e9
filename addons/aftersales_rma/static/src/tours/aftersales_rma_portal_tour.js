/** @odoo-module */

import { registry } from "@web/core/registry";

// Relies on the records created by tests/test_rma_portal.py: a portal customer
// with a delivered order of serial-tracked "Tour Scanner" units.
registry.category("web_tour.tours").add("aftersales_rma_portal_request", {
    url: "/my/rma",
    steps: () => [
        {
            trigger: "a.o_rma_new_request",
            run: "click",
        },
        {
            trigger: "select[name=sale_line_id]",
            run: "selectByLabel Tour Scanner",
        },
        {
            trigger: "select[name=lot_id]",
            run: "selectByLabel TSN-002",
        },
        {
            trigger: "input[name=quantity]",
            run: "edit 1",
        },
        {
            trigger: "select[name=reason]",
            run: "select defective",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Tour: the scanner does not start.",
        },
        {
            trigger: "button.o_rma_submit_request",
            run: "click",
        },
        {
            trigger: ".o_rma_requested",
        },
        {
            trigger: ".o_rma_portal_lines td:contains('TSN-002')",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/rma']",
            run: "click",
        },
        {
            trigger: "tr:has(a.o_rma_portal_link) .o_rma_state:contains('Draft')",
        },
    ],
});
