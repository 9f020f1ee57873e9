# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.tools import SQL

SUPPLIER_CLAIM = "aftersales.supplier.claim"


class AftersalesFinanceXlsx(models.AbstractModel):
    """RMA sheets and amounts of the after-sales finance workbook."""

    _inherit = "report.aftersales_service.finance_xlsx"

    def _aftersales_finance_sheets(self):
        return super()._aftersales_finance_sheets() + [
            {
                "key": "refunds",
                "title": _("Refunds register"),
                "sequence": 20,
                "writer": self._write_refunds,
            },
            {
                "key": "supplier_claims",
                "title": _("Supplier claims"),
                "sequence": 30,
                "writer": self._write_supplier_claims,
            },
        ]

    # ------------------------------------------------------------------
    # Amounts by returned product (company currency)
    # ------------------------------------------------------------------
    def _finance_rma_where(self, flt):
        """Condition on the RMA line ``l``, its RMA ``r`` and ticket ``t``."""
        return SQL(
            "r.company_id = ANY(%s) AND %s AND %s",
            flt["company_ids"],
            self._finance_ticket_where(flt, with_product=False),
            self._finance_product_where(flt, SQL("l")),
        )

    def _finance_rma_layers(self, flt, move_join, condition):
        """Cost of the valuation layers of the moves reached by ``move_join``,
        by the RMA line's product: out layers are negative, hence ``-value``."""
        return self._finance_by_product(
            SQL(
                """SELECT l.product_id, SUM(-svl.value)
                     FROM stock_valuation_layer svl
                     JOIN stock_move sm ON sm.id = svl.stock_move_id
                     %s
                     JOIN aftersales_rma r ON r.id = l.rma_id
                     JOIN aftersales_ticket t ON t.id = r.ticket_id
                    WHERE svl.create_date BETWEEN %s AND %s AND %s AND %s
                 GROUP BY l.product_id""",
                move_join,
                flt["datetime_from"],
                flt["datetime_to"],
                condition,
                self._finance_rma_where(flt),
            )
        )

    def _finance_repair_parts_by_product(self, flt):
        """Parts consumed by the repair orders of RMA lines, at cost."""
        return self._finance_rma_layers(
            flt,
            SQL("JOIN aftersales_rma_line l ON l.repair_id = sm.repair_id"),
            SQL("sm.repair_line_type = 'add'"),
        )

    def _finance_replacement_by_product(self, flt):
        """Replacement units shipped on replace decisions, at cost."""
        return self._finance_rma_layers(
            flt,
            SQL("JOIN aftersales_rma_line l ON l.id = sm.aftersales_rma_line_id"),
            SQL(
                "l.decision IN ('replace', 'advance_replace') "
                "AND sm.location_dest_id IN (SELECT id FROM stock_location "
                "WHERE usage = 'customer')"
            ),
        )

    def _finance_scrap_by_product(self, flt):
        """Value of the returned units scrapped."""
        return self._finance_rma_layers(
            flt,
            SQL(
                "JOIN stock_scrap sc ON sc.id = sm.scrap_id "
                "JOIN aftersales_rma_line l ON l.id = sc.aftersales_rma_line_id"
            ),
            SQL("TRUE"),
        )

    def _finance_refunds_by_product(self, flt):
        """Income reversed by the RMA credit notes (untaxed)."""
        return self._finance_by_product(
            SQL(
                """SELECT l.product_id, SUM(aml.balance)
                     FROM account_move_line aml
                     JOIN account_move m ON m.id = aml.move_id
                     JOIN aftersales_rma_line l ON l.id = aml.aftersales_rma_line_id
                     JOIN aftersales_rma r ON r.id = l.rma_id
                     JOIN aftersales_ticket t ON t.id = r.ticket_id
                    WHERE m.state = 'posted' AND m.move_type = 'out_refund'
                      AND aml.display_type = 'product'
                      AND aml.date BETWEEN %s AND %s AND %s
                 GROUP BY l.product_id""",
                flt["date_from"],
                flt["date_to"],
                self._finance_rma_where(flt),
            )
        )

    def _finance_vendor_credits_by_product(self, flt):
        """Posted vendor credit notes of supplier claims, by product."""
        claims = (
            self.env[SUPPLIER_CLAIM]
            .sudo()
            .search([("company_id", "in", flt["company_ids"])])
        )
        domain = [
            ("move_id", "in", claims.vendor_refund_ids.ids),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("date", ">=", flt["date_from"]),
            ("date", "<=", flt["date_to"]),
        ]
        if flt["product_ids"] is not False:
            domain.append(("product_id", "in", flt["product_ids"]))
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(domain, ["product_id"], ["balance:sum"])
        )
        return {product.id or None: -balance for product, balance in groups}

    def _finance_cost_of_quality_columns(self):
        columns = super()._finance_cost_of_quality_columns() + [
            {
                "key": "repair_parts",
                "title": _("Repair parts at cost"),
                "sequence": 30,
                "provider": self._finance_repair_parts_by_product,
                "sign": 1,
                "in_summary": True,
            },
            {
                "key": "replacement",
                "title": _("Replacement units at cost"),
                "sequence": 40,
                "provider": self._finance_replacement_by_product,
                "sign": 1,
                "in_summary": True,
            },
            {
                "key": "scrap",
                "title": _("Scrap value"),
                "sequence": 50,
                "provider": self._finance_scrap_by_product,
                "sign": 1,
                "in_summary": True,
            },
            {
                "key": "refunds",
                "title": _("Refunds"),
                "sequence": 60,
                "provider": self._finance_refunds_by_product,
                "sign": 1,
                "in_summary": True,
            },
        ]
        if SUPPLIER_CLAIM in self.env:
            columns.append(
                {
                    "key": "vendor_credits",
                    "title": _("Vendor credits"),
                    "sequence": 70,
                    "provider": self._finance_vendor_credits_by_product,
                    "sign": -1,
                    "in_summary": True,
                    "summary_label": _("Supplier recoveries"),
                }
            )
        return columns

    # ------------------------------------------------------------------
    # SLA rows of RMAs: decision (SLA-02) counts as the RMA's response,
    # resolution (SLA-15) as its resolution
    # ------------------------------------------------------------------
    def _finance_sla_rows(self, flt):
        rows = super()._finance_sla_rows(flt)
        self.env["aftersales.rma"].flush_model(
            ["sla_decision_outcome", "sla_resolution_outcome"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT t.team_id, date_trunc('month', r.create_date)::date,
                          COUNT(*),
                          COUNT(*) FILTER (WHERE r.sla_decision_outcome = 'met'),
                          COUNT(*) FILTER (
                              WHERE r.sla_decision_outcome = 'breached'),
                          COUNT(*) FILTER (WHERE r.sla_resolution_outcome = 'met'),
                          COUNT(*) FILTER (
                              WHERE r.sla_resolution_outcome = 'breached')
                     FROM aftersales_rma r
                     JOIN aftersales_ticket t ON t.id = r.ticket_id
                    WHERE r.create_date BETWEEN %(start)s AND %(end)s
                      AND r.state != 'cancelled' AND r.company_id = ANY(%(companies)s)
                      AND %(where)s
                 GROUP BY 1, 2 ORDER BY 2, 1""",
                start=flt["datetime_from"],
                end=flt["datetime_to"],
                companies=flt["company_ids"],
                where=self._finance_ticket_where(flt, with_product=False),
            )
        )
        return rows + self._finance_sla_tuples(self.env.cr.fetchall(), _("RMAs"))

    # ------------------------------------------------------------------
    # Refunds register
    # ------------------------------------------------------------------
    def _refund_register_columns(self):
        return [
            {"key": "number", "title": _("Credit Note"), "type": "text", "width": 18},
            {"key": "date", "title": _("Date"), "type": "date", "width": 12},
            {"key": "customer", "title": _("Customer"), "type": "text", "width": 24},
            {
                "key": "invoice",
                "title": _("Original Invoice"),
                "type": "text",
                "width": 18,
            },
            {"key": "order", "title": _("Sale Order"), "type": "text", "width": 12},
            {"key": "product", "title": _("Product"), "type": "text", "width": 26},
            {"key": "qty", "title": _("Quantity"), "type": "float", "total": "sum"},
            {"key": "untaxed", "title": _("Untaxed"), "type": "money", "total": "sum"},
            {"key": "tax", "title": _("Tax"), "type": "money", "total": "sum"},
            {"key": "total", "title": _("Total"), "type": "money", "total": "sum"},
            {"key": "rma", "title": _("RMA"), "type": "text", "width": 12},
            {"key": "ticket", "title": _("Ticket"), "type": "text", "width": 12},
            {"key": "state", "title": _("Status"), "type": "text", "width": 10},
            {
                "key": "payment",
                "title": _("Payment Status"),
                "type": "text",
                "width": 14,
            },
        ]

    def _refund_register_rows(self, flt, batch=20000):
        """Stream the credit-note lines in id order, ``batch`` at a time."""
        states = self._selection_labels("account.move", "state")
        payments = self._selection_labels("account.move", "payment_state")
        lang = self.env.lang or "en_US"
        digits = flt["currency"].decimal_places
        last_id = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """SELECT aml.id, m.name, m.date, partner.name, inv.name,
                              so.name,
                              COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'),
                              pp.default_code, aml.quantity, aml.balance,
                              aml.price_subtotal, aml.price_total, r.name,
                              t.reference, m.state, m.payment_state
                         FROM account_move_line aml
                         JOIN account_move m ON m.id = aml.move_id
                         JOIN aftersales_rma_line l ON l.id = aml.aftersales_rma_line_id
                         JOIN aftersales_rma r ON r.id = l.rma_id
                         JOIN aftersales_ticket t ON t.id = r.ticket_id
                         JOIN product_product pp ON pp.id = aml.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    LEFT JOIN res_partner partner ON partner.id = m.partner_id
                    LEFT JOIN account_move inv ON inv.id = m.reversed_entry_id
                    LEFT JOIN sale_order_line sol ON sol.id = l.sale_line_id
                    LEFT JOIN sale_order so
                           ON so.id = COALESCE(sol.order_id, r.sale_order_id)
                        WHERE m.state = 'posted' AND m.move_type = 'out_refund'
                          AND aml.display_type = 'product'
                          AND aml.date BETWEEN %(start)s AND %(end)s
                          AND aml.id > %(last)s AND %(where)s
                     ORDER BY aml.id LIMIT %(limit)s""",
                    lang=lang,
                    start=flt["date_from"],
                    end=flt["date_to"],
                    last=last_id,
                    where=self._finance_rma_where(flt),
                    limit=batch,
                )
            )
            results = self.env.cr.fetchall()
            if not results:
                return
            for (
                aml_id,
                number,
                move_date,
                customer,
                invoice,
                order,
                product,
                code,
                qty,
                balance,
                subtotal,
                total,
                rma,
                ticket,
                state,
                payment,
            ) in results:
                # tax in company currency, at the credit note's own rate
                tax = (total - subtotal) * balance / subtotal if subtotal else 0.0
                tax = round(tax, digits)
                yield (
                    number,
                    move_date,
                    customer,
                    invoice,
                    order,
                    f"[{code}] {product}" if code else product,
                    qty,
                    balance,
                    tax,
                    balance + tax,
                    rma,
                    ticket,
                    states.get(state, state),
                    payments.get(payment, payment),
                )
                last_id = aml_id

    def _write_refunds(self, sheet, flt, styles):
        self._xlsx_table(
            sheet,
            styles,
            self._refund_register_columns(),
            self._refund_register_rows(flt),
        )

    # ------------------------------------------------------------------
    # Supplier claims: claimed amount of the claim, credited amount from the
    # posted vendor credit notes in the ledger; recovered amount and rate
    # are the claim's (credit plus replaced or repaired units), the rule of
    # the claim form and the vendor scorecard
    # ------------------------------------------------------------------
    def _finance_claim_credits(self, claims):
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id", "in", claims.vendor_refund_ids.ids),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                ],
                ["move_id"],
                ["balance:sum"],
            )
        )
        by_move = {move: -balance for move, balance in groups}
        return {
            claim: sum(by_move.get(move, 0.0) for move in claim.vendor_refund_ids)
            for claim in claims
        }

    def _supplier_claim_rows(self, flt):
        Claim = self.env[SUPPLIER_CLAIM].sudo()
        domain = Claim._recovery_domain() + [
            ("company_id", "in", flt["company_ids"]),
            ("create_date", ">=", flt["datetime_from"]),
            ("create_date", "<=", flt["datetime_to"]),
        ]
        if flt["vendor_id"]:
            domain.append(("partner_id.commercial_partner_id", "=", flt["vendor_id"]))
        states = dict(Claim._fields["state"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        buckets = [
            (30, _("0-30 days")),
            (60, _("31-60 days")),
            (90, _("61-90 days")),
            (None, _("Over 90 days")),
        ]
        claims = Claim.search(domain, order="create_date, id")
        credits = self._finance_claim_credits(claims)
        for claim in claims:
            claimed, recovered, rate = claim._recovery_totals()
            credited = credits[claim]
            opened = claim.submit_date or claim.create_date.date()
            settled = claim.state in ("settled", "closed")
            age = ((claim.settle_date or today) if settled else today) - opened
            bucket = next(
                label for limit, label in buckets if limit is None or age.days <= limit
            )
            yield (
                claim.name,
                claim.partner_id.display_name,
                opened,
                states.get(claim.state, ""),
                claimed,
                credited,
                recovered,
                rate / 100.0 if claimed else None,
                age.days,
                "" if settled else bucket,
            )

    def _write_supplier_claims(self, sheet, flt, styles):
        columns = [
            {"key": "claim", "title": _("Claim"), "type": "text", "width": 18},
            {"key": "vendor", "title": _("Vendor"), "type": "text", "width": 24},
            {"key": "date", "title": _("Opened On"), "type": "date", "width": 12},
            {"key": "state", "title": _("Status"), "type": "text", "width": 12},
            {"key": "claimed", "title": _("Claimed"), "type": "money", "total": "sum"},
            {
                "key": "credited",
                "title": _("Credited"),
                "type": "money",
                "total": "sum",
            },
            {
                "key": "recovered",
                "title": _("Recovered"),
                "type": "money",
                "total": "sum",
            },
            {
                "key": "rate",
                "title": _("Recovery rate"),
                "type": "percent",
                "total": lambda cells, values, _result: self._xlsx_ratio(
                    "recovered", "claimed", cells, values
                ),
            },
            {"key": "age", "title": _("Age (days)"), "type": "int"},
            {"key": "bucket", "title": _("Aging"), "type": "text", "width": 14},
        ]
        self._xlsx_table(sheet, styles, columns, self._supplier_claim_rows(flt))
