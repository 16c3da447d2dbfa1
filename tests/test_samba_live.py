"""The synthesized Samba pod, run with real Samba and real SMB clients (see tests/samba_live.py).

Two charts: the blog's (one share, one user) and a multi-share one with its
own file owner. Every password has spaces, a backslash, quotes, ``$``, a
backquote and non-ASCII letters: sambacc hands it to Samba as data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import homemusic.constructs.samba as samba_module
from homemusic import SambaShare, SambaUser, Share
from homemusic.commands.samba_users import users_file

import pytest

from tests import samba_live as live
from tests.support import ROOT, local_storage, new_chart, synth

pytestmark = pytest.mark.live

ALICE_PASSWORD = " p@ss  wörd\\with \"quotes\" 'single' $HOME `id` and ünïcödé\t "
BOB_PASSWORD = "b\\o$b`s p\"w' é "


@pytest.fixture(scope="module", autouse=True)
def _live() -> None:
    live.require()


def _users_json(uid: int, gid: int, *names_passwords: tuple[str, str]) -> str:
    return json.dumps(users_file(list(names_passwords), uid=uid, gid=gid))


def blog_objects() -> list[dict[str, Any]]:
    from tests.support import blog_chart

    return synth(blog_chart())


def multi_share_objects() -> list[dict[str, Any]]:
    chart = new_chart()
    SambaShare(
        chart,
        "samba",
        storage=local_storage(chart),
        users=[SambaUser(name="alice"), SambaUser(name="bob")],
        load_balancer_ip=live.SERVER_LAN_IP,
        lan_cidrs=["192.168.0.0/24"],
        file_owner_uid=1026,
        file_owner_gid=100,
        shares=[
            Share(name="music", comment="Everything, for both; even * and ; and none"),
            Share(name="incoming", path="/music/incoming", users=("alice",)),
            Share(name="archive", path="/music/archive", read_only=True),
        ],
    )
    return synth(chart)


def recycle_objects() -> list[dict[str, Any]]:
    """Two users, a writable and a read-only share, deleted files kept 7 days."""
    chart = new_chart()
    SambaShare(
        chart,
        "samba",
        storage=local_storage(chart),
        users=[SambaUser(name="alice"), SambaUser(name="bob")],
        load_balancer_ip=live.SERVER_LAN_IP,
        lan_cidrs=["192.168.0.0/24"],
        file_owner_uid=1026,
        file_owner_gid=100,
        shares=[Share(name="music"), Share(name="archive", path="/music/archive", read_only=True)],
        recycle_days=RECYCLE_DAYS,
    )
    return synth(chart)


RECYCLE_DAYS = 7
BLOG_USERS = _users_json(1000, 1000, ("myuser", ALICE_PASSWORD))
MULTI_USERS = _users_json(1026, 100, ("alice", ALICE_PASSWORD), ("bob", BOB_PASSWORD))


# --- the configuration, checked by Samba's own parser --------------------------


@pytest.mark.parametrize(
    ("objects", "name", "users"),
    [
        pytest.param(blog_objects, "homemusic-samba", BLOG_USERS, id="blog"),
        pytest.param(multi_share_objects, "samba", MULTI_USERS, id="multi-share"),
        pytest.param(recycle_objects, "samba", MULTI_USERS, id="recycle-bin"),
    ],
)
def test_testparm_accepts_what_sambacc_renders(objects: Any, name: str, users: str) -> None:
    deployment, container_json = live.pod_of(objects(), name)
    instance = live.env_of_pod(deployment)["SAMBA_CONTAINER_ID"]
    smb_conf = live.print_config(container_json, users, instance)
    assert "server signing = mandatory" in smb_conf
    recycling = objects is recycle_objects
    # no vfs_fruit; vfs_recycle only when asked for, and only on the writable share
    assert smb_conf.count("vfs objects = recycle") == (1 if recycling else 0), smb_conf
    assert smb_conf.count("vfs objects") == smb_conf.count("vfs objects = recycle")
    assert "password" not in smb_conf.lower()  # the passwords go to the passdb only
    result = live.run(["testparm", "--suppress-prompt", "-s", "/dev/stdin"], input=smb_conf)
    assert result.returncode == 0, result.stderr
    assert "Unknown parameter" not in result.stderr, result.stderr
    assert "Ignoring" not in result.stderr, result.stderr
    # the server's name is set on purpose, short enough for NetBIOS
    assert "netbios name" not in result.stderr, result.stderr
    assert f"\tnetbios name = {name.upper()}\n" in result.stdout
    # testparm's own reading of the options that matter ("SMB2" is its name
    # for SMB2_10, "required" for mandatory)
    for option in (
        "server min protocol = SMB2",
        "server signing = required",
        "restrict anonymous = 2",
        "disable netbios = Yes",
    ):
        assert f"\t{option}\n" in result.stdout, option


def test_the_live_tests_run_the_sambacc_the_image_ships() -> None:
    pins = (ROOT / "requirements-samba.txt").read_text()
    assert f"sambacc[validation]=={samba_module.SAMBACC_VERSION}\n" in pins
    installed = subprocess.run(
        [str(live.SAMBA_VENV / "bin" / "python"), "-c",
         "import importlib.metadata as m; print(m.version('sambacc'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert installed == samba_module.SAMBACC_VERSION
    assert samba_module.SAMBA_IMAGE.endswith(f":v{samba_module.SAMBACC_VERSION}")


def test_sambacc_schema_check_can_fail() -> None:
    _, container_json = live.pod_of(blog_objects(), "homemusic-samba")
    config = json.loads(container_json)
    config["shares"]["music"]["optoins"] = config["shares"]["music"].pop("options")
    with pytest.raises(ValueError, match="optoins"):
        live.print_config(json.dumps(config), BLOG_USERS, "homemusic-samba")


# --- the blog's pod --------------------------------------------------------------


@pytest.fixture(scope="module")
def blog_pod() -> Iterator[live.SambaPod]:
    with live.running_pod(blog_objects(), "homemusic-samba", BLOG_USERS, (1000, 1000)) as pod:
        assert pod.wait_listening(), pod.output()
        yield pod


def test_user_reads_and_writes_with_a_hard_password(blog_pod: live.SambaPod) -> None:
    local = blog_pod.workdir / "upload"
    local.mkdir()
    (local / "song.flac").write_bytes(b"not really flac")
    result = blog_pod.smbclient(
        "music",
        "put song.flac song.flac; mkdir Album; rename song.flac Album\\track.flac; "
        "put song.flac gone.flac; del gone.flac; mkdir Empty; rmdir Empty; ls",
        user="myuser",
        password=ALICE_PASSWORD,
        local_dir=local,
    )
    assert result.ok, result.output
    track = blog_pod.music / "Album" / "track.flac"
    assert track.read_bytes() == b"not really flac"
    assert not (blog_pod.music / "gone.flac").exists()
    assert not (blog_pod.music / "Empty").exists()
    # no recycle bin unless asked for: the deleted file is not kept anywhere
    assert not (blog_pod.music / ".recycle").exists()
    assert sorted(p.name for p in blog_pod.music.rglob("*")) == ["Album", "track.flac"]
    # the file owner is Airsonic's puid:pgid, for files and folders alike
    assert live.owner(track) == (1000, 1000)
    assert live.owner(blog_pod.music / "Album") == (1000, 1000)


@pytest.mark.parametrize(
    ("user", "password"),
    [
        pytest.param("myuser", ALICE_PASSWORD.strip(), id="password-trimmed"),
        pytest.param("myuser", "wrong", id="wrong-password"),
        pytest.param("mallory", ALICE_PASSWORD, id="unknown-user"),
        pytest.param("root", ALICE_PASSWORD, id="root"),
        pytest.param(None, None, id="anonymous"),
    ],
)
def test_refuses_everyone_else(
    blog_pod: live.SambaPod, user: str | None, password: str | None
) -> None:
    result = blog_pod.smbclient("music", "ls", user=user, password=password)
    assert not result.ok
    assert "NT_STATUS_ACCESS_DENIED" in result.output or "NT_STATUS_LOGON_FAILURE" in (
        result.output
    ), result.output


def test_refuses_a_client_outside_the_lan(blog_pod: live.SambaPod) -> None:
    # the same user and password, from an address outside lan_cidrs
    inside = blog_pod.smbclient(
        "music", "ls", user="myuser", password=ALICE_PASSWORD, server_ip=live.SERVER_LAN_IP
    )
    assert inside.ok, inside.output
    outside = blog_pod.smbclient(
        "music", "ls", user="myuser", password=ALICE_PASSWORD, server_ip=live.SERVER_OUTSIDE_IP
    )
    assert not outside.ok
    assert "NT_STATUS_" in outside.output, outside.output


def test_loopback_is_always_admitted(blog_pod: live.SambaPod) -> None:
    # "hosts allow" names only the LAN, yet smbd admits 127.0.0.1: only a
    # process inside the pod's network namespace can use it
    result = blog_pod.smbclient(
        "music", "ls", user="myuser", password=ALICE_PASSWORD, server_ip="127.0.0.1",
        from_server=True,
    )  # fmt: skip
    assert result.ok, result.output


def test_smb1_is_refused(blog_pod: live.SambaPod) -> None:
    result = blog_pod.smbclient(
        "music", "ls", user="myuser", password=ALICE_PASSWORD, extra=["--max-protocol=NT1"]
    )
    assert not result.ok
    assert "NT_STATUS_" in result.output, result.output


# --- several shares, another file owner -------------------------------------------


@pytest.fixture(scope="module")
def multi_pod() -> Iterator[live.SambaPod]:
    with live.running_pod(multi_share_objects(), "samba", MULTI_USERS, (1026, 100)) as pod:
        assert pod.wait_listening(), pod.output()
        yield pod


def test_share_folders_exist_owned_by_the_file_owner(multi_pod: live.SambaPod) -> None:
    for folder in ("incoming", "archive"):
        assert live.owner(multi_pod.music / folder) == (1026, 100)


def test_each_user_writes_where_allowed(multi_pod: live.SambaPod) -> None:
    local = multi_pod.workdir / "upload-multi"
    local.mkdir()
    (local / "a.txt").write_text("a")
    for user, password, share in (
        ("alice", ALICE_PASSWORD, "music"),
        ("bob", BOB_PASSWORD, "music"),
        ("alice", ALICE_PASSWORD, "incoming"),
    ):
        result = multi_pod.smbclient(
            share,
            f"put a.txt {user}.txt; mkdir {user}-dir",
            user=user,
            password=password,
            local_dir=local,
        )
        assert result.ok, (user, share, result.output)
    written = [
        multi_pod.music / "alice.txt",
        multi_pod.music / "bob.txt",
        multi_pod.music / "bob-dir",
        multi_pod.music / "incoming" / "alice.txt",
    ]
    for path in written:
        assert live.owner(path) == (1026, 100), path


def test_read_only_share_and_user_lists_are_enforced(multi_pod: live.SambaPod) -> None:
    local = multi_pod.workdir / "upload-ro"
    local.mkdir()
    (local / "b.txt").write_text("b")
    (multi_pod.music / "archive" / "old.txt").write_text("kept")
    read = multi_pod.smbclient("archive", "ls", user="bob", password=BOB_PASSWORD)
    assert read.ok and "old.txt" in read.output, read.output
    for commands in ("put b.txt b.txt", "mkdir new", "del old.txt", "rename old.txt x.txt"):
        result = multi_pod.smbclient(
            "archive", commands, user="alice", password=ALICE_PASSWORD, local_dir=local
        )
        assert "NT_STATUS_" in result.output, (commands, result.output)
    assert sorted(p.name for p in (multi_pod.music / "archive").iterdir()) == ["old.txt"]
    # bob is not in the list of "incoming"
    refused = multi_pod.smbclient("incoming", "ls", user="bob", password=BOB_PASSWORD)
    assert not refused.ok
    assert "NT_STATUS_ACCESS_DENIED" in refused.output, refused.output


# --- capabilities: exactly SAMBA_CAPABILITIES -----------------------------------


def test_the_blog_pod_runs_with_exactly_the_listed_capabilities(
    blog_pod: live.SambaPod,
) -> None:
    assert blog_pod.capabilities == list(samba_module.SAMBA_CAPABILITIES)
    status = Path(f"/proc/{_smbd_pid(blog_pod)}/status").read_text()
    bounding = int(
        next(line for line in status.splitlines() if line.startswith("CapBnd")).split()[1], 16
    )
    expected = sum(1 << _CAP_NUMBERS[c] for c in samba_module.SAMBA_CAPABILITIES)
    assert bounding == expected


_CAP_NUMBERS = {"NET_BIND_SERVICE": 10, "SETGID": 6, "SETUID": 7}


def _smbd_pid(pod: live.SambaPod) -> int:
    assert pod.process is not None
    # the pod's process execs into smbd: the same PID (sambacc 0.9 samba_cmds.execute)
    cmdline = Path(f"/proc/{pod.process.pid}/cmdline").read_bytes().split(b"\0")
    assert cmdline[0].endswith(b"smbd"), cmdline
    return pod.process.pid


# What fails without each capability (the reasons SAMBA_CAPABILITIES gives).
_WITHOUT = {
    "NET_BIND_SERVICE": "open_socket_in failed: Permission denied",  # no port 445
    "SETGID": "PANIC",  # smbd panics when it switches groups
    "SETUID": "PANIC",  # smbd panics when it switches users
}


@pytest.mark.parametrize("dropped", samba_module.SAMBA_CAPABILITIES)
def test_each_capability_is_needed(dropped: str) -> None:
    caps = [c for c in samba_module.SAMBA_CAPABILITIES if c != dropped]
    with live.running_pod(
        blog_objects(), "homemusic-samba", BLOG_USERS, (1000, 1000), capabilities=caps
    ) as pod:
        listening = pod.wait_listening(timeout=15)
        if listening:  # then no user gets in
            result = pod.smbclient("music", "ls", user="myuser", password=ALICE_PASSWORD)
            assert not result.ok, f"smbd works without {dropped}: {result.output}"
        assert _WITHOUT[dropped] in pod.output(), pod.output()


# --- the recycle bin and its clean-up -------------------------------------------


@pytest.fixture(scope="module")
def recycle_pod() -> Iterator[live.SambaPod]:
    with live.running_pod(recycle_objects(), "samba", MULTI_USERS, (1026, 100)) as pod:
        assert pod.wait_listening(), pod.output()
        yield pod


def _upload_and_delete(
    pod: live.SambaPod, user: str, password: str, remote: str, content: bytes
) -> None:
    local = pod.workdir / f"up-{user}"
    local.mkdir(exist_ok=True)
    (local / "file").write_bytes(content)
    folder = remote.rsplit("\\", 1)[0]
    mkdir = "" if (pod.music / folder).exists() else f"mkdir {folder}; "
    result = pod.smbclient(
        "music",
        f"{mkdir}put file {remote}; del {remote}",
        user=user,
        password=password,
        local_dir=local,
    )
    assert result.ok, result.output


def test_a_deleted_file_lands_in_the_users_bin(recycle_pod: live.SambaPod) -> None:
    _upload_and_delete(recycle_pod, "alice", ALICE_PASSWORD, "Album\\song.flac", b"first")
    _upload_and_delete(recycle_pod, "alice", ALICE_PASSWORD, "Album\\song.flac", b"second")
    _upload_and_delete(recycle_pod, "bob", BOB_PASSWORD, "Other\\b.flac", b"bob's")
    music = recycle_pod.music
    assert not (music / "Album" / "song.flac").exists()
    # its folder tree kept; a later deletion of the same name is kept beside it
    alice_bin = music / ".recycle" / "alice"
    assert (alice_bin / "Album" / "song.flac").read_bytes() == b"first"
    assert (alice_bin / "Album" / "Copy #1 of song.flac").read_bytes() == b"second"
    assert (music / ".recycle" / "bob" / "Other" / "b.flac").read_bytes() == b"bob's"
    # owned like every other file
    for path in [music / ".recycle", alice_bin, alice_bin / "Album", *alice_bin.rglob("*.flac")]:
        assert live.owner(path) == (1026, 100), path


def test_the_bin_is_hidden_from_clients(recycle_pod: live.SambaPod) -> None:
    _upload_and_delete(recycle_pod, "bob", BOB_PASSWORD, "Hidden\\x.flac", b"x")
    listing = recycle_pod.smbclient("music", "ls", user="bob", password=BOB_PASSWORD)
    assert listing.ok, listing.output
    [line] = [line for line in listing.output.splitlines() if ".recycle" in line]
    # the Hidden attribute: Explorer and Finder do not list it
    attributes = line.split()[1]
    assert "H" in attributes and "D" in attributes, line
    visible = [ln for ln in listing.output.splitlines() if "Hidden" in ln]
    assert "H" not in visible[0].split()[1], visible
    # whoever knows the path restores the file by moving it back
    restored = recycle_pod.smbclient(
        "music",
        "rename .recycle\\bob\\Hidden\\x.flac Hidden\\x.flac",
        user="bob",
        password=BOB_PASSWORD,
    )
    assert restored.ok, restored.output
    assert (recycle_pod.music / "Hidden" / "x.flac").read_bytes() == b"x"


def test_the_read_only_share_has_no_bin(recycle_pod: live.SambaPod) -> None:
    assert not (recycle_pod.music / "archive" / ".recycle").exists()


def test_cleanup_removes_only_what_is_older_than_the_retention(
    recycle_pod: live.SambaPod,
) -> None:
    music = recycle_pod.music
    day = 24 * 3600
    now = time.time()
    bin_ = music / ".recycle" / "alice" / "Cleanup"
    (bin_ / "Old").mkdir(parents=True)
    (bin_ / "Young").mkdir()
    (bin_ / "Empty").mkdir()
    expired = bin_ / "Old" / "expired.flac"
    kept = bin_ / "Young" / "kept.flac"
    edge = bin_ / "Old" / "six-days.flac"
    for path, age in ((expired, RECYCLE_DAYS * day + 3600), (kept, day), (edge, 6 * day)):
        path.write_bytes(b"x")
        os.utime(path, (now - age, now - age))
    # an empty folder left two hours ago, and music outside the bin, a year old
    os.utime(bin_ / "Empty", (now - 7200, now - 7200))
    outside = music / "Album" / "old-but-not-deleted.flac"
    outside.parent.mkdir(exist_ok=True)
    outside.write_bytes(b"keep me")
    os.utime(outside, (now - 365 * day, now - 365 * day))
    for path in (bin_, bin_ / "Old", bin_ / "Young"):
        os.chown(path, 1026, 100)
    for path in (expired, kept, edge, bin_ / "Empty", outside):
        os.chown(path, 1026, 100)

    cron = _one_cron_job(recycle_objects())
    result = live.run_job_pod(cron, music)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not expired.exists()
    assert kept.exists() and edge.exists()
    assert not (bin_ / "Empty").exists()
    assert outside.read_bytes() == b"keep me"
    assert (music / ".recycle" / "alice").is_dir() and (music / ".recycle").is_dir()
    # a folder its last files just left is removed by a later run, not this one
    os.remove(kept)
    os.remove(edge)
    assert (bin_ / "Young").is_dir() and (bin_ / "Old").is_dir()
    for folder in (bin_ / "Young", bin_ / "Old"):
        os.utime(folder, (now - 7200, now - 7200))
    result = live.run_job_pod(cron, music)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (bin_ / "Young").exists() and not (bin_ / "Old").exists()


def test_cleanup_cannot_run_as_anyone_else(recycle_pod: live.SambaPod) -> None:
    # as another user, without capabilities, the same command cannot delete
    # the file owner's files (0750 folders): the CronJob's user matters
    music = recycle_pod.music
    folder = music / ".recycle" / "alice" / "Foreign"
    folder.mkdir(parents=True)
    victim = folder / "v.flac"
    victim.write_bytes(b"v")
    old = time.time() - 30 * 24 * 3600
    os.utime(victim, (old, old))
    os.chown(victim, 1026, 100)
    os.chown(folder, 1026, 100)
    folder.chmod(0o750)
    cron = _one_cron_job(recycle_objects())
    container = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"] = {**container["securityContext"], "runAsUser": 4242}
    result = live.run_job_pod(cron, music)
    assert result.returncode != 0
    assert victim.exists()


def _one_cron_job(objects: list[dict[str, Any]]) -> dict[str, Any]:
    [cron] = [o for o in objects if o["kind"] == "CronJob"]
    return cron


def test_tools_are_found_where_debian_installs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # Debian installs smbd in /usr/sbin only, which a CI runner's PATH may lack
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert shutil.which("smbd") is None  # not found on that PATH alone ...
    assert live.tool("smbd") == "/usr/sbin/smbd"  # ... but by the live tests
    for name in ("testparm", "ip", "smbclient", "setpriv", "unshare", "ss"):
        assert Path(live.tool(name)).is_absolute(), name
    assert live.missing() is None
    result = live.run(["testparm", "--version"])
    assert result.returncode == 0 and "Version" in result.stdout
