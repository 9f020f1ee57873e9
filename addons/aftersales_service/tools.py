# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small helpers shared by the after-sales addons."""

from odoo.tools.misc import formatLang, get_lang


def format_qty(env, quantity, uom=None):
    """A quantity as a person writes it in their language: the unit's
    precision without trailing zeros ("7 Units", "2.5 kg", "1,250 m"), not
    Python's float repr ("7.0 Units")."""
    digits = env["decimal.precision"].precision_get("Product Unit of Measure")
    text = formatLang(env, quantity or 0.0, digits=digits)
    decimal_point = get_lang(env).decimal_point
    if decimal_point in text:
        text = text.rstrip("0").rstrip(decimal_point)
    return f"{text} {uom.name}" if uom else text
