"""The README's Python examples run (synth replaced by render: nothing is written)."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int) -> None:
    code = BLOCKS[index]
    assert "homemusic.synth(app)" in code
    code = code.replace("homemusic.synth(app)", "files = homemusic.render(app)")
    namespace: dict[str, object] = {}
    exec(compile(code, f"README.md example {index + 1}", "exec"), namespace)
    files = namespace["files"]
    assert isinstance(files, dict) and "kustomization.yaml" in files and len(files) >= 2


def test_readme_blog_example_is_main_py() -> None:
    import homemusic

    import cdk8s

    import main

    code = BLOCKS[0].replace("homemusic.synth(app)", "files = homemusic.render(app)")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md example 1", "exec"), namespace)
    app = cdk8s.App()
    main.build(app)
    assert namespace["files"] == homemusic.render(app)
