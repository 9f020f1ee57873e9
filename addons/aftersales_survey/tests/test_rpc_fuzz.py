# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.rpc_fuzz import RpcFuzzMixin


@tagged("post_install", "-at_install")
class TestRpcFuzz(RpcFuzzMixin, HttpCase):
    """Every public method aftersales_survey adds, fuzzed over JSON-RPC."""

    _fuzz_addon = "aftersales_survey"
