# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Call every public model method an addon adds over JSON-RPC, as a portal
customer and as a technician, with the arguments a client could send.

Shared by the three addons' tests: each fuzzes the methods its own classes
define (on its models and on the core models it extends).
"""

import inspect
import itertools
import json

from odoo import models
from odoo.tests import new_test_user

from .common import portal_user_of

# What a refusal may be: a message for the user, never a traceback.
CLEAN_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
    "odoo.exceptions.AccessDenied",
}

MAIL_GATEWAY = {"message_new", "message_update"}

# Garbage a client can send for a positional argument.
GARBAGE = ("abc", None, -1, 1e308, "x" * 10000, [999999999], {"id": "nan"})


class RpcFuzzMixin:
    """For an ``HttpCase`` that sets ``_fuzz_addon``: every public method
    that addon adds, called over JSON-RPC with garbage arguments as a portal
    customer and as a technician; each refusal is a clean error, never a
    traceback."""

    _fuzz_addon = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["aftersales.ticket"].search([], limit=1).partner_id
        cls.portal, cls.technician = cls._fuzz_users(
            customer.commercial_partner_id or cls.env.ref("base.res_partner_2")
        )

    def test_methods_found(self):
        methods = self._public_methods(self._fuzz_addon)
        self.assertTrue(methods)
        # the buttons of our documents are among them, the ORM's API is not
        names = {name for names in methods.values() for name in names}
        self.assertTrue({n for n in names if n.startswith("action_")})
        self.assertFalse(names & {"create", "write", "unlink", "read_group"})
        prefixes = ("aftersales.", "res.", "sale.", "stock.", "account.")
        prefixes += ("purchase.", "repair.", "survey.", "product.")
        self.assertTrue(all(m.startswith(prefixes) for m in methods))

    def test_portal_customer(self):
        problems = self._fuzz_methods(self._fuzz_addon, self.portal.login)
        self.assertFalse(problems, "\n".join(problems))

    def test_technician(self):
        problems = self._fuzz_methods(self._fuzz_addon, self.technician.login)
        self.assertFalse(problems, "\n".join(problems))

    @classmethod
    def _fuzz_users(cls, customer):
        portal = portal_user_of(
            cls.env, customer, login="fuzz_portal", name="Fuzz Portal"
        )
        technician = new_test_user(
            cls.env,
            login="fuzz_technician",
            groups="base.group_user,aftersales_service.group_aftersales_user",
            name="Fuzz Technician",
        )
        return portal, technician

    def _public_methods(self, addon):
        """{model: sorted method names} defined by ``addon``'s classes."""
        prefix = f"odoo.addons.{addon}."
        found = {}
        for name in self.env.registry:
            model_cls = type(self.env[name])
            if self.env[name]._transient or self.env[name]._abstract:
                continue
            for klass in model_cls.__mro__:
                if not klass.__module__.startswith(prefix):
                    continue
                for attr, value in vars(klass).items():
                    if attr.startswith("_") or not callable(value):
                        continue
                    # the ORM's own API (create, write, read_group, ...) and
                    # the mail gateway's take structured values by contract
                    if hasattr(models.BaseModel, attr) or attr in MAIL_GATEWAY:
                        continue
                    if isinstance(value, classmethod | staticmethod | type):
                        continue
                    found.setdefault(name, set()).add(attr)
        return {model: sorted(names) for model, names in sorted(found.items())}

    def _required_args(self, model, method):
        func = getattr(type(self.env[model]), method)
        params = list(inspect.signature(func).parameters.values())[1:]
        return [
            p
            for p in params
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]

    def _is_model_method(self, model, method):
        func = getattr(type(self.env[model]), method)
        return getattr(func, "_api", None) in ("model", "model_create")

    def _call(self, model, method, ids, args):
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": [*args] if ids is None else [ids, *args],
                "kwargs": {},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        if response.status_code >= 500:
            return f"HTTP {response.status_code}"
        if response.status_code >= 400:
            return None
        error = response.json().get("error")
        if error and error.get("data", {}).get("name") not in CLEAN_ERRORS:
            data = error.get("data", {})
            return f"{data.get('name')}: {data.get('message', '')[:200]}"
        return None

    def _fuzz_methods(self, addon, login):
        """Call each public method of ``addon`` once per garbage shape, on
        one record of its model, logged in as ``login``; return the
        responses that carried a traceback."""
        self.authenticate(login, login)
        problems = []
        garbage = itertools.cycle(GARBAGE)
        for model, methods in self._public_methods(addon).items():
            record = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([], limit=1, order="id desc")
            )
            for method in methods:
                required = self._required_args(model, method)
                shapes = [
                    [next(garbage) for _arg in required]
                    for _shape in range(3 if required else 1)
                ]
                ids = None if self._is_model_method(model, method) else record.ids
                if ids is None and not required:
                    shapes = [[next(garbage)] for _shape in range(3)]
                for args in shapes:
                    problem = self._call(model, method, ids, args)
                    if problem:
                        problems.append(
                            f"{model}.{method}{tuple(args)!r:.80}: {problem}"
                        )
        return problems
