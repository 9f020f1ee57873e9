# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

ADDONS = ("aftersales_service", "aftersales_rma", "aftersales_survey")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every term a user of the installed after-sales addons can see (field
    labels, selections, views, messages, data) has its zh_CN translation in
    the addon's i18n/zh_CN.po: Chinese users never meet English. The .pot
    files are Odoo's own export (scripts/i18n_sync.py), kept up to date."""

    def test_every_term_has_its_zh_cn_translation(self):
        installed = (
            self.env["ir.module.module"]
            .search([("name", "in", ADDONS), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("aftersales_service", installed)
        for module in installed:
            reader = TranslationModuleReader(self.env.cr, modules=[module])
            terms = {term[4] for term in reader if term[0] == module and term[4]}
            i18n = f"{get_module_path(module)}/i18n"
            with open(f"{i18n}/zh_CN.po", "rb") as po_file:
                translated = {
                    entry["src"] for entry in PoFileReader(po_file) if entry["value"]
                }
            with open(f"{i18n}/{module}.pot", "rb") as pot_file:
                template = {entry["src"] for entry in PoFileReader(pot_file)}
            missing = sorted(terms - translated)
            with self.subTest(module=module):
                self.assertGreater(len(terms), 100, "the reader found the terms")
                self.assertFalse(
                    sorted(terms - template)[:20],
                    f"{module}.pot is out of date: run scripts/i18n_sync.py",
                )
                self.assertFalse(
                    missing,
                    f"{module}: {len(missing)} terms without zh_CN translation, "
                    f"e.g. {missing[:20]}",
                )
