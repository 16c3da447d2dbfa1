"""The commands start without the construct runtime; ``import homemusic`` loads names lazily.

jsii starts a Node.js process when ``cdk8s``, ``constructs`` or ``jsii`` is
imported. The commands (``homemusic --help``, ``homemusic doctor``, the Secret
commands) use none of the constructs, so each one is run here in a process of
its own and the modules it loaded are read back from its ``sys.modules``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import homemusic
from homemusic.commands.cli import COMMANDS

import pytest

from tests.cluster_replay import Replay, kubeconfig, serving
from tests.support import ROOT

STATES = ROOT / "tests" / "fixtures" / "cluster-states"
RUNTIME = ("cdk8s", "constructs", "jsii")

# Runs the console script's main() in this process, then writes the top-level
# packages it loaded to the file named by argv[1].
RUN_COMMAND = """
import json, sys
from homemusic.commands.cli import main
modules_file, argv = sys.argv[1], sys.argv[2:]
try:
    status = main(argv)
except SystemExit as done:
    status = done.code
with open(modules_file, "w") as handle:
    json.dump(sorted({m.partition(".")[0] for m in sys.modules}), handle)
sys.exit(status)
"""


def run_command(
    tmp_path: Path, *argv: str, stdin: str = ""
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    modules = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", RUN_COMMAND, str(modules), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    return result, set(json.loads(modules.read_text()))


def test_help_does_not_start_the_construct_runtime(tmp_path: Path) -> None:
    result, loaded = run_command(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert "doctor" in result.stdout
    assert "homemusic" in loaded
    assert loaded.isdisjoint(RUNTIME), loaded & set(RUNTIME)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_commands_help_starts_no_construct_runtime(tmp_path: Path, command: str) -> None:
    result, loaded = run_command(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: homemusic {command}")
    assert loaded.isdisjoint(RUNTIME), loaded & set(RUNTIME)


@pytest.mark.parametrize(
    ("argv", "stdin", "secret_name"),
    [
        (("navidrome-admin", "--stdin"), "pw\n", "homemusic-navidrome-admin"),
        (("samba-users", "--stdin", "--uid", "1000", "--gid", "1000", "me"), "pw\n", None),
        (("backup-secret", "--stdin"), "rest:http://nas:8000/music\npw\n", "homemusic-backup"),
    ],
)
def test_secret_commands_do_not_start_the_construct_runtime(
    tmp_path: Path, argv: tuple[str, ...], stdin: str, secret_name: str | None
) -> None:
    result, loaded = run_command(tmp_path, *argv, stdin=stdin)
    assert result.returncode == 0, result.stderr
    secret = json.loads(result.stdout)
    assert secret["kind"] == "Secret"
    assert secret["metadata"]["name"] == (secret_name or "homemusic-samba-users")
    assert loaded.isdisjoint(RUNTIME), loaded & set(RUNTIME)


def test_graph_does_not_start_the_construct_runtime(tmp_path: Path) -> None:
    result, loaded = run_command(tmp_path, "graph", str(ROOT / "dist"))
    assert result.returncode == 0, result.stderr
    assert "homemusic-samba" in result.stdout  # it did draw the blog's stack
    assert loaded.isdisjoint(RUNTIME), loaded & set(RUNTIME)


def test_doctor_does_not_start_the_construct_runtime(tmp_path: Path) -> None:
    replay = Replay(STATES / "healthy")
    with serving(replay) as url:
        config = kubeconfig(tmp_path / "kubeconfig", url)
        dist = STATES / "dist"
        result, loaded = run_command(
            tmp_path, "doctor", str(dist), "--kubeconfig", str(config), "--json"
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problems"] == 0
    assert "kubernetes" in loaded  # it did read the cluster
    assert loaded.isdisjoint(RUNTIME), loaded & set(RUNTIME)


def test_import_homemusic_loads_no_construct() -> None:
    code = (
        "import sys, homemusic; "
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in "
        f"{RUNTIME!r} or m.startswith('homemusic.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    # only the module that points jsii at a supported Node.js
    assert result.stdout.strip() == "['homemusic._private', 'homemusic._private.node']"


def test_a_public_name_loads_its_module_on_first_use() -> None:
    code = (
        "import sys, homemusic; "
        "from homemusic import HomeMusicStack; "
        "print(HomeMusicStack.__module__, 'cdk8s' in sys.modules, "
        "homemusic.HomeMusicStack is HomeMusicStack)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    module, started, same = result.stdout.split()
    assert module.startswith("homemusic.") and started == "True" and same == "True"


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'homemusic' has no attribute 'Nope'"):
        homemusic.Nope  # noqa: B018


def _type_checking_imports() -> dict[str, str]:
    """Name -> module of the ``if TYPE_CHECKING:`` imports of homemusic/__init__.py."""
    tree = ast.parse((ROOT / "homemusic" / "__init__.py").read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom), ast.unparse(stmt)
                for alias in stmt.names:
                    assert alias.asname is None
                    found[alias.name] = "." * stmt.level + (stmt.module or "")
    return found


def test_type_checkers_see_every_lazy_name() -> None:
    # three lists of one API: the TYPE_CHECKING imports (mypy, IDEs), the
    # lazy table (run time) and __all__ (star imports, help()); they must agree
    lazy = {n: module for module, names in homemusic._LAZY.items() for n in names}
    assert _type_checking_imports() == lazy
    assert sorted(homemusic.__all__) == sorted(lazy)
    assert set(homemusic.__all__) <= set(dir(homemusic))


def test_help_lists_every_public_name() -> None:
    import pydoc

    text = pydoc.plain(pydoc.render_doc(homemusic))
    for name in homemusic.__all__:
        assert name in text, name


# Synthesizes one stack with the given server and entry in a process of its
# own, then prints the construct modules it loaded.
ONE_STACK = """
import json, sys
import homemusic
from homemusic import HomeMusicChart, HttpsEntry, MusicServer, SambaUser, StorageBackend
import cdk8s
server, entry = sys.argv[1], sys.argv[2]
chart = HomeMusicChart(
    cdk8s.App(), "hm", namespace="music",
    music_backend=StorageBackend.local(node_name="n", path="/m"),
    config_backend=StorageBackend.local(node_name="n", path="/c"),
    samba_users=[SambaUser(name="me")], samba_load_balancer_ip="10.0.0.5",
    lan_cidrs=["10.0.0.0/24"], host="music.example.com", acme_email="me@example.com",
    music_server=getattr(MusicServer, server)(),
    https_entry=(
        HttpsEntry.ingress(class_name="public", controller_namespace="ingress")
        if entry == "ingress" else HttpsEntry.gateway(class_name="eg")
    ),
    publish=True,
)
homemusic.render(chart.node.root)
print(json.dumps(sorted(m for m in sys.modules if m.startswith("homemusic.constructs."))))
"""


@pytest.mark.parametrize(
    ("server", "entry", "loaded"),
    [
        # the blog's choices never load Navidrome's, the Gateway's or the backups' module
        ("airsonic", "ingress", {"airsonic", "ingress"}),
        ("navidrome", "gateway", {"navidrome", "gateway"}),
    ],
)
def test_a_stack_loads_the_modules_of_its_choices_only(
    server: str, entry: str, loaded: set[str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ONE_STACK, server, entry],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    modules = {m.rpartition(".")[2] for m in json.loads(result.stdout)}
    always = {"storage", "samba", "metallb", "issuers"}
    assert modules == always | loaded


def test_factories_have_their_options_signatures() -> None:
    """help() and the documentation show each factory's options, imported only when asked."""
    import copy
    import inspect
    import pickle
    import typing

    from homemusic import (
        AirsonicOptions,
        ExistingGatewayOptions,
        GatewayOptions,
        HttpsEntry,
        IngressOptions,
        MusicServer,
        NavidromeOptions,
    )

    for factory, options, returns in (
        (MusicServer.airsonic, AirsonicOptions, "MusicServer"),
        (MusicServer.navidrome, NavidromeOptions, "MusicServer"),
        (HttpsEntry.ingress, IngressOptions, "HttpsEntry"),
        (HttpsEntry.gateway, GatewayOptions, "HttpsEntry"),
        (HttpsEntry.existing_gateway, ExistingGatewayOptions, "HttpsEntry"),
    ):
        signature = inspect.signature(factory)
        assert signature.parameters == inspect.signature(options).parameters, factory
        assert signature.return_annotation == returns
        # what Sphinx's autodoc evaluates: the factory's own annotations
        assert typing.get_type_hints(factory)["return"].__name__ == returns
        # copies and pickles carry the parameters (read before they are made)
        for copied in (copy.deepcopy(signature), pickle.loads(pickle.dumps(signature))):
            assert copied == signature and str(copied) == str(signature)


def test_a_choice_of_an_unknown_kind_is_refused_by_name() -> None:
    """A choice made without its factory names its kind, not a construct it fell through to."""
    from homemusic import (
        AirsonicOptions,
        HomeMusicChart,
        HomeMusicError,
        HttpsEntry,
        IngressOptions,
        MusicServer,
    )

    import cdk8s

    from tests.support import blog_stack_args

    options = IngressOptions(class_name="public", controller_namespace="ingress")
    for choice, message in (
        (
            {"music_server": MusicServer("Airsonic", AirsonicOptions())},
            "MusicServer kind: got 'Airsonic'; expected 'airsonic' or 'navidrome'",
        ),
        (
            {"https_entry": HttpsEntry("Ingress", options)},
            "HttpsEntry kind: got 'Ingress'; expected 'ingress', 'gateway' or 'existing_gateway'",
        ),
    ):
        with pytest.raises(HomeMusicError) as info:
            HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(**choice))
        assert str(info.value).startswith(message)
