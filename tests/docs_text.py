"""The owner's documentation as the tests read it: the README and the site's pages (docs/).

A statement the tests hold the library to (the apply command, the waivers, the
examples) may live in either; the tests look in both, so moving text between
the README and a page never drops a check.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"


def pages() -> list[Path]:
    """The README and every Markdown page of the site (generated pages excluded)."""
    found = sorted(p for p in DOCS.rglob("*.md") if "_generated" not in p.parts)
    return [README, *found]


def name(page: Path) -> str:
    """The page's path from the repository root, as a test id."""
    return page.relative_to(ROOT).as_posix()


def blocks(language: str, page: Path | None = None) -> list[str]:
    """The fenced code blocks of ``language`` in ``page``, or in every page."""
    texts = [page.read_text()] if page else [p.read_text() for p in pages()]
    return [b for text in texts for b in re.findall(rf"```{language}\n(.*?)```", text, re.S)]


def text() -> str:
    """Every page's text, concatenated."""
    return "\n".join(p.read_text() for p in pages())
