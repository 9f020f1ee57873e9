#!/usr/bin/env python3
"""Build each addon's README.rst from its readme/*.md fragments.

OCA generates README.rst with oca-gen-addon-readme; this is the same idea
for our Markdown fragments, which are written to be valid reStructuredText
too (paragraphs, `-` lists, numbered lists, *emphasis*, **strong**).
Usage: scripts/gen_readme.py [addon_dir ...]  (default: every addon).
"""

import ast
import pathlib
import sys

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def _heading(text, char):
    width = sum(2 if ord(c) > 0x2E80 else 1 for c in text)
    return f"{text}\n{char * width}\n"


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text("utf-8"))
    parts = [
        _heading(manifest["name"], "="),
        f"{manifest.get('summary', '').strip()}\n",
        f"|license| ``{manifest['license']}`` · version ``{manifest['version']}``\n",
        f".. |license| replace:: License: {manifest['license']}\n",
        ".. contents::\n   :local:\n",
    ]
    for filename, title in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        if title:
            parts.append(_heading(title, "-"))
        parts.append(fragment.read_text("utf-8").strip() + "\n")
    parts.append(_heading("Authors", "-"))
    parts.append(f"* {manifest['author']}\n")
    (addon / "README.rst").write_text("\n".join(parts), encoding="utf-8")


def main(argv):
    root = pathlib.Path(__file__).resolve().parent.parent / "addons"
    addons = [pathlib.Path(a) for a in argv] or sorted(
        p.parent for p in root.glob("*/__manifest__.py")
    )
    for addon in addons:
        if (addon / "readme").is_dir():
            build(addon)
            print(f"wrote {addon / 'README.rst'}")


if __name__ == "__main__":
    main(sys.argv[1:])
