# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Smoke test of a database where OCA rma, rma_sale, helpdesk_mgmt and
helpdesk_mgmt_sla are installed beside our three addons (scripts/test.sh
builds it; the OCA wheels are pinned in scripts/pydeps.sh).

Tagged out of the standard run and skipped, with the reason, wherever the
OCA modules are not installed (pytest-odoo collects every test file).
It is about co-installation, so it runs as the superuser."""

import unittest
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RmaCommon

OCA_PEERS = ("rma", "rma_sale", "helpdesk_mgmt", "helpdesk_mgmt_sla")


@tagged("-standard", "aftersales_oca", "post_install", "-at_install")
class TestOcaCoexistence(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = set(
            cls.env["ir.module.module"]
            .search([("name", "in", OCA_PEERS), ("state", "=", "installed")])
            .mapped("name")
        )
        missing = [name for name in OCA_PEERS if name not in installed]
        if missing:
            raise unittest.SkipTest(
                f"OCA peers not installed in this database: {', '.join(missing)}"
                " (only the co-installation database of scripts/test.sh has them)"
            )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 20.0
        )

    def _validate(self, picking):
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _delivered_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 3.0})
                ],
            }
        )
        order.action_confirm()
        self._validate(order.picking_ids)
        return order.picking_ids

    def test_oca_rma_lifecycle(self):
        operation = self.env["rma.operation"].create(
            {
                "name": "Coexistence replace",
                "action_create_receipt": "automatic_on_confirm",
                "action_create_delivery": "manual_after_receipt",
                "action_create_refund": False,
            }
        )
        rma = self.env["rma"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product.id,
                "product_uom_qty": 2.0,
                "location_id": self.warehouse.rma_loc_id.id,
                "operation_id": operation.id,
            }
        )
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self._validate(rma.reception_move_id.picking_id)
        self.assertEqual(rma.state, "received")
        wizard = Form(
            self.env["rma.delivery.wizard"].with_context(
                active_ids=rma.ids, rma_delivery_type="replace"
            )
        )
        wizard.product_id = self.product
        wizard.product_uom_qty = 2.0
        wizard.save().action_deliver()
        self.assertEqual(rma.state, "waiting_replacement")
        self._validate(rma.delivery_move_ids.picking_id)
        self.assertEqual(rma.state, "replaced")
        # OCA's RMA went through OCA's own operation types, not ours
        self.assertEqual(
            rma.reception_move_id.picking_type_id, self.warehouse.rma_in_type_id
        )
        self.assertNotEqual(
            self.warehouse.rma_in_type_id, self.warehouse.aftersales_rma_in_type_id
        )
        self.assertFalse(rma.reception_move_id.picking_id.aftersales_rma_id)

    def test_our_rma_lifecycle(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self._validate(rma.in_picking_ids)
        self.assertEqual(rma.state, "received")
        rma.line_ids.decision = "replace"
        rma.action_process()
        self.assertEqual(rma.state, "processing")
        out = rma.out_picking_ids
        self.assertEqual(out.picking_type_id, self.warehouse.aftersales_rma_out_type_id)
        self._validate(out)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("aftersales_service.stage_resolved")
        )
        self.assertEqual(self.ticket.resolution_type, "replacement")
        # neither RMA model sees the other's documents
        self.assertFalse(out.move_ids.rma_id)
        self.assertFalse(self.env["rma"].search([("origin", "=", rma.name)]))

    def test_oca_ticket_with_sla(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Coexistence helpdesk", "use_sla": True}
        )
        done = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        self.env["helpdesk.sla"].create(
            {
                "name": "Coexistence SLA",
                "team_ids": [(6, 0, team.ids)],
                "stage_id": done.id,
                "hours": 4,
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Pump hums",
                "description": "<p>Pump hums</p>",
                "partner_id": self.customer.id,
                "team_id": team.id,
            }
        )
        self.assertTrue(ticket.number)
        self.assertEqual(ticket.ticket_sla_ids.state, "in_progress")
        self.assertTrue(ticket.sla_deadline)
        self.assertFalse(ticket.sla_expired)
        ticket.stage_id = done
        self.assertEqual(ticket.ticket_sla_ids.state, "accomplished")
        self.assertTrue(ticket.closed)

    def test_our_ticket_with_sla_and_warranty(self):
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Pump rattles",
                "partner_id": self.customer.id,
                "request_date": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        self.assertTrue(ticket.name)
        self.assertTrue(ticket.sla_policy_id)
        self.assertTrue(ticket.resolution_deadline)
        self.assertEqual(ticket.sla_status, "ongoing")
        self.assertTrue(ticket.warranty_state)
        ticket._aftersales_resolve("remote")
        self.assertEqual(
            ticket.stage_id, self.env.ref("aftersales_service.stage_resolved")
        )
        self.assertEqual(ticket.resolution_type, "remote")
        # the two ticket models stay apart
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Pump rattles")])
        )

    def _return_wizard(self, delivery, **options):
        form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=delivery.id, active_model="stock.picking"
            )
        )
        with form.product_return_moves.edit(0) as line:
            line.quantity = 1.0
        wizard = form.save()
        wizard.write(options)
        return wizard

    def test_standard_return_wizard(self):
        """Odoo's plain return, ours (aftersales_create_rma) and OCA's
        (create_rma) each work on the same wizard; both at once is refused."""
        delivery = self._delivered_order()
        counts = (
            self.env["aftersales.rma"].search_count([]),
            self.env["rma"].search_count([]),
        )
        operation = self.env["rma.operation"].search([], limit=1)
        both = self._return_wizard(
            delivery,
            aftersales_create_rma=True,
            create_rma=True,
            rma_operation_id=operation.id,
        )
        with self.assertRaisesRegex(UserError, "not both"):
            both.action_create_returns()
        self.assertFalse(delivery.return_ids)
        plain = self._return_wizard(delivery).action_create_returns()
        receipt = self.env["stock.picking"].browse(plain["res_id"])
        self.assertEqual(receipt.return_id, delivery)
        self.assertFalse(receipt.aftersales_rma_id)
        self.assertEqual(
            counts,
            (
                self.env["aftersales.rma"].search_count([]),
                self.env["rma"].search_count([]),
            ),
        )
        ours = self._return_wizard(delivery, aftersales_create_rma=True)
        receipt = self.env["stock.picking"].browse(
            ours.action_create_returns()["res_id"]
        )
        self.assertEqual(receipt.aftersales_rma_id.state, "confirmed")
        self.assertFalse(receipt.move_ids.rma_id)
        theirs = self._return_wizard(
            delivery, create_rma=True, rma_operation_id=operation.id
        )
        theirs.action_create_returns()
        oca_rma = self.env["rma"].search([("picking_id", "=", delivery.id)])
        self.assertEqual(oca_rma.state, "confirmed")
        self.assertFalse(oca_rma.reception_move_id.aftersales_rma_line_id)
