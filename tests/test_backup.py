"""OffsiteBackup: the restic CronJobs and the VolSync objects, their fields and their checks.

The live tests (tests/test_backup_live.py) run the commands; these assert the
objects around them. VolSync's objects are checked against what its API types
say (backube/volsync v0.16.0, api/v1alpha1/replicationsource_types.go,
replicationdestination_types.go and common_types.go), read, not copied: the
project keeps no copy of its AGPL CRD.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import homemusic
from homemusic import HomeMusicChart, HomeMusicError, MusicServer, OffsiteBackup, StorageBackend
from homemusic.constructs.backup import RESTIC_IMAGE, ResticBackups, VolSyncBackups

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import ROOT, Obj, blog_stack_args, find, one, schema_errors, synth

NAVIDROME = MusicServer.navidrome(backup_schedule="0 4 * * *")


def build(**overrides: Any) -> tuple[HomeMusicChart, list[Obj]]:
    args = {"music_server": NAVIDROME, "backup": OffsiteBackup.restic(), **overrides}
    chart = HomeMusicChart(cdk8s.App(), "t", **blog_stack_args(**args))
    return chart, synth(chart)


def pod(cron: Obj) -> Obj:
    spec: Obj = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return spec


def script(obj: Obj) -> str:
    spec = pod(obj) if obj["kind"] == "CronJob" else obj["spec"]["template"]["spec"]
    command = spec["containers"][0]["command"]
    assert command[:2] == ["/bin/sh", "-c"] and len(command) == 3
    text: str = command[2]
    return text


def test_blog_has_no_backups(blog_objects: list[Obj]) -> None:
    assert find(blog_objects, "CronJob") == []
    assert not [o for o in blog_objects if "backup" in o["metadata"]["name"]]


def test_restic_defaults() -> None:
    chart, objects = build()
    backup = chart.stack.backup
    assert isinstance(backup, ResticBackups)
    crons = {c["metadata"]["name"]: c for c in find(objects, "CronJob")}
    assert set(crons) == {
        "homemusic-backup-music",
        "homemusic-backup-data",
        "homemusic-backup-prune",
        "homemusic-backup-check",
    }
    # One CronJob alone may create the repository: the backups start together,
    # and two `restic init` on one empty repository would write two configs.
    initialising = [name for name, cron in crons.items() if "restic init" in script(cron)]
    assert initialising == ["homemusic-backup-music"]
    for cron in crons.values():
        assert "restic cat config >/dev/null" in script(cron)
        spec = cron["spec"]
        # the stack's time zone (blog_stack_args: Asia/Tokyo), as Navidrome's schedule reads TZ
        assert spec["timeZone"] == "Asia/Tokyo"
        assert spec["concurrencyPolicy"] == "Forbid"
        assert spec["suspend"] is False
        # Nothing ends a days-long first upload.
        assert "activeDeadlineSeconds" not in spec["jobTemplate"]["spec"]
        p = pod(cron)
        assert p["restartPolicy"] == "OnFailure"
        assert p["automountServiceAccountToken"] is False
        assert p["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert (p["securityContext"]["runAsUser"], p["securityContext"]["runAsGroup"]) == (
            10000,
            10000,
        )
        [c] = p["containers"]
        assert c["image"] == RESTIC_IMAGE and "@sha256:" in RESTIC_IMAGE
        assert c["imagePullPolicy"] == "IfNotPresent"
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        assert c["securityContext"]["capabilities"] == {"drop": ["ALL"]}
        assert c["securityContext"]["runAsUser"] == 10000
        assert c["resources"]["requests"]["memory"] == "512Mi"
        assert c["resources"]["limits"]["memory"] == "2Gi"
        # No secret in the environment: the Secret is a mounted volume.
        assert {e["name"] for e in c["env"]} == {"RESTIC_CACHE_DIR", "TMPDIR", "HOME"}
        assert all("value" in e for e in c["env"])
        assert "envFrom" not in c
        volumes = {v["name"]: v for v in p["volumes"]}
        assert volumes["secret"]["secret"]["secretName"] == "homemusic-backup"
        assert volumes["cache"] == {"name": "cache", "emptyDir": {"sizeLimit": "10Gi"}}
        mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
        assert mounts["/homemusic/cache"]["name"] == "cache"
        for m in c["volumeMounts"]:
            if m["name"] not in ("cache", "tmp"):
                assert m["readOnly"] is True
        assert "restic unlock" in script(cron)
        assert not cron["metadata"].get("annotations")  # no checkov waiver
    music = pod(crons["homemusic-backup-music"])
    assert {
        "name": "music",
        "persistentVolumeClaim": {"claimName": "homemusic-music", "readOnly": True},
    } in music["volumes"]
    assert crons["homemusic-backup-music"]["spec"]["schedule"] == "0 5 * * *"
    assert "restic backup --host homemusic --tag homemusic --tag homemusic-music" in script(
        crons["homemusic-backup-music"]
    )
    data = script(crons["homemusic-backup-data"])
    for excluded in ("navidrome.db", "navidrome.db-wal", "navidrome.db-shm", "cache"):
        assert f'--exclude "$PWD"/{excluded} ' in data
    assert "--limit-upload" not in data
    prune = script(crons["homemusic-backup-prune"])
    assert (
        "restic forget --host homemusic --group-by host,tags --keep-daily 7 "
        "--keep-weekly 5 --keep-monthly 12 --prune"
    ) in prune
    assert crons["homemusic-backup-prune"]["spec"]["schedule"] == "0 6 * * 0"
    assert "/52" in script(crons["homemusic-backup-check"])
    for obj in objects:
        assert schema_errors(obj) == []
    assert find(objects, "Secret") == []
    assert find(objects, "Job") == []


def test_network_policy_lets_out_dns_and_the_repository_only() -> None:
    _, objects = build(
        backup=OffsiteBackup.restic(repository_cidrs=["192.168.0.20/32"], repository_port=8000)
    )
    policy = one(objects, "NetworkPolicy", "homemusic-backup-egress")
    spec = policy["spec"]
    assert spec["policyTypes"] == ["Egress", "Ingress"]
    assert spec["ingress"] == []
    assert spec["egress"] == [
        {"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]},
        {
            "to": [{"ipBlock": {"cidr": "192.168.0.20/32"}}],
            "ports": [{"port": 8000, "protocol": "TCP"}],
        },
    ]
    selected = spec["podSelector"]["matchLabels"]
    assert selected == {
        "app.kubernetes.io/name": "offsite-backup",
        "app.kubernetes.io/instance": "homemusic",
    }
    for cron in find(objects, "CronJob"):
        pod_labels = cron["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
        is_backup = cron["metadata"]["name"].startswith("homemusic-backup-")
        assert all(pod_labels.get(k) == val for k, val in selected.items()) == is_backup


def test_append_only_has_no_prune_and_an_upload_limit() -> None:
    _, objects = build(backup=OffsiteBackup.restic(append_only=True, limit_upload_kib=2000))
    names = {c["metadata"]["name"] for c in find(objects, "CronJob")}
    assert "homemusic-backup-prune" not in names
    assert "homemusic-backup-check" in names
    for cron in find(objects, "CronJob"):
        assert "forget" not in script(cron)
    assert "--limit-upload 2000" in script(one(objects, "CronJob", "homemusic-backup-music"))


def test_navidrome_backup_volume_is_backed_up_too() -> None:
    server = MusicServer.navidrome(
        backup_schedule="@daily",
        backup_backend=StorageBackend.nfs(server="192.168.0.20", path="/volume1/nd"),
    )
    _, objects = build(music_server=server)
    cron = one(objects, "CronJob", "homemusic-backup-db-copies")
    assert {
        "name": "db-copies",
        "persistentVolumeClaim": {"claimName": "homemusic-navidrome-backup", "readOnly": True},
    } in pod(cron)["volumes"]
    assert "--tag homemusic-navidrome-backup" in script(cron)


def test_airsonic_data_is_all_of_config() -> None:
    _, objects = build(music_server=MusicServer.airsonic(), puid=1000, pgid=1000)
    cron = one(objects, "CronJob", "homemusic-backup-data")
    assert "--tag homemusic-config" in script(cron)
    assert "navidrome.db" not in script(cron)
    # A files owner below 10000: the one waiver the recycle CronJob has too.
    annotations = cron["metadata"]["annotations"]
    assert list(annotations.values()) == [
        "CKV_K8S_40=runs as puid, the owner of the files it reads and restores, "
        "which is below 10000"
    ]


def test_restore_stops_the_server_and_pauses_the_backups() -> None:
    _, objects = build(
        backup=OffsiteBackup.restic(
            restore_data="latest", restore_music="0a1b2c3d", restore_music_folder="Artist/Album"
        )
    )
    assert one(objects, "Deployment", "homemusic-navidrome")["spec"]["replicas"] == 0
    assert all(c["spec"]["suspend"] is True for c in find(objects, "CronJob")
               if c["metadata"]["name"].startswith("homemusic-backup"))  # fmt: skip
    jobs = {j["metadata"]["name"].rsplit("-", 1)[0]: j for j in find(objects, "Job")}
    assert set(jobs) == {"homemusic-restore-data", "homemusic-restore-music"}
    data = jobs["homemusic-restore-data"]["spec"]["template"]["spec"]
    assert data["initContainers"][0]["command"] == ["sleep", "60"]
    assert {
        "name": "data",
        "persistentVolumeClaim": {"claimName": "homemusic-config", "readOnly": False},
    } in data["volumes"]
    assert "restic restore latest --host homemusic --tag homemusic,homemusic-config --target ." in (
        script(jobs["homemusic-restore-data"])
    )
    music = script(jobs["homemusic-restore-music"])
    assert "restic restore 0a1b2c3d --target . --include /Artist/Album" in music
    assert "initContainers" not in jobs["homemusic-restore-music"]["spec"]["template"]["spec"]
    for job in jobs.values():
        # `kubectl wait -l app.kubernetes.io/component=restore` (docs) waits for these
        # alone, never for the backup CronJobs' Jobs, which carry the pod labels.
        assert job["metadata"]["labels"]["app.kubernetes.io/component"] == "restore"
        assert "activeDeadlineSeconds" not in job["spec"]
        assert job["metadata"]["name"].startswith(
            ("homemusic-restore-data-", "homemusic-restore-music-")
        )
        assert len(job["metadata"]["name"]) <= 63
        assert schema_errors(job) == []
    for cron in find(objects, "CronJob"):
        template = cron["spec"]["jobTemplate"]
        labels = {**template.get("metadata", {}).get("labels", {}),
                  **template["spec"]["template"]["metadata"]["labels"]}  # fmt: skip
        assert labels.get("app.kubernetes.io/component") != "restore"
    _, other = build(backup=OffsiteBackup.restic(restore_data="0123abcd"))
    assert {j["metadata"]["name"] for j in find(other, "Job")}.isdisjoint(jobs)


def test_volsync_sources_and_destinations() -> None:
    chart, objects = build(
        backup=OffsiteBackup.volsync(keep_monthly=0, restore_data="2026-11-01T04:00:00Z")
    )
    assert isinstance(chart.stack.backup, VolSyncBackups)
    sources = {s["metadata"]["name"]: s for s in find(objects, "ReplicationSource")}
    assert set(sources) == {"homemusic-music", "homemusic-data"}
    music = sources["homemusic-music"]
    assert music["apiVersion"] == "volsync.backube/v1alpha1"
    spec = music["spec"]
    assert spec["sourcePVC"] == "homemusic-music"
    assert spec["trigger"] == {"schedule": "0 5 * * *"}
    assert spec["paused"] is True  # a restore is requested
    restic = spec["restic"]
    assert restic["repository"] == "homemusic-backup-music"
    assert restic["copyMethod"] == "Direct"
    assert restic["retain"] == {"daily": 7, "weekly": 5}
    assert restic["pruneIntervalDays"] == 7
    assert restic["cacheCapacity"] == "2Gi"
    context = restic["moverSecurityContext"]
    assert (context["runAsUser"], context["runAsGroup"], context["runAsNonRoot"]) == (
        10000,
        10000,
        True,
    )
    assert sources["homemusic-data"]["spec"]["restic"]["repository"] == "homemusic-backup-data"
    [destination] = find(objects, "ReplicationDestination")
    assert destination["metadata"]["name"] == "homemusic-restore-data"
    d = destination["spec"]
    assert d["restic"]["destinationPVC"] == "homemusic-config"
    assert d["restic"]["restoreAsOf"] == "2026-11-01T04:00:00Z"
    assert d["restic"]["repository"] == "homemusic-backup-data"
    assert d["trigger"]["manual"].startswith("restore-")
    assert one(objects, "Deployment", "homemusic-navidrome")["spec"]["replicas"] == 0
    assert find(objects, "CronJob") == []


def test_snapshot(snapshot: SnapshotAssertion) -> None:
    _, objects = build()
    backups = [o for o in objects if "backup" in o["metadata"]["name"]]
    assert len(backups) == 5
    assert backups == snapshot


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"backup": "restic"}, "HomeMusicStack backup: got 'restic'; expected OffsiteBackup"),
        (
            {"music_server": MusicServer.navidrome()},
            "MusicServer.navidrome backup_schedule: got None; expected a schedule when",
        ),
        (
            {"name": "a" * 36},
            "HomeMusicStack name: got 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; expected at most 35",
        ),
        (
            {
                "music_server": MusicServer.navidrome(
                    backup_schedule="@daily",
                    restore_backup="navidrome_backup_2026.11.01_04.00.00.db",
                ),
                "backup": OffsiteBackup.restic(restore_data="latest"),
            },
            "OffsiteBackup.restic restore_data: got 'latest'; expected None while",
        ),
    ],
)
def test_stack_refuses(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build(**overrides)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("factory", "options", "message"),
    [
        (
            "restic",
            {"keep_daily": -1},
            "OffsiteBackup.restic keep_daily: got -1; expected an integer from 0",
        ),
        ("restic", {"keep_daily": True}, "OffsiteBackup.restic keep_daily: got True"),
        (
            "restic",
            {"keep_daily": 0, "keep_weekly": 0, "keep_monthly": 0},
            "OffsiteBackup.restic keep_daily: got 0; expected at least one of",
        ),
        ("restic", {"schedule": "daily"}, "OffsiteBackup.restic schedule: got 'daily'"),
        ("restic", {"prune_schedule": "* *"}, "OffsiteBackup.restic prune_schedule: got '* *'"),
        (
            "restic",
            {"check_schedule": "0 6 * * *"},
            "OffsiteBackup.restic check_schedule: got '0 6 * * *'; expected a weekly schedule",
        ),
        ("restic", {"limit_upload_kib": 0}, "OffsiteBackup.restic limit_upload_kib: got 0"),
        ("restic", {"repository_port": 0}, "OffsiteBackup.restic repository_port: got 0"),
        (
            "restic",
            {"repository_cidrs": "10.0.0.0/8"},
            "OffsiteBackup.restic repository_cidrs: got '10.0.0.0/8'; expected a list",
        ),
        ("restic", {"repository_cidrs": ["10.0.0.1/8"]}, "OffsiteBackup.restic repository_cidrs"),
        ("restic", {"image": "restic/restic"}, "OffsiteBackup.restic image: got 'restic/restic'"),
        ("restic", {"append_only": "yes"}, "OffsiteBackup.restic append_only: got 'yes'"),
        ("restic", {"restore_data": "last"}, "OffsiteBackup.restic restore_data: got 'last'"),
        (
            "restic",
            {"restore_music": "ABCDEF12"},
            "OffsiteBackup.restic restore_music: got 'ABCDEF12'",
        ),
        (
            "restic",
            {"restore_music_folder": "A"},
            "OffsiteBackup.restic restore_music_folder: got 'A'; expected None unless",
        ),
        (
            "restic",
            {"restore_music": "latest", "restore_music_folder": "A/../B"},
            "OffsiteBackup.restic restore_music_folder: got 'A/../B'; expected a relative folder",
        ),
        (
            "restic",
            {"restore_music": "latest", "restore_music_folder": "A//B"},
            "OffsiteBackup.restic restore_music_folder: got 'A//B'; expected a relative folder",
        ),
        (
            "restic",
            {"restore_music": "latest", "restore_music_folder": 3},
            "OffsiteBackup.restic restore_music_folder: got 3; expected a relative folder",
        ),
        (
            "restic",
            {"restore_music": "latest", "restore_music_folder": "/A"},
            "OffsiteBackup.restic restore_music_folder: got '/A'; expected a relative folder",
        ),
        ("restic", {"secret_name": "Bad"}, "OffsiteBackup.restic secret_name: got 'Bad'"),
        ("restic", {"memory_limit": "1Mi"}, "OffsiteBackup.restic memory_request"),
        ("restic", {"bogus": 1}, "OffsiteBackup.restic: got 'bogus'; expected one of its options"),
        (
            "volsync",
            {"schedule": "0 5 * * sun"},
            "OffsiteBackup.volsync schedule: got '0 5 * * sun'; expected a schedule VolSync takes",
        ),
        ("volsync", {"prune_interval_days": 0}, "OffsiteBackup.volsync prune_interval_days: got 0"),
        (
            "volsync",
            {"restore_data": "yesterday"},
            "OffsiteBackup.volsync restore_data: got 'yesterday'",
        ),
        ("volsync", {"append_only": True}, "OffsiteBackup.volsync: got 'append_only'"),
        ("volsync", {"cache_capacity": "2"}, "OffsiteBackup.volsync cache_capacity: got '2'"),
    ],
)
def test_factories_refuse(factory: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        getattr(OffsiteBackup, factory)(**options)
    assert str(info.value).startswith(message)


def test_checkov_passes_the_backed_up_example(tmp_path: Path) -> None:
    checkov = ROOT / ".venv-checkov" / "bin" / "checkov"
    if not checkov.exists():
        reason = f"{checkov} is missing: `make test` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    import examples.backed_up

    app = cdk8s.App(outdir=str(tmp_path / "out"))
    examples.backed_up.build(app)
    # And a stack restoring, for the Jobs.
    HomeMusicChart(
        app,
        "restoring",
        **blog_stack_args(
            name="r",
            music_server=NAVIDROME,
            puid=10000,
            pgid=10000,
            backup=OffsiteBackup.restic(restore_data="latest", restore_music="latest"),
        ),
    )
    homemusic.synth(app)
    result = subprocess.run(
        [
            *(str(checkov), "--framework", "kubernetes", "--skip-download", "--compact"),
            *("-d", str(tmp_path / "out"), "-o", "json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    results = json.loads(result.stdout)["results"]

    def of(outcome: str, kind: str, name: str) -> set[str]:
        return {
            c["check_id"]
            for c in results.get(outcome, [])
            if c["resource"].startswith(f"{kind}.") and name in c["resource"]
        }

    for kind, name in (
        ("CronJob", "homemusic-backup-music"),
        ("CronJob", "homemusic-backup-data"),
        ("CronJob", "homemusic-backup-check"),
        ("CronJob", "r-backup-prune"),
        ("Job", "r-restore-data"),
        ("Job", "r-restore-music"),
    ):
        assert of("failed_checks", kind, name) == set(), (kind, name)
        assert of("skipped_checks", kind, name) == set(), (kind, name)
        assert len(of("passed_checks", kind, name)) > 20, (kind, name)


DOC = ROOT / "docs" / "operations" / "offsite-backups.md"


def test_the_docs_python_examples_run() -> None:
    import re

    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert blocks
    for index, code in enumerate(blocks):
        assert "homemusic.synth(app)" in code
        code = code.replace("homemusic.synth(app)", "files = homemusic.render(app)")
        namespace: dict[str, object] = {}
        exec(compile(code, f"{DOC.name} example {index + 1}", "exec"), namespace)
        files = namespace["files"]
        assert isinstance(files, dict)
        assert "homemusic-backup-music" in "".join(files.values())


def test_the_docs_commands_match_the_objects() -> None:
    text = DOC.read_text()
    _, objects = build()
    prune = script(one(objects, "CronJob", "homemusic-backup-prune"))
    assert "restic forget --host homemusic --group-by host,tags --keep-daily 7" in prune
    assert (
        "`restic forget --host <name> --group-by host,tags --keep-daily 7\n--keep-weekly 5" in text
    )
    assert "restic -r /srv/restic/homemusic forget --host homemusic --group-by host,tags" in text
    assert "restic/restic:0.19.1" in text and "restic/restic:0.19.1@" in RESTIC_IMAGE


@pytest.mark.parametrize(
    ("schedule", "taken"),
    [
        ("0 5 * * *", True),
        ("*/15 1-5 1,15 * 0", True),
        ("30 2 */2 * 1-5", True),
        ("@daily", True),
        ("@weekly", True),
        ("0 5 * * sun", False),  # no names
        ("@midnight", False),
        ("0 5 * *", False),  # four fields
        ("0  5 * * *", False),  # two spaces
        ("0 5 * * * *", False),
    ],
)
def test_volsync_schedule_as_its_trigger_takes_it(schedule: str, taken: bool) -> None:
    # The trigger schedule VolSync's ReplicationSource accepts (v0.16.0, read in
    # api/v1alpha1/replicationsource_types.go): numeric fields or a descriptor.
    if taken:
        assert OffsiteBackup.volsync(schedule=schedule).options.schedule == schedule
    else:
        with pytest.raises(HomeMusicError, match=r"^OffsiteBackup.volsync schedule: got "):
            OffsiteBackup.volsync(schedule=schedule)
