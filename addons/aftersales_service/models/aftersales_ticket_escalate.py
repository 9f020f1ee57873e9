# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.exceptions import UserError


class AftersalesTicket(models.Model):
    """Escalation to another team or to the managers (CMP-07, CMP-09)."""

    _inherit = "aftersales.ticket"

    is_escalated = fields.Boolean(string="Escalated", tracking=True, copy=False)
    escalation_ids = fields.One2many("aftersales.escalation", "ticket_id")

    def _prepare_escalation_vals(self, reason, team):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "reason": reason,
            "from_team_id": self.team_id.id,
            "to_team_id": team.id if team else self.team_id.id,
        }

    def action_open_escalate_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Escalate Ticket"),
            "res_model": "aftersales.ticket.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_escalate(self, reason, team=None):
        """Flag the tickets for the managers, optionally move them to `team`,
        record the history and notify the managers and the new team leader."""
        if not reason:
            raise UserError(_("Give the reason of the escalation."))
        finished = self.filtered(lambda t: t.is_closed or t.is_cancel)
        if finished:
            raise UserError(
                _(
                    "Ticket %s is finished: reopen it before escalating it.",
                    ", ".join(finished.mapped("display_name")),
                )
            )
        managers = self.env.ref("aftersales_service.group_aftersales_manager").users
        self.env["aftersales.escalation"].create(
            [ticket._prepare_escalation_vals(reason, team) for ticket in self]
        )
        vals = {"is_escalated": True}
        if team:
            vals.update(team_id=team.id, user_id=False)
        self.write(vals)
        recipients = managers.partner_id | (
            team.user_id.partner_id if team else self.env["res.partner"]
        )
        for ticket in self:
            ticket.message_post(
                body=_(
                    "Escalated by %(user)s to %(team)s: %(reason)s",
                    user=self.env.user.name,
                    team=team.name if team else _("the managers"),
                    reason=reason,
                ),
                partner_ids=recipients.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True
