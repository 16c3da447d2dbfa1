"""NavidromeApp: the maintained Subsonic-compatible streaming server (Navidrome)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.k8s import (
    Json,
    ServerApp,
    api_object,
    claim_volume,
    headless_http_service,
    http_probes,
    job_pod_spec,
    labels,
    non_root_security_context,
    resources,
    resources_of,
    single_replica_deployment,
)
from .._private.network import HIGH_UID, checkov_annotations, image_waivers, pull_policy
from .._private.options import init_from
from .._private.secret_keys import NAVIDROME_ADMIN_KEY
from .storage import BackendKind, MusicStorage, StorageBackend, StorageClaim, storage_claim

NAVIDROME_PORT = 4533

NAVIDROME_IMAGE = (
    "ghcr.io/navidrome/navidrome:0.64.0"
    "@sha256:a384948b81bd1529986c5960169e7fc4fa00f46bde6bd517971a4c36671db2af"
)
"""Navidrome 0.64.0 (released 2026-09-12), tag and digest.

The tag follows the project's image workflow (``type=semver,pattern={{version}}``
in .github/actions/prepare-docker). The digest is the image index that public
deployment configurations pin for ``deluan/navidrome:0.64.0``; the release
pushes one index to Docker Hub and to ghcr.io (0.63.2's index,
``sha256:9012939…8e40``, is pinned under both names), so a pull fails rather
than run anything else. 0.64.0 rewrites every ID of the database on its first
start and cannot be rolled back to 0.63 (CHANGELOG 0.4.0).
"""

BACKUP_DIR_ON_CONFIG = "/data/backup"
"""Where backups go by default: a folder on the config volume (``/data``)."""
BACKUP_MOUNT = "/backup"
"""Where a backup volume of its own is mounted."""
BACKUP_FILE = re.compile(r"^navidrome_backup_\d{4}\.\d{2}\.\d{2}_\d{2}\.\d{2}\.\d{2}\.db$")
"""The names Navidrome gives its backups (db/backup.go: navidrome_backup_<time>.db)."""
RESTORE_WAIT_SECONDS = 60
"""How long the restore Job waits before it opens the database: twice the
server pod's termination grace period (30 s), so the server has stopped."""

ADMIN_KEY = NAVIDROME_ADMIN_KEY
"""The key of the admin Secret: a Navidrome config file (TOML) with two settings."""

CONFIG_DIR = "/etc/navidrome"
"""Where the admin Secret is mounted; ``ND_CONFIGFILE`` names the file in it."""


NAVIDROME_LOW_UID_WAIVER = (
    "runs as puid, the owner of the music files, which is below 10000; "
    "give the files a UID of 10000 or more to drop this waiver"
)

# Set by the image (ND_MUSICFOLDER, ND_DATAFOLDER, ND_CONFIGFILE, ND_PORT in its
# Dockerfile) or by this construct: not for extra_env.
_RESERVED_ENV = frozenset(
    {
        "ND_MUSICFOLDER",
        "ND_DATAFOLDER",
        "ND_CONFIGFILE",
        "ND_PORT",
        "ND_ADDRESS",
        "ND_CACHEFOLDER",
        "ND_LOGLEVEL",
        "ND_BASEURL",
        "ND_SCANNER_SCHEDULE",
        "ND_TRANSCODINGCACHESIZE",
        "ND_BACKUP_PATH",
        "ND_BACKUP_SCHEDULE",
        "ND_BACKUP_COUNT",
    }
)
_ND_ENV = re.compile(r"^ND_[A-Z0-9_]+$")
_LOG_LEVELS = ("error", "warn", "info", "debug", "trace")
# humanize.ParseBytes sizes as Navidrome reads them ("100MB", "1GiB", "0").
_SIZE = re.compile(r"^[0-9]+(\.[0-9]+)?\s?([KMGT]i?B|B)?$", re.IGNORECASE)
_GO_DURATION = r"([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+"
_SCHEDULE = re.compile(
    rf"^({_GO_DURATION}|@every {_GO_DURATION}"
    r"|@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
    r"|[0-9*?/,~A-Za-z-]+( [0-9*?/,~A-Za-z-]+){4,5})$"
)


