"""MusicStorage: the claims of the music library and the app config, and where their pods run."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.k8s import (
    KEEP_ANNOTATIONS,
    Json,
    api_object,
    chart_namespace,
    labels,
    namespace_of,
    remember_namespace,
)
from .._private.k8s import Placement as Placement  # re-exported: what placement() returns
from ..errors import HomeMusicError


class BackendKind(enum.Enum):
    """Where a volume's data physically lives, and who makes its claim."""

    LOCAL = "local"
    """A directory on one node's disk; pods using it are scheduled onto that node."""
    NFS = "nfs"
    """An NFS export; pods using it may run on any node."""
    STORAGE_CLASS = "storage-class"
    """A claim the library writes and a StorageClass's provisioner fills (Longhorn, ...)."""
    EXISTING_CLAIM = "existing-claim"
    """A claim the owner made and manages; the library only mounts it by name."""


class AccessMode(enum.Enum):
    """How many nodes may mount a claim at once (the Kubernetes access mode)."""

    READ_WRITE_ONCE = "ReadWriteOnce"
    """One node at a time (any number of pods on that node). Block storage: Longhorn's
    default, Rook-Ceph RBD, local-path, OpenEBS local volumes, iSCSI."""
    READ_WRITE_MANY = "ReadWriteMany"
    """Any number of nodes: NFS, CephFS, Longhorn's NFS-backed RWX volumes."""


_ACCESS_MODES = "AccessMode.READ_WRITE_ONCE or AccessMode.READ_WRITE_MANY"


def _access_mode(argument: str, value: AccessMode | str) -> AccessMode:
    """An :class:`AccessMode`, or its Kubernetes spelling (``"ReadWriteOnce"``)."""
    if isinstance(value, AccessMode):
        return value
    if isinstance(value, str):
        for mode in AccessMode:
            if mode.value == value:
                return mode
    raise v.fail(
        argument,
        value,
        f"{_ACCESS_MODES} ('ReadWriteOnce' or 'ReadWriteMany'): Samba writes the music and "
        "shares it with the server, so ReadOnlyMany cannot hold it and ReadWriteOncePod "
        "would keep the second pod from starting",
    )


