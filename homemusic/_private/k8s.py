"""How the constructs build Kubernetes objects (not public API).

Core Kubernetes objects are plain ``cdk8s.ApiObject``s whose body is given as
JSON, in the API's own camelCase field names. Each is made in one call into
Node.js by homemusic's own jsii assembly (``_jsii/homemusic-objects``, a
dozen lines of JavaScript): from Python, an ``ApiObject`` takes only its
apiVersion, kind and metadata through jsii, so its spec would need two more
calls (``JsonPatch.add`` and ``add_json_patch``), each about a millisecond
while a synth starts. The typed L1 classes of
cdk8s-plus-27 would render the same YAML, but importing them and running jsii's
type checks on every struct cost about a third of a synth; the tests validate
every object against the Kubernetes OpenAPI schemas in strict mode (unknown
fields rejected) instead.
"""

from __future__ import annotations

import functools
import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

import cdk8s
import jsii
from constructs import Construct

if TYPE_CHECKING:
    from ..constructs.airsonic import AirsonicApp
    from ..constructs.navidrome import NavidromeApp

PART_OF = "homemusic"

KEEP_ANNOTATIONS = {
    # Argo CD: never prune it when it leaves the output (Prune=false), never
    # delete it with the Application (Delete=false); user-guide/sync-options.
    "argocd.argoproj.io/sync-options": "Prune=false,Delete=false",
    # Flux: kustomize-controller's garbage collection skips it, also when the
    # Kustomization itself is deleted (the Kustomization API, "Prune").
    "kustomize.toolkit.fluxcd.io/prune": "disabled",
}
"""Annotations that keep an object holding data (the namespace, volumes and
claims) out of every GitOps prune. kubectl's prune is kept away from them by
the documented ``--prune-allowlist`` (README, ``docs/operations/apply.md``),
which does not name their kinds."""

Json = dict[str, Any]


@dataclass(frozen=True)
class Placement:
    """What a pod needs to run where its volumes are: extra labels and an affinity.

    Made by :meth:`homemusic.MusicStorage.placement`; empty when the volumes
    leave the scheduler free (or pin the pod themselves, as a local volume does).
    """

    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels the pod template carries besides its own (never in a selector)."""
    affinity: Json | None = None
    """The pod's ``spec.affinity``, or ``None``."""

    def pod_labels(self, labels: Mapping[str, str]) -> dict[str, str]:
        """``labels`` with the placement's added."""
        return {**labels, **self.labels}

    def pod_spec(self, spec: Json) -> Json:
        """``spec`` with the affinity set (unchanged when there is none)."""
        return {**spec, "affinity": self.affinity} if self.affinity is not None else dict(spec)


_NAMESPACES: weakref.WeakKeyDictionary[Construct, str | None] = weakref.WeakKeyDictionary()


def chart_namespace(scope: Construct) -> str | None:
    """The namespace of the chart ``scope`` is in, or None when the chart sets none.

    Remembered per ``scope`` (a chart's namespace never changes): each lookup
    is two calls into Node.js, and the constructs ask of the same parent.
    """
    try:
        return _NAMESPACES[scope]
    except KeyError:
        namespace = _NAMESPACES[scope] = cdk8s.Chart.of(scope).namespace
        return namespace


def remember_namespace(construct: Construct, namespace: str | None) -> None:
    """Remember the chart namespace of ``construct`` (a chart, or a construct in one).

    For :func:`chart_namespace`: what a chart was given, or what a construct's
    parent scope answered (a construct that is not a chart is in its scope's
    chart), needs no call into Node.js.
    """
    _NAMESPACES[construct] = namespace


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


def _sorted(value: Any) -> Any:
    """Keys sorted at every level, as cdk8s writes the fields it renders itself.

    The spec and data are added as JSON patches (see ``_jsii/``), which cdk8s
    applies after it sorts an object's own fields. A key whose value is
    ``None`` is left out (jsii left it out when it carried the spec as a map).
    """
    if isinstance(value, Mapping):
        return {k: _sorted(value[k]) for k in sorted(value) if value[k] is not None}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value


def _not_json(value: Any) -> Any:
    raise TypeError(f"not JSON: {value!r}")


ASSEMBLY = "homemusic-objects"
ASSEMBLY_VERSION = "1.0.0"


class _Objects:
    """The JavaScript class ``Objects`` of homemusic's jsii assembly."""

    __jsii_type__ = f"{ASSEMBLY}.Objects"


@functools.cache
def _objects() -> type[_Objects]:
    """``_Objects``, its assembly loaded into the jsii kernel (once per process)."""
    tarball = f"{ASSEMBLY}@{ASSEMBLY_VERSION}.jsii.tgz"  # in homemusic/_private/_jsii/
    jsii.JSIIAssembly.load(ASSEMBLY, ASSEMBLY_VERSION, __name__.rpartition(".")[0], tarball)
    return _Objects


