from odoo.tests import tagged

from .common import AftersalesCommon

INCOMING = """Return-Path: <zhang@customer.example>
To: {to}
From: Zhang San <zhang@customer.example>
Subject: Machine stops after ten minutes
Message-ID: <aftersales-test-1@customer.example>
Date: Mon, 12 Jan 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

The machine we bought last year stops after ten minutes.
"""


@tagged("post_install", "-at_install")
class TestMailGateway(AftersalesCommon):
    def test_alias_creates_ticket_from_sender(self):
        alias_domain = self.env["mail.alias.domain"].create(
            {"name": "aftersales.example"}
        )
        self.company.alias_domain_id = alias_domain
        self.team.write({"alias_name": "service", "alias_domain_id": alias_domain.id})
        self.assertEqual(self.team.alias_email, "service@aftersales.example")
        ticket_id = self.env["mail.thread"].message_process(
            False, INCOMING.format(to="service@aftersales.example")
        )
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.name, "Machine stops after ten minutes")
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id.email, "zhang@customer.example")
        self.assertIn("stops after ten minutes", ticket.description)

    def test_alias_of_another_companys_team_creates_ticket_in_that_company(self):
        """Mail to the alias of a team of company B gives a ticket of company
        B, numbered by B's sequence and under B's SLA policy, even though the
        gateway runs in company A."""
        company_b = self.env["res.company"].create({"name": "Service Co B"})
        alias_domain = self.env["mail.alias.domain"].create({"name": "b.example"})
        company_b.alias_domain_id = alias_domain
        team_b = self.env["aftersales.team"].create(
            {
                "name": "Team B",
                "company_id": company_b.id,
                "alias_name": "service-b",
                "alias_domain_id": alias_domain.id,
            }
        )
        self.env["ir.sequence"].create(
            {
                "name": "Tickets of B",
                "code": "aftersales.ticket",
                "prefix": "B-",
                "padding": 4,
                "company_id": company_b.id,
            }
        )
        policy_b = self.env["aftersales.sla.policy"].create(
            {
                "name": "B policy",
                "company_id": company_b.id,
                "response_hours": 8,
                "resolution_hours": 40,
                "sequence": 1,
            }
        )
        self.assertEqual(self.env.company, self.company)
        ticket_id = self.env["mail.thread"].message_process(
            False,
            INCOMING.format(to="service-b@b.example").replace(
                "aftersales-test-1@", "aftersales-test-b@"
            ),
        )
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, team_b)
        self.assertEqual(ticket.company_id, company_b)
        self.assertTrue(ticket.reference.startswith("B-"), ticket.reference)
        self.assertEqual(ticket.sla_policy_id, policy_b)
