"""NetworkPolicy and checkov helpers shared by the constructs (not public API)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cdk8s_plus_27 import k8s
from constructs import Construct

from ._k8s import port_number

ACME_SOLVER_LABEL = "acme.cert-manager.io/http01-solver"
"""The label cert-manager puts on the HTTP-01 solver pods it starts."""
ACME_SOLVER_PORT = 8089
"""The port cert-manager's HTTP-01 solver pods listen on."""


def namespace_selector(namespace: str) -> k8s.LabelSelector:
    """Select a namespace by the name label Kubernetes (1.22+) sets on every namespace."""
    return k8s.LabelSelector(match_labels={"kubernetes.io/metadata.name": namespace})


def allow_ingress(
    scope: Construct,
    id: str,
    *,
    name: str,
    pod_selector: Mapping[str, str],
    ports: Sequence[int],
    sources: Sequence[k8s.NetworkPolicyPeer],
    labels: Mapping[str, str] | None = None,
) -> k8s.KubeNetworkPolicy:
    """A policy that lets only ``sources`` reach ``ports`` of the selected pods."""
    return k8s.KubeNetworkPolicy(
        scope,
        id,
        metadata=k8s.ObjectMeta(name=name, labels=dict(labels) if labels else None),
        spec=k8s.NetworkPolicySpec(
            pod_selector=k8s.LabelSelector(match_labels=dict(pod_selector)),
            policy_types=["Ingress"],
            ingress=[
                k8s.NetworkPolicyIngressRule(
                    from_=list(sources),
                    ports=[
                        k8s.NetworkPolicyPort(port=port_number(p), protocol="TCP") for p in ports
                    ],
                )
            ],
        ),
    )


IMAGE_TAG_WAIVER = {
    "CKV_K8S_43": "pinned by an immutable release tag; no digest is published for it",
}
"""Waived only for an image pinned by tag (its pull policy is then Always)."""


def image_waivers(image_waivers_base: Mapping[str, str], image: str) -> dict[str, str]:
    """The waivers of a workload: its image's own, plus the tag waiver for a tag-pinned image."""
    waivers = dict(image_waivers_base)
    if "@sha256:" not in image:
        waivers.update(IMAGE_TAG_WAIVER)
    return waivers


def checkov_annotations(waivers: Mapping[str, str]) -> dict[str, str]:
    """checkov waivers (``{check id: reason}``) as the skip annotations checkov reads.

    Only for checks an image truly cannot pass; the reasons are listed in the
    README's Security section.
    """
    return {
        f"checkov.io/skip{index}": f"{check}={reason}"
        for index, (check, reason) in enumerate(sorted(waivers.items()), start=1)
    }


def pull_policy(image: str) -> str:
    """``IfNotPresent`` for a digest (it cannot change), ``Always`` for a tag (re-verified)."""
    return "IfNotPresent" if "@sha256:" in image else "Always"