@dataclass(frozen=True)
class StorageBackend:
    """Where one volume's files live. Build it with a factory.

    * :meth:`local`: a folder on one node's disk (a static PersistentVolume).
    * :meth:`nfs`: an NFS export (a static PersistentVolume).
    * :meth:`storage_class`: a claim a StorageClass provisions (Longhorn,
      k3s' local-path, Rook-Ceph, OpenEBS, democratic-csi, csi-driver-nfs).
    * :meth:`existing_claim`: a claim you made yourself; nothing is written for it.

    The blog keeps both volumes on ``node1`` under ``/mnt/hdd``::

        StorageBackend.local(node_name="node1", path="/mnt/hdd/music")
    """

    kind: BackendKind
    path: str | None = None
    node_name: str | None = None
    server: str | None = None
    storage_class_name: str | None = None
    """The StorageClass of a :meth:`storage_class` backend (``None``: the cluster's default)."""
    claim_name: str | None = None
    """The claim of an :meth:`existing_claim` backend."""
    mode: AccessMode | None = None
    """The access mode of a :meth:`storage_class` or :meth:`existing_claim` backend."""

    @staticmethod
    def local(*, node_name: str, path: str) -> StorageBackend:
        """A local volume: ``path`` on the node whose ``kubernetes.io/hostname`` is ``node_name``.

        The directory must exist on that node before the pods start. Access mode
        ReadWriteOnce: every pod that mounts it runs on that node.
        """
        v.dns_subdomain("StorageBackend.local node_name", node_name)
        v.absolute_path("StorageBackend.local path", path)
        return StorageBackend(kind=BackendKind.LOCAL, path=path, node_name=node_name)

    @staticmethod
    def nfs(*, server: str, path: str) -> StorageBackend:
        """An NFS export ``server:path`` (the server's export is set up outside Kubernetes).

        ``server`` is an IP address or host name the nodes can resolve. Access mode
        ReadWriteMany: pods may run on any node.
        """
        try:
            v.ip_address("StorageBackend.nfs server", server)
        except HomeMusicError:
            try:
                v.dns_subdomain("StorageBackend.nfs server", server)
            except HomeMusicError:
                raise v.fail(
                    "StorageBackend.nfs server",
                    server,
                    "an IP address or a DNS name of the NFS server",
                ) from None
        v.absolute_path("StorageBackend.nfs path", path)
        return StorageBackend(kind=BackendKind.NFS, path=path, server=server)

    @staticmethod
    def storage_class(
        *,
        storage_class_name: str | None = None,
        cluster_default: bool = False,
        access_mode: AccessMode | str = AccessMode.READ_WRITE_ONCE,
    ) -> StorageBackend:
        """A claim the library writes and a StorageClass's provisioner fills.

        The claim carries the never-prune annotations, like every claim the
        library writes; its size is the stack's ``music_size`` or ``config_size``
        (growing it later works when the class has ``allowVolumeExpansion: true``).
        The volume takes the class's reclaim policy, most often ``Delete``:
        see ``docs/choices/storage.md`` for keeping it, and ``homemusic doctor``,
        which reports a volume that would be deleted with its claim.

        :param storage_class_name: the StorageClass (``kubectl get storageclass``),
            e.g. ``"longhorn"`` or ``"local-path"``. Default none: then
            ``cluster_default`` must be true.
        :param cluster_default: leave the class out of the claim, so the cluster's
            default StorageClass provisions it (k3s: ``local-path``). Default
            ``False``: the default class is used only when you ask for it, never
            because a name was forgotten.
        :param access_mode: :attr:`AccessMode.READ_WRITE_ONCE` (one node: every pod
            mounting the claim is scheduled onto the node of the others) or
            :attr:`AccessMode.READ_WRITE_MANY` (the class must give it: NFS,
            CephFS, Longhorn RWX). Default ReadWriteOnce, which every driver gives.
        """
        o = "StorageBackend.storage_class"
        if not isinstance(cluster_default, bool):
            raise v.fail(f"{o} cluster_default", cluster_default, "True or False")
        if storage_class_name is None and not cluster_default:
            raise v.fail(
                f"{o} storage_class_name",
                storage_class_name,
                "the name of a StorageClass such as 'longhorn' or 'local-path' "
                "(kubectl get storageclass), or cluster_default=True to use the cluster's "
                "default class on purpose",
            )
        if storage_class_name is not None and cluster_default:
            raise v.fail(
                f"{o} cluster_default",
                cluster_default,
                f"False when storage_class_name is given ({storage_class_name!r}): one or the "
                "other",
            )
        if storage_class_name is not None:
            v.dns_subdomain(f"{o} storage_class_name", storage_class_name)
        mode = _access_mode(f"{o} access_mode", access_mode)
        return StorageBackend(
            kind=BackendKind.STORAGE_CLASS, storage_class_name=storage_class_name, mode=mode
        )

    @staticmethod
    def existing_claim(
        *, claim_name: str, access_mode: AccessMode | str = AccessMode.READ_WRITE_ONCE
    ) -> StorageBackend:
        """A PersistentVolumeClaim you made, in the stack's namespace, mounted by name.

        The library writes no volume and no claim for it: it is never in the
        output, so no prune (kubectl, Argo CD, Flux) can touch it, and its size,
        class and reclaim policy stay yours.

        :param claim_name: the claim's name. Required.
        :param access_mode: the claim's access mode, which decides where the pods
            may run: :attr:`AccessMode.READ_WRITE_ONCE` keeps every pod mounting it
            on one node; :attr:`AccessMode.READ_WRITE_MANY` lets them spread.
            Default ReadWriteOnce, which is right for any claim (only less
            spread out than an RWX claim allows).
        """
        o = "StorageBackend.existing_claim"
        v.dns_subdomain(f"{o} claim_name", claim_name)
        mode = _access_mode(f"{o} access_mode", access_mode)
        return StorageBackend(kind=BackendKind.EXISTING_CLAIM, claim_name=claim_name, mode=mode)

    @property
    def access_mode(self) -> str:
        """``ReadWriteOnce`` for a local volume, ``ReadWriteMany`` for NFS, else as given."""
        if self.mode is not None:
            return self.mode.value
        return "ReadWriteOnce" if self.kind is BackendKind.LOCAL else "ReadWriteMany"

    @property
    def is_static(self) -> bool:
        """A PersistentVolume the library writes (:meth:`local` or :meth:`nfs`)."""
        return self.kind in (BackendKind.LOCAL, BackendKind.NFS)

    @property
    def pins_pods_together(self) -> bool:
        """Every pod mounting it must share one node, and no volume node affinity sees to it.

        True for a ReadWriteOnce claim from a StorageClass or an existing one: a
        second pod on another node would hang in ``Multi-Attach error``. A local
        volume pins its pods through the PersistentVolume's node affinity.
        """
        return not self.is_static and self.mode is AccessMode.READ_WRITE_ONCE

    def same_volume_as(self, other: StorageBackend) -> bool:
        """Both name the same files: one path, or one existing claim (two claims of one
        StorageClass are two volumes)."""
        if self.kind is BackendKind.STORAGE_CLASS or other.kind is BackendKind.STORAGE_CLASS:
            return False
        if self.kind is BackendKind.EXISTING_CLAIM or other.kind is BackendKind.EXISTING_CLAIM:
            return self.claim_name is not None and self.claim_name == other.claim_name
        return self == other

    def describe(self) -> str:
        """The backend in a few words, for error messages."""
        if self.kind is BackendKind.LOCAL:
            return f"local {self.node_name}:{self.path}"
        if self.kind is BackendKind.NFS:
            return f"nfs {self.server}:{self.path}"
        if self.kind is BackendKind.EXISTING_CLAIM:
            return f"existing claim {self.claim_name} ({self.access_mode})"
        return f"StorageClass {self.storage_class_name or '(cluster default)'} ({self.access_mode})"


