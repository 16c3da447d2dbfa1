"""The doctor's checks: the synthesized output against the cluster, in the owner's words.

Each check reads the expected objects (``dist/``) and the cluster's state and
returns findings: a mark, what was seen, and what to do. Nothing here talks to
a cluster, and no check ever puts a Secret's value into a finding: it says
which key or field is wrong, never what it holds.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .cluster import Cluster, Obj, group_of, identities

OK = "ok"
PROBLEM = "problem"
WARNING = "warning"
SKIPPED = "skipped"

GROUPS = ("add-ons", "nodes and storage", "secrets", "workloads", "entry", "backups", "leftovers")


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    group: str
    mark: str
    seen: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"group": self.group, "mark": self.mark, "seen": self.seen, "fix": self.fix}


# --- what the output expects ------------------------------------------------------------


class Expected:
    """The synthesized output, with the facts the checks need worked out once."""

    def __init__(self, objects: list[Obj]) -> None:
        self.objects = objects
        self.deployments = self.of("Deployment")
        self.samba = next((d for d in self.deployments if _app_name(d) == "samba"), None)
        self.server = next(
            (d for d in self.deployments if _app_name(d) in ("airsonic", "navidrome")), None
        )
        namespaces = [o["metadata"]["name"] for o in self.of("Namespace")]
        deployment_namespaces = [d["metadata"].get("namespace") for d in self.deployments]
        self.namespace: str = (
            namespaces[0] if namespaces else next((n for n in deployment_namespaces if n), "")
        )
        self.namespaces = {n for n in [*namespaces, *deployment_namespaces, self.namespace] if n}

    def of(self, kind: str) -> list[Obj]:
        return [o for o in self.objects if o["kind"] == kind]

    def samba_config(self) -> dict[str, Any] | None:
        """``container.json`` of the Samba ConfigMap."""
        if self.samba is None:
            return None
        for volume in _pod(self.samba).get("volumes", []):
            if "configMap" in volume:
                for cm in self.of("ConfigMap"):
                    if cm["metadata"]["name"] == volume["configMap"]["name"]:
                        result: dict[str, Any] = json.loads(cm["data"]["container.json"])
                        return result
        return None

    def samba_users(self) -> list[str]:
        """The Samba users in order: the forced (first) user, then the others as listed."""
        config = self.samba_config() or {}
        names: list[str] = []
        for share in config.get("shares", {}).values():
            options = share.get("options", {})
            for name in [options.get("force user", ""), *options.get("valid users", "").split()]:
                if name and name not in names:
                    names.append(name)
        return names

    def file_owner(self) -> tuple[int | None, int | None]:
        """``puid`` and ``pgid``: the streaming server's user, the Samba file group's GID."""
        gid = None
        for group in (self.samba_config() or {}).get("groups", {}).get("all_entries", []):
            gid = group.get("gid")
        uid = None
        if self.server is not None:
            env = {e["name"]: e.get("value") for e in _container(self.server).get("env", [])}
            if "PUID" in env:
                uid = int(env["PUID"])
                gid = int(env["PGID"]) if "PGID" in env else gid
            else:
                uid = _pod(self.server).get("securityContext", {}).get("runAsUser")
        return uid, gid

    def secret_volumes(self, deployment: Obj) -> list[tuple[str, list[str]]]:
        """(Secret name, keys) of every Secret volume of a Deployment's pod."""
        found = []
        for volume in _pod(deployment).get("volumes", []):
            secret = volume.get("secret")
            if secret:
                keys = [item["key"] for item in secret.get("items", [])]
                found.append((secret["secretName"], keys))
        return found


def _app_name(obj: Obj) -> str:
    return str(obj["metadata"].get("labels", {}).get("app.kubernetes.io/name", ""))


def _pod(deployment: Obj) -> dict[str, Any]:
    spec: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return spec


def _container(deployment: Obj) -> dict[str, Any]:
    container: dict[str, Any] = _pod(deployment)["containers"][0]
    return container


def _condition(obj: Obj | None, kind: str) -> dict[str, Any]:
    for condition in (obj or {}).get("status", {}).get("conditions", []) or []:
        if condition.get("type") == kind:
            result: dict[str, Any] = condition
            return result
    return {}


def _is_true(obj: Obj | None, kind: str) -> bool:
    return _condition(obj, kind).get("status") == "True"


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _q(value: str) -> str:
    return shlex.quote(value)


# --- add-ons ------------------------------------------------------------------------------

_ADDONS = {
    "cert-manager.io": (
        "cert-manager",
        "the Issuers cannot be created and no certificate will be issued",
    ),
    "metallb.io": ("MetalLB", "the Samba Service gets no LAN address"),
    "gateway.networking.k8s.io": (
        "the Gateway API CRDs",
        "the Gateway and its routes cannot be created",
    ),
}


