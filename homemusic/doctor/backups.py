"""The doctor's ``backups`` group: are the off-node backups running, and if not, why.

For the restic CronJobs of :class:`~homemusic.OffsiteBackup.restic` (their
``app.kubernetes.io/name`` is ``offsite-backup``): the CronJob's
``status.lastSuccessfulTime`` against its schedule (older than twice the
longest gap between two runs is stale), the last Job's failure and the last
lines of its pod's log (a failed run of an ``OnFailure`` pod is the previous
run of its restarted container), read for the two causes an owner can fix: a
repository that refuses the password, and one that cannot be reached. For
VolSync's ``ReplicationSource`` objects: ``status.lastSyncTime``, the
``Synchronizing`` condition and ``latestMoverStatus`` (their names as in
backube/volsync v0.16.0, api/v1alpha1/common_types.go and
replicationsource_types.go). Nothing printed ever holds a Secret's value: log
lines pass through :func:`redact`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ._shared import OK, PROBLEM, SKIPPED, WARNING, Expected, Finding
from .cluster import Cluster, Obj

GROUP = "backups"
COMPONENT = "offsite-backup"
VOLSYNC = "volsync.backube/v1alpha1"

# restic's messages (v0.19.1: internal/repository/key.go "wrong password or no
# key found"; internal/global/global.go "unable to open config file"); Go's
# network errors.
_WRONG_PASSWORD = re.compile(r"wrong password or no key found", re.IGNORECASE)
_UNREACHABLE = re.compile(
    r"connection refused|no such host|i/o timeout|network is unreachable|"
    r"no route to host|context deadline exceeded|TLS handshake timeout|"
    r"certificate signed by unknown authority",
    re.IGNORECASE,
)
_LOCKED = re.compile(r"repository is already locked", re.IGNORECASE)
_CREDENTIALS_IN_URL = re.compile(r"(://)[^/\s:@]+:[^/\s@]+@")
_DESCRIPTORS = {
    "@yearly": timedelta(days=366),
    "@annually": timedelta(days=366),
    "@monthly": timedelta(days=31),
    "@weekly": timedelta(days=7),
    "@daily": timedelta(days=1),
    "@midnight": timedelta(days=1),
    "@hourly": timedelta(hours=1),
}


def redact(text: str) -> str:
    """``text`` without credentials in URLs (``rest:https://user:pass@host`` -> ``***@``)."""
    return _CREDENTIALS_IN_URL.sub(r"\1***@", text)


def schedule_period(schedule: str) -> timedelta:
    """The longest gap between two runs of a cron schedule, at most (a safe over-estimate).

    Five fields: a fixed month day or month means a month or a year; a fixed
    day of the week a week; a fixed hour a day; else an hour.
    """
    if schedule in _DESCRIPTORS:
        return _DESCRIPTORS[schedule]
    fields = schedule.split()
    if len(fields) != 5:
        return timedelta(days=1)
    _minute, hour, day, month, weekday = fields
    if month != "*":
        return timedelta(days=366)
    if day != "*":
        return timedelta(days=31)
    if weekday != "*":
        return timedelta(days=7)
    if hour != "*":
        return timedelta(days=1)
    return timedelta(hours=1)


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _age(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} days" if hours >= 48 else f"{hours} hours"


def _claims(pod_spec: Obj) -> list[str]:
    return [
        v["persistentVolumeClaim"]["claimName"]
        for v in pod_spec.get("volumes", [])
        if "persistentVolumeClaim" in v
    ]


def _secret_of(pod_spec: Obj) -> str | None:
    return next(
        (v["secret"]["secretName"] for v in pod_spec.get("volumes", []) if "secret" in v), None
    )


def diagnose_log(log: str | None, secret: str, namespace: str) -> tuple[str, str] | None:
    """(what the log says, the fix) for the causes the owner can fix, or None."""
    if not log:
        return None
    create = f"homemusic backup-secret --namespace {namespace} --secret-name {secret}"
    if _WRONG_PASSWORD.search(log):
        return (
            "the repository refuses the password",
            f"RESTIC_PASSWORD in the Secret {secret} is not this repository's: recreate the "
            f"Secret with the repository's password (kubectl -n {namespace} delete secret "
            f"{secret}; {create} | kubectl create -f -)",
        )
    if _UNREACHABLE.search(log):
        return (
            "the repository cannot be reached",
            f"check RESTIC_REPOSITORY in the Secret {secret}, that the repository's server "
            "runs, and that repository_cidrs and repository_port of OffsiteBackup.restic "
            "let the backup pods reach it (the NetworkPolicy allows nothing else)",
        )
    if _LOCKED.search(log):
        return (
            "the repository is locked by another run",
            "wait for the other run (a first upload takes days); a lock of a run that died "
            "is removed at the next run once it is 30 minutes old",
        )
    return None


def _tail(log: str | None) -> str:
    if not log:
        return ""
    lines = [redact(line.strip()) for line in log.strip().splitlines()[-3:]]
    return "; its last lines: " + " | ".join(lines)


def _last_job(cron: Obj, cluster: Cluster) -> Obj | None:
    name, namespace = cron["metadata"]["name"], cron["metadata"].get("namespace")
    jobs = [
        j
        for j in cluster.of("Job")
        if j["metadata"].get("namespace") == namespace
        and any(
            r.get("kind") == "CronJob" and r.get("name") == name
            for r in j["metadata"].get("ownerReferences", [])
        )
    ]
    jobs.sort(key=lambda j: j["metadata"].get("creationTimestamp", ""))
    return jobs[-1] if jobs else None


def _failed(job: Obj) -> Obj | None:
    conditions: list[Obj] = job.get("status", {}).get("conditions", [])
    return next(
        (c for c in conditions if c.get("type") == "Failed" and c.get("status") == "True"), None
    )


def _job_log(job: Obj, cluster: Cluster) -> str | None:
    name, namespace = job["metadata"]["name"], job["metadata"].get("namespace", "")
    pods = [
        p
        for p in cluster.of("Pod")
        if p["metadata"].get("namespace") == namespace
        and p["metadata"].get("labels", {}).get("job-name") == name
    ]
    pods.sort(key=lambda p: p["metadata"].get("creationTimestamp", ""))
    for pod in reversed(pods):
        log = cluster.previous_log(namespace, pod["metadata"]["name"], "restic")
        if log:
            return log
    return None


def _cron_findings(cron: Obj, expected_cron: Obj, cluster: Cluster, now: datetime) -> list[Finding]:
    name = cron["metadata"]["name"]
    namespace = cron["metadata"].get("namespace", "")
    pod_spec = expected_cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    claims = _claims(pod_spec)
    what = f"backup of {', '.join(claims)}" if claims else name.rsplit("-", 1)[-1]
    label = f"{name} ({what})"
    if cron.get("spec", {}).get("suspend"):
        return [
            Finding(
                GROUP,
                WARNING,
                f"{label} is suspended (a restore is requested)",
                "remove restore_data/restore_music once the restore Job has succeeded",
            )
        ]
    period = schedule_period(cron["spec"]["schedule"])
    last_ok = _time(cron.get("status", {}).get("lastSuccessfulTime"))
    created = _time(cron["metadata"].get("creationTimestamp"))
    findings: list[Finding] = []
    job = _last_job(cron, cluster)
    failure = _failed(job) if job is not None else None
    secret = _secret_of(pod_spec) or "?"
    logs = f"kubectl -n {namespace} logs job/{job['metadata']['name']}" if job else ""
    if failure is not None and job is not None:
        log = _job_log(job, cluster)
        cause = diagnose_log(log, secret, namespace)
        seen = (
            f"{label}: its last run {job['metadata']['name']} failed ({failure.get('reason', '?')})"
        )
        if cause is not None:
            seen += f": {cause[0]}"
        findings.append(
            Finding(GROUP, PROBLEM, seen + _tail(log), cause[1] if cause else f"read {logs}")
        )
    stale_after = 2 * period
    running = cron.get("status", {}).get("active") or []
    started = _time(cron.get("status", {}).get("lastScheduleTime"))
    if running and not findings and (last_ok is None or now - last_ok > stale_after):
        since = f" for {_age(now - started)}" if started else ""
        findings.append(
            Finding(
                GROUP,
                WARNING,
                f"{label}: a run is still going{since}, "
                + (
                    "none has finished yet"
                    if last_ok is None
                    else f"the last success was {_age(now - last_ok)} ago"
                ),
                "nothing to do while it uploads (a first upload of a large library takes "
                f"days); follow it with kubectl -n {namespace} logs -f job/"
                f"{running[-1].get('name', '<job>')}",
            )
        )
        return findings
    if last_ok is None:
        if created is not None and now - created > stale_after:
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"{label} has never succeeded in {_age(now - created)} "
                    f"(it runs {cron['spec']['schedule']!r})",
                    f"read {logs}" if logs else f"kubectl -n {namespace} get jobs",
                )
            )
        elif not findings:
            findings.append(
                Finding(GROUP, OK, f"{label}: no run has finished yet (a first upload takes days)")
            )
    elif now - last_ok > stale_after:
        findings.append(
            Finding(
                GROUP,
                PROBLEM,
                f"{label}: the last success was {_age(now - last_ok)} ago, more than twice "
                f"its schedule {cron['spec']['schedule']!r} allows",
                f"read {logs}" if logs else f"kubectl -n {namespace} get jobs",
            )
        )
    elif not findings:
        findings.append(Finding(GROUP, OK, f"{label}: last success {_age(now - last_ok)} ago"))
    return findings