@dataclass(frozen=True, kw_only=True)
class NavidromeOptions:
    """Navidrome's own options: what :meth:`MusicServer.navidrome` and :class:`NavidromeApp` take.

    Validated when made; a bad value raises :class:`HomeMusicError` naming the
    argument (``NavidromeApp log_level``, or ``MusicServer.navidrome log_level``
    through the factory).

    :param image: the container image. Default :data:`NAVIDROME_IMAGE`.
    :param scan_schedule: ``ND_SCANNER_SCHEDULE``: how often the library is
        rescanned, a Go duration (``"1h"``), ``"@every 6h"``, a descriptor
        (``"@daily"``) or a cron expression (``"0 3 * * *"``). Default none:
        Navidrome's own default (a scan at start, then a file watcher and no
        periodic scan). Set one when the music is on NFS, where the watcher
        does not see other machines' changes.
    :param log_level: ``ND_LOGLEVEL``: ``error``, ``warn``, ``info``,
        ``debug`` or ``trace``. Default ``"info"``.
    :param base_url: ``ND_BASEURL``, the path when Navidrome is served below
        one, e.g. ``"/music"``. Default none (served at ``/``).
    :param transcoding_cache_size: ``ND_TRANSCODINGCACHESIZE``, e.g. ``"100MB"``,
        ``"1GB"``; ``"0"`` turns the cache off. Default ``"100MB"`` (Navidrome's).
    :param extra_env: other ``ND_*`` options as ``{name: value}`` (see
        Navidrome's configuration options). Names the construct or the image
        sets are refused. Default none.
    :param admin_secret_name: the Secret holding ``navidrome.toml`` with the
        first administrator's password and the password encryption key.
        Create it before the first apply and keep it: a changed key locks
        every user out. Default ``"<name>-admin"``.
    :param backup_schedule: ``ND_BACKUP_SCHEDULE``: when Navidrome backs up
        its database (users, playlists, ratings, play counts), in the forms of
        ``scan_schedule`` (``"24h"``, ``"@daily"``, ``"0 4 * * *"``). Default
        none: no automatic backups (Navidrome runs them only when the path,
        the schedule and the count are all set; ``conf/configuration.go``).
    :param backup_count: ``ND_BACKUP_COUNT``: how many backups Navidrome
        keeps; it deletes older ones after each backup. 1 to 1000. Default ``7``.
    :param backup_backend: a volume of their own for the backups
        (:meth:`StorageBackend.nfs` on a NAS, so a dead disk does not take
        them along), bound both ways and ``Retain`` like the other volumes
        (or any other backend: a StorageClass's claim, an existing claim),
        mounted at ``/backup``; its folder must be writable by ``puid``. The
        claim is ``<name>-backup``, the volume ``<namespace>-<name>-backup``.
        Default none: the folder ``backup`` on the config volume
        (``/data/backup``), which Navidrome creates.
    :param backup_size: the size of that volume. Default ``"10Gi"``.
    :param restore_backup: the name of a backup file in the backup folder
        (``navidrome_backup_2026.11.01_04.00.00.db``) to restore: the
        Deployment goes to zero replicas and a Job (``<name>-restore-<hash>``)
        waits 60 s for the server to stop, then runs ``navidrome backup restore
        --backup-file <file> --force`` as ``puid`` on the config volume.
        Remove the argument afterwards, and Navidrome starts again on the
        restored database. Default none.
    :param startup_timeout_seconds: how long the app may take to first answer on
        ``/ping`` before it is restarted. Default ``120``.
    :param cpu_request: the container's CPU request (see ``memory_limit``).
    :param memory_request: its memory request (see ``memory_limit``).
    :param cpu_limit: its CPU limit (see ``memory_limit``).
    :param memory_limit: the resources, all four:
        defaults ``"100m"``, ``"128Mi"``, ``"2"``, ``"1Gi"``: Navidrome itself
        idles at a few dozen MiB, and each transcoded stream runs one ffmpeg
        process (about a tenth of a core for MP3 or Opus at phone bit rates);
        two cores and 1Gi leave room for several streams and a library scan.
    """

    image: str = NAVIDROME_IMAGE
    scan_schedule: str | None = None
    log_level: str = "info"
    base_url: str | None = None
    transcoding_cache_size: str = "100MB"
    extra_env: Mapping[str, str] | None = None
    admin_secret_name: str | None = None
    backup_schedule: str | None = None
    backup_count: int = 7
    backup_backend: StorageBackend | None = None
    backup_size: str = "10Gi"
    restore_backup: str | None = None
    startup_timeout_seconds: int = 120
    cpu_request: str = "100m"
    memory_request: str = "128Mi"
    cpu_limit: str = "2"
    memory_limit: str = "1Gi"

    def __post_init__(self) -> None:
        o = "NavidromeApp"
        v.image(f"{o} image", self.image)
        for argument, schedule, example in (
            ("scan_schedule", self.scan_schedule, "'1h', '@every 6h', '@daily'"),
            ("backup_schedule", self.backup_schedule, "'24h', '@every 12h', '@daily'"),
        ):
            if schedule is not None and (
                not isinstance(schedule, str) or not _SCHEDULE.match(schedule)
            ):
                raise v.fail(
                    f"{o} {argument}",
                    schedule,
                    f"a Go duration such as {example} or a cron expression such as '0 3 * * *'",
                )
        v.integer(f"{o} backup_count", self.backup_count, 1, 1000, "an integer from 1 to 1000")
        if self.backup_backend is not None and not isinstance(self.backup_backend, StorageBackend):
            raise v.fail(
                f"{o} backup_backend",
                self.backup_backend,
                "a StorageBackend from StorageBackend.local(...), .nfs(...), "
                ".storage_class(...) or .existing_claim(...)",
            )
        v.storage_size(f"{o} backup_size", self.backup_size)
        if self.restore_backup is not None and (
            not isinstance(self.restore_backup, str) or not BACKUP_FILE.match(self.restore_backup)
        ):
            raise v.fail(
                f"{o} restore_backup",
                self.restore_backup,
                "the name of a backup Navidrome made, such as "
                "'navidrome_backup_2026.11.01_04.00.00.db' (no folder)",
            )
        if self.log_level not in _LOG_LEVELS:
            raise v.fail(f"{o} log_level", self.log_level, f"one of {list(_LOG_LEVELS)}")
        if self.base_url is not None:
            v.absolute_path(f"{o} base_url", self.base_url)
            if self.base_url == "/":
                raise v.fail(f"{o} base_url", self.base_url, "a path below '/', or None")
        size = self.transcoding_cache_size
        if not isinstance(size, str) or not _SIZE.match(size):
            raise v.fail(
                f"{o} transcoding_cache_size",
                size,
                "a size such as '100MB', '1GB' or '0' (no cache)",
            )
        for key, value in (self.extra_env or {}).items():
            if not isinstance(key, str) or not _ND_ENV.match(key):
                raise v.fail(f"{o} extra_env", key, "ND_* names such as 'ND_ENABLESHARING'")
            if key in _RESERVED_ENV:
                raise v.fail(
                    f"{o} extra_env",
                    key,
                    f"a name the construct or the image does not set (not {sorted(_RESERVED_ENV)}; "
                    "use the construct's arguments)",
                )
            if not isinstance(value, str):
                raise v.fail(f"{o} extra_env {key}", value, "a string")
        v.integer(
            f"{o} startup_timeout_seconds",
            self.startup_timeout_seconds,
            10,
            3600,
            "an integer from 10 to 3600",
        )
        v.resource_arguments(
            o,
            cpu_request=self.cpu_request,
            memory_request=self.memory_request,
            cpu_limit=self.cpu_limit,
            memory_limit=self.memory_limit,
        )


