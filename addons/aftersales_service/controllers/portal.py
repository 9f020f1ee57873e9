import binascii
import math

from markupsafe import Markup, escape

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Largest quantity a portal form accepts: far above any real return, far below
# what overflows a numeric column.
PORTAL_MAX_QUANTITY = 1e6


def aftersales_portal_id(value, choice):
    """The id a portal form posted for one of the offered ``choice``s: empty
    is 0 (nothing chosen), anything else must be a positive integer. A
    tampered value gets a ``UserError`` naming the field, never a 500."""
    if value in (None, "", False):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number <= 0:
        raise UserError(_("Choose the %s among the ones offered.", choice))
    return number


def aftersales_portal_quantity(value):
    """A positive, finite quantity posted by a portal form (``nan``, ``inf``,
    letters, negatives and absurd amounts are refused with a ``UserError``)."""
    try:
        quantity = float(str(value or "0").strip())
    except ValueError as error:
        raise UserError(_("Enter the quantity to return as a number.")) from error
    if not math.isfinite(quantity):
        raise UserError(_("Enter the quantity to return as a number."))
    if quantity <= 0:
        raise UserError(_("The quantity to return must be positive."))
    if quantity > PORTAL_MAX_QUANTITY:
        raise UserError(_("This quantity is far more than was delivered to you."))
    return quantity


