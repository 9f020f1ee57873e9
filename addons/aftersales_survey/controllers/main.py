from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class AftersalesSurvey(Survey):
    def _check_validity(
        self, survey_token, answer_token, ensure_token=True, check_partner=True
    ):
        """An after-sales agent may fill in the customer's answer during a
        follow-up call (channel phone): the answer's partner is the customer,
        not the agent, which the survey controller refuses otherwise."""
        validity = super()._check_validity(
            survey_token,
            answer_token,
            ensure_token=ensure_token,
            check_partner=check_partner,
        )
        if validity != "answer_wrong_user":
            return validity
        user = request.env.user
        if user._is_public() or not user.has_group(
            "aftersales_service.group_aftersales_user"
        ):
            return validity
        _survey_sudo, answer_sudo = self._fetch_from_access_token(
            survey_token, answer_token
        )
        if answer_sudo.aftersales_channel == "phone":
            return super()._check_validity(
                survey_token,
                answer_token,
                ensure_token=ensure_token,
                check_partner=False,
            )
        return validity

    @http.route(
        "/aftersales_survey/followup/<int:ticket_id>",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def aftersales_record_followup(self, ticket_id, **kwargs):
        """Link of the follow-up-call activity. Opening it (GET) changes
        nothing: it shows the ticket and a button; the button POSTs (with
        the CSRF token) and only then records the call's survey answer."""
        ticket = request.env["aftersales.ticket"].browse(ticket_id).exists()
        if not ticket:
            raise request.not_found()
        ticket.check_access("read")
        if request.httprequest.method != "POST":
            return request.render(
                "aftersales_survey.followup_call_page", {"ticket": ticket}
            )
        try:
            action = ticket.action_record_followup()
        except UserError as error:
            return request.render(
                "aftersales_survey.followup_call_page",
                {"ticket": ticket, "error": error.args[0]},
            )
        return request.redirect(action["url"])
