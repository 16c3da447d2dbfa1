"""Print the backups' repository Secret: ``homemusic backup-secret [options]``.

The Secret holds one key per variable restic reads (the same format VolSync's
restic mover reads): ``RESTIC_REPOSITORY`` (where the repository is:
``s3:https://nas.lan:9000/music-backup``, ``rest:https://user:pass@nas.lan:8000/homemusic``,
``b2:bucket:homemusic``, a path on a mounted NFS volume), ``RESTIC_PASSWORD``
(the key the repository is encrypted with: lose it and the backups are lost)
and the backend's credentials, named with ``--backend-variable``
(``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` for ``s3:``, ``B2_ACCOUNT_ID``
and ``B2_ACCOUNT_KEY`` for ``b2:``, ...).

Every value is asked for at the terminal (twice), or read from standard input
with ``--stdin``, one line each in the order RESTIC_REPOSITORY,
RESTIC_PASSWORD, then the backend variables as named; never from the command
line, where only the variables' names are given. The Secret is printed as
JSON for ``kubectl create -f -`` or ``kubeseal``, with no label (a pruning
``kubectl apply`` never deletes it).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .._private.secret_keys import BACKEND_VARIABLES, SECRET_KEYS_REQUIRED
from ..errors import HomeMusicError
from ._secrets import (
    add_secret_arguments,
    check_password,
    read_passwords,
    secret_manifest,
    write_json,
)

REPOSITORY_PREFIXES = ("s3:", "rest:", "b2:", "sftp:", "azure:", "gs:", "swift:", "rclone:", "/")
"""The repository locations restic takes (doc/030_preparing_a_new_repo.rst, v0.19.1):
a backend prefix, or an absolute path (a local folder, such as an NFS mount)."""


def backup_secret(values: dict[str, str], *, secret_name: str, namespace: str) -> dict[str, Any]:
    """The Secret manifest for ``values`` (``{variable: value}``); no value is ever echoed."""
    repository = values.get("RESTIC_REPOSITORY", "")
    if not repository.startswith(REPOSITORY_PREFIXES) or any(c in repository for c in "\r\n\0"):
        raise HomeMusicError(
            "RESTIC_REPOSITORY",
            "<hidden>",
            "a restic repository: " + ", ".join(f"'{p}...'" for p in REPOSITORY_PREFIXES),
        )
    for name, value in values.items():
        if name != "RESTIC_REPOSITORY":
            check_password(name, value)
    return secret_manifest(secret_name, namespace, values)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    prog: str = "homemusic backup-secret",
) -> int:
    """Run the command; returns the exit status (2 for a usage error)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Print the off-site backups' repository Secret (RESTIC_REPOSITORY, "
        "RESTIC_PASSWORD and the backend's variables) for kubectl create or kubeseal.",
    )
    add_secret_arguments(
        parser,
        default_name="homemusic-backup",
        named_by="OffsiteBackup's secret_name; with VolSync one per claim, <name>-<claim>",
        stdin_help="read the values from standard input, one line each: RESTIC_REPOSITORY, "
        "RESTIC_PASSWORD, then each --backend-variable",
    )
    parser.add_argument(
        "--backend-variable",
        action="append",
        default=[],
        metavar="NAME",
        choices=BACKEND_VARIABLES,
        help="a backend variable to add, its value asked for like the password "
        f"(repeat it; one of {', '.join(BACKEND_VARIABLES)})",
    )
    args = parser.parse_args(argv)
    names = [*SECRET_KEYS_REQUIRED, *args.backend_variable]
    if len(set(names)) != len(names):
        parser.error("each --backend-variable only once")
    out = stdout or sys.stdout
    try:
        values = read_passwords(
            names, what="Value", from_stdin=args.stdin, stdin=stdin or sys.stdin, ask=ask
        )
        secret = backup_secret(
            dict(zip(names, values, strict=True)),
            secret_name=args.secret_name,
            namespace=args.namespace,
        )
    except HomeMusicError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_json(secret, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
