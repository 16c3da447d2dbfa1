"""The README's and the site's Python examples run (synth replaced by render: nothing is written).

Also the README's promises about itself: short (at most 15 KB), the blog's stack
first, and every link into docs/ pointing at a page that exists.
"""

from __future__ import annotations

import re

import pytest

from tests.docs_text import README, blocks, name, pages
from tests.support import ROOT

BLOCKS = blocks("python", README)
EXAMPLES = [
    (name(page), i, code) for page in pages() for i, code in enumerate(blocks("python", page))
]


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 1
    assert len(EXAMPLES) >= 5


def test_readme_is_short() -> None:
    assert len(README.read_bytes()) <= 15 * 1024


@pytest.mark.parametrize(
    ("page", "index", "code"), EXAMPLES, ids=[f"{p}:{i + 1}" for p, i, _ in EXAMPLES]
)
def test_example_runs(page: str, index: int, code: str) -> None:
    assert "homemusic.synth(app)" in code
    code = code.replace("homemusic.synth(app)", "files = homemusic.render(app)")
    namespace: dict[str, object] = {}
    exec(compile(code, f"{page} example {index + 1}", "exec"), namespace)
    files = namespace["files"]
    assert isinstance(files, dict) and "kustomization.yaml" in files and len(files) >= 2


def test_readme_blog_example_is_main_py() -> None:
    import homemusic

    import cdk8s

    import main

    app = cdk8s.App()
    main.build(app)
    expected = homemusic.render(app)
    blog = [(n, c) for n, _, c in EXAMPLES if "myaddress@example.com" in c]
    assert {n for n, _ in blog} >= {"README.md", "docs/getting-started/index.md"}
    for page, code in blog:
        code = code.replace("homemusic.synth(app)", "files = homemusic.render(app)")
        namespace: dict[str, object] = {}
        exec(compile(code, f"{page} blog example", "exec"), namespace)
        assert namespace["files"] == expected, page


def test_readme_links_exist() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text())
    local = [link for link in links if "://" not in link]
    assert any(link.startswith("docs/") for link in local)
    for link in local:
        assert (ROOT / link).exists(), link
