"""NetworkPolicy and checkov helpers shared by the constructs (not public API)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import cdk8s
from constructs import Construct

from .k8s import Json, api_object

ACME_SOLVER_LABEL = "acme.cert-manager.io/http01-solver"
"""The label cert-manager puts on the HTTP-01 solver pods it starts."""
ACME_SOLVER_PORT = 8089
"""The port cert-manager's HTTP-01 solver pods listen on."""


def namespace_peer(namespace: str) -> Json:
    """A NetworkPolicy peer: every pod of ``namespace``, by the name label Kubernetes sets."""
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": namespace}}}


def cidr_peer(cidr: str) -> Json:
    """A NetworkPolicy peer: the addresses of ``cidr``."""
    return {"ipBlock": {"cidr": cidr}}


def allow_ingress(
    scope: Construct,
    id: str,
    *,
    name: str,
    pod_selector: Mapping[str, str],
    ports: Sequence[int],
    sources: Sequence[Json],
    labels: Mapping[str, str] | None = None,
) -> cdk8s.ApiObject:
    """A policy that lets only ``sources`` reach TCP ``ports`` of the selected pods."""
    return api_object(
        scope,
        id,
        api_version="networking.k8s.io/v1",
        kind="NetworkPolicy",
        name=name,
        object_labels=labels,
        spec={
            "podSelector": {"matchLabels": dict(pod_selector)},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": list(sources),
                    "ports": [{"port": p, "protocol": "TCP"} for p in ports],
                }
            ],
        },
    )


IMAGE_TAG_WAIVER = {
    "CKV_K8S_43": "pinned by a release tag and pulled with Always; every tag has a "
    "digest: pass the image as name@sha256:<digest> to pin it",
}
"""Waived only for an image pinned by tag (its pull policy is then Always)."""


HIGH_UID = 10000
"""checkov's CKV_K8S_40 wants containers to run with a UID at least this high."""


def image_waivers(image_waivers_base: Mapping[str, str], image: str) -> dict[str, str]:
    """The waivers of a workload: its image's own, plus the tag waiver for a tag-pinned image."""
    waivers = dict(image_waivers_base)
    if "@sha256:" not in image:
        waivers.update(IMAGE_TAG_WAIVER)
    return waivers


def checkov_annotations(waivers: Mapping[str, str]) -> dict[str, str]:
    """checkov waivers (``{check id: reason}``) as the skip annotations checkov reads.

    Only for checks an image truly cannot pass; the reasons are listed in the
    documentation's Security page (``docs/security.md``). checkov splits each
    annotation at ``=``, so a reason must not contain one.
    """
    for check, reason in waivers.items():
        if "=" in reason:
            raise ValueError(f"checkov waiver {check}: its reason must not contain '='")
    return {
        f"checkov.io/skip{index}": f"{check}={reason}"
        for index, (check, reason) in enumerate(sorted(waivers.items()), start=1)
    }


def pull_policy(image: str) -> str:
    """``IfNotPresent`` for a digest (it cannot change), ``Always`` for a tag (re-verified)."""
    return "IfNotPresent" if "@sha256:" in image else "Always"
