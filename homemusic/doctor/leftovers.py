"""The report's leftovers group: dist/ against what the cluster holds of the stack.

Objects of dist/ missing from the cluster, and objects of an earlier output
still on it.
"""

from __future__ import annotations

from ._shared import (
    OK,
    PROBLEM,
    WARNING,
    Expected,
    Finding,
    _app_name,
    _pod,
)
from .cluster import Cluster, Obj, identities

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
                "delete it by hand only if its data may go (docs/operations/apply.md)",
            )
        )
    return findings
