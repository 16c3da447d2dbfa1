"""MusicStorage: statically provisioned volumes for the music library and the app config."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from constructs import Construct

from .._private import validation as v
from .._private.k8s import (
    KEEP_ANNOTATIONS,
    Json,
    api_object,
    chart_namespace,
    cluster_scoped,
    labels,
    namespace_of,
)
from ..errors import HomeMusicError


class BackendKind(enum.Enum):
    """Where a volume's data physically lives."""

    LOCAL = "local"
    """A directory on one node's disk; pods using it are scheduled onto that node."""
    NFS = "nfs"
    """An NFS export; pods using it may run on any node."""


@dataclass(frozen=True)
class StorageBackend:
    """Where one volume's files live. Build it with :meth:`local` or :meth:`nfs`.

    The blog keeps both volumes on ``node1`` under ``/mnt/hdd``::

        StorageBackend.local(node_name="node1", path="/mnt/hdd/music")
    """

    kind: BackendKind
    path: str
    node_name: str | None = None
    server: str | None = None

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

    @property
    def access_mode(self) -> str:
        """``ReadWriteOnce`` for a local volume, ``ReadWriteMany`` for NFS."""
        return "ReadWriteOnce" if self.kind is BackendKind.LOCAL else "ReadWriteMany"


class StaticVolume(Construct):
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
        if not isinstance(backend, StorageBackend):
            raise v.fail("StaticVolume backend", backend, "a StorageBackend")
        v.storage_size("StaticVolume size", size)
        self.claim_name = claim_name
        self.volume_name = volume_name
        self.backend = backend
        self.size = size
        self.storage_class_name = storage_class_name
        in_chart = chart_namespace(self)
        self.namespace = in_chart or "default"
        """The claim's namespace (the chart's, or ``default``)."""

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
        )
        """The PersistentVolume (cluster-scoped)."""
        cluster_scoped(self.volume, in_chart)
        self.claim = api_object(
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


class MusicStorage(Construct):
    """The music library and the app config as two statically provisioned volumes.

    Each volume is a PersistentVolume plus a PersistentVolumeClaim bound to it
    (see :class:`StaticVolume`). The apps receive this object and mount
    :attr:`music` and :attr:`config`; nobody types a claim name.

    Names are explicit and stable: the claims are ``<name>-music`` and
    ``<name>-config`` and the volumes (cluster-scoped) ``<namespace>-<name>-music``
    and ``<namespace>-<name>-config``. They do not depend on construct IDs or on
    where this construct sits in the tree, so refactoring code never points a
    deployment at a new, empty volume.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param music_backend: where the music files live (:meth:`StorageBackend.local`
        or :meth:`StorageBackend.nfs`). Required.
    :param config_backend: where Airsonic's config and embedded HSQLDB database
        live. Required. NFS is refused unless ``allow_config_on_nfs`` is true:
        HSQLDB's file locks are unreliable over NFS and the database can corrupt.
    :param music_size: size of the music volume, a Kubernetes quantity.
        Default ``"1000Gi"`` (the blog's).
    :param config_size: size of the config volume. Default ``"1Gi"``.
    :param name: prefix of the claim and volume names, an RFC 1123 label.
        Default ``"homemusic"``. Changing it on a running cluster means new claims.
    :param storage_class_name: the class written on volumes and claims. Default
        ``"homemusic-static"``, a class no provisioner serves, so the claims can
        only bind to these volumes.
    :param allow_config_on_nfs: accept an NFS ``config_backend``. Default ``False``.
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
                    "a StorageBackend from StorageBackend.local(...) or StorageBackend.nfs(...)",
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
                f"nfs {config_backend.server}:{config_backend.path}",
                "a local volume: Airsonic's embedded HSQLDB database corrupts on NFS "
                "(unreliable file locks). Keep the config on a node's disk, or pass "
                "allow_config_on_nfs=True if your NFS server handles locks",
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
        if music_backend == config_backend:
            raise v.fail(
                "MusicStorage config_backend",
                config_backend.path,
                "a different path from music_backend",
            )

        self.name = name
        self.namespace = namespace_of(self)
        """The claims' namespace (the chart's, or ``default``)."""
        self.storage_class_name = storage_class_name
        self.music = StaticVolume(
            self,
            "music",
            claim_name=f"{name}-music",
            volume_name=f"{self.namespace}-{name}-music",
            backend=music_backend,
            size=music_size,
            storage_class_name=storage_class_name,
            component="music-library",
            instance=name,
        )
        """The music library volume and claim, mounted by Samba (read-write) and Airsonic."""
        self.config = StaticVolume(
            self,
            "config",
            claim_name=f"{name}-config",
            volume_name=f"{self.namespace}-{name}-config",
            backend=config_backend,
            size=config_size,
            storage_class_name=storage_class_name,
            component="airsonic-config",
            instance=name,
        )
        """Airsonic's config volume and claim (settings, users, the HSQLDB database)."""