def check_addons(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings: list[Finding] = []
    used: dict[str, set[str]] = {}
    for obj in expected.objects:
        group = group_of(obj["apiVersion"])
        if group in _ADDONS:
            used.setdefault(group, set()).add(obj["kind"])
    # Samba's LoadBalancer Service needs MetalLB even when the output has no pool.
    lb_services = [s for s in expected.of("Service") if s["spec"].get("type") == "LoadBalancer"]
    if lb_services:
        used.setdefault("metallb.io", set())
    crds = {c["metadata"]["name"]: c for c in cluster.of("CustomResourceDefinition")}
    for group in sorted(used):
        name, consequence = _ADDONS[group]
        if not cluster.served.get(group):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{name} is not installed (no {group} API): {consequence}",
                    "install it (README, From zero to music, step 1), then apply dist/ again",
                )
            )
            continue
        missing = []
        for obj in expected.objects:
            if group_of(obj["apiVersion"]) != group:
                continue
            version = obj["apiVersion"].rpartition("/")[2]
            crd = next(
                (c for c in crds.values() if c["spec"]["names"]["kind"] == obj["kind"]
                 and c["spec"]["group"] == group),
                None,
            )  # fmt: skip
            if crds and crd is None:
                missing.append(f"{obj['kind']} (no CRD)")
            elif crd is not None and not any(
                v["name"] == version and v.get("served") for v in crd["spec"]["versions"]
            ):
                missing.append(f"{obj['kind']} {version} (not served)")
            elif crd is None and version not in cluster.served.get(group, set()):
                missing.append(f"{obj['kind']} {version}")
        if missing:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{name} is installed but does not serve {', '.join(sorted(set(missing)))}",
                    f"upgrade {name} to a release that serves what dist/ uses (README, step 1)",
                )
            )
        else:
            kinds = ", ".join(sorted(used[group])) or "for the Samba Service's address"
            versions = ", ".join(sorted(cluster.served[group]))
            findings.append(Finding(g, OK, f"{name}: {group} {versions} served ({kinds})"))
    if "cert-manager.io" in used and cluster.served.get("cert-manager.io"):
        findings += _cert_manager_controller(cluster)
    findings += _ingress_classes(expected, cluster)
    if lb_services and cluster.served.get("metallb.io"):
        for service in lb_services:
            findings += _metallb_pool(service, cluster)
    return findings


def _cert_manager_controller(cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    controllers = [
        d
        for d in cluster.of("Deployment")
        if d["metadata"].get("labels", {}).get("app.kubernetes.io/name") == "cert-manager"
        and d["metadata"].get("labels", {}).get("app.kubernetes.io/component", "controller")
        == "controller"
    ]
    if not controllers:
        return [
            Finding(
                g,
                WARNING,
                "cert-manager's API is served but its controller Deployment was not found "
                "(label app.kubernetes.io/name=cert-manager)",
                "check that cert-manager runs: kubectl get deploy -A -l "
                "app.kubernetes.io/name=cert-manager",
            )
        ]
    findings = []
    for d in controllers:
        where = f"{d['metadata']['namespace']}/{d['metadata']['name']}"
        if _is_true(d, "Available"):
            findings.append(Finding(g, OK, f"cert-manager's controller {where} is available"))
        else:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"cert-manager's controller {where} is not available: no certificate "
                    "will be issued",
                    f"kubectl -n {d['metadata']['namespace']} describe deploy "
                    f"{d['metadata']['name']}",
                )
            )
    return findings


def _ingress_classes(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings = []
    classes = {c["metadata"]["name"] for c in cluster.of("IngressClass")}
    for ingress in expected.of("Ingress"):
        wanted = ingress["spec"].get("ingressClassName")
        if wanted is None:
            continue
        if wanted in classes:
            findings.append(Finding(g, OK, f"IngressClass {wanted} exists"))
        else:
            have = ", ".join(sorted(classes)) or "none"
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"no IngressClass {wanted} exists (the cluster has: {have}), so nothing "
                    f"serves the Ingress {ingress['metadata']['name']}",
                    "install the ingress controller (microk8s enable ingress), or pass its "
                    "class to HttpsEntry.ingress(class_name=...) and synthesize again",
                )
            )
    gateway_classes = {c["metadata"]["name"] for c in cluster.of("GatewayClass")}
    for gateway in expected.of("Gateway"):
        wanted = gateway["spec"].get("gatewayClassName")
        if wanted in gateway_classes:
            findings.append(Finding(g, OK, f"GatewayClass {wanted} exists"))
        elif cluster.served.get("gateway.networking.k8s.io"):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"no GatewayClass {wanted} exists, so nothing programs the Gateway "
                    f"{gateway['metadata']['name']}",
                    "enable your Gateway implementation's provider (README, The HTTPS entry)",
                )
            )
    return findings


def _requested_ip(service: Obj) -> str | None:
    annotations = service["metadata"].get("annotations", {})
    for key in ("metallb.io/loadBalancerIPs", "metallb.universe.tf/loadBalancerIPs"):
        if key in annotations:
            return str(annotations[key]).split(",")[0].strip()
    return None


def _pool_ranges(pool: Obj) -> list[tuple[int, int]]:
    ranges = []
    for text in pool.get("spec", {}).get("addresses", []):
        try:
            if "-" in text:
                start, _, end = text.partition("-")
                ranges.append(
                    (
                        int(ipaddress.ip_address(start.strip())),
                        int(ipaddress.ip_address(end.strip())),
                    )
                )
            else:
                network = ipaddress.ip_network(text, strict=False)
                ranges.append((int(network[0]), int(network[-1])))
        except ValueError:
            continue
    return ranges


