# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.aftersales_service.controllers.portal import (
    aftersales_portal_id,
    aftersales_portal_quantity,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class AftersalesRmaPortal(CustomerPortal):
    """Customer portal of returns: list, detail and return requests.

    Lists are read as the portal user (record rules isolate customers); the
    detail page and the writes run as superuser only after
    ``_document_check_access``."""

    _rma_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_rma_count" in counters:
            Rma = request.env["aftersales.rma"]
            values["aftersales_rma_count"] = (
                Rma.search_count(self._prepare_rma_domain())
                if Rma.has_access("read")
                else 0
            )
        return values

    def _prepare_rma_domain(self):
        commercial = request.env.user.partner_id.commercial_partner_id
        return [("commercial_partner_id", "=", commercial.id)]

    def _get_rma_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    # ------------------------------------------------------------------
    # List and detail
    # ------------------------------------------------------------------
    @http.route(
        ["/my/rma", "/my/rma/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_rmas(self, page=1, sortby=None, **kw):
        Rma = request.env["aftersales.rma"]
        domain = self._prepare_rma_domain()
        sortings = self._get_rma_searchbar_sortings()
        if sortby not in sortings:
            sortby = "date"
        pager = portal_pager(
            url="/my/rma",
            url_args={"sortby": sortby},
            total=Rma.search_count(domain),
            page=page,
            step=self._rma_per_page,
        )
        rmas = Rma.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._rma_per_page,
            offset=pager["offset"],
        )
        request.session["my_rma_history"] = rmas.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "rmas": rmas,
                "pager": pager,
                "page_name": "rma",
                "default_url": "/my/rma",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("aftersales_rma.portal_my_rmas", values)

    @http.route(["/my/rma/<int:rma_id>"], type="http", auth="public", website=True)
    def portal_my_rma(self, rma_id, access_token=None, **kw):
        try:
            rma_sudo = self._document_check_access(
                "aftersales.rma", rma_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            rma_sudo, access_token, {}, "my_rma_history", False, **kw
        )
        values.update(
            {
                "rma": rma_sudo,
                "page_name": "rma",
                # the reader may see the document: let the portal chatter post
                "token": rma_sudo._portal_ensure_token(),
                "tracking_saved": kw.get("tracking_saved"),
                "rma_requested": kw.get("requested"),
            }
        )
        return request.render("aftersales_rma.portal_my_rma", values)

    @http.route(
        ["/my/rma/<int:rma_id>/tracking"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_rma_tracking(self, rma_id, access_token=None, **post):
        """The customer tells which courier carries the parcel (RMA-01)."""
        try:
            rma_sudo = self._document_check_access(
                "aftersales.rma", rma_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if rma_sudo.state == "confirmed":
            rma_sudo.write(
                {
                    "carrier_name": (post.get("carrier_name") or "").strip(),
                    "tracking_ref": (post.get("tracking_ref") or "").strip(),
                }
            )
        return request.redirect(
            rma_sudo.get_portal_url(query_string="&tracking_saved=1")
        )

    # ------------------------------------------------------------------
    # Return request
    # ------------------------------------------------------------------
    def _rma_returnable_sale_lines(self):
        """Delivered sale lines of the user's company with something left to
        return, read as superuser: ``(sale lines, {id: returnable qty})``."""
        commercial = request.env.user.partner_id.commercial_partner_id
        lines = (
            request.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.partner_id.commercial_partner_id", "=", commercial.id),
                    ("order_id.state", "=", "sale"),
                    ("display_type", "=", False),
                    ("qty_delivered", ">", 0),
                    ("company_id", "in", request.env.user.company_ids.ids),
                ],
                order="order_id desc, sequence, id",
            )
        )
        returnable = lines._aftersales_rma_returnable_qty()
        lines = lines.filtered(lambda line: returnable[line.id] > 0)
        return lines, returnable

    def _rma_parse_request(self, post):
        """Records and values of the submitted form, read as superuser."""
        sale_line_id = aftersales_portal_id(post.get("sale_line_id"), _("order line"))
        lot_id = aftersales_portal_id(post.get("lot_id"), _("serial number"))
        quantity = aftersales_portal_quantity(post.get("quantity"))
        return {
            "sale_line": request.env["sale.order.line"].sudo().browse(sale_line_id),
            "lot": request.env["stock.lot"].sudo().browse(lot_id),
            "quantity": quantity,
            "reason": post.get("reason") or False,
            "note": (post.get("description") or "").strip(),
        }

    @http.route(
        ["/my/rma/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_rma_new(self, **post):
        sale_lines, returnable = self._rma_returnable_sale_lines()
        lots = sale_lines._aftersales_rma_returnable_lots()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sale_lines": sale_lines,
                "returnable": returnable,
                "lots_by_line": lots,
                "reasons": request.env["aftersales.rma"]
                ._fields["request_reason"]
                ._description_selection(request.env),
                "page_name": "rma_new",
                "error": False,
                "post": post,
            }
        )
        if request.httprequest.method == "POST":
            try:
                data = self._rma_parse_request(post)
                data["sale_line"] = data["sale_line"].exists()
                data["lot"] = data["lot"].exists()
                rma = (
                    request.env["aftersales.rma"]
                    .sudo()
                    ._portal_create_request(request.env.user.partner_id, **data)
                )
            except UserError as error:
                values["error"] = error.args[0]
            else:
                return request.redirect(f"/my/rma/{rma.id}?requested=1")
        return request.render("aftersales_rma.portal_rma_new", values)
