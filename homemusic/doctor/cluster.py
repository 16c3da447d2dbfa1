"""What the doctor reads: the synthesized output and the cluster's state, as plain JSON.

Both come as the API serves them (camelCase fields, ``apiVersion`` and
``kind`` on every object), so the checks read a live cluster and a recorded
one (``objects.json`` and ``discovery.json``, as ``tests/fixtures`` holds them)
the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Obj = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """A kind the doctor reads: its API group and version, plural and scope, and where to read it.

    A namespaced kind is read only in the namespaces where ``dist/`` puts
    objects (:func:`namespaces_to_read`), so the doctor reads what the stack
    needs however large the rest of the cluster is; a cluster-scoped kind is
    read whole.
    """

    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool = True
    everywhere: bool = False
    """Namespaced, yet read in every namespace: an add-on's configuration that lives in the
    add-on's own namespace, which the stack does not name (MetalLB's pools and
    advertisements; a cluster holds a handful)."""
    stack_only: bool = False
    """Read only in the stack's own namespaces (its workloads'), not where other objects of
    ``dist/`` live: the checks read only the Secrets the stack's pods mount, and a kubeconfig
    often may not read Secrets elsewhere."""
    also_labelled: str = ""
    """A label selector: the objects of the kind that match it are also read in every
    namespace (cert-manager's controller Deployment, in cert-manager's namespace)."""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    def list_path(self, namespace: str | None = None) -> str:
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if namespace is not None and self.namespaced:
            return f"{base}/namespaces/{namespace}/{self.plural}"
        return f"{base}/{self.plural}"


CERT_MANAGER_SELECTOR = "app.kubernetes.io/name=cert-manager"
"""The label of cert-manager's Deployments (deploy/charts/cert-manager/templates/deployment.yaml
sets ``app.kubernetes.io/name`` to the chart's name, ``cert-manager``)."""

DEPLOYMENTS = Kind("apps", "v1", "Deployment", "deployments", also_labelled=CERT_MANAGER_SELECTOR)
"""The stack's Deployments, and cert-manager's wherever it runs."""