def _metallb_pool(service: Obj, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    address = _requested_ip(service)
    if address is None:
        return []
    ip = int(ipaddress.ip_address(address))
    pools = cluster.of("IPAddressPool")
    holding = [p for p in pools if any(a <= ip <= b for a, b in _pool_ranges(p))]
    described = "; ".join(
        f"{p['metadata']['name']} {' '.join(p.get('spec', {}).get('addresses', []))}" for p in pools
    )
    if not holding:
        return [
            Finding(
                g,
                PROBLEM,
                f"MetalLB cannot give the Samba Service {address}: no pool contains it "
                f"(pools: {described or 'none'})",
                f"add {address}/32 to a pool (metallb_addresses=['{address}/32'] makes one) or "
                "set samba_load_balancer_ip to a free address of a pool inside lan_cidrs, and "
                "synthesize again",
            )
        ]
    pool = holding[0]
    name = pool["metadata"]["name"]
    adverts = [
        a
        for a in [*cluster.of("L2Advertisement"), *cluster.of("BGPAdvertisement")]
        if not (a.get("spec") or {}).get("ipAddressPools")
        or name in a["spec"]["ipAddressPools"]
        or (a.get("spec") or {}).get("ipAddressPoolSelectors")
    ]
    findings = []
    if adverts:
        how = "layer 2" if adverts[0]["kind"] == "L2Advertisement" else "BGP"
        findings.append(
            Finding(g, OK, f"MetalLB pool {name} holds {address} and is announced ({how})")
        )
    else:
        findings.append(
            Finding(
                g,
                PROBLEM,
                f"MetalLB pool {name} holds {address}, but no L2Advertisement or "
                "BGPAdvertisement announces it: "
                "the LAN never learns the address",
                f"add an L2Advertisement for pool {name} (MetalLbPool makes one)",
            )
        )
    return findings


# --- nodes and storage --------------------------------------------------------------------


def check_storage(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "nodes and storage"
    findings: list[Finding] = []
    nodes = cluster.of("Node")
    by_hostname = {
        n["metadata"].get("labels", {}).get("kubernetes.io/hostname", n["metadata"]["name"]): n
        for n in nodes
    }
    volumes = expected.of("PersistentVolume")
    wanted: dict[str, list[str]] = {}
    for volume in volumes:
        for term in (
            volume["spec"].get("nodeAffinity", {}).get("required", {}).get("nodeSelectorTerms", [])
        ):
            for expr in term.get("matchExpressions", []):
                if expr.get("key") == "kubernetes.io/hostname":
                    for value in expr.get("values", []):
                        wanted.setdefault(value, []).append(volume["metadata"]["name"])
    claims = expected.of("PersistentVolumeClaim")
    for hostname, names in sorted(wanted.items()):
        node = by_hostname.get(hostname)
        if node is None:
            have = ", ".join(sorted(by_hostname)) or "none"
            claim_names = " ".join(
                c["metadata"]["name"] for c in claims if c["spec"].get("volumeName") in names
            )
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"the volumes {', '.join(names)} are local to a node named {hostname}, "
                    f"and the cluster has no such node (nodes: {have}): their pods cannot be "
                    "scheduled",
                    f"set node_name to the node's name (kubernetes.io/hostname) in main.py and "
                    "synthesize again; a volume's node affinity cannot be changed, so delete "
                    f"the claims and volumes first (kubectl -n {expected.namespace} delete pvc "
                    f"{claim_names}; kubectl delete pv {' '.join(names)}; the files stay on "
                    "the disk, reclaim policy Retain) and apply dist/ again",
                )
            )
        elif not _is_true(node, "Ready"):
            reason = _condition(node, "Ready").get("message", "")
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"node {hostname} is not Ready ({reason})",
                    f"kubectl describe node {node['metadata']['name']}",
                )
            )
        else:
            findings.append(Finding(g, OK, f"node {hostname} is Ready"))
    for claim in claims:
        name = claim["metadata"]["name"]
        namespace = claim["metadata"].get("namespace", expected.namespace)
        volume_name = claim["spec"].get("volumeName")
        if volume_name is None:
            continue  # a StorageClass's claim: doctor/claims.py
        live = cluster.get("PersistentVolumeClaim", name, namespace)
        live_volume = cluster.get("PersistentVolume", volume_name) if volume_name else None
        if live is None:
            findings.append(
                Finding(g, PROBLEM, f"claim {name} does not exist", "apply dist/ (step 5)")
            )
            continue
        phase = live.get("status", {}).get("phase")
        if live_volume is not None and live_volume.get("status", {}).get("phase") == "Released":
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"volume {volume_name} is Released: it still names a claim that was "
                    "deleted, so the new claim cannot bind to it",
                    f"kubectl patch pv {volume_name} --type json -p "
                    '\'[{"op":"remove","path":"/spec/claimRef/uid"}]\'',
                )
            )
        elif phase == "Bound" and live["spec"].get("volumeName") == volume_name:
            findings.append(Finding(g, OK, f"claim {name} is Bound to volume {volume_name}"))
        elif phase == "Bound":
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"claim {name} is bound to {live['spec'].get('volumeName')}, not to "
                    f"{volume_name}: the apps see another disk",
                    "delete the claim and apply dist/ again (the volumes keep their files)",
                )
            )
        else:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"claim {name} is {phase or 'not bound'}, waiting for volume {volume_name}",
                    f"kubectl -n {namespace} describe pvc {name}",
                )
            )
    return findings


# --- Secrets the user makes ---------------------------------------------------------------


def check_secrets(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "secrets"
    if "Secret" in cluster.unreadable:
        return [
            Finding(
                g,
                SKIPPED,
                f"could not read Secrets ({cluster.unreadable['Secret']}): the Samba users "
                "file and the admin Secret were not checked",
                "run the doctor with a kubeconfig that may read Secrets in "
                f"{expected.namespace} to check them",
            )
        ]
    findings: list[Finding] = []
    if expected.samba is not None:
        findings += _samba_users_secret(expected, cluster)
    if expected.server is not None and _app_name(expected.server) == "navidrome":
        for name, keys in expected.secret_volumes(expected.server):
            secret = cluster.get("Secret", name, expected.server["metadata"].get("namespace"))
            if secret is None:
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"Secret {name} (Navidrome's admin password and key) does not exist: "
                        "Navidrome cannot start",
                        f"homemusic navidrome-admin --namespace {expected.namespace} "
                        f"--secret-name {name} | kubectl create -f -",
                    )
                )
            elif not all(k in (secret.get("data") or {}) for k in keys):
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"Secret {name} has no key {', '.join(keys)}",
                        "delete it and create it again with homemusic navidrome-admin",
                    )
                )
            else:
                findings.append(Finding(g, OK, f"Secret {name} holds {', '.join(keys)}"))
    return findings


