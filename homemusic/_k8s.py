"""Small helpers shared by the constructs (not public API)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

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


def claim_volume(name: str, claim_name: str, read_only: bool | None = None) -> k8s.Volume:
    """A pod volume backed by a PersistentVolumeClaim."""
    return k8s.Volume(
        name=name,
        persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(
            claim_name=claim_name, read_only=read_only
        ),
    )


def root_init_security_context(capabilities: Sequence[str]) -> k8s.SecurityContext:
    """For an image whose entrypoint must start as root and then drops to other users.

    No runAsNonRoot and a writable root filesystem (the entrypoint writes
    under /etc); everything else locked down: no privilege escalation through
    setuid binaries, not privileged, all capabilities dropped but ``capabilities``.
    """
    return k8s.SecurityContext(
        allow_privilege_escalation=False,
        privileged=False,
        read_only_root_filesystem=False,
        run_as_non_root=False,
        capabilities=k8s.Capabilities(drop=["ALL"], add=list(capabilities)),
    )


def single_replica_deployment(
    scope: Construct,
    *,
    name: str,
    pod_labels: Mapping[str, str],
    pod_selector: Mapping[str, str],
    annotations: Mapping[str, str],
    container: k8s.Container,
    volumes: Sequence[k8s.Volume],
) -> k8s.KubeDeployment:
    """One pod, replaced with Recreate (never two writers on one volume), hardened.

    The pod gets no service-account token (neither app talks to the API
    server), no service-link variables, and the runtime's default seccomp profile.
    """
    return k8s.KubeDeployment(
        scope,
        "deployment",
        metadata=k8s.ObjectMeta(
            name=name, labels=dict(pod_labels), annotations=annotations_or_none(annotations)
        ),
        spec=k8s.DeploymentSpec(
            replicas=1,
            strategy=k8s.DeploymentStrategy(type="Recreate"),
            selector=k8s.LabelSelector(match_labels=dict(pod_selector)),
            template=k8s.PodTemplateSpec(
                metadata=k8s.ObjectMeta(labels=dict(pod_labels)),
                spec=k8s.PodSpec(
                    automount_service_account_token=False,
                    enable_service_links=False,
                    security_context=k8s.PodSecurityContext(
                        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
                    ),
                    containers=[container],
                    volumes=list(volumes),
                ),
            ),
        ),
    )
