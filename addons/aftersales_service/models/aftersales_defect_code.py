from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesDefectCode(models.Model):
    _name = "aftersales.defect.code"
    _description = "After-Sales Defect Code"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    parent_id = fields.Many2one(
        "aftersales.defect.code", string="Parent Code", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("aftersales.defect.code", "parent_id")
    company_id = fields.Many2one("res.company", string="Company")
    active = fields.Boolean(default=True)

    @api.depends("name", "code", "parent_id.complete_name")
    def _compute_complete_name(self):
        for defect in self:
            label = f"[{defect.code}] {defect.name}" if defect.code else defect.name
            if defect.parent_id:
                label = f"{defect.parent_id.complete_name} / {label}"
            defect.complete_name = label

    @api.constrains("parent_id")
    def _check_parent_recursion(self):
        if self._has_cycle():
            raise ValidationError(_("A defect code cannot be its own ancestor."))