def _samba_users_secret(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "secrets"
    if expected.samba is None:
        return []
    secrets = expected.secret_volumes(expected.samba)
    if not secrets:
        return []
    name, keys = secrets[0]
    key = keys[0] if keys else "users.json"
    namespace = expected.samba["metadata"].get("namespace", expected.namespace)
    users = expected.samba_users()
    uid, gid = expected.file_owner()
    command = (
        f"homemusic samba-users --namespace {namespace} --secret-name {name} "
        f"--uid {uid} --gid {gid} {' '.join(users)} | kubectl create -f -"
    )
    restart = (
        f"kubectl -n {namespace} rollout restart deployment {expected.samba['metadata']['name']}"
    )
    secret = cluster.get("Secret", name, namespace)
    if secret is None:
        return [
            Finding(
                g,
                PROBLEM,
                f"the Samba users Secret {name} does not exist in {namespace}: Samba cannot start",
                f"create it: {command}",
            )
        ]
    recreate = (
        f"delete it (kubectl -n {namespace} delete secret {name}), create it again: {command}; "
        f"then {restart}"
    )
    raw = (secret.get("data") or {}).get(key)
    if raw is None:
        return [Finding(g, PROBLEM, f"Secret {name} has no key {key}", recreate)]
    try:
        data = json.loads(base64.b64decode(raw))
    except ValueError:
        return [Finding(g, PROBLEM, f"{key} in Secret {name} is not JSON", recreate)]
    if not isinstance(data, dict) or "samba-container-config" not in data:
        return [
            Finding(
                g,
                PROBLEM,
                f"{key} in Secret {name} is not in sambacc's format: it has no "
                "samba-container-config key, so Samba's entrypoint stops at start",
                recreate,
            )
        ]
    entries = (
        data.get("users", {}).get("all_entries") if isinstance(data.get("users"), dict) else None
    )
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and {"name", "password", "uid", "gid"} <= set(e) for e in entries
    ):
        return [
            Finding(
                g,
                PROBLEM,
                f"{key} in Secret {name}: users.all_entries is not a list of entries with "
                "name, password, uid and gid",
                recreate,
            )
        ]
    found = [(str(e["name"]), e["uid"], e["gid"]) for e in entries]
    wanted = [(u, (uid + i) if uid is not None else None, gid) for i, u in enumerate(users)]
    if found != wanted:
        have = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in found) or "no user"
        want = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in wanted)
        return [
            Finding(
                g,
                PROBLEM,
                f"the Samba users file does not match the stack: it defines {have}; the "
                f"shares expect {want} (puid {uid}, pgid {gid})",
                f"{recreate} (sambacc reads the users only at start)",
            )
        ]
    listed = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in found)
    return [Finding(g, OK, f"Secret {name}: {key} defines {listed}, as the stack expects")]


# --- workloads ----------------------------------------------------------------------------

_MOUNT_SECRET = re.compile(
    r'MountVolume\.SetUp failed for volume "([^"]+)" : secret "([^"]+)" not found'
)
_DNS_FAIL = re.compile(r"lookup ([^ ]+) on ([^:]+:\d+): (server misbehaving|no such host)")


def check_workloads(expected: Expected, cluster: Cluster) -> list[Finding]:
    findings: list[Finding] = []
    for deployment in expected.deployments:
        findings += _deployment(expected, deployment, cluster)
    return findings


def _deployment(expected: Expected, deployment: Obj, cluster: Cluster) -> list[Finding]:
    g = "workloads"
    name = deployment["metadata"]["name"]
    namespace = deployment["metadata"].get("namespace", expected.namespace)
    live = cluster.get("Deployment", name, namespace)
    if live is None:
        return [Finding(g, PROBLEM, f"Deployment {name} does not exist", "apply dist/ (step 5)")]
    if deployment["spec"].get("replicas") == 0:
        return [Finding(g, OK, f"{name} is stopped on purpose (0 replicas)")]
    selector = deployment["spec"]["selector"]["matchLabels"]
    pods = [
        p
        for p in cluster.of("Pod")
        if p["metadata"].get("namespace") == namespace
        and _matches(selector, p["metadata"].get("labels", {}))
        and not p["metadata"].get("deletionTimestamp")
    ]
    if not pods:
        return [
            Finding(
                g,
                PROBLEM,
                f"{name} has no pod",
                f"kubectl -n {namespace} describe deploy {name}; kubectl -n {namespace} get events",
            )
        ]
    return [f for pod in pods for f in _pod_findings(expected, name, pod, cluster)]


def _pod_findings(expected: Expected, owner: str, pod: Obj, cluster: Cluster) -> list[Finding]:
    g = "workloads"
    namespace = pod["metadata"]["namespace"]
    pod_name = pod["metadata"]["name"]
    node = pod["spec"].get("nodeName")
    if _is_true(pod, "Ready"):
        return [Finding(g, OK, f"{owner}: pod {pod_name} is running and ready on {node}")]
    scheduled = _condition(pod, "PodScheduled")
    if scheduled.get("status") == "False":
        message = scheduled.get("message", "")
        fix = f"kubectl -n {namespace} describe pod {pod_name}"
        if "node affinity" in message and "PersistentVolume" in message:
            fix = "the volumes are pinned to a node that does not exist: see nodes and storage"
        return [
            Finding(g, PROBLEM, f'{owner} cannot be scheduled: the scheduler says "{message}"', fix)
        ]
    findings = []
    events = list(cluster.events_for("Pod", pod_name, namespace))
    for status in pod.get("status", {}).get("containerStatuses", []) or []:
        container = status["name"]
        waiting = status.get("state", {}).get("waiting", {})
        reason = waiting.get("reason", "")
        last = status.get("lastState", {}).get("terminated")
        if reason == "ContainerCreating":
            findings.append(_creating(expected, owner, pod, events))
        elif reason in ("ImagePullBackOff", "ErrImagePull"):
            findings.append(_image_pull(owner, pod, status, cluster))
        elif reason == "CrashLoopBackOff" or (last and not status.get("ready")):
            findings.append(_crash(expected, owner, pod, status, cluster))
        elif not status.get("ready"):
            findings.append(
                Finding(
                    g,
                    WARNING,
                    f"{owner}: container {container} of pod {pod_name} is not ready yet "
                    f"({reason or 'starting'})",
                    f"kubectl -n {namespace} describe pod {pod_name}",
                )
            )
    return findings or [
        Finding(
            g,
            WARNING,
            f"{owner}: pod {pod_name} is not ready",
            f"kubectl -n {namespace} describe pod {pod_name}",
        )
    ]


