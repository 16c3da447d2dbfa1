"""Run the synthesized Samba pod with real software: sambacc (PyPI) and Debian's Samba.

What runs is the container's own command: the image's entrypoint
``samba-container`` (sambacc, the release the image ships) with the
Deployment's ``args``, the image's environment overlaid with the Deployment's
``env``, the ConfigMap and the users file at the paths the pod mounts them, the
init container's command as its ``runAsUser``/``runAsGroup``, and the
capability bounding set the container's ``securityContext`` grants (root with
exactly those capabilities, ``no_new_privs`` as ``allowPrivilegeEscalation:
false`` sets it).

Isolation: the server runs in a network namespace of its own and in a private
mount namespace in which ``/etc`` is a copy on a tmpfs (sambacc writes
``/etc/passwd`` and ``/etc/group`` there, as in the container) and Samba's state
directories are empty tmpfs mounts. Clients run Debian's ``smbclient`` in a
second network namespace joined to the server by a veth pair, with one address
inside the LAN and one outside it. The machine's own ``/etc`` and network are
never touched. Needs root, iproute2, util-linux, Debian's samba and smbclient
packages, and ``.venv-samba`` (``make live-deps``).
"""

from __future__ import annotations

import itertools
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, Obj, container, one

SAMBA_VENV = ROOT / ".venv-samba"
SAMBA_CONTAINER = SAMBA_VENV / "bin" / "samba-container"

# The image's own files and environment (samba-container v0.9,
# images/server/Containerfile.fedora and images/server/smb.conf): smb.conf only
# points Samba at its registry, where sambacc imports the configuration.
IMAGE_SMB_CONF = "[global]\nconfig backend = registry\n"
IMAGE_ENV = {
    "SAMBACC_CONFIG": "/etc/samba/container.json:/etc/samba/users.json",
    "SAMBA_CONTAINER_ID": "demo",
    "SAMBA_SPECIFICS": "daemon_cli_debug_output,ctdb_leader_admin_command",
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
}

SERVER_LAN_IP = "192.168.0.200"
CLIENT_LAN_IP = "192.168.0.10"
# A second network on the same veth pair, outside lan_cidrs.
SERVER_OUTSIDE_IP = "172.31.255.1"
CLIENT_OUTSIDE_IP = "172.31.255.10"

_counter = itertools.count()

# Debian installs smbd in /usr/sbin only (testparm and smbclient are in
# /usr/bin, ip in both; seen with Debian 12's packages), and /usr/sbin is not
# on every root shell's or CI runner's PATH: the tools are looked up in the
# system directories as well, and every command runs with that PATH.
SYSTEM_DIRS = ("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin")


def tool_path() -> str:
    """The caller's PATH, then the system's directories (read at each call)."""
    caller = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    return os.pathsep.join(caller + [d for d in SYSTEM_DIRS if d not in caller])


def tool_env() -> dict[str, str]:
    return {**os.environ, "PATH": tool_path()}


def tool(name: str) -> str:
    """The absolute path of ``name`` on :func:`tool_path` (``name`` itself when absent)."""
    return shutil.which(name, path=tool_path()) or name


def missing() -> str | None:
    """Why the live tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "the live Samba tests need root (network and mount namespaces)"
    for name in ("ip", "unshare", "setpriv", "smbd", "smbclient", "testparm", "ss", "find"):
        if shutil.which(name, path=tool_path()) is None:
            return f"{name} is not installed (Debian: apt-get install samba smbclient iproute2)"
    if not list(Path("/usr/lib").glob("*/samba/vfs/recycle.so")):
        return "Samba's vfs_recycle is not installed (Debian: apt-get install samba-vfs-modules)"
    if not SAMBA_CONTAINER.exists():
        return f"{SAMBA_CONTAINER} is missing (make live-deps)"
    return None


def require() -> None:
    """Skip (fail under CI=true) when the live tests cannot run here."""
    reason = missing()
    if reason is None:
        return
    message = f"{reason}; `sudo make test` on Debian with the packages runs them"
    if os.environ.get("CI") == "true":
        pytest.fail(f"live Samba test cannot run in CI: {message}")
    pytest.skip(message)


def run(cmd: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``cmd`` with its program looked up on :func:`tool_path` (and that PATH by default)."""
    kwargs.setdefault("env", tool_env())
    return subprocess.run(
        [tool(cmd[0]), *cmd[1:]], capture_output=True, text=True, check=False, **kwargs
    )


