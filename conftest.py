"""Repo-wide pytest hooks (apply to tests/ and addons/*/tests alike).

Odoo's HttpCase turns every browser problem (no websocket-client, Chrome not
starting, devtools unreachable) into a unittest SkipTest, so a broken browser
setup would silently skip every tour. When a Chrome/Chromium executable is on
PATH we treat such skips as failures. AFTERSALES_REQUIRE_BROWSER=1 makes it
strict even without a browser on PATH; =0 allows the skips.
"""

import logging
import os
import re
import shutil

import pytest

# pytest-odoo imports odoo.tests before any test module runs, when Odoo's
# test mode is still off (it must stay off while the registry loads, or Odoo
# would run every module's at_install tests). Odoo then logs an alarming but
# meaningless ERROR with a full stack; drop just that record.
logging.getLogger("odoo.tests.common").addFilter(
    lambda record: not str(record.msg).startswith("Importing test framework")
)

_BROWSER_SKIP = re.compile(
    r"chrome|chromium|websocket|devtools|browser", re.IGNORECASE
)
_BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")


def _browser_required():
    flag = os.environ.get("AFTERSALES_REQUIRE_BROWSER", "auto").lower()
    if flag in ("1", "true", "yes"):
        return True
    if flag in ("0", "false", "no"):
        return False
    return any(shutil.which(b) for b in _BROWSERS)


class _BrowserSkipGuard:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if not (report.skipped and isinstance(report.longrepr, tuple)):
            return
        reason = str(report.longrepr[2])
        if _BROWSER_SKIP.search(reason) and _browser_required():
            report.outcome = "failed"
            report.longrepr = (
                f"browser test skipped by Odoo ({reason}) although a browser is "
                "required; fix the browser setup or set AFTERSALES_REQUIRE_BROWSER=0"
            )


def pytest_configure(config):
    # Registered as a plugin rather than written as a conftest hook: conftest
    # hooks only see items below this directory, and addons given through
    # EXTRA_ADDONS_PATH live elsewhere.
    config.pluginmanager.register(_BrowserSkipGuard(), "aftersales-browser-guard")