def _creating(expected: Expected, owner: str, pod: Obj, events: list[Obj]) -> Finding:
    g = "workloads"
    namespace = pod["metadata"]["namespace"]
    for event in reversed(events):
        if event.get("reason") == "FailedMount":
            match = _MOUNT_SECRET.search(event.get("message", ""))
            if match:
                volume, secret = match.groups()
                return Finding(
                    g,
                    PROBLEM,
                    f"{owner} cannot start: the kubelet cannot mount volume {volume} because "
                    f"Secret {secret} does not exist in {namespace} (tried "
                    f"{event.get('count', 1)} times)",
                    "create the Secret (see secrets); the kubelet retries the mount by itself "
                    "and the pod starts",
                )
            return Finding(
                g,
                PROBLEM,
                f"{owner} cannot start: the kubelet cannot mount a volume: "
                f"{event.get('message', '')}",
                f"kubectl -n {namespace} describe pod {pod['metadata']['name']}",
            )
    return Finding(
        g,
        WARNING,
        f"{owner}: pod {pod['metadata']['name']} is still being created",
        f"kubectl -n {namespace} describe pod {pod['metadata']['name']}",
    )


def _image_pull(owner: str, pod: Obj, status: Obj, cluster: Cluster) -> Finding:
    g = "workloads"
    image = status.get("image", "")
    message = status.get("state", {}).get("waiting", {}).get("message", "")
    node = pod["spec"].get("nodeName", "the node")
    policy = next(
        (
            c.get("imagePullPolicy")
            for c in pod["spec"]["containers"]
            if c["name"] == status["name"]
        ),
        None,
    )
    on_node = any(
        image in i.get("names", [])
        for n in cluster.of("Node")
        for i in n.get("status", {}).get("images", [])
    )
    dns = _DNS_FAIL.search(message)
    if dns:
        host, resolver, answer = dns.groups()
        cause = f"DNS lookups of {host} fail on {node} (lookup {host} on {resolver}: {answer})"
        fix = (
            "fix the node's DNS (its resolver configuration, the router); "
            "the kubelet retries by itself"
        )
    elif "not found" in message:
        cause = "the registry has no such image or tag"
        fix = "check the image name and tag (image=...)"
    elif re.search(r"\b(401|403)\b|unauthorized|denied", message, re.I):
        cause = "the registry refuses the node's credentials"
        fix = "check the registry credentials (imagePullSecrets) or the image's visibility"
    elif "no match for platform" in message:
        cause = "the image has no build for the node's architecture"
        fix = "choose an image built for the node's platform"
    else:
        cause = message or "the pull fails"
        fix = f"kubectl -n {pod['metadata']['namespace']} describe pod {pod['metadata']['name']}"
    extra = ""
    if policy == "Always" and on_node:
        extra = " (the image is already on the node, but the Deployment pulls Always)"
    return Finding(g, PROBLEM, f"{owner}: {node} cannot pull {image}: {cause}{extra}", fix)


def _crash(expected: Expected, owner: str, pod: Obj, status: Obj, cluster: Cluster) -> Finding:
    g = "workloads"
    namespace = pod["metadata"]["namespace"]
    last = status.get("lastState", {}).get("terminated", {}) or {}
    code = last.get("exitCode")
    restarts = status.get("restartCount", 0)
    seen = (
        f"{owner}: container {status['name']} exits with code {code} ({last.get('reason', '?')}) "
        f"after each start, {restarts} restarts"
    )
    log = cluster.previous_log(namespace, pod["metadata"]["name"], status["name"])
    if log:
        tail = " | ".join(line.strip() for line in log.strip().splitlines()[-3:])
        seen += f"; its last lines: {tail}"
    logs = f"kubectl -n {namespace} logs deploy/{owner} --previous"
    component = pod["metadata"].get("labels", {}).get("app.kubernetes.io/name")
    if component == "samba":
        fix = f"check the Samba users Secret (see secrets) and {logs}"
    elif component in ("airsonic", "navidrome"):
        path = _config_path(expected)
        where = f" {path}" if path else ""
        fix = (
            f"read {logs}; in this stack the usual cause is the config folder{where}: on the "
            "node check that it exists, is on a Linux filesystem, is mounted read-write and "
            "belongs to puid (touch a file in it)"
        )
    else:
        fix = f"read {logs}"
    return Finding(g, PROBLEM, seen, fix)


def _config_path(expected: Expected) -> str | None:
    """The config volume's folder, and the node it is on: where to look when the app exits."""
    for volume in expected.of("PersistentVolume"):
        if volume["metadata"]["name"].endswith("-config"):
            spec = volume["spec"]
            path = (spec.get("local") or spec.get("nfs") or {}).get("path")
            terms = spec.get("nodeAffinity", {}).get("required", {}).get("nodeSelectorTerms", [])
            nodes = [v for t in terms for e in t.get("matchExpressions", []) for v in e["values"]]
            return f"{path} on {nodes[0]}" if nodes else str(path)
    return None