class AftersalesPortal(CustomerPortal):
    """Customer portal of after-sales tickets and service reports.

    Records are read as the portal user (the record rules isolate customers);
    only the writes a customer may do run as superuser, after an access check.
    """

    _tickets_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_ticket_count" in counters:
            Ticket = request.env["aftersales.ticket"]
            values["aftersales_ticket_count"] = (
                Ticket.search_count([]) if Ticket.has_access("read") else 0
            )
        if "aftersales_equipment_count" in counters:
            Equipment = request.env["aftersales.equipment"]
            values["aftersales_equipment_count"] = (
                Equipment.search_count([]) if Equipment.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _aftersales_public_messages(self, ticket_sudo):
        """Messages a customer may read: comments and e-mails with a public
        subtype. Internal notes and tracking never leave the company."""
        return ticket_sudo.message_ids.filtered(
            lambda m: m.message_type in ("comment", "email", "email_outgoing")
            and m.subtype_id
            and not m.subtype_id.internal
            and not m.is_internal
        )

    def _aftersales_delivered_lots(self):
        """Serials delivered to the user's company (for a new ticket)."""
        commercial = request.env.user.partner_id.commercial_partner_id
        move_lines = (
            request.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("lot_id", "!=", False),
                    ("location_dest_id.usage", "=", "customer"),
                    ("picking_id.partner_id", "child_of", commercial.id),
                ]
            )
        )
        # units recorded by hand (sold before the addons) count as delivered
        return move_lines.lot_id | self._aftersales_portal_equipment().lot_id

    def _aftersales_portal_equipment(self, equipment_id=None):
        """The units of the user's company (read through the record rules),
        or the one of ``equipment_id`` when it is one of them."""
        Equipment = request.env["aftersales.equipment"]
        if not Equipment.has_access("read"):
            return Equipment
        domain = [("id", "=", equipment_id)] if equipment_id else []
        return Equipment.search(domain)

    def _aftersales_portal_contract(self, unit_sudo):
        """The service contract the customer sees on the unit's page: the
        one covering it today, else the last one that did (ended). Only
        contracts of the unit's owner (WTY-16)."""
        if unit_sudo.contract_id:
            return unit_sudo.contract_id
        ended = (
            request.env["aftersales.contract"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", unit_sudo.commercial_partner_id.id),
                    ("state", "=", "expired"),
                ],
                order="date_end desc, id desc",
            )
        )
        return ended.filtered(lambda c: c._covers(unit_sudo))[:1]

    def _aftersales_delivered_products(self):
        commercial = request.env.user.partner_id.commercial_partner_id
        moves = (
            request.env["stock.move"]
            .sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("picking_id.partner_id", "child_of", commercial.id),
                ]
            )
        )
        return moves.product_id

    def _prepare_portal_ticket_vals(self, post):
        """Values of a ticket created by a customer; the product or serial
        must be one delivered to the customer."""
        partner = request.env.user.partner_id
        name = (post.get("name") or "").strip()
        if not name:
            raise UserError(_("Describe the problem in a few words."))
        vals = {
            "name": name,
            "partner_id": partner.id,
            "channel": "portal",
            "description": Markup("<p>%s</p>") % escape(post.get("description") or ""),
        }
        equipment_id = aftersales_portal_id(post.get("equipment_id"), _("equipment"))
        if equipment_id:
            equipment = self._aftersales_portal_equipment(equipment_id)
            if not equipment:
                raise UserError(_("This equipment is not yours."))
            vals.update(equipment_id=equipment.id, product_id=equipment.product_id.id)
            if equipment.lot_id:
                vals["lot_id"] = equipment.lot_id.id
            return vals
        lot_id = aftersales_portal_id(post.get("lot_id"), _("serial number"))
        product_id = aftersales_portal_id(post.get("product_id"), _("product"))
        if lot_id:
            lot = self._aftersales_delivered_lots().filtered(
                lambda lot: lot.id == lot_id
            )
            if not lot:
                raise UserError(_("This serial number was not delivered to you."))
            vals.update(lot_id=lot.id, product_id=lot.product_id.id)
        elif product_id:
            product = self._aftersales_delivered_products().filtered(
                lambda p: p.id == product_id
            )
            if not product:
                raise UserError(_("This product was not delivered to you."))
            vals["product_id"] = product.id
        return vals

    # ------------------------------------------------------------------
    # Tickets
    # ------------------------------------------------------------------
    @http.route(
        ["/my/aftersales", "/my/aftersales/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_tickets(self, page=1, **kw):
        Ticket = request.env["aftersales.ticket"]
        count = Ticket.search_count([])
        pager = portal_pager(
            url="/my/aftersales",
            total=count,
            page=page,
            step=self._tickets_per_page,
        )
        tickets = Ticket.search(
            [], order="id desc", limit=self._tickets_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "pager": pager,
                "page_name": "aftersales_ticket",
                "default_url": "/my/aftersales",
            }
        )
        return request.render("aftersales_service.portal_my_aftersales_tickets", values)

    @http.route(
        ["/my/aftersales/tickets/<int:ticket_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_aftersales_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "aftersales.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            ticket_sudo, access_token, {}, "my_aftersales_history", False, **kw
        )
        messages = self._aftersales_public_messages(ticket_sudo)
        messages.attachment_ids.generate_access_token()
        values.update(
            {
                "ticket": ticket_sudo,
                "public_messages": messages,
                "visits": ticket_sudo.visit_ids.filtered(
                    lambda v: v.state in ("approved", "done")
                ),
                "quotations": ticket_sudo.quotation_ids.filtered(
                    lambda o: o.state in ("sent", "sale")
                ),
                "page_name": "aftersales_ticket",
                "message_posted": kw.get("message_posted"),
            }
        )
        return request.render("aftersales_service.portal_my_aftersales_ticket", values)

    @http.route(
        ["/my/aftersales/tickets/<int:ticket_id>/message"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_aftersales_ticket_message(self, ticket_id, access_token=None, **post):
        try:
            ticket_sudo = self._document_check_access(
                "aftersales.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        body = (post.get("message") or "").strip()
        if body:
            author = (
                ticket_sudo.partner_id
                if request.env.user._is_public()
                else request.env.user.partner_id
            )
            ticket_sudo.with_context(mail_create_nosubscribe=True).message_post(
                body=Markup("<p>%s</p>") % escape(body),
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        url = f"/my/aftersales/tickets/{ticket_id}?message_posted=1"
        if access_token:
            url += f"&access_token={access_token}"
        return request.redirect(url)

    @http.route(
        ["/my/aftersales/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_aftersales_new_ticket(self, **post):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lots": self._aftersales_delivered_lots(),
                "products": self._aftersales_delivered_products(),
                "page_name": "aftersales_new",
                "error": False,
                "post": post,
            }
        )
        equipment_id = post.get("equipment_id")
        if request.httprequest.method == "GET" and equipment_id:
            # "Open a ticket" from a unit: its serial and product preselected
            try:
                equipment = self._aftersales_portal_equipment(
                    aftersales_portal_id(equipment_id, _("equipment"))
                )
            except UserError:
                equipment = request.env["aftersales.equipment"]
            values["equipment"] = equipment
            values["post"] = dict(
                post,
                equipment_id=str(equipment.id or ""),
                lot_id=str(equipment.lot_id.id or ""),
                product_id=str(equipment.product_id.id or ""),
            )
        if request.httprequest.method == "POST":
            try:
                vals = self._prepare_portal_ticket_vals(post)
            except UserError as error:
                values["error"] = error.args[0]
            else:
                ticket = request.env["aftersales.ticket"].sudo().create(vals)
                return request.redirect(f"/my/aftersales/tickets/{ticket.id}")
        return request.render("aftersales_service.portal_aftersales_new_ticket", values)

    # ------------------------------------------------------------------
    # Equipment: the customer's units in the field (REC-07)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/aftersales/equipment", "/my/aftersales/equipment/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_equipment_list(self, page=1, **kw):
        Equipment = request.env["aftersales.equipment"]
        if not Equipment.has_access("read"):
            return request.redirect("/my")
        count = Equipment.search_count([])
        pager = portal_pager(
            url="/my/aftersales/equipment",
            total=count,
            page=page,
            step=self._tickets_per_page,
        )
        # found through the record rules, read as superuser (the portal
        # user reads no product or serial number)
        units = Equipment.search(
            [], limit=self._tickets_per_page, offset=pager["offset"]
        ).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "units": units,
                "pager": pager,
                "page_name": "aftersales_equipment",
                "default_url": "/my/aftersales/equipment",
            }
        )
        return request.render(
            "aftersales_service.portal_my_aftersales_equipment_list", values
        )

    @http.route(
        ["/my/aftersales/equipment/<int:equipment_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_equipment(self, equipment_id, **kw):
        # another customer's unit, or none: not found, never a traceback
        unit = self._aftersales_portal_equipment(equipment_id)
        if not unit:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "unit": unit.sudo(),
                # the designated engineer's contact details (FLD-16)
                "engineer": unit.sudo().technician_id.partner_id,
                "contract": self._aftersales_portal_contract(unit.sudo()),
                "tickets": request.env["aftersales.ticket"].search(
                    [("equipment_id", "=", unit.id)], order="id desc"
                ),
                # its service reports (the customer's own visits, by the
                # portal rule) and when the next preventive maintenance is due
                "visits": request.env["aftersales.visit"].search(
                    [
                        ("equipment_id", "=", unit.id),
                        ("state", "in", ("approved", "done")),
                    ],
                    order="scheduled_start desc",
                    limit=20,
                ),
                "next_maintenance": min(
                    unit.sudo()
                    .maintenance_plan_ids.filtered("next_due_date")
                    .mapped("next_due_date"),
                    default=False,
                ),
                "page_name": "aftersales_equipment",
            }
        )
        return request.render(
            "aftersales_service.portal_my_aftersales_equipment", values
        )

    # ------------------------------------------------------------------
    # Visits: service report, signature and PDF
    # ------------------------------------------------------------------
    @http.route(
        ["/my/aftersales/visits/<int:visit_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_aftersales_visit(
        self, visit_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            visit_sudo = self._document_check_access(
                "aftersales.visit", visit_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if visit_sudo.state not in ("approved", "done"):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_aftersales_visit_report(visit_sudo, report_type, download)
        values = self._get_page_view_values(
            visit_sudo, access_token, {}, "my_aftersales_visit_history", False, **kw
        )
        values.update({"visit": visit_sudo, "page_name": "aftersales_visit"})
        return request.render("aftersales_service.portal_my_aftersales_visit", values)

    def _show_aftersales_visit_report(self, visit_sudo, report_type, download):
        # The customer's copy never shows the company's expenses.
        ReportAction = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(visit_sudo.company_id)
            .with_context(aftersales_customer_copy=True)
        )
        report = getattr(ReportAction, f"_render_qweb_{report_type}")(
            "aftersales_service.action_report_aftersales_visit",
            visit_sudo.ids,
            data={"report_type": report_type},
        )[0]
        headers = self._get_http_headers(visit_sudo, report_type, report, download)
        return request.make_response(report, headers=list(headers.items()))

    @http.route(
        ["/my/aftersales/visits/<int:visit_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_aftersales_visit_sign(
        self, visit_id, access_token=None, name=None, signature=None
    ):
        return self._aftersales_portal_sign(
            "aftersales.visit",
            visit_id,
            access_token,
            name,
            signature,
            _("Invalid service report."),
        )

    def _aftersales_portal_sign(
        self, model, res_id, access_token, name, signature, invalid_message
    ):
        """The customer signs a document from its portal page (service
        report, final acceptance): a message for every refusal, never a
        traceback."""
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            document_sudo = self._document_check_access(model, res_id, access_token)
        except (AccessError, MissingError):
            return {"error": invalid_message}
        if not signature:
            return {"error": _("Signature is missing.")}
        try:
            # as the caller (the customer, or the public user of a token
            # link), so the note is theirs and not the superuser's
            document_sudo.with_user(request.env.user).action_sign(name, signature)
        except UserError as error:
            return {"error": error.args[0]}
        except (TypeError, binascii.Error):
            return {"error": _("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": document_sudo.get_portal_url(),
        }

    # ------------------------------------------------------------------
    # Installations: the customer signs the final acceptance (INS-03)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/aftersales/installations/<int:installation_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_aftersales_installation(
        self, installation_id, access_token=None, **kw
    ):
        try:
            installation_sudo = self._document_check_access(
                "aftersales.installation", installation_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            installation_sudo,
            access_token,
            {},
            "my_aftersales_installation_history",
            False,
            **kw,
        )
        values.update(
            {"installation": installation_sudo, "page_name": "aftersales_installation"}
        )
        return request.render(
            "aftersales_service.portal_my_aftersales_installation", values
        )

    @http.route(
        ["/my/aftersales/installations/<int:installation_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_aftersales_installation_sign(
        self, installation_id, access_token=None, name=None, signature=None
    ):
        return self._aftersales_portal_sign(
            "aftersales.installation",
            installation_id,
            access_token,
            name,
            signature,
            _("Invalid acceptance document."),
        )