def pod_of(objects: list[Obj], name: str) -> tuple[Obj, str]:
    """The Samba Deployment ``name`` and its ConfigMap's ``container.json``."""
    deployment = one(objects, "Deployment", name)
    volumes = deployment["spec"]["template"]["spec"]["volumes"]
    config_map_name = next(v["configMap"]["name"] for v in volumes if "configMap" in v)
    config_map = one(objects, "ConfigMap", config_map_name)
    return deployment, config_map["data"]["container.json"]


def print_config(container_json: str, users_json: str, instance: str) -> str:
    """smb.conf as sambacc renders it from the two files (``print-config``).

    sambacc first validates both files against its JSON schema (required here).
    """
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp, "container.json")
        users = Path(tmp, "users.json")
        config.write_text(container_json)
        users.write_text(users_json)
        env = {**IMAGE_ENV, "SAMBACC_CONFIG": f"{config}:{users}", "SAMBA_CONTAINER_ID": instance}
        result = run([str(SAMBA_CONTAINER), "--validate-config=required", "print-config"], env=env)
    if result.returncode != 0:
        raise ValueError(result.stderr)
    return result.stdout


@dataclass
class SmbResult:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and "NT_STATUS_" not in self.output


class SambaPod:
    """The pod of one synthesized Samba Deployment, running (see the module docstring)."""

    def __init__(
        self,
        deployment: Obj,
        container_json: str,
        users_json: str,
        workdir: Path,
        music_owner: tuple[int, int],
        capabilities: Sequence[str] | None = None,
    ) -> None:
        self.deployment = deployment
        self.container = container(deployment)
        self.container_json = container_json
        self.users_json = users_json
        self.workdir = workdir
        self.music_owner = music_owner
        add = self.container["securityContext"]["capabilities"]["add"]
        self.capabilities = list(add if capabilities is None else capabilities)
        n = f"{os.getpid()}-{next(_counter)}"
        self.server_ns = f"hm-smb-srv-{n}"
        self.client_ns = f"hm-smb-cli-{n}"
        self.music = workdir / "music"
        self.log = workdir / "pod.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.created_mount_points: list[Path] = []

    # --- network ---------------------------------------------------------------

    def _network(self) -> None:
        srv, cli = self.server_ns, self.client_ns
        veth = f"hmv{os.getpid() % 10000}x{next(_counter)}"
        steps = [
            ["ip", "netns", "add", srv],
            ["ip", "netns", "add", cli],
            ["ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b"],
            ["ip", "link", "set", veth + "a", "netns", srv],
            ["ip", "link", "set", veth + "b", "netns", cli],
            ["ip", "-n", srv, "addr", "add", f"{SERVER_LAN_IP}/24", "dev", veth + "a"],
            ["ip", "-n", srv, "addr", "add", f"{SERVER_OUTSIDE_IP}/24", "dev", veth + "a"],
            ["ip", "-n", cli, "addr", "add", f"{CLIENT_LAN_IP}/24", "dev", veth + "b"],
            ["ip", "-n", cli, "addr", "add", f"{CLIENT_OUTSIDE_IP}/24", "dev", veth + "b"],
            ["ip", "-n", srv, "link", "set", veth + "a", "up"],
            ["ip", "-n", cli, "link", "set", veth + "b", "up"],
            ["ip", "-n", srv, "link", "set", "lo", "up"],
            ["ip", "-n", cli, "link", "set", "lo", "up"],
        ]
        for step in steps:
            result = run(step)
            assert result.returncode == 0, f"{shlex.join(step)}: {result.stderr}"

    # --- the pod -----------------------------------------------------------------

    def _mount_points(self) -> None:
        for mount in self.container["volumeMounts"]:
            path = Path(mount["mountPath"])
            if mount["name"] == "music" and not path.exists():
                # An empty directory to mount on (removed again in stop()).
                path.mkdir(parents=True)
                self.created_mount_points.append(path)

    def _script(self) -> str:
        """The shell script that builds the pod's file system and execs its processes."""
        q = shlex.quote
        etc_copy = self.workdir / "etc"
        etc_copy.mkdir()
        lines = [
            "set -eu",
            "mount --make-rprivate /",
            # /etc: a writable copy, as the container's own /etc is writable
            f"mount -t tmpfs tmpfs {q(str(etc_copy))}",
            f"cp -a /etc/. {q(str(etc_copy))}/",
            f"mount --bind {q(str(etc_copy))} /etc",
            f"printf %s {q(IMAGE_SMB_CONF)} > /etc/samba/smb.conf",
        ]
        # Samba's state starts empty, as in a new container.
        for state in ("/var/lib/samba", "/run/samba", "/var/cache/samba", "/var/log/samba"):
            lines += [f"mkdir -p {state}", f"mount -t tmpfs tmpfs {state}"]
        files = {"configMap": self.workdir / "configmap", "secret": self.workdir / "secret"}
        volumes = {v["name"]: v for v in self.deployment["spec"]["template"]["spec"]["volumes"]}
        for mount in self.container["volumeMounts"]:
            volume = volumes[mount["name"]]
            target = q(mount["mountPath"])
            if "persistentVolumeClaim" in volume:
                source = self.music
            elif "configMap" in volume:
                source = files["configMap"]
                source.mkdir()
                (source / "container.json").write_text(self.container_json)
            else:
                source = files["secret"]
                source.mkdir()
                for item in volume["secret"]["items"]:
                    (source / item["path"]).write_text(self.users_json)
            lines += [f"mkdir -p {target}", f"mount --bind {q(str(source))} {target}"]
            if mount.get("readOnly"):
                lines.append(f"mount -o remount,bind,ro {target}")
        # init containers, in order, as their user, without capabilities
        for init in self.deployment["spec"]["template"]["spec"].get("initContainers", []):
            sc = init["securityContext"]
            assert sc["capabilities"] == {"drop": ["ALL"]}
            command = init["command"] + init.get("args", [])
            lines.append(
                shlex.join(
                    [
                        "setpriv",
                        f"--reuid={sc['runAsUser']}",
                        f"--regid={sc['runAsGroup']}",
                        "--clear-groups",
                        "--inh-caps=-all",
                        "--bounding-set=-all",
                        "--no-new-privs",
                        *command,
                    ]
                )
            )
        env = dict(IMAGE_ENV)
        env.update({e["name"]: e["value"] for e in self.container.get("env", [])})
        caps = ",".join(["-all"] + [f"+{c.lower()}" for c in self.capabilities])
        entrypoint = str(SAMBA_CONTAINER)  # the image's ENTRYPOINT
        command = [
            *("env", "-i", *(f"{k}={v}" for k, v in sorted(env.items()))),
            *("setpriv", "--inh-caps=-all", f"--bounding-set={caps}", "--no-new-privs"),
            entrypoint,
            *self.container.get("args", []),
        ]
        lines.append("exec " + shlex.join(command))
        return "\n".join(lines) + "\n"

    def start(self) -> None:
        self.music.mkdir()
        # The volume's folder on the node, given to the file owner (README, step 2).
        os.chown(self.music, *self.music_owner)
        self._network()
        self._mount_points()
        script = self.workdir / "pod.sh"
        script.write_text(self._script())
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    tool("ip"),
                    "netns",
                    "exec",
                    self.server_ns,
                    "unshare",
                    "--mount",
                    "bash",
                    str(script),
                ],
                env=tool_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_listening(self, timeout: float = 30) -> bool:
        """True once smbd listens on 445; False if the pod exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            ss = run(["ip", "netns", "exec", self.server_ns, "ss", "-Hltn", "sport", "= :445"])
            if ss.stdout.strip():
                return True
            time.sleep(0.2)
        return False

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, 15)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
        for ns in (self.server_ns, self.client_ns):
            run(["ip", "netns", "del", ns])
        for path in reversed(self.created_mount_points):
            path.rmdir()

    # --- clients -----------------------------------------------------------------

    def smbclient(
        self,
        share: str,
        commands: str,
        *,
        user: str | None,
        password: str | None,
        server_ip: str = SERVER_LAN_IP,
        local_dir: Path | None = None,
        extra: Sequence[str] = (),
        from_server: bool = False,
    ) -> SmbResult:
        """Debian's smbclient in the client namespace (or, ``from_server``, in the
        server's own, as a process of the pod would); the password goes in ``PASSWD``."""
        env: dict[str, str] = {"PATH": IMAGE_ENV["PATH"], "HOME": str(self.workdir)}
        ns = self.server_ns if from_server else self.client_ns
        cmd = [tool("ip"), "netns", "exec", ns, tool("smbclient"), f"//{server_ip}/{share}"]
        cmd += list(extra) or ["--max-protocol=SMB3"]
        cmd += ["-c", commands]
        if user is None:
            cmd.append("--no-pass")
        else:
            env.update({"USER": user, "PASSWD": password or ""})
        result = subprocess.run(
            cmd,
            env=env,
            capture_output=True,
            cwd=local_dir or self.workdir,
            check=False,
            timeout=60,
        )
        text = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        return SmbResult(result.returncode, text)


