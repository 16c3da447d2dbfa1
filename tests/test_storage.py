"""MusicStorage: static volumes bound to their claims, Retain, local and NFS backends."""

from __future__ import annotations

from typing import Any, cast

from homemusic import (
    AccessMode,
    BackendKind,
    DynamicClaim,
    ExistingClaim,
    HomeMusicError,
    MusicStorage,
    StaticVolume,
    StorageBackend,
    StorageClaim,
)

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import find, local_storage, new_chart, one, synth, wiring_problems


def static(claim: StorageClaim) -> StaticVolume:
    assert isinstance(claim, StaticVolume)
    return claim


def test_defaults_local_backend() -> None:
    chart = new_chart()
    storage = local_storage(chart)
    objects = synth(chart)

    assert storage.music.claim_name == "homemusic-music"
    assert storage.config.claim_name == "homemusic-config"
    assert static(storage.music).volume_name == "music-homemusic-music"
    assert storage.storage_class_name == "homemusic-static"

    music_pv = one(objects, "PersistentVolume", "music-homemusic-music")
    assert music_pv["spec"]["capacity"]["storage"] == "1000Gi"
    assert music_pv["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert music_pv["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
    assert music_pv["spec"]["local"] == {"path": "/mnt/hdd/music"}
    assert "nfs" not in music_pv["spec"]
    term = music_pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]
    assert term["matchExpressions"] == [
        {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node1"]}
    ]
    # cluster-scoped: no namespace even though the chart has one
    assert "namespace" not in music_pv["metadata"]

    config_pv = one(objects, "PersistentVolume", "music-homemusic-config")
    assert config_pv["spec"]["capacity"]["storage"] == "1Gi"
    assert config_pv["spec"]["local"] == {"path": "/mnt/hdd/config"}

    claim = one(objects, "PersistentVolumeClaim", "homemusic-music")
    assert claim["metadata"]["namespace"] == "music"
    assert claim["spec"]["volumeName"] == "music-homemusic-music"
    assert claim["spec"]["resources"]["requests"]["storage"] == "1000Gi"
    assert wiring_problems(objects) == []


def test_claims_never_fall_to_a_default_storage_class() -> None:
    chart = new_chart()
    local_storage(chart)
    for obj in find(synth(chart), "PersistentVolumeClaim") + find(synth(chart), "PersistentVolume"):
        # a named class no provisioner serves: a default StorageClass (microk8s
        # hostpath, k3s local-path) only applies to claims with no class at all
        assert obj["spec"]["storageClassName"] == "homemusic-static"


def test_volume_is_reserved_for_its_claim() -> None:
    chart = new_chart()
    local_storage(chart)
    objects = synth(chart)
    for pv in find(objects, "PersistentVolume"):
        ref = pv["spec"]["claimRef"]
        claim = one(objects, "PersistentVolumeClaim", ref["name"])
        assert ref["namespace"] == claim["metadata"]["namespace"] == "music"
        assert claim["spec"]["volumeName"] == pv["metadata"]["name"]


def test_nfs_backend() -> None:
    chart = new_chart()
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.nfs(server="192.168.0.10", path="/export/music"),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
    )
    objects = synth(chart)
    assert storage.music.backend.kind is BackendKind.NFS
    pv = one(objects, "PersistentVolume", static(storage.music).volume_name)
    assert pv["spec"]["nfs"] == {"server": "192.168.0.10", "path": "/export/music"}
    assert pv["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "nodeAffinity" not in pv["spec"]
    claim = one(objects, "PersistentVolumeClaim", storage.music.claim_name)
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert wiring_problems(objects) == []


def test_config_on_nfs_is_refused_unless_allowed() -> None:
    nfs = StorageBackend.nfs(server="nas.lan", path="/export/config")
    with pytest.raises(HomeMusicError, match=r"MusicStorage config_backend: .*HSQLDB"):
        local_storage(new_chart(), config_backend=nfs)
    chart = new_chart()
    storage = local_storage(
        chart,
        music_backend=StorageBackend.nfs(server="nas.lan", path="/export/music"),
        config_backend=nfs,
        allow_config_on_nfs=True,
    )
    assert one(synth(chart), "PersistentVolume", static(storage.config).volume_name)["spec"]["nfs"]


def test_names_do_not_depend_on_construct_ids_or_tree() -> None:
    from constructs import Construct

    first = new_chart()
    a = local_storage(first)
    second = new_chart()
    nested = Construct(second, "refactored")
    b = MusicStorage(
        nested,
        "renamed-storage",
        music_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
    )
    names_a = sorted(o["metadata"]["name"] for o in synth(first))
    names_b = sorted(o["metadata"]["name"] for o in synth(second))
    assert names_a == names_b
    assert (a.music.claim_name, a.config.claim_name) == (b.music.claim_name, b.config.claim_name)


def test_sizes_and_name() -> None:
    chart = new_chart()
    storage = local_storage(chart, music_size="4Ti", config_size="2Gi", name="family")
    objects = synth(chart)
    assert one(objects, "PersistentVolumeClaim", "family-music")["spec"]["resources"] == {
        "requests": {"storage": "4Ti"}
    }
    assert storage.config.size == "2Gi"


def test_without_chart_namespace_claims_are_in_default() -> None:
    chart = new_chart(namespace=None)
    storage = local_storage(chart)
    pv = one(synth(chart), "PersistentVolume", static(storage.music).volume_name)
    assert pv["metadata"]["name"] == "default-homemusic-music"
    assert pv["spec"]["claimRef"]["namespace"] == "default"


def test_snapshot(snapshot: SnapshotAssertion) -> None:
    chart = new_chart()
    local_storage(chart)
    assert synth(chart) == snapshot


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: StorageBackend.local(node_name="Node_1", path="/mnt/hdd"),
            "StorageBackend.local node_name: got 'Node_1'; expected an RFC 1123 subdomain",
        ),
        (
            lambda: StorageBackend.local(node_name="node1", path="mnt/hdd"),
            "StorageBackend.local path: got 'mnt/hdd'; expected an absolute path",
        ),
        (
            lambda: StorageBackend.local(node_name="node1", path="/mnt/../etc"),
            "StorageBackend.local path: got '/mnt/../etc'; expected an absolute path",
        ),
        (
            lambda: StorageBackend.nfs(server="bad server", path="/x"),
            "StorageBackend.nfs server: got 'bad server'; expected an IP address or a DNS name",
        ),
        (
            lambda: local_storage(new_chart(), music_size="1000GB"),
            "MusicStorage music_size: got '1000GB'; expected a positive Kubernetes quantity",
        ),
        (
            lambda: local_storage(new_chart(), config_size="0Gi"),
            "MusicStorage config_size: got '0Gi'; expected a positive Kubernetes quantity",
        ),
        (
            lambda: local_storage(new_chart(), name="Music"),
            "MusicStorage name: got 'Music'; expected an RFC 1123 label",
        ),
        (
            lambda: local_storage(
                new_chart(),
                config_backend=StorageBackend.local(node_name="node2", path="/mnt/hdd/config"),
            ),
            "MusicStorage config_backend: got \"local on node 'node2'\"; expected the same node",
        ),
        (
            lambda: local_storage(new_chart(), music_backend="/mnt/hdd/music"),
            "MusicStorage music_backend: got '/mnt/hdd/music'; expected a StorageBackend",
        ),
    ],
)
def test_raises_on_bad_input(call: object, message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(message)


# --- claims a StorageClass fills, and claims the owner made -------------------------------


def test_storage_class_backend_writes_a_claim_and_no_volume() -> None:
    chart = new_chart()
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.storage_class(storage_class_name="longhorn"),
        config_backend=StorageBackend.storage_class(storage_class_name="longhorn"),
        music_size="500Gi",
    )
    objects = synth(chart)
    assert isinstance(storage.music, DynamicClaim)
    assert storage.music.backend.kind is BackendKind.STORAGE_CLASS
    assert find(objects, "PersistentVolume") == []
    claim = one(objects, "PersistentVolumeClaim", "homemusic-music")
    assert claim["spec"] == {
        "accessModes": ["ReadWriteOnce"],
        "storageClassName": "longhorn",
        "volumeMode": "Filesystem",
        "resources": {"requests": {"storage": "500Gi"}},
    }
    assert claim["metadata"]["namespace"] == "music"
    config = one(objects, "PersistentVolumeClaim", "homemusic-config")
    assert config["spec"]["resources"]["requests"]["storage"] == "1Gi"
    assert wiring_problems(objects) == []


