# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestEquipmentSurveys(AftersalesSurveyCommon):
    """The unit's form shows the satisfaction surveys of its tickets and
    their mean CSAT (REC-07), as the technician reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["aftersales.equipment"]
        cls.unit = Equipment.create(
            {
                "product_id": cls.product.id,
                "lot_id": cls.lot.id,
                "partner_id": cls.customer.id,
            }
        )
        cls.other_unit = Equipment.create(
            {
                "product_id": cls.product.id,
                "lot_id": cls._make_lot(cls.product, "SN-SURV-2").id,
                "partner_id": cls.customer.id,
            }
        )

    def _surveyed(self, unit, overall):
        """A closed ticket on ``unit`` whose survey the customer answered
        with ``overall`` (1-5) on every satisfaction question."""
        ticket = self._closed_ticket(lot_id=unit.lot_id.id)
        self.assertEqual(ticket.equipment_id, unit)
        self._answer(
            ticket.survey_user_input_ids,
            {
                self.q_timeliness: overall,
                self.q_technician: overall,
                self.q_solution: overall,
                self.q_overall: overall,
            },
        )
        return ticket

    def test_unit_counts_its_surveys_and_mean_csat(self):
        first = self._surveyed(self.unit, "5")  # 100
        second = self._surveyed(self.unit, "3")  # 50
        self.assertEqual((first.csat_score, second.csat_score), (100.0, 50.0))
        # sent, not answered yet: counted, no score
        self._closed_ticket(lot_id=self.unit.lot_id.id)
        self._surveyed(self.other_unit, "1")
        units = (self.unit | self.other_unit).with_user(self.technician)
        unit, other = units
        self.assertEqual(unit.survey_user_input_count, 3)
        self.assertAlmostEqual(unit.survey_csat_score, 75.0)
        self.assertEqual(other.survey_user_input_count, 1)
        self.assertAlmostEqual(other.survey_csat_score, 0.0)
        action = unit.action_view_survey_answers()
        answers = self.env["survey.user_input"].with_user(self.technician)
        self.assertEqual(
            answers.search(action["domain"]),
            (first | second).survey_user_input_ids
            | self.env["survey.user_input"].search(
                [
                    ("aftersales_ticket_id.equipment_id", "=", self.unit.id),
                    ("state", "!=", "done"),
                ]
            ),
        )
        self.assertEqual(len(answers.search(action["domain"])), 3)

    def test_unit_without_surveys(self):
        unit = self.unit.with_user(self.technician)
        self.assertEqual(unit.survey_user_input_count, 0)
        self.assertEqual(unit.survey_csat_score, 0.0)

    def test_form_shows_the_survey_buttons(self):
        self._surveyed(self.unit, "4")
        arch = (
            self.env["aftersales.equipment"]
            .with_user(self.technician)
            .get_view(view_type="form")["arch"]
        )
        self.assertIn('name="survey_user_input_count"', arch)
        self.assertIn('name="survey_csat_score"', arch)
        self.assertIn('name="action_view_survey_answers"', arch)
