"""NavidromeApp: non-root, read-only root, /ping probes, ND_* options, wiring, bad input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import homemusic
from homemusic import (
    NAVIDROME_IMAGE,
    HomeMusicChart,
    HomeMusicError,
    MusicServer,
    NavidromeApp,
    StorageBackend,
)

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import (
    ROOT,
    blog_stack_args,
    container,
    env_of,
    find,
    local_storage,
    new_chart,
    one,
    schema_errors,
    synth,
    wiring_problems,
)

BuiltApp = tuple[NavidromeApp, list[dict[str, Any]]]


def build(**overrides: Any) -> BuiltApp:
    chart = new_chart()
    args: dict[str, Any] = {"storage": local_storage(chart)}
    args.update(overrides)
    app = NavidromeApp(chart, "navidrome", **args)
    return app, synth(chart)


@pytest.fixture(scope="module")
def default() -> BuiltApp:
    """The construct with its defaults, synthesized once: these tests only read it."""
    return build()


def test_defaults(default: BuiltApp) -> None:
    app, objects = default
    deployment = one(objects, "Deployment", "navidrome")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}  # SQLite, one writer
    c = container(deployment)
    assert c["image"] == NAVIDROME_IMAGE
    assert c["image"].startswith("ghcr.io/navidrome/navidrome:0.64.0@sha256:")
    assert c["imagePullPolicy"] == "IfNotPresent"  # a digest cannot change
    assert "command" not in c and "args" not in c  # the image's entrypoint, /app/navidrome
    assert c["ports"] == [{"name": "http", "containerPort": 4533, "protocol": "TCP"}]
    assert env_of(deployment) == {
        "TZ": "Etc/UTC",
        "ND_CONFIGFILE": "/etc/navidrome/navidrome.toml",
        "ND_LOGLEVEL": "info",
        "ND_TRANSCODINGCACHESIZE": "100MB",
    }
    assert c["resources"] == {
        "requests": {"cpu": "100m", "memory": "128Mi"},
        "limits": {"cpu": "2", "memory": "1Gi"},
    }
    assert (app.port, app.container_port) == (4533, 4533)
    assert wiring_problems(objects) == []
    for obj in objects:
        assert schema_errors(obj) == []


def test_probes_on_ping(default: BuiltApp) -> None:
    _, objects = default
    c = container(one(objects, "Deployment", "navidrome"))
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/ping", "port": "http"}
    startup = c["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120


def test_runs_as_puid_with_a_read_only_root(default: BuiltApp) -> None:
    _, objects = default
    pod = one(objects, "Deployment", "navidrome")["spec"]["template"]["spec"]
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 10000,
        "runAsGroup": 10000,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert pod["automountServiceAccountToken"] is False
    sc = pod["containers"][0]["securityContext"]
    assert sc == {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": 10000,
        "runAsGroup": 10000,
        "capabilities": {"drop": ["ALL"]},
    }
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    assert set(mounts) == {"/data", "/music", "/tmp", "/etc/navidrome"}
    assert mounts["/music"]["readOnly"] is True
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["data"]["persistentVolumeClaim"] == {"claimName": "homemusic-config"}
    assert volumes["music"]["persistentVolumeClaim"] == {
        "claimName": "homemusic-music",
        "readOnly": True,
    }
    assert "emptyDir" in volumes["tmp"]


def test_no_waiver_by_default_one_for_a_low_uid(default: BuiltApp) -> None:
    app, objects = default
    assert app.checkov_waivers == {}
    annotations = one(objects, "Deployment", "navidrome")["metadata"].get("annotations", {})
    assert not [k for k in annotations if k.startswith("checkov.io/")]
    low, _ = build(puid=1000, pgid=1000)
    assert set(low.checkov_waivers) == {"CKV_K8S_40"}
    tagged, _ = build(image="ghcr.io/navidrome/navidrome:0.64.0", puid=10000)
    assert set(tagged.checkov_waivers) == {"CKV_K8S_43"}


def test_options() -> None:
    _, objects = build(
        scan_schedule="@every 6h",
        log_level="debug",
        base_url="/music",
        transcoding_cache_size="1GB",
        extra_env={"ND_ENABLESHARING": "true", "ND_DEFAULTLANGUAGE": "ja"},
        timezone="Asia/Tokyo",
        music_read_only=False,
        name="nd",
    )
    deployment = one(objects, "Deployment", "nd")
    env = env_of(deployment)
    assert env["ND_SCANNER_SCHEDULE"] == "@every 6h"
    assert env["ND_LOGLEVEL"] == "debug"
    assert env["ND_BASEURL"] == "/music"
    assert env["ND_TRANSCODINGCACHESIZE"] == "1GB"
    assert (env["ND_ENABLESHARING"], env["ND_DEFAULTLANGUAGE"]) == ("true", "ja")
    assert env["TZ"] == "Asia/Tokyo"
    mounts = {m["mountPath"]: m for m in container(deployment)["volumeMounts"]}
    assert mounts["/music"]["readOnly"] is False
    # /ping stays at the root whatever the base URL
    assert container(deployment)["livenessProbe"]["httpGet"]["path"] == "/ping"
    for schedule in ("1h", "90m", "@daily", "0 3 * * *", "0 0 3 * * *", "~ 3 * * *"):
        build(scan_schedule=schedule)


def test_snapshot(snapshot: SnapshotAssertion, default: BuiltApp) -> None:
    _, objects = default
    assert objects == snapshot


def stack_objects(**overrides: Any) -> list[dict[str, Any]]:
    args = blog_stack_args(music_server=MusicServer.navidrome())
    args.update(overrides)
    return synth(HomeMusicChart(cdk8s.App(), "hm", **args))


def test_stack_deploys_navidrome_behind_the_same_entry() -> None:
    objects = stack_objects()
    assert find(objects, "Deployment", "homemusic-airsonic") == []
    navidrome = one(objects, "Deployment", "homemusic-navidrome")
    assert navidrome["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10000
    backend = one(objects, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"] == {"name": "homemusic-navidrome", "port": {"number": 4533}}
    policy = one(objects, "NetworkPolicy", "homemusic-navidrome")
    assert policy["spec"]["podSelector"]["matchLabels"] == {
        "app.kubernetes.io/name": "navidrome",
        "app.kubernetes.io/instance": "homemusic-navidrome",
    }
    assert policy["spec"]["ingress"][0]["ports"] == [{"port": 4533, "protocol": "TCP"}]
    # the same music claim as Samba, which writes files as the same puid:pgid
    samba = one(objects, "ConfigMap", "homemusic-samba-config")
    assert '"gid": 10000' in samba["data"]["container.json"]
    claims = {
        v["persistentVolumeClaim"]["claimName"]
        for v in navidrome["spec"]["template"]["spec"]["volumes"]
        if "persistentVolumeClaim" in v
    }
    assert claims == {"homemusic-music", "homemusic-config"}
    assert wiring_problems(objects) == []
    for obj in objects:
        assert schema_errors(obj) == []


def test_checkov_passes_navidrome_without_waivers(tmp_path: Path) -> None:
    checkov = ROOT / ".venv-checkov" / "bin" / "checkov"
    if not checkov.exists():
        reason = f"{checkov} is missing: `make test` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    app = cdk8s.App(outdir=str(tmp_path / "out"))
    import examples.navidrome

    examples.navidrome.build(app)
    homemusic.synth(app)
    navidrome = [o for o in synth_objects(app) if o["metadata"]["name"] == "homemusic-navidrome"]
    kinds = {o["kind"] for o in navidrome}
    assert kinds == {"Deployment", "Service", "NetworkPolicy", "Ingress"}
    deployment = one(navidrome, "Deployment")
    assert not [k for k in deployment["metadata"].get("annotations", {}) if "checkov" in k]
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

    def of_navidrome(kind: str) -> list[str]:
        return [
            c["check_id"]
            for c in results.get(kind, [])
            if "Deployment" in c["resource"] and "homemusic-navidrome" in c["resource"]
        ]

    failed, skipped, passed = (
        of_navidrome(k) for k in ("failed_checks", "skipped_checks", "passed_checks")
    )
    assert failed == []
    assert skipped == []
    assert len(passed) > 20  # the checks did run on it


def test_checkov_passes_backups_restore_and_recycle_bin(tmp_path: Path) -> None:
    # examples/navidrome.py keeps backups on a NAS and a recycle bin; a restore
    # adds a Job. No object gets a waiver but the Samba image's tag, which the
    # recycle clean-up shares with the Samba Deployment.
    checkov = ROOT / ".venv-checkov" / "bin" / "checkov"
    if not checkov.exists():
        reason = f"{checkov} is missing: `make test` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    import examples.navidrome

    app = cdk8s.App(outdir=str(tmp_path / "out"))
    chart = examples.navidrome.build(app)
    NavidromeApp(
        chart,
        "restoring",
        storage=chart.stack.storage,
        name="nd-restoring",
        backup_backend=StorageBackend.nfs(server="192.168.0.20", path="/volume1/nd2"),
        restore_backup="navidrome_backup_2026.11.01_04.00.00.db",
    )
    homemusic.synth(app)
    kinds = {(o["kind"], o["metadata"]["name"]) for o in synth_objects(app)}
    assert ("CronJob", "homemusic-samba-recycle") in kinds
    assert ("PersistentVolumeClaim", "homemusic-navidrome-backup") in kinds
    assert any(k == "Job" for k, _ in kinds)
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

    def of(kind: str, name: str, outcome: str) -> set[str]:
        return {
            c["check_id"]
            for c in results.get(outcome, [])
            if c["resource"].startswith(f"{kind}.") and name in c["resource"]
        }

    for kind, name in (("Job", "nd-restoring-restore"), ("CronJob", "homemusic-samba-recycle")):
        assert of(kind, name, "failed_checks") == set(), (kind, name)
        assert of(kind, name, "passed_checks"), (kind, name)  # the checks ran on it
    assert of("Job", "nd-restoring-restore", "skipped_checks") == set()
    assert of("CronJob", "homemusic-samba-recycle", "skipped_checks") == {"CKV_K8S_43"}
    assert not any(c for c in results.get("failed_checks", []) if "backup" in c["resource"])


def synth_objects(app: cdk8s.App) -> list[dict[str, Any]]:
    return [obj for chart in app.charts for obj in chart.to_json()]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"puid": 0}, "NavidromeApp puid: got 0; expected an integer from 1"),
        ({"image": "deluan/navidrome"}, "NavidromeApp image: got 'deluan/navidrome'; expected"),
        (
            {"image": "ghcr.io/navidrome/navidrome:latest"},
            "NavidromeApp image: got 'ghcr.io/navidrome/navidrome:latest'; expected an image",
        ),
        ({"log_level": "verbose"}, "NavidromeApp log_level: got 'verbose'; expected one of"),
        ({"scan_schedule": "hourly"}, "NavidromeApp scan_schedule: got 'hourly'; expected"),
        ({"scan_schedule": "0 3 * *"}, "NavidromeApp scan_schedule: got '0 3 * *'"),
        ({"base_url": "music"}, "NavidromeApp base_url: got 'music'; expected an absolute"),
        ({"base_url": "/"}, "NavidromeApp base_url: got '/'; expected a path below '/'"),
        (
            {"transcoding_cache_size": "lots"},
            "NavidromeApp transcoding_cache_size: got 'lots'; expected a size",
        ),
        (
            {"extra_env": {"ND_PORT": "80"}},
            "NavidromeApp extra_env: got 'ND_PORT'; expected a name the construct",
        ),
        ({"extra_env": {"PATH": "/"}}, "NavidromeApp extra_env: got 'PATH'; expected ND_*"),
        (
            {"extra_env": {"ND_ENABLESHARING": True}},
            "NavidromeApp extra_env ND_ENABLESHARING: got True; expected a string",
        ),
        (
            {"memory_request": "2Gi"},
            "NavidromeApp memory_request: got '2Gi'; expected at most memory_limit '1Gi'",
        ),
        ({"name": "Navidrome"}, "NavidromeApp name: got 'Navidrome'; expected an RFC 1035"),
        ({"timezone": "Mars/Olympus"}, "NavidromeApp timezone: got 'Mars/Olympus'"),
    ],
)
def test_raises_on_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build(**overrides)
    assert str(info.value).startswith(message)


def test_stack_names_the_factory_argument() -> None:
    with pytest.raises(HomeMusicError) as info:
        stack_objects(music_server=MusicServer.navidrome(log_level="loud"))
    assert str(info.value).startswith("MusicServer.navidrome log_level: got 'loud'")
    with pytest.raises(HomeMusicError) as info:
        stack_objects(timezone="Nowhere/City")
    assert str(info.value).startswith("HomeMusicStack timezone: got 'Nowhere/City'")
    with pytest.raises(HomeMusicError) as info:
        stack_objects(music_server="navidrome")
    assert str(info.value).startswith("HomeMusicStack music_server: got 'navidrome'")


def test_admin_exists_before_anyone_can_connect(default: BuiltApp) -> None:
    app, objects = default
    deployment = one(objects, "Deployment", "navidrome")
    pod = deployment["spec"]["template"]["spec"]
    c = container(deployment)
    # The config file Navidrome reads (ND_CONFIGFILE) is the Secret's file,
    # mounted read-only, required: without the Secret the pod never starts.
    mount = next(m for m in c["volumeMounts"] if m["name"] == "admin")
    assert mount == {"name": "admin", "mountPath": "/etc/navidrome", "readOnly": True}
    assert env_of(deployment)["ND_CONFIGFILE"] == "/etc/navidrome/navidrome.toml"
    secret = next(v for v in pod["volumes"] if v["name"] == "admin")["secret"]
    assert secret == {
        "secretName": "navidrome-admin",
        "items": [{"key": "navidrome.toml", "path": "navidrome.toml"}],
        "defaultMode": 0o444,
        "optional": False,
    }
    assert app.admin_secret_name == "navidrome-admin"
    # No password or key in the environment, none in the output
    assert not any("secretKeyRef" in str(e) for e in c["env"])
    text = str(objects)
    assert "DevAutoCreateAdminPassword" not in text and "PasswordEncryptionKey" not in text


def test_admin_secret_name() -> None:
    _, objects = build(admin_secret_name="nd-first-admin")
    pod = one(objects, "Deployment", "navidrome")["spec"]["template"]["spec"]
    names = [v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v]
    assert names == ["nd-first-admin"]
    with pytest.raises(HomeMusicError, match="NavidromeApp admin_secret_name: got 'Bad_Name'"):
        build(admin_secret_name="Bad_Name")


def test_no_backups_by_default(default: BuiltApp) -> None:
    app, objects = default
    env = env_of(one(objects, "Deployment", "navidrome"))
    assert not [k for k in env if k.startswith("ND_BACKUP")]
    assert app.backup_volume is None and app.restore_job is None
    assert find(objects, "Job") == []


def test_backups_on_the_config_volume() -> None:
    app, objects = build(backup_schedule="0 4 * * *", backup_count=14)
    deployment = one(objects, "Deployment", "navidrome")
    env = env_of(deployment)
    # Navidrome backs up only when all three are set (conf/configuration.go)
    assert (env["ND_BACKUP_PATH"], env["ND_BACKUP_SCHEDULE"], env["ND_BACKUP_COUNT"]) == (
        "/data/backup",
        "0 4 * * *",
        "14",
    )
    # /data is the config volume, writable by puid: Navidrome creates the folder
    mounts = {m["mountPath"]: m for m in container(deployment)["volumeMounts"]}
    assert mounts["/data"]["name"] == "data" and not mounts["/data"].get("readOnly")
    assert app.backup_volume is None
    for schedule in ("24h", "@daily", "@every 12h", "0 0 4 * * *"):
        build(backup_schedule=schedule)


def test_backups_on_a_volume_of_their_own() -> None:
    nas = homemusic.StorageBackend.nfs(server="192.168.0.20", path="/volume1/backup")
    app, objects = build(backup_schedule="@daily", backup_backend=nas, backup_size="20Gi")
    claim = one(objects, "PersistentVolumeClaim", "navidrome-backup")
    volume = one(objects, "PersistentVolume", "music-navidrome-backup")
    # bound both ways, kept when released, never pruned by GitOps
    assert volume["spec"]["claimRef"]["name"] == "navidrome-backup"
    assert claim["spec"]["volumeName"] == "music-navidrome-backup"
    assert volume["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
    assert volume["spec"]["nfs"] == {"server": "192.168.0.20", "path": "/volume1/backup"}
    assert volume["spec"]["capacity"]["storage"] == "20Gi"
    for obj in (volume, claim):
        assert obj["metadata"]["annotations"]["kustomize.toolkit.fluxcd.io/prune"] == "disabled"
    deployment = one(objects, "Deployment", "navidrome")
    assert env_of(deployment)["ND_BACKUP_PATH"] == "/backup"
    mounts = {m["mountPath"]: m["name"] for m in container(deployment)["volumeMounts"]}
    assert mounts["/backup"] == "backup"
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert volumes["backup"]["persistentVolumeClaim"] == {"claimName": "navidrome-backup"}
    assert app.backup_volume is not None
    assert wiring_problems(objects) == []
    for obj in objects:
        assert schema_errors(obj) == []


def test_restore_stops_the_server_and_runs_navidromes_restore() -> None:
    backup = "navidrome_backup_2026.11.01_04.00.00.db"
    app, objects = build(backup_schedule="@daily", restore_backup=backup)
    deployment = one(objects, "Deployment", "navidrome")
    assert deployment["spec"]["replicas"] == 0  # offline, as `backup restore` requires
    [job] = find(objects, "Job")
    assert job["metadata"]["name"].startswith("navidrome-restore-")
    assert app.restore_job is not None
    spec = job["spec"]
    assert spec["backoffLimit"] == 0  # a failed restore is not retried on its own
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert pod["securityContext"]["runAsUser"] == 10000
    [wait] = pod["initContainers"]
    # killed at the latest 30 s after the scale-down: wait twice that
    assert wait["command"] == ["sleep", "60"]
    [restore] = pod["containers"]
    assert restore["image"] == NAVIDROME_IMAGE and "command" not in restore  # /app/navidrome
    assert restore["args"] == [
        "backup", "restore", "--backup-file", f"/data/backup/{backup}", "--force"
    ]  # fmt: skip
    assert restore["securityContext"]["readOnlyRootFilesystem"] is True
    assert restore["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    mounts = {m["mountPath"]: m["name"] for m in restore["volumeMounts"]}
    assert mounts == {"/data": "data", "/tmp": "tmp"}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["data"]["persistentVolumeClaim"] == {"claimName": "homemusic-config"}
    assert schema_errors(job) == []
    # another backup file, another Job: a Job's template cannot be changed
    _, other = build(restore_backup="navidrome_backup_2026.11.02_04.00.00.db")
    assert one(other, "Job")["metadata"]["name"] != job["metadata"]["name"]


def test_restore_from_a_backup_volume() -> None:
    nas = homemusic.StorageBackend.nfs(server="192.168.0.20", path="/volume1/backup")
    backup = "navidrome_backup_2026.11.01_04.00.00.db"
    _, objects = build(backup_backend=nas, restore_backup=backup)
    restore = one(objects, "Job")["spec"]["template"]["spec"]["containers"][0]
    assert restore["args"][3] == f"/backup/{backup}"
    assert {m["mountPath"] for m in restore["volumeMounts"]} == {"/data", "/tmp", "/backup"}


def test_stack_passes_backup_options() -> None:
    args = blog_stack_args(
        music_server=MusicServer.navidrome(backup_schedule="24h", backup_count=3),
    )
    objects = synth(HomeMusicChart(cdk8s.App(), "test", **args))
    env = env_of(one(objects, "Deployment", "homemusic-navidrome"))
    assert (env["ND_BACKUP_SCHEDULE"], env["ND_BACKUP_COUNT"]) == ("24h", "3")
    with pytest.raises(
        HomeMusicError, match=r"MusicServer\.navidrome backup_count: got 0; expected an integer"
    ):
        HomeMusicChart(
            cdk8s.App(), "t", **blog_stack_args(music_server=MusicServer.navidrome(backup_count=0))
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"backup_schedule": "nightly"}, "NavidromeApp backup_schedule: got 'nightly'; expected"),
        ({"backup_count": 0}, "NavidromeApp backup_count: got 0; expected an integer from 1"),
        ({"backup_count": "7"}, "NavidromeApp backup_count: got '7'"),
        ({"backup_backend": "/mnt/nas"}, "NavidromeApp backup_backend: got '/mnt/nas'; expected a"),
        (
            {"backup_backend": homemusic.StorageBackend.local(node_name="node2", path="/b")},
            "NavidromeApp backup_backend: got \"local on node 'node2'\"; expected the config",
        ),
        (
            {
                "backup_backend": homemusic.StorageBackend.local(
                    node_name="node1", path="/mnt/hdd/config"
                )
            },
            "NavidromeApp backup_backend: got '/mnt/hdd/config'; expected a path of its own",
        ),
        ({"backup_size": "lots"}, "NavidromeApp backup_size: got 'lots'"),
        (
            {"restore_backup": "../../etc/passwd"},
            "NavidromeApp restore_backup: got '../../etc/pass",
        ),
        ({"restore_backup": "/data/backup/navidrome_backup_2026.11.01_04.00.00.db"}, "no folder"),
        ({"restore_backup": "x.db", "name": "n" * 50}, "NavidromeApp restore_backup: got 'x.db'"),
        (
            {"restore_backup": "navidrome_backup_2026.11.01_04.00.00.db", "name": "n" * 50},
            "NavidromeApp name: got 'nnn.*'; expected at most 46 characters when restore_backup",
        ),
    ],
)
def test_refuses_bad_backup_options(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError, match=message):
        build(**overrides)
