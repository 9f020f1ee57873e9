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
