/** @odoo-module */

import { registry } from "@web/core/registry";

// These tours rely on the records created by tests/test_portal.py.

// A customer reports a problem on one of its delivered serials.
registry.category("web_tour.tours").add("aftersales_portal_new_ticket", {
    url: "/my/aftersales",
    steps: () => [
        {
            trigger: "a.o_aftersales_new_ticket",
            run: "click",
        },
        {
            trigger: "select[name=lot_id]",
            run: "selectByLabel Portal Controller - PSN-001",
        },
        {
            trigger: "input[name=name]",
            run: "edit Portal tour: no power",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Since this morning the unit stays off.",
        },
        {
            trigger: "button.o_aftersales_submit_ticket",
            run: "click",
        },
        {
            trigger: ".o_aftersales_portal_ticket h3:contains('Portal tour: no power')",
        },
    ],
});

// A customer writes to the service team from its ticket.
registry.category("web_tour.tours").add("aftersales_portal_message", {
    url: "/my/aftersales",
    steps: () => [
        {
            trigger: "a.o_aftersales_ticket_link:contains('AS')",
            run: "click",
        },
        {
            trigger: ".o_aftersales_message_form textarea[name=message]",
            run: "edit Tour message: the unit is in building B.",
        },
        {
            trigger: "button.o_aftersales_send_message",
            run: "click",
        },
        {
            trigger: ".o_aftersales_message:contains('Tour message: the unit is in building B.')",
        },
    ],
});

// A customer signs the service report of a done visit.
registry.category("web_tour.tours").add("aftersales_portal_sign_visit", {
    url: "/my/aftersales",
    steps: () => [
        {
            trigger: "a.o_aftersales_ticket_link",
            run: "click",
        },
        {
            trigger: "a.o_aftersales_visit_link",
            run: "click",
        },
        {
            trigger: "a.o_aftersales_open_sign",
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Portal Signer",
        },
        {
            // Choosing a style waits for the fonts and draws the signature.
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(3)",
            run: "click",
        },
        {
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            trigger: ".o_aftersales_signed:contains('Portal Signer')",
        },
    ],
});

// A customer accepts and signs the service quotation in the standard sale portal.
registry.category("web_tour.tours").add("aftersales_portal_sign_quotation", {
    url: "/my/aftersales",
    steps: () => [
        {
            trigger: "a.o_aftersales_ticket_link",
            run: "click",
        },
        {
            trigger: "a.o_aftersales_quotation_link",
            run: "click",
        },
        {
            trigger: "a:contains('Sign')",
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Portal Signer",
        },
        {
            // Choosing a style waits for the fonts and draws the signature.
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(3)",
            run: "click",
        },
        {
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            trigger: "#quote_content:contains('Thank You')",
        },
    ],
});
