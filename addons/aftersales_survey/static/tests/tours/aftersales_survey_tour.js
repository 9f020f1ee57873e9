/** @odoo-module **/

import { registry } from "@web/core/registry";

function scale(question, value) {
    return {
        content: `Answer ${value} to "${question}"`,
        trigger: `div.js_question-wrapper:contains("${question}") label.o_survey_choice_btn[for$="_${value}"]`,
        run: "click",
    };
}

function answerSteps() {
    return [
        {
            content: "Start the survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        scale("how quickly we responded", "4"),
        scale("professionalism and attitude of our technician", "5"),
        scale("quality of the solution", "5"),
        scale("Overall, how satisfied", "4"),
        scale("recommend us", "9"),
        {
            content: "Leave a comment",
            trigger: 'div.js_question-wrapper:contains("Any comments") textarea',
            run: "edit Quick repair",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Thank you page",
            trigger: ".o_survey_finished",
        },
    ];
}

// The customer answers from the invitation link.
registry.category("web_tour.tours").add("aftersales_survey_answer_tour", {
    steps: answerSteps,
});

// The agent opens the follow-up-call activity's link: the page changes
// nothing until the agent records the call (a POST), then the survey opens.
registry.category("web_tour.tours").add("aftersales_survey_followup_tour", {
    steps: () => [
        {
            content: "Record the call",
            trigger: "form button.o_aftersales_followup_record",
            run: "click",
        },
        ...answerSteps(),
    ],
});
