# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class AftersalesRmaLine(models.Model):
    """Guards of a return: quantities and lots really delivered to this
    customer, return window and repeated repairs (RMA-08, WTY-12)."""

    _inherit = "aftersales.rma.line"

    lot_override_reason = fields.Char(
        copy=False,
        help="Set by an RMA manager to accept a lot or serial that was never "
        "delivered to this customer.",
    )
    repair_limit_override = fields.Boolean(
        string="Repair Despite Limit",
        copy=False,
        help="Set by an RMA manager to repair a serial once more although it "
        "reached the company's repair limit.",
    )
    lot_repair_count = fields.Integer(
        compute="_compute_lot_repair_count",
        string="Times Repaired",
        help="Done repair orders of this lot or serial.",
    )
    delivery_date = fields.Datetime(related="origin_move_id.date")
    return_deadline = fields.Date(compute="_compute_return_deadline")
    is_outside_return_window = fields.Boolean(compute="_compute_return_deadline")

    @api.depends("lot_id")
    def _compute_lot_repair_count(self):
        counts = self._get_lot_repair_counts(self.lot_id)
        for line in self:
            line.lot_repair_count = counts.get(line.lot_id, 0)

    @api.depends(
        "decision",
        "origin_move_id.date",
        "product_id.categ_id.aftersales_return_days",
        "rma_id.request_date",
        "company_id.aftersales_return_days",
    )
    def _compute_return_deadline(self):
        for line in self:
            delivered = line.origin_move_id.state == "done" and line.delivery_date
            # RMA-08: the window limits returns for refund or exchange (退货 /
            # 换货); repairs and other warranty service are not bound by it.
            # Undecided lines are checked as returns.
            bound = line.decision in (False, "refund", "replace")
            if not delivered or not bound:
                line.return_deadline = False
                line.is_outside_return_window = False
                continue
            days = line.product_id.categ_id._get_aftersales_return_days(
                line.company_id or self.env.company
            )
            line.return_deadline = fields.Date.add(
                fields.Date.to_date(delivered), days=days
            )
            request = line.rma_id.request_date or fields.Date.context_today(line)
            line.is_outside_return_window = request > line.return_deadline

    @api.model
    def _get_lot_repair_counts(self, lots):
        if not lots:
            return {}
        return dict(
            self.env["repair.order"]._read_group(
                [("lot_id", "in", lots.ids), ("state", "=", "done")],
                ["lot_id"],
                ["__count"],
            )
        )

    # ------------------------------------------------------------------
    # Manager-only overrides
    # ------------------------------------------------------------------
    def _is_rma_manager(self):
        return self.env.is_superuser() or self.env.user.has_group(
            "aftersales_rma.group_rma_manager"
        )

    def _check_override_rights(self, vals):
        if (
            vals.get("lot_override_reason") or vals.get("repair_limit_override")
        ) and not self._is_rma_manager():
            raise UserError(
                _(
                    "Only an RMA manager can accept a lot never delivered to the "
                    "customer or repair a unit beyond the repair limit."
                )
            )

    def _log_overrides(self, vals):
        for line in self:
            if vals.get("lot_override_reason"):
                line.rma_id.message_post(
                    body=_(
                        "%(user)s accepted %(lot)s, never delivered to this "
                        "customer: %(reason)s",
                        user=self.env.user.name,
                        lot=line.lot_id.display_name or "",
                        reason=line.lot_override_reason,
                    )
                )
            if vals.get("repair_limit_override"):
                line.rma_id.message_post(
                    body=_(
                        "%(user)s allowed repairing %(lot)s again although it "
                        "was repaired %(count)s times.",
                        user=self.env.user.name,
                        lot=line.lot_id.display_name or "",
                        count=line.lot_repair_count,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_override_rights(vals)
        lines = super().create(vals_list)
        for line, vals in zip(lines, vals_list, strict=True):
            line._log_overrides(vals)
        return lines

    def write(self, vals):
        self._check_override_rights(vals)
        res = super().write(vals)
        self._log_overrides(vals)
        return res

    # ------------------------------------------------------------------
    # Returnable quantities
    # ------------------------------------------------------------------
    def _qty_in_product_uom(self):
        self.ensure_one()
        return self.product_uom._compute_quantity(
            self.product_uom_qty, self.product_id.uom_id
        )

    @api.model
    def _get_sale_line_returnable_qty(self, sale_lines, exclude=None):
        """Per sale line, the quantity (product unit) still returnable: what
        was delivered to the customer, minus what came back outside an RMA,
        minus what other open or done RMAs take back (a done RMA that sent
        units back to the customer no longer holds them)."""
        exclude = exclude or self.browse()
        moves = sale_lines.move_ids.filtered(lambda m: m.state == "done")
        others = self.search(
            [
                ("sale_line_id", "in", sale_lines.ids),
                ("id", "not in", exclude.ids),
                ("rma_id.state", "!=", "cancelled"),
            ]
        )
        result = {}
        for sale_line in sale_lines:
            line_moves = moves.filtered(
                lambda m, sol=sale_line: m.sale_line_id == sol
                and m.product_id == sol.product_id
            )
            delivered = sum(
                line_moves.filtered(
                    lambda m: m.location_dest_id.usage == "customer"
                ).mapped("product_qty")
            )
            back = sum(
                line_moves.filtered(
                    lambda m: m.location_id.usage == "customer" and not m.rma_line_id
                ).mapped("product_qty")
            )
            under_rma = sum(
                other._qty_in_product_uom()
                - (
                    other.product_uom._compute_quantity(
                        other.qty_delivered, other.product_id.uom_id
                    )
                    if other.rma_id.state == "done"
                    else 0.0
                )
                for other in others
                if other.sale_line_id == sale_line
            )
            result[sale_line] = delivered - back - under_rma
        return result

    @api.model
    def _get_lot_returnable_qty(self, lot_customers, exclude=None):
        """Per (lot, commercial partner), the quantity of the lot delivered to
        that customer and not yet back or under another open or done RMA."""
        exclude = exclude or self.browse()
        lots = self.env["stock.lot"].union(*(lot for lot, _customer in lot_customers))
        move_lines = self._delivered_lot_move_lines(lots)
        others = self.search(
            [
                ("lot_id", "in", lots.ids),
                ("id", "not in", exclude.ids),
                ("rma_id.state", "!=", "cancelled"),
            ]
        )
        delivered = defaultdict(float)
        for ml in move_lines:
            key = (ml.lot_id, ml.move_id._aftersales_customer())
            if ml.location_dest_id.usage == "customer":
                delivered[key] += ml.quantity_product_uom
            elif not ml.move_id.rma_line_id:
                delivered[key] -= ml.quantity_product_uom
        for other in others:
            key = (other.lot_id, other.rma_id.partner_id.commercial_partner_id)
            delivered[key] -= other._qty_in_product_uom()
        return {key: delivered[key] for key in lot_customers}

    @api.model
    def _lot_was_delivered(self, lot_customers):
        move_lines = self._delivered_lot_move_lines(
            self.env["stock.lot"].union(*(lot for lot, _customer in lot_customers))
        ).filtered(lambda ml: ml.location_dest_id.usage == "customer")
        found = {(ml.lot_id, ml.move_id._aftersales_customer()) for ml in move_lines}
        return {key: key in found for key in lot_customers}

    def _lines_with_checked_lot(self):
        return self.filtered(lambda rec: rec.lot_id and not rec.lot_override_reason)

    def _check_returnable_qty(self):
        """Refuse returning more than was delivered to this customer on the
        sale line, or of the lot, minus what is already back or under another
        open or done RMA."""
        by_sale_line = defaultdict(float)
        for line in self.filtered("sale_line_id"):
            by_sale_line[line.sale_line_id] += line._qty_in_product_uom()
        if by_sale_line:
            sale_lines = self.env["sale.order.line"].union(*by_sale_line)
            left = self._get_sale_line_returnable_qty(sale_lines, exclude=self)
            for sale_line, qty in by_sale_line.items():
                rounding = sale_line.product_id.uom_id.rounding
                if float_compare(qty, left[sale_line], precision_rounding=rounding) > 0:
                    raise UserError(
                        _(
                            "Cannot return %(qty)s of %(product)s: only %(left)s "
                            "delivered on %(order)s remain returnable.",
                            qty=qty,
                            product=sale_line.product_id.display_name,
                            left=max(left[sale_line], 0.0),
                            order=sale_line.order_id.name,
                        )
                    )
        self._check_lot_delivered()
        by_lot = defaultdict(float)
        for line in self._lines_with_checked_lot():
            key = (line.lot_id, line.rma_id.partner_id.commercial_partner_id)
            by_lot[key] += line._qty_in_product_uom()
        if by_lot:
            left = self._get_lot_returnable_qty(list(by_lot), exclude=self)
            for (lot, customer), qty in by_lot.items():
                rounding = lot.product_id.uom_id.rounding
                left_qty = left[lot, customer]
                if float_compare(qty, left_qty, precision_rounding=rounding) > 0:
                    raise UserError(
                        _(
                            "Cannot return %(qty)s of %(lot)s: only %(left)s "
                            "delivered to %(customer)s remain returnable.",
                            qty=qty,
                            lot=lot.display_name,
                            left=max(left[lot, customer], 0.0),
                            customer=customer.display_name,
                        )
                    )

    def _check_lot_delivered(self):
        """A lot or serial must have been delivered to this customer, unless an
        RMA manager accepted it with a reason."""
        keys = {
            (line.lot_id, line.rma_id.partner_id.commercial_partner_id)
            for line in self._lines_with_checked_lot()
        }
        delivered = self._lot_was_delivered(list(keys))
        for lot, customer in keys:
            if not delivered[lot, customer]:
                raise UserError(
                    _(
                        "%(lot)s was never delivered to %(customer)s. An RMA "
                        "manager can accept it by giving a lot override reason.",
                        lot=lot.display_name,
                        customer=customer.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Repeated repairs (WTY-12)
    # ------------------------------------------------------------------
    def _is_over_repair_limit(self):
        self.ensure_one()
        limit = (self.company_id or self.env.company).aftersales_max_repairs
        return bool(self.lot_id) and limit > 0 and self.lot_repair_count >= limit

    @api.onchange("decision", "lot_id")
    def _onchange_decision_repair_limit(self):
        if self.decision == "repair" and self._is_over_repair_limit():
            return {
                "warning": {
                    "title": _("Repair limit reached"),
                    "message": _(
                        "%(lot)s was already repaired %(count)s times: replace "
                        "it instead of repairing it again.",
                        lot=self.lot_id.display_name,
                        count=self.lot_repair_count,
                    ),
                }
            }

    def _check_can_process(self):
        res = super()._check_can_process()
        for line in self.filtered(
            lambda rec: rec.decision == "repair" and not rec.repair_limit_override
        ):
            if line._is_over_repair_limit():
                raise UserError(
                    _(
                        "%(lot)s was already repaired %(count)s times: choose "
                        "Replace, or ask an RMA manager to allow one more repair.",
                        lot=line.lot_id.display_name,
                        count=line.lot_repair_count,
                    )
                )
        return res
