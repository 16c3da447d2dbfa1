"""Placement follows the storage: every combination the stack accepts schedules on three nodes.

Each combination of backends is synthesized as a whole stack (Samba, the
server, Samba's recycle clean-up CronJob, Navidrome's restore Job and backup
volume), then every pod is scheduled onto a three-node cluster in every order
and onto every node the filters allow (``tests.support.placement_problems``,
a model of kube-scheduler's volume node affinity and required pod affinity).
No order may leave a pod without a node, or put two pods mounting one
ReadWriteOnce claim on two nodes (``Multi-Attach error``).
"""

from __future__ import annotations

import copy
from typing import Any

import homemusic
from homemusic import AccessMode, HomeMusicChart, MusicServer, OffsiteBackup, StorageBackend

import cdk8s
import pytest

from tests.support import (
    blog_stack_args,
    find,
    placement_problems,
    pod_templates,
    schema_errors,
    wiring_problems,
)

LOCAL_MUSIC = StorageBackend.local(node_name="node1", path="/mnt/hdd/music")
LOCAL_CONFIG = StorageBackend.local(node_name="node1", path="/mnt/hdd/config")
NFS_MUSIC = StorageBackend.nfs(server="192.168.0.5", path="/export/music")
NFS_BACKUP = StorageBackend.nfs(server="192.168.0.5", path="/export/backup")
LONGHORN = StorageBackend.storage_class(storage_class_name="longhorn")
LONGHORN_RWX = StorageBackend.storage_class(
    storage_class_name="longhorn", access_mode=AccessMode.READ_WRITE_MANY
)
LOCAL_PATH = StorageBackend.storage_class(cluster_default=True)
MINE_RWO = StorageBackend.existing_claim(claim_name="my-music")
MINE_RWX = StorageBackend.existing_claim(claim_name="my-music", access_mode="ReadWriteMany")
MY_CONFIG = StorageBackend.existing_claim(claim_name="my-config")

EXISTING = {"my-music": "ReadWriteOnce", "my-config": "ReadWriteOnce"}

COMBINATIONS = {
    "local + local (the blog)": (LOCAL_MUSIC, LOCAL_CONFIG),
    "nfs + local": (NFS_MUSIC, LOCAL_CONFIG),
    "longhorn RWO + longhorn RWO": (LONGHORN, LONGHORN),
    "longhorn RWX + longhorn RWO": (LONGHORN_RWX, LONGHORN),
    "local + longhorn RWO": (LOCAL_MUSIC, LONGHORN),
    "longhorn RWO + local": (LONGHORN, LOCAL_CONFIG),
    "nfs + default class RWO": (NFS_MUSIC, LOCAL_PATH),
    "existing RWO + existing RWO": (MINE_RWO, MY_CONFIG),
    "existing RWX + longhorn RWO": (MINE_RWX, LONGHORN),
    "existing RWO + local": (MINE_RWO, LOCAL_CONFIG),
    "local + existing RWO": (LOCAL_MUSIC, MY_CONFIG),
}


def stack(music: StorageBackend, config: StorageBackend, **overrides: Any) -> list[dict[str, Any]]:
    app = cdk8s.App()
    args = blog_stack_args(music_backend=music, config_backend=config, samba_recycle_days=30)
    args.update(overrides)
    chart = HomeMusicChart(app, "homemusic", **args)
    homemusic.render(app)
    return list(chart.to_json())


def navidrome(backup: StorageBackend | None = None) -> MusicServer:
    return MusicServer.navidrome(
        backup_backend=backup,
        backup_schedule="@daily",
        restore_backup="navidrome_backup_2026.11.01_04.00.00.db",
    )


def modes(music: StorageBackend, config: StorageBackend) -> dict[str, str]:
    mine = {b.claim_name: b.access_mode for b in (music, config) if b.claim_name}
    return {**EXISTING, **mine}


@pytest.mark.parametrize("combination", sorted(COMBINATIONS))
@pytest.mark.parametrize("server", ["airsonic", "navidrome"])
def test_every_combination_schedules_on_three_nodes(combination: str, server: str) -> None:
    music, config = COMBINATIONS[combination]
    extra: dict[str, Any] = {"music_server": navidrome(NFS_BACKUP)} if server == "navidrome" else {}
    # the off-node backups' CronJobs and restore Jobs mount the same claims
    # (Navidrome's data is restored from its own copy: restore_backup)
    restore_data = None if server == "navidrome" else "latest"
    extra["backup"] = OffsiteBackup.restic(restore_music="latest", restore_data=restore_data)
    objects = stack(music, config, **extra)
    workloads = [w for w, _ in pod_templates(objects)]
    # Samba, the server, the recycle clean-up, (Navidrome's restore Job), a backup
    # per claim, prune, check and the restore Jobs
    assert len(workloads) == (10 if server == "navidrome" else 9)
    assert placement_problems(objects, existing_claims=modes(music, config)) == []
    assert wiring_problems(objects, existing_claims=modes(music, config)) == []
    for obj in objects:
        assert schema_errors(obj) == []