def test_every_claim_the_library_writes_is_never_pruned() -> None:
    for music, config in (
        (
            StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
            StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
        ),
        (
            StorageBackend.nfs(server="nas.lan", path="/music"),
            StorageBackend.storage_class(cluster_default=True),
        ),
        (
            StorageBackend.storage_class(
                storage_class_name="longhorn", access_mode="ReadWriteMany"
            ),
            StorageBackend.existing_claim(claim_name="navidrome-data"),
        ),
    ):
        chart = new_chart()
        MusicStorage(chart, "storage", music_backend=music, config_backend=config)
        objects = synth(chart)
        written = find(objects, "PersistentVolumeClaim") + find(objects, "PersistentVolume")
        assert written
        for obj in written:
            annotations = obj["metadata"]["annotations"]
            assert annotations["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
            assert annotations["kustomize.toolkit.fluxcd.io/prune"] == "disabled"


def test_the_cluster_default_class_only_on_purpose() -> None:
    chart = new_chart()
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.storage_class(cluster_default=True),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
    )
    claim = one(synth(chart), "PersistentVolumeClaim", "homemusic-music")
    # no storageClassName at all: the DefaultStorageClass admission plugin fills it in
    assert "storageClassName" not in claim["spec"]
    assert isinstance(storage.music, DynamicClaim) and storage.music.storage_class_name is None
    with pytest.raises(HomeMusicError) as raised:
        StorageBackend.storage_class()
    assert str(raised.value).startswith(
        "StorageBackend.storage_class storage_class_name: got None; expected the name of a "
        "StorageClass such as 'longhorn'"
    )
    assert "cluster_default=True" in str(raised.value)


