from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def portal_user_of(env, customer, login, name, **values):
    """A portal user who is a contact of the company ``customer`` (its
    password is its login unless ``values`` give one)."""
    user = new_test_user(
        env, login=login, groups="base.group_portal", name=name, **values
    )
    user.partner_id.parent_id = customer
    return user


class AftersalesCommon(TransactionCase):
    """Shared fixture: a customer with a delivered, serial-tracked unit, a team
    working Monday to Friday 09:00-17:00 UTC and one SLA policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Weekdays 9-17 UTC",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.leader = new_test_user(
            cls.env,
            login="as_leader",
            groups="aftersales_service.group_aftersales_officer",
            name="Team Leader",
        )
        cls.technician = new_test_user(
            cls.env,
            login="as_tech",
            groups="aftersales_service.group_aftersales_user,sales_team.group_sale_salesman",
            name="Technician",
        )
        cls.team = cls.env["aftersales.team"].create(
            {
                "name": "Test Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.link(cls.technician.id)],
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.env["aftersales.sla.policy"].search([]).active = False
        cls.policy = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Test policy",
                "response_hours": 4,
                "response_basis": "working",
                "resolution_hours": 16,
                "resolution_basis": "working",
            }
        )
        cls.stage_new = cls.env.ref("aftersales_service.stage_new")
        cls.stage_progress = cls.env.ref("aftersales_service.stage_in_progress")
        cls.stage_waiting = cls.env.ref("aftersales_service.stage_waiting")
        cls.stage_closed = cls.env.ref("aftersales_service.stage_closed")
        cls.stage_cancelled = cls.env.ref("aftersales_service.stage_cancelled")
        cls.type_repair = cls.env.ref("aftersales_service.ticket_type_repair")
        cls.type_complaint = cls.env.ref("aftersales_service.ticket_type_complaint")
        cls.type_consultation = cls.env.ref(
            "aftersales_service.ticket_type_consultation"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Huadong Machinery", "is_company": True, "email": "hd@example.com"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "email": "li@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Controller X1",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 100.0,
                "aftersales_warranty_duration": 12,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "delivery",
            }
        )
        cls.other_product = cls.env["product.product"].create(
            {"name": "Display D2", "is_storable": True, "tracking": "serial"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.lot = cls._make_lot(cls.product, "SN-0001")
        cls.order = cls._deliver(cls.customer, cls.lot, datetime(2025, 3, 10, 10, 0))

    @classmethod
    def _make_lot(cls, product, name):
        lot = cls.env["stock.lot"].create(
            {"name": name, "product_id": product.id, "company_id": cls.company.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.warehouse.lot_stock_id, 1.0, lot_id=lot
        )
        return lot

    @classmethod
    def _deliver(cls, partner, lot, when):
        """Sell and deliver the serial `lot` to `partner`, dated `when`."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": lot.product_id.id,
                            "product_uom_qty": 1.0,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        move_line = picking.move_ids.move_line_ids
        move_line.write({"lot_id": lot.id, "quantity": 1.0})
        picking.move_ids.picked = True
        picking.button_validate()
        picking.move_ids.write({"date": when})
        picking.move_ids.move_line_ids.write({"date": when})
        order.date_order = when
        return order

    @classmethod
    def _ticket_vals(cls, **overrides):
        vals = {
            "name": "Controller does not start",
            "partner_id": cls.contact.id,
            "team_id": cls.team.id,
            "ticket_type_id": cls.type_repair.id,
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _create_ticket(cls, **overrides):
        return cls.env["aftersales.ticket"].create(cls._ticket_vals(**overrides))
