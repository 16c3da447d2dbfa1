"""OffsiteBackup: versioned, encrypted off-node copies of the music and the server's data.

Two shapes, chosen with one argument of :class:`HomeMusicStack` (``backup=``):

- :meth:`OffsiteBackup.restic`: CronJobs that run the official restic image
  against a restic repository of the owner's choosing (needs no operator);
- :meth:`OffsiteBackup.volsync`: VolSync ``ReplicationSource`` objects (its
  restic mover), for clusters that already run VolSync.

Both read the repository's address and credentials from a Secret the owner
makes (``homemusic backup-secret``), with the variable names restic reads
(``RESTIC_REPOSITORY``, ``RESTIC_PASSWORD``, ``AWS_ACCESS_KEY_ID``, ...).
"""

from __future__ import annotations

import dataclasses
import re
import shlex
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.k8s import (
    Json,
    Placement,
    api_object,
    claim_volume,
    job_pod_spec,
    labels,
    non_root_security_context,
    resources,
    resources_of,
    selector,
)
from .._private.network import HIGH_UID, checkov_annotations, image_waivers, pull_policy
from .._private.options import signature_of
from .storage import MusicStorage, StorageClaim

RESTIC_IMAGE = (
    "docker.io/restic/restic:0.19.1"
    "@sha256:136600b6ff6843d61d355f7f71f460a166429f35de6fd11b568fece3c9a4d510"
)
"""restic 0.19.1 (release v0.19.1, 2026-07-05), the official image, tag and digest.

The image is built from docker/Dockerfile.release (Alpine, ``/usr/bin/restic``,
busybox ``sh``); the digest is the multi-platform one that public deployment
configurations pin for this tag, so a pull fails rather than run anything else.
"""

ROOT = "/homemusic"
"""Every path a backup pod mounts lies below this folder."""
SECRET_DIR = f"{ROOT}/secret"
"""Where the repository Secret is mounted, one file per key."""
CACHE_DIR = f"{ROOT}/cache"
"""restic's cache (``RESTIC_CACHE_DIR``), an emptyDir: the root is read-only."""
TMP_DIR = f"{ROOT}/tmp"
"""``TMPDIR`` and ``HOME``: restic writes pack files here before it uploads them."""

BACKUP_TAG = "homemusic"
"""Every snapshot carries this tag, and the claim's name as a second one."""

KEEP_LIMIT = 1000

_SNAPSHOT = re.compile(r"^(latest|[0-9a-f]{8,64})$")
# A cron schedule that runs once a week: minute, hour, any day of month, any
# month, one day of the week (0-7).
_WEEKLY = re.compile(r"^([0-9]|[1-5][0-9]) ([0-9]|1[0-9]|2[0-3]) \* \* [0-7]$")
# VolSync's ReplicationSource trigger schedule (v0.16.0,
# api/v1alpha1/replicationsource_types.go: numbers, ranges, steps and the
# @-descriptors it lists; no month or day names, no @midnight).
_VOLSYNC_DESCRIPTORS = frozenset(
    ("@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly")
)
# One field of a schedule VolSync accepts: a number or a list of them, a
# range or a step between two numbers, or "*" with an optional step.
_VOLSYNC_FIELD = re.compile(r"^(\d+(,\d+)*|\d+[-/]\d+|\*(/\d+)?)$")


def _volsync_schedule(schedule: object) -> bool:
    """Whether VolSync's trigger takes ``schedule``: five numeric fields, or a descriptor."""
    if not isinstance(schedule, str):
        return False
    if schedule in _VOLSYNC_DESCRIPTORS:
        return True
    fields = schedule.split(" ")
    return len(fields) == 5 and all(_VOLSYNC_FIELD.match(f) for f in fields)


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

BACKUP_LOW_UID_WAIVER = (
    "runs as puid, the owner of the files it reads and restores, which is below 10000"
)


