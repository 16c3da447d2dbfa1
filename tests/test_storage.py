"""MusicStorage: static volumes bound to their claims, Retain, local and NFS backends."""

from __future__ import annotations

from homemusic import BackendKind, HomeMusicError, MusicStorage, StorageBackend

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import find, local_storage, new_chart, one, synth, wiring_problems


def test_defaults_local_backend() -> None:
    chart = new_chart()
    storage = local_storage(chart)
    objects = synth(chart)

    assert storage.music.claim_name == "homemusic-music"
    assert storage.config.claim_name == "homemusic-config"
    assert storage.music.volume_name == "music-homemusic-music"
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
    pv = one(objects, "PersistentVolume", storage.music.volume_name)
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
    assert one(synth(chart), "PersistentVolume", storage.config.volume_name)["spec"]["nfs"]


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
    pv = one(synth(chart), "PersistentVolume", storage.music.volume_name)
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
