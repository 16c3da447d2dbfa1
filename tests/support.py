"""Helpers shared by the tests: building charts, finding objects, schema validation."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import homemusic
from homemusic import (
    HomeMusicChart,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    MusicStorage,
    SambaUser,
    StorageBackend,
)

import cdk8s
import importlib_resources
import jsonschema
import referencing
import referencing.jsonschema
import yaml

from tests import cel

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HOMEMUSIC_SHARED", ROOT.parent / "shared"))
CRD_SCHEMAS = ROOT / "imports" / "schemas"
"""The imported CRD kinds' schemas, written by ``make imports`` (tools/crd_schemas.py)."""
# Where `make imports` takes the CRDs from (the Makefile's lists), for the test
# that the committed schemas are what the pinned CRDs give.
CRD_SOURCES = (
    [
        SHARED / "crds" / "cert-manager-v1.21.1" / f"cert-manager.io_{kind}.yaml"
        for kind in ("issuers", "clusterissuers", "certificates")
    ]
    + [
        SHARED / "crds" / "metallb-v0.16.1" / f"metallb.io_{kind}.yaml"
        for kind in ("ipaddresspools", "l2advertisements")
    ]
    + [
        SHARED / "crds" / "gateway-api-v1.6.1" / f"gateway.networking.k8s.io_{kind}.yaml"
        for kind in ("gateways", "httproutes")
    ]
)
OLDEST_K8S = "1.27"

Obj = dict[str, Any]


def new_chart(namespace: str | None = "music") -> cdk8s.Chart:
    """A fresh App and an empty chart (with a namespace unless None)."""
    app = cdk8s.App()
    return cdk8s.Chart(app, "test", namespace=namespace)


def local_storage(scope: cdk8s.Chart, **overrides: Any) -> MusicStorage:
    """The blog's storage: both volumes on node1 under /mnt/hdd."""
    args: dict[str, Any] = {
        "music_backend": StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        "config_backend": StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
    }
    args.update(overrides)
    return MusicStorage(scope, "storage", **args)


def blog_stack_args(**overrides: Any) -> dict[str, Any]:
    """The arguments main.py passes, for HomeMusicChart or HomeMusicStack."""
    args: dict[str, Any] = {
        "music_backend": StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        "config_backend": StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
        "samba_users": [SambaUser(name="myuser")],
        "samba_load_balancer_ip": "192.168.0.200",
        "lan_cidrs": ["192.168.0.0/24"],
        "timezone": "Asia/Tokyo",
        "music_server": MusicServer.airsonic(),
        "host": "example.com",
        "acme_email": "myaddress@example.com",
        "https_entry": HttpsEntry.ingress(class_name="public", controller_namespace="ingress"),
        "use_issuer": LetsEncrypt.PRODUCTION,
        "publish": True,
    }
    args.update(overrides)
    return args


def blog_chart() -> HomeMusicChart:
    """The chart main.py builds (the blog's deployment)."""
    import main

    return main.build(cdk8s.App())


def synth(chart: cdk8s.Chart) -> list[Obj]:
    """The chart's objects as plain dicts, after the app's validations ran."""
    app = chart.node.root
    assert isinstance(app, cdk8s.App)
    homemusic.render(app)  # runs deferred validations like a real synth
    return list(chart.to_json())


def find(objects: Iterable[Obj], kind: str, name: str | None = None) -> list[Obj]:
    return [
        o
        for o in objects
        if o["kind"] == kind and (name is None or o["metadata"].get("name") == name)
    ]


def one(objects: Iterable[Obj], kind: str, name: str | None = None) -> Obj:
    found = find(objects, kind, name)
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def container(deployment: Obj) -> Obj:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    result: Obj = containers[0]
    return result


def env_of(deployment: Obj) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container(deployment)["env"]}


def load_yaml_dir(path: Path) -> dict[str, list[Obj]]:
    return {
        f.name: [d for d in yaml.safe_load_all(f.read_text()) if d is not None]
        for f in sorted(path.glob("*.yaml"))
    }


# --- wiring checks: what the API server and kubelet would trip over -----------


