"""``homemusic doctor`` against twelve cluster states recorded from a real API server.

The states are ``tests/fixtures/cluster-states`` (a copy of the recordings,
with their README): each folder holds the objects and discovery documents of
a kube-apiserver v1.36.2 running ``main.py``'s output as it was then
(``dist/``; ``dist-navidrome/`` for the switched stack). What each test
expects is written from that README ("what a good doctor says") and from the
objects, not from the doctor's output: the cause, the object, and the fix.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from homemusic import doctor
from homemusic.doctor.checks import Finding, diagnose
from homemusic.doctor.cluster import Cluster, read_dist

import pytest

from tests.cluster_replay import Replay, kubeconfig, serving
from tests.support import ROOT

STATES = ROOT / "tests" / "fixtures" / "cluster-states"
SCENARIOS = sorted(p.name for p in STATES.iterdir() if (p / "objects.json").is_file())


def dist_of(state: str) -> Path:
    return STATES / ("dist-navidrome" if state == "leftover-server" else "dist")


def findings_of(state: str, cluster: Cluster | None = None) -> list[Finding]:
    return diagnose(read_dist(dist_of(state)), cluster or Cluster.from_recording(STATES / state))


def has(findings: list[Finding], group: str, mark: str, *phrases: str) -> bool:
    return any(
        f.group == group and f.mark == mark and all(p in f"{f.seen} {f.fix}" for p in phrases)
        for f in findings
    )


# (group, phrases that must stand in one problem's text) for each broken state; each
# state's problems are exactly these (no false alarm beside them).
EXPECTED: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "no-addons": [
        ("add-ons", ("cert-manager is not installed", "cert-manager.io", "step 1")),
        ("add-ons", ("MetalLB is not installed", "metallb.io")),
        ("add-ons", ("no IngressClass public", "Ingress homemusic-airsonic")),
        ("add-ons", ("homemusic-samba", "without an address", "MetalLB is missing")),
        ("entry", ("Ingress homemusic-airsonic has no address",)),
    ],
    "users-secret-missing": [
        (
            "secrets",
            ("homemusic-samba-users does not exist", "homemusic samba-users", "--uid 1000",
             "--gid 1000", "myuser", "--namespace homemusic"),
        ),
        (
            "workloads",
            ("homemusic-samba", "cannot mount volume users", "Secret homemusic-samba-users",
             "retries the mount by itself"),
        ),
    ],
    "users-secret-wrong": [
        ("secrets", ("users.json", "homemusic-samba-users", "no samba-container-config key",
                     "delete secret homemusic-samba-users", "rollout restart")),
        ("workloads", ("homemusic-samba", "exits with code 1", "restarts", "--previous")),
    ],
    "users-secret-mismatch": [
        ("secrets", ("does not match", "me (uid 10000, gid 10000)",
                     "myuser (uid 1000, gid 1000)", "--uid 1000 --gid 1000 myuser",
                     "rollout restart deployment homemusic-samba")),
    ],
    "wrong-node-name": [
        ("nodes and storage", ("node named node1", "node-1", "node_name",
                               "delete pvc homemusic-music homemusic-config",
                               "delete pv homemusic-homemusic-music homemusic-homemusic-config")),
        ("workloads", ("homemusic-samba cannot be scheduled", "node affinity")),
        ("workloads", ("homemusic-airsonic cannot be scheduled", "node affinity")),
    ],
    "config-dir-not-writable": [
        ("workloads", ("homemusic-airsonic", "exits with code 1", "/mnt/hdd/config on node1",
                       "logs deploy/homemusic-airsonic --previous")),
    ],
    "certificate-pending": [
        ("entry", ("homemusic-airsonic-tls", "HTTP-01", "times out", "http://example.com",
                   "forward TCP 80")),
    ],
    "load-balancer-pending": [
        ("add-ons", ("192.168.0.200", "no pool contains it",
                     "default-addresspool 192.168.0.100-192.168.0.110", "192.168.0.200/32")),
    ],
    "load-balancer-ip-taken": [
        ("add-ons", ("192.168.0.200 belongs to ingress/traefik", "another address",
                     "samba_load_balancer_ip")),
    ],
    "leftover-server": [
        ("leftovers", ("Deployment homemusic-airsonic", "Ingress homemusic-airsonic",
                       "NetworkPolicy homemusic-airsonic-acme-http01-solver",
                       "Service homemusic-airsonic", "homemusic-airsonic-tls",
                       "homemusic-config", "two Ingresses claim example.com",
                       "-l app.kubernetes.io/instance=homemusic-airsonic",
                       "delete secret homemusic-airsonic-tls")),
    ],
    "image-pull-failed": [
        ("workloads", ("node1 cannot pull quay.io/samba.org/samba-server:v0.9",
                       "DNS lookups of quay.io", "server misbehaving", "already on the node",
                       "pulls Always", "fix the node's DNS")),
        ("workloads", ("node1 cannot pull lscr.io/linuxserver/airsonic:v10.6.2-ls134",
                       "DNS lookups of lscr.io")),
    ],
}  # fmt: skip


def test_every_recorded_state_has_an_expectation() -> None:
    assert set(SCENARIOS) == {"healthy", *EXPECTED}


def test_healthy_state_is_all_ok() -> None:
    findings = findings_of("healthy")
    assert [f for f in findings if f.mark in ("problem", "skipped")] == []
    # at most the note about the deprecated MetalLB annotation (the README's words)
    warnings = [f for f in findings if f.mark == "warning"]
    assert len(warnings) == 1 and "metallb.universe.tf" in warnings[0].seen
    for group in ("add-ons", "nodes and storage", "secrets", "workloads", "entry", "leftovers"):
        assert has(findings, group, "ok"), group
    assert has(findings, "entry", "ok", "Certificate homemusic-airsonic-tls is ready")
    assert has(findings, "secrets", "ok", "myuser (uid 1000, gid 1000)")


@pytest.mark.parametrize("state", sorted(EXPECTED))
def test_each_broken_state_is_diagnosed(state: str) -> None:
    findings = findings_of(state)
    problems = [f for f in findings if f.mark == "problem"]
    for group, phrases in EXPECTED[state]:
        assert has(findings, group, "problem", *phrases), (group, phrases, problems)
    # nothing else is called a problem
    assert len(problems) == len(EXPECTED[state]), problems


def test_secret_missing_also_explains_the_silent_address() -> None:
    # the Service has 192.168.0.200, but MetalLB announces it only from a node
    # with a ready endpoint (externalTrafficPolicy Local)
    findings = findings_of("users-secret-missing")
    assert has(findings, "add-ons", "warning", "192.168.0.200", "externalTrafficPolicy Local")


def test_unreadable_secrets_are_skipped_and_said() -> None:
    cluster = Cluster.from_recording(STATES / "users-secret-mismatch")
    cluster.objects.pop("Secret")
    cluster.unreadable["Secret"] = "forbidden for this kubeconfig"
    findings = findings_of("users-secret-mismatch", cluster)
    assert has(findings, "secrets", "skipped", "could not read Secrets", "forbidden")
    assert not [f for f in findings if f.mark == "problem"]


def test_previous_log_lines_are_shown() -> None:
    cluster = Cluster.from_recording(STATES / "users-secret-wrong")
    asked: list[tuple[str, str, str]] = []

    def previous_log(namespace: str, pod: str, container: str) -> str:
        asked.append((namespace, pod, container))
        return "starting\nError: Invalid config: no samba-container-config key\n"

    cluster.previous_log = previous_log
    findings = findings_of("users-secret-wrong", cluster)
    assert has(findings, "workloads", "problem", "no samba-container-config key", "exits")
    assert asked and asked[0][0] == "homemusic" and asked[0][2] == "samba"


# --- the live path: the official client against a replay of each state on loopback ---


def run_live(
    state: str, tmp_path: Path, *, replay: Replay | None = None, json_out: bool = True
) -> tuple[int, str, Replay]:
    replay = replay or Replay(STATES / state)
    with serving(replay) as url:
        config = kubeconfig(tmp_path / "kubeconfig", url)
        out = io.StringIO()
        args = [str(dist_of(state)), "--kubeconfig", str(config), "--context", "recorded"]
        code = doctor.main([*args, "--json"] if json_out else args, stdout=out)
    return code, out.getvalue(), replay


@pytest.mark.parametrize("state", SCENARIOS)
def test_live_path_reads_the_same_state(state: str, tmp_path: Path) -> None:
    code, out, replay = run_live(state, tmp_path)
    report = json.loads(out)
    live = [(f["group"], f["mark"], f["seen"], f["fix"]) for f in report["findings"]]
    recorded = [(f.group, f.mark, f.seen, f.fix) for f in findings_of(state)]
    assert live == recorded
    assert code == (0 if state == "healthy" else 1)
    assert report["problems"] == len(EXPECTED.get(state, []))
    # read-only: GET requests only, discovery first
    assert {method for method, _ in replay.requests} == {"GET"}
    assert replay.requests[0] == ("GET", "/api")
    assert ("GET", "/apis") in replay.requests


def test_live_path_skips_a_group_the_cluster_does_not_serve(tmp_path: Path) -> None:
    _, _, replay = run_live("no-addons", tmp_path)
    paths = {path for _, path in replay.requests}
    assert not [p for p in paths if "cert-manager.io" in p or "metallb.io" in p]
    assert "/apis/apps/v1/deployments" in paths


def test_live_path_reads_secrets_only_in_the_stack_namespace(tmp_path: Path) -> None:
    _, _, replay = run_live("healthy", tmp_path)
    secret_paths = {p for _, p in replay.requests if p.endswith("/secrets")}
    assert secret_paths == {"/api/v1/namespaces/homemusic/secrets"}


def test_live_path_when_secrets_are_forbidden(tmp_path: Path) -> None:
    replay = Replay(STATES / "users-secret-mismatch", forbidden=frozenset({"secrets"}))
    code, out, _ = run_live("users-secret-mismatch", tmp_path, replay=replay)
    findings = json.loads(out)["findings"]
    assert any(f["mark"] == "skipped" and "could not read Secrets" in f["seen"] for f in findings)
    assert code == 0  # nothing else is wrong in that state


def test_live_path_when_events_are_forbidden(tmp_path: Path) -> None:
    replay = Replay(STATES / "users-secret-missing", forbidden=frozenset({"events"}))
    _, out, _ = run_live("users-secret-missing", tmp_path, replay=replay)
    findings = json.loads(out)["findings"]
    assert any(f["mark"] == "skipped" and "could not read Events" in f["seen"] for f in findings)
    # the Secret check still finds the cause
    assert any(f["mark"] == "problem" and "does not exist" in f["seen"] for f in findings)


def test_live_path_reads_the_previous_log(tmp_path: Path) -> None:
    objects = json.loads((STATES / "users-secret-wrong" / "objects.json").read_text())["items"]
    [pod] = [
        o["metadata"]["name"]
        for o in objects
        if o["kind"] == "Pod" and o["metadata"]["name"].startswith("homemusic-samba-")
    ]
    log = "sambacc: Invalid config: no samba-container-config key\n"
    replay = Replay(STATES / "users-secret-wrong", logs={("homemusic", pod, "samba"): log})
    _, out, _ = run_live("users-secret-wrong", tmp_path, replay=replay)
    assert "Invalid config: no samba-container-config key" in out


def test_text_report_one_line_per_finding(tmp_path: Path) -> None:
    code, out, _ = run_live("load-balancer-pending", tmp_path, json_out=False)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("homemusic doctor: ") and "context recorded" in lines[0]
    assert lines[-1] == "1 problem, 0 warnings."
    [problem] = [line for line in lines if line.lstrip().startswith("PROBLEM")]
    assert "no pool contains it" in problem and ". Fix: " in problem
    for group in ("add-ons", "nodes and storage", "secrets", "workloads", "entry", "leftovers"):
        assert group in lines


def _secret_values(state: str) -> set[str]:
    """Every value of every Secret of a state, encoded and decoded, and the test password."""
    objects = json.loads((STATES / state / "objects.json").read_text())["items"]
    values = {"correct horse battery staple", "PRIVATE KEY", "BEGIN CERTIFICATE"}
    for obj in objects:
        if obj["kind"] != "Secret":
            continue
        for value in (obj.get("data") or {}).values():
            values.add(value)
            decoded = base64.b64decode(value).decode("utf-8", errors="replace")
            values.update(line for line in decoded.splitlines() if len(line) >= 12)
        annotation = (
            obj["metadata"]
            .get("annotations", {})
            .get("kubectl.kubernetes.io/last-applied-configuration")
        )
        if annotation:
            values.add(annotation)
    return {v for v in values if len(v) >= 8}


@pytest.mark.parametrize("state", SCENARIOS)
def test_no_secret_value_reaches_the_output(state: str, tmp_path: Path) -> None:
    _, as_json, _ = run_live(state, tmp_path)
    _, as_text, _ = run_live(state, tmp_path, json_out=False)
    for value in _secret_values(state):
        assert value not in as_json and value not in as_text, value[:20]


def test_misuse_exits_2_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "homemusic.commands.cli", "doctor", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is not a synthesized output" in result.stderr
    config = kubeconfig(tmp_path / "kubeconfig", "http://127.0.0.1:9")  # nothing listens
    result = subprocess.run(
        [sys.executable, "-m", "homemusic.commands.cli", "doctor", str(dist_of("healthy")),
         "--kubeconfig", str(config)],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("homemusic doctor: error: cannot reach the API server")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "kind: [unclosed\n"}, "cannot read DIST"),
        ({"a.yaml": "- just\n- a list\n"}, "not a Kubernetes object"),
        ({"kustomization.yaml": "resources: [gone.yaml]\n", "x.yaml": "{}\n"}, "gone.yaml"),
    ],
)
def test_a_dist_it_cannot_read_exits_2_with_one_line(
    files: dict[str, str], message: str, tmp_path: Path
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "homemusic.commands.cli", "doctor", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert message in result.stderr


def test_synth_does_not_load_the_doctor() -> None:
    # `make synth` stays as fast as it was: importing the library loads neither
    # the doctor nor the Kubernetes client
    code = (
        "import sys, homemusic; "
        "print(any(m.startswith(('homemusic.doctor', 'kubernetes')) for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_objects_of_dist_missing_from_the_cluster_are_named() -> None:
    # today's main.py against the healthy state, which applied the older output:
    # the stack's own MetalLB pool is not on that cluster yet
    findings = diagnose(read_dist(ROOT / "dist"), Cluster.from_recording(STATES / "healthy"))
    problems = [f for f in findings if f.mark == "problem"]
    assert len(problems) == 1, problems
    assert has(
        findings,
        "leftovers",
        "problem",
        "not on the cluster",
        "IPAddressPool metallb-system/homemusic",
        "L2Advertisement metallb-system/homemusic",
        "apply dist/",
    )
    data: dict[str, Any] = {"findings": [f.as_dict() for f in findings]}
    assert json.dumps(data)


def test_gateway_and_route_status_are_read() -> None:
    # a Gateway entry on the healthy cluster (Traefik's GatewayClass exists there);
    # its route is written with the status a Gateway implementation reports
    from homemusic import HomeMusicChart, HttpsEntry

    import cdk8s

    from tests.support import blog_stack_args

    app = cdk8s.App()
    args = blog_stack_args(https_entry=HttpsEntry.gateway(class_name="traefik"))
    chart = HomeMusicChart(app, "homemusic", **args)
    objects = list(chart.to_json())
    cluster = Cluster.from_recording(STATES / "healthy")
    for obj in objects:
        if obj["kind"] in ("Gateway", "HTTPRoute"):
            live = json.loads(json.dumps(obj))
            accepted = {"type": "Accepted", "status": "True", "reason": "Accepted"}
            programmed = {"type": "Programmed", "status": "True", "reason": "Programmed"}
            if obj["kind"] == "Gateway":
                live["status"] = {"conditions": [accepted, programmed]}
            elif obj["metadata"]["name"].endswith("-https-redirect"):
                refused = {"type": "Accepted", "status": "False", "reason": "NotAllowedByListeners"}
                live["status"] = {"parents": [{"conditions": [refused]}]}
            else:
                live["status"] = {"parents": [{"conditions": [accepted]}]}
            cluster.objects.setdefault(obj["kind"], []).append(live)
    findings = diagnose(objects, cluster)
    assert has(findings, "add-ons", "ok", "GatewayClass traefik exists")
    assert has(findings, "entry", "ok", "Gateway homemusic-airsonic is programmed")
    assert has(findings, "entry", "ok", "HTTPRoute homemusic-airsonic is accepted")
    assert has(
        findings,
        "entry",
        "problem",
        "HTTPRoute homemusic-airsonic-https-redirect is not accepted",
        "NotAllowedByListeners",
    )
