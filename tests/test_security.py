"""Safe by default: LAN boundary, NetworkPolicies, pod security, waivers, HTTPS checks."""

from __future__ import annotations

import json
import re

import homemusic
from homemusic import HomeMusicChart, SynthError, TlsIngress
from homemusic.constructs.airsonic import AIRSONIC_CHECKOV_WAIVERS
from homemusic.constructs.samba import SAMBA_CHECKOV_WAIVERS

import cdk8s
import pytest

from tests.support import ROOT, Obj, blog_chart, blog_stack_args, container, find, one, synth


def policies_selecting(objects: list[Obj], labels: dict[str, str]) -> list[Obj]:
    return [
        p
        for p in find(objects, "NetworkPolicy")
        if all(
            labels.get(k) == v for k, v in p["spec"]["podSelector"].get("matchLabels", {}).items()
        )
    ]


def test_namespace_denies_ingress_by_default(blog_objects: list[Obj]) -> None:
    deny = one(blog_objects, "NetworkPolicy", "default-deny-ingress")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}


def test_samba_accepts_only_the_lan(blog_objects: list[Obj]) -> None:
    samba = one(blog_objects, "Deployment", "homemusic-samba")
    labels = samba["spec"]["template"]["metadata"]["labels"]
    allowing = [p for p in policies_selecting(blog_objects, labels) if p["spec"].get("ingress")]
    assert len(allowing) == 1
    rules = allowing[0]["spec"]["ingress"]
    assert rules == [
        {
            "from": [{"ipBlock": {"cidr": "192.168.0.0/24"}}],
            "ports": [{"port": 445, "protocol": "TCP"}],
        }
    ]
    service = one(blog_objects, "Service", "homemusic-samba")
    assert service["spec"]["loadBalancerSourceRanges"] == ["192.168.0.0/24"]
    assert service["spec"]["externalTrafficPolicy"] == "Local"


def test_airsonic_accepts_only_the_ingress_controller(blog_objects: list[Obj]) -> None:
    airsonic = one(blog_objects, "Deployment", "homemusic-airsonic")
    labels = airsonic["spec"]["template"]["metadata"]["labels"]
    allowing = [p for p in policies_selecting(blog_objects, labels) if p["spec"].get("ingress")]
    assert len(allowing) == 1
    assert allowing[0]["spec"]["ingress"] == [
        {
            "from": [
                {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}}
            ],
            "ports": [{"port": 4040, "protocol": "TCP"}],
        }
    ]


def test_acme_solver_stays_reachable(blog_objects: list[Obj]) -> None:
    solver_labels = {"acme.cert-manager.io/http01-solver": "true"}
    allowing = [
        p for p in policies_selecting(blog_objects, solver_labels) if p["spec"].get("ingress")
    ]
    assert len(allowing) == 1
    rule = allowing[0]["spec"]["ingress"][0]
    assert rule["ports"] == [{"port": 8089, "protocol": "TCP"}]
    assert rule["from"][0]["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": "ingress"
    }


