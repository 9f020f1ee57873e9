import unicodedata
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

    # ------------------------------------------------------------------
    # Layout: widths from content, print setup
    # ------------------------------------------------------------------
    # Widths a number, date or percentage needs whatever its value.
    _XLSX_KIND_WIDTH = {
        "date": 11,
        "month": 9,
        "money": 14,
        "int": 8,
        "float": 12,
        "percent": 8,
    }
    _XLSX_MAX_WIDTH = 60

    @staticmethod
    def _xlsx_text_width(text):
        """Display width of ``text``: CJK characters take two columns."""
        return sum(
            2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            for char in str(text)
        )

    def _xlsx_print_setup(self, sheet, last_row, last_col, header_row=0):
        """Print the sheet as people read it: A4, as wide as one page
        (landscape when it has many columns), header row repeated on every
        page, the used range as print area, page numbers in the footer."""
        sheet.set_paper(9)  # A4
        if last_col >= 6:
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.print_area(0, 0, max(last_row, header_row), last_col)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&L&A&R&P / &N")

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
        float, percent), ``width`` (the least width: text columns widen to
        their longest value) and ``total``: ``"sum"`` or a
        callable ``(cells, values, result) -> (formula, value)`` receiving the
        total row's cell address and value of every column by key, and the
        data row range (``result["first"]``, ``result["last"]``).
        Returns the data row range and the totals by column key.
        """
        # Widths follow the content: at least the title's longest word (the
        # header wraps) and the column's own minimum, at most the longest
        # text written, capped so one cell never takes a page.
        widths = []
        for col, column in enumerate(columns):
            title_word = max(
                (self._xlsx_text_width(w) for w in column["title"].split()), default=0
            )
            widths.append(
                max(
                    title_word + 2,
                    self._XLSX_KIND_WIDTH.get(column["type"], 8),
                    column.get("width", 0),
                )
            )
            sheet.write_string(first_row, col, column["title"], styles["header"])
        text_cols = [
            col for col, column in enumerate(columns) if column["type"] == "text"
        ]
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
            for col in text_cols:
                value = values[col]
                if value and not isinstance(value, tuple):
                    width = self._xlsx_text_width(value) + 2
                    if width > widths[col]:
                        widths[col] = width
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(width, self._XLSX_MAX_WIDTH))
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
        self._xlsx_print_setup(
            sheet,
            result["total_row"] if totals else last,
            len(columns) - 1,
            header_row=first_row,
        )
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