def labels_match(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def wiring_problems(objects: list[Obj], existing_claims: Iterable[str] = ()) -> list[str]:
    """Every Service selects pods, every claim binds its volume, every backend exists.

    ``existing_claims``: claims the owner made (not in the output) that pods may mount.
    A claim without ``volumeName`` is a StorageClass's: no volume of the chart to bind.
    """
    problems: list[str] = []
    existing = set(existing_claims)
    workloads = find(objects, "Deployment")
    services = {o["metadata"]["name"]: o for o in find(objects, "Service")}
    claims = {o["metadata"]["name"]: o for o in find(objects, "PersistentVolumeClaim")}
    volumes = {o["metadata"]["name"]: o for o in find(objects, "PersistentVolume")}
    for d in workloads:
        pod_labels = d["spec"]["template"]["metadata"]["labels"]
        if not labels_match(d["spec"]["selector"]["matchLabels"], pod_labels):
            problems.append(f"Deployment {d['metadata']['name']} selector misses its pods")
        pod_spec = d["spec"]["template"]["spec"]
        volume_names = [v["name"] for v in pod_spec.get("volumes", [])]
        if len(volume_names) != len(set(volume_names)):
            problems.append(f"Deployment {d['metadata']['name']} repeats a volume name")
        for c in pod_spec.get("initContainers", []) + pod_spec["containers"]:
            paths = [m["mountPath"] for m in c.get("volumeMounts", [])]
            if len(paths) != len(set(paths)):
                problems.append(f"container {c['name']} mounts two volumes on one path")
            for m in c.get("volumeMounts", []):
                if m["name"] not in volume_names:
                    problems.append(f"container {c['name']} mounts missing volume {m['name']}")
        ports = {p["name"] for p in container(d).get("ports", [])}
        for pod_volume in d["spec"]["template"]["spec"].get("volumes", []):
            pvc = pod_volume.get("persistentVolumeClaim")
            if pvc and pvc["claimName"] not in claims and pvc["claimName"] not in existing:
                problems.append(f"Deployment {d['metadata']['name']} mounts missing {pvc}")
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            action = container(d).get(probe, {})
            port = (action.get("httpGet") or action.get("tcpSocket") or {}).get("port")
            if isinstance(port, str) and port not in ports:
                problems.append(f"{probe} of {d['metadata']['name']} names unknown port {port}")
    for name, svc in services.items():
        selected = [
            d
            for d in workloads
            if labels_match(svc["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])
        ]
        if len(selected) != 1:
            problems.append(f"Service {name} selects {len(selected)} workloads")
            continue
        pod_ports = {p["name"]: p["containerPort"] for p in container(selected[0]).get("ports", [])}
        for port in svc["spec"]["ports"]:
            target = port["targetPort"]
            if isinstance(target, str) and target not in pod_ports:
                problems.append(f"Service {name} targets unknown port {target}")
            if isinstance(target, int) and target not in pod_ports.values():
                problems.append(f"Service {name} targets closed port {target}")
    for name, claim in claims.items():
        if "volumeName" not in claim["spec"]:
            if claim["spec"].get("accessModes") not in (["ReadWriteOnce"], ["ReadWriteMany"]):
                problems.append(f"claim {name} asks for {claim['spec'].get('accessModes')}")
            continue
        vol = volumes.get(claim["spec"].get("volumeName", ""))
        if vol is None:
            problems.append(f"claim {name} names no volume of this chart")
            continue
        ref = vol["spec"].get("claimRef", {})
        if ref.get("name") != name or ref.get("namespace") != claim["metadata"].get("namespace"):
            problems.append(f"volume {vol['metadata']['name']} is not reserved for claim {name}")
        if vol["spec"].get("storageClassName") != claim["spec"].get("storageClassName"):
            problems.append(f"claim {name} and its volume differ in storage class")
        if claim["spec"]["accessModes"] != vol["spec"]["accessModes"]:
            problems.append(f"claim {name} and its volume differ in access modes")
        if claim["spec"]["resources"]["requests"]["storage"] != vol["spec"]["capacity"]["storage"]:
            problems.append(f"claim {name} asks another size than its volume has")
    problems += gateway_problems(objects, services)
    for ing in find(objects, "Ingress"):
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                target = services.get(backend["name"])
                if target is None:
                    problems.append(f"Ingress backend {backend['name']} does not exist")
                elif backend["port"].get("number") not in [
                    p["port"] for p in target["spec"]["ports"]
                ]:
                    problems.append(f"Ingress backend port {backend['port']} not on the Service")
    return problems


def _namespace(obj: Obj) -> str:
    return str(obj["metadata"].get("namespace", "default"))


def gateway_problems(objects: list[Obj], services: dict[str, Obj]) -> list[str]:
    """Every HTTPRoute reaches a Service port, and attaches to a listener of a Gateway
    of the chart that admits it (name, section, hostname, namespace); every Gateway's
    TLS Secret is the one its cert-manager annotation has issued."""
    problems: list[str] = []
    gateways = {(_namespace(g), g["metadata"]["name"]): g for g in find(objects, "Gateway")}
    for route in find(objects, "HTTPRoute"):
        name = route["metadata"]["name"]
        for rule in route["spec"].get("rules", []):
            for backend in rule.get("backendRefs", []):
                service = services.get(backend["name"])
                if service is None:
                    problems.append(f"HTTPRoute {name} backend {backend['name']} does not exist")
                elif backend.get("port") not in [p["port"] for p in service["spec"]["ports"]]:
                    problems.append(f"HTTPRoute {name} backend port {backend.get('port')} closed")
        for parent in route["spec"].get("parentRefs", []):
            key = (parent.get("namespace", _namespace(route)), parent["name"])
            gateway = gateways.get(key)
            if gateway is None:
                continue  # a Gateway outside the chart (GatewayRoute)
            listeners = [
                lst
                for lst in gateway["spec"]["listeners"]
                if parent.get("sectionName") in (None, lst["name"])
            ]
            if not listeners:
                problems.append(f"HTTPRoute {name} names no listener of Gateway {key}")
            for lst in listeners:
                if lst.get("hostname") and lst["hostname"] not in route["spec"]["hostnames"]:
                    problems.append(f"HTTPRoute {name} hosts miss listener {lst['name']}")
                allowed = lst.get("allowedRoutes", {}).get("namespaces", {"from": "Same"})
                same = _namespace(route) == _namespace(gateway)
                selector = allowed.get("selector", {}).get("matchLabels", {})
                admitted = (
                    allowed.get("from") == "All"
                    or (allowed.get("from", "Same") == "Same" and same)
                    or (
                        allowed.get("from") == "Selector"
                        and selector == {"kubernetes.io/metadata.name": _namespace(route)}
                    )
                )
                if not admitted:
                    problems.append(f"listener {lst['name']} does not admit HTTPRoute {name}")
    for gateway in gateways.values():
        annotations = gateway["metadata"].get("annotations", {})
        if not any(k.startswith("cert-manager.io/") for k in annotations):
            problems.append(f"Gateway {gateway['metadata']['name']} names no issuer")
        for lst in gateway["spec"]["listeners"]:
            if lst["protocol"] == "HTTPS" and not lst.get("tls", {}).get("certificateRefs"):
                problems.append(f"listener {lst['name']} has no certificate")
    return problems


# --- schema validation --------------------------------------------------------


def kubernetes_versions() -> list[str]:
    """The oldest supported (1.27) and the newest version kubernetes-validate bundles."""
    schemas = importlib_resources.files("kubernetes_validate").joinpath("kubernetes-json-schema")
    versions = sorted(
        {
            m.group(1)
            for entry in schemas.iterdir()
            if (m := re.match(r"^v(\d+\.\d+)\.\d+-local-strict$", entry.name))
        },
        key=lambda v: tuple(int(x) for x in v.split(".")),
    )
    return [OLDEST_K8S, versions[-1]]


@functools.cache
def _k8s_schema_dir(version: str) -> Any:
    schemas = importlib_resources.files("kubernetes_validate").joinpath("kubernetes-json-schema")
    for entry in schemas.iterdir():
        if entry.name.startswith(f"v{version}.") and entry.name.endswith("-local-strict"):
            return entry
    raise LookupError(f"no strict schemas for Kubernetes {version}")


@functools.cache
def _k8s_validator(version: str, kind: str, api_version: str) -> jsonschema.Validator | None:
    directory = _k8s_schema_dir(version)
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    path = directory.joinpath(f"{kind.lower()}-{group}.json")
    if not path.is_file():
        return None
    schema = json.loads(path.read_text())
    definitions = json.loads(directory.joinpath("_definitions.json").read_text())
    registry: referencing.Registry[Any] = referencing.Registry()
    registry = referencing.Resource.from_contents(schema) @ registry
    registry = referencing.Resource.from_contents(definitions) @ registry
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _strict(schema: Any) -> Any:
    """Reject unknown fields the way the API server's strict field validation does."""
    if isinstance(schema, dict):
        schema = {k: _strict(v) for k, v in schema.items()}
        if (
            schema.get("type") == "object"
            and "properties" in schema
            and "additionalProperties" not in schema
            and not schema.get("x-kubernetes-preserve-unknown-fields")
        ):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


@functools.cache
def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """``{(apiVersion, kind): openAPIV3Schema}`` from the committed imports/schemas/."""
    schemas: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(CRD_SCHEMAS.glob("*/*.json")):
        kind, version = path.stem.rsplit("_", 1)
        schemas[(f"{path.parent.name}/{version}", kind)] = json.loads(path.read_text())
    return schemas


@functools.cache
def crd_validators() -> dict[tuple[str, str], jsonschema.Validator]:
    """``{(apiVersion, kind): validator}`` for the CRD kinds, strict like the API server."""
    validators: dict[tuple[str, str], jsonschema.Validator] = {}
    for key, schema in crd_schemas().items():
        strict = _strict(schema)
        # metadata is validated by the API server, not the CRD schema
        strict.setdefault("properties", {})["metadata"] = {"type": "object"}
        validators[key] = jsonschema.Draft7Validator(strict)
    return validators


def schema_errors(obj: Obj) -> list[str]:
    """Errors of one object against Kubernetes' schemas (1.27 and newest) or its CRD.

    A CRD kind is checked against its schema and, with the schema's defaults
    applied, against its x-kubernetes-validations (CEL) rules.
    """
    api_version = obj["apiVersion"]
    group = api_version.rsplit("/", 1)[0] if "/" in api_version else ""
    key = (api_version, obj["kind"])
    if key in crd_validators():
        errors = [f"{obj['kind']}: {e.message}" for e in crd_validators()[key].iter_errors(obj)]
        schema = crd_schemas()[key]
        spec_schema = schema.get("properties", {}).get("spec", {})
        defaulted = cel.apply_defaults(schema, obj)
        errors += [
            f"{obj['kind']} (CEL) {e}"
            for e in cel.rule_errors(spec_schema, defaulted.get("spec"), ".spec")
        ]
        return errors
    if ("." in group and not group.endswith(".k8s.io")) or group.startswith("gateway."):
        return [f"{obj['kind']} {api_version}: no CRD schema found"]
    errors = []
    for version in kubernetes_versions():
        validator = _k8s_validator(version, obj["kind"], obj["apiVersion"])
        if validator is None:
            errors.append(f"{obj['kind']} {obj['apiVersion']}: no schema in Kubernetes {version}")
            continue
        errors.extend(
            f"{obj['kind']} {obj['metadata'].get('name')} (k8s {version}): {e.message}"
            for e in validator.iter_errors(obj)
        )
    return errors


# --- where pods land: a small model of kube-scheduler's volume and affinity filters ---


def pod_templates(objects: Iterable[Obj]) -> list[tuple[str, Obj]]:
    """(workload, pod template) of every Deployment, Job and CronJob."""
    found = []
    for obj in objects:
        spec = obj.get("spec", {})
        if obj["kind"] in ("Deployment", "Job"):
            found.append((f"{obj['kind']} {obj['metadata']['name']}", spec["template"]))
        elif obj["kind"] == "CronJob":
            found.append(
                (f"CronJob {obj['metadata']['name']}", spec["jobTemplate"]["spec"]["template"])
            )
    return found


def _claims_of(template: Obj) -> list[str]:
    return [
        v["persistentVolumeClaim"]["claimName"]
        for v in template["spec"].get("volumes", [])
        if "persistentVolumeClaim" in v
    ]


def _selected(term: Obj, labels: dict[str, str]) -> bool:
    return labels_match(term["labelSelector"]["matchLabels"], labels)


def placement_problems(
    objects: list[Obj],
    nodes: Sequence[str] = ("node1", "node2", "node3"),
    existing_claims: dict[str, str] | None = None,
) -> list[str]:
    """Schedule every pod of the output onto a cluster of ``nodes``, in every order and
    onto every node the filters allow, and report what can go wrong.

    The model follows kube-scheduler's filters for what the output decides: a
    static volume's and the pod's own required node affinity (``kubernetes.io/hostname``
    In), and required
    pod affinity on ``kubernetes.io/hostname`` by ``matchLabels`` (a pod whose
    term no pod matches may go anywhere if it matches the term itself:
    ``satisfyPodAffinity`` in ``interpodaffinity/filtering.go``). It reports a
    pod no node admits, and two pods on two nodes mounting one ReadWriteOnce
    claim (``Multi-Attach error``). ``existing_claims``: claim name -> access
    mode of claims the owner made.
    """
    claims = {c["metadata"]["name"]: c for c in find(objects, "PersistentVolumeClaim")}
    volumes = {v["metadata"]["name"]: v for v in find(objects, "PersistentVolume")}
    modes = {name: c["spec"]["accessModes"][0] for name, c in claims.items()}
    modes.update(existing_claims or {})
    # A pod that mounts no claim and has no affinity (restic's prune and check)
    # neither constrains nor is constrained: left out, it only multiplies the orders.
    pods = [
        (w, t)
        for w, t in pod_templates(objects)
        if _claims_of(t)
        or t["spec"].get("affinity")
        or t["metadata"].get("labels", {}).get("homemusic/node-group")
    ]
    allowed: dict[str, set[str]] = {}
    for workload, template in pods:
        where = set(nodes)
        for claim_name in _claims_of(template):
            claim = claims.get(claim_name, {})
            volume = volumes.get(claim.get("spec", {}).get("volumeName", ""))
            for term in (
                (volume or {}).get("spec", {}).get("nodeAffinity", {}).get("required", {})
                .get("nodeSelectorTerms", [])
            ):  # fmt: skip
                for expr in term["matchExpressions"]:
                    assert expr["key"] == "kubernetes.io/hostname" and expr["operator"] == "In"
                    where &= set(expr["values"])
        node_terms = (
            template["spec"].get("affinity", {}).get("nodeAffinity", {})
            .get("requiredDuringSchedulingIgnoredDuringExecution", {})
            .get("nodeSelectorTerms", [])
        )  # fmt: skip
        for term in node_terms:
            assert len(node_terms) == 1  # one term: its expressions all apply
            for expr in term["matchExpressions"]:
                assert expr["key"] == "kubernetes.io/hostname" and expr["operator"] == "In"
                where &= set(expr["values"])
        allowed[workload] = where
    problems: set[str] = set()

    seen: set[frozenset[tuple[str, str]]] = set()

    def place(placed: dict[str, str]) -> None:
        # Every order: any pod not yet placed may come next. The outcome
        # depends only on where the placed pods are, not on their order, so
        # each such state is explored once (the same as every permutation).
        state = frozenset(placed.items())
        if state in seen:
            return
        seen.add(state)
        if len(placed) == len(pods):
            for claim_name, mode in modes.items():
                if mode != "ReadWriteOnce":
                    continue
                on = {placed[w] for w, t in pods if claim_name in _claims_of(t)}
                if len(on) > 1:
                    problems.add(f"claim {claim_name} is mounted on {sorted(on)}: Multi-Attach")
            return
        for workload, template in pods:
            if workload in placed:
                continue
            labels = template["metadata"].get("labels", {})
            terms = (
                template["spec"].get("affinity", {}).get("podAffinity", {})
                .get("requiredDuringSchedulingIgnoredDuringExecution", [])
            )  # fmt: skip
            choices = set(allowed[workload])
            for term in terms:
                assert term["topologyKey"] == "kubernetes.io/hostname"
                matching = {
                    placed[w]
                    for w, t in pods
                    if w in placed and _selected(term, t["metadata"].get("labels", {}))
                }
                if matching:
                    choices &= matching
                elif not _selected(term, labels):
                    choices = set()
            if not choices:
                problems.add(f"{workload} fits no node after {sorted(placed)}")
                continue
            for node in sorted(choices):
                place({**placed, workload: node})

    place({})
    return sorted(problems)