@dataclass(frozen=True, kw_only=True)
class NavidromeProps(NavidromeOptions):
    """:class:`NavidromeApp`'s arguments: Navidrome's own options and what a stack shares.

    :param storage: the :class:`MusicStorage` whose config volume holds
        ``/data`` and whose music volume is ``/music``. Required.
    :param timezone: ``TZ``, a tz database name. Default ``"Etc/UTC"``.
    :param puid: the user Navidrome runs as; it must be able to write the
        config volume's folder and read the music. Default ``10000``: a high
        UID, so no checkov waiver; below 10000 the Deployment carries
        CKV_K8S_40's.
    :param pgid: its group. Default ``10000``.
    :param music_read_only: mount the music read-only. Default ``True``.
    :param name: the Deployment and Service name, also the ``app.kubernetes.io/instance``
        label. Default ``"navidrome"``.
    """

    storage: MusicStorage
    timezone: str = "Etc/UTC"
    puid: int = HIGH_UID
    pgid: int = HIGH_UID
    music_read_only: bool = True
    name: str = "navidrome"

    def __post_init__(self) -> None:
        o = "NavidromeApp"
        if not isinstance(self.storage, MusicStorage):
            raise v.fail(f"{o} storage", self.storage, "a MusicStorage construct")
        super().__post_init__()
        v.timezone(f"{o} timezone", self.timezone)
        v.unprivileged_id(f"{o} puid", self.puid)
        v.unprivileged_id(f"{o} pgid", self.pgid)
        v.service_name(f"{o} name", self.name)
        v.dns_subdomain(f"{o} admin_secret_name", self.admin_secret)
        if not isinstance(self.music_read_only, bool):
            raise v.fail(f"{o} music_read_only", self.music_read_only, "True or False")
        backup = self.backup_backend
        config = self.storage.config.backend
        if backup is not None:
            if (
                backup.kind is BackendKind.LOCAL
                and config.kind is BackendKind.LOCAL
                and backup.node_name != config.node_name
            ):
                raise v.fail(
                    f"{o} backup_backend",
                    f"local on node {backup.node_name!r}",
                    f"the config volume's node ({config.node_name!r}) or an NFS volume: "
                    "one pod mounts both",
                )
            if (
                backup.kind is BackendKind.LOCAL
                and self.storage.music.pins_pods_together
                and self.storage.local_node is None
            ):
                raise v.fail(
                    f"{o} backup_backend",
                    f"local on node {backup.node_name!r}",
                    "an NFS volume or a claim (or keep the config local on that node): the music "
                    "is a ReadWriteOnce claim that Samba mounts too, and Samba would not follow "
                    "the server to the backup volume's node",
                )
            if backup.same_volume_as(config) or backup.same_volume_as(self.storage.music.backend):
                raise v.fail(
                    f"{o} backup_backend",
                    backup.claim_name or backup.path,
                    "a path of its own, not the config or music volume's",
                )

    @property
    def admin_secret(self) -> str:
        """``admin_secret_name``, or ``<name>-admin``."""
        return self.admin_secret_name or f"{self.name}-admin"


