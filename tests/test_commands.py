"""The ``homemusic`` console script and the Navidrome admin Secret it prints."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib

from homemusic.commands import backup_secret, cli, navidrome_admin

import pytest

from tests.support import ROOT


def admin_toml(secret: dict[str, object]) -> dict[str, object]:
    data = secret["stringData"]
    assert isinstance(data, dict) and list(data) == ["navidrome.toml"]
    # Navidrome reads the file with viper's TOML decoder; a conforming TOML
    # parser must read back exactly the two settings.
    return tomllib.loads(data["navidrome.toml"])


@pytest.mark.parametrize(
    "password",
    ["simple", "s p\\a$c`e \"q' é", "tab\there", "ends with \\", "\x7fdel", "パスワード"],
)
def test_admin_secret_round_trips_any_password(
    password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert navidrome_admin.main(["--stdin"], stdin=io.StringIO(password + "\n")) == 0
    secret = json.loads(capsys.readouterr().out)
    settings = admin_toml(secret)
    assert set(settings) == {"DevAutoCreateAdminPassword", "PasswordEncryptionKey"}
    assert settings["DevAutoCreateAdminPassword"] == password
    key = settings["PasswordEncryptionKey"]
    assert isinstance(key, str) and len(key) >= 40  # 32 random bytes, URL-safe base64


def test_admin_secret_shape_and_a_new_key_each_time(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--namespace", "music", "--secret-name", "nd-admin", "--stdin"]
    keys = []
    for _ in range(2):
        assert navidrome_admin.main(args, stdin=io.StringIO("pw\n")) == 0
        secret = json.loads(capsys.readouterr().out)
        assert secret["apiVersion"] == "v1" and secret["kind"] == "Secret"
        assert secret["type"] == "Opaque"
        # no label: a labelled prune must never select it
        assert secret["metadata"] == {"name": "nd-admin", "namespace": "music"}
        keys.append(admin_toml(secret)["PasswordEncryptionKey"])
    assert keys[0] != keys[1]


def test_admin_secret_asks_twice(capsys: pytest.CaptureFixture[str]) -> None:
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "same pw" if len(prompts) < 3 else "other pw"

    assert navidrome_admin.main([], ask=ask) == 0
    assert admin_toml(json.loads(capsys.readouterr().out))["DevAutoCreateAdminPassword"] == (
        "same pw"
    )
    assert prompts == ["Navidrome password for admin: ", "Again, for admin: "]
    answers = iter(["one", "two"])
    assert navidrome_admin.main([], ask=lambda _p: next(answers)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "the same password twice" in captured.err and "one" not in captured.err


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        ([], "\n", "password of 'admin': got '<hidden>'; expected a non-empty password"),
        ([], "", "--stdin: got '0 lines'; expected a line for 'admin'"),
        (["--namespace", "My NS"], "pw\n", "--namespace: got 'My NS'"),
        (["--secret-name", "a_b"], "pw\n", "--secret-name: got 'a_b'"),
    ],
)
def test_admin_secret_refuses_bad_input(
    argv: list[str], stdin: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert navidrome_admin.main(["--stdin", *argv], stdin=io.StringIO(stdin)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {message}")
    assert captured.err.count("\n") == 1


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "homemusic.commands.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_console_script_dispatches_to_each_command() -> None:
    listing = run_cli("--help")
    assert listing.returncode == 0
    for name in cli.COMMANDS:
        assert name in listing.stdout
    for name in cli.COMMANDS:
        helped = run_cli(name, "--help")
        assert helped.returncode == 0
        assert helped.stdout.startswith(f"usage: homemusic {name}")
    made = run_cli("navidrome-admin", "--stdin", stdin="pw\n")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["metadata"]["name"] == "homemusic-navidrome-admin"
    made = run_cli("samba-users", "--stdin", "--uid", "1000", "--gid", "1000", "me", stdin="x\n")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["metadata"]["name"] == "homemusic-samba-users"


@pytest.mark.parametrize(
    "args", [(), ("bogus",), ("samba-users", "--uid", "x", "me"), ("navidrome-admin", "--nope")]
)
def test_console_script_misuse_exits_2_without_a_traceback(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(("homemusic", "error:"))


def test_console_script_is_declared() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"] == {"homemusic": "homemusic.commands.cli:main"}


# --- homemusic backup-secret ---


def test_backup_secret_keeps_every_value_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        "rest:https://me:p@ss@nas.lan:8000/homemusic",
        " s p\\a$c`e \"q' é ",
        "AKIA-test",
        "secret/with+chars=",
    ]
    argv = [
        "--stdin",
        "--backend-variable", "AWS_ACCESS_KEY_ID",
        "--backend-variable", "AWS_SECRET_ACCESS_KEY",
    ]  # fmt: skip
    status = backup_secret.main(argv, stdin=io.StringIO("\n".join(lines) + "\n"))
    assert status == 0
    secret = json.loads(capsys.readouterr().out)
    assert secret["metadata"] == {"name": "homemusic-backup", "namespace": "homemusic"}
    assert "labels" not in secret["metadata"]  # never pruned
    assert secret["stringData"] == {
        "RESTIC_REPOSITORY": lines[0],
        "RESTIC_PASSWORD": lines[1],
        "AWS_ACCESS_KEY_ID": lines[2],
        "AWS_SECRET_ACCESS_KEY": lines[3],
    }


def test_backup_secret_asks_twice(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["/mnt/nas/restic", "/mnt/nas/restic", "pw", "pw"])
    status = backup_secret.main(["--secret-name", "hm-backup-music"], ask=lambda _: next(answers))
    assert status == 0
    secret = json.loads(capsys.readouterr().out)
    assert secret["metadata"]["name"] == "hm-backup-music"
    assert secret["stringData"] == {"RESTIC_REPOSITORY": "/mnt/nas/restic", "RESTIC_PASSWORD": "pw"}


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("https://nas.lan/x\npw\n", "error: RESTIC_REPOSITORY: got '<hidden>'; expected a restic"),
        ("s3:https://s3.example/b\n\n", "error: password of 'RESTIC_PASSWORD': got '<hidden>'"),
        ("s3:https://s3.example/b\n", "error: --stdin: got '1 lines'; expected a line for"),
    ],
)
def test_backup_secret_refuses_bad_input_without_echoing_it(
    stdin: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert backup_secret.main(["--stdin"], stdin=io.StringIO(stdin)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message)
    assert "nas.lan" not in captured.err and "s3.example" not in captured.err


@pytest.mark.parametrize(
    "args",
    [
        ("backup-secret", "--backend-variable", "HOME"),
        (
            "backup-secret",
            "--backend-variable",
            "B2_ACCOUNT_ID",
            "--backend-variable",
            "B2_ACCOUNT_ID",
        ),
        ("backup-secret", "--password", "x"),
    ],
)
def test_backup_secret_misuse_exits_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["backup-secret"],
        ["navidrome-admin"],
        ["samba-users", "--uid", "10000", "--gid", "10000", "me"],
    ],
)
def test_no_terminal_and_no_stdin_is_one_line_and_exit_2(command: list[str]) -> None:
    # Standard input is a pipe, not a terminal: nothing is asked, no traceback.
    result = run_cli(*command)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: --stdin: got 'not given'; expected --stdin when standard input is not a terminal\n"
    )


@pytest.mark.parametrize("interruption", [EOFError, KeyboardInterrupt])
def test_input_ending_at_the_prompt_is_one_line_and_exit_2(
    interruption: type[BaseException], capsys: pytest.CaptureFixture[str]
) -> None:
    def ask(_prompt: str) -> str:
        raise interruption

    assert backup_secret.main([], ask=ask) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "error: password of 'RESTIC_REPOSITORY': got 'nothing (input ended)'; "
        "expected a value typed at the prompt\n"
    )