def test_existing_claim_is_mounted_and_never_written() -> None:
    chart = new_chart()
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.existing_claim(
            claim_name="nas-music", access_mode=AccessMode.READ_WRITE_MANY
        ),
        config_backend=StorageBackend.storage_class(storage_class_name="local-path"),
    )
    objects = synth(chart)
    assert isinstance(storage.music, ExistingClaim)
    assert storage.music.claim_name == "nas-music"
    assert storage.music.claim is None and storage.music.size is None
    assert storage.music.backend.access_mode == "ReadWriteMany"
    assert [c["metadata"]["name"] for c in find(objects, "PersistentVolumeClaim")] == [
        "homemusic-config"
    ]
    assert find(objects, "PersistentVolume") == []


def test_placement_follows_the_access_mode() -> None:
    chart = new_chart()
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.storage_class(
            storage_class_name="cephfs", access_mode=AccessMode.READ_WRITE_MANY
        ),
        config_backend=StorageBackend.existing_claim(claim_name="config"),
    )
    # RWX music: a pod mounting only it may run anywhere
    assert storage.placement(storage.music).affinity is None
    assert storage.placement(storage.music).labels == {}
    # an RWO claim nothing pins: a shared label and a required affinity to it per node
    place = storage.placement(storage.music, storage.config, None)
    assert place.labels == {"homemusic/node-group": "homemusic"}
    assert place.affinity == {
        "podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [
                {
                    "labelSelector": {"matchLabels": {"homemusic/node-group": "homemusic"}},
                    "topologyKey": "kubernetes.io/hostname",
                }
            ]
        }
    }
    # local volumes pin their pods through the volume's node affinity: nothing to add
    local = local_storage(new_chart())
    assert local.placement(local.music, local.config).affinity is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: StorageBackend.storage_class(storage_class_name="Longhorn"),
            "StorageBackend.storage_class storage_class_name: got 'Longhorn'; expected an RFC "
            "1123 subdomain",
        ),
        (
            lambda: StorageBackend.storage_class(
                storage_class_name="longhorn", cluster_default=True
            ),
            "StorageBackend.storage_class cluster_default: got True; expected False when "
            "storage_class_name is given ('longhorn')",
        ),
        (
            lambda: StorageBackend.storage_class(cluster_default=cast(Any, "yes")),
            "StorageBackend.storage_class cluster_default: got 'yes'; expected True or False",
        ),
        (
            lambda: StorageBackend.storage_class(
                storage_class_name="longhorn", access_mode="ReadWriteOncePod"
            ),
            "StorageBackend.storage_class access_mode: got 'ReadWriteOncePod'; expected "
            "AccessMode.READ_WRITE_ONCE or AccessMode.READ_WRITE_MANY",
        ),
        (
            lambda: StorageBackend.existing_claim(claim_name="My Music"),
            "StorageBackend.existing_claim claim_name: got 'My Music'; expected an RFC 1123",
        ),
        (
            lambda: StorageBackend.existing_claim(claim_name="music", access_mode="ReadOnlyMany"),
            "StorageBackend.existing_claim access_mode: got 'ReadOnlyMany'; expected "
            "AccessMode.READ_WRITE_ONCE",
        ),
        (
            lambda: local_storage(
                new_chart(),
                music_backend=StorageBackend.existing_claim(claim_name="data"),
                config_backend=StorageBackend.existing_claim(
                    claim_name="data", access_mode="ReadWriteOnce"
                ),
            ),
            "MusicStorage config_backend: got 'data'; expected a different claim from "
            "music_backend's",
        ),
        (
            lambda: local_storage(
                new_chart(),
                config_backend=StorageBackend.storage_class(
                    storage_class_name="nfs-csi", access_mode=AccessMode.READ_WRITE_MANY
                ),
            ),
            "MusicStorage config_backend: got 'StorageClass nfs-csi (ReadWriteMany)'; expected "
            "a ReadWriteOnce volume: the server's database",
        ),
        (
            lambda: local_storage(new_chart(), allow_config_on_nfs="yes"),
            "MusicStorage allow_config_on_nfs: got 'yes'; expected True or False",
        ),
    ],
)
def test_raises_on_bad_dynamic_backends(call: object, message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(message)


def test_two_claims_of_one_class_are_two_volumes() -> None:
    chart = new_chart()
    longhorn = StorageBackend.storage_class(storage_class_name="longhorn")
    MusicStorage(chart, "storage", music_backend=longhorn, config_backend=longhorn)
    names = sorted(c["metadata"]["name"] for c in find(synth(chart), "PersistentVolumeClaim"))
    assert names == ["homemusic-config", "homemusic-music"]


def test_dynamic_snapshot(snapshot: SnapshotAssertion) -> None:
    chart = new_chart()
    MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.storage_class(storage_class_name="longhorn"),
        config_backend=StorageBackend.existing_claim(claim_name="navidrome-data"),
    )
    assert synth(chart) == snapshot
