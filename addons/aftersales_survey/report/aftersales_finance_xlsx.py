from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import _, models
from odoo.tools import SQL


class AftersalesFinanceXlsx(models.AbstractModel):
    """Satisfaction sheet of the after-sales finance workbook."""

    _inherit = "report.aftersales_service.finance_xlsx"

    def _aftersales_finance_sheets(self):
        return super()._aftersales_finance_sheets() + [
            {
                "key": "satisfaction",
                "title": _("Satisfaction"),
                "sequence": 60,
                "writer": self._write_satisfaction,
            }
        ]

    def _satisfaction_rows(self, flt):
        """By team and resolution type: invitations (survey answers linked to
        a ticket, created in the period), completed answers, CSAT and the
        NPS promoters (9-10), passives (7-8) and detractors (0-6)."""
        self.env.cr.execute(
            SQL(
                """SELECT t.team_id, t.resolution_type, COUNT(*),
                          COUNT(*) FILTER (WHERE ui.state = 'done'),
                          COUNT(*) FILTER (WHERE ui.state = 'done'
                                           AND ui.aftersales_has_csat),
                          AVG(ui.aftersales_csat_score) FILTER (
                              WHERE ui.state = 'done' AND ui.aftersales_has_csat),
                          COUNT(*) FILTER (WHERE ui.state = 'done'
                                           AND ui.aftersales_has_nps
                                           AND ui.aftersales_nps_score >= 9),
                          COUNT(*) FILTER (WHERE ui.state = 'done'
                                           AND ui.aftersales_has_nps
                                           AND ui.aftersales_nps_score BETWEEN 7 AND 8),
                          COUNT(*) FILTER (WHERE ui.state = 'done'
                                           AND ui.aftersales_has_nps
                                           AND ui.aftersales_nps_score <= 6)
                     FROM survey_user_input ui
                     JOIN aftersales_ticket t ON t.id = ui.aftersales_ticket_id
                    WHERE ui.create_date BETWEEN %s AND %s AND %s
                 GROUP BY 1, 2 ORDER BY 1, 2""",
                flt["datetime_from"],
                flt["datetime_to"],
                self._finance_ticket_where(flt),
            )
        )
        results = self.env.cr.fetchall()
        teams = self.env["aftersales.team"].sudo().with_context(active_test=False)
        names = {
            t.id: t.display_name for t in teams.browse({r[0] for r in results if r[0]})
        }
        resolutions = self._selection_labels("aftersales.ticket", "resolution_type")
        for team_id, resolution, invited, done, csat_n, csat, pro, pas, det in results:
            answers = pro + pas + det
            yield (
                names.get(team_id, _("(no team)")),
                resolutions.get(resolution, _("(none)")),
                invited,
                done,
                done / invited if invited else None,
                csat_n,
                float(csat) if csat is not None else None,
                pro,
                pas,
                det,
                (pro - det) * 100.0 / answers if answers else None,
            )

    def _write_satisfaction(self, sheet, flt, styles):
        def csat_total(cells, values, result):
            col = 6  # the CSAT column, weighted by the CSAT answers (col 5)
            first, last = result["first"], max(result["last"], result["first"])
            scores = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
            weights = f"{xl_rowcol_to_cell(first, 5)}:{xl_rowcol_to_cell(last, 5)}"
            return (
                f"=IF({cells['csat_n']}=0,0,"
                f"SUMPRODUCT({scores},{weights})/{cells['csat_n']})",
                values["_csat_points"] / values["csat_n"] if values["csat_n"] else 0.0,
            )

        def nps_total(cells, values, _result):
            pro, pas, det = cells["promoters"], cells["passives"], cells["detractors"]
            answers = values["promoters"] + values["passives"] + values["detractors"]
            return (
                f"=IF(({pro}+{pas}+{det})=0,0,({pro}-{det})*100/({pro}+{pas}+{det}))",
                (values["promoters"] - values["detractors"]) * 100.0 / answers
                if answers
                else 0.0,
            )

        columns = [
            {"key": "team", "title": _("Team"), "type": "text", "width": 24},
            {
                "key": "resolution",
                "title": _("Resolution"),
                "type": "text",
                "width": 24,
            },
            {
                "key": "invited",
                "title": _("Invitations"),
                "type": "int",
                "total": "sum",
            },
            {"key": "done", "title": _("Responses"), "type": "int", "total": "sum"},
            {
                "key": "rate",
                "title": _("Response rate"),
                "type": "percent",
                "total": lambda cells, values, _r: self._xlsx_ratio(
                    "done", "invited", cells, values
                ),
            },
            {
                "key": "csat_n",
                "title": _("CSAT answers"),
                "type": "int",
                "total": "sum",
            },
            {
                "key": "csat",
                "title": _("CSAT (0-100)"),
                "type": "float",
                "total": csat_total,
            },
            {
                "key": "promoters",
                "title": _("Promoters"),
                "type": "int",
                "total": "sum",
            },
            {"key": "passives", "title": _("Passives"), "type": "int", "total": "sum"},
            {
                "key": "detractors",
                "title": _("Detractors"),
                "type": "int",
                "total": "sum",
            },
            {"key": "nps", "title": _("NPS"), "type": "float", "total": nps_total},
        ]
        # one row per team and resolution type: small enough to keep
        rows = list(self._satisfaction_rows(flt))
        points = sum((r[5] or 0) * (r[6] or 0.0) for r in rows)

        def csat_weighted(cells, values, result):
            values["_csat_points"] = points
            return csat_total(cells, values, result)

        columns[6]["total"] = csat_weighted
        self._xlsx_table(sheet, styles, columns, rows)
