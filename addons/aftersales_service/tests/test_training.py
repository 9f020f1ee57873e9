# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .installation_common import SIGNATURE, InstallationCommon


@tagged("post_install", "-at_install")
class TestTraining(InstallationCommon):
    """Training of the customer's staff tied to an installation (TRN-01..03):
    the first session free, later ones quoted through a sale quotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        picking, _lots = cls._deliver_units(["P3-701"])
        cls.installation = cls._installation_of(picking)
        cls.installation.with_user(cls.leader).user_ids = cls.technician
        cls.trainee = cls.env["res.partner"].create(
            {"name": "Operator Zhang", "parent_id": cls.customer.id}
        )

    def _session(self, day, **vals):
        return (
            self.env["aftersales.training"]
            .with_user(self.technician)
            .create(
                dict(
                    {
                        "installation_id": self.installation.id,
                        "date_start": datetime(2026, 3, day, 9, 0),
                        "duration": 3.0,
                        "trainee_partner_ids": [Command.set(self.trainee.ids)],
                        "trainee_names": "Operator Li\nOperator Wu\n",
                        "content": "<p>Daily operation</p>",
                    },
                    **vals,
                )
            )
        )

    def test_first_session_free_second_quoted(self):
        first = self._session(2)
        second = self._session(9)
        self.assertTrue(first.is_free)
        self.assertFalse(second.is_free)
        self.assertEqual(first.trainee_count, 3)
        self.assertFalse(first.can_create_quotation)
        with self.assertRaisesRegex(UserError, "free of charge"):
            first.action_create_quotation()
        self.assertTrue(second.can_create_quotation)
        second.action_create_quotation()
        order = second.sale_order_id
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(
            order.order_line.product_id,
            self.env.ref("aftersales_service.product_aftersales_training"),
        )
        self.assertEqual(order.order_line.product_uom_qty, 3.0)
        self.assertEqual(order.amount_untaxed, 900.0)
        self.assertIn(self.installation.name, order.origin)
        self.assertFalse(second.can_create_quotation)
        with self.assertRaisesRegex(UserError, "already quoted"):
            second.action_create_quotation()

    def test_free_sessions_is_a_company_setting(self):
        self.company.aftersales_free_training_sessions = 2
        sessions = self._session(2) | self._session(9) | self._session(16)
        self.assertEqual(sessions.mapped("is_free"), [True, True, False])

    def test_earlier_session_planned_later_takes_the_free_place(self):
        later = self._session(20)
        self.assertTrue(later.is_free)
        earlier = self._session(5)
        self.assertTrue(earlier.is_free)
        self.assertFalse(later.is_free)

    def test_trainees_sign_attendance(self):
        session = self._session(2)
        self.assertTrue(session.can_sign)
        session.action_sign_on_site("Operator Zhang", SIGNATURE)
        self.assertEqual(session.state, "done")
        self.assertEqual(session.signed_by, "Operator Zhang")
        self.assertTrue(session.signed_on)
        self.assertFalse(session.can_sign)
        with self.assertRaises(UserError):
            session.action_sign_on_site("Operator Zhang", SIGNATURE)

    def test_rpc_write_of_state_or_signature_refused(self):
        session = self._session(2)
        for vals in ({"state": "done"}, {"signature": SIGNATURE}, {"signed_by": "X"}):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                session.write(vals)

    def test_hours_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self._session(2, duration=0)

    def test_quotation_without_training_product_refused(self):
        self._session(2)
        second = self._session(9)
        self.env.ref("aftersales_service.product_aftersales_training").unlink()
        self.company.aftersales_training_product_id = False
        with self.assertRaisesRegex(UserError, "No training product"):
            second.action_create_quotation()

    def test_unassigned_technician_cannot_change_session(self):
        session = self._session(2)
        other = new_test_user(
            self.env,
            login="as_trn_tech2",
            groups="aftersales_service.group_aftersales_user",
            name="Other Technician",
        )
        self.assertTrue(session.with_user(other).name)
        with self.assertRaises(AccessError):
            session.with_user(other).write({"duration": 5.0})
