"""``homemusic doctor`` on claims a StorageClass fills or the owner made (doctor/claims.py).

The cluster states are ``tests/fixtures/constructed-states``: constructed, not
recorded (their README says from which Kubernetes sources the formats and
words are taken). The expected output is synthesized here from the stack each
state applied; what each test expects is the cause, the object and the fix.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import homemusic
from homemusic import HomeMusicChart, MusicServer, StorageBackend, doctor
from homemusic.doctor.checks import PROBLEM, Finding, diagnose
from homemusic.doctor.cluster import Cluster, Obj

import cdk8s

from tests.cluster_replay import Replay, kubeconfig, serving
from tests.support import ROOT, blog_stack_args

STATES = ROOT / "tests" / "fixtures" / "constructed-states"
LONGHORN = StorageBackend.storage_class(storage_class_name="longhorn")


def output(music: StorageBackend = LONGHORN, music_size: str = "500Gi") -> list[Obj]:
    app = cdk8s.App()
    chart = HomeMusicChart(
        app,
        "homemusic",
        namespace="homemusic",
        **blog_stack_args(
            music_backend=music,
            config_backend=LONGHORN,
            music_size=music_size,
            music_server=MusicServer.navidrome(),
        ),
    )
    homemusic.render(app)
    return list(chart.to_json())


OUTPUTS: dict[str, dict[str, Any]] = {
    "no-default-class": {"music": StorageBackend.storage_class(cluster_default=True)},
    "wait-for-first-consumer": {
        "music": StorageBackend.storage_class(storage_class_name="local-path")
    },
    "resize-in-progress": {"music_size": "1000Gi"},
    "resize-infeasible": {"music_size": "1000Gi"},
    "filesystem-resize-pending": {"music_size": "1000Gi"},
    "class-not-expandable": {"music_size": "1000Gi"},
    "existing-claim-missing": {
        "music": StorageBackend.existing_claim(claim_name="nas-music", access_mode="ReadWriteMany")
    },
}


def storage_findings(state: str, cluster: Cluster | None = None, **changes: Any) -> list[Finding]:
    arguments = {**OUTPUTS.get(state, {}), **changes}
    found = diagnose(output(**arguments), cluster or Cluster.from_recording(STATES / state))
    return [f for f in found if f.group == "nodes and storage"]


def problems(findings: list[Finding]) -> list[str]:
    return [f"{f.seen} Fix: {f.fix}" for f in findings if f.mark == PROBLEM]


def volume_of(state: str, claim: str) -> str:
    cluster = Cluster.from_recording(STATES / state)
    live = cluster.get("PersistentVolumeClaim", claim, "homemusic")
    assert live is not None
    return str(live["spec"]["volumeName"])


def test_every_state_is_read() -> None:
    states = sorted(p.name for p in STATES.iterdir() if (p / "objects.json").is_file())
    assert len(states) == 11
    for state in states:
        assert storage_findings(state)  # something said about the claims, no crash


def test_reclaim_policy_delete_is_a_problem_with_the_patch() -> None:
    found = problems(storage_findings("dynamic-delete"))
    assert len(found) == 2
    for claim, text in zip(("homemusic-music", "homemusic-config"), found, strict=True):
        volume = volume_of("dynamic-delete", claim)
        assert f"volume {volume} behind claim {claim} has reclaim policy Delete" in text
        assert "deletes its files" in text
        assert (
            f"kubectl patch pv {volume} -p "
            '\'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\''
        ) in text


def test_retain_is_ok_and_nothing_else_is_said() -> None:
    found = storage_findings("dynamic-retain")
    assert problems(found) == []
    volume = volume_of("dynamic-retain", "homemusic-music")
    assert any(
        f.mark == "ok"
        and f.seen == f"claim homemusic-music is Bound to {volume}, reclaim policy Retain"
        for f in found
    )
    # no claim of a StorageClass is taken for a static one ("bound to ..., not to None")
    assert all("not to" not in f.seen for f in found)


def test_a_missing_class_is_named_with_the_classes_there_are() -> None:
    found = problems(storage_findings("class-missing"))
    assert len(found) == 2
    assert "claim homemusic-music is Pending: StorageClass longhorn does not exist " in found[0]
    assert "(classes: local-path)" in found[0]
    assert "kubectl -n homemusic delete pvc homemusic-music" in found[0]


def test_no_default_class() -> None:
    found = problems(storage_findings("no-default-class"))
    assert len(found) == 1
    assert (
        "claim homemusic-music is Pending: it names no StorageClass and the cluster has no "
        "default class (classes: longhorn)"
    ) in found[0]
    assert '{"storageclass.kubernetes.io/is-default-class": "true"}' in found[0]


def test_a_provisioner_that_has_not_acted() -> None:
    found = problems(storage_findings("provisioner-silent"))
    assert len(found) == 1
    assert "waits for driver.longhorn.io to make its volume" in found[0]
    assert "has not acted" in found[0]
    assert "grep -i longhorn" in found[0]


def test_wait_for_first_consumer_is_not_a_problem() -> None:
    found = storage_findings("wait-for-first-consumer")
    assert problems(found) == []
    assert any(
        f.mark == "ok" and "waits for its first pod" in f.seen and "WaitForFirstConsumer" in f.seen
        for f in found
    )


def test_a_resize_in_progress_is_a_warning() -> None:
    found = storage_findings("resize-in-progress")
    assert problems(found) == []
    assert any(
        f.mark == "warning"
        and f.seen
        == "claim homemusic-music is growing from 500Gi to 1000Gi (ControllerResizeInProgress)"
        for f in found
    )


def test_a_refused_resize_is_a_problem() -> None:
    found = problems(storage_findings("resize-infeasible"))
    assert len(found) == 1
    assert (
        "claim homemusic-music could not grow to 1000Gi (still 500Gi): ControllerResizeError: "
        "resize volume failed: not enough space on disks"
    ) in found[0]


def test_a_file_system_waiting_to_grow() -> None:
    found = storage_findings("filesystem-resize-pending")
    assert problems(found) == []
    assert any(f.mark == "warning" and "FileSystemResizePending" in f.seen for f in found)


def test_a_class_that_cannot_grow() -> None:
    found = problems(storage_findings("class-not-expandable"))
    assert len(found) == 1
    assert (
        "dist/ asks 1000Gi for claim homemusic-music, the claim still asks 500Gi: "
        "StorageClass longhorn does not allow expansion"
    ) in found[0]
    assert "allowVolumeExpansion: true" in found[0]


def test_a_smaller_request_is_refused() -> None:
    found = problems(storage_findings("dynamic-retain", music_size="250Gi"))
    assert len(found) == 1
    assert "dist/ asks 250Gi for claim homemusic-music, less than its 500Gi" in found[0]
    assert "never shrinks" in found[0]


def test_an_existing_claim_nobody_made() -> None:
    found = problems(storage_findings("existing-claim-missing"))
    assert len(found) == 1
    assert "claim nas-music does not exist in homemusic: it is yours to make" in found[0]
    assert "Deployment homemusic-samba" in found[0]
    assert "Deployment homemusic-navidrome" in found[0]


def test_an_existing_claim_bound_to_a_delete_volume() -> None:
    cluster = Cluster.from_recording(STATES / "dynamic-delete")
    for claim in cluster.objects["PersistentVolumeClaim"]:
        if claim["metadata"]["name"] == "homemusic-music":
            claim["metadata"]["name"] = "nas-music"
    found = problems(storage_findings("existing-claim-missing", cluster))
    assert len(found) == 2  # the config claim's volume is Delete too
    assert any("behind claim nas-music has reclaim policy Delete" in p for p in found)


def test_unreadable_volumes_are_said() -> None:
    cluster = Cluster.from_recording(STATES / "dynamic-delete")
    cluster = copy.copy(cluster)
    cluster.unreadable = {"PersistentVolume": "forbidden for this kubeconfig"}
    found = storage_findings("dynamic-delete", cluster)
    assert problems(found) == []
    assert any(f.mark == "warning" and "reclaim policy was not checked" in f.seen for f in found)


def test_a_smaller_retry_above_the_size_is_no_shrink() -> None:
    # After a refused expansion (1000Gi asked, 500Gi held) Kubernetes accepts a smaller
    # request that is still above the volume's size: no "never shrinks" problem for 750Gi.
    found = problems(storage_findings("resize-infeasible", music_size="750Gi"))
    assert not any("never shrinks" in p for p in found)
    assert any("could not grow to 1000Gi" in p for p in found)
    assert any("any size above the current 500Gi is accepted" in p for p in found)


def test_the_live_path_reads_storage_classes_and_volumes(tmp_path: Path) -> None:
    # homemusic doctor with the official client against a replay of a constructed state
    app = cdk8s.App(outdir=str(tmp_path / "dist"))
    HomeMusicChart(
        app,
        "homemusic",
        namespace="homemusic",
        **blog_stack_args(
            music_backend=StorageBackend.storage_class(storage_class_name="local-path"),
            config_backend=LONGHORN,
            music_size="500Gi",
            music_server=MusicServer.navidrome(),
        ),
    )
    homemusic.synth(app)
    replay = Replay(STATES / "wait-for-first-consumer")
    with serving(replay) as url:
        config = kubeconfig(tmp_path / "kubeconfig", url)
        out = io.StringIO()
        args = [str(tmp_path / "dist"), "--kubeconfig", str(config), "--json"]
        doctor.main(args, stdout=out)
    report = json.loads(out.getvalue())
    live = [
        (f["mark"], f["seen"], f["fix"])
        for f in report["findings"]
        if f["group"] == "nodes and storage"
    ]
    offline = [(f.mark, f.seen, f.fix) for f in storage_findings("wait-for-first-consumer")]
    assert live == offline
    assert any("waits for its first pod" in seen for _, seen, _ in live)
    assert ("GET", "/apis/storage.k8s.io/v1/storageclasses") in replay.requests
    assert {method for method, _ in replay.requests} == {"GET"}