def test_rwo_claims_gather_their_pods_on_one_node() -> None:
    objects = stack(LONGHORN, LONGHORN, music_server=navidrome())
    templates = dict(pod_templates(objects))
    assert sorted(templates) == [
        "CronJob homemusic-samba-recycle",
        "Deployment homemusic-navidrome",
        "Deployment homemusic-samba",
        "Job homemusic-navidrome-restore-"
        + next(w.rsplit("-", 1)[1] for w in templates if w.startswith("Job ")),
    ]
    for workload, template in templates.items():
        assert template["metadata"]["labels"]["homemusic/node-group"] == "homemusic", workload
        term = template["spec"]["affinity"]["podAffinity"][
            "requiredDuringSchedulingIgnoredDuringExecution"
        ][0]
        assert term == {
            "labelSelector": {"matchLabels": {"homemusic/node-group": "homemusic"}},
            "topologyKey": "kubernetes.io/hostname",
        }
    # the label is in the pod template only: selectors (immutable) do not change
    for deployment in find(objects, "Deployment"):
        assert "homemusic/node-group" not in deployment["spec"]["selector"]["matchLabels"]
        assert "homemusic/node-group" not in deployment["metadata"]["labels"]


def test_without_the_affinity_pods_would_hang_in_multi_attach() -> None:
    objects = stack(LONGHORN, LONGHORN)
    stripped = copy.deepcopy(objects)
    for _, template in pod_templates(stripped):
        template["spec"].pop("affinity")
    problems = placement_problems(stripped)
    assert any("claim homemusic-music is mounted on" in p and "Multi-Attach" in p for p in problems)


def test_rwx_music_leaves_samba_free_and_gathers_the_server_with_its_config() -> None:
    objects = stack(LONGHORN_RWX, LONGHORN)
    templates = dict(pod_templates(objects))
    samba = templates["Deployment homemusic-samba"]
    cleanup = templates["CronJob homemusic-samba-recycle"]
    server = templates["Deployment homemusic-airsonic"]
    for free in (samba, cleanup):
        assert "affinity" not in free["spec"]
        assert "homemusic/node-group" not in free["metadata"]["labels"]
    assert "podAffinity" in server["spec"]["affinity"]


def test_local_volumes_pin_their_pods_without_affinity() -> None:
    for music, config in ((LOCAL_MUSIC, LOCAL_CONFIG), (NFS_MUSIC, LOCAL_CONFIG)):
        for _, template in pod_templates(stack(music, config)):
            assert "affinity" not in template["spec"]
            assert "homemusic/node-group" not in template["metadata"]["labels"]


def test_deployments_with_claims_are_replaced_with_recreate() -> None:
    # A rolling update would start the new pod while the old one holds a
    # ReadWriteOnce volume (and two writers would share the database).
    for music, config in COMBINATIONS.values():
        for deployment in find(stack(music, config, music_server=navidrome()), "Deployment"):
            assert deployment["spec"]["strategy"] == {"type": "Recreate"}
            assert deployment["spec"]["replicas"] in (0, 1)


def test_backup_claim_of_a_storage_class_follows_the_server() -> None:
    objects = stack(NFS_MUSIC, LONGHORN, music_server=navidrome(LONGHORN))
    claim = next(
        c
        for c in find(objects, "PersistentVolumeClaim")
        if c["metadata"]["name"].endswith("-backup")
    )
    assert claim["spec"]["storageClassName"] == "longhorn"
    assert "volumeName" not in claim["spec"]
    templates = dict(pod_templates(objects))
    assert "podAffinity" in templates["Deployment homemusic-navidrome"]["spec"]["affinity"]
    assert placement_problems(objects) == []


def test_refused_combinations_name_the_argument() -> None:
    with pytest.raises(homemusic.HomeMusicError) as raised:
        stack(LONGHORN, LONGHORN_RWX)
    assert str(raised.value).startswith(
        "HomeMusicStack config_backend: got 'StorageClass longhorn (ReadWriteMany)'; expected "
        "a ReadWriteOnce volume"
    )
    with pytest.raises(homemusic.HomeMusicError) as raised:
        stack(MINE_RWO, StorageBackend.existing_claim(claim_name="my-music"))
    assert str(raised.value).startswith(
        "HomeMusicStack config_backend: got 'my-music'; expected a different claim"
    )
    with pytest.raises(homemusic.HomeMusicError) as raised:
        stack(LONGHORN, MY_CONFIG, music_server=navidrome(MY_CONFIG))
    assert str(raised.value).startswith(
        "MusicServer.navidrome backup_backend: got 'my-config'; expected a path of its own"
    )


def test_a_floating_claim_beside_a_local_volume_is_pinned_to_its_node() -> None:
    objects = stack(LONGHORN, LOCAL_CONFIG)
    templates = dict(pod_templates(objects))
    for workload in ("Deployment homemusic-samba", "CronJob homemusic-samba-recycle"):
        affinity = templates[workload]["spec"]["affinity"]
        assert "podAffinity" not in affinity
        term = affinity["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
            "nodeSelectorTerms"
        ][0]
        assert term["matchExpressions"] == [
            {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node1"]}
        ]


def test_a_local_backup_volume_samba_could_not_follow_is_refused() -> None:
    backup = StorageBackend.local(node_name="node2", path="/srv/backup")
    with pytest.raises(homemusic.HomeMusicError) as raised:
        stack(LONGHORN, LONGHORN, music_server=navidrome(backup))
    assert str(raised.value).startswith(
        "MusicServer.navidrome backup_backend: got \"local on node 'node2'\"; expected an NFS "
        "volume or a claim"
    )
    # with the music on RWX, the server may go to the backup's node alone
    objects = stack(LONGHORN_RWX, LONGHORN, music_server=navidrome(backup))
    assert placement_problems(objects) == []
