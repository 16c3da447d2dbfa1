"""The doctor reads what the stack needs, not the whole cluster.

Namespaced kinds are listed in the stack's namespaces; only cluster-scoped
kinds, MetalLB's pools and advertisements (in MetalLB's namespace, which the
stack does not name) and cert-manager's Deployments (by their label) are
listed across namespaces. A cluster full of other workloads changes neither
the requests nor the report.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import parse_qs

from homemusic import doctor
from homemusic.doctor.checks import Expected
from homemusic.doctor.cluster import CERT_MANAGER_SELECTOR, KINDS, namespaces_to_read, read_dist
from homemusic.doctor.live import load

from tests.cluster_replay import Replay, add_other_namespaces, kubeconfig, serving
from tests.support import ROOT

STATES = ROOT / "tests" / "fixtures" / "cluster-states"
DIST = STATES / "dist"


def run(replay: Replay, tmp_path: Path) -> dict[str, object]:
    with serving(replay) as url:
        config = kubeconfig(tmp_path / "kubeconfig", url)
        out = io.StringIO()
        doctor.main([str(DIST), "--kubeconfig", str(config), "--json"], stdout=out)
    report: dict[str, object] = json.loads(out.getvalue())
    report.pop("cluster")  # the replay's address
    return report


def test_other_workloads_change_neither_requests_nor_report(tmp_path: Path) -> None:
    plain = Replay(STATES / "healthy")
    crowded = Replay(STATES / "healthy")
    add_other_namespaces(crowded, 2000)
    assert run(crowded, tmp_path) == run(plain, tmp_path)
    assert crowded.queries == plain.queries


def test_namespaced_kinds_are_listed_in_the_stack_namespace(tmp_path: Path) -> None:
    replay = Replay(STATES / "healthy")
    run(replay, tmp_path)
    everywhere = {k.plural for k in KINDS if not k.namespaced or k.everywhere}
    across = []
    for path, query in replay.queries:
        if path in ("/api", "/apis") or "/namespaces/" in path:
            continue
        plural = path.rsplit("/", 1)[1]
        if plural not in everywhere:
            across.append((path, parse_qs(query)))
    # the one namespaced list across namespaces: cert-manager's Deployments, by label
    assert across == [("/apis/apps/v1/deployments", {"labelSelector": [CERT_MANAGER_SELECTOR]})]
    lists = {path for path, _ in replay.queries}
    assert "/api/v1/namespaces/homemusic/pods" in lists
    assert "/api/v1/pods" not in lists
    assert "/api/v1/services" not in lists


def test_cert_manager_controller_is_found_in_its_own_namespace(tmp_path: Path) -> None:
    report = run(Replay(STATES / "healthy"), tmp_path)
    findings = report["findings"]
    assert isinstance(findings, list)
    assert any(
        f["mark"] == "ok" and "cert-manager's controller cert-manager/cert-manager" in f["seen"]
        for f in findings
    ), findings


def test_controller_unreadable_across_namespaces_is_skipped_and_said(tmp_path: Path) -> None:
    # a kubeconfig with a Role in the stack's namespace only
    replay = Replay(STATES / "healthy", forbidden_everywhere=frozenset({"deployments"}))
    report = run(replay, tmp_path)
    findings = report["findings"]
    assert isinstance(findings, list)
    skipped = [f for f in findings if f["mark"] == "skipped" and "cert-manager" in f["seen"]]
    assert skipped and "every namespace" in skipped[0]["fix"], findings
    # the stack's own Deployments were still read and checked
    assert report["problems"] == 0
    assert any(f["group"] == "workloads" and f["mark"] == "ok" for f in findings)


def test_where_dist_puts_objects_is_read_but_secrets_only_in_the_stack(tmp_path: Path) -> None:
    # dist/ with a MetalLB pool in MetalLB's namespace (read everywhere anyway)
    # and a Gateway of its own in another namespace (read there)
    objects = read_dist(DIST)
    meta = {"labels": {"app.kubernetes.io/part-of": "homemusic"}}
    objects += [
        {
            "apiVersion": "metallb.io/v1beta1",
            "kind": "IPAddressPool",
            "metadata": {**meta, "name": "homemusic", "namespace": "metallb-system"},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": {**meta, "name": "homemusic", "namespace": "gateways"},
        },
    ]
    stack = Expected(objects).namespaces
    assert stack == {"homemusic"}
    assert namespaces_to_read(objects) | stack == {"homemusic", "gateways"}
    replay = Replay(STATES / "healthy")
    with serving(replay) as url:
        config = kubeconfig(tmp_path / "kubeconfig", url)
        load(str(config), None, namespaces_to_read(objects) | stack, stack)
    paths = {path for path, _ in replay.queries}
    assert "/api/v1/namespaces/homemusic/secrets" in paths
    assert not [p for p in paths if p.endswith("/secrets") and "/homemusic/" not in p]
    assert "/api/v1/namespaces/gateways/pods" in paths
    assert "/apis/gateway.networking.k8s.io/v1/namespaces/gateways/gateways" in paths
    assert not [p for p in paths if "/namespaces/metallb-system/" in p]
