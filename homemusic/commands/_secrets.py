"""What the Secret-printing commands share (not public API).

Passwords are asked for at the terminal, twice, or read from standard input
one line each; they never come from the command line. The Secret is printed
as JSON for ``kubectl create -f -`` or ``kubeseal``. It carries no label: the
documented ``kubectl apply --prune -l app.kubernetes.io/part-of=homemusic``
selects by that label, and a Secret the user made must never be pruned.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from .._private import validation as v
from ..errors import HomeMusicError


def secret_manifest(name: str, namespace: str, string_data: Mapping[str, str]) -> dict[str, Any]:
    """An Opaque Secret ``namespace/name`` with ``string_data``, and no labels."""
    v.dns_subdomain("--secret-name", name)
    v.dns_label("--namespace", namespace)
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "Opaque",
        "metadata": {"name": name, "namespace": namespace},
        "stringData": dict(string_data),
    }


def check_password(whose: str, password: str) -> str:
    """A non-empty password without line breaks or NUL; the error never shows it."""
    if not isinstance(password, str) or password == "":
        raise HomeMusicError(f"password of {whose!r}", "<hidden>", "a non-empty password")
    if any(c in password for c in "\r\n\0"):
        raise HomeMusicError(
            f"password of {whose!r}", "<hidden>", "a password without line breaks or NUL"
        )
    return password


def read_passwords(
    names: Sequence[str],
    *,
    what: str,
    from_stdin: bool,
    stdin: TextIO,
    ask: Callable[[str], str],
) -> list[str]:
    """One password per name: lines of ``stdin``, or asked twice at the terminal.

    Only the line break is removed from a line, so spaces, backslashes,
    quotes, ``$`` and backquotes are kept as typed. ``what`` names the
    password in the prompt (``"Samba password"``).
    """
    passwords: list[str] = []
    if from_stdin:
        for name in names:
            line = stdin.readline()
            if not line:
                raise HomeMusicError("--stdin", f"{len(passwords)} lines", f"a line for {name!r}")
            passwords.append(line[:-1] if line.endswith("\n") else line)
        return passwords
    if ask is getpass.getpass and not stdin.isatty():
        # getpass would read the values from a pipe with echo warnings.
        raise HomeMusicError(
            "--stdin", "not given", "--stdin when standard input is not a terminal"
        )
    for name in names:
        try:
            first = ask(f"{what} for {name}: ")
            again = ask(f"Again, for {name}: ")
        except (EOFError, KeyboardInterrupt):
            raise HomeMusicError(
                f"password of {name!r}", "nothing (input ended)", "a value typed at the prompt"
            ) from None
        if again != first:
            raise HomeMusicError(f"password of {name!r}", "<hidden>", "the same password twice")
        passwords.append(first)
    return passwords


def write_json(manifest: Mapping[str, Any], out: TextIO) -> None:
    json.dump(manifest, out, indent=2)
    out.write("\n")


def add_secret_arguments(
    parser: argparse.ArgumentParser, *, default_name: str, named_by: str, stdin_help: str
) -> None:
    """The options every Secret command takes: ``--secret-name``, ``--namespace``, ``--stdin``."""
    parser.add_argument(
        "--secret-name",
        default=default_name,
        help=f"the Secret's name ({named_by}); default {default_name}",
    )
    parser.add_argument("--namespace", default="homemusic", help="default homemusic")
    parser.add_argument("--stdin", action="store_true", help=stdin_help)