# --- the Samba address --------------------------------------------------------------------


def check_samba_address(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings: list[Finding] = []
    for service in expected.of("Service"):
        if service["spec"].get("type") != "LoadBalancer":
            continue
        name = service["metadata"]["name"]
        namespace = service["metadata"].get("namespace", expected.namespace)
        address = _requested_ip(service)
        live = cluster.get("Service", name, namespace)
        if live is None:
            findings.append(Finding(g, PROBLEM, f"Service {name} does not exist", "apply dist/"))
            continue
        got = [
            i.get("ip") for i in live.get("status", {}).get("loadBalancer", {}).get("ingress", [])
        ]
        events = list(cluster.events_for("Service", name, namespace))
        if address in got:
            pods_ready = any(
                _is_true(p, "Ready")
                for p in cluster.of("Pod")
                if p["metadata"].get("namespace") == namespace
                and _matches(live["spec"].get("selector", {}), p["metadata"].get("labels", {}))
            )
            if not pods_ready and live["spec"].get("externalTrafficPolicy") == "Local":
                findings.append(
                    Finding(
                        g,
                        WARNING,
                        f"Service {name} has {address}, but nothing answers there: with "
                        "externalTrafficPolicy Local MetalLB announces it only from a node with "
                        "a ready Samba pod, and there is none",
                        "make Samba's pod ready (see workloads)",
                    )
                )
            else:
                findings.append(Finding(g, OK, f"Service {name} has its address {address}"))
            if any(e.get("reason") == "deprecatedAnnotation" for e in events):
                findings.append(
                    Finding(
                        g,
                        WARNING,
                        f"MetalLB records a Warning on every update of {name}: it uses the "
                        "deprecated annotation metallb.universe.tf/loadBalancerIPs",
                        "synthesize with this homemusic release, which writes metallb.io/ only",
                    )
                )
            continue
        failed = [e for e in events if e.get("reason") == "AllocationFailed"]
        if failed:
            message = failed[-1].get("message", "")
            taken = re.search(r"address also in use by (\S+)", message)
            if taken:
                other = taken.group(1).rstrip(".,")
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"{address} belongs to {other}; MetalLB will not share it with Samba "
                        f"(Service {name} has no address)",
                        f"give {other} another address (its Service's metallb.io/loadBalancerIPs "
                        "annotation, through the add-on's values), start the pool above "
                        f"{address}, or choose another samba_load_balancer_ip; keep {address} in "
                        "a pool of its own with autoAssign: false (README step 1)",
                    )
                )
                continue
            if "not allowed in config" in message:
                continue  # the pool check above says which pool lacks it
            findings.append(
                Finding(g, PROBLEM, f"MetalLB could not give {name} {address}: {message}", "")
            )
            continue
        if cluster.served.get("metallb.io"):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"Service {name} has no address yet and MetalLB wrote no Event about it",
                    "kubectl -n metallb-system logs deploy/controller",
                )
            )
        else:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"Service {name} stays without an address: no LoadBalancer implementation "
                    "answers (MetalLB is missing)",
                    "install MetalLB (README step 1)",
                )
            )
    return findings


# --- the HTTPS entry ----------------------------------------------------------------------


def check_entry(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "entry"
    findings: list[Finding] = []
    ingresses = expected.of("Ingress")
    if not ingresses and not expected.of("HTTPRoute") and expected.server is not None:
        findings.append(
            Finding(
                g,
                OK,
                "the server is not published (no Ingress or route): reach it with kubectl "
                "port-forward",
            )
        )
    for issuer in [*expected.of("Issuer"), *expected.of("ClusterIssuer")]:
        name = issuer["metadata"]["name"]
        namespace = issuer["metadata"].get("namespace") if issuer["kind"] == "Issuer" else None
        live = cluster.get(issuer["kind"], name, namespace)
        if not cluster.served.get("cert-manager.io"):
            continue  # said under add-ons
        if live is None:
            findings.append(
                Finding(g, PROBLEM, f"{issuer['kind']} {name} does not exist", "apply dist/")
            )
        elif not _is_true(live, "Ready"):
            message = _condition(live, "Ready").get("message", "not ready")
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{issuer['kind']} {name} is not ready: {message}",
                    "check acme_email and that the cluster reaches Let's Encrypt",
                )
            )
    for ingress in ingresses:
        findings += _ingress(expected, ingress, cluster)
    for gateway in expected.of("Gateway"):
        findings.append(_accepted(gateway, cluster, "Programmed"))
    for route in expected.of("HTTPRoute"):
        findings.append(_accepted(route, cluster, "Accepted"))
    return findings


def _accepted(obj: Obj, cluster: Cluster, condition: str) -> Finding:
    """A Gateway programmed, or an HTTPRoute accepted by every parent it names."""
    g = "entry"
    kind, name = obj["kind"], obj["metadata"]["name"]
    namespace = obj["metadata"].get("namespace")
    live = cluster.get(kind, name, namespace)
    if live is None:
        return Finding(g, PROBLEM, f"{kind} {name} does not exist", "apply dist/")
    status = live.get("status") or {}
    conditions = (
        [c for parent in status.get("parents", []) for c in parent.get("conditions", [])]
        if kind == "HTTPRoute"
        else status.get("conditions", [])
    )
    wanted = [c for c in conditions if c.get("type") == condition]
    if wanted and all(c.get("status") == "True" for c in wanted):
        return Finding(g, OK, f"{kind} {name} is {condition.lower()}")
    reasons = "; ".join(f"{c.get('reason')}: {c.get('message', '')}" for c in wanted) or (
        "no status from any Gateway implementation"
    )
    return Finding(
        g,
        PROBLEM,
        f"{kind} {name} is not {condition.lower()} ({reasons})",
        f"kubectl -n {namespace} describe {kind.lower()} {name}; check the GatewayClass and "
        "the listener's allowedRoutes (README, The HTTPS entry)",
    )


