#!/usr/bin/env python3
"""Regenerate each addon's i18n/<addon>.pot from a database where the addons
are installed, and list the terms its zh_CN.po does not translate yet.

The .pot files are Odoo's own export (what "Export Translation" writes, with
no language), never edited by hand; tests/test_translations.py (in
aftersales_service) fails when a term is missing from the .pot or from
zh_CN.po. Usage, with an Odoo configuration whose addons path holds this
repository's addons:

    python3 scripts/i18n_sync.py -c odoo.conf -d DATABASE [addon ...]

Exit status 1 when some term has no zh_CN translation (they are printed).
"""

import argparse
import os
import pathlib
import sys

ADDONS = ("aftersales_service", "aftersales_rma", "aftersales_survey")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("addons", nargs="*", default=list(ADDONS))
    args = parser.parse_args()
    if os.environ.get("ODOO_PATH"):
        sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 - imported once the path is known
    from odoo.modules.module import get_module_path  # noqa: PLC0415
    from odoo.tools.translate import (  # noqa: PLC0415
        PoFileReader,
        TranslationModuleReader,
        trans_export,
    )

    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    missing_total = 0
    with registry.cursor() as cr:
        for addon in args.addons:
            i18n = pathlib.Path(get_module_path(addon)) / "i18n"
            with open(i18n / f"{addon}.pot", "wb") as pot:
                trans_export(None, [addon], pot, "po", cr)
            terms = {
                term[4]
                for term in TranslationModuleReader(cr, modules=[addon])
                if term[0] == addon and term[4]
            }
            with open(i18n / "zh_CN.po", "rb") as po_file:
                translated = {e["src"] for e in PoFileReader(po_file) if e["value"]}
            missing = sorted(terms - translated)
            missing_total += len(missing)
            print(f"{addon}: {len(terms)} terms, {len(missing)} without zh_CN")
            for term in missing:
                print(f"    {term!r}")
            cr.rollback()
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
