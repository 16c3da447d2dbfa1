"""The doctor's checks of the claims behind the stack: dynamic and existing ones, reclaim
policies, and resizes (report group "nodes and storage").

The claims are those ``dist/`` writes and those its pods mount without writing
them (claims the owner made, ``StorageBackend.existing_claim``). For each:

* bound: the reclaim policy of the volume behind it. ``Delete`` means that
  deleting the claim (a renamed stack, a namespace deleted by mistake) deletes
  the files: a problem, with the one ``kubectl patch`` that makes it ``Retain``.
* pending on a StorageClass: the class does not exist, there is no default
  class, the provisioner has not acted (the persistentvolume-controller's
  ``ExternalProvisioning`` Event and no ``Provisioning`` of the provisioner's
  own) or refused (``ProvisioningFailed``), or the class binds only when the
  first pod is scheduled (``WaitForFirstConsumer``: normal, not a problem).
* growing: a larger request the API server refused (a class without
  ``allowVolumeExpansion``), a resize in progress, or one that failed.

The words the cluster uses are Kubernetes v1.36's: Event reasons of the
persistentvolume-controller (``pkg/controller/volume/events/event.go``:
``WaitForFirstConsumer``, ``ExternalProvisioning``, ``ProvisioningFailed``,
``FailedBinding``) and of the kubelet (``pkg/kubelet/events/event.go``:
``VolumeResizeFailed``, ``FileSystemResizeFailed``; the CSI external-resizer
writes ``VolumeResizeFailed`` too); the claim's conditions ``Resizing``,
``FileSystemResizePending``, ``ControllerResizeError``, ``NodeResizeError``
and ``status.allocatedResourceStatuses`` (``ControllerResizeInProgress``,
``ControllerResizeInfeasible``, ``NodeResizePending``, ``NodeResizeInProgress``,
``NodeResizeInfeasible``) from ``pkg/apis/core/types.go``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .._private.validation import quantity_value
from ._shared import OK, PROBLEM, WARNING, Expected, Finding
from .cluster import Cluster, Obj

GROUP = "nodes and storage"
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
_DEFAULT_PATCH = json.dumps({"metadata": {"annotations": {DEFAULT_CLASS_ANNOTATION: "true"}}})
RESIZE_IN_PROGRESS = ("ControllerResizeInProgress", "NodeResizePending", "NodeResizeInProgress")
RESIZE_INFEASIBLE = ("ControllerResizeInfeasible", "NodeResizeInfeasible")


@dataclass(frozen=True)
class Claim:
    """A claim the stack's pods mount."""

    name: str
    namespace: str
    written: Obj | None
    """The claim as ``dist/`` writes it; ``None``: a claim the owner made."""
    mounted_by: tuple[str, ...]

    @property
    def static(self) -> bool:
        """Bound by name to a volume of ``dist/`` (checked by ``check_storage``)."""
        return self.written is not None and "volumeName" in self.written["spec"]


def stack_claims(expected: Expected) -> list[Claim]:
    """The claims ``dist/`` writes, then those its workloads mount without writing them."""
    mounts: dict[tuple[str, str], list[str]] = {}
    for obj in expected.objects:
        spec = obj.get("spec") or {}
        if obj["kind"] in ("Deployment", "Job"):
            template = spec.get("template", {})
        elif obj["kind"] == "CronJob":
            template = spec.get("jobTemplate", {}).get("spec", {}).get("template", {})
        else:
            continue
        namespace = obj["metadata"].get("namespace", expected.namespace)
        for volume in template.get("spec", {}).get("volumes", []):
            if "persistentVolumeClaim" in volume:
                key = (namespace, volume["persistentVolumeClaim"]["claimName"])
                mounts.setdefault(key, []).append(f"{obj['kind']} {obj['metadata']['name']}")
    claims = []
    written = {}
    for claim in expected.of("PersistentVolumeClaim"):
        key = (claim["metadata"].get("namespace", expected.namespace), claim["metadata"]["name"])
        written[key] = claim
    for key in [*written, *sorted(k for k in mounts if k not in written)]:
        namespace, name = key
        claims.append(Claim(name, namespace, written.get(key), tuple(mounts.get(key, []))))
    return claims


