from lxml import html as lxml_html

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon, portal_user_of

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestVisit(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_v_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_service.group_aftersales_general_manager",
            name="Visit Manager",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="as_v_outsider",
            groups="aftersales_service.group_aftersales_user",
            name="Outsider",
        )
        cls.portal_user = portal_user_of(
            cls.env, cls.customer, login="as_v_portal", name="Portal"
        )
        cls.ticket = cls._create_ticket()

    def _visit(self, **overrides):
        vals = {
            "ticket_id": self.ticket.id,
            "user_ids": [Command.link(self.technician.id)],
            "scheduled_start": fields.Datetime.to_datetime("2026-05-04 09:00:00"),
            "scheduled_end": fields.Datetime.to_datetime("2026-05-04 12:00:00"),
        }
        vals.update(overrides)
        return self.env["aftersales.visit"].with_user(self.technician).create(vals)

    def test_visit_without_travel_is_approved_directly(self):
        visit = self._visit()
        self.assertTrue(visit.name.startswith("ASV"))
        visit.action_approve()
        self.assertEqual(visit.state, "approved")
        self.assertEqual(visit.approved_by_id, self.technician)

    def test_visit_with_travel_needs_manager_approval(self):
        visit = self._visit(travel_required=True, travel_destination="Shenzhen")
        with self.assertRaisesRegex(UserError, "submit"):
            visit.action_approve()
        visit.action_submit()
        self.assertEqual(visit.state, "to_approve")
        with self.assertRaisesRegex(UserError, "manager"):
            visit.action_approve()
        self.assertEqual(visit.state, "to_approve")
        with self.assertRaisesRegex(UserError, "cannot be marked done"):
            visit.action_done()
        visit.with_user(self.manager).action_approve()
        self.assertEqual(visit.state, "approved")

    def test_travel_is_approved_by_the_general_manager_only(self):
        """FLD-05: travel and market support are the general manager's to
        approve, not any after-sales administrator's."""
        admin = new_test_user(
            self.env,
            login="as_v_admin_only",
            groups="aftersales_service.group_aftersales_manager",
        )
        visit = self._visit(travel_required=True, travel_destination="Wuhan")
        visit.action_submit()
        self.assertFalse(visit.with_user(admin).can_approve)
        with self.assertRaisesRegex(UserError, "general manager"):
            visit.with_user(admin).action_approve()
        self.assertEqual(visit.state, "to_approve")
        self.assertTrue(visit.with_user(self.manager).can_approve)
        visit.with_user(self.manager).action_approve()
        self.assertEqual(visit.state, "approved")

    def test_visit_cannot_be_done_without_work_performed(self):
        visit = self._visit()
        visit.action_approve()
        with self.assertRaisesRegex(UserError, "work performed"):
            visit.action_done()
        visit.work_performed = "<p>Replaced the fuse.</p>"
        visit.action_done()
        self.assertEqual(visit.state, "done")

    def test_done_visit_is_edited_by_managers_only(self):
        visit = self._visit(work_performed="<p>Checked wiring.</p>")
        visit.action_approve()
        visit.action_done()
        with self.assertRaisesRegex(UserError, "only an after-sales manager"):
            visit.customer_comment = "changed"
        visit.with_user(self.manager).customer_comment = "Corrected by manager"
        self.assertEqual(visit.customer_comment, "Corrected by manager")

    def test_service_report_renders_lines_and_signature(self):
        visit = self._visit(
            work_performed="<p>Replaced the power board.</p>",
            line_ids=[
                Command.create(
                    {
                        "product_id": self.product.id,
                        "lot_id": self.lot.id,
                        "observation": "No power",
                        "action_taken": "Board swapped",
                    }
                )
            ],
            part_ids=[Command.create({"product_id": self.other_product.id})],
        )
        visit.action_approve()
        visit.action_done()
        visit.with_user(self.portal_user).action_sign("Li Wei", SIGNATURE)
        self.assertEqual(visit.signed_by, "Li Wei")
        self.assertTrue(visit.signed_on)
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "aftersales_service.action_report_aftersales_visit", visit.ids
            )[0]
        )
        self.assertIn("Replaced the power board.", html)
        self.assertIn("SN-0001", html)
        self.assertIn("Board swapped", html)
        self.assertIn("Li Wei", html)
        self.assertIn("data:image/png;base64", html)

    def _render_service_report(self, visit):
        return lxml_html.fromstring(
            self.env["ir.actions.report"]._render_qweb_html(
                "aftersales_service.action_report_aftersales_visit", visit.ids
            )[0]
        )

    def test_service_report_keeps_signature_block_on_one_page(self):
        visit = self._visit(work_performed="<p>Checked.</p>")
        tree = self._render_service_report(visit)
        signature = tree.xpath("//div[@name='signature']")[0]
        block = signature.xpath("ancestor::div[@name='signature_block']")
        self.assertTrue(block)
        self.assertIn("page-break-inside: avoid", block[0].get("style"))
        # satisfaction and comment sit in the same unbreakable block
        self.assertIn("Customer Comment", block[0].text_content())

    def test_service_report_carries_company_header(self):
        visit = self._visit(work_performed="<p>Checked.</p>")
        tree = self._render_service_report(visit)
        headers = tree.xpath(
            "//div[contains(concat(' ', normalize-space(@class), ' '), ' header ')]"
        )
        self.assertTrue(headers, "the service report uses web.external_layout")
        self.assertIn(visit.company_id.name, headers[0].text_content())

    def test_unfinished_visit_cannot_be_signed(self):
        visit = self._visit()
        with self.assertRaisesRegex(UserError, "not done"):
            visit.with_user(self.portal_user).action_sign("Li Wei", SIGNATURE)
        self.assertFalse(visit.signature)

    def test_visit_end_before_start_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._visit(
                scheduled_end=fields.Datetime.to_datetime("2026-05-04 08:00:00")
            )

    def test_user_outside_team_does_not_see_visit(self):
        visit = self._visit()
        Visit = self.env["aftersales.visit"]
        self.assertFalse(Visit.with_user(self.outsider).search([("id", "=", visit.id)]))
        self.assertTrue(Visit.with_user(self.leader).search([("id", "=", visit.id)]))

    def test_portal_sees_own_company_visits_but_not_costs(self):
        visit = self._visit(
            expense_ids=[Command.create({"expense_type": "meal", "amount": 12.0})]
        )
        other_ticket = self._create_ticket(partner_id=self.other_customer.id)
        other_visit = self._visit(ticket_id=other_ticket.id)
        Visit = self.env["aftersales.visit"].with_user(self.portal_user)
        self.assertEqual(Visit.search([]), visit)
        self.assertFalse(Visit.search([("id", "=", other_visit.id)]))
        with self.assertRaises(AccessError):
            visit.with_user(self.portal_user).expense_ids.read(["amount"])
        with self.assertRaises(AccessError):
            visit.with_user(self.portal_user).write({"customer_comment": "x"})

    def test_visit_of_other_company_is_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Elsewhere",
                "partner_id": self.customer.id,
                "company_id": other_company.id,
            }
        )
        visit = self.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id,
                "scheduled_start": "2026-05-04 09:00:00",
                "scheduled_end": "2026-05-04 10:00:00",
            }
        )
        self.assertEqual(visit.company_id, other_company)
        self.assertFalse(
            self.env["aftersales.visit"]
            .with_user(self.manager)
            .search([("id", "=", visit.id)])
        )

    # ------------------------------------------------------------------
    # Approval and signature change only through the actions
    # ------------------------------------------------------------------
    def test_technician_cannot_approve_own_travel_by_writing(self):
        visit = self._visit(travel_required=True, travel_destination="Wuhan")
        visit.action_submit()
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.technician.id},
            {"state": "done"},
        ):
            with self.assertRaisesRegex(UserError, "buttons"):
                visit.with_user(self.technician).write(vals)
        self.assertEqual(visit.state, "to_approve")
        self.assertFalse(visit.approved_by_id)
        with self.assertRaisesRegex(UserError, "manager"):
            visit.with_user(self.technician).action_approve()
        visit.with_user(self.manager).action_approve()
        self.assertEqual(visit.approved_by_id, self.manager)

    def test_technician_cannot_sign_for_the_customer(self):
        visit = self._visit(work_performed="<p>Replaced the fan.</p>")
        visit.action_approve()
        visit.action_done()
        # a done visit is the manager's to change, and even they cannot sign
        with self.assertRaisesRegex(UserError, "buttons"):
            visit.with_user(self.manager).write(
                {"signature": SIGNATURE, "signed_by": "Li Wei"}
            )
        with self.assertRaisesRegex(UserError, "Only the customer"):
            visit.with_user(self.technician).action_sign("Li Wei", SIGNATURE)
        self.assertFalse(visit.signature)

    def test_customer_signs_on_the_technicians_device(self):
        visit = self._visit(work_performed="<p>Replaced the fan.</p>")
        visit.action_approve()
        visit.action_done()
        wizard = (
            self.env["aftersales.visit.sign.wizard"]
            .with_user(self.technician)
            .create(
                {"visit_id": visit.id, "signed_by": "Li Wei", "signature": SIGNATURE}
            )
        )
        wizard.action_sign()
        self.assertEqual(visit.signed_by, "Li Wei")
        note = visit.message_ids.filtered(lambda m: "signed by Li Wei" in m.body)
        self.assertEqual(note.author_id, visit.partner_id)
        self.assertIn(self.technician.name, note.body)
        with self.assertRaisesRegex(UserError, "already signed"):
            visit.with_user(self.portal_user).action_sign("Someone", SIGNATURE)

    def test_portal_signature_note_is_the_customers(self):
        visit = self._visit(work_performed="<p>Replaced the fan.</p>")
        visit.action_approve()
        visit.action_done()
        visit.with_user(self.portal_user).action_sign("Li Wei", SIGNATURE)
        note = visit.message_ids.filtered(lambda m: "signed by Li Wei" in m.body)
        self.assertEqual(note.author_id, self.portal_user.partner_id)