@contextmanager
def running_pod(
    objects: list[Obj],
    name: str,
    users_json: str,
    music_owner: tuple[int, int],
    capabilities: Sequence[str] | None = None,
) -> Iterator[SambaPod]:
    deployment, container_json = pod_of(objects, name)
    with tempfile.TemporaryDirectory(prefix="hm-samba-") as tmp:
        pod = SambaPod(deployment, container_json, users_json, Path(tmp), music_owner, capabilities)
        try:
            pod.start()
            yield pod
        finally:
            pod.stop()


def owner(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_uid, st.st_gid


def env_of_pod(deployment: Obj) -> Mapping[str, str]:
    return {e["name"]: e["value"] for e in container(deployment).get("env", [])}


def run_job_pod(cron_job: Obj, music: Path) -> subprocess.CompletedProcess[str]:
    """Run the pod of ``cron_job``'s Job as the kubelet would, once, and wait for it.

    In a private mount namespace: the root file system read-only (as
    ``readOnlyRootFilesystem`` makes it), ``music`` bound at the claim's mount
    path, then each init container and the container, in order, with their
    command as their ``runAsUser``/``runAsGroup``, no capability (the
    bounding set empty, as ``drop: [ALL]``) and ``no_new_privs``. Stops at the
    first command that fails, as the kubelet does.
    """
    pod = cron_job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    claims = {v["name"] for v in pod["volumes"] if "persistentVolumeClaim" in v}
    q = shlex.quote
    lines = ["set -eu", "mount --make-rprivate /"]
    containers = [*pod.get("initContainers", []), *pod["containers"]]
    mounts = {m["mountPath"] for c in containers for m in c["volumeMounts"]}
    assert all(m["name"] in claims for c in containers for m in c["volumeMounts"])
    created = [Path(m) for m in sorted(mounts) if not Path(m).exists()]
    for path in created:
        path.mkdir(parents=True)
    lines += [f"mount --bind {q(str(music))} {q(m)}" for m in sorted(mounts)]
    # the root mount read-only in this namespace only; the volume stays writable
    lines.append("mount -o remount,bind,ro /")
    for c in containers:
        sc = c["securityContext"]
        assert sc["capabilities"] == {"drop": ["ALL"]} and sc["readOnlyRootFilesystem"] is True
        assert sc["allowPrivilegeEscalation"] is False and sc["runAsNonRoot"] is True
        lines.append(
            shlex.join(
                [
                    "setpriv",
                    f"--reuid={sc['runAsUser']}",
                    f"--regid={sc['runAsGroup']}",
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--bounding-set=-all",
                    "--no-new-privs",
                    *c["command"],
                    *c.get("args", []),
                ]
            )
        )
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script:
        script.write("\n".join(lines) + "\n")
    try:
        return run(["unshare", "--mount", "bash", script.name], timeout=120)
    finally:
        os.unlink(script.name)
        for path in reversed(created):
            path.rmdir()
