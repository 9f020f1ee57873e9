# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AftersalesSupplierClaimConsolidate(models.TransientModel):
    _name = "aftersales.supplier.claim.consolidate"
    _description = "Consolidate Supplier Claims"

    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    rma_line_ids = fields.Many2many(
        "aftersales.rma.line",
        compute="_compute_rma_line_ids",
        store=True,
        readonly=False,
        string="RMA Lines",
    )

    @api.model
    def _candidate_domain(self):
        return [
            ("rma_id.state", "not in", ("draft", "cancelled")),
            ("company_id", "=", self.company_id.id or self.env.company.id),
            "|",
            ("supplier_responsible", "=", True),
            ("claim_reason", "!=", False),
        ]

    @api.depends("partner_id", "company_id")
    def _compute_rma_line_ids(self):
        for wizard in self:
            if not wizard.partner_id:
                wizard.rma_line_ids = False
                continue
            lines = self.env["aftersales.rma.line"].search(wizard._candidate_domain())
            lines = lines.filtered(lambda line: not line.supplier_claim_id)
            vendors = lines._claim_vendors()
            vendor = wizard.partner_id.commercial_partner_id
            wizard.rma_line_ids = lines.filtered(
                lambda line, v=vendor, found=vendors: found[line.id][0] == v
            )

    def action_consolidate(self):
        """Put the chosen RMA lines, of any customer, into one claim."""
        self.ensure_one()
        if not self.rma_line_ids:
            raise UserError(
                _("No open RMA line to claim from %s.", self.partner_id.display_name)
            )
        vendors = self.rma_line_ids._claim_vendors()
        vendor = self.partner_id.commercial_partner_id
        foreign = self.rma_line_ids.filtered(lambda line: vendors[line.id][0] != vendor)
        if foreign:
            raise UserError(
                _(
                    "%(product)s on %(rma)s was not bought from %(vendor)s.",
                    product=foreign[0].product_id.display_name,
                    rma=foreign[0].rma_id.name,
                    vendor=vendor.display_name,
                )
            )
        claims = self.rma_line_ids._create_supplier_claims()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_supplier_claim"
        )
        if len(claims) == 1:
            action.update({"res_id": claims.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", claims.ids)]
        return action
