"""The doctor's report: its groups in order, and every check of each group.

Each group's checks live in a module of their own (``addons``, ``nodes`` and
``claims``, ``secrets``, ``workloads``, ``entry``, ``backups``, ``leftovers``); what they
share is in ``_shared``. :func:`diagnose` runs them all. Nothing here talks to a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._shared import OK, PROBLEM, SKIPPED, WARNING, Expected, Finding
from .addons import check_addons, check_samba_address
from .backups import check_backups
from .claims import check_claims
from .cluster import Cluster, Obj
from .entry import check_entry
from .leftovers import check_applied, check_leftovers
from .nodes import check_storage
from .secrets import check_secrets
from .workloads import check_workloads

__all__ = [
    "GROUPS",
    "OK",
    "PROBLEM",
    "SKIPPED",
    "WARNING",
    "Expected",
    "Finding",
    "diagnose",
    "problems",
]

GROUPS = ("add-ons", "nodes and storage", "secrets", "workloads", "entry", "backups", "leftovers")


def diagnose(expected_objects: list[Obj], cluster: Cluster) -> list[Finding]:
    """Every finding, grouped in the order of :data:`GROUPS`."""
    expected = Expected(expected_objects)
    findings = [
        *check_addons(expected, cluster),
        *check_samba_address(expected, cluster),
        *check_storage(expected, cluster),
        *check_claims(expected, cluster),
        *check_secrets(expected, cluster),
        *check_workloads(expected, cluster),
        *check_entry(expected, cluster),
        *check_backups(expected, cluster),
        *check_applied(expected, cluster),
        *check_leftovers(expected, cluster),
    ]
    if "Event" in cluster.unreadable:
        findings.append(
            Finding(
                "workloads",
                SKIPPED,
                f"could not read Events ({cluster.unreadable['Event']}): causes that only "
                "Events show (a volume that cannot mount, an address MetalLB refused) were "
                "not looked for",
                "run the doctor with a kubeconfig that may list Events",
            )
        )
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(findings, key=lambda f: order[f.group])


def problems(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.mark == PROBLEM)
