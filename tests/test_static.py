"""Repository checks that need no Odoo and no database.

Each check is parametrized per addon or per file so a failure names exactly
what is wrong. With no addon under ``addons/`` every check is skipped with a
reason instead of failing.
"""

import ast
import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
ALLOWED_LICENSES = {"LGPL-3", "AGPL-3"}
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
# Directories never holding addon source worth linting/parsing.
IGNORED_DIRS = {"__pycache__", "node_modules", ".git"}

ADDONS = sorted(
    p.parent for p in ADDONS_DIR.glob("*/__manifest__.py") if p.parent.is_dir()
)


def _params(items, ids, what):
    """Parametrize over items, or one skipped case saying why there are none."""
    if items:
        return pytest.mark.parametrize("item", items, ids=ids)
    return pytest.mark.parametrize(
        "item", [pytest.param(None, marks=pytest.mark.skip(reason=f"no {what}"))]
    )


def _files(pattern):
    return sorted(
        p
        for addon in ADDONS
        for p in addon.rglob(pattern)
        if not IGNORED_DIRS.intersection(p.relative_to(addon).parts)
    )


def _rel(path):
    return str(path.relative_to(ROOT))


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


XML_FILES = _files("*.xml")
ACCESS_FILES = [a / "security" / "ir.model.access.csv" for a in ADDONS]
ACCESS_FILES = [f for f in ACCESS_FILES if f.exists()]
per_addon = _params(ADDONS, [a.name for a in ADDONS], "addons under addons/")


# --- commands the README names --------------------------------------------


def _named_commands():
    """Scripts a user runs as written: the README's ``scripts/…``, ``.ci/run``,
    ``bench/…`` paths and every file under ``scripts/`` with a shebang."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(?<![\w/.-])((?:scripts|bench)/[\w.-]+|\.ci/run)", readme))
    named.update(
        _rel(p)
        for p in (ROOT / "scripts").glob("*")
        if p.is_file() and p.read_bytes()[:2] == b"#!"
    )
    return sorted(n for n in named if (ROOT / n).is_file())


NAMED_COMMANDS = _named_commands()


@_params(NAMED_COMMANDS, NAMED_COMMANDS, "commands named in the README")
def test_named_command_is_executable(item):
    """``scripts/run.sh`` as the README writes it must not say "Permission denied"."""
    path = ROOT / item
    assert path.read_bytes()[:2] == b"#!", f"{item} has no #! line"
    assert (
        os.stat(path).st_mode & 0o111
    ), f"{item} lacks its executable bit: git update-index --chmod=+x {item}"


# --- one class per model, no inheritance of our own views -----------------

MERGE_CHECK = "consider-merging-classes-inherited"


def _model_classes(addon):
    """(file, class, model, is_definition) for every Odoo model class of an addon."""
    for path in sorted(addon.rglob("*.py")):
        if (
            IGNORED_DIRS.intersection(path.relative_to(addon).parts)
            or "tests" in path.parts
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            attrs = {}
            for stmt in cls.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and stmt.targets[0].id in ("_name", "_inherit")
                ):
                    try:
                        attrs[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        pass
            name, inherit = attrs.get("_name"), attrs.get("_inherit")
            inherits = [inherit] if isinstance(inherit, str) else list(inherit or [])
            if name and name not in inherits:
                yield path, cls.name, name, True
            elif name or inherits:
                yield path, cls.name, name or inherits[0], False


@per_addon
def test_one_class_per_model(item):
    """A model an addon defines or extends lives in one class, in one file."""
    classes = {}
    for path, cls, model, defines in _model_classes(item):
        classes.setdefault(model, []).append(
            f"{_rel(path)}:{cls}" + (" (defines)" if defines else "")
        )
    split = {model: where for model, where in classes.items() if len(where) > 1}
    assert not split, "models split over several classes: " + "; ".join(
        f"{model}: {', '.join(where)}" for model, where in sorted(split.items())
    )


@per_addon
def test_merge_check_not_disabled(item):
    """pylint-odoo's consider-merging-classes-inherited stays on for our code."""
    offenders = [
        _rel(p)
        for p in item.rglob("*.py")
        if MERGE_CHECK in p.read_text(encoding="utf-8")
        and "disable" in p.read_text(encoding="utf-8")
    ]
    assert not offenders, f"{MERGE_CHECK} is disabled in: {', '.join(offenders)}"


def _translations_in_comprehensions(path):
    """Lines where ``_()`` is called inside a comprehension of ``path``: the
    comprehension's own frame has no ``self``, so ``_`` cannot find the
    language and the message stays English (Odoo logs "no translation
    language detected")."""
    comprehensions = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    scopes = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

    def walk(node, inside):
        for child in ast.iter_child_nodes(node):
            here = inside
            if isinstance(child, comprehensions):
                here = True
            elif isinstance(child, scopes):
                here = False
            if (
                here
                and isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id == "_"
            ):
                yield child.lineno
            yield from walk(child, here)

    return list(walk(ast.parse(path.read_text(encoding="utf-8")), False))