def _volsync_findings(source: Obj, expected_source: Obj, now: datetime) -> list[Finding]:
    name = source["metadata"]["name"]
    spec = expected_source.get("spec", {})
    label = f"ReplicationSource {name} (backup of {spec.get('sourcePVC', '?')})"
    status = source.get("status", {})
    mover = status.get("latestMoverStatus") or {}
    findings: list[Finding] = []
    namespace = source["metadata"].get("namespace", "")
    secret = spec.get("restic", {}).get("repository", "?")
    conditions: list[Obj] = status.get("conditions", [])
    sync: Obj = next((c for c in conditions if c.get("type") == "Synchronizing"), {})
    if mover.get("result") == "Failed" or sync.get("reason") == "Error":
        log = mover.get("logs")
        cause = diagnose_log(log, secret, namespace)
        seen = f"{label}: its last run failed"
        if sync.get("message"):
            seen += f" ({redact(sync['message'])})"
        if cause:
            seen += f": {cause[0]}"
        findings.append(
            Finding(
                GROUP,
                PROBLEM,
                seen + _tail(log),
                cause[1] if cause else f"kubectl -n {namespace} describe replicationsource {name}",
            )
        )
    schedule = spec.get("trigger", {}).get("schedule")
    last = _time(status.get("lastSyncTime"))
    created = _time(source["metadata"].get("creationTimestamp"))
    if schedule and not spec.get("paused"):
        stale_after = 2 * schedule_period(schedule)
        reference = last or created
        if reference is not None and now - reference > stale_after:
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"{label}: "
                    + (
                        f"the last sync was {_age(now - last)} ago"
                        if last
                        else f"no sync in {_age(now - reference)}"
                    )
                    + f", more than twice its schedule {schedule!r} allows",
                    f"kubectl -n {namespace} describe replicationsource {name}",
                )
            )
    if not findings:
        seen = f"{label}: last sync {_age(now - last)} ago" if last else f"{label}: no sync yet"
        findings.append(Finding(GROUP, OK, seen))
    return findings