def _ingress(expected: Expected, ingress: Obj, cluster: Cluster) -> list[Finding]:
    g = "entry"
    findings = []
    name = ingress["metadata"]["name"]
    namespace = ingress["metadata"].get("namespace", expected.namespace)
    live = cluster.get("Ingress", name, namespace)
    if live is None:
        return [Finding(g, PROBLEM, f"Ingress {name} does not exist", "apply dist/")]
    addresses = [
        i.get("ip") or i.get("hostname")
        for i in live.get("status", {}).get("loadBalancer", {}).get("ingress", []) or []
    ]
    if addresses:
        findings.append(
            Finding(g, OK, f"Ingress {name} is served at {', '.join(map(str, addresses))}")
        )
    else:
        findings.append(
            Finding(
                g,
                PROBLEM,
                f"Ingress {name} has no address: no ingress controller has admitted it",
                "see add-ons: the IngressClass and its controller",
            )
        )
    if not cluster.served.get("cert-manager.io"):
        return findings
    for tls in ingress["spec"].get("tls", []):
        findings.append(_certificate(tls["secretName"], tls.get("hosts", []), namespace, cluster))
    return findings


def _certificate(name: str, hosts: list[str], namespace: str, cluster: Cluster) -> Finding:
    g = "entry"
    certificate = cluster.get("Certificate", name, namespace)
    if certificate is None:
        return Finding(
            g,
            PROBLEM,
            f"there is no Certificate {name}: cert-manager makes it from the Ingress",
            "check that cert-manager runs (see add-ons) and the Ingress's cert-manager.io "
            "issuer annotation names an Issuer that exists",
        )
    if _is_true(certificate, "Ready"):
        until = certificate.get("status", {}).get("notAfter", "?")
        return Finding(g, OK, f"Certificate {name} is ready (valid until {until})")
    host = hosts[0] if hosts else "your host"
    challenges = [
        c
        for c in cluster.of("Challenge")
        if c["metadata"].get("namespace") == namespace
        and c["metadata"]["name"].startswith(f"{name}-")
    ]
    orders = [
        o
        for o in cluster.of("Order")
        if o["metadata"].get("namespace") == namespace and o["metadata"]["name"].startswith(name)
    ]
    for challenge in challenges:
        reason = challenge.get("status", {}).get("reason", "")
        if not reason:
            continue
        if "deadline exceeded" in reason or "Timeout" in reason or "timeout" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name} waits for its HTTP-01 challenge: cert-manager's self check "
                f"of http://{host}/.well-known/acme-challenge/... times out, so Let's Encrypt "
                "is not even asked",
                "forward TCP 80 (and 443) on the router to the ingress controller, and check "
                f"from outside the LAN: curl http://{host}/.well-known/acme-challenge/x",
            )
        if "wrong status code" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: port 80 of {host} answers, but not with the challenge "
                f"({reason.split(': ')[-1][:80]})",
                "port 80 reaches another HTTP server (forwarded to another device), or the "
                "solver's Ingress class is not served: forward it to the ingress controller",
            )
        if "connection refused" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: nothing listens on port 80 of {host}",
                "forward TCP 80 on the router to the ingress controller",
            )
        if "no such host" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: {host} does not resolve",
                f"create the DNS A record for {host} (README step 3)",
            )
        return Finding(g, PROBLEM, f"Certificate {name} waits on its challenge: {reason}", "")
    for order in orders:
        state = order.get("status", {}).get("state")
        if state in ("invalid", "errored"):
            reason = order.get("status", {}).get("reason", "")
            return Finding(
                g,
                PROBLEM,
                f"Let's Encrypt refused the order for {name}: {reason}",
                f"kubectl -n {namespace} describe order {order['metadata']['name']}",
            )
    message = _condition(certificate, "Ready").get("message", "not ready")
    return Finding(
        g,
        WARNING,
        f"Certificate {name} is not ready yet: {message}",
        f"kubectl -n {namespace} describe certificate {name}",
    )


# --- leftovers ----------------------------------------------------------------------------

_LIBRARY_KINDS = {
    "Deployment",
    "Service",
    "ConfigMap",
    "NetworkPolicy",
    "Ingress",
    "Issuer",
    "ClusterIssuer",
    "Gateway",
    "HTTPRoute",
    "CronJob",
    "Job",
    "IPAddressPool",
    "L2Advertisement",
}
_DATA_KINDS = {"PersistentVolume", "PersistentVolumeClaim"}


_READ_KINDS = {
    "Namespace",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Service",
    "ConfigMap",
    "Deployment",
    "Job",
    "CronJob",
    "Ingress",
    "NetworkPolicy",
    "Issuer",
    "ClusterIssuer",
    "IPAddressPool",
    "L2Advertisement",
    "Gateway",
    "HTTPRoute",
}


