"""Small helpers shared by the constructs (not public API)."""

from __future__ import annotations

from collections.abc import Mapping

import cdk8s
from cdk8s_plus_27 import k8s
from constructs import Construct

PART_OF = "homemusic"


def namespace_of(scope: Construct) -> str:
    """The namespace the objects of ``scope`` land in (``default`` when the chart has none)."""
    return cdk8s.Chart.of(scope).namespace or "default"


def labels(component: str, instance: str) -> dict[str, str]:
    """The recommended ``app.kubernetes.io`` labels; the first two form the selector."""
    return {
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": instance,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "cdk8s",
    }


def selector(component: str, instance: str) -> dict[str, str]:
    """The labels a Service or NetworkPolicy selects a component's pods by."""
    return {
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": instance,
    }


def cluster_scoped(obj: cdk8s.ApiObject) -> cdk8s.ApiObject:
    """Drop the chart's namespace from a cluster-scoped object (PV, Namespace, ClusterIssuer)."""
    if cdk8s.Chart.of(obj).namespace:
        obj.add_json_patch(cdk8s.JsonPatch.remove("/metadata/namespace"))
    return obj


def resources(
    *, cpu_request: str, memory_request: str, cpu_limit: str, memory_limit: str
) -> k8s.ResourceRequirements:
    return k8s.ResourceRequirements(
        requests={
            "cpu": k8s.Quantity.from_string(cpu_request),
            "memory": k8s.Quantity.from_string(memory_request),
        },
        limits={
            "cpu": k8s.Quantity.from_string(cpu_limit),
            "memory": k8s.Quantity.from_string(memory_limit),
        },
    )


def annotations_or_none(values: Mapping[str, str]) -> dict[str, str] | None:
    return dict(values) if values else None
