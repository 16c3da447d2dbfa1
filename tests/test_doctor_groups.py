"""One module per report group: each group module's checks report in its group only."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable

from homemusic.doctor.checks import GROUPS, Expected, Finding, diagnose
from homemusic.doctor.cluster import Cluster, read_dist

import pytest

from tests.support import ROOT

STATES = ROOT / "tests" / "fixtures" / "cluster-states"
SCENARIOS = sorted(p.name for p in STATES.iterdir() if (p / "objects.json").is_file())
MODULES = {
    "addons": "add-ons",
    "nodes": "nodes and storage",
    "claims": "nodes and storage",
    "secrets": "secrets",
    "workloads": "workloads",
    "entry": "entry",
    "backups": "backups",
    "leftovers": "leftovers",
}
"""Each group module of homemusic/doctor/ and the report group its checks write in."""


def checks_of(name: str) -> list[Callable[[Expected, Cluster], list[Finding]]]:
    module = importlib.import_module(f"homemusic.doctor.{name}")
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("check_") and function.__module__ == module.__name__
    ]


def test_every_group_has_its_module() -> None:
    assert set(MODULES.values()) == set(GROUPS)
    for name in MODULES:
        assert checks_of(name), name


@pytest.mark.parametrize("state", SCENARIOS)
def test_each_group_module_reports_in_its_group(state: str) -> None:
    dist = STATES / ("dist-navidrome" if state == "leftover-server" else "dist")
    objects = read_dist(dist)
    cluster = Cluster.from_recording(STATES / state)
    expected = Expected(objects)
    found: list[Finding] = []
    for name, group in MODULES.items():
        for check in checks_of(name):
            findings = check(expected, cluster)
            assert {f.group for f in findings} <= {group}, check.__name__
            found += findings
    # the group modules' checks are all diagnose() runs (it adds only the
    # note about unreadable Events)
    assert sorted(map(repr, found)) == sorted(map(repr, diagnose(objects, cluster)))
