# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.rpc_fuzz import RpcFuzzMixin


@tagged("post_install", "-at_install")
class TestRpcFuzz(RpcFuzzMixin, HttpCase):
    """Every public method aftersales_service adds, called over JSON-RPC with
    garbage arguments as a portal customer and as a technician: each
    refusal is a clean error, never a traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["aftersales.ticket"].search([], limit=1).partner_id
        cls.portal, cls.technician = cls._fuzz_users(
            customer.commercial_partner_id or cls.env.ref("base.res_partner_2")
        )

    def test_methods_found(self):
        methods = self._public_methods("aftersales_service")
        self.assertTrue(methods)
        # the buttons of our documents are among them, the ORM's API is not
        names = {name for names in methods.values() for name in names}
        self.assertTrue({n for n in names if n.startswith("action_")})
        self.assertFalse(names & {"create", "write", "unlink", "read_group"})
        self.assertTrue(
            all(
                m.startswith(
                    (
                        "aftersales.",
                        "res.",
                        "sale.",
                        "stock.",
                        "account.",
                        "purchase.",
                        "repair.",
                        "survey.",
                        "product.",
                    )
                )
                for m in methods
            )
        )

    def test_portal_customer(self):
        self.assertEqual(
            self._fuzz_methods("aftersales_service", self.portal.login), []
        )

    def test_technician(self):
        problems = self._fuzz_methods("aftersales_service", self.technician.login)
        self.assertFalse(problems, "\n".join(problems))
