"""Every public name imports from where the documentation says it lives.

The package's layout (``constructs/``, ``choices/``, ``commands/``,
``_private/``) is free to change; these paths are the contract: the names of
``homemusic.__all__``, every ``from homemusic... import ...`` and
``python -m homemusic...`` that the README (and the docs beside it) show.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import homemusic

import pytest

from tests.support import ROOT

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
IMPORT = re.compile(r"^\s*from (homemusic(?:\.\w+)*) import \(?([\w, ]+)\)?", re.M)
RUN = re.compile(r"python -m (homemusic(?:\.\w+)*)")


def documented_imports() -> set[tuple[str, str]]:
    found = set()
    for doc in DOCS:
        for module, names in IMPORT.findall(doc.read_text()):
            for name in names.split(","):
                if name.strip():
                    found.add((module, name.strip().split(" as ")[0]))
    return found


def documented_commands() -> set[str]:
    return {m for doc in DOCS for m in RUN.findall(doc.read_text())}


def test_the_docs_name_paths_to_check() -> None:
    # the scan itself works: the README's own example imports are among them
    assert ("homemusic", "HomeMusicChart") in documented_imports()
    assert "homemusic.samba_users" in documented_commands()


@pytest.mark.parametrize("name", homemusic.__all__)
def test_every_public_name_imports_from_homemusic(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from homemusic import {name}", namespace)
    value = namespace[name]
    assert getattr(homemusic, name) is value
    # it is the object its module defines, not a copy
    module = getattr(value, "__module__", None)
    if module is not None and module.startswith("homemusic."):
        assert getattr(importlib.import_module(module), name) is value


@pytest.mark.parametrize(("module", "name"), sorted(documented_imports()))
def test_every_documented_import_works(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"from {module} import {name}"


@pytest.mark.parametrize("module", sorted(documented_commands()))
def test_every_documented_command_runs(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ")


def test_the_0_3_0_command_modules_keep_their_names() -> None:
    from homemusic import navidrome_admin, samba_users
    from homemusic.commands import navidrome_admin as admin_command
    from homemusic.commands import samba_users as users_command

    assert samba_users.users_file is users_command.users_file
    assert samba_users.main is users_command.main
    assert navidrome_admin.admin_secret is admin_command.admin_secret


def test_python_m_homemusic_is_the_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "homemusic", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert result.stdout.startswith("usage: homemusic ")


def test_the_generated_bindings_stay_where_the_wheel_puts_them() -> None:
    # README, "Use it in your own cdk8s app": homemusic._bindings.*
    for module in ("homemusic._bindings.metallb", "homemusic._bindings.k8s.networking.gateway"):
        assert importlib.import_module(module).__name__ == module