KINDS = (
    Kind("", "v1", "Namespace", "namespaces", namespaced=False),
    Kind("", "v1", "Node", "nodes", namespaced=False),
    Kind("", "v1", "PersistentVolume", "persistentvolumes", namespaced=False),
    Kind("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
    Kind("storage.k8s.io", "v1", "StorageClass", "storageclasses", namespaced=False),
    Kind("", "v1", "Pod", "pods"),
    Kind("", "v1", "Service", "services"),
    Kind("", "v1", "Event", "events"),
    Kind("", "v1", "Secret", "secrets", stack_only=True),
    Kind("", "v1", "ConfigMap", "configmaps"),
    DEPLOYMENTS,
    Kind("batch", "v1", "Job", "jobs"),
    Kind("batch", "v1", "CronJob", "cronjobs"),
    Kind("networking.k8s.io", "v1", "Ingress", "ingresses"),
    Kind("networking.k8s.io", "v1", "IngressClass", "ingressclasses", namespaced=False),
    Kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
    Kind(
        "apiextensions.k8s.io",
        "v1",
        "CustomResourceDefinition",
        "customresourcedefinitions",
        namespaced=False,
    ),
    Kind("cert-manager.io", "v1", "Issuer", "issuers"),
    Kind("cert-manager.io", "v1", "ClusterIssuer", "clusterissuers", namespaced=False),
    Kind("cert-manager.io", "v1", "Certificate", "certificates"),
    Kind("cert-manager.io", "v1", "CertificateRequest", "certificaterequests"),
    Kind("acme.cert-manager.io", "v1", "Order", "orders"),
    Kind("acme.cert-manager.io", "v1", "Challenge", "challenges"),
    Kind("metallb.io", "v1beta1", "IPAddressPool", "ipaddresspools", everywhere=True),
    Kind("metallb.io", "v1beta1", "L2Advertisement", "l2advertisements", everywhere=True),
    Kind("metallb.io", "v1beta1", "BGPAdvertisement", "bgpadvertisements", everywhere=True),
    Kind("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", namespaced=False),
    Kind("gateway.networking.k8s.io", "v1", "Gateway", "gateways"),
    Kind("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    Kind("volsync.backube", "v1alpha1", "ReplicationSource", "replicationsources"),
)
"""Every kind the checks read, in the order they are fetched."""


def namespaces_to_read(objects: Iterable[Obj]) -> set[str]:
    """The namespaces of ``dist/``'s objects, but for kinds read in every namespace anyway.

    A MetalLB pool in MetalLB's namespace does not make the doctor list that
    namespace's pods; a Gateway in its own namespace does (its routes, its
    issuers and its TLS Secret's Certificate live there).
    """
    everywhere = {k.kind for k in KINDS if k.everywhere}
    return {
        o["metadata"]["namespace"]
        for o in objects
        if o["metadata"].get("namespace") and o["kind"] not in everywhere
    }


def labelled(kind: Kind) -> str:
    """How :attr:`Cluster.unreadable` names the labelled read of ``kind`` in every namespace."""
    return f"{kind.kind} -l {kind.also_labelled} (all namespaces)"


def group_of(api_version: str) -> str:
    """``cert-manager.io`` for ``cert-manager.io/v1``; ``""`` for the core ``v1``."""
    return api_version.rpartition("/")[0]


@dataclass
class Cluster:
    """A cluster's state: objects by kind, which API groups it serves, what could not be read."""

    objects: dict[str, list[Obj]] = field(default_factory=dict)
    served: dict[str, set[str]] = field(default_factory=dict)
    """API group -> the versions it serves (``""``: the core group)."""
    unreadable: dict[str, str] = field(default_factory=dict)
    """Kind -> why it could not be read (e.g. forbidden for this kubeconfig)."""
    previous_log: Callable[[str, str, str], str | None] = lambda _ns, _pod, _container: None
    """The last lines of a container's previous run, when the API gives them."""
    source: str = ""
    """Where the state came from (a context name, a recording)."""

    def of(self, kind: str) -> list[Obj]:
        return self.objects.get(kind, [])

    def get(self, kind: str, name: str, namespace: str | None = None) -> Obj | None:
        for obj in self.of(kind):
            meta = obj["metadata"]
            if meta["name"] == name and meta.get("namespace") == namespace:
                return obj
        return None

    def serves(self, api_version: str) -> bool:
        group, _, version = api_version.rpartition("/")
        return version in self.served.get(group, set())

    def events_for(self, kind: str, name: str, namespace: str | None) -> Iterator[Obj]:
        """Core/v1 Events about one object, oldest first."""
        for event in self.of("Event"):
            involved = event.get("involvedObject", {})
            if (
                involved.get("kind") == kind
                and involved.get("name") == name
                and (namespace is None or involved.get("namespace") in (namespace, None))
            ):
                yield event

    @classmethod
    def from_recording(cls, folder: Path) -> Cluster:
        """A recorded state: ``objects.json`` and ``discovery.json`` of one folder."""
        items = json.loads((folder / "objects.json").read_text())["items"]
        discovery = json.loads((folder / "discovery.json").read_text())
        objects: dict[str, list[Obj]] = {}
        for item in items:
            objects.setdefault(item["kind"], []).append(item)
        return cls(objects=objects, served=served_groups(discovery), source=folder.name)


def served_groups(discovery: dict[str, Any]) -> dict[str, set[str]]:
    """API group -> served versions, from ``/api`` and ``/apis`` discovery documents."""
    served: dict[str, set[str]] = {"": set(discovery.get("/api", {}).get("versions", ["v1"]))}
    for group in discovery.get("/apis", {}).get("groups", []):
        served[group["name"]] = {v["version"] for v in group.get("versions", [])}
    return served


def read_dist(dist: Path) -> list[Obj]:
    """Every object of a synthesized output: the files its ``kustomization.yaml`` lists."""
    import yaml

    kustomization = dist / "kustomization.yaml"
    if kustomization.is_file():
        files = [dist / name for name in yaml.safe_load(kustomization.read_text())["resources"]]
    else:
        files = sorted(dist.glob("*.yaml"))
    objects: list[Obj] = []
    for path in files:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is None:
                continue
            if not isinstance(doc, dict) or not {"apiVersion", "kind", "metadata"} <= set(doc):
                raise ValueError(f"{path.name} holds something that is not a Kubernetes object")
            objects.append(doc)
    return objects


def identities(objects: Iterable[Obj]) -> set[tuple[str, str, str | None, str]]:
    """(group, kind, namespace, name) of each object."""
    return {
        (
            group_of(o["apiVersion"]),
            o["kind"],
            o["metadata"].get("namespace"),
            o["metadata"]["name"],
        )
        for o in objects
    }