def check_claims(expected: Expected, cluster: Cluster) -> list[Finding]:
    """Every finding about the stack's claims (see the module's documentation)."""
    findings: list[Finding] = []
    for claim in stack_claims(expected):
        live = cluster.get("PersistentVolumeClaim", claim.name, claim.namespace)
        if live is None:
            if claim.written is None:
                users = ", ".join(claim.mounted_by)
                findings.append(
                    Finding(
                        GROUP,
                        PROBLEM,
                        f"claim {claim.name} does not exist in {claim.namespace}: it is yours "
                        f"to make (StorageBackend.existing_claim), and {users} cannot start "
                        "without it",
                        f"create it in namespace {claim.namespace} (kubectl -n "
                        f"{claim.namespace} get pvc lists what is there), or name the claim "
                        "you have in existing_claim(claim_name=...) and synthesize again",
                    )
                )
            elif not claim.static:
                findings.append(
                    Finding(
                        GROUP,
                        PROBLEM,
                        f"claim {claim.name} does not exist",
                        "apply dist/ (step 5)",
                    )
                )
            continue
        phase = (live.get("status") or {}).get("phase")
        if phase == "Bound":
            findings += _bound(claim, live, cluster)
        elif not claim.static:
            findings += _pending(claim, live, cluster)
    return findings


# --- a bound claim: the volume's reclaim policy, and growing ------------------------------


def _bound(claim: Claim, live: Obj, cluster: Cluster) -> list[Finding]:
    findings = []
    volume_name = live["spec"].get("volumeName", "")
    volume = cluster.get("PersistentVolume", volume_name)
    if "PersistentVolume" in cluster.unreadable:
        findings.append(
            Finding(
                GROUP,
                WARNING,
                f"could not read volume {volume_name} behind claim {claim.name} "
                f"({cluster.unreadable['PersistentVolume']}): its reclaim policy was not checked",
                f"kubectl get pv {volume_name} -o jsonpath="
                "'{.spec.persistentVolumeReclaimPolicy}'",
            )
        )
    elif volume is not None:
        policy = volume["spec"].get("persistentVolumeReclaimPolicy", "Delete")
        if policy == "Delete":
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"volume {volume_name} behind claim {claim.name} has reclaim policy Delete: "
                    "deleting the claim (a renamed stack, a namespace deleted by mistake) "
                    "deletes its files",
                    f"kubectl patch pv {volume_name} -p "
                    '\'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\' '
                    "(once; or give the claim a StorageClass whose reclaimPolicy is Retain)",
                )
            )
        else:
            findings.append(
                Finding(
                    GROUP,
                    OK,
                    f"claim {claim.name} is Bound to {volume_name}, reclaim policy {policy}",
                )
            )
    findings += _resize(claim, live, cluster)
    return findings


def _size(obj: Obj | None, *path: str) -> str | None:
    value: Any = obj
    for key in path:
        value = (value or {}).get(key)
    return value if isinstance(value, str) else None


def _bytes(text: str | None) -> Fraction | None:
    try:
        return quantity_value(text) if text else None
    except ValueError:
        return None


def _condition(live: Obj, kind: str) -> dict[str, Any] | None:
    for condition in (live.get("status") or {}).get("conditions") or []:
        if condition.get("type") == kind and condition.get("status") == "True":
            result: dict[str, Any] = condition
            return result
    return None


def _latest_event(cluster: Cluster, claim: Claim, *reasons: str) -> Obj | None:
    found = [
        e
        for e in cluster.events_for("PersistentVolumeClaim", claim.name, claim.namespace)
        if e.get("reason") in reasons
    ]
    return found[-1] if found else None


