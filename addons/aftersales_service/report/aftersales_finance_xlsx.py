from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import _, models
from odoo.tools import SQL


class AftersalesFinanceXlsx(models.AbstractModel):
    """After-sales finance workbook. Amounts come from the ledger
    (account.move.line), the valuation layers and the work logs / visit
    expenses; each addon adds its sheets through ``_aftersales_finance_sheets``
    and its amounts through the sheet's ``_finance_*`` providers."""

    _name = "report.aftersales_service.finance_xlsx"
    _inherit = "report.aftersales_service.xlsx_table"
    _description = "After-Sales Finance XLSX Report"

    # ------------------------------------------------------------------
    # Extension hook
    # ------------------------------------------------------------------
    def _aftersales_finance_sheets(self):
        """The workbook's sheets, as dicts sorted by ``sequence`` when written:

        - ``key``: stable name other addons and tests refer to;
        - ``title``: the sheet's (translated) name;
        - ``sequence``: its place in the workbook;
        - ``writer``: called as ``writer(sheet, filters, styles)``.

        Addons add theirs with ``super() + [...]`` and a sequence (see
        aftersales_rma, aftersales_survey); nobody inserts by position."""
        return [
            {
                "key": "summary",
                "title": _("Summary"),
                "sequence": 10,
                "writer": self._write_finance_summary,
            },
            {
                "key": "cost_of_quality",
                "title": _("Cost of quality"),
                "sequence": 40,
                "writer": self._write_cost_of_quality,
            },
            {
                "key": "sla",
                "title": _("SLA compliance"),
                "sequence": 50,
                "writer": self._write_finance_sla,
            },
            {
                "key": "contracts",
                "title": _("Contracts"),
                "sequence": 60,
                "writer": self._write_finance_contracts,
            },
        ]

    def _aftersales_finance_sheets_sorted(self):
        return sorted(self._aftersales_finance_sheets(), key=lambda s: s["sequence"])

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        wizard._check_finance_access()
        # the sheets read the database in SQL: pending ORM writes first
        self.env.flush_all()
        flt = wizard._finance_filters()
        styles = self._xlsx_styles(workbook, flt["currency"])
        for sheet in self._aftersales_finance_sheets_sorted():
            sheet["writer"](workbook.add_worksheet(sheet["title"][:31]), flt, styles)

    # ------------------------------------------------------------------
    # SQL helpers
    # ------------------------------------------------------------------
    def _finance_ticket_where(self, flt, alias="t", with_product=True):
        """SQL condition on the ticket alias for the wizard's filters; the
        product filter applies to the ticket's product unless told not to
        (documents with their own product lines filter those instead)."""
        ticket = SQL.identifier(alias)
        clauses = [SQL("%s.company_id = ANY(%s)", ticket, flt["company_ids"])]
        if flt["team_id"]:
            clauses.append(SQL("%s.team_id = %s", ticket, flt["team_id"]))
        if flt["partner_id"]:
            clauses.append(
                SQL("%s.commercial_partner_id = %s", ticket, flt["partner_id"])
            )
        if with_product and flt["product_ids"] is not False:
            clauses.append(self._finance_product_where(flt, ticket, "product_id"))
        return SQL(" AND ").join(clauses)

    def _finance_product_where(self, flt, alias, field="product_id"):
        if flt["product_ids"] is False:
            return SQL("TRUE")
        if not flt["product_ids"]:
            return SQL("FALSE")
        return SQL("%s.%s = ANY(%s)", alias, SQL.identifier(field), flt["product_ids"])

    def _finance_by_product(self, query):
        self.env.cr.execute(query)
        return {
            product_id: amount or 0.0 for product_id, amount in self.env.cr.fetchall()
        }

    def _selection_labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    # ------------------------------------------------------------------
    # Amounts (company currency)
    # ------------------------------------------------------------------
    def _finance_labour_by_product(self, flt, warranty_only=False):
        """Work-log hours x the labour cost rate stored on each log."""
        return self._finance_by_product(
            SQL(
                """SELECT t.product_id, SUM(w.labour_cost)
                     FROM aftersales_work_log w
                     JOIN aftersales_ticket t ON t.id = w.ticket_id
                    WHERE w.date BETWEEN %s AND %s
                      AND w.company_id = ANY(%s) AND %s AND %s
                 GROUP BY t.product_id""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
                self._finance_ticket_where(flt),
                SQL("w.service_category = 'warranty'")
                if warranty_only
                else SQL("TRUE"),
            )
        )

    def _finance_visit_expenses_by_product(self, flt, warranty_only=False):
        return self._finance_by_product(
            SQL(
                """SELECT t.product_id, SUM(e.amount_company)
                     FROM aftersales_visit_expense e
                     JOIN aftersales_visit v ON v.id = e.visit_id
                     JOIN aftersales_ticket t ON t.id = v.ticket_id
                    WHERE e.date BETWEEN %s AND %s
                      AND e.company_id = ANY(%s) AND %s AND %s
                 GROUP BY t.product_id""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
                self._finance_ticket_where(flt),
                SQL("t.service_category = 'warranty'")
                if warranty_only
                else SQL("TRUE"),
            )
        )

    def _finance_warranty_parts(self, flt):
        """Cost of the goods shipped free on warranty quotations, from the
        valuation layers of their deliveries (net of returns)."""
        self.env.cr.execute(
            SQL(
                """SELECT COALESCE(SUM(-svl.value), 0)
                     FROM stock_valuation_layer svl
                     JOIN stock_move sm ON sm.id = svl.stock_move_id
                     JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                     JOIN sale_order so ON so.id = sol.order_id
                     JOIN aftersales_ticket t ON t.id = so.aftersales_ticket_id
                    WHERE so.aftersales_warranty_free
                      AND svl.create_date BETWEEN %s AND %s
                      AND svl.company_id = ANY(%s) AND %s""",
                flt["datetime_from"],
                flt["datetime_to"],
                flt["company_ids"],
                self._finance_ticket_where(flt),
            )
        )
        return self.env.cr.fetchone()[0]

    def _finance_paid_service_revenue(self, flt):
        """Income of the invoiced after-sales quotations, credit notes deducted."""
        self.env.cr.execute(
            SQL(
                """SELECT COALESCE(SUM(-aml.balance), 0)
                     FROM account_move_line aml
                     JOIN account_move m ON m.id = aml.move_id
                    WHERE m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND aml.display_type = 'product'
                      AND aml.date BETWEEN %s AND %s
                      AND aml.company_id = ANY(%s)
                      AND aml.id IN (
                          SELECT rel.invoice_line_id
                            FROM sale_order_line_invoice_rel rel
                            JOIN sale_order_line sol ON sol.id = rel.order_line_id
                            JOIN sale_order so ON so.id = sol.order_id
                            JOIN aftersales_ticket t ON t.id = so.aftersales_ticket_id
                           WHERE %s)""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
                self._finance_ticket_where(flt),
            )
        )
        return self.env.cr.fetchone()[0]

    def _finance_paid_service_tickets(self, flt):
        """How many tickets the paid service revenue comes from: the same
        invoice lines as ``_finance_paid_service_revenue``, so the count and
        the amount never disagree."""
        self.env.cr.execute(
            SQL(
                """SELECT COUNT(DISTINCT t.id)
                     FROM account_move_line aml
                     JOIN account_move m ON m.id = aml.move_id
                     JOIN sale_order_line_invoice_rel rel
                       ON rel.invoice_line_id = aml.id
                     JOIN sale_order_line sol ON sol.id = rel.order_line_id
                     JOIN sale_order so ON so.id = sol.order_id
                     JOIN aftersales_ticket t ON t.id = so.aftersales_ticket_id
                    WHERE m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND aml.display_type = 'product'
                      AND aml.date BETWEEN %s AND %s
                      AND aml.company_id = ANY(%s)
                      AND %s""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
                self._finance_ticket_where(flt),
            )
        )
        return self.env.cr.fetchone()[0]

    def _finance_sales_revenue(self, flt):
        """Net customer invoicing of the period (all sales, refunds deducted)."""
        partner = (
            SQL(
                "aml.partner_id IN (SELECT id FROM res_partner"
                " WHERE commercial_partner_id = %s)",
                flt["partner_id"],
            )
            if flt["partner_id"]
            else SQL("TRUE")
        )
        self.env.cr.execute(
            SQL(
                """SELECT COALESCE(SUM(-aml.balance), 0)
                     FROM account_move_line aml
                     JOIN account_move m ON m.id = aml.move_id
                    WHERE m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND aml.display_type = 'product'
                      AND aml.date BETWEEN %s AND %s
                      AND aml.company_id = ANY(%s) AND %s AND %s""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
                partner,
                self._finance_product_where(flt, SQL("aml")),
            )
        )
        return self.env.cr.fetchone()[0]

    def _finance_summary_amounts(self, flt):
        """The summary's money lines, as dicts sorted by ``sequence``:
        ``key``, ``label``, ``sequence``, ``amount`` and ``sign`` (1 adds to
        the net after-sales cost, -1 deducts from it: revenue, recoveries).
        The service's own lines come first; every cost-of-quality column
        flagged ``in_summary`` adds its total (under its ``summary_label``)."""
        warranty_cost = (
            sum(self._finance_labour_by_product(flt, warranty_only=True).values())
            + sum(
                self._finance_visit_expenses_by_product(
                    flt, warranty_only=True
                ).values()
            )
            + self._finance_warranty_parts(flt)
        )
        amounts = [
            {
                "key": "paid_service_revenue",
                "label": _("Paid service revenue"),
                "sequence": 10,
                "amount": self._finance_paid_service_revenue(flt),
                "sign": -1,
            },
            {
                "key": "warranty_cost",
                "label": _("Warranty cost"),
                "sequence": 20,
                "amount": warranty_cost,
                "sign": 1,
            },
        ]
        for column in self._finance_cost_of_quality_columns():
            if column.get("in_summary"):
                amounts.append(
                    {
                        "key": column["key"],
                        "label": column.get("summary_label") or column["title"],
                        "sequence": column["sequence"],
                        "amount": sum(column["provider"](flt).values()),
                        "sign": column["sign"],
                    }
                )
        return sorted(amounts, key=lambda a: a["sequence"])

    def _finance_ticket_counts(self, flt):
        self.env.cr.execute(
            SQL(
                """SELECT t.service_category, COUNT(*)
                     FROM aftersales_ticket t
                    WHERE t.request_date BETWEEN %s AND %s AND %s
                 GROUP BY t.service_category""",
                flt["datetime_from"],
                flt["datetime_to"],
                self._finance_ticket_where(flt),
            )
        )
        counts = dict(self.env.cr.fetchall())
        labels = self._selection_labels("aftersales.ticket", "service_category")
        rows = [(label, counts.get(key, 0)) for key, label in labels.items()]
        if counts.get(None):
            # no category while the warranty is unknown: neither paid nor free
            rows.append((_("Not determined (warranty unknown)"), counts[None]))
        return rows

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _write_finance_summary(self, sheet, flt, styles):
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 18)
        for col, title in enumerate((_("Section"), _("Item"), _("Value"))):
            sheet.write_string(0, col, title, styles["header"])
        row = 0
        section = _("Tickets by service category")
        counts = self._finance_ticket_counts(flt)
        for label, count in counts:
            row += 1
            sheet.write_string(row, 0, section)
            sheet.write_string(row, 1, label)
            sheet.write_number(row, 2, count, styles["int"])
        row += 1
        sheet.write_string(row, 0, section, styles["total_text"])
        sheet.write_string(row, 1, _("Total tickets"), styles["total_text"])
        sheet.write_formula(
            row,
            2,
            f"=SUM(C2:C{row})" if counts else "=0",
            styles["total_int"],
            sum(count for _label, count in counts),
        )
        row += 1
        sheet.write_string(row, 0, section)
        sheet.write_string(row, 1, _("Tickets with paid service revenue"))
        sheet.write_number(
            row, 2, self._finance_paid_service_tickets(flt), styles["int"]
        )
        section = _("Amounts")
        terms, net = [], 0.0
        for line in self._finance_summary_amounts(flt):
            label, amount, sign = line["label"], line["amount"], line["sign"]
            row += 1
            sheet.write_string(row, 0, section)
            sheet.write_string(row, 1, label)
            sheet.write_number(row, 2, amount, styles["money"])
            if sign:
                terms.append(("+" if sign > 0 else "-") + xl_rowcol_to_cell(row, 2))
                net += sign * amount
        row += 1
        net_cell = xl_rowcol_to_cell(row, 2)
        sheet.write_string(row, 0, section, styles["total_text"])
        sheet.write_string(row, 1, _("Net after-sales cost"), styles["total_text"])
        sheet.write_formula(
            row, 2, "=" + ("".join(terms) or "0"), styles["total_money"], net
        )
        row += 1
        revenue = self._finance_sales_revenue(flt)
        revenue_cell = xl_rowcol_to_cell(row, 2)
        sheet.write_string(row, 0, section)
        sheet.write_string(row, 1, _("Sales revenue of the period"))
        sheet.write_number(row, 2, revenue, styles["money"])
        row += 1
        sheet.write_string(row, 0, section, styles["total_text"])
        sheet.write_string(
            row, 1, _("Net cost as % of sales revenue"), styles["total_text"]
        )
        sheet.write_formula(
            row,
            2,
            f"=IF({revenue_cell}=0,0,{net_cell}/{revenue_cell})",
            styles["total_percent"],
            net / revenue if revenue else 0.0,
        )
        sheet.autofilter(0, 0, row, 2)
        sheet.freeze_panes(1, 0)
        self._xlsx_print_setup(sheet, row, 2)

    # Cost of quality ---------------------------------------------------
    def _finance_cost_of_quality_columns(self):
        """The cost-of-quality amount columns, as dicts: ``key``, ``title``,
        ``sequence``, ``provider`` (``provider(filters)`` returns the amounts
        by product id), ``sign`` (-1 deducts the column from the net) and
        ``in_summary`` (the column's total is also a summary line, under
        ``summary_label`` when given). Labour and visit expenses are already
        in the summary's warranty cost, hence not again."""
        return [
            {
                "key": "labour",
                "title": _("Labour"),
                "sequence": 10,
                "provider": self._finance_labour_by_product,
                "sign": 1,
                "in_summary": False,
            },
            {
                "key": "visit_expenses",
                "title": _("Visit expenses"),
                "sequence": 20,
                "provider": self._finance_visit_expenses_by_product,
                "sign": 1,
                "in_summary": False,
            },
        ]

    def _finance_product_info(self, product_ids):
        """{product id: (product, category, vendor)} names, sorted later."""
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .browse([pid for pid in product_ids if pid])
        )
        info = {
            p.id: (
                p.display_name,
                p.categ_id.complete_name or "",
                p.seller_ids[:1].partner_id.display_name or "",
            )
            for p in products
        }
        if None in product_ids:
            info[None] = (_("(no product)"), "", "")
        return info

    def _write_cost_of_quality(self, sheet, flt, styles):
        amounts = [
            (column["key"], column["title"], column["provider"](flt), column["sign"])
            for column in sorted(
                self._finance_cost_of_quality_columns(), key=lambda c: c["sequence"]
            )
        ]
        product_ids = set()
        for _key, _title, by_product, _sign in amounts:
            product_ids.update(pid for pid, value in by_product.items() if value)
        info = self._finance_product_info(product_ids)
        ordered = sorted(product_ids, key=lambda pid: (info[pid][1], info[pid][0]))
        first_amount_col = 3
        columns = [
            {"key": "product", "title": _("Product"), "type": "text", "width": 30},
            {
                "key": "category",
                "title": _("Product Category"),
                "type": "text",
                "width": 24,
            },
            {"key": "vendor", "title": _("Vendor"), "type": "text", "width": 24},
        ]
        for key, title, _by_product, sign in amounts:
            columns.append(
                {
                    "key": key,
                    "title": title if sign > 0 else _("minus %s", title),
                    "type": "money",
                    "total": "sum",
                    "width": 16,
                }
            )
        columns.append(
            {
                "key": "net",
                "title": _("Net cost"),
                "type": "money",
                "total": "sum",
                "width": 16,
            }
        )

        def rows():
            for index, pid in enumerate(ordered):
                row = index + 1
                values = [
                    by_product.get(pid, 0.0) for _k, _t, by_product, _s in amounts
                ]
                terms = "".join(
                    ("+" if sign > 0 else "-")
                    + xl_rowcol_to_cell(row, first_amount_col + i)
                    for i, (_k, _t, _b, sign) in enumerate(amounts)
                )
                net = sum(v * a[3] for v, a in zip(values, amounts, strict=True))
                yield (*info[pid], *values, ("=" + terms, net))

        table = self._xlsx_table(sheet, styles, columns, rows())
        if ordered:
            last_row = self._write_cost_of_quality_subtotals(
                sheet, styles, table, amounts, ordered, info, first_amount_col
            )
            # the subtotals below the table print too
            self._xlsx_print_setup(sheet, last_row, len(columns) - 1)

    def _write_cost_of_quality_subtotals(
        self, sheet, styles, table, amounts, ordered, info, first_col
    ):
        """Subtotals by category and by vendor: SUMIF over the product rows.
        Returns the last row written."""
        first, last = table["first"], table["last"]
        net = {pid: sum(a[2].get(pid, 0.0) * a[3] for a in amounts) for pid in ordered}
        series = [a[2] for a in amounts] + [net]
        row = table["total_row"] + 2
        for label_col, title in ((1, _("By product category")), (2, _("By vendor"))):
            sheet.write_string(row, 0, title, styles["title"])
            groups = {}
            for pid in ordered:
                groups.setdefault(info[pid][label_col], []).append(pid)
            labels = ":".join(
                xl_rowcol_to_cell(r, label_col, True, True) for r in (first, last)
            )
            for name in sorted(groups):
                row += 1
                sheet.write_string(row, 0, name or _("(none)"))
                # empty names match the empty label cells
                criteria = xl_rowcol_to_cell(row, 0, col_abs=True) if name else '""'
                for i, amounts_by_product in enumerate(series):
                    col = first_col + i
                    cells = ":".join(
                        xl_rowcol_to_cell(r, col, True, False) for r in (first, last)
                    )
                    sheet.write_formula(
                        row,
                        col,
                        f"=SUMIF({labels},{criteria},{cells})",
                        styles["money"],
                        sum(amounts_by_product.get(pid, 0.0) for pid in groups[name]),
                    )
            row += 2
        return row - 2

    # SLA compliance ----------------------------------------------------
    def _finance_sla_rows(self, flt):
        """Tuples (team, month, source, records, response met, breached,
        rate, resolution met, breached, rate) of the tickets, counted from
        the outcomes the SLA engine stored (aftersales.sla.mixin); addons add
        their documents' rows."""
        self.env["aftersales.ticket"].flush_model(
            ["sla_response_outcome", "sla_resolution_outcome"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT t.team_id, date_trunc('month', t.request_date)::date,
                          COUNT(*),
                          COUNT(*) FILTER (WHERE t.sla_response_outcome = 'met'),
                          COUNT(*) FILTER (
                              WHERE t.sla_response_outcome = 'breached'),
                          COUNT(*) FILTER (WHERE t.sla_resolution_outcome = 'met'),
                          COUNT(*) FILTER (
                              WHERE t.sla_resolution_outcome = 'breached')
                     FROM aftersales_ticket t
                    WHERE t.request_date BETWEEN %(start)s AND %(end)s
                      AND t.sla_policy_id IS NOT NULL
                      AND NOT COALESCE(t.is_cancel, FALSE) AND %(where)s
                 GROUP BY 1, 2 ORDER BY 2, 1""",
                start=flt["datetime_from"],
                end=flt["datetime_to"],
                where=self._finance_ticket_where(flt),
            )
        )
        return self._finance_sla_tuples(self.env.cr.fetchall(), _("Tickets"))

    def _finance_sla_tuples(self, results, source):
        teams = self.env["aftersales.team"].sudo().with_context(active_test=False)
        names = {
            t.id: t.display_name for t in teams.browse({r[0] for r in results if r[0]})
        }
        rows = []
        for team_id, month, count, r_met, r_breached, s_met, s_breached in results:
            rows.append(
                (
                    names.get(team_id, _("(no team)")),
                    month,
                    source,
                    count,
                    r_met,
                    r_breached,
                    r_met / (r_met + r_breached) if r_met + r_breached else None,
                    s_met,
                    s_breached,
                    s_met / (s_met + s_breached) if s_met + s_breached else None,
                )
            )
        return rows

    def _write_finance_sla(self, sheet, flt, styles):
        def rate(met, breached):
            def total(cells, values, _result):
                den = values[met] + values[breached]
                return (
                    f"=IF(({cells[met]}+{cells[breached]})=0,0,"
                    f"{cells[met]}/({cells[met]}+{cells[breached]}))",
                    values[met] / den if den else 0.0,
                )

            return total

        columns = [
            {"key": "team", "title": _("Team"), "type": "text", "width": 24},
            {"key": "month", "title": _("Month"), "type": "month", "width": 10},
            {"key": "source", "title": _("Source"), "type": "text", "width": 10},
            {"key": "count", "title": _("Records"), "type": "int", "total": "sum"},
            {"key": "r_met", "title": _("Response met"), "type": "int", "total": "sum"},
            {
                "key": "r_breached",
                "title": _("Response breached"),
                "type": "int",
                "total": "sum",
            },
            {
                "key": "r_rate",
                "title": _("Response rate"),
                "type": "percent",
                "total": rate("r_met", "r_breached"),
            },
            {
                "key": "s_met",
                "title": _("Resolution met"),
                "type": "int",
                "total": "sum",
            },
            {
                "key": "s_breached",
                "title": _("Resolution breached"),
                "type": "int",
                "total": "sum",
            },
            {
                "key": "s_rate",
                "title": _("Resolution rate"),
                "type": "percent",
                "total": rate("s_met", "s_breached"),
            },
        ]
        self._xlsx_table(sheet, styles, columns, self._finance_sla_rows(flt))

    # Service contracts -------------------------------------------------
    def _finance_contract_amounts(self, flt):
        """{column key: {contract id: amount}} of the period: the revenue
        invoiced by the contracts' sale orders (credit notes deducted) and
        the cost of service on the tickets they covered (technicians'
        labour, visit expenses, parts delivered on the tickets' quotations).
        The customer filter applies to the contract; team and product
        filters do not (a contract's revenue has neither)."""
        queries = {
            "revenue": SQL(
                """SELECT x.contract_id, SUM(-aml.balance)
                     FROM account_move_line aml
                     JOIN account_move m ON m.id = aml.move_id
                     JOIN (SELECT DISTINCT rel.invoice_line_id,
                                  so.aftersales_contract_id AS contract_id
                             FROM sale_order_line_invoice_rel rel
                             JOIN sale_order_line sol ON sol.id = rel.order_line_id
                             JOIN sale_order so ON so.id = sol.order_id
                            WHERE so.aftersales_contract_id IS NOT NULL
                          ) x ON x.invoice_line_id = aml.id
                    WHERE m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND aml.display_type = 'product'
                      AND aml.date BETWEEN %s AND %s
                      AND aml.company_id = ANY(%s)
                 GROUP BY 1""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
            ),
            "labour": SQL(
                """SELECT t.contract_id, SUM(w.labour_cost)
                     FROM aftersales_work_log w
                     JOIN aftersales_ticket t ON t.id = w.ticket_id
                    WHERE t.contract_id IS NOT NULL
                      AND w.date BETWEEN %s AND %s
                      AND w.company_id = ANY(%s)
                 GROUP BY 1""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
            ),
            "expenses": SQL(
                """SELECT t.contract_id, SUM(e.amount_company)
                     FROM aftersales_visit_expense e
                     JOIN aftersales_visit v ON v.id = e.visit_id
                     JOIN aftersales_ticket t ON t.id = v.ticket_id
                    WHERE t.contract_id IS NOT NULL
                      AND e.date BETWEEN %s AND %s
                      AND e.company_id = ANY(%s)
                 GROUP BY 1""",
                flt["date_from"],
                flt["date_to"],
                flt["company_ids"],
            ),
            "parts": SQL(
                """SELECT t.contract_id, SUM(-svl.value)
                     FROM stock_valuation_layer svl
                     JOIN stock_move sm ON sm.id = svl.stock_move_id
                     JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                     JOIN sale_order so ON so.id = sol.order_id
                     JOIN aftersales_ticket t ON t.id = so.aftersales_ticket_id
                    WHERE t.contract_id IS NOT NULL
                      AND svl.create_date BETWEEN %s AND %s
                      AND svl.company_id = ANY(%s)
                 GROUP BY 1""",
                flt["datetime_from"],
                flt["datetime_to"],
                flt["company_ids"],
            ),
        }
        return {key: self._finance_by_product(query) for key, query in queries.items()}

    def _finance_contract_rows(self, flt):
        """Rows of the contracts sheet: contracts with amounts in the period,
        and the active or expired ones running in it."""
        amounts = self._finance_contract_amounts(flt)
        ids = set()
        for by_contract in amounts.values():
            ids.update(cid for cid, value in by_contract.items() if cid and value)
        domain = [
            "|",
            ("id", "in", list(ids)),
            "&",
            "&",
            ("state", "in", ("active", "expired")),
            ("date_start", "<=", flt["date_to"]),
            ("date_end", ">=", flt["date_from"]),
            ("company_id", "in", flt["company_ids"]),
        ]
        if flt["partner_id"]:
            domain.append(("partner_id", "=", flt["partner_id"]))
        contracts = (
            self.env["aftersales.contract"]
            .sudo()
            .with_context(active_test=False)
            .search(domain, order="partner_id, date_start, id")
        )
        types = self._selection_labels("aftersales.contract", "contract_type")
        states = self._selection_labels("aftersales.contract", "state")
        keys = ("revenue", "labour", "expenses", "parts")
        first_amount_col = 6
        rows = []
        for index, contract in enumerate(contracts):
            row = index + 1
            values = [amounts[key].get(contract.id, 0.0) for key in keys]
            cells = [xl_rowcol_to_cell(row, first_amount_col + i) for i in range(4)]
            margin = (
                f"={cells[0]}-{cells[1]}-{cells[2]}-{cells[3]}",
                values[0] - values[1] - values[2] - values[3],
            )
            rows.append(
                (
                    contract.display_name,
                    contract.partner_id.display_name,
                    types[contract.contract_type],
                    states[contract.state],
                    contract.date_start,
                    contract.date_end,
                    *values,
                    margin,
                )
            )
        return rows

    def _write_finance_contracts(self, sheet, flt, styles):
        columns = [
            {"key": "contract", "title": _("Contract"), "type": "text", "width": 24},
            {"key": "customer", "title": _("Customer"), "type": "text", "width": 24},
            {"key": "type", "title": _("Type"), "type": "text", "width": 14},
            {"key": "state", "title": _("Status"), "type": "text", "width": 10},
            {"key": "start", "title": _("Start"), "type": "date"},
            {"key": "end", "title": _("End"), "type": "date"},
            {
                "key": "revenue",
                "title": _("Contract revenue"),
                "type": "money",
                "total": "sum",
            },
            {"key": "labour", "title": _("Labour"), "type": "money", "total": "sum"},
            {
                "key": "expenses",
                "title": _("Visit expenses"),
                "type": "money",
                "total": "sum",
            },
            {
                "key": "parts",
                "title": _("Parts (cost)"),
                "type": "money",
                "total": "sum",
            },
            {
                "key": "margin",
                "title": _("Revenue less cost of service"),
                "type": "money",
                "total": "sum",
            },
        ]
        self._xlsx_table(sheet, styles, columns, self._finance_contract_rows(flt))
