"""The report's nodes and storage group: the nodes the volumes name, the volumes, their claims."""

from __future__ import annotations

from ._shared import (
    OK,
    PROBLEM,
    Expected,
    Finding,
    _condition,
    _is_true,
)
from .cluster import Cluster

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