def _resize(claim: Claim, live: Obj, cluster: Cluster) -> list[Finding]:
    findings = []
    requested = _size(live, "spec", "resources", "requests", "storage")
    capacity = _size(live, "status", "capacity", "storage")
    wanted = _size(claim.written, "spec", "resources", "requests", "storage")
    class_name = live["spec"].get("storageClassName")
    storage_class = cluster.get("StorageClass", class_name) if class_name else None
    ns = claim.namespace
    if claim.written is not None and wanted and requested:
        want, have = _bytes(wanted), _bytes(requested)
        if want is not None and have is not None and want > have:
            expandable = bool((storage_class or {}).get("allowVolumeExpansion"))
            why = (
                f"StorageClass {class_name} does not allow expansion (allowVolumeExpansion)"
                if storage_class is not None and not expandable
                else "the larger request was not applied"
            )
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"dist/ asks {wanted} for claim {claim.name}, the claim still asks "
                    f"{requested}: {why}",
                    f"set allowVolumeExpansion: true on StorageClass {class_name} if its driver "
                    "can grow volumes, then apply dist/ again; otherwise keep music_size at "
                    f"{requested} (a claim of a class that cannot grow keeps its size)"
                    if storage_class is not None and not expandable
                    else "apply dist/ and read what the API server answers",
                )
            )
        elif (
            want is not None
            and have is not None
            and want < have
            and want <= (_bytes(capacity) or have)
        ):
            # Below the claim's request and not above its volume's size: refused
            # ("field can not be less than status.capacity"). A smaller request still
            # above the size is the recovery from a failed expansion, and accepted.
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"dist/ asks {wanted} for claim {claim.name}, less than its {requested}: "
                    "a claim never shrinks, and the API server refuses the smaller request",
                    f"set music_size (or config_size) back to {requested} and synthesize again",
                )
            )
    statuses = (live.get("status") or {}).get("allocatedResourceStatuses") or {}
    state = statuses.get("storage")
    error = _condition(live, "ControllerResizeError") or _condition(live, "NodeResizeError")
    failed = _latest_event(cluster, claim, "VolumeResizeFailed", "FileSystemResizeFailed")
    describe = f"kubectl -n {ns} describe pvc {claim.name}"
    if state in RESIZE_INFEASIBLE or error is not None:
        said = str((error or {}).get("message") or (failed or {}).get("message") or state)
        findings.append(
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} could not grow to {requested} (still {capacity}): "
                f"{(error or {}).get('type') or state}: {said}",
                f"{describe}; the driver refused the size: ask for one it can give "
                f"(music_size): while the expansion has not completed, any size above the "
                f"current {capacity} is accepted (Kubernetes' recovery from a failed expansion)",
            )
        )
    elif state in RESIZE_IN_PROGRESS or _condition(live, "Resizing") is not None:
        findings.append(
            Finding(
                GROUP,
                WARNING,
                f"claim {claim.name} is growing from {capacity} to {requested} "
                f"({state or 'Resizing'})",
                describe,
            )
        )
    elif _condition(live, "FileSystemResizePending") is not None:
        findings.append(
            Finding(
                GROUP,
                WARNING,
                f"the volume behind claim {claim.name} has grown; its file system grows when "
                f"the node next mounts it (FileSystemResizePending, still {capacity})",
                "nothing to do if the driver grows file systems online; otherwise restart "
                f"the pods that mount it ({', '.join(claim.mounted_by)})",
            )
        )
    elif failed is not None and requested and capacity and requested != capacity:
        findings.append(
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} asks {requested} but holds {capacity}: "
                f"{failed.get('reason')}: {failed.get('message', '')}",
                describe,
            )
        )
    return findings


# --- a pending claim: which StorageClass, which provisioner -------------------------------