@per_addon
def test_no_translation_inside_comprehensions(item):
    """Messages are translated where ``self`` is in scope, never inside a
    comprehension (a loop builds the values instead)."""
    offenders = [
        f"{_rel(path)}:{line}"
        for path in sorted(item.rglob("*.py"))
        if "tests" not in path.relative_to(item).parts
        for line in _translations_in_comprehensions(path)
    ]
    assert not offenders, "_() inside a comprehension: " + ", ".join(offenders)


@per_addon
def test_no_inheritance_of_own_views(item):
    """An addon folds changes into its own views instead of inheriting them."""
    own_ids = set()
    inherits = []
    for path in item.rglob("*.xml"):
        if IGNORED_DIRS.intersection(path.relative_to(item).parts):
            continue
        root = etree.parse(str(path)).getroot()
        for rec in root.iter("record", "template"):
            if rec.get("id"):
                own_ids.add(
                    rec.get("id").split(".")[-1]
                    if rec.get("id").startswith(item.name + ".")
                    else rec.get("id")
                )
            if rec.tag == "template" and rec.get("inherit_id"):
                inherits.append((path, rec.get("id"), rec.get("inherit_id")))
            for field in rec.iterfind("field[@name='inherit_id']"):
                if field.get("ref"):
                    inherits.append((path, rec.get("id"), field.get("ref")))
    own = [
        f"{_rel(path)}: {rid} inherits {ref}"
        for path, rid, ref in inherits
        if ("." not in ref and ref in own_ids) or ref.startswith(item.name + ".")
    ]
    assert not own, "views inheriting views of the same addon: " + "; ".join(own)
    targets = {}
    for path, rid, ref in inherits:
        targets.setdefault(ref, []).append(f"{_rel(path)}:{rid}")
    twice = {ref: where for ref, where in targets.items() if len(where) > 1}
    assert not twice, (
        "one view inherited by several records of the addon: "
        + "; ".join(
            f"{ref}: {', '.join(where)}" for ref, where in sorted(twice.items())
        )
    )


# --- manifests ---------------------------------------------------------------


@per_addon
def test_manifest(item):
    try:
        manifest = _manifest(item)
    except (SyntaxError, ValueError) as exc:
        pytest.fail(f"{item.name}/__manifest__.py is not a literal dict: {exc}")
    assert isinstance(manifest, dict), "manifest must be a dict"
    for key in ("name", "version", "license", "depends"):
        assert key in manifest, f"manifest lacks {key!r}"
    assert re.fullmatch(
        r"18\.0\.\d+\.\d+\.\d+", manifest["version"]
    ), f"version {manifest['version']!r} must look like 18.0.x.y.z"
    assert (
        manifest["license"] in ALLOWED_LICENSES
    ), f"license {manifest['license']!r} not in {sorted(ALLOWED_LICENSES)}"
    missing = [
        f"{key}: {rel}"
        for key in ("data", "demo")
        for rel in manifest.get(key, [])
        if not (item / rel).is_file()
    ]
    assert not missing, f"files listed in the manifest do not exist: {missing}"


def test_licenses_consistent():
    if not ADDONS:
        pytest.skip("no addons under addons/")
    licenses = {}
    for addon in ADDONS:
        try:
            licenses[addon.name] = _manifest(addon).get("license")
        except (SyntaxError, ValueError):
            continue  # reported by test_manifest
    assert len(set(licenses.values())) <= 1, f"addons disagree on license: {licenses}"


# --- XML -----------------------------------------------------------------------


@_params(XML_FILES, [_rel(f) for f in XML_FILES], "XML files under addons/")
def test_xml_well_formed(item):
    try:
        etree.parse(str(item))
    except etree.XMLSyntaxError as exc:
        pytest.fail(f"{_rel(item)}: {exc}")


DEMO_FILES = [f for f in XML_FILES if "demo" in f.relative_to(ADDONS_DIR).parts[1:2]]


@_params(DEMO_FILES, [_rel(f) for f in DEMO_FILES], "demo XML files")
def test_demo_steps_run_in_the_admin_language(item):
    """Odoo loads demo data without a language, so an action a demo file
    calls directly posts its messages in English even on a Chinese database.
    Every demo step goes through aftersales.demo._run (the administrator's
    language); functions nested in a step only search for its records."""
    try:
        root = etree.parse(str(item)).getroot()
    except etree.XMLSyntaxError:
        pytest.skip("reported by test_xml_well_formed")
    direct = []
    for function in root.iter("function"):
        nested = function.getparent().tag == "function"
        call = (function.get("model"), function.get("name"))
        if (nested and call[1] != "search") or (
            not nested and call != ("aftersales.demo", "_run")
        ):
            direct.append(f"line {function.sourceline}: {call[0]}.{call[1]}")
    assert not direct, (
        "demo steps not run through aftersales.demo._run (their messages would "
        "be English on a non-English database): " + "; ".join(direct)
    )


