"""Fixtures: the blog's chart, synthesized once per test module (tests only read it)."""

from __future__ import annotations

import pytest

from tests.support import Obj, blog_chart, synth


@pytest.fixture(scope="module")
def blog_objects() -> list[Obj]:
    return synth(blog_chart())