class NavidromeApp(ServerApp):
    """Navidrome with its data and music volumes, and a headless Service on port 4533.

    Navidrome speaks the Subsonic API (and OpenSubsonic), so the blog's clients
    keep working, and transcodes with the ffmpeg in its image. It runs as
    ``puid``:``pgid`` (the image has no ``USER``: without this it would run as
    root), with a read-only root filesystem and a writable ``/tmp``, no
    capabilities, no privilege escalation. Its SQLite database and caches live
    in ``/data`` on the config volume; the music is mounted read-only at
    ``/music``. One replica, ``Recreate``: SQLite on a ReadWriteOnce volume is
    never opened by two pods.

    Nobody can take over a fresh Navidrome: its administrator exists before
    the first request. The pod reads a config file (``ND_CONFIGFILE``) from a
    Secret you create (``admin_secret_name``, key ``navidrome.toml``, e.g. with
    ``homemusic navidrome-admin``) holding ``DevAutoCreateAdminPassword``
    (Navidrome creates the user ``admin`` with it during its initial
    setup, on an empty database only: ``server/initial_setup.go``) and
    ``PasswordEncryptionKey`` (the key its stored passwords are encrypted
    with, instead of the built-in one). The Secret is mounted as a file, never
    put in the environment, and required: without it the pod does not start.

    Takes ``scope``, ``id`` and the keyword arguments of :class:`NavidromeProps`
    (``storage`` and what a stack shares) and :class:`NavidromeOptions`
    (Navidrome's own options), each documented there.
    """

    @init_from(NavidromeProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = NavidromeProps(**arguments)
        """The validated arguments."""
        self.image = p.image
        self._identify(p, component="navidrome", port=NAVIDROME_PORT, container_port=NAVIDROME_PORT)
        self.admin_secret_name = p.admin_secret
        """The Secret with the admin password and the encryption key (``navidrome.toml``)."""
        self.backup_volume: StorageClaim | None = None
        """The backups' own claim (``backup_backend``), or ``None``."""
        if p.backup_backend is not None:
            self.backup_volume = storage_claim(
                self,
                "backup",
                claim_name=f"{p.name}-backup",
                volume_name=f"{p.storage.namespace}-{p.name}-backup",
                backend=p.backup_backend,
                size=p.backup_size,
                static_class_name=p.storage.storage_class_name,
                component="navidrome-backup",
                instance=p.name,
            )
        self.backup_path = BACKUP_MOUNT if p.backup_backend is not None else BACKUP_DIR_ON_CONFIG
        """The backup folder inside the pod (``/backup`` or ``/data/backup``)."""
        self.backup_schedule = p.backup_schedule
        self.restore_backup = p.restore_backup
        self.env = {e["name"]: e["value"] for e in self._env()}
        """The environment the container gets, besides the image's own."""
        waivers = image_waivers({}, p.image)
        if p.puid < HIGH_UID:
            waivers["CKV_K8S_40"] = NAVIDROME_LOW_UID_WAIVER
        self.checkov_waivers = waivers
        """The checkov checks waived on the Deployment, with reasons (none with the
        default image and a puid of 10000 or more)."""
        self.deployment = self._deployment()
        self.service = headless_http_service(
            self,
            name=p.name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            port=self.port,
        )
        """The headless Service the HTTPS entry routes to (port 4533, named ``http``)."""
        self.restore_job = (
            self._restore_job(p.restore_backup) if p.restore_backup is not None else None
        )
        """The Job restoring ``restore_backup`` while the server is stopped, or ``None``."""

    def _env(self) -> list[Json]:
        p = self.props
        env: list[Json] = [
            {"name": "TZ", "value": p.timezone},
            # The image sets ND_CONFIGFILE=/data/navidrome.toml (its
            # Dockerfile); the file from the admin Secret replaces it.
            # Navidrome reads ND_* variables beside the file (InitConfig in
            # conf/configuration.go binds both).
            {"name": "ND_CONFIGFILE", "value": f"{CONFIG_DIR}/{ADMIN_KEY}"},
            {"name": "ND_LOGLEVEL", "value": p.log_level},
            {"name": "ND_TRANSCODINGCACHESIZE", "value": p.transcoding_cache_size},
        ]
        if p.scan_schedule is not None:
            env.append({"name": "ND_SCANNER_SCHEDULE", "value": p.scan_schedule})
        if p.base_url is not None:
            env.append({"name": "ND_BASEURL", "value": p.base_url})
        if p.backup_schedule is not None:
            env += [
                {"name": "ND_BACKUP_PATH", "value": self.backup_path},
                {"name": "ND_BACKUP_SCHEDULE", "value": p.backup_schedule},
                {"name": "ND_BACKUP_COUNT", "value": str(p.backup_count)},
            ]
        extra = dict(p.extra_env or {})
        return env + [{"name": k, "value": extra[k]} for k in sorted(extra)]

    def _backup_mounts(self) -> tuple[list[Json], list[Json]]:
        """The backup volume's pod volume and mount, when it has one of its own."""
        if self.backup_volume is None:
            return [], []
        return (
            [claim_volume("backup", self.backup_volume.claim_name)],
            [{"name": "backup", "mountPath": BACKUP_MOUNT}],
        )

    def _deployment(self) -> cdk8s.ApiObject:
        p = self.props
        # Navidrome answers /ping at the root, whatever its base URL
        # (server/server.go: middleware.Heartbeat("/ping") before the routes).
        ping = {"path": "/ping", "port": "http"}
        backup_volumes, backup_mounts = self._backup_mounts()
        return single_replica_deployment(
            self,
            name=p.name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            annotations=checkov_annotations(self.checkov_waivers),
            stopped=p.restore_backup is not None,
            placement=p.storage.placement(p.storage.config, p.storage.music, self.backup_volume),
            pod_security_context={
                "runAsNonRoot": True,
                "runAsUser": p.puid,
                "runAsGroup": p.pgid,
            },
            container={
                "name": "navidrome",
                "image": p.image,
                "imagePullPolicy": pull_policy(p.image),
                "env": self._env(),
                "ports": [{"name": "http", "containerPort": NAVIDROME_PORT, "protocol": "TCP"}],
                "resources": resources_of(p),
                **http_probes(
                    ping,
                    startup_period=5,
                    startup_timeout_seconds=p.startup_timeout_seconds,
                    timeout=3,
                    liveness_timeout=5,
                ),
                "securityContext": non_root_security_context(p.puid, p.pgid),
                "volumeMounts": [
                    {"name": "data", "mountPath": "/data"},
                    {"name": "music", "mountPath": "/music", "readOnly": p.music_read_only},
                    {"name": "tmp", "mountPath": "/tmp"},
                    {"name": "admin", "mountPath": CONFIG_DIR, "readOnly": True},
                    *backup_mounts,
                ],
            },
            volumes=[
                claim_volume("data", p.storage.config.claim_name),
                claim_volume("music", p.storage.music.claim_name, read_only=p.music_read_only),
                {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}},
                {
                    "name": "admin",
                    "secret": {
                        "secretName": self.admin_secret_name,
                        "items": [{"key": ADMIN_KEY, "path": ADMIN_KEY}],
                        # Secret files belong to root; Navidrome runs as puid
                        # and is the only process in its container, which
                        # alone mounts the file. (fsGroup would hand the
                        # group to the music and config volumes too.)
                        "defaultMode": 0o444,
                        "optional": False,
                    },
                },
                *backup_volumes,
            ],
        )

    def _restore_job(self, backup_file: str) -> cdk8s.ApiObject:
        pod_volumes, mounts = self._backup_mounts()
        job_name = f"{self.name}-restore-{zlib.crc32(backup_file.encode()):08x}"
        if len(job_name) > 63:
            raise v.fail(
                "NavidromeApp name",
                self.name,
                f"at most 46 characters when restore_backup is set (the Job {job_name!r})",
            )
        job_labels = labels("navidrome-restore", job_name)
        owner = non_root_security_context(self.puid, self.pgid)
        data = [
            {"name": "data", "mountPath": "/data"},
            {"name": "tmp", "mountPath": "/tmp"},
            *mounts,
        ]
        small = resources(
            cpu_request="100m", memory_request="128Mi", cpu_limit="1", memory_limit="1Gi"
        )
        place = self.storage.placement(self.storage.config, self.backup_volume)
        pod_spec: Json = {
            **job_pod_spec(uid=self.puid, gid=self.pgid, restart_policy="Never"),
            "initContainers": [
                {
                    # The server's pod gets SIGTERM when the Deployment goes
                    # to zero and is killed at the latest 30 s later
                    # (terminationGracePeriodSeconds): wait twice that long.
                    # sleep is busybox's, in the Alpine base of the image.
                    "name": "wait-for-the-server-to-stop",
                    "image": self.image,
                    "imagePullPolicy": pull_policy(self.image),
                    "command": ["sleep", str(RESTORE_WAIT_SECONDS)],
                    "resources": small,
                    "securityContext": owner,
                }
            ],
            "containers": [
                {
                    # The image's entrypoint, /app/navidrome (cmd/backup.go:
                    # restore must run offline; --force skips its prompt).
                    "name": "restore",
                    "image": self.image,
                    "imagePullPolicy": pull_policy(self.image),
                    "args": [
                        "backup",
                        "restore",
                        "--backup-file",
                        f"{self.backup_path}/{backup_file}",
                        "--force",
                    ],
                    "env": [{"name": "TZ", "value": self.env["TZ"]}],
                    "resources": small,
                    "securityContext": owner,
                    "volumeMounts": data,
                }
            ],
            "volumes": [
                claim_volume("data", self.storage.config.claim_name),
                {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}},
                *pod_volumes,
            ],
        }
        return api_object(
            self,
            "restore",
            api_version="batch/v1",
            kind="Job",
            name=job_name,
            object_labels=job_labels,
            annotations=checkov_annotations(self.checkov_waivers),
            spec={
                "backoffLimit": 0,
                "activeDeadlineSeconds": 1800,
                "template": {
                    "metadata": {"labels": place.pod_labels(job_labels)},
                    "spec": place.pod_spec(pod_spec),
                },
            },
        )