def check_backups(
    expected: Expected, cluster: Cluster, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> list[Finding]:
    """The ``backups`` group's findings (none when the stack has no off-node backups)."""
    at = now()
    crons = [
        c
        for c in expected.of("CronJob")
        if c["metadata"].get("labels", {}).get("app.kubernetes.io/name") == COMPONENT
    ]
    sources = [o for o in expected.of("ReplicationSource") if o["apiVersion"] == VOLSYNC]
    findings: list[Finding] = []
    secrets_read = "Secret" not in cluster.unreadable
    wanted_secrets: set[tuple[str, str]] = set()
    for cron in crons:
        namespace = cron["metadata"].get("namespace", "")
        pod_spec = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        secret = _secret_of(pod_spec)
        if secret:
            wanted_secrets.add((namespace, secret))
        if "CronJob" in cluster.unreadable:
            continue
        live = cluster.get("CronJob", cron["metadata"]["name"], cron["metadata"].get("namespace"))
        if live is not None:
            findings += _cron_findings(live, cron, cluster, at)
    for source in sources:
        namespace = source["metadata"].get("namespace", "")
        wanted_secrets.add((namespace, source["spec"]["restic"]["repository"]))
    if sources and not cluster.serves(VOLSYNC):
        findings.append(
            Finding(
                GROUP,
                PROBLEM,
                "VolSync is not installed (the API volsync.backube/v1alpha1 is not served): "
                "nothing backs up",
                "install VolSync (its Helm chart), or use OffsiteBackup.restic(...)",
            )
        )
    else:
        for source in sources:
            live = cluster.get(
                "ReplicationSource", source["metadata"]["name"], source["metadata"].get("namespace")
            )
            if live is not None:
                findings += _volsync_findings(live, source, at)
    for namespace, secret in sorted(wanted_secrets):
        if not secrets_read:
            findings.append(
                Finding(GROUP, SKIPPED, f"could not read Secrets: {namespace}/{secret} not checked")
            )
        elif cluster.get("Secret", secret, namespace) is None:
            findings.append(
                Finding(
                    GROUP,
                    PROBLEM,
                    f"the repository Secret {namespace}/{secret} does not exist: "
                    "no backup can start",
                    f"homemusic backup-secret --namespace {namespace} --secret-name {secret} "
                    "| kubectl create -f -",
                )
            )
        else:
            live_secret = cluster.get("Secret", secret, namespace) or {}
            keys = set(live_secret.get("data") or {})
            missing = [k for k in ("RESTIC_REPOSITORY", "RESTIC_PASSWORD") if k not in keys]
            if missing:
                findings.append(
                    Finding(
                        GROUP,
                        PROBLEM,
                        f"the repository Secret {namespace}/{secret} has no {' or '.join(missing)}",
                        f"recreate it with homemusic backup-secret --namespace {namespace} "
                        f"--secret-name {secret}",
                    )
                )
    return findings