# --- ir.model.access.csv -------------------------------------------------------


def _python_models(addon):
    """Models the addon defines (_name) or extends (_inherit without _name).

    Odoo creates the xmlid ``<addon>.model_<name>`` for both, so an
    unqualified ``model_x`` in the addon's CSV may reference either.
    """
    models = set()
    for py in addon.rglob("*.py"):
        parts = py.relative_to(addon).parts
        if parts[0] in ("tests", "migrations", "static") or IGNORED_DIRS.intersection(
            parts
        ):
            continue
        try:
            tree = ast.parse(py.read_text(encoding="utf-8"))
        except SyntaxError:
            continue  # ruff reports it
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            attrs = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Name):
                        attrs[target.id] = stmt.value
            name = attrs.get("_name")
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                models.add(name.value)
                continue
            inherit = attrs.get("_inherit")
            if isinstance(inherit, ast.Constant) and isinstance(inherit.value, str):
                models.add(inherit.value)
            elif isinstance(inherit, ast.List | ast.Tuple):
                models.update(
                    e.value
                    for e in inherit.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                )
    return models


def _xml_groups(addon):
    groups = set()
    for xml in addon.rglob("*.xml"):
        try:
            tree = etree.parse(str(xml))
        except etree.XMLSyntaxError:
            continue  # reported by test_xml_well_formed
        for rec in tree.iter("record"):
            if rec.get("model") == "res.groups" and rec.get("id"):
                groups.add(rec.get("id"))
    return groups


@_params(ACCESS_FILES, [_rel(f) for f in ACCESS_FILES], "ir.model.access.csv")
def test_access_csv(item):
    addon = item.parent.parent
    name = addon.name
    models = {"model_" + m.replace(".", "_") for m in _python_models(addon)}
    groups = _xml_groups(addon)
    with item.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows, "empty file"
    assert rows[0] == ACCESS_HEADER, f"header must be {','.join(ACCESS_HEADER)}"
    problems, seen = [], set()
    for lineno, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(ACCESS_HEADER):
            problems.append(f"line {lineno}: {len(row)} columns, expected 8")
            continue
        rec = dict(zip(ACCESS_HEADER, row, strict=True))
        if rec["id"] in seen:
            problems.append(f"line {lineno}: duplicate id {rec['id']}")
        seen.add(rec["id"])
        bad_perms = [k for k in ACCESS_HEADER[4:] if rec[k] not in ("0", "1")]
        if bad_perms:
            problems.append(f"line {lineno}: {bad_perms} must be 0 or 1")
        module, _, model = rec["model_id:id"].rpartition(".")
        if module in ("", name) and model not in models:
            problems.append(
                f"line {lineno}: model {rec['model_id:id']} is not defined or "
                f"extended in {name}'s python (known: {sorted(models)})"
            )
        group = rec["group_id:id"]
        if group:
            gmodule, _, gid = group.rpartition(".")
            if gmodule in ("", name) and gid not in groups:
                problems.append(
                    f"line {lineno}: group {group} is not a res.groups record of "
                    f"{name} (use module.xmlid for another module's group)"
                )
    assert not problems, "\n".join(problems)


# --- linters -------------------------------------------------------------------


def _run(cmd):
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def _ruff_targets():
    targets = [_rel(a) for a in ADDONS]
    for extra in ("tests", "bench", "scripts"):
        d = ROOT / extra
        if d.is_dir() and any(d.rglob("*.py")):
            targets.append(extra)
    if (ROOT / "conftest.py").is_file():
        targets.append("conftest.py")
    return targets


RUFF_TARGETS = _ruff_targets()


@_params(RUFF_TARGETS, RUFF_TARGETS, "python to lint")
def test_ruff(item):
    if shutil.which("ruff") is None:
        try:
            import ruff  # noqa: F401
        except ImportError:
            pytest.fail("ruff is not installed (scripts/test.sh installs it)")
    code, out = _run([sys.executable, "-m", "ruff", "check", "--no-cache", item])
    assert code == 0, f"ruff check {item}:\n{out}"


@per_addon
def test_pylint_odoo_mandatory(item):
    try:
        import pylint_odoo  # noqa: F401
    except ImportError:
        pytest.fail("pylint-odoo is not installed (scripts/test.sh installs it)")
    code, out = _run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--rcfile=.pylintrc-mandatory",
            "--persistent=n",
            _rel(item),
        ]
    )
    assert code == 0, f"pylint-odoo mandatory checks on {item.name}:\n{out}"