class StorageClaim(Construct):
    """A PersistentVolumeClaim the apps mount (not made directly: see the subclasses).

    :class:`StaticVolume` writes a volume and its claim, :class:`DynamicClaim`
    a claim a StorageClass fills, :class:`ExistingClaim` nothing at all.
    """

    def _identify(
        self, scope: Construct, claim_name: str, backend: StorageBackend, size: str | None
    ) -> None:
        self.claim_name = claim_name
        """The claim's name: what the pods mount."""
        self.backend = backend
        """Where the files live (:class:`StorageBackend`)."""
        self.size = size
        """The size the library requests; ``None`` for an existing claim."""
        self.namespace = namespace_of(scope)
        """The claim's namespace (the chart's, or ``default``)."""
        self.claim: cdk8s.ApiObject | None = None
        """The PersistentVolumeClaim written to the output, or ``None`` (an existing claim)."""

    @property
    def pins_pods_together(self) -> bool:
        """Every pod mounting this claim must share one node (see :class:`StorageBackend`)."""
        return self.backend.pins_pods_together


class StaticVolume(StorageClaim):
    """One PersistentVolume and the PersistentVolumeClaim bound to it, both ways.

    The claim names its volume (``volumeName``) and the volume reserves itself
    for that claim (``claimRef``), with a storage class no provisioner serves,
    so no default StorageClass (microk8s' hostpath, k3s' local-path) can hand
    the claim a new, empty volume instead. Reclaim policy Retain: deleting the
    claim or the whole chart never deletes files. Both carry the annotations
    that keep Argo CD and Flux from pruning or deleting them
    (``argocd.argoproj.io/sync-options: Prune=false,Delete=false``,
    ``kustomize.toolkit.fluxcd.io/prune: disabled``): a volume leaves the
    cluster only when you delete it yourself.

    :class:`MusicStorage` creates two of these; use one directly for another
    statically provisioned volume.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param claim_name: the PersistentVolumeClaim's name (namespaced). Required.
    :param volume_name: the PersistentVolume's name (cluster-wide). Required.
    :param backend: where the files live (:class:`StorageBackend`). Required.
    :param size: capacity and request, a Kubernetes quantity. Required.
    :param storage_class_name: written on both; a class no provisioner serves. Required.
    :param component: the ``app.kubernetes.io/name`` label. Required.
    :param instance: the ``app.kubernetes.io/instance`` label. Required.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        claim_name: str,
        volume_name: str,
        backend: StorageBackend,
        size: str,
        storage_class_name: str,
        component: str,
        instance: str,
    ) -> None:
        super().__init__(scope, id)
        v.dns_subdomain("StaticVolume claim_name", claim_name)
        v.dns_subdomain("StaticVolume volume_name", volume_name)
        if not isinstance(backend, StorageBackend) or not backend.is_static:
            raise v.fail(
                "StaticVolume backend",
                backend,
                "a StorageBackend from StorageBackend.local(...) or StorageBackend.nfs(...)",
            )
        v.storage_size("StaticVolume size", size)
        self._identify(scope, claim_name, backend, size)
        self.volume_name = volume_name
        self.storage_class_name = storage_class_name

        volume_spec: Json = {
            "capacity": {"storage": size},
            "accessModes": [backend.access_mode],
            "persistentVolumeReclaimPolicy": "Retain",
            "storageClassName": storage_class_name,
            "volumeMode": "Filesystem",
            "claimRef": {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "namespace": self.namespace,
                "name": claim_name,
            },
        }
        if backend.node_name is not None:  # StorageBackend.local
            volume_spec["local"] = {"path": backend.path}
            volume_spec["nodeAffinity"] = {
                "required": {
                    "nodeSelectorTerms": [
                        {
                            "matchExpressions": [
                                {
                                    "key": "kubernetes.io/hostname",
                                    "operator": "In",
                                    "values": [backend.node_name],
                                }
                            ]
                        }
                    ]
                }
            }
        elif backend.server is not None:  # StorageBackend.nfs
            volume_spec["nfs"] = {"server": backend.server, "path": backend.path}

        object_labels = labels(component, instance)
        self.volume = api_object(
            self,
            "volume",
            api_version="v1",
            kind="PersistentVolume",
            name=volume_name,
            object_labels=object_labels,
            annotations=KEEP_ANNOTATIONS,
            spec=volume_spec,
            cluster_scoped=True,
        )
        """The PersistentVolume (cluster-scoped)."""
        self.claim: cdk8s.ApiObject | None = api_object(
            self,
            "claim",
            api_version="v1",
            kind="PersistentVolumeClaim",
            name=claim_name,
            object_labels=object_labels,
            annotations=KEEP_ANNOTATIONS,
            spec={
                "accessModes": [backend.access_mode],
                "storageClassName": storage_class_name,
                "volumeName": volume_name,
                "volumeMode": "Filesystem",
                "resources": {"requests": {"storage": size}},
            },
        )
        """The PersistentVolumeClaim the apps mount."""


class DynamicClaim(StorageClaim):
    """A PersistentVolumeClaim that a StorageClass's provisioner fills.

    The claim carries the annotations that keep Argo CD and Flux from pruning
    or deleting it. The volume behind it is the provisioner's and takes the
    class's reclaim policy (``homemusic doctor`` reports ``Delete``).

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param claim_name: the claim's name. Required.
    :param backend: a :meth:`StorageBackend.storage_class` backend. Required.
    :param size: the request, a Kubernetes quantity. Required. A larger value
        later grows the volume when the class has ``allowVolumeExpansion: true``;
        a smaller one is refused by the API server.
    :param component: the ``app.kubernetes.io/name`` label. Required.
    :param instance: the ``app.kubernetes.io/instance`` label. Required.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        claim_name: str,
        backend: StorageBackend,
        size: str,
        component: str,
        instance: str,
    ) -> None:
        super().__init__(scope, id)
        v.dns_subdomain("DynamicClaim claim_name", claim_name)
        if not isinstance(backend, StorageBackend) or backend.kind is not BackendKind.STORAGE_CLASS:
            raise v.fail(
                "DynamicClaim backend", backend, "a StorageBackend.storage_class(...) backend"
            )
        v.storage_size("DynamicClaim size", size)
        self._identify(scope, claim_name, backend, size)
        self.storage_class_name = backend.storage_class_name
        """The class named in the claim; ``None``: the cluster's default class fills it."""
        spec: Json = {
            "accessModes": [backend.access_mode],
            "volumeMode": "Filesystem",
            "resources": {"requests": {"storage": size}},
        }
        if backend.storage_class_name is not None:
            spec["storageClassName"] = backend.storage_class_name
        self.claim = api_object(
            self,
            "claim",
            api_version="v1",
            kind="PersistentVolumeClaim",
            name=claim_name,
            object_labels=labels(component, instance),
            annotations=KEEP_ANNOTATIONS,
            spec=spec,
        )


