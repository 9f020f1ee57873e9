# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small helpers shared by the after-sales addons."""

import weakref

from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger
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


def url_in_lang(env, url, lang_code):
    """``url`` (a portal path) read in ``lang_code``: prefixed with the
    language's URL code when it is an installed language other than the
    default one, the way Odoo's frontend routing marks a language. The
    customer then reads the portal in their partner language, whatever
    their browser sends."""
    if not url or not url.startswith("/") or not lang_code:
        return url
    langs = env["res.lang"]._get_active_by("code")
    if len(langs) < 2 or lang_code not in langs:
        return url
    default = env["ir.default"].sudo()._get("res.partner", "lang") or next(iter(langs))
    if lang_code == default:
        return url
    return f"/{langs[lang_code].url_code}{url}"


def changed_field_labels(record, vals, names):
    """Labels, comma-separated, of the fields among ``names`` that writing
    ``vals`` would change on ``record`` ("" when none: writing the same value
    is no change). Serves the checks of lines fixed once their document is
    confirmed or submitted."""
    fields = record._fields
    return ", ".join(
        fields[name]._description_string(record.env)
        for name in names
        if name in vals
        and fields[name].convert_to_cache(record[name], record)
        != fields[name].convert_to_cache(vals[name], record)
    )


def lock_rows(records, message):
    """Lock ``records``' rows for the rest of the transaction before counting
    against them, or raise a ``UserError`` with ``message`` (one ``%s``: their
    names) when another transaction holds them.

    The rows are updated (a no-op), not only locked: a concurrent transaction
    then either finds them locked and is refused at once, or, if this one
    committed after it started, fails to serialise and is retried by Odoo,
    when it sees what this one recorded."""
    if not records:
        return
    env = records.env
    try:
        # a refused lock is an answer here, not an error to log
        with mute_logger("odoo.sql_db"), env.cr.savepoint(flush=False):
            env.cr.execute(
                SQL(
                    """UPDATE %(table)s SET write_date = write_date
                        WHERE id IN (SELECT id FROM %(table)s
                                      WHERE id = ANY(%(ids)s)
                                      ORDER BY id FOR NO KEY UPDATE NOWAIT)""",
                    table=SQL.identifier(records._table),
                    ids=list(records.ids),
                )
            )
    except LockNotAvailable as error:
        raise UserError(message % ", ".join(records.mapped("display_name"))) from error


# model class (one per registry) -> its stored computed column fields
_COMPUTED_COLUMNS = weakref.WeakKeyDictionary()


def cache_unset_computed_columns(records, data_list):
    """Cache NULL for the stored computed columns the new ``records`` (just
    inserted from ``data_list``, in ``_create``) were not given.

    The ORM caches NULL for the other columns a new row was not given, but
    not for computed ones; a compute that keeps a value set by hand reads the
    field's current value, which fetched the whole new row again."""
    cache = records.env.cache
    computed = _COMPUTED_COLUMNS.get(type(records))
    if computed is None:
        computed = _COMPUTED_COLUMNS[type(records)] = [
            field
            for field in records._fields.values()
            if field.store and field.compute and field.column_type
        ]
    for data, record in zip(data_list, records, strict=True):
        for field in computed:
            if field.name not in data["stored"] and not cache.contains(record, field):
                cache.set(record, field, field.convert_to_cache(None, record))
