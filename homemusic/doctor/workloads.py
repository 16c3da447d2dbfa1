"""The report's workloads group: each Deployment's pod, and why it does not run when it does not."""

from __future__ import annotations

import re

from ._shared import (
    OK,
    PROBLEM,
    WARNING,
    Expected,
    Finding,
    _condition,
    _is_true,
    _matches,
)
from .cluster import Cluster, Obj

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
