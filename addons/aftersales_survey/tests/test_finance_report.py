from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.xlsx_common import FinanceWorkbookMixin

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestSatisfactionSheet(FinanceWorkbookMixin, AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._finance_user("survey_finance")

    def _workbook(self):  # pylint: disable=arguments-differ
        wizard = self._wizard(
            self.finance, team_id=self.team.id, partner_id=self.customer.id
        )
        return super()._workbook(wizard)

    def test_satisfaction_by_team_and_resolution(self):
        first = self._closed_ticket(resolution_type="onsite_repair")
        second = self._closed_ticket(resolution_type="onsite_repair")
        unanswered = self._closed_ticket(resolution_type="remote")
        self.assertTrue(unanswered.survey_user_input_ids)
        self._answer(
            first.survey_user_input_ids,
            {
                self.q_timeliness: "5",
                self.q_technician: "4",
                self.q_solution: "4",
                self.q_overall: "5",
                self.q_recommend: "9",
            },
        )  # CSAT 87.5, promoter
        self._answer(
            second.survey_user_input_ids,
            {self.q_timeliness: "3", self.q_overall: "4", self.q_recommend: "0"},
        )  # CSAT 62.5, detractor
        formulas, values = self._workbook()
        sheet = values["Satisfaction"]
        header = [c.value for c in sheet[1]]
        rows = {}
        total = None
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[0] == "Total":
                total = dict(zip(header, row, strict=True))
                break
            rows[row[1]] = dict(zip(header, row, strict=True))
        onsite = rows["On-site repair"]
        self.assertEqual(onsite["Team"], "Test Team")
        self.assertEqual(onsite["Invitations"], 2)
        self.assertEqual(onsite["Responses"], 2)
        self.assertAlmostEqual(onsite["Response rate"], 1.0)
        self.assertAlmostEqual(onsite["CSAT (0-100)"], 75.0)
        self.assertEqual(onsite["Promoters"], 1)
        self.assertEqual(onsite["Detractors"], 1)
        self.assertAlmostEqual(onsite["NPS"], 0.0)
        remote = rows["Remote / phone guidance"]
        self.assertEqual(remote["Invitations"], 1)
        self.assertEqual(remote["Responses"], 0)
        self.assertAlmostEqual(remote["Response rate"], 0.0)
        self.assertIsNone(remote["CSAT (0-100)"])
        self.assertEqual(total["Invitations"], 3)
        self.assertAlmostEqual(total["Response rate"], 2 / 3)
        self.assertAlmostEqual(total["CSAT (0-100)"], 75.0)
        self.assertAlmostEqual(total["NPS"], 0.0)
        formula_total = next(
            r for r in formulas["Satisfaction"].iter_rows() if r[0].value == "Total"
        )
        self.assertTrue(formula_total[6].value.startswith("=IF("))
        self.assertIn("SUMPRODUCT", formula_total[6].value)
        self.assertEqual(formula_total[2].value, f"=SUM(C2:C{len(rows) + 1})")