class ExistingClaim(StorageClaim):
    """A claim the owner made: nothing is written, the pods mount it by name.

    :param scope: parent construct.
    :param id: construct ID.
    :param backend: a :meth:`StorageBackend.existing_claim` backend. Required.
    """

    def __init__(self, scope: Construct, id: str, *, backend: StorageBackend) -> None:
        super().__init__(scope, id)
        if (
            not isinstance(backend, StorageBackend)
            or backend.kind is not BackendKind.EXISTING_CLAIM
            or backend.claim_name is None
        ):
            raise v.fail(
                "ExistingClaim backend", backend, "a StorageBackend.existing_claim(...) backend"
            )
        self._identify(scope, backend.claim_name, backend, None)


def storage_claim(
    scope: Construct,
    id: str,
    *,
    claim_name: str,
    volume_name: str,
    backend: StorageBackend,
    size: str,
    static_class_name: str,
    component: str,
    instance: str,
) -> StorageClaim:
    """The claim for ``backend``: a static volume, a dynamic claim or an existing claim.

    ``claim_name`` and ``volume_name`` name what the library writes (an existing
    claim keeps its own name); ``static_class_name`` is the class of a static volume.
    """
    if backend.kind is BackendKind.EXISTING_CLAIM:
        return ExistingClaim(scope, id, backend=backend)
    if backend.kind is BackendKind.STORAGE_CLASS:
        return DynamicClaim(
            scope,
            id,
            claim_name=claim_name,
            backend=backend,
            size=size,
            component=component,
            instance=instance,
        )
    return StaticVolume(
        scope,
        id,
        claim_name=claim_name,
        volume_name=volume_name,
        backend=backend,
        size=size,
        storage_class_name=static_class_name,
        component=component,
        instance=instance,
    )