@dataclass(frozen=True, kw_only=True)
class BackupOptions:
    """What both backup shapes take (fields of :class:`ResticOptions` and :class:`VolSyncOptions`).

    :param secret_name: the Secret with the repository's address and
        credentials (``homemusic backup-secret``). Default ``"<name>-backup"``
        (VolSync: that name plus ``-<claim>``, one repository per claim).
    :param schedule: when the claims are backed up, a cron schedule. Default
        ``"0 5 * * *"`` (05:00; Navidrome's database copy, ``backup_schedule``,
        should run before it).
    :param keep_daily: how many daily snapshots the retention keeps (see
        ``keep_monthly``). Default ``7``.
    :param keep_weekly: how many weekly snapshots it keeps. Default ``5``.
    :param keep_monthly: how many monthly snapshots it keeps, 0 to 1000 each
        of the three, at least one of them above 0. Default ``12``: with the
        others a week of days, a month of weeks, a year of months.
    :param cpu_request: the backup pods' CPU request (see ``memory_limit``).
    :param memory_request: their memory request (see ``memory_limit``).
    :param cpu_limit: their CPU limit (see ``memory_limit``).
    :param memory_limit: the backup pods' resources, all four. Defaults
        ``"100m"``, ``"512Mi"``, ``"1"``, ``"2Gi"``.
        Measured here: restic 0.14.0 backing up 100,000 small files in 1,000
        folders peaked at 118 MiB; the index of 1000 GiB of music (around a
        million blobs) adds an estimated few hundred MiB, and the limit
        leaves room above that.
    """

    secret_name: str | None = None
    schedule: str = "0 5 * * *"
    keep_daily: int = 7
    keep_weekly: int = 5
    keep_monthly: int = 12
    cpu_request: str = "100m"
    memory_request: str = "512Mi"
    cpu_limit: str = "1"
    memory_limit: str = "2Gi"

    _owner = "OffsiteBackup"

    def __post_init__(self) -> None:
        o = self._owner
        if self.secret_name is not None:
            v.dns_subdomain(f"{o} secret_name", self.secret_name)
        v.cron_schedule(f"{o} schedule", self.schedule)
        keeps = (self.keep_daily, self.keep_weekly, self.keep_monthly)
        for argument, value in zip(
            ("keep_daily", "keep_weekly", "keep_monthly"), keeps, strict=True
        ):
            v.integer(f"{o} {argument}", value, 0, KEEP_LIMIT, f"an integer from 0 to {KEEP_LIMIT}")
        if not any(keeps):
            raise v.fail(
                f"{o} keep_daily",
                0,
                "at least one of keep_daily, keep_weekly and keep_monthly above 0 "
                "(restic would forget every snapshot)",
            )
        v.resource_arguments(
            o,
            cpu_request=self.cpu_request,
            memory_request=self.memory_request,
            cpu_limit=self.cpu_limit,
            memory_limit=self.memory_limit,
        )

    @property
    def keep_arguments(self) -> list[str]:
        """``restic forget``'s keep options (a 0 is left out)."""
        out: list[str] = []
        for flag, value in (
            ("--keep-daily", self.keep_daily),
            ("--keep-weekly", self.keep_weekly),
            ("--keep-monthly", self.keep_monthly),
        ):
            if value:
                out += [flag, str(value)]
        return out


