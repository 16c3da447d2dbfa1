"""The doctor's ``backups`` group against constructed states (tests/fixtures/backup-states).

The states are constructed, not recorded (see their README); what each test
expects is written from the README's one line per state: the cause, the
object, and the fix, never a secret's value.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import homemusic
from homemusic import HomeMusicChart, MusicServer, OffsiteBackup
from homemusic.doctor.backups import check_backups, redact, schedule_period
from homemusic.doctor.checks import Expected, Finding, diagnose
from homemusic.doctor.cluster import Cluster, Obj

import cdk8s
import pytest

from tests.support import ROOT, blog_stack_args

STATES = ROOT / "tests" / "fixtures" / "backup-states"
NOW = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)


def restic_dist() -> list[Obj]:
    import examples.backed_up

    app = cdk8s.App()
    chart = examples.backed_up.build(app)
    homemusic.render(app)
    return list(chart.to_json())


def volsync_dist() -> list[Obj]:
    app = cdk8s.App()
    chart = HomeMusicChart(
        app,
        "v",
        **blog_stack_args(
            namespace="music",
            music_server=MusicServer.navidrome(backup_schedule="0 4 * * *"),
            backup=OffsiteBackup.volsync(),
        ),
    )
    homemusic.render(app)
    return list(chart.to_json())


def state(name: str) -> Cluster:
    folder = STATES / name
    cluster = Cluster.from_recording(folder)
    logs = json.loads((folder / "logs.json").read_text())

    def previous_log(namespace: str, pod: str, container: str) -> str | None:
        text: str | None = logs.get(f"{namespace}/{pod}/{container}")
        return text

    cluster.previous_log = previous_log
    return cluster


def findings(name: str, dist: list[Obj] | None = None) -> list[Finding]:
    expected = Expected(restic_dist() if dist is None else dist)
    return check_backups(expected, state(name), now=lambda: NOW)


def marks(found: list[Finding], mark: str) -> list[Finding]:
    return [f for f in found if f.mark == mark]


def test_healthy_restic_backups_are_ok() -> None:
    found = findings("restic-healthy")
    assert marks(found, "problem") == []
    seen = " ".join(f.seen for f in found)
    assert "homemusic-backup-music (backup of homemusic-music): last success 2 hours ago" in seen
    assert "homemusic-backup-data (backup of homemusic-config): last success 6 hours ago" in seen
    # The weekly check, six days after its last success, is within twice its week.
    assert "homemusic-backup-check (check): last success 6 days ago" in seen


def test_stale_backup_is_a_problem_with_the_fix() -> None:
    [problem] = marks(findings("restic-stale"), "problem")
    assert problem.seen.startswith(
        "homemusic-backup-music (backup of homemusic-music): the last success was 3 days ago"
    )
    assert "'0 5 * * *'" in problem.seen
    assert problem.fix.startswith("kubectl -n music get jobs")
    # The check CronJob is a day old and has not run: not (yet) a problem.
    assert any("backup-check" in f.seen and f.mark == "ok" for f in findings("restic-stale"))


def test_wrong_password_is_named_without_the_secret() -> None:
    found = marks(findings("restic-wrong-password"), "problem")
    failed = [f for f in found if "failed" in f.seen]
    assert len(failed) == 1
    assert "its last run homemusic-backup-music-29413260 failed (BackoffLimitExceeded)" in (
        failed[0].seen
    )
    assert ": the repository refuses the password" in failed[0].seen
    assert "RESTIC_PASSWORD in the Secret homemusic-backup" in failed[0].fix
    assert "homemusic backup-secret --namespace music --secret-name homemusic-backup" in (
        failed[0].fix
    )
    stale = [f for f in found if "last success was 11 days ago" in f.seen]
    assert len(stale) == 1
    for f in found:
        assert "test-only" not in f.seen + f.fix


def test_unreachable_repository_is_named_and_credentials_are_hidden() -> None:
    found = marks(findings("restic-unreachable"), "problem")
    failed = next(f for f in found if "failed" in f.seen)
    assert ": the repository cannot be reached" in failed.seen
    assert "connection refused" in failed.seen  # the last lines of its log
    assert "s3cret" not in failed.seen and "***@192.168.0.20" in failed.seen
    assert "repository_cidrs and repository_port" in failed.fix
    never = next(f for f in found if "never succeeded" in f.seen)
    assert never.seen.startswith("homemusic-backup-music (backup of homemusic-music) has never")


def test_a_first_upload_still_running_is_a_warning_not_a_problem() -> None:
    found = findings("restic-first-upload")
    assert marks(found, "problem") == []
    [warning] = marks(found, "warning")
    assert warning.seen == (
        "homemusic-backup-music (backup of homemusic-music): a run is still going for 4 days, "
        "none has finished yet"
    )
    assert "kubectl -n music logs -f job/homemusic-backup-music-29410380" in warning.fix


def test_missing_secret_is_a_problem_and_new_cronjobs_are_not() -> None:
    found = findings("restic-secret-missing")
    [problem] = marks(found, "problem")
    assert problem.seen == (
        "the repository Secret music/homemusic-backup does not exist: no backup can start"
    )
    assert problem.fix == (
        "homemusic backup-secret --namespace music --secret-name homemusic-backup "
        "| kubectl create -f -"
    )


def test_volsync_failure_and_staleness() -> None:
    found = findings("volsync-failing", volsync_dist())
    problems = marks(found, "problem")
    data = [f for f in problems if "ReplicationSource homemusic-data" in f.seen]
    assert any(
        "its last run failed (job homemusic-data failed): the repository refuses the password"
        in f.seen
        for f in data
    )
    assert any("the last sync was 5 days ago" in f.seen for f in data)
    assert any(
        f.seen == "the repository Secret music/homemusic-backup-data has no RESTIC_PASSWORD"
        for f in problems
    )
    assert any(
        f.mark == "ok" and f.seen.startswith("ReplicationSource homemusic-music") for f in found
    )


def test_volsync_not_installed() -> None:
    found = findings("volsync-not-installed", volsync_dist())
    assert any(f.mark == "problem" and f.seen.startswith("VolSync is not installed") for f in found)


def test_no_backups_no_findings_and_the_group_is_reported() -> None:
    blog = Expected(json_of_blog())
    assert check_backups(blog, state("restic-healthy"), now=lambda: NOW) == []
    groups = {f.group for f in diagnose(restic_dist(), state("restic-stale"))}
    assert "backups" in groups


def json_of_blog() -> list[Obj]:
    from tests.support import blog_chart

    chart = blog_chart()
    homemusic.render(chart.node.root)  # type: ignore[arg-type]
    return list(chart.to_json())


@pytest.mark.parametrize(
    ("schedule", "days"),
    [("0 5 * * *", 1), ("30 6 * * 3", 7), ("0 0 1 * *", 31), ("@weekly", 7), ("0 * * * *", 1 / 24)],
)
def test_schedule_period(schedule: str, days: float) -> None:
    assert schedule_period(schedule).total_seconds() == pytest.approx(days * 86400)


def test_redact() -> None:
    assert redact("rest:https://u:p@h:8000/x and s3:https://h/b") == (
        "rest:https://***@h:8000/x and s3:https://h/b"
    )


def test_states_are_what_make_states_writes(tmp_path: Path) -> None:
    import runpy

    runpy.run_path(str(STATES / "make_states.py"))["main"](tmp_path)
    committed = {p.relative_to(STATES): p.read_text() for p in STATES.rglob("*.json")}
    written = {p.relative_to(tmp_path): p.read_text() for p in tmp_path.rglob("*.json")}
    assert written == committed
