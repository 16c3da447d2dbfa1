"""The ``homemusic`` command: one console script, a subcommand for each task.

``homemusic samba-users``, ``homemusic navidrome-admin`` and
``homemusic backup-secret`` print the Secrets
the stack reads (the same as ``python -m homemusic.samba_users`` and
``python -m homemusic.navidrome_admin``); ``homemusic doctor`` checks a live
cluster against ``dist/``; ``homemusic graph`` draws ``dist/``. Each subcommand has ``--help``; a
usage error prints one line and exits 2. The standard library's argparse
parses: the commands need nothing more, and it costs no dependency.
A subcommand's module is imported only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = {
    "samba-users": (
        "homemusic.commands.samba_users",
        "print the Samba users Secret (users.json) for kubectl or kubeseal",
    ),
    "navidrome-admin": (
        "homemusic.commands.navidrome_admin",
        "print Navidrome's admin Secret (first admin password, encryption key)",
    ),
    "backup-secret": (
        "homemusic.commands.backup_secret",
        "print the off-site backups' repository Secret (restic's variables)",
    ),
    "doctor": (
        "homemusic.doctor",
        "check the live cluster against dist/ and say what is wrong and how to fix it",
    ),
    "graph": (
        "homemusic.commands.graph",
        "print a Mermaid diagram of what dist/ holds and how it connects",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``homemusic``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="homemusic",
        description="Commands for a homemusic stack. 'homemusic COMMAND --help' for each.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, summary) in COMMANDS.items():
        # The subcommand parses its own arguments (and --help).
        sub.add_parser(name, help=summary, add_help=False)
    args, rest = parser.parse_known_args(argv)
    module = importlib.import_module(COMMANDS[args.command][0])
    status: int = module.main(rest, prog=f"homemusic {args.command}")
    return status


if __name__ == "__main__":
    sys.exit(main())