@dataclass(frozen=True, kw_only=True)
class ResticOptions(BackupOptions):
    """:meth:`OffsiteBackup.restic`'s options: CronJobs running the official restic image.

    Besides the fields of :class:`BackupOptions`:

    :param image: the restic image. Default :data:`RESTIC_IMAGE`.
    :param append_only: the repository refuses deletions (rest-server
        ``--append-only``, an object store with object lock): no prune
        CronJob, the retention runs on the storage side. Default ``False``.
    :param prune_schedule: when ``restic forget --prune`` applies the
        retention. Default ``"0 6 * * 0"`` (Sundays 06:00).
    :param check_schedule: when ``restic check`` reads back a 52nd of the
        repository's data (the group of the ISO week), so that in a year every
        pack is read once: a weekly schedule ``"M H * * D"``. Default
        ``"30 6 * * 3"`` (Wednesdays 06:30).
    :param limit_upload_kib: the upload limit in KiB/s (``--limit-upload``).
        Default none: as fast as the uplink goes.
    :param repository_port: the TCP port the repository listens on, the only
        one the backup pods may reach besides DNS (53). Default ``443``
        (an object store or rest-server over HTTPS); rest-server's own is 8000.
    :param repository_cidrs: the repository's addresses as CIDRs. Default
        ``("0.0.0.0/0", "::/0")``: any address on ``repository_port`` (an
        object store's addresses change); give the NAS's (``"192.168.0.20/32"``).
    :param restore_data: restore the server's data claim (and Navidrome's
        backup volume) from this snapshot: ``"latest"`` or a snapshot ID. The
        server is scaled to zero and the backups paused while a Job restores.
        Default none.
    :param restore_music: restore the music claim from this snapshot
        (``"latest"`` or an ID); the backups pause. Default none.
    :param restore_music_folder: restore only this folder of the music
        (``"Artist/Album"``, relative). Default none: everything.
    """

    image: str = RESTIC_IMAGE
    append_only: bool = False
    prune_schedule: str = "0 6 * * 0"
    check_schedule: str = "30 6 * * 3"
    limit_upload_kib: int | None = None
    repository_port: int = 443
    repository_cidrs: Sequence[str] = ("0.0.0.0/0", "::/0")
    restore_data: str | None = None
    restore_music: str | None = None
    restore_music_folder: str | None = None

    _owner = "OffsiteBackup.restic"

    def __post_init__(self) -> None:
        super().__post_init__()
        o = self._owner
        v.image(f"{o} image", self.image)
        if not isinstance(self.append_only, bool):
            raise v.fail(f"{o} append_only", self.append_only, "True or False")
        v.cron_schedule(f"{o} prune_schedule", self.prune_schedule)
        if not isinstance(self.check_schedule, str) or not _WEEKLY.match(self.check_schedule):
            raise v.fail(
                f"{o} check_schedule",
                self.check_schedule,
                "a weekly schedule 'M H * * D' such as '30 6 * * 3' (each run reads "
                "the week's 52nd of the data)",
            )
        if self.limit_upload_kib is not None:
            v.integer(
                f"{o} limit_upload_kib",
                self.limit_upload_kib,
                1,
                10**8,
                "an integer of KiB/s from 1 to 100000000, or None (no limit)",
            )
        v.port(f"{o} repository_port", self.repository_port)
        if isinstance(self.repository_cidrs, str):
            raise v.fail(f"{o} repository_cidrs", self.repository_cidrs, "a list of CIDRs")
        v.cidrs(f"{o} repository_cidrs", self.repository_cidrs)
        for argument in ("restore_data", "restore_music"):
            snapshot = getattr(self, argument)
            if snapshot is not None and (
                not isinstance(snapshot, str) or not _SNAPSHOT.match(snapshot)
            ):
                raise v.fail(
                    f"{o} {argument}",
                    snapshot,
                    "'latest' or a snapshot ID (8 to 64 lower-case hex digits, as restic "
                    "snapshots prints it)",
                )
        folder = self.restore_music_folder
        if folder is not None:
            if self.restore_music is None:
                raise v.fail(
                    f"{o} restore_music_folder",
                    folder,
                    "None unless restore_music names the snapshot to restore it from",
                )
            parts = folder.split("/") if isinstance(folder, str) else []
            if (
                not parts
                or folder.startswith("/")
                or any(part in ("", ".", "..") for part in parts)
                or any(c in folder for c in "\0\n\r")
            ):
                raise v.fail(
                    f"{o} restore_music_folder",
                    folder,
                    "a relative folder such as 'Pink Floyd/The Wall' (no '..', no empty part)",
                )

    @property
    def restoring(self) -> bool:
        """A restore is requested (the backups pause)."""
        return self.restore_data is not None or self.restore_music is not None


@dataclass(frozen=True, kw_only=True)
class VolSyncOptions(BackupOptions):
    """:meth:`OffsiteBackup.volsync`'s options: VolSync's restic mover.

    Besides the fields of :class:`BackupOptions`:

    :param prune_interval_days: VolSync's ``pruneIntervalDays``: how often
        its mover runs ``restic prune`` after a backup. 1 to 365. Default ``7``.
    :param cache_capacity: the size of the mover's cache claim. Default ``"2Gi"``.
    :param restore_data: restore the server's data claim (see ``restore_music``).
    :param restore_music: restore that claim with a
        ``ReplicationDestination`` (restic mover, copy method ``Direct``, into
        the claim itself): ``"latest"`` or a time (RFC 3339,
        ``"2026-11-01T04:00:00Z"``, VolSync's ``restoreAsOf``: the newest
        snapshot before it). The server is scaled to zero while the data is
        restored. Default none.

    VolSync always runs ``restic forget`` after a backup (``--keep-last 1``
    without a retention; ``generateForgetOptions`` in
    internal/controller/mover/restic/mover.go, v0.16.0), so an append-only
    repository needs :meth:`OffsiteBackup.restic`.
    """

    prune_interval_days: int = 7
    cache_capacity: str = "2Gi"
    restore_data: str | None = None
    restore_music: str | None = None

    _owner = "OffsiteBackup.volsync"

    def __post_init__(self) -> None:
        super().__post_init__()
        o = self._owner
        if not _volsync_schedule(self.schedule):
            raise v.fail(
                f"{o} schedule",
                self.schedule,
                "a schedule VolSync takes: five fields of numbers, ranges, steps and '*' "
                "(no names), or '@daily', '@weekly', '@monthly', '@hourly'",
            )
        v.integer(
            f"{o} prune_interval_days",
            self.prune_interval_days,
            1,
            365,
            "an integer from 1 to 365",
        )
        v.storage_size(f"{o} cache_capacity", self.cache_capacity)
        for argument in ("restore_data", "restore_music"):
            when = getattr(self, argument)
            if when is not None and (
                not isinstance(when, str) or (when != "latest" and not _RFC3339.match(when))
            ):
                raise v.fail(
                    f"{o} {argument}",
                    when,
                    "'latest' or an RFC 3339 time such as '2026-11-01T04:00:00Z'",
                )

    @property
    def restoring(self) -> bool:
        """A restore is requested."""
        return self.restore_data is not None or self.restore_music is not None


