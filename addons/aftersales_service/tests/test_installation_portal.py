# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import portal_user_of
from .installation_common import SIGNATURE, InstallationCommon


@tagged("post_install", "-at_install")
class TestInstallationPortal(InstallationCommon, HttpCase):
    """The customer reads and signs the final acceptance on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = portal_user_of(
            cls.env,
            cls.customer,
            login="as_ins_portal",
            name="Portal Buyer",
            password="as_ins_portal_pw",
        )
        cls.other_portal = portal_user_of(
            cls.env,
            cls.other_customer,
            login="as_ins_portal_o",
            name="Other Portal",
            password="as_ins_portal_o_pw",
        )
        picking, _lots = cls._deliver_units(["P3-501", "P3-502"])
        cls.installation = cls._installation_of(picking)
        cls.installation.with_user(cls.leader).user_ids = cls.technician
        cls._to_final_acceptance(cls.installation, cls.technician)

    def _sign(self, name="Portal Buyer", signature=SIGNATURE):
        response = self.url_open(
            f"/my/aftersales/installations/{self.installation.id}/sign",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"name": name, "signature": signature},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def test_customer_reads_acceptance_page(self):
        self.authenticate("as_ins_portal", "as_ins_portal_pw")
        response = self.url_open(f"/my/aftersales/installations/{self.installation.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.installation.name, response.text)
        self.assertIn("P3-501", response.text)
        self.assertIn("Sign the Final Acceptance", response.text)

    def test_customer_signs_final_acceptance_on_portal(self):
        self.authenticate("as_ins_portal", "as_ins_portal_pw")
        result = self._sign()
        self.assertNotIn("error", result)
        # the day of the signature for the customer who signed
        today = fields.Date.context_today(self.installation.with_user(self.portal_user))
        self.assertEqual(self.installation.state, "done")
        self.assertEqual(self.installation.signed_by, "Portal Buyer")
        self.assertEqual(
            self.installation.message_ids[0].author_id, self.portal_user.partner_id
        )
        units = self.installation.equipment_ids
        self.assertEqual(set(units.mapped("acceptance_date")), {today})
        self.assertEqual(set(units.mapped("warranty_start_date")), {today})
        self.assertEqual(set(units.mapped("state")), {"in_service"})

    def test_other_customer_cannot_read_or_sign(self):
        self.authenticate("as_ins_portal_o", "as_ins_portal_o_pw")
        response = self.url_open(
            f"/my/aftersales/installations/{self.installation.id}",
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        result = self._sign(name="Intruder")
        self.assertIn("error", result)
        self.assertEqual(self.installation.state, "final_acceptance")

    def test_portal_signature_garbage_is_a_clean_error(self):
        self.authenticate("as_ins_portal", "as_ins_portal_pw")
        result = self._sign(signature="%%%not-base64")
        self.assertIn("error", result)
        result = self._sign(name="")
        self.assertIn("error", result)
        self.assertEqual(self.installation.state, "final_acceptance")
