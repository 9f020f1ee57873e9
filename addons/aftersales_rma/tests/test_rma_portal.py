# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import models
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import portal_user_of


@tagged("post_install", "-at_install")
class TestRmaPortal(HttpCase):
    """Returns on the customer portal, checked over HTTP and in a browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portal Returns Ltd", "is_company": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Returns Ltd", "is_company": True}
        )
        cls.portal_user = portal_user_of(
            cls.env,
            cls.customer,
            login="rma_portal_c",
            name="Returns Contact",
            password="rma_portal_c_pw",
        )
        cls.other_portal = portal_user_of(
            cls.env,
            cls.other_customer,
            login="rma_portal_o",
            name="Other Contact",
            password="rma_portal_o_pw",
        )
        cls.rma_manager = new_test_user(
            cls.env,
            login="rma_portal_manager",
            groups="base.group_user,aftersales_rma.group_rma_manager",
            name="Returns Manager",
        )
        cls.scanner = cls.env["product.product"].create(
            {"name": "Tour Scanner", "is_storable": True, "tracking": "serial"}
        )
        cls.cable = cls.env["product.product"].create(
            {"name": "Tour Cable", "is_storable": True}
        )
        cls.lots = cls.env["stock.lot"].create(
            [
                {"name": name, "product_id": cls.scanner.id}
                for name in ("TSN-001", "TSN-002", "TSN-003")
            ]
        )
        Quant = cls.env["stock.quant"]
        for lot in cls.lots[:2]:
            Quant._update_available_quantity(
                cls.scanner, cls.warehouse.lot_stock_id, 1.0, lot_id=lot
            )
        Quant._update_available_quantity(cls.cable, cls.warehouse.lot_stock_id, 10.0)
        cls.order = cls._deliver_order(cls.customer, {cls.scanner: 2, cls.cable: 3})
        cls.scanner_line, cls.cable_line = cls.order.order_line
        cls.other_order = cls._deliver_order(cls.other_customer, {cls.cable: 2})
        Rma = cls.env["aftersales.rma"].sudo()
        cls.rma = Rma._portal_create_request(
            cls.portal_user.partner_id, cls.cable_line, cls.lots.browse(), 1.0, "other"
        )
        cls.other_rma = Rma._portal_create_request(
            cls.other_portal.partner_id,
            cls.other_order.order_line,
            cls.lots.browse(),
            1.0,
            "damaged",
            "Other customer's secret note",
        )

    @classmethod
    def _deliver_order(cls, partner, quantities):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return order

    def _csrf(self):
        page = self.url_open("/my/rma/new")
        marker = 'name="csrf_token" value="'
        start = page.text.find(marker) + len(marker)
        return page.text[start : page.text.find('"', start)]

    def _request(self, **data):
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        payload = {"reason": "defective", "quantity": "1", "csrf_token": self._csrf()}
        payload.update({key: str(value) for key, value in data.items()})
        return self.url_open("/my/rma/new", data=payload)

    def _rmas(self):
        return self.env["aftersales.rma"].search(
            [("commercial_partner_id", "=", self.customer.id)]
        )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_portal_lists_own_company_returns_only(self):
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open("/my/rma?sortby=state")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.rma.name, response.text)
        self.assertNotIn(self.other_rma.name, response.text)
        home = self.url_open("/my/home")
        self.assertIn("Returns (RMA)", home.text)

    def test_other_customers_rma_is_refused(self):
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(f"/my/rma/{self.other_rma.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn(self.other_rma.name, response.text)
        self.assertNotIn("secret note", response.text)

    def test_other_customer_cannot_set_tracking(self):
        self.rma.action_confirm()
        self.authenticate("rma_portal_o", "rma_portal_o_pw")
        self.url_open(
            f"/my/rma/{self.rma.id}/tracking",
            data={"tracking_ref": "INTRUDER", "csrf_token": self._csrf()},
        )
        self.assertFalse(self.rma.tracking_ref)

    def test_record_rules_isolate_customers(self):
        Rma = self.env["aftersales.rma"].with_user(self.portal_user)
        self.assertEqual(Rma.search([]), self.rma)
        self.assertEqual(
            self.env["aftersales.rma.line"].with_user(self.portal_user).search([]),
            self.rma.line_ids,
        )
        with self.assertRaises(AccessError):
            self.other_rma.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.rma.with_user(self.portal_user).write({"tracking_ref": "X"})

    def test_multi_company_rule_still_applies_to_portal(self):
        company_b = self.env["res.company"].create({"name": "Returns Branch B"})
        ticket_b = self.env["aftersales.ticket"].create(
            {
                "name": "Branch B return",
                "partner_id": self.customer.id,
                "company_id": company_b.id,
            }
        )
        rma_b = (
            self.env["aftersales.rma"]
            .with_company(company_b)
            .create({"ticket_id": ticket_b.id, "partner_id": self.customer.id})
        )
        self.assertEqual(rma_b.commercial_partner_id, self.customer)
        Rma = self.env["aftersales.rma"].with_user(self.portal_user)
        self.assertNotIn(rma_b, Rma.search([]))
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(f"/my/rma/{rma_b.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    # ------------------------------------------------------------------
    # Request guards: the error is shown in the form, nothing is created
    # ------------------------------------------------------------------
    def test_request_zero_quantity_shows_error(self):
        response = self._request(sale_line_id=self.cable_line.id, quantity=0)
        self.assertEqual(response.status_code, 200)
        self.assertIn("The quantity to return must be positive.", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_more_than_returnable_shows_error(self):
        # 3 delivered, 1 already asked back by self.rma
        response = self._request(sale_line_id=self.cable_line.id, quantity=3)
        # a quantity as people write it, not Python's float ("2.0 Units")
        self.assertIn(
            f"You can return at most 2 {self.cable_line.product_uom.name}",
            response.text,
        )
        self.assertNotIn("2.0", response.text.split("o_rma_error")[1][:300])
        self.assertIn('class="alert alert-danger o_rma_error"', response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_not_a_number_shows_error(self):
        response = self._request(sale_line_id=self.cable_line.id, quantity="two")
        self.assertIn("Enter the quantity to return as a number.", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_other_customers_line_shows_error(self):
        response = self._request(sale_line_id=self.other_order.order_line.id)
        self.assertIn("Choose one of the order lines delivered to you.", response.text)
        self.assertEqual(self._rmas(), self.rma)
        other_line = self.other_order.order_line
        self.assertEqual(other_line._aftersales_rma_returned_qty()[other_line.id], 1.0)

    def test_request_serial_required_for_tracked_product(self):
        response = self._request(sale_line_id=self.scanner_line.id)
        self.assertIn("Choose the serial / lot number", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_serial_not_delivered_shows_error(self):
        response = self._request(
            sale_line_id=self.scanner_line.id, lot_id=self.lots[2].id
        )
        self.assertIn("TSN-003 was not delivered to you", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_serial_already_returned_shows_error(self):
        self._request(sale_line_id=self.scanner_line.id, lot_id=self.lots[0].id)
        response = self._request(
            sale_line_id=self.scanner_line.id, lot_id=self.lots[0].id
        )
        self.assertIn("its return is already requested", response.text)
        self.assertEqual(len(self._rmas()), 2)

    def test_request_serial_quantity_must_be_one(self):
        response = self._request(
            sale_line_id=self.scanner_line.id, lot_id=self.lots[0].id, quantity=2
        )
        self.assertIn("return a quantity of 1", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_request_unknown_reason_shows_error(self):
        response = self._request(sale_line_id=self.cable_line.id, reason="whim")
        self.assertIn("Choose the reason of the return.", response.text)
        self.assertEqual(self._rmas(), self.rma)

    # ------------------------------------------------------------------
    # Good requests
    # ------------------------------------------------------------------
    def test_request_creates_draft_rma_with_ticket(self):
        response = self._request(
            sale_line_id=self.cable_line.id,
            quantity=2,
            reason="wrong_item",
            description="Ordered the long cable.",
        )
        self.assertEqual(response.status_code, 200)
        rma = self._rmas() - self.rma
        self.assertEqual(len(rma), 1)
        self.assertIn(rma.name, response.text)
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.partner_id, self.portal_user.partner_id)
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.request_reason, "wrong_item")
        self.assertEqual(rma.request_note, "Ordered the long cable.")
        self.assertFalse(rma.picking_ids, "nothing moves before the review")
        line = rma.line_ids
        self.assertEqual(line.sale_line_id, self.cable_line)
        self.assertEqual(line.product_id, self.cable)
        self.assertEqual(line.product_uom_qty, 2.0)
        self.assertEqual(line.origin_move_id, self.cable_line.move_ids)
        self.assertEqual(line.origin_move_id.state, "done")
        ticket = rma.ticket_id
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertEqual(ticket.sale_line_id, self.cable_line)
        self.assertIn("Ordered the long cable.", ticket.description)
        self.assertEqual(
            self.cable_line._aftersales_rma_returnable_qty()[self.cable_line.id], 0
        )
        # the RMA team is told: a note to the managers and a review activity
        note = rma.message_ids.filtered(
            lambda m: self.rma_manager.partner_id in m.partner_ids
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal)
        self.assertEqual(rma.activity_ids.user_id, rma.user_id)
        self.assertTrue(rma.user_id.has_group("aftersales_rma.group_rma_user"))
        self.assertIn(self.portal_user.partner_id, rma.message_partner_ids)

    def test_request_serial_links_lot_and_its_delivery(self):
        self._request(sale_line_id=self.scanner_line.id, lot_id=self.lots[1].id)
        rma = self._rmas() - self.rma
        line = rma.line_ids
        self.assertEqual(line.lot_id, self.lots[1])
        self.assertEqual(rma.ticket_id.lot_id, self.lots[1])
        self.assertEqual(line.origin_move_id.sale_line_id, self.scanner_line)
        self.assertIn(self.lots[1], line.origin_move_id.move_line_ids.lot_id)
        # the authorised receipt expects this very serial back
        rma.action_confirm()
        self.assertEqual(rma.in_picking_ids.move_ids.move_line_ids.lot_id, self.lots[1])

    # ------------------------------------------------------------------
    # Detail page
    # ------------------------------------------------------------------
    def test_draft_page_has_no_shipping_instructions(self):
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(f"/my/rma/{self.rma.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tour Cable", response.text)
        self.assertIn("o_rma_review", response.text)
        self.assertNotIn("o_rma_shipping", response.text)
        self.assertIn('data-token="', response.text, "the portal chatter may post")

    def test_line_without_serial_keeps_every_cell(self):
        self.assertFalse(self.rma.line_ids.lot_id, "Tour Cable has no serial")
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(f"/my/rma/{self.rma.id}")
        table = etree.HTML(response.text).xpath(
            "//table[contains(@class, 'o_rma_portal_lines')]"
        )[0]
        headers = len(table.xpath("./thead/tr/th"))
        rows = table.xpath("./tbody/tr")
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(len(row.xpath("./td")), headers)
            # the quantity sits under "Quantity", not under "Serial / Lot"
            self.assertEqual(row.xpath("./td")[1].xpath("string()").strip(), "")

    def test_confirmed_page_shows_number_and_shipping_instructions(self):
        self.warehouse.partner_id.street = "12 Returns Road"
        self.rma.action_confirm()
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(f"/my/rma/{self.rma.id}")
        self.assertIn("o_rma_shipping", response.text)
        self.assertIn(f'<strong class="o_rma_number">{self.rma.name}', response.text)
        self.assertIn("12 Returns Road", response.text)

    def test_customer_records_courier_and_tracking(self):
        self.rma.action_confirm()
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(
            f"/my/rma/{self.rma.id}/tracking",
            data={
                "carrier_name": "SF Express",
                "tracking_ref": "SF1234567",
                "csrf_token": self._csrf(),
            },
        )
        self.assertIn("Tracking saved.", response.text)
        self.assertEqual(self.rma.carrier_name, "SF Express")
        self.assertEqual(self.rma.tracking_ref, "SF1234567")

    def test_customer_message_reaches_the_rma(self):
        self.rma._portal_ensure_token()
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "aftersales.rma",
                "thread_id": self.rma.id,
                "post_data": {
                    "body": "Parcel leaves tomorrow",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": self.rma.access_token,
            },
        )
        message = self.rma.message_ids.filtered(
            lambda m: "Parcel leaves tomorrow" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertFalse(message.subtype_id.internal)

    # ------------------------------------------------------------------
    # Browser
    # ------------------------------------------------------------------
    def test_tour_request_return_of_serial(self):
        self.start_tour(
            "/my/rma", "aftersales_rma_portal_request", login="rma_portal_c"
        )
        rma = self._rmas() - self.rma
        self.assertEqual(len(rma), 1)
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.line_ids.lot_id, self.lots[1])
        self.assertEqual(rma.line_ids.sale_line_id, self.scanner_line)
        self.assertEqual(rma.request_reason, "defective")
        self.assertEqual(rma.ticket_id.channel, "portal")

    # ------------------------------------------------------------------
    # Fuzz: whatever a browser or a script posts, an answer, never a 500
    # ------------------------------------------------------------------
    GARBAGE = (
        "abc",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "-1",
        "0",
        "1e309",
        "9" * 30,
        "0x10",
        "1.5",
        " ",
        "x" * 10000,
        "1; DROP TABLE aftersales_rma",
    )

    def _assert_clean_answer(self, response, what):
        self.assertLess(response.status_code, 500, f"{what}: {response.status_code}")
        self.assertNotIn("Traceback", response.text, what)
        self.assertNotIn("Internal Server Error", response.text, what)

    def _tickets(self):
        return self.env["aftersales.ticket"].search(
            [("commercial_partner_id", "=", self.customer.id)]
        )

    def test_fuzz_return_request_form(self):
        """Letters, nan, inf, negatives, huge numbers, other customers' and
        unknown ids in every field of the return form: the form comes back
        with a message and no RMA is written."""
        valid = {
            "sale_line_id": self.cable_line.id,
            "quantity": "1",
            "reason": "defective",
        }
        tickets = self._tickets()
        foreign = {
            "sale_line_id": [self.other_order.order_line.id, 10**9],
            "lot_id": [self.lots[2].id, 10**9],
        }
        for field in ("sale_line_id", "lot_id", "quantity", "reason"):
            for value in (*self.GARBAGE, *foreign.get(field, ())):
                data = dict(valid, **{field: value})
                if field == "lot_id":
                    # the lot matters on the serial-tracked line
                    data["sale_line_id"] = self.scanner_line.id
                if field == "quantity" and value == "1.5":
                    data["quantity"] = "1e12"
                response = self._request(**data)
                what = f"{field}={str(value)[:20]!r}"
                self._assert_clean_answer(response, what)
                self.assertIn("o_rma_error", response.text, what)
                self.assertEqual(self._rmas(), self.rma, what)
        self.assertEqual(len(self._rmas() - self.rma), 0)
        self.assertEqual(
            len(self._tickets() - tickets), len(self._rmas() - self.rma), "tickets"
        )

    def test_fuzz_return_request_missing_fields(self):
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        response = self.url_open(
            "/my/rma/new", data={"csrf_token": self._csrf()}, allow_redirects=False
        )
        self._assert_clean_answer(response, "empty form")
        self.assertIn("o_rma_error", response.text)
        self.assertEqual(self._rmas(), self.rma)

    def test_fuzz_new_ticket_form(self):
        """A serial ``abc`` (or any tampered id) in the new-ticket form gives
        the form back with a message, never an HTTP 500."""
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        page = self.url_open("/my/aftersales/new")
        marker = 'name="csrf_token" value="'
        start = page.text.find(marker) + len(marker)
        csrf = page.text[start : page.text.find('"', start)]
        tickets = self._tickets()
        for field in ("lot_id", "product_id"):
            for value in (*self.GARBAGE, self.lots[2].id, 10**9):
                if value == " ":
                    continue  # blank means "none chosen": a valid ticket
                response = self.url_open(
                    "/my/aftersales/new",
                    data={
                        "name": "Fuzzed",
                        "description": "x" * 10000,
                        field: str(value),
                        "csrf_token": csrf,
                    },
                )
                what = f"{field}={str(value)[:20]!r}"
                self._assert_clean_answer(response, what)
                self.assertEqual(self._tickets(), tickets, what)

    def test_fuzz_tracking_and_messages(self):
        """Posting to another customer's RMA or ticket, or garbage to one's
        own, answers cleanly and changes nothing of the other customer's."""
        self.authenticate("rma_portal_c", "rma_portal_c_pw")
        csrf = self._csrf()
        for rma, token in ((self.rma, None), (self.other_rma, "bogus")):
            url = f"/my/rma/{rma.id}/tracking"
            if token:
                url += f"?access_token={token}"
            response = self.url_open(
                url,
                data={
                    "carrier_name": "x" * 10000,
                    "tracking_ref": "nan",
                    "csrf_token": csrf,
                },
            )
            self._assert_clean_answer(response, url)
        self.assertFalse(self.other_rma.tracking_ref)
        messages = self.other_rma.ticket_id.message_ids
        response = self.url_open(
            f"/my/aftersales/tickets/{self.other_rma.ticket_id.id}/message",
            data={"message": "x" * 10000, "csrf_token": csrf},
        )
        self._assert_clean_answer(response, "message on another's ticket")
        self.assertEqual(self.other_rma.ticket_id.message_ids, messages)
        for url in (
            "/my/rma?sortby=garbage",
            "/my/rma/page/999999",
            f"/my/rma/{10**9}",
            "/my/aftersales/page/-1",
        ):
            self._assert_clean_answer(self.url_open(url), url)

    # ------------------------------------------------------------------
    # What a customer may read of their own documents
    # ------------------------------------------------------------------
    PORTAL_FIELDS = {
        "aftersales.ticket": {
            "reference", "name", "description", "active", "request_date",
            "company_id", "partner_id", "commercial_partner_id", "partner_phone",
            "partner_email", "user_id", "team_id", "stage_id", "is_closed",
            "is_cancel", "closed_date", "priority", "channel", "ticket_type_id",
            "ticket_type_code", "sale_order_id", "sale_line_id", "product_id",
            "lot_id", "delivery_date", "warranty_start_date", "warranty_end_date",
            "warranty_state", "resolution_type", "service_category",
            "response_deadline", "resolution_deadline", "first_response_date",
            "quotation_ids", "quotation_count", "currency_id", "quoted_amount",
            "invoiced_amount", "paid_amount", "has_confirmed_quotation",
            "warranty_exclusion_id", "consent_partner_id", "consent_date",
            "consent_method", "visit_ids", "visit_count", "rma_ids", "rma_count",
            # the customer's own unit (My Equipment on the portal)
            "equipment_id",
        },
        "aftersales.rma": {
            "name", "ticket_id", "partner_id", "commercial_partner_id",
            "sale_order_id", "picking_id", "company_id", "warehouse_id", "user_id",
            "state", "carrier_name", "tracking_ref", "request_reason",
            "request_note", "request_date", "line_ids", "decision", "picking_ids",
            "in_picking_ids", "out_picking_ids", "date_received", "date_done",
            "resolution_deadline",
            # derived from the deadlines above, which the portal shows
            "is_late", "is_awaiting_decision",
        },
        "aftersales.rma.line": {
            "rma_id", "company_id", "product_id", "product_tmpl_id", "lot_id",
            "product_uom_qty", "product_uom", "sale_line_id", "price_unit",
            "delivery_date", "state", "partner_id", "rma_state", "rma_date",
            "decision", "replacement_product_id", "charge_inspection_fee",
            "qty_received", "date_received", "qty_refunded", "qty_delivered",
            "is_settled", "equipment_id",
        },
        "aftersales.visit": {
            "name", "ticket_id", "company_id", "partner_id",
            "commercial_partner_id", "user_ids", "scheduled_start",
            "scheduled_end", "state", "line_ids", "work_performed", "part_ids",
            "company_currency_id", "satisfaction", "customer_comment", "signed_by",
            "signature", "signed_on", "equipment_id",
            # a maintenance visit of the customer's unit: its plan, due date
            # and the readings of the report (FLD-14/15)
            "maintenance_plan_id", "maintenance_due_date", "maintenance_overdue",
            "maintenance_ticket_id", "reading_ids", "reading_out_count",
        },
    }  # fmt: skip

    def test_portal_reads_no_internal_field(self):
        """Every field our addons add that a portal user can read (through
        the ORM or RPC) is one meant for the customer: diagnosis, CAPA,
        overrides, SLA internals, claims and survey scores are not."""
        for model, allowed in self.PORTAL_FIELDS.items():
            Model = self.env[model].with_user(self.portal_user)
            ours = {
                name
                for name, field in Model._fields.items()
                if (getattr(field, "_module", None) or "").startswith("aftersales")
            }
            readable = set(Model.fields_get()) & ours - set(models.MAGIC_COLUMNS)
            readable.discard("display_name")
            self.assertFalse(
                readable - allowed, f"{model}: internal fields readable by a customer"
            )
        # and the customer's own records read without an access error
        for record in (self.rma, self.rma.ticket_id, self.rma.line_ids):
            Model = record.with_user(self.portal_user)
            values = Model.read(list(Model.fields_get()))
            self.assertEqual(len(values), len(record))
        with self.assertRaises(AccessError):
            self.rma.ticket_id.with_user(self.portal_user).read(["root_cause"])
        with self.assertRaises(AccessError):
            self.rma.line_ids.with_user(self.portal_user).read(["claim_reason"])