@dataclass(frozen=True)
class BackedUpClaim:
    """One claim the backups copy: its role, claim name and where the pods mount it."""

    role: str
    """``music``, ``data`` or ``db-copies`` (Navidrome's backup volume)."""
    claim: StorageClaim
    """The library's claim object (its placement rule follows it)."""
    excludes: tuple[str, ...] = ()
    """Paths below the claim restic leaves out (the live database, caches)."""

    @property
    def claim_name(self) -> str:
        """The PersistentVolumeClaim's name."""
        return self.claim.claim_name

    @property
    def mount_path(self) -> str:
        return f"{ROOT}/{self.role}"


def load_secret_script() -> str:
    """The shell lines that export each key of the mounted Secret as a variable.

    The Secret is a volume, never environment in the manifest: each key is a
    file whose name is the variable restic reads.
    """
    return f'for f in {SECRET_DIR}/*; do n="${{f##*/}}"; export "$n=$(cat "$f")"; done\n'


def _literal_pattern(path: str) -> str:
    """``path`` as a restic pattern matching itself (Go's filepath.Match escapes)."""
    return re.sub(r"([\[\]*?\\])", r"\\\1", path)


def _q(words: Sequence[str]) -> str:
    return " ".join(shlex.quote(w) for w in words)


class ResticBackups(Construct):
    """The CronJobs, NetworkPolicy and restore Jobs of :meth:`OffsiteBackup.restic`.

    For each claim (the music, read-only; the server's data; Navidrome's
    backup volume when it has one) a CronJob ``<name>-backup-<role>`` runs,
    as ``puid``:``pgid``, ``restic backup`` of the claim's folder with the
    stable host ``<name>`` and the tags ``homemusic`` and the claim's name.
    ``<name>-backup-prune`` applies the retention with ``restic forget
    --prune`` (not when ``append_only``), ``<name>-backup-check`` reads back a
    52nd of the data each week. Each run first initialises the repository if
    it has none, and removes stale locks (``restic unlock`` removes only locks
    whose process is gone or older than 30 minutes: restic's doc/design.rst,
    v0.19.1).

    A first upload of a large library takes days: no deadline ends a Job, a
    CronJob never starts a second run beside a running one (``Forbid``), and
    an interrupted run resumes from restic's last index (doc/faq.rst, v0.19.1).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        options: ResticOptions,
        name: str,
        claims: Sequence[BackedUpClaim],
        storage: MusicStorage,
        puid: int,
        pgid: int,
        timezone: str,
        server_deployment: cdk8s.ApiObject | None,
        caller: str,
    ) -> None:
        super().__init__(scope, id)
        o = options
        self.options = o
        self.name = name
        self.storage = storage
        """Where the claims live: each pod follows their placement rule."""
        self.timezone = timezone
        """The CronJobs' ``timeZone``: the stack's, so schedules read as the server's."""
        self.host = name
        """restic's ``--host`` for every snapshot: the stack's name."""
        self.claims = tuple(claims)
        self.puid, self.pgid = puid, pgid
        self.secret_name = o.secret_name or f"{name}-backup"
        """The Secret the pods mount (made by the owner, never in ``dist/``)."""
        waivers: dict[str, str] = image_waivers({}, o.image)
        if puid < HIGH_UID:
            waivers["CKV_K8S_40"] = BACKUP_LOW_UID_WAIVER
        self.checkov_waivers = waivers
        """The checkov checks waived on the CronJobs and Jobs (none by default)."""
        self.component = "offsite-backup"
        self.pod_labels = labels(self.component, name)
        """The labels of every backup and restore pod (``app.kubernetes.io/instance``: ``name``)."""
        self.backup_jobs: dict[str, cdk8s.ApiObject] = {}
        """The backup CronJobs by role (``music``, ``data``, ``db-copies``)."""
        for claim in self.claims:
            self.backup_jobs[claim.role] = self._cron(
                f"backup-{claim.role}", o.schedule, self.backup_command(claim), [claim]
            )
        self.prune_job = (
            None
            if o.append_only
            else self._cron("backup-prune", o.prune_schedule, self.prune_command(), [])
        )
        """The retention CronJob, or ``None`` for an append-only repository."""
        self.check_job = self._cron("backup-check", o.check_schedule, self.check_command(), [])
        self.network_policy = self._network_policy()
        self.restore_jobs: dict[str, cdk8s.ApiObject] = {}
        """The restore Jobs by role, when a restore is requested."""
        if o.restore_data is not None:
            data = [c for c in self.claims if c.role != "music"]
            self.restore_jobs["data"] = self._restore_job(
                "data", o.restore_data, data, None, wait=server_deployment is not None
            )
            if server_deployment is not None:
                server_deployment.add_json_patch(cdk8s.JsonPatch.replace("/spec/replicas", 0))
        if o.restore_music is not None:
            music = [c for c in self.claims if c.role == "music"]
            self.restore_jobs["music"] = self._restore_job(
                "music", o.restore_music, music, o.restore_music_folder, wait=False
            )

    # -- the commands ------------------------------------------------------

    def _restic(self, *words: str) -> str:
        return _q(["restic", *words])

    def _prelude(self, *, creates: bool = False) -> str:
        """Secrets exported, the repository there (made by the music backup only), stale locks gone.

        Only one CronJob creates the repository: the backups start in the same
        minute, and two ``restic init`` on an empty repository would each write
        a key and a config, one of which the other's key cannot read. The
        others fail while it does not exist yet, and their Job retries
        (``OnFailure``, ``backoffLimit``). ``restic init`` refuses a
        repository that has a config already, so it never replaces one.
        """
        make = " || restic init" if creates else ""
        return (
            "set -eu\n"
            + load_secret_script()
            + f"restic cat config >/dev/null{make}\n"
            + "restic unlock\n"
        )

    def backup_command(self, claim: BackedUpClaim) -> list[str]:
        """The container command of a claim's backup CronJob (``sh -c``)."""
        limit = (
            ["--limit-upload", str(self.options.limit_upload_kib)]
            if self.options.limit_upload_kib is not None
            else []
        )
        excludes = " ".join(
            f'--exclude "$PWD"/{shlex.quote(e)}' for e in ("lost+found", *claim.excludes)
        )
        # `cd <claim>` and `backup .`: the snapshot holds the claim's files at
        # its root, so `restore --target .` in the claim puts them back where
        # they were. VolSync's mover does the same (mover-restic/entry.sh,
        # v0.16.0, with restic 0.18.1); the live tests show it with Debian's
        # restic. Excludes are anchored at the claim ("$PWD"/name).
        backup = self._restic(
            "backup", "--host", self.host, "--tag", BACKUP_TAG, "--tag", claim.claim_name, *limit
        )
        script = (
            self._prelude(creates=claim.role == "music")
            + f"cd {shlex.quote(claim.mount_path)}\n"
            + f"{backup} {excludes} .\n"
        )
        return ["/bin/sh", "-c", script]

    def prune_command(self) -> list[str]:
        """``restic forget --prune`` of this stack's snapshots, per claim (host and tags)."""
        forget = self._restic(
            "forget",
            "--host",
            self.host,
            "--group-by",
            "host,tags",
            *self.options.keep_arguments,
            "--prune",
        )
        return ["/bin/sh", "-c", self._prelude() + forget + "\n"]

    def check_command(self) -> list[str]:
        """``restic check`` of the group of packs of this ISO week (of 52)."""
        script = (
            self._prelude()
            + 'week=$(date +%V); week="${week#0}"\n'
            + 'restic check --read-data-subset="$(( (week - 1) % 52 + 1 ))/52"\n'
        )
        return ["/bin/sh", "-c", script]

    def restore_command(
        self, snapshot: str, claims: Sequence[BackedUpClaim], folder: str | None
    ) -> list[str]:
        """Restore each claim from ``snapshot`` (or its latest) into its folder."""
        lines = ["set -eu", load_secret_script().rstrip("\n")]
        for claim in claims:
            if snapshot == "latest":
                which = ["latest", "--host", self.host, "--tag", f"{BACKUP_TAG},{claim.claim_name}"]
            else:
                which = [snapshot]
            # restic reads --include as a pattern: a folder's [ ] * ? \ are literal.
            include = ["--include", "/" + _literal_pattern(folder)] if folder else []
            lines.append(f"cd {shlex.quote(claim.mount_path)}")
            lines.append(self._restic("restore", *which, "--target", ".", *include))
        return ["/bin/sh", "-c", "\n".join(lines) + "\n"]

    # -- the objects -------------------------------------------------------

    def _env(self) -> list[Json]:
        return [
            {"name": "RESTIC_CACHE_DIR", "value": CACHE_DIR},
            {"name": "TMPDIR", "value": TMP_DIR},
            {"name": "HOME", "value": TMP_DIR},
        ]

    def _pod_spec(
        self, command: list[str], claims: Sequence[BackedUpClaim], *, read_only: bool
    ) -> Json:
        mounts: list[Json] = [
            {"name": "secret", "mountPath": SECRET_DIR, "readOnly": True},
            {"name": "cache", "mountPath": CACHE_DIR},
            {"name": "tmp", "mountPath": TMP_DIR},
        ]
        volumes: list[Json] = [
            {
                "name": "secret",
                # Secret files belong to root; restic, the only process of
                # the only container mounting them, reads them as puid.
                # (fsGroup would hand the group to the claims as well.)
                "secret": {"secretName": self.secret_name, "defaultMode": 0o444, "optional": False},
            },
            {"name": "cache", "emptyDir": {"sizeLimit": "10Gi"}},
            {"name": "tmp", "emptyDir": {"sizeLimit": "2Gi"}},
        ]
        for claim in claims:
            mounts.append(
                {"name": claim.role, "mountPath": claim.mount_path, "readOnly": read_only}
            )
            volumes.append(claim_volume(claim.role, claim.claim_name, read_only=read_only))
        o = self.options
        spec: Json = {
            **job_pod_spec(uid=self.puid, gid=self.pgid, restart_policy="OnFailure"),
            "containers": [
                {
                    "name": "restic",
                    "image": o.image,
                    "imagePullPolicy": pull_policy(o.image),
                    "command": command,
                    "env": self._env(),
                    "resources": resources_of(o),
                    "securityContext": non_root_security_context(self.puid, self.pgid),
                    "volumeMounts": mounts,
                }
            ],
            "volumes": volumes,
        }
        return self._placement(claims).pod_spec(spec)

    def _placement(self, claims: Sequence[BackedUpClaim]) -> Placement:
        """Where a pod mounting ``claims`` runs: beside the other pods of a ReadWriteOnce claim.

        :meth:`MusicStorage.placement`'s rule, as for Samba and the server.
        """
        return self.storage.placement(*(c.claim for c in claims))

    def _cron(
        self, suffix: str, schedule: str, command: list[str], claims: Sequence[BackedUpClaim]
    ) -> cdk8s.ApiObject:
        cron_name = f"{self.name}-{suffix}"
        job_labels = labels(self.component, cron_name)
        return api_object(
            self,
            suffix,
            api_version="batch/v1",
            kind="CronJob",
            name=cron_name,
            object_labels=job_labels,
            annotations=checkov_annotations(self.checkov_waivers),
            spec={
                "schedule": schedule,
                # The stack's time zone, as Navidrome's own backup schedule reads
                # TZ: "after its 04:00 copy" means the same hour (CronJob
                # timeZone, GA in Kubernetes 1.27).
                "timeZone": self.timezone,
                "suspend": self.options.restoring,
                "concurrencyPolicy": "Forbid",
                "startingDeadlineSeconds": 3600,
                "successfulJobsHistoryLimit": 1,
                "failedJobsHistoryLimit": 3,
                "jobTemplate": {
                    "spec": {
                        # No activeDeadlineSeconds: a first upload takes days.
                        "backoffLimit": 6,
                        "template": {
                            "metadata": {
                                "labels": self._placement(claims).pod_labels(self.pod_labels)
                            },
                            "spec": self._pod_spec(command, claims, read_only=True),
                        },
                    }
                },
            },
        )

    def _restore_job(
        self,
        what: str,
        snapshot: str,
        claims: Sequence[BackedUpClaim],
        folder: str | None,
        *,
        wait: bool,
    ) -> cdk8s.ApiObject:
        digest = zlib.crc32(f"{snapshot}/{folder or ''}".encode())
        job_name = f"{self.name}-restore-{what}-{digest:08x}"
        # Its own component label: `kubectl wait -l app.kubernetes.io/component=restore`
        # must not also wait for the failed Jobs the backup CronJobs keep.
        job_labels = {**labels(self.component, job_name), "app.kubernetes.io/component": "restore"}
        pod = self._pod_spec(
            self.restore_command(snapshot, claims, folder), claims, read_only=False
        )
        if wait:
            # The server's pod is killed at most 30 s after its Deployment
            # goes to zero (terminationGracePeriodSeconds): wait twice that.
            pod["initContainers"] = [
                {
                    "name": "wait-for-the-server-to-stop",
                    "image": self.options.image,
                    "imagePullPolicy": pull_policy(self.options.image),
                    "command": ["sleep", "60"],
                    "resources": resources(
                        cpu_request="10m",
                        memory_request="16Mi",
                        cpu_limit="100m",
                        memory_limit="32Mi",
                    ),
                    "securityContext": non_root_security_context(self.puid, self.pgid),
                }
            ]
        return api_object(
            self,
            f"restore-{what}",
            api_version="batch/v1",
            kind="Job",
            name=job_name,
            object_labels=job_labels,
            annotations=checkov_annotations(self.checkov_waivers),
            spec={
                "backoffLimit": 6,
                "template": {
                    "metadata": {"labels": self._placement(claims).pod_labels(self.pod_labels)},
                    "spec": pod,
                },
            },
        )

    def _network_policy(self) -> cdk8s.ApiObject:
        o = self.options
        return api_object(
            self,
            "egress",
            api_version="networking.k8s.io/v1",
            kind="NetworkPolicy",
            name=f"{self.name}-backup-egress",
            object_labels=self.pod_labels,
            spec={
                # This stack's backup pods only (another stack's have its name).
                "podSelector": {"matchLabels": selector(self.component, self.name)},
                "policyTypes": ["Egress", "Ingress"],
                "egress": [
                    {
                        "ports": [
                            {"port": 53, "protocol": "UDP"},
                            {"port": 53, "protocol": "TCP"},
                        ]
                    },
                    {
                        "to": [{"ipBlock": {"cidr": c}} for c in o.repository_cidrs],
                        "ports": [{"port": o.repository_port, "protocol": "TCP"}],
                    },
                ],
                "ingress": [],
            },
        )


