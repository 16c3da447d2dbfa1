"""Sphinx configuration of homemusic's documentation site (``make docs``).

Why Sphinx (checked on PyPI and the projects' own pages in December 2026):
MkDocs 1.6.1 is from 2024 and its maintainers are rewriting it as an incompatible
2.0; Material for MkDocs announced that its critical fixes end in November 2026
(its issue #8523) and its team now builds Zensical, which is at 0.1.3 and calls
its mkdocstrings support preliminary. Sphinx (9.0.4) is maintained, its
``autodoc`` reads the docstrings as this library already writes them
(reStructuredText with ``:param:`` and ``:class:`` roles, which link), and its
strict mode (``-W -n``: every warning an error, every unresolved reference a
warning) is what ``make docs`` needs. MyST-Parser lets the pages stay Markdown,
and Furo is a theme that ships its own scripts and styles (nothing from a CDN).

Generated here on every build, never committed (``docs/_generated/``): the
commands' ``--help`` and the pictures of ``main.py``'s and each example's
output (``homemusic graph``). Mermaid's script comes from npm
(``package.json``, copied from ``node_modules`` by ``make docs``): the site
works offline.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

import homemusic  # noqa: E402  (first: points jsii at a supported Node.js)

from tools.docs_pages import generate  # noqa: E402

project = "homemusic"
author = "the homemusic authors"
copyright = "the homemusic authors, Apache-2.0"
release = homemusic.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
myst_fence_as_directive = ["mermaid"]

# Strict: `make docs` runs with -W -n, so an unresolved name fails the build.
nitpicky = True
# Names outside this library that the signatures mention (cdk8s, constructs and
# the standard library are not documented here, and the site is built offline).
nitpick_ignore_regex = [
    (r"py:.*", r"(cdk8s|constructs|_?jsii|typing|typing_extensions|collections\.abc|enum)\..*"),
    (r"py:.*", r"(Construct|ApiObject|Chart|App|Json|Sequence|Mapping|Iterable|Callable)"),
    (r"py:.*", r"ipaddress\..*"),
    # autodoc splits the attribute annotation `tuple[str, ...]` at its comma
    (r"py:class", r"(tuple|dict)\[str"),
    # the streaming servers' shared base class is not public API
    (r"py:class", r"homemusic\._private\.k8s\.ServerApp"),
]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "separated"
autodoc_default_options = {"members": True}

html_theme = "furo"
html_title = "homemusic"
# A favicon of its own, so no browser asks the server for /favicon.ico.
html_favicon = "_static/favicon.svg"
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
if not MERMAID_JS.is_file():
    raise RuntimeError(f"{MERMAID_JS} is missing: `make docs` installs it (npm ci --omit=dev)")
html_static_path = ["_static", str(MERMAID_JS)]
html_show_sourcelink = False
html_copy_source = False
# No search index would be a loss; Furo's search is local JavaScript.


class MermaidDirective(Directive):
    """A ```` ```mermaid ```` block: the diagram's text in ``<div class="mermaid">``.

    The bundled mermaid.min.js (loaded only on pages that have one) turns it
    into an SVG in the browser; GitHub renders the same block in the README.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.metadata[env.docname]["mermaid"] = True
        text = html.escape("\n".join(self.content))
        return [nodes.raw("", f'<div class="mermaid">\n{text}\n</div>\n', format="html")]


def _page_scripts(app: Any, pagename: str, templatename: str, context: Any, doctree: Any) -> None:
    if app.env.metadata.get(pagename, {}).get("mermaid"):
        app.add_js_file("mermaid.min.js")
        app.add_js_file("mermaid-init.js")
        app.add_css_file("pictures.css")


def _generate(app: Any) -> None:
    generate(DOCS / "_generated")


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("mermaid", MermaidDirective)
    app.connect("builder-inited", _generate)
    app.connect("html-page-context", _page_scripts)
    return {"parallel_read_safe": True}