def api_object(
    scope: Construct,
    id: str,
    *,
    api_version: str,
    kind: str,
    name: str,
    namespace: str | None = None,
    object_labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
    spec: Json | None = None,
    data: Mapping[str, str] | None = None,
    cluster_scoped: bool = False,
) -> cdk8s.ApiObject:
    """A Kubernetes object with the given metadata and ``spec`` (camelCase JSON).

    ``data`` is a ConfigMap's ``data``; ``namespace`` overrides the chart's.
    ``cluster_scoped``: the object (a PersistentVolume, Namespace, ClusterIssuer)
    carries no namespace, though cdk8s gives every object its chart's.

    The result is a plain ``cdk8s.ApiObject``: JSON patches added to it later
    apply as to any other.
    """
    metadata: Json = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    if object_labels:
        metadata["labels"] = dict(object_labels)
    if annotations:
        metadata["annotations"] = dict(annotations)
    body: Json = {"apiVersion": api_version, "kind": kind, "metadata": metadata}
    if spec is not None:
        body["spec"] = _sorted(spec)
    if data is not None:
        body["data"] = _sorted(data)
    # The body travels as JSON text: jsii's own conversion of a nested dict (a
    # tagged map at every level, converted back key by key in Node.js) cost
    # three times the rest of the call.
    text = json.dumps(body, default=_not_json, allow_nan=False)
    created: cdk8s.ApiObject = jsii.sinvoke(_objects(), "define", [scope, id, text, cluster_scoped])
    return created


def check_tls_hosts(scope: Construct, ingress: cdk8s.ApiObject) -> None:
    """Add a deferred check to ``scope``: the Ingress's TLS hosts equal its rule hosts.

    Even after escape-hatch edits (a host without TLS would be served over
    plain HTTP). It runs in Node.js with the synth's other validations.
    """
    jsii.sinvoke(_objects(), "checkTlsHosts", [scope, ingress])


def render_app(app: cdk8s.App) -> Json:
    """Synthesize ``app`` in one call: ``{"yaml", "charts": [{"path", "yaml"}]}``.

    As ``App.synth_yaml()`` (every validation first); a chart's own ``yaml`` is
    ``None`` when it is the only chart (its YAML is then ``yaml``).
    """
    rendered: Json = json.loads(jsii.sinvoke(_objects(), "render", [app]))
    return rendered


def resources(*, cpu_request: str, memory_request: str, cpu_limit: str, memory_limit: str) -> Json:
    return {
        "requests": {"cpu": cpu_request, "memory": memory_request},
        "limits": {"cpu": cpu_limit, "memory": memory_limit},
    }


class Sized(Protocol):
    """Options that carry a container's CPU and memory requests and limits."""

    @property
    def cpu_request(self) -> str: ...
    @property
    def memory_request(self) -> str: ...
    @property
    def cpu_limit(self) -> str: ...
    @property
    def memory_limit(self) -> str: ...


def resources_of(options: Sized) -> Json:
    """The container ``resources`` the options ask for."""
    return resources(
        cpu_request=options.cpu_request,
        memory_request=options.memory_request,
        cpu_limit=options.cpu_limit,
        memory_limit=options.memory_limit,
    )


def http_probes(
    http_get: Json,
    *,
    startup_period: int,
    startup_timeout_seconds: int,
    timeout: int,
    liveness_timeout: int,
) -> Json:
    """A web app's startup, liveness and readiness probes, all on ``http_get``.

    The startup probe allows ``startup_timeout_seconds`` before the liveness
    checks begin, so a slow first start is not a crash loop.
    """
    return {
        "startupProbe": {
            "httpGet": http_get,
            "periodSeconds": startup_period,
            "timeoutSeconds": timeout,
            "failureThreshold": -(-startup_timeout_seconds // startup_period),
        },
        "livenessProbe": {
            "httpGet": http_get,
            "periodSeconds": 30,
            "timeoutSeconds": liveness_timeout,
            "failureThreshold": 3,
        },
        "readinessProbe": {
            "httpGet": http_get,
            "periodSeconds": 10,
            "timeoutSeconds": timeout,
            "failureThreshold": 3,
        },
    }


def claim_volume(name: str, claim_name: str, read_only: bool | None = None) -> Json:
    """A pod volume backed by a PersistentVolumeClaim."""
    claim: Json = {"claimName": claim_name}
    if read_only is not None:
        claim["readOnly"] = read_only
    return {"name": name, "persistentVolumeClaim": claim}


def root_init_security_context(capabilities: Sequence[str]) -> Json:
    """For an image whose entrypoint must start as root and then drops to other users.

    No runAsNonRoot and a writable root filesystem (the entrypoint writes
    under /etc); everything else locked down: no privilege escalation through
    setuid binaries, not privileged, all capabilities dropped but ``capabilities``.
    """
    return {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": False,
        "runAsNonRoot": False,
        "capabilities": {"drop": ["ALL"], "add": list(capabilities)},
    }


def non_root_security_context(uid: int, gid: int) -> Json:
    """A container that runs as ``uid``:``gid`` with nothing to escalate to.

    Non-root, no capabilities, no privilege escalation, a read-only root
    filesystem (give it an emptyDir where it must write).
    """
    return {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": uid,
        "runAsGroup": gid,
        "capabilities": {"drop": ["ALL"]},
    }


def job_pod_spec(*, uid: int, gid: int, restart_policy: str) -> Json:
    """A Job's pod spec to start from: as ``uid``:``gid``, no token, RuntimeDefault.

    What every Job and CronJob of the library shares (Samba's recycle clean-up,
    Navidrome's restore, the off-node backups and their restores); the caller
    adds its containers and volumes.
    """
    return {
        "restartPolicy": restart_policy,
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": {
            "seccompProfile": {"type": "RuntimeDefault"},
            "runAsNonRoot": True,
            "runAsUser": uid,
            "runAsGroup": gid,
        },
    }


