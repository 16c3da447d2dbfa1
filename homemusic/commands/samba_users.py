"""Print the Samba users Secret: ``python -m homemusic.samba_users [options] USER...``.

The Secret holds ``users.json``, the sambacc users file that the Samba pod
mounts: every user's name and password, and Unix IDs. Give the users in the
order of the SambaShare's ``users``: the first gets the file owner's UID
(``--uid``, Airsonic's ``puid``), the next ones the UIDs after it, all the
group ``--gid`` (``pgid``); every share acts as the first user, so every file
belongs to ``uid:gid``.
Passwords never appear on a command line or in shell history: they are asked
for at the terminal (twice), or read from standard input with ``--stdin``, one
line per user in the order given (only the line break is removed, so spaces,
backslashes, quotes, ``$`` and backquotes are kept as typed).

The Secret is printed to standard output as JSON (which kubectl and kubeseal
read like YAML), so it pipes straight on::

    python -m homemusic.samba_users --namespace homemusic \\
        --secret-name homemusic-samba-users --uid 1000 --gid 1000 myuser | kubectl apply -f -

    python -m homemusic.samba_users ... myuser | kubeseal --format yaml > sealed.yaml
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .._private import validation as v
from .._private.secret_keys import SAMBA_USERS_KEY as USERS_KEY
from ..errors import HomeMusicError
from ._secrets import (
    add_secret_arguments,
    check_password,
    read_passwords,
    secret_manifest,
    write_json,
)


def users_file(users: Sequence[tuple[str, str]], *, uid: int, gid: int) -> dict[str, Any]:
    """The sambacc ``users.json`` for ``(name, password)`` pairs, in the SambaShare's order.

    The first user gets ``uid`` (the file owner every share acts as), the
    others ``uid + 1``, ``uid + 2``, ...: Samba needs a UID per account.
    """
    return {
        "samba-container-config": "v0",
        "users": {
            "all_entries": [
                {"name": name, "password": password, "uid": uid + index, "gid": gid}
                for index, (name, password) in enumerate(users)
            ]
        },
    }


def users_secret(
    users: Sequence[tuple[str, str]],
    *,
    secret_name: str,
    namespace: str,
    uid: int,
    gid: int,
) -> dict[str, Any]:
    """The Secret manifest holding :func:`users_file` under ``users.json``.

    Raises :class:`HomeMusicError` for a bad name, ID or empty password.
    """
    v.unprivileged_id("--uid", uid)
    v.unprivileged_id("--gid", gid)
    if not users:
        raise v.fail("USER", [], "at least one user name")
    v.unique("USER", (name for name, _ in users))
    for name, password in users:
        v.samba_user_name("USER", name)
        check_password(name, password)
    return secret_manifest(
        secret_name,
        namespace,
        {USERS_KEY: json.dumps(users_file(users, uid=uid, gid=gid), indent=2)},
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    prog: str = "python -m homemusic.samba_users",
) -> int:
    """Run the command; returns the exit status (2 for a usage error)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Print the Samba users Secret (users.json) for kubectl or kubeseal.",
    )
    parser.add_argument(
        "users",
        metavar="USER",
        nargs="+",
        help="Samba user names, in the order of the SambaShare's users",
    )
    parser.add_argument(
        "--uid",
        type=int,
        required=True,
        help="the file owner, the stack's puid (1000 with Airsonic, 10000 with Navidrome "
        "by default)",
    )
    parser.add_argument("--gid", type=int, required=True, help="its group, the stack's pgid")
    add_secret_arguments(
        parser,
        default_name="homemusic-samba-users",
        named_by="the stack's samba_users_secret_name",
        stdin_help="read the passwords from standard input, one line per user, in order",
    )
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    try:
        for name in args.users:
            v.samba_user_name("USER", name)
        passwords = read_passwords(
            args.users,
            what="Samba password",
            from_stdin=args.stdin,
            stdin=stdin or sys.stdin,
            ask=ask,
        )
        secret = users_secret(
            list(zip(args.users, passwords, strict=True)),
            secret_name=args.secret_name,
            namespace=args.namespace,
            uid=args.uid,
            gid=args.gid,
        )
    except HomeMusicError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_json(secret, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
