# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase
from odoo.tools.translate import PoFileReader

from .common import RmaCommon


class TestRmaDemo(TransactionCase):
    def setUp(self):
        super().setUp()
        if not self.env.ref("aftersales_rma.demo_rma_draft", raise_if_not_found=False):
            self.skipTest("demo data not loaded")

    def _rma(self, key):
        return self.env.ref(f"aftersales_rma.demo_rma_{key}")

    def test_demo_rmas_in_every_state(self):
        keys = (
            "draft",
            "confirmed",
            "received",
            "repair",
            "refund",
            "replace",
            "advance",
            "return",
            "scrap",
            "cancelled",
        )
        states = {self._rma(key).state for key in keys}
        self.assertEqual(
            states,
            {"draft", "confirmed", "received", "processing", "done", "cancelled"},
        )
        self.assertEqual(self._rma("draft").state, "draft")
        self.assertEqual(self._rma("confirmed").state, "confirmed")
        self.assertEqual(self._rma("received").state, "received")
        self.assertEqual(self._rma("repair").state, "processing")
        self.assertEqual(self._rma("advance").state, "processing")
        self.assertEqual(self._rma("cancelled").state, "cancelled")
        for key in ("refund", "replace", "return", "scrap"):
            self.assertEqual(self._rma(key).state, "done", key)

    def test_demo_rmas_cover_every_decision(self):
        decisions = set(self.env["aftersales.rma.line"].search([]).mapped("decision"))
        self.assertTrue(
            {"repair", "replace", "advance_replace", "refund", "return", "scrap"}
            <= decisions
        )

    def test_demo_documents_are_real(self):
        refund = self._rma("refund").refund_ids
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertTrue(refund.reversed_entry_id)
        repair = self._rma("repair").repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.lot_id, self._rma("repair").line_ids.lot_id)
        self.assertEqual(self._rma("scrap").line_ids.scrap_ids.state, "done")
        for key in ("replace", "return"):
            self.assertEqual(self._rma(key).out_picking_ids.state, "done", key)
        self.assertEqual(
            self._rma("return").out_picking_ids.move_line_ids.lot_id,
            self._rma("return").line_ids.lot_id,
        )
        advance = self._rma("advance")
        self.assertEqual(advance.out_picking_ids.state, "done")
        self.assertEqual(advance.in_picking_ids.state, "assigned")
        self.assertEqual(self._rma("cancelled").in_picking_ids.state, "cancel")

    def test_done_demo_rmas_resolve_their_ticket(self):
        resolved = self.env.ref("aftersales_service.stage_resolved")
        expected = {
            "refund": "refund",
            "replace": "replacement",
            "return": "no_fault_found",
            "scrap": "other",
        }
        for key, resolution in expected.items():
            ticket = self._rma(key).ticket_id
            self.assertEqual(ticket.stage_id, resolved, key)
            self.assertEqual(ticket.resolution_type, resolution, key)
            self.assertEqual(self._rma(key).sla_status, "met", key)

    def test_demo_late_rma(self):
        late = self._rma("received")
        self.assertEqual(late.sla_status, "breached")
        self.assertTrue(late.is_late)
        self.assertTrue(late.is_awaiting_decision)
        self.assertTrue(late.activity_ids)

    def test_demo_rmas_have_a_responsible_person(self):
        """Every demo return is followed by a person of the after-sales team,
        not by OdooBot (who installed the data)."""
        rmas = self.env["aftersales.rma"].search([])
        bots = self.env.ref("base.user_root") | self.env.ref("base.public_user")
        self.assertFalse(rmas.filtered(lambda r: not r.user_id or r.user_id in bots))
        claim_rmas = rmas.filtered(lambda r: r.line_ids.claim_line_ids)
        self.assertGreater(len(set(claim_rmas.mapped("request_note"))), 1)


class TestDemoLanguage(RmaCommon):
    """Demo data runs its actions through aftersales.demo._run, in the
    language of the database's administrator: a Chinese database's demo
    chatter reads Chinese although Odoo loads demo data without a language."""

    @staticmethod
    def _zh_cn(msgid):
        path = f"{get_module_path('aftersales_rma')}/i18n/zh_CN.po"
        with open(path, "rb") as po_file:
            return next(
                entry["value"]
                for entry in PoFileReader(po_file)
                if entry["src"] == msgid and entry["value"]
            )

    @staticmethod
    def _bodies(record):
        return "\n".join(str(body) for body in record.message_ids.mapped("body"))

    def test_demo_step_posts_in_the_administrator_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.ref("base.user_admin").lang = "zh_CN"
        # like demo data: an environment without language
        self.assertFalse(self.env.context.get("lang"))
        rma = self._create_rma()
        self.env["aftersales.demo"]._run("aftersales.rma", "action_confirm", rma.ids)
        self.assertEqual(rma.state, "confirmed")
        expected = self._zh_cn("Return authorised, receipt %s created.") % (
            rma.in_picking_ids.name
        )
        self.assertIn(expected, self._bodies(rma))

    def test_demo_step_in_english_for_an_english_administrator(self):
        rma = self._create_rma()
        self.env["aftersales.demo"]._run("aftersales.rma", "action_confirm", rma)
        self.assertIn(
            f"Return authorised, receipt {rma.in_picking_ids.name} created.",
            self._bodies(rma),
        )
