"""Print Navidrome's admin Secret: ``homemusic navidrome-admin [options]``.

The Secret holds ``navidrome.toml``, a Navidrome config file that
:class:`~homemusic.NavidromeApp` mounts and names in ``ND_CONFIGFILE``, with two
settings (names as Navidrome 0.63.2 reads them, ``conf/configuration.go``):

- ``DevAutoCreateAdminPassword``: the password of the user ``admin`` that
  Navidrome creates in its initial setup, before it serves anyone, and only
  on a fresh database (``server/initial_setup.go``);
- ``PasswordEncryptionKey``: a random key this command makes, with which
  Navidrome encrypts its users' stored passwords (Subsonic's token login needs
  them readable) instead of the key built into every copy of Navidrome.

The password is asked for at the terminal (twice), or read from standard input
with ``--stdin`` (one line; only the line break is removed); never from the
command line. The Secret is printed as JSON for ``kubectl create -f -`` or
``kubeseal``. Create it once and keep it: Navidrome refuses every login when
the key changes, so ``kubectl create`` (which will not overwrite) is the
documented command, not ``apply``.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .._private.secret_keys import NAVIDROME_ADMIN_KEY as ADMIN_KEY
from ..errors import HomeMusicError
from ._secrets import (
    add_secret_arguments,
    check_password,
    read_passwords,
    secret_manifest,
    write_json,
)

ADMIN_USER = "admin"
"""The user Navidrome creates from ``DevAutoCreateAdminPassword`` (consts.DevInitialUserName)."""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def admin_config(password: str, encryption_key: str) -> str:
    """The ``navidrome.toml`` text with the two settings."""
    return (
        f"DevAutoCreateAdminPassword = {toml_string(password)}\n"
        f"PasswordEncryptionKey = {toml_string(encryption_key)}\n"
    )


def admin_secret(
    password: str,
    *,
    secret_name: str,
    namespace: str,
    encryption_key: str | None = None,
) -> dict[str, Any]:
    """The Secret manifest; a new random encryption key unless one is given."""
    check_password(ADMIN_USER, password)
    key = secrets.token_urlsafe(32) if encryption_key is None else encryption_key
    return secret_manifest(secret_name, namespace, {ADMIN_KEY: admin_config(password, key)})


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    prog: str = "python -m homemusic.navidrome_admin",
) -> int:
    """Run the command; returns the exit status (2 for a usage error)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Print Navidrome's admin Secret (navidrome.toml: the first admin's "
        "password and a new password encryption key) for kubectl create or kubeseal.",
    )
    add_secret_arguments(
        parser,
        default_name="homemusic-navidrome-admin",
        named_by="NavidromeApp's admin_secret_name",
        stdin_help="read the password from standard input (one line) instead of asking",
    )
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    try:
        [password] = read_passwords(
            [ADMIN_USER],
            what="Navidrome password",
            from_stdin=args.stdin,
            stdin=stdin or sys.stdin,
            ask=ask,
        )
        secret = admin_secret(password, secret_name=args.secret_name, namespace=args.namespace)
    except HomeMusicError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_json(secret, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
