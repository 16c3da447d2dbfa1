"""Small helpers shared by the constructs (not public API)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import cdk8s
from cdk8s_plus_27 import k8s
from constructs import Construct

PART_OF = "homemusic"


def chart_namespace(scope: Construct) -> str | None:
    """The namespace of the chart ``scope`` is in, or None when the chart sets none."""
    return cdk8s.Chart.of(scope).namespace


def namespace_of(scope: Construct) -> str:
    """The namespace the objects of ``scope`` land in (``default`` when the chart has none)."""
    return chart_namespace(scope) or "default"


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


@functools.cache
def _remove_namespace() -> cdk8s.JsonPatch:
    return cdk8s.JsonPatch.remove("/metadata/namespace")


def cluster_scoped(obj: cdk8s.ApiObject, namespace_of_chart: str | None) -> cdk8s.ApiObject:
    """Drop the chart's namespace from a cluster-scoped object (PV, Namespace, ClusterIssuer).

    ``namespace_of_chart`` is :func:`chart_namespace` of the object: cdk8s gives
    every object its chart's namespace, which a cluster-scoped one must not carry.
    """
    if namespace_of_chart:
        obj.add_json_patch(_remove_namespace())
    return obj


# Each of these is a call into the jsii kernel; the values are immutable, so
# one object per distinct value serves every construct (fewer round trips).
@functools.cache
def quantity(value: str) -> k8s.Quantity:
    return k8s.Quantity.from_string(value)


@functools.cache
def port_number(value: int) -> k8s.IntOrString:
    return k8s.IntOrString.from_number(value)


@functools.cache
def port_name(value: str) -> k8s.IntOrString:
    return k8s.IntOrString.from_string(value)


def resources(
    *, cpu_request: str, memory_request: str, cpu_limit: str, memory_limit: str
) -> k8s.ResourceRequirements:
    return k8s.ResourceRequirements(
        requests={
            "cpu": quantity(cpu_request),
            "memory": quantity(memory_request),
        },
        limits={
            "cpu": quantity(cpu_limit),
            "memory": quantity(memory_limit),
        },
    )


def annotations_or_none(values: Mapping[str, str]) -> dict[str, str] | None:
    return dict(values) if values else None