class VolSyncBackups(Construct):
    """The ``ReplicationSource`` objects (and restores) of :meth:`OffsiteBackup.volsync`.

    One ``ReplicationSource`` per claim, named ``<name>-<role>``, with the
    restic mover, copy method ``Direct`` (the claim itself is read: local
    volumes have no snapshots), the retention and the mover running as
    ``puid``:``pgid``. Each reads the Secret ``<secret_name>-<role>``: VolSync
    backs up with the host ``volsync`` and forgets by host, so each claim
    needs a repository of its own. A restore is a ``ReplicationDestination``
    into the claim, triggered once.

    ``storage`` is not needed for placement: VolSync schedules a mover beside
    the running pod that uses a ReadWriteOnce claim (``AffinityFromVolume`` in
    its ``internal/controller/utils/affinity.go``, read in the stored snapshot
    of backube/volsync).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        options: VolSyncOptions,
        name: str,
        claims: Sequence[BackedUpClaim],
        storage: MusicStorage,
        puid: int,
        pgid: int,
        timezone: str,
        server_deployment: cdk8s.ApiObject | None,
        caller: str,
    ) -> None:
        super().__init__(scope, id)
        # VolSync places its movers itself (above), and its trigger schedule has
        # no time zone: it runs in its controller's (UTC unless set there).
        del storage, timezone
        o = options
        self.options = o
        self.name = name
        self.claims = tuple(claims)
        base = o.secret_name or f"{name}-backup"
        self.secret_names = {c.role: f"{base}-{c.role}" for c in self.claims}
        """The Secret each claim's mover reads, by role."""
        self.pod_labels = labels("offsite-backup", name)
        mover = {
            "moverSecurityContext": {
                "runAsNonRoot": True,
                "runAsUser": puid,
                "runAsGroup": pgid,
                # VolSync's mover writes its new cache claim as this group. On
                # the claims it reads, the kubelet (OnRootMismatch) gives every
                # file this group with group read-write, and folders setgid,
                # unless the claim's root already has them (docs: VolSync).
                "fsGroup": pgid,
                "fsGroupChangePolicy": "OnRootMismatch",
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "moverResources": resources_of(o),
            "cacheCapacity": o.cache_capacity,
            "copyMethod": "Direct",
        }
        self.sources: dict[str, cdk8s.ApiObject] = {}
        """The ReplicationSources by role."""
        for claim in self.claims:
            self.sources[claim.role] = api_object(
                self,
                f"source-{claim.role}",
                api_version="volsync.backube/v1alpha1",
                kind="ReplicationSource",
                name=f"{name}-{claim.role}",
                object_labels=self.pod_labels,
                spec={
                    "sourcePVC": claim.claim_name,
                    "trigger": {"schedule": o.schedule},
                    "paused": o.restoring,
                    "restic": {
                        **mover,
                        "repository": self.secret_names[claim.role],
                        "pruneIntervalDays": o.prune_interval_days,
                        "retain": {
                            k: val
                            for k, val in (
                                ("daily", o.keep_daily),
                                ("weekly", o.keep_weekly),
                                ("monthly", o.keep_monthly),
                            )
                            if val
                        },
                    },
                },
            )
        self.destinations: dict[str, cdk8s.ApiObject] = {}
        """The ReplicationDestinations by role, when a restore is requested."""
        for what, when in (("data", o.restore_data), ("music", o.restore_music)):
            if when is None:
                continue
            for claim in self.claims:
                if (claim.role == "music") != (what == "music"):
                    continue
                restic: Json = {**mover, "repository": self.secret_names[claim.role]}
                if when != "latest":
                    restic["restoreAsOf"] = when
                self.destinations[claim.role] = api_object(
                    self,
                    f"restore-{claim.role}",
                    api_version="volsync.backube/v1alpha1",
                    kind="ReplicationDestination",
                    name=f"{name}-restore-{claim.role}",
                    object_labels=self.pod_labels,
                    spec={
                        "trigger": {"manual": f"restore-{zlib.crc32(when.encode()):08x}"},
                        "restic": {**restic, "destinationPVC": claim.claim_name},
                    },
                )
            if what == "data" and server_deployment is not None:
                server_deployment.add_json_patch(cdk8s.JsonPatch.replace("/spec/replicas", 0))


OffsiteBackups = ResticBackups | VolSyncBackups
"""What an :class:`OffsiteBackup` builds."""

_SHAPES: dict[str, tuple[type[ResticBackups] | type[VolSyncBackups], type[Any]]] = {
    "restic": (ResticBackups, ResticOptions),
    "volsync": (VolSyncBackups, VolSyncOptions),
}


@dataclass(frozen=True)
class OffsiteBackup:
    """Where a :class:`HomeMusicStack`'s backups go. Build it with a factory.

    - :meth:`restic`: CronJobs with the official restic image (no operator;
      works on a bare microk8s), to any restic repository;
    - :meth:`volsync`: VolSync's ``ReplicationSource`` (restic mover), for
      clusters that run VolSync.

    Each factory takes its own options (:class:`ResticOptions`,
    :class:`VolSyncOptions`, both with the fields of :class:`BackupOptions`)
    and checks them at once. The stack supplies the claims, ``name`` and
    ``puid``/``pgid``.
    """

    kind: str
    options: ResticOptions | VolSyncOptions

    @staticmethod
    @signature_of(ResticOptions)
    def restic(**options: Any) -> OffsiteBackup:
        """restic CronJobs: the options of :class:`ResticOptions`; see :class:`ResticBackups`."""
        return OffsiteBackup._made("restic", options)

    @staticmethod
    @signature_of(VolSyncOptions)
    def volsync(**options: Any) -> OffsiteBackup:
        """VolSync's restic mover: :class:`VolSyncOptions`; see :class:`VolSyncBackups`."""
        return OffsiteBackup._made("volsync", options)

    @staticmethod
    def _made(kind: str, options: Mapping[str, Any]) -> OffsiteBackup:
        _, options_type = _SHAPES[kind]
        fields = {f.name for f in dataclasses.fields(options_type)}
        for key in options:
            if key not in fields:
                raise v.fail(f"OffsiteBackup.{kind}", key, f"one of its options {sorted(fields)}")
        return OffsiteBackup(kind, options_type(**options))

    def build(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        claims: Sequence[BackedUpClaim],
        storage: MusicStorage,
        puid: int,
        pgid: int,
        timezone: str,
        server_deployment: cdk8s.ApiObject | None,
        caller: str,
    ) -> OffsiteBackups:
        """The backups' construct for ``claims``."""
        construct, _ = _SHAPES[self.kind]
        return construct(
            scope,
            id,
            options=self.options,  # type: ignore[arg-type]
            name=name,
            claims=claims,
            storage=storage,
            puid=puid,
            pgid=pgid,
            timezone=timezone,
            server_deployment=server_deployment,
            caller=caller,
        )
