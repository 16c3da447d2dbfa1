"""The documentation site: its reference covers the public API, its pages' examples run.

The site itself is built strictly by ``make docs`` (``make test`` runs it), and
opened in a real browser by tests/test_site_browser.py.
"""

from __future__ import annotations

import re

import homemusic

from tests.support import ROOT

DOCS = ROOT / "docs"


def test_reference_documents_every_public_name() -> None:
    documented = set()
    for page in (DOCS / "reference").glob("*.md"):
        documented |= set(re.findall(r"^\.\. auto\w+:: homemusic\.(\w+)$", page.read_text(), re.M))
    assert documented == set(homemusic.__all__)


def test_reference_shows_every_command() -> None:
    from homemusic.commands.cli import COMMANDS

    from tools.docs_pages import commands_page

    page = commands_page()
    for name in COMMANDS:
        assert f"## `homemusic {name}`" in page
        assert f"usage: homemusic {name}" in page