def check_applied(expected: Expected, cluster: Cluster) -> list[Finding]:
    """Objects of dist/ the cluster does not have (not applied, or applied in part)."""
    g = "leftovers"
    missing = []
    for obj in expected.objects:
        kind = obj["kind"]
        if kind not in _READ_KINDS or kind in cluster.unreadable:
            continue
        if not cluster.serves(obj["apiVersion"]):
            continue  # the add-on is missing: said under add-ons
        meta = obj["metadata"]
        if cluster.get(kind, meta["name"], meta.get("namespace")) is None:
            where = f"{meta['namespace']}/" if meta.get("namespace") else ""
            missing.append(f"{kind} {where}{meta['name']}")
    if not missing:
        return []
    return [
        Finding(
            g,
            PROBLEM,
            f"{len(missing)} object(s) of dist/ are not on the cluster: {', '.join(missing)}",
            "apply dist/ (README, step 5)",
        )
    ]


def check_leftovers(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "leftovers"
    wanted = {(k, ns, n) for _, k, ns, n in identities(expected.objects)}
    namespaces = expected.namespaces
    leftovers: list[Obj] = []
    for kind in sorted(_LIBRARY_KINDS | _DATA_KINDS):
        for obj in cluster.of(kind):
            meta = obj["metadata"]
            if meta.get("labels", {}).get("app.kubernetes.io/part-of") != "homemusic":
                continue
            if meta.get("namespace") not in namespaces and meta.get("namespace") is not None:
                continue
            if meta.get("ownerReferences"):
                continue  # cleaned up with their owner
            if (kind, meta.get("namespace"), meta["name"]) not in wanted:
                leftovers.append(obj)
    if not leftovers:
        return [Finding(g, OK, "nothing of an earlier output is left on the cluster")]
    findings = []
    data = [o for o in leftovers if o["kind"] in _DATA_KINDS]
    rest = [o for o in leftovers if o["kind"] not in _DATA_KINDS]
    by_instance: dict[tuple[str | None, str], list[Obj]] = {}
    for obj in rest:
        instance = obj["metadata"].get("labels", {}).get("app.kubernetes.io/instance", "")
        by_instance.setdefault((obj["metadata"].get("namespace"), instance), []).append(obj)
    # the claims the current streaming server writes (Samba shares the music by design)
    claims_in_use = {
        v["persistentVolumeClaim"]["claimName"]
        for v in (_pod(expected.server).get("volumes", []) if expected.server else [])
        if "persistentVolumeClaim" in v and not v["persistentVolumeClaim"].get("readOnly")
    }
    for (namespace, instance), objs in sorted(by_instance.items(), key=lambda i: str(i[0])):
        kinds = sorted({o["kind"].lower() for o in objs})
        listed = ", ".join(f"{o['kind']} {o['metadata']['name']}" for o in objs)
        extra = []
        tls = [
            t["secretName"]
            for o in objs
            if o["kind"] == "Ingress"
            for t in o["spec"].get("tls", [])
        ]
        if tls:
            listed += ", and (made by cert-manager) Certificate and Secret " + ", ".join(tls)
        shared = [
            v["persistentVolumeClaim"]["claimName"]
            for o in objs
            if o["kind"] == "Deployment"
            for v in _pod(o).get("volumes", [])
            if "persistentVolumeClaim" in v
            and v["persistentVolumeClaim"]["claimName"] in claims_in_use
            and _app_name(o) in ("airsonic", "navidrome")
        ]
        if shared:
            extra.append(
                f"it still runs and writes into claim {', '.join(sorted(set(shared)))}, "
                "which the current server uses too"
            )
        hosts = {
            r.get("host")
            for o in objs
            if o["kind"] == "Ingress"
            for r in o["spec"].get("rules", [])
        }
        current_hosts = {
            r.get("host") for i in expected.of("Ingress") for r in i["spec"].get("rules", [])
        }
        if hosts & current_hosts:
            extra.append(
                f"two Ingresses claim {', '.join(sorted(h for h in hosts & current_hosts if h))}"
            )
        ns = f"-n {namespace} " if namespace else ""
        selector = f"app.kubernetes.io/instance={instance}" if instance else ""
        command = f"kubectl {ns}delete {','.join(kinds)} -l {selector}" if selector else ""
        if tls:
            command += f"; kubectl {ns}delete secret {' '.join(tls)}"
        seen = f"left over from an earlier output: {listed}"
        if extra:
            seen += "; " + "; ".join(extra)
        findings.append(
            Finding(
                g,
                PROBLEM,
                seen,
                f"delete them: {command} (the Certificate goes with its Ingress); from then "
                "on apply with the README's prune command, or let GitOps prune",
            )
        )
    for obj in data:
        findings.append(
            Finding(
                g,
                WARNING,
                f"{obj['kind']} {obj['metadata']['name']} is no longer in the output; it is "
                "kept on purpose (it holds data)",
                "delete it by hand only if its data may go (README, Apply)",
            )
        )
    return findings


# --- all of it ----------------------------------------------------------------------------


def diagnose(expected_objects: list[Obj], cluster: Cluster) -> list[Finding]:
    """Every finding, grouped in the order of :data:`GROUPS`."""
    from .backups import check_backups
    from .claims import check_claims  # its own module; it imports this one

    expected = Expected(expected_objects)
    findings = [
        *check_addons(expected, cluster),
        *check_samba_address(expected, cluster),
        *check_storage(expected, cluster),
        *check_claims(expected, cluster),
        *check_secrets(expected, cluster),
        *check_workloads(expected, cluster),
        *check_entry(expected, cluster),
        *check_backups(expected, cluster),
        *check_applied(expected, cluster),
        *check_leftovers(expected, cluster),
    ]
    if "Event" in cluster.unreadable:
        findings.append(
            Finding(
                "workloads",
                SKIPPED,
                f"could not read Events ({cluster.unreadable['Event']}): causes that only "
                "Events show (a volume that cannot mount, an address MetalLB refused) were "
                "not looked for",
                "run the doctor with a kubeconfig that may list Events",
            )
        )
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(findings, key=lambda f: order[f.group])


def problems(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.mark == PROBLEM)
