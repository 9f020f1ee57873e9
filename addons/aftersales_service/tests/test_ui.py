from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTicketUi(HttpCase):
    def test_register_ticket_in_web_client(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Customer Ltd",
                "is_company": True,
                "email": "tour@example.com",
            }
        )
        self.start_tour(
            "/odoo/action-aftersales_service.action_aftersales_ticket?view_type=list",
            "aftersales_ticket_tour",
            login="admin",
        )
        ticket = self.env["aftersales.ticket"].search(
            [("name", "=", "Tour: screen flickers")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(
            ticket.stage_id, self.env.ref("aftersales_service.stage_in_progress")
        )
        self.assertTrue(ticket.first_response_date, "leaving intake is a response")
        self.assertTrue(ticket.reference.startswith("AS"))