def test_pod_security(blog_objects: list[Obj]) -> None:
    deployments = find(blog_objects, "Deployment")
    assert len(deployments) == 2
    for d in deployments:
        pod = d["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        c = container(d)
        sc = c["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["privileged"] is False
        assert sc["capabilities"]["drop"] == ["ALL"]
        # Pod Security Admission "baseline" allows only these added capabilities
        baseline = {
            "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
            "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
        }  # fmt: skip
        assert set(sc["capabilities"]["add"]) <= baseline
        assert set(c["resources"]["requests"]) == {"cpu", "memory"}
        assert set(c["resources"]["limits"]) == {"cpu", "memory"}
        assert "readinessProbe" in c and "livenessProbe" in c
        image = c["image"]
        assert "@sha256:" in image or re.search(r":[^/:]+$", image)
        assert not image.endswith(":latest")
        # a tag may move: re-verify it on each start; a digest cannot
        assert c["imagePullPolicy"] == ("IfNotPresent" if "@sha256:" in image else "Always")
    ns = one(blog_objects, "Namespace")
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    assert all(
        o["metadata"].get("namespace") == "homemusic"
        for o in blog_objects
        if o["kind"] not in ("Namespace", "PersistentVolume", "IPAddressPool", "L2Advertisement")
    )
    # MetalLB reads its pools only in its own namespace
    assert {o["metadata"]["namespace"] for o in find(blog_objects, "IPAddressPool")} == {
        "metallb-system"
    }


def test_waivers_are_only_the_documented_ones(blog_objects: list[Obj]) -> None:
    section = (ROOT / "docs" / "security.md").read_text().split("\n## ", 1)[0]
    for name, expected in (
        ("homemusic-samba", SAMBA_CHECKOV_WAIVERS),
        ("homemusic-airsonic", AIRSONIC_CHECKOV_WAIVERS),
    ):
        annotations = one(blog_objects, "Deployment", name)["metadata"]["annotations"]
        waived = {
            v.split("=", 1)[0]: v.split("=", 1)[1]
            for k, v in annotations.items()
            if k.startswith("checkov.io/skip")
        }
        assert set(expected) <= set(waived)
        for check, reason in waived.items():
            assert reason, check
            assert re.search(rf"\| {name.removeprefix('homemusic-')} \| {check} \|", section), (
                f"{check} on {name} is not listed in docs/security.md"
            )
    for obj in blog_objects:
        if obj["kind"] != "Deployment":
            assert not any(
                k.startswith("checkov.io/") for k in obj["metadata"].get("annotations", {})
            )


def test_https_redirect_and_no_dead_annotations(blog_objects: list[Obj]) -> None:
    annotations = one(blog_objects, "Ingress")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert annotations["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
    # upstream ingress-nginx reads no per-Ingress HSTS keys: HSTS comes from its
    # ConfigMap (on by default), so none is written
    assert not [k for k in annotations if "hsts" in k]


def test_tls_hosts_must_equal_rule_hosts() -> None:
    chart = blog_chart()
    entry = chart.stack.entry
    assert isinstance(entry, TlsIngress)
    ingress = entry.ingress
    ingress.add_json_patch(cdk8s.JsonPatch.add("/spec/rules/-", {"host": "plain.example.com"}))
    with pytest.raises(SynthError) as info:
        homemusic.render(chart.node.root)  # type: ignore[arg-type]
    assert "TlsIngress hosts: got TLS hosts ['example.com'] and rule hosts" in str(info.value)


@pytest.mark.parametrize("host", ["it's.example.com", "back\\slash.example.com", 'q"uote.example'])
def test_tls_hosts_message_prints_hosts_as_python_does(host: str) -> None:
    """The check runs in Node.js; its message prints the hosts as Python's repr of a list."""
    chart = blog_chart()
    entry = chart.stack.entry
    assert isinstance(entry, TlsIngress)
    entry.ingress.add_json_patch(cdk8s.JsonPatch.add("/spec/rules/-", {"host": host}))
    with pytest.raises(SynthError) as info:
        homemusic.render(chart.node.root)  # type: ignore[arg-type]
    expected = sorted(["example.com", host])
    assert f"got TLS hosts ['example.com'] and rule hosts {expected!r};" in info.value.errors[0]


def test_no_credentials_anywhere(blog_objects: list[Obj]) -> None:
    for obj in blog_objects:
        assert obj["kind"] != "Secret"
        assert "stringData" not in obj
        if "data" in obj:  # the one ConfigMap: Samba's configuration, without users
            assert obj["kind"] == "ConfigMap"
            config = json.loads(obj["data"]["container.json"])
            assert "users" not in config
            assert not re.search(r"password|nt_hash", obj["data"]["container.json"], re.I)


def test_two_stacks_get_separate_policies() -> None:
    chart = HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(name="one"))
    objects = synth(chart)
    names = sorted(p["metadata"]["name"] for p in find(objects, "NetworkPolicy"))
    assert names == [
        "default-deny-ingress",
        "one-airsonic",
        "one-airsonic-acme-http01-solver",
        "one-samba",
    ]