def headless_http_service(
    scope: Construct,
    *,
    name: str,
    pod_labels: Mapping[str, str],
    pod_selector: Mapping[str, str],
    port: int,
) -> cdk8s.ApiObject:
    """A headless Service for a web app's container port named ``http``."""
    return api_object(
        scope,
        "service",
        api_version="v1",
        kind="Service",
        name=name,
        object_labels=pod_labels,
        spec={
            "type": "ClusterIP",
            "clusterIP": "None",
            "selector": dict(pod_selector),
            "ports": [{"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}],
        },
    )


def single_replica_deployment(
    scope: Construct,
    *,
    name: str,
    pod_labels: Mapping[str, str],
    pod_selector: Mapping[str, str],
    annotations: Mapping[str, str],
    container: Json,
    volumes: Sequence[Json],
    pod_annotations: Mapping[str, str] | None = None,
    init_containers: Sequence[Json] = (),
    pod_security_context: Json | None = None,
    termination_grace_period_seconds: int | None = None,
    stopped: bool = False,
    placement: Placement | None = None,
) -> cdk8s.ApiObject:
    """One pod, replaced with Recreate (never two writers on one volume), hardened.

    ``stopped``: zero replicas (the pod stops, e.g. while a Job restores its data).
    ``placement``: the labels and affinity the pod's volumes ask for
    (:meth:`homemusic.MusicStorage.placement`). Recreate matters there too: with
    a ReadWriteOnce volume a rolling update would start the new pod while the
    old one still holds the volume.

    The pod gets no service-account token (no app talks to the API server), no
    service-link variables (no app reads the ``<SERVICE>_PORT`` variables
    Kubernetes would add for every Service of the namespace), and the
    runtime's default seccomp profile.
    """
    place = placement or Placement()
    pod_metadata: Json = {"labels": place.pod_labels(pod_labels)}
    if pod_annotations:
        pod_metadata["annotations"] = dict(pod_annotations)
    pod_spec: Json = {
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": {
            "seccompProfile": {"type": "RuntimeDefault"},
            **(pod_security_context or {}),
        },
        "containers": [container],
        "volumes": list(volumes),
    }
    if termination_grace_period_seconds is not None:
        pod_spec["terminationGracePeriodSeconds"] = termination_grace_period_seconds
    if init_containers:
        pod_spec["initContainers"] = list(init_containers)
    pod_spec = place.pod_spec(pod_spec)
    return api_object(
        scope,
        "deployment",
        api_version="apps/v1",
        kind="Deployment",
        name=name,
        object_labels=pod_labels,
        annotations=annotations,
        spec={
            "replicas": 0 if stopped else 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": dict(pod_selector)},
            "template": {"metadata": pod_metadata, "spec": pod_spec},
        },
    )


class ServerApp(Construct):
    """What both streaming servers expose to the HTTPS entry and the stack (not public API)."""

    def _identify(self, props: Any, *, component: str, port: int, container_port: int) -> None:
        """Set the attributes an entry wires to, from the validated ``props``."""
        self.name: str = props.name
        self.component = component
        """The ``app.kubernetes.io/name`` label of the app's objects."""
        self.storage = props.storage
        self.puid: int = props.puid
        self.pgid: int = props.pgid
        self.music_read_only: bool = props.music_read_only
        self.port = port
        """The Service port (what the HTTPS entry targets)."""
        self.service_name: str = props.name
        """The name of the app's Service (the app's name)."""
        self.container_port = container_port
        """The port the app listens on in the pod (what NetworkPolicies open)."""
        self.pod_labels = labels(component, props.name)
        """The labels of the app's pods."""
        self.selector = selector(component, props.name)
        """The labels the Service and the NetworkPolicies select the pods by."""


def is_music_app(value: object) -> TypeGuard[AirsonicApp | NavidromeApp]:
    """Whether ``value`` is an :class:`AirsonicApp` or a :class:`NavidromeApp`.

    Checked through their shared base, so that an entry's module imports
    neither server's (a program with Airsonic never loads Navidrome's construct).
    """
    return isinstance(value, ServerApp)