def _default_classes(cluster: Cluster) -> list[str]:
    return [
        c["metadata"]["name"]
        for c in cluster.of("StorageClass")
        if (c["metadata"].get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true"
    ]


def _pending(claim: Claim, live: Obj, cluster: Cluster) -> list[Finding]:
    ns = claim.namespace
    phase = (live.get("status") or {}).get("phase") or "Pending"
    describe = f"kubectl -n {ns} describe pvc {claim.name}"
    if phase == "Lost":
        return [
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} is Lost: the volume it was bound to is gone",
                f"{describe}; restore the volume from a backup (docs/operations/moving.md)",
            )
        ]
    class_name = live["spec"].get("storageClassName")
    classes = {c["metadata"]["name"]: c for c in cluster.of("StorageClass")}
    have = ", ".join(sorted(classes)) or "none"
    if "StorageClass" in cluster.unreadable:
        return [
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} is {phase}; StorageClasses could not be read "
                f"({cluster.unreadable['StorageClass']})",
                describe,
            )
        ]
    if not class_name:
        defaults = _default_classes(cluster)
        if not defaults:
            return [
                Finding(
                    GROUP,
                    PROBLEM,
                    f"claim {claim.name} is {phase}: it names no StorageClass and the cluster "
                    f"has no default class (classes: {have})",
                    "mark one class default (kubectl patch storageclass <name> -p "
                    f"'{_DEFAULT_PATCH}'; "
                    "the waiting claim then gets it), or name a class in "
                    "StorageBackend.storage_class(storage_class_name=...) and synthesize again",
                )
            ]
        class_name = defaults[0]
    storage_class = classes.get(class_name)
    if storage_class is None:
        return [
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} is {phase}: StorageClass {class_name} does not exist "
                f"(classes: {have})",
                f"install the driver that makes class {class_name}, or name one of these in "
                "StorageBackend.storage_class(storage_class_name=...); a claim's class cannot "
                f"change, so delete the empty claim first (kubectl -n {ns} delete pvc "
                f"{claim.name}) and apply dist/ again",
            )
        ]
    provisioner = storage_class.get("provisioner", "?")
    failed = _latest_event(cluster, claim, "ProvisioningFailed")
    if failed is not None:
        return [
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} is {phase}: {provisioner} could not make its volume: "
                f"{failed.get('message', '')}",
                f"{describe}, and the logs of {provisioner}'s controller",
            )
        ]
    waiting = _latest_event(cluster, claim, "WaitForFirstConsumer")
    external = _latest_event(cluster, claim, "ExternalProvisioning")
    acted = _latest_event(cluster, claim, "Provisioning")
    if storage_class.get("volumeBindingMode") == "WaitForFirstConsumer" and (
        external is None or (waiting is not None and _later(waiting, external))
    ):
        return [
            Finding(
                GROUP,
                OK,
                f"claim {claim.name} waits for its first pod (StorageClass {class_name} binds "
                "WaitForFirstConsumer): normal until a pod that mounts it is scheduled",
            )
        ]
    if external is not None and acted is None:
        return [
            Finding(
                GROUP,
                PROBLEM,
                f"claim {claim.name} is {phase}: the persistentvolume-controller waits for "
                f"{provisioner} to make its volume, and {provisioner} has not acted "
                f"({external.get('message', '')[:160]})",
                f"check that {provisioner}'s driver runs (kubectl get csidrivers; kubectl get "
                f"pods -A | grep -i {_short(provisioner)}) and read its controller's logs",
            )
        ]
    return [
        Finding(
            GROUP,
            PROBLEM,
            f"claim {claim.name} is {phase} (StorageClass {class_name}, {provisioner})",
            describe,
        )
    ]


def _later(a: Obj, b: Obj) -> bool:
    """Event ``a`` happened after ``b`` (by their last time; ISO 8601 sorts as text)."""

    def when(event: Obj) -> str:
        return str(
            event.get("lastTimestamp")
            or event.get("eventTime")
            or event.get("firstTimestamp")
            or (event.get("metadata") or {}).get("creationTimestamp")
            or ""
        )

    return when(a) >= when(b)


def _short(provisioner: str) -> str:
    """A word of a provisioner's name to find its pods (``driver.longhorn.io`` -> longhorn)."""
    parts = [p for p in provisioner.replace("/", ".").split(".") if p not in ("io", "com", "k8s")]
    words = [p for p in parts if p not in ("csi", "driver", "rancher", "kubernetes")]
    return (words or parts or [provisioner])[0]