NODE_GROUP_LABEL = "homemusic/node-group"
"""The pod label that gathers on one node every pod mounting a ReadWriteOnce claim
of one :class:`MusicStorage` that nothing else pins (its value: the storage's ``name``)."""


class MusicStorage(Construct):
    """The music library and the app config: two claims the apps mount.

    Each volume comes from its backend (:class:`StorageBackend`): a statically
    provisioned PersistentVolume bound both ways to its claim (:meth:`~StorageBackend.local`,
    :meth:`~StorageBackend.nfs`, see :class:`StaticVolume`), a claim a
    StorageClass fills (:meth:`~StorageBackend.storage_class`, see
    :class:`DynamicClaim`), or a claim you made (:meth:`~StorageBackend.existing_claim`,
    nothing written). The apps receive this object and mount :attr:`music` and
    :attr:`config`; nobody types a claim name.

    Names are explicit and stable: the claims the library writes are
    ``<name>-music`` and ``<name>-config`` and the static volumes (cluster-scoped)
    ``<namespace>-<name>-music`` and ``<namespace>-<name>-config``. They do not
    depend on construct IDs or on where this construct sits in the tree, so
    refactoring code never points a deployment at a new, empty volume.

    Placement follows the storage (:meth:`placement`): a local volume pins its
    pods to its node through the volume's node affinity; the pods mounting a
    ReadWriteOnce claim from a StorageClass or an existing one get a required
    pod affinity to each other on ``kubernetes.io/hostname``, so they all land
    on the node the volume is attached to instead of hanging in ``Multi-Attach
    error``; ReadWriteMany claims leave the pods free.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param music_backend: where the music files live. Required.
    :param config_backend: where the server's config and database live.
        Required. A ReadWriteMany backend (NFS, an RWX StorageClass or claim) is
        refused unless ``allow_config_on_nfs`` is true: the database's file
        locks (Airsonic's HSQLDB, Navidrome's SQLite) are unreliable over NFS.
    :param music_size: size of the music volume, a Kubernetes quantity.
        Default ``"1000Gi"`` (the blog's). On a StorageClass it is the request:
        a larger value later grows the volume if the class allows expansion.
        Not used by an existing claim.
    :param config_size: size of the config volume. Default ``"1Gi"``.
    :param name: prefix of the claim and volume names, an RFC 1123 label.
        Default ``"homemusic"``. Changing it on a running cluster means new claims.
    :param storage_class_name: the class written on static volumes and their
        claims. Default ``"homemusic-static"``, a class no provisioner serves, so
        the claims can only bind to these volumes. Not used by the other backends.
    :param allow_config_on_nfs: accept a ReadWriteMany ``config_backend``.
        Default ``False``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        music_backend: StorageBackend,
        config_backend: StorageBackend,
        music_size: str = "1000Gi",
        config_size: str = "1Gi",
        name: str = "homemusic",
        storage_class_name: str = "homemusic-static",
        allow_config_on_nfs: bool = False,
    ) -> None:
        super().__init__(scope, id)
        for arg, backend in (("music_backend", music_backend), ("config_backend", config_backend)):
            if not isinstance(backend, StorageBackend):
                raise v.fail(
                    f"MusicStorage {arg}",
                    backend,
                    "a StorageBackend from StorageBackend.local(...), .nfs(...), "
                    ".storage_class(...) or .existing_claim(...)",
                )
        v.storage_size("MusicStorage music_size", music_size)
        v.storage_size("MusicStorage config_size", config_size)
        v.dns_label("MusicStorage name", name)
        if len(name) > 40:
            raise v.fail("MusicStorage name", name, "at most 40 characters")
        v.dns_subdomain("MusicStorage storage_class_name", storage_class_name)
        if not isinstance(allow_config_on_nfs, bool):
            raise v.fail("MusicStorage allow_config_on_nfs", allow_config_on_nfs, "True or False")
        if config_backend.kind is BackendKind.NFS and not allow_config_on_nfs:
            raise v.fail(
                "MusicStorage config_backend",
                config_backend.describe(),
                "a local volume: Airsonic's embedded HSQLDB database corrupts on NFS "
                "(unreliable file locks). Keep the config on a node's disk, or pass "
                "allow_config_on_nfs=True if your NFS server handles locks",
            )
        if config_backend.mode is AccessMode.READ_WRITE_MANY and not allow_config_on_nfs:
            raise v.fail(
                "MusicStorage config_backend",
                config_backend.describe(),
                "a ReadWriteOnce volume: the server's database (Airsonic's HSQLDB, "
                "Navidrome's SQLite) needs file locks that ReadWriteMany volumes, most often "
                "NFS underneath, do not reliably give; pass allow_config_on_nfs=True if yours do",
            )
        if (
            music_backend.kind is BackendKind.LOCAL
            and config_backend.kind is BackendKind.LOCAL
            and music_backend.node_name != config_backend.node_name
        ):
            raise v.fail(
                "MusicStorage config_backend",
                f"local on node {config_backend.node_name!r}",
                f"the same node as music_backend ({music_backend.node_name!r}): "
                "Airsonic mounts both, and a pod runs on one node",
            )
        if music_backend.same_volume_as(config_backend):
            raise v.fail(
                "MusicStorage config_backend",
                config_backend.claim_name or config_backend.path,
                "a different claim from music_backend's"
                if config_backend.kind is BackendKind.EXISTING_CLAIM
                else "a different path from music_backend",
            )

        self.name = name
        remember_namespace(self, chart_namespace(scope))
        self.namespace = namespace_of(self)
        """The claims' namespace (the chart's, or ``default``)."""
        self.storage_class_name = storage_class_name
        """The class of the static volumes and their claims."""
        self.local_node = next(
            (b.node_name for b in (music_backend, config_backend) if b.kind is BackendKind.LOCAL),
            None,
        )
        """The node of the local volume(s), or ``None``: where a group of pods is pinned."""
        self.node_group = {NODE_GROUP_LABEL: name}
        """The label (``homemusic/node-group``) of pods that must share a node."""
        self.music = storage_claim(
            self,
            "music",
            claim_name=f"{name}-music",
            volume_name=f"{self.namespace}-{name}-music",
            backend=music_backend,
            size=music_size,
            static_class_name=storage_class_name,
            component="music-library",
            instance=name,
        )
        """The music library's claim, mounted by Samba (read-write) and the server."""
        self.config = storage_claim(
            self,
            "config",
            claim_name=f"{name}-config",
            volume_name=f"{self.namespace}-{name}-config",
            backend=config_backend,
            size=config_size,
            static_class_name=storage_class_name,
            component="airsonic-config",
            instance=name,
        )
        """The server's config claim (settings, users, the database)."""

    def placement(self, *claims: StorageClaim | None) -> Placement:
        """Where a pod that mounts ``claims`` may run: the labels and affinity it needs.

        Every workload of the library that mounts a claim takes its placement
        from here (Samba, the server, their Jobs and CronJobs), so all the pods
        mounting a ReadWriteOnce claim that nothing else pins (a StorageClass's
        or an existing claim) carry :attr:`node_group` and a required pod
        affinity to it on ``kubernetes.io/hostname``: they share the node the
        volume is attached to. The scheduler places the first of them freely
        (a pod matching its own affinity term is let through when no other pod
        matches: ``satisfyPodAffinity`` in kube-scheduler's
        ``pkg/scheduler/framework/plugins/interpodaffinity/filtering.go``).
        When the other volume is local (:attr:`local_node`), the group is
        pinned to that node instead, by node affinity: a pod that mounts only
        the floating claim could otherwise start first on another node, and the
        pod mounting both could then run nowhere. Local and NFS volumes and
        ReadWriteMany claims add nothing: an empty :class:`Placement`. ``None``
        entries are skipped (an optional claim).
        """
        if not any(c is not None and c.pins_pods_together for c in claims):
            return Placement()
        if self.local_node is not None:
            # The other pods of the group follow a local volume to its node.
            return Placement(
                affinity={
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {
                                    "matchExpressions": [
                                        {
                                            "key": "kubernetes.io/hostname",
                                            "operator": "In",
                                            "values": [self.local_node],
                                        }
                                    ]
                                }
                            ]
                        }
                    }
                }
            )
        return Placement(
            labels=dict(self.node_group),
            affinity={
                "podAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        {
                            "labelSelector": {"matchLabels": dict(self.node_group)},
                            "topologyKey": "kubernetes.io/hostname",
                        }
                    ]
                }
            },
        )
