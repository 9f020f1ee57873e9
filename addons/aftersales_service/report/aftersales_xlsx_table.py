from datetime import date, datetime

from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import _, models


class AftersalesXlsxTable(models.AbstractModel):
    """Writes one table per call: header row frozen, autofilter, typed cells
    (numbers with currency formats, dates as dates) and a total row with
    formulas. Rows are written as they come (constant-memory workbooks)."""

    _name = "report.aftersales_service.xlsx_table"
    _inherit = "report.report_xlsx.abstract"
    _description = "After-Sales XLSX Table Writer"

    def get_workbook_options(self):
        # Rows are streamed to temporary files instead of kept in memory.
        return {"constant_memory": True}

    def _xlsx_styles(self, workbook, currency):
        money = self._report_xlsx_currency_format(currency)
        formats = {
            "text": {},
            "date": {"num_format": "yyyy-mm-dd"},
            "month": {"num_format": "yyyy-mm"},
            "money": {"num_format": money},
            "int": {"num_format": "0"},
            "float": {"num_format": "#,##0.00"},
            "percent": {"num_format": "0.0%"},
        }
        styles = {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "title": workbook.add_format({"bold": True, "font_size": 12}),
        }
        for kind, fmt in formats.items():
            styles[kind] = workbook.add_format(fmt)
            styles[f"total_{kind}"] = workbook.add_format(dict(fmt, bold=True, top=1))
        return styles

    def _xlsx_cell(self, sheet, row, col, value, kind, styles, prefix=""):
        style = styles[prefix + kind]
        if isinstance(value, tuple):  # (formula, computed value)
            sheet.write_formula(row, col, value[0], style, value[1])
        elif value is None or value is False:
            sheet.write_blank(row, col, None, style)
        elif kind in ("date", "month"):
            if not isinstance(value, datetime):
                value = datetime.combine(value, datetime.min.time())
            sheet.write_datetime(row, col, value, style)
        elif kind == "text":
            sheet.write_string(row, col, str(value), style)
        else:
            sheet.write_number(row, col, value, style)

    def _xlsx_table(self, sheet, styles, columns, rows, first_row=0, totals=True):
        """Write ``rows`` (an iterable of tuples) under ``columns``.

        A cell value may be a ``(formula, value)`` tuple. Each column is a
        dict: ``key``, ``title``, ``type`` (text, date, month, money, int,
        float, percent), ``width`` and ``total``: ``"sum"`` or a
        callable ``(cells, values, result) -> (formula, value)`` receiving the
        total row's cell address and value of every column by key, and the
        data row range (``result["first"]``, ``result["last"]``).
        Returns the data row range and the totals by column key.
        """
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column.get("width", 14))
            sheet.write_string(first_row, col, column["title"], styles["header"])
        sums = [0.0] * len(columns)
        row = first_row
        for values in rows:
            row += 1
            for col, column in enumerate(columns):
                value = values[col]
                self._xlsx_cell(sheet, row, col, value, column["type"], styles)
                if isinstance(value, tuple):
                    value = value[1]
                if column.get("total") == "sum" and value:
                    sums[col] += value
        last = row
        result = {
            "first": first_row + 1,
            "last": last,
            "total_row": last + 1 if totals else None,
            "totals": {c["key"]: sums[i] for i, c in enumerate(columns)},
        }
        if totals:
            self._xlsx_total_row(sheet, styles, columns, result)
        sheet.autofilter(first_row, 0, max(last, first_row), len(columns) - 1)
        sheet.freeze_panes(first_row + 1, 0)
        return result

    def _xlsx_total_row(self, sheet, styles, columns, result):
        row = result["total_row"]
        cells = {c["key"]: xl_rowcol_to_cell(row, col) for col, c in enumerate(columns)}
        values = dict(result["totals"])
        sheet.write_string(row, 0, _("Total"), styles["total_text"])
        for col, column in enumerate(columns):
            total = column.get("total")
            if not total or col == 0:
                continue
            style = styles["total_" + column["type"]]
            if total == "sum":
                if result["last"] < result["first"]:
                    sheet.write_number(row, col, 0.0, style)
                    continue
                formula = "=SUM({}:{})".format(
                    xl_rowcol_to_cell(result["first"], col),
                    xl_rowcol_to_cell(result["last"], col),
                )
                value = values[column["key"]]
            else:
                formula, value = total(cells, values, result)
                values[column["key"]] = value
            sheet.write_formula(row, col, formula, style, value)
        result["totals"] = values

    @staticmethod
    def _xlsx_ratio(numerator, denominator, cells, values, scale=1.0):
        """Total-row ratio of two summed columns, as formula and value."""
        num, den = cells[numerator], cells[denominator]
        value = (
            values[numerator] / values[denominator] * scale
            if values[denominator]
            else 0.0
        )
        suffix = f"*{scale}" if scale != 1.0 else ""
        return f"=IF({den}=0,0,{num}/{den}{suffix})", value

    @staticmethod
    def _xlsx_month(value):
        return date(value.year, value.month, 1) if value else None
