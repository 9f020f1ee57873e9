# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # RMA and supplier-claim procurements carry their line, and a return
        # receipt its delivered move, onto the moves the rules create
        return super()._get_custom_move_fields() + [
            "aftersales_rma_line_id",
            "aftersales_supplier_claim_line_id",
            "origin_returned_move_id",
            "to_refund",
        ]

    def _push_prepare_move_copy_values(self, move_to_copy, new_date):
        # the reception steps after a repaired unit's receipt stay on its
        # claim line (the link is not copied with the move otherwise)
        values = super()._push_prepare_move_copy_values(move_to_copy, new_date)
        if move_to_copy.aftersales_supplier_claim_line_id:
            values["aftersales_supplier_claim_line_id"] = (
                move_to_copy.aftersales_supplier_claim_line_id.id
            )
        return values
