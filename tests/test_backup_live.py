"""The backup CronJobs and restore Jobs, run with real restic against a real REST server.

Each test synthesizes a Navidrome stack with ``OffsiteBackup.restic(...)`` and
runs the synthesized containers' own command lines (see tests/restic_live.py):
the repository is ``rclone serve restic`` on loopback, with and without
``--append-only``. The steps follow the runbook in
docs/operations/offsite-backups.md.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homemusic import HomeMusicChart, MusicServer
from homemusic.constructs.backup import OffsiteBackup

import cdk8s
import pytest

from tests import restic_live as live
from tests.support import Obj, blog_stack_args, one, synth

pytestmark = pytest.mark.live

# Spaces, quotes, $, a backquote and a backslash: the Secret's file is read as data.
PASSWORD = " re$tic `pass` \"word\" 'x' \\ é "
STACK = "homemusic"


@pytest.fixture(scope="module", autouse=True)
def _live() -> None:
    live.require()


def objects(**backup: Any) -> list[Obj]:
    app = cdk8s.App()
    chart = HomeMusicChart(
        app,
        "live",
        **blog_stack_args(
            music_server=MusicServer.navidrome(backup_schedule="0 4 * * *"),
            backup=OffsiteBackup.restic(**backup),
        ),
    )
    return synth(chart)


def job(objs: list[Obj], name: str) -> Obj:
    return one(objs, "CronJob", f"{STACK}-{name}")


def restore_job(objs: list[Obj], what: str) -> Obj:
    jobs = [o for o in objs if o["kind"] == "Job" and f"-restore-{what}-" in o["metadata"]["name"]]
    assert len(jobs) == 1
    return jobs[0]


@pytest.fixture
def server() -> Iterator[live.RestServer]:
    with live.rest_server(append_only=False) as s:
        yield s


@pytest.fixture
def pod_root() -> Iterator[Path]:
    with live.pod_root() as folder:
        yield folder


def make_pod(root: Path, server: live.RestServer, objs: list[Obj]) -> live.Pod:
    uid, gid = live.pod_user(job(objs, "backup-music"))
    secret = {"RESTIC_REPOSITORY": server.url + "music", "RESTIC_PASSWORD": PASSWORD}
    return live.Pod(root / "pod", secret, uid, gid)


def secret_of(pod: live.Pod) -> dict[str, str]:
    return {f.name: f.read_text() for f in (pod.root / "secret").iterdir()}


def write_album(folder: Path, files: int = 3, size: int = 1 << 20) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    contents = {}
    for i in range(files):
        data = os.urandom(size)
        (folder / f"{i:02d} track.flac").write_bytes(data)
        contents[f"{i:02d} track.flac"] = data
    return contents


def repository_bytes(server: live.RestServer) -> int:
    return sum(p.stat().st_size for p in server.folder.rglob("*") if p.is_file())


def test_backup_then_a_second_backup_uploads_only_what_changed(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    write_album(pod.root / "music" / "Artist" / "Album", files=4)
    pod.run(job(objs, "backup-music"))  # initialises the repository, then backs up
    first = repository_bytes(server)
    assert first > 4 << 20  # the random (incompressible) files are in it
    write_album(pod.root / "music" / "Artist" / "New", files=1)
    second = pod.run(job(objs, "backup-music"))
    growth = repository_bytes(server) - first
    assert (1 << 20) <= growth < (1 << 20) + (256 << 10)
    assert "1 new" in second.stdout
    snaps = live.snapshots(secret_of(pod), pod.root / "cache")
    assert len(snaps) == 2
    for snap in snaps:
        assert snap["hostname"] == STACK
        assert sorted(snap["tags"]) == ["homemusic", "homemusic-music"]
    if os.geteuid() == 0:  # the job ran as puid: restic's cache files are its
        cached = [p for p in (pod.root / "cache").rglob("*") if p.is_file()]
        assert cached
        assert {p.stat().st_uid for p in cached} == {pod.uid} == {10000}


def test_retention_keeps_and_drops_the_right_snapshots(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects(keep_daily=3, keep_weekly=2, keep_monthly=2)
    pod = make_pod(pod_root, server, objs)
    write_album(pod.root / "music" / "A", files=1, size=1024)
    secret = secret_of(pod)
    cache = tmp_path / "inspect-cache"
    assert live.restic(secret, "init", cache=cache).returncode == 0
    music = pod.root / "music"
    times = {
        "2026-03-10 12:00:00": True,  # daily (and the newest of its week and month)
        "2026-03-09 12:00:00": True,  # daily
        "2026-03-08 12:00:00": True,  # daily, and the newest of ISO week 10
        "2026-03-07 12:00:00": False,  # week 10, not its newest
        "2026-03-01 12:00:00": False,  # week 9: weekly keeps two weeks only
        "2026-02-20 12:00:00": True,  # the newest of February (monthly)
        "2026-01-15 12:00:00": False,  # a third month
    }
    for when in times:
        made = live.restic(
            secret,
            "backup", "--host", STACK, "--tag", "homemusic", "--tag", "homemusic-music",
            "--time", when, str(music),
            cache=cache,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    # Another claim's snapshot and another stack's: groups of their own.
    for host, tag in ((STACK, "homemusic-config"), ("other-stack", "homemusic-music")):
        made = live.restic(
            secret, "backup", "--host", host, "--tag", "homemusic", "--tag", tag,
            "--time", "2026-01-15 12:00:00", str(music), cache=cache,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    pod.run(job(objs, "backup-prune"))
    kept = live.snapshots(secret, cache)
    music_times = sorted(
        s["time"][:10] for s in kept if s["hostname"] == STACK and "homemusic-music" in s["tags"]
    )
    assert music_times == ["2026-02-20", "2026-03-08", "2026-03-09", "2026-03-10"]
    assert any("homemusic-config" in s["tags"] for s in kept)
    assert any(s["hostname"] == "other-stack" for s in kept)


def test_after_ransomware_the_earlier_snapshot_restores_byte_identical(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    album = pod.root / "music" / "Artist" / "Album"
    originals = write_album(album, files=3, size=256 << 10)
    pod.run(job(objs, "backup-music"))
    secret = secret_of(pod)
    [clean] = live.snapshots(secret, pod.root / "cache")
    # Ransomware on a family PC rewrites every file in place through the share.
    for name in originals:
        path = album / name
        with path.open("r+b") as f:
            f.write(os.urandom(path.stat().st_size))
    pod.run(job(objs, "backup-music"))  # the night's backup takes the damage
    assert len(live.snapshots(secret, pod.root / "cache")) == 2
    restore = restore_job(objects(restore_music=clean["short_id"]), "music")
    assert restore["spec"]["template"]["spec"]["volumes"][-1]["persistentVolumeClaim"] == {
        "claimName": "homemusic-music",
        "readOnly": False,
    }
    pod.run(restore)
    for name, data in originals.items():
        assert (album / name).read_bytes() == data
        if os.geteuid() == 0:
            assert (album / name).stat().st_uid == pod.uid


def test_restore_of_one_folder_from_the_latest_snapshot(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    # A real album folder: spaces, an apostrophe, and brackets restic would
    # read as a pattern ("[Deluxe]" matches the one letter "D" of the sibling).
    folder = "Pink Floyd/The Wall [Deluxe] 'Live'"
    kept = write_album(pod.root / "music" / folder, files=1, size=1024)
    write_album(pod.root / "music" / "Pink Floyd" / "The Wall D 'Live'", files=1, size=1024)
    write_album(pod.root / "music" / "B", files=1, size=1024)
    pod.run(job(objs, "backup-music"))
    for f in (pod.root / "music").rglob("*.flac"):
        f.unlink()
    pod.run(restore_job(objects(restore_music="latest", restore_music_folder=folder), "music"))
    assert (pod.root / "music" / folder / "00 track.flac").read_bytes() == kept["00 track.flac"]
    restored = sorted(
        p.relative_to(pod.root / "music") for p in (pod.root / "music").rglob("*.flac")
    )
    assert [str(p) for p in restored] == [f"{folder}/00 track.flac"]


def test_navidrome_data_restores_a_database_copy_that_passes_integrity_check(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    data = pod.root / "data"
    # A live database in WAL mode, as Navidrome keeps it, and the consistent
    # copy its backup feature writes with SQLite's backup API (db/backup.go).
    live_db = sqlite3.connect(data / "navidrome.db")
    live_db.execute("PRAGMA journal_mode=WAL")
    live_db.execute("CREATE TABLE user (id TEXT PRIMARY KEY, user_name TEXT)")
    live_db.executemany(
        "INSERT INTO user VALUES (?, ?)", [(str(i), f"user{i}") for i in range(500)]
    )
    live_db.commit()
    (data / "backup").mkdir()
    copy = sqlite3.connect(data / "backup" / "navidrome_backup_2026.11.01_04.00.00.db")
    live_db.backup(copy)
    copy.close()
    live_db.close()
    (data / "cache" / "images").mkdir(parents=True)
    (data / "cache" / "images" / "cover.jpg").write_bytes(b"x" * 1000)
    (data / "artwork").mkdir()
    (data / "artwork" / "playlist.jpg").write_bytes(b"art")
    # Only the music backup creates the repository: the data backup, started
    # in the same minute, fails on an empty one (its Job retries) and makes none.
    failed = pod.run(job(objs, "backup-data"), check=False)
    assert failed.returncode != 0
    assert live.restic(secret_of(pod), "cat", "config", cache=tmp_path / "c").returncode != 0
    (pod.root / "music" / "song.flac").write_bytes(b"music")
    pod.run(job(objs, "backup-music"))
    pod.run(job(objs, "backup-data"))
    # The disk died: a new, empty data folder.
    for path in sorted(data.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    restore = restore_job(objects(restore_data="latest"), "data")
    pod.run(restore)
    restored = data / "backup" / "navidrome_backup_2026.11.01_04.00.00.db"
    db = sqlite3.connect(restored)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM user").fetchone() == (500,)
    db.close()
    assert (data / "artwork" / "playlist.jpg").read_bytes() == b"art"
    # Neither the live database nor the cache was copied.
    assert not (data / "navidrome.db").exists()
    assert not (data / "cache").exists()


def test_check_reads_back_this_weeks_packs(pod_root: Path, server: live.RestServer) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    write_album(pod.root / "music" / "A", files=8, size=512 << 10)
    pod.run(job(objs, "backup-music"))
    result = pod.run(job(objs, "backup-check"))
    assert "no errors were found" in result.stdout
    assert "read group #" in result.stdout  # only the week's group of the 52


def test_check_finds_a_damaged_pack(
    pod_root: Path, tmp_path: Path, server: live.RestServer
) -> None:
    objs = objects()
    pod = make_pod(pod_root, server, objs)
    write_album(pod.root / "music" / "A", files=2, size=64 << 10)
    pod.run(job(objs, "backup-music"))
    for pack in (server.folder / "music" / "data").rglob("*"):
        if pack.is_file():
            raw = bytearray(pack.read_bytes())
            raw[len(raw) // 2] ^= 0xFF
            pack.write_bytes(bytes(raw))
    # The whole repository read (group 1 of 1): the damage is found. The
    # CronJob's own rota reads a 52nd, so this uses plain restic.
    result = live.restic(secret_of(pod), "check", "--read-data", cache=tmp_path / "c")
    assert result.returncode != 0


def test_an_append_only_repository_refuses_the_clusters_forget(pod_root: Path) -> None:
    objs = objects()
    with live.rest_server(append_only=True) as server:
        pod = make_pod(pod_root, server, objs)
        write_album(pod.root / "music" / "A", files=1, size=1024)
        pod.run(job(objs, "backup-music"))
        pod.run(job(objs, "backup-music"))  # unlock and backup work append-only
        secret = secret_of(pod)
        assert len(live.snapshots(secret, pod.root / "cache")) == 2
        refused = pod.run(
            job(objects(keep_daily=1, keep_weekly=0, keep_monthly=0), "backup-prune"), check=False
        )
        assert refused.returncode != 0
        assert len(live.snapshots(secret, pod.root / "cache")) == 2
        # The construct leaves the prune out for such a repository.
        assert not [
            o for o in objects(append_only=True) if o["metadata"]["name"] == f"{STACK}-backup-prune"
        ]
        pod.run(job(objects(append_only=True), "backup-check"))
