# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

# measures summed by the database; the rates are derived from them per group
BASE_MEASURES = (
    "received_qty",
    "claimed_qty",
    "claim_amount",
    "credited_amount",
    "recovered_amount",
    "settle_days",
    "settled_count",
)


class AftersalesSupplierScorecard(models.Model):
    """One row per claim line and per purchase receipt move, so a pivot can
    divide claimed by received quantities of the same vendor and product."""

    _name = "aftersales.supplier.scorecard"
    _description = "Vendor Claim Scorecard"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    claim_id = fields.Many2one("aftersales.supplier.claim", readonly=True)
    state = fields.Selection(
        related="claim_id.state", string="Claim Status", readonly=True
    )
    received_qty = fields.Float(readonly=True, digits="Product Unit of Measure")
    claimed_qty = fields.Float(readonly=True, digits="Product Unit of Measure")
    claim_amount = fields.Monetary(readonly=True)
    credited_amount = fields.Monetary(readonly=True)
    recovered_amount = fields.Monetary(readonly=True)
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        readonly=True,
        help="Claimed quantity / quantity received from the vendor.",
    )
    recovery_rate = fields.Float(string="Recovery Rate (%)", readonly=True)
    settle_days = fields.Integer(string="Days to Settle (total)", readonly=True)
    settled_count = fields.Integer(string="Settled Claims", readonly=True)
    avg_settle_days = fields.Float(string="Avg. Days to Settle", readonly=True)
    open_0_30 = fields.Integer(string="Open 0-30 Days", readonly=True)
    open_31_60 = fields.Integer(string="Open 31-60 Days", readonly=True)
    open_61_90 = fields.Integer(string="Open 61-90 Days", readonly=True)
    open_over_90 = fields.Integer(string="Open > 90 Days", readonly=True)

    def _query(self):
        open_age = SQL("(CURRENT_DATE - c.submit_date)")
        is_open = SQL("c.state IN ('submitted', 'returned') AND line_rank = 1")
        return SQL(
            """
            WITH claim_lines AS (
                -- each line carries its share of the claim's totals, extra
                -- costs included, in proportion to its claimed value
                SELECT l.*, row_number() OVER (
                           PARTITION BY l.claim_id ORDER BY l.id) AS line_rank,
                       CASE WHEN sum(l.amount) OVER w > 0
                            THEN l.amount / sum(l.amount) OVER w
                            ELSE 1.0 / count(*) OVER w END AS share
                  FROM aftersales_supplier_claim_line l
                WINDOW w AS (PARTITION BY l.claim_id)
            )
            SELECT l.id * 2 AS id,
                   COALESCE(c.submit_date, c.create_date::date) AS date,
                   vendor.commercial_partner_id AS partner_id,
                   l.product_id, c.company_id, c.id AS claim_id,
                   0.0 AS received_qty,
                   l.quantity AS claimed_qty,
                   c.claim_amount * l.share AS claim_amount,
                   COALESCE(c.credited_amount, 0.0) * l.share AS credited_amount,
                   COALESCE(c.recovered_amount, 0.0) * l.share AS recovered_amount,
                   0.0 AS defect_rate,
                   -- the claim's own rate; groups divide their sums
                   COALESCE(c.recovery_rate, 0.0) AS recovery_rate,
                   CASE WHEN line_rank = 1 AND c.settle_date IS NOT NULL
                        THEN c.settle_date - c.submit_date ELSE 0 END
                        AS settle_days,
                   CASE WHEN line_rank = 1 AND c.settle_date IS NOT NULL
                        THEN 1 ELSE 0 END AS settled_count,
                   CASE WHEN line_rank = 1 AND c.settle_date IS NOT NULL
                        THEN c.settle_date - c.submit_date ELSE 0 END
                        AS avg_settle_days,
                   CASE WHEN %(is_open)s AND %(age)s <= 30 THEN 1 ELSE 0 END
                        AS open_0_30,
                   CASE WHEN %(is_open)s AND %(age)s BETWEEN 31 AND 60
                        THEN 1 ELSE 0 END AS open_31_60,
                   CASE WHEN %(is_open)s AND %(age)s BETWEEN 61 AND 90
                        THEN 1 ELSE 0 END AS open_61_90,
                   CASE WHEN %(is_open)s AND %(age)s > 90 THEN 1 ELSE 0 END
                        AS open_over_90
              FROM claim_lines l
              JOIN aftersales_supplier_claim c ON c.id = l.claim_id
              JOIN res_partner vendor ON vendor.id = c.partner_id
             WHERE c.state != 'cancelled'
            UNION ALL
            SELECT m.id * 2 + 1 AS id,
                   m.date::date AS date,
                   vendor.commercial_partner_id AS partner_id,
                   m.product_id, m.company_id, NULL AS claim_id,
                   m.product_qty AS received_qty,
                   0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0.0, 0, 0, 0, 0
              FROM stock_move m
              JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN res_partner vendor ON vendor.id = po.partner_id
              JOIN stock_location src ON src.id = m.location_id
             WHERE m.state = 'done' AND src.usage = 'supplier'
               AND po.aftersales_supplier_claim_id IS NULL
            """,
            is_open=is_open,
            age=open_age,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Rates of a group are ratios of its sums, never sums of ratios."""
        names = {spec.split(":")[0].split("(")[0] for spec in fields}
        extra = [f"{name}:sum" for name in BASE_MEASURES if name not in names]
        groups = super().read_group(
            domain, fields + extra, groupby, offset, limit, orderby, lazy
        )
        Claim = self.env["aftersales.supplier.claim"]
        for group in groups:
            received = group.get("received_qty") or 0.0
            claimed = group.get("claimed_qty") or 0.0
            claim_amount = group.get("claim_amount") or 0.0
            settled = group.get("settled_count") or 0
            group["defect_rate"] = 100.0 * claimed / received if received else 0.0
            # the claim form's rule, on the group's sums
            group["recovery_rate"] = Claim._recovery_rate_of(
                group.get("recovered_amount") or 0.0, claim_amount
            )
            group["avg_settle_days"] = (
                (group.get("settle_days") or 0) / settled if settled else 0.0
            )
        return groups
