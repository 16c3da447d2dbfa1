"""``homemusic graph``: the picture of dist/, drawn from the YAML alone.

The picture's wiring is asserted edge by edge for the blog's output and the
Gateway examples; the README's picture is the command's output for dist/; the
module runs with no cdk8s at all (loaded on its own, outside the package).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from homemusic.commands import graph

import pytest

from tests.docs_text import README, blocks
from tests.support import ROOT

DIST = ROOT / "dist"


def blog_picture() -> str:
    return graph.mermaid(graph.read_dist(DIST), title="homemusic graph dist")


def edges(picture: str) -> set[tuple[str, str, str]]:
    """(source, label, target) of every arrow."""
    found = set()
    for line in picture.splitlines():
        m = re.match(r'\s*(\w+) (?:--|-\.) "(.*?)" (?:-->|\.->) (\w+)$', line.strip())
        if m:
            found.add((m[1], m[2], m[3]))
    return found


def labels(picture: str) -> dict[str, str]:
    """Node ID to its label text."""
    return {
        m[1]: m[2] for m in re.finditer(r'^\s*(\w+)[\[\(\{/]+"(.*?)"[\]\)\}/]+$', picture, re.M)
    }


def test_blog_picture_shows_the_entry_services_workloads_and_volumes() -> None:
    picture = blog_picture()
    assert picture.startswith("%% homemusic graph dist\nflowchart LR\n")
    node = labels(picture)
    ingress = "Ingress_homemusic_homemusic_airsonic"
    assert node[ingress] == "Ingress homemusic-airsonic<br/>https://example.com<br/>class public"
    assert node["Service_homemusic_homemusic_samba"].endswith("LoadBalancer 192.168.0.200:445")
    assert "/mnt/hdd/music" in node["PersistentVolume_homemusic_homemusic_music"]
    assert "class homemusic-static" in node["PersistentVolume_homemusic_homemusic_music"]
    assert node["Secret_homemusic_homemusic_samba_users"].startswith("Secret homemusic-samba-users")
    wired = edges(picture)
    for edge in [
        ("internet", "HTTPS 443, HTTP 80", ingress),
        (ingress, "/ to port 4040", "Service_homemusic_homemusic_airsonic"),
        (
            "Issuer_homemusic_letsencrypt_prod",
            "certificate homemusic-airsonic-tls",
            ingress,
        ),
        (
            "Service_homemusic_homemusic_airsonic",
            "selects",
            "Deployment_homemusic_homemusic_airsonic",
        ),
        (
            "Deployment_homemusic_homemusic_airsonic",
            "/music (ro)",
            "PersistentVolumeClaim_homemusic_homemusic_music",
        ),
        (
            "PersistentVolumeClaim_homemusic_homemusic_music",
            "bound to",
            "PersistentVolume_homemusic_homemusic_music",
        ),
        ("net_192_168_0_0_24", "allowed: TCP 445", "Deployment_homemusic_homemusic_samba"),
        ("from_ns_ingress", "allowed: TCP 4040", "Deployment_homemusic_homemusic_airsonic"),
        ("IPAddressPool_metallb_system_homemusic", "address", "Service_homemusic_homemusic_samba"),
    ]:
        assert edge in wired, edge
    # the staging issuer signs nothing here; nothing reaches Samba from the internet
    assert not any(s == "Issuer_homemusic_letsencrypt_staging" for s, _, _ in wired)
    assert not any(s == "internet" and "samba" in t for s, _, t in wired)
    # the volumes live on node1
    assert re.search(
        r'subgraph place_node_node1\["node node1"\]\n(\s+PersistentVolume_\w+.*\n){2}\s+end',
        picture,
    )
    assert "namespace homemusic · incoming denied unless allowed" in picture


def test_picture_never_holds_a_secret_value(tmp_path: Path) -> None:
    # a dist/ that (wrongly) holds a Secret: the picture names nothing of its data
    (tmp_path / "a.yaml").write_text(
        (DIST / "homemusic.k8s.yaml").read_text()
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: oops, namespace: homemusic}\n"
        + "stringData: {password: hunter2-value}\n"
    )
    picture = graph.mermaid(graph.read_dist(tmp_path))
    assert "hunter2" not in picture and "password" not in picture


@pytest.mark.parametrize("module", ["gateway", "existing_gateway"])
def test_gateway_entries(module: str) -> None:
    from tools.docs_pages import picture

    drawn = picture(f"examples.{module}")
    wired = edges(drawn)
    node = labels(drawn)
    routes = [n for n in node if n.startswith("HTTPRoute_")]
    assert routes
    for route in routes:
        # every route hangs from a Gateway listener
        assert any(t == route and s.startswith("Gateway_") for s, _, t in wired), route
    app_route = next(r for r in routes if "redirect" not in r)
    assert any(s == app_route and t.startswith("Service_") for s, _, t in wired)
    if module == "existing_gateway":
        assert any("(not in dist)" in text and "your Gateway" in text for text in node.values())
    else:
        gateway = next(n for n in node if n.startswith("Gateway_"))
        assert "https: HTTPS" in node[gateway]
        assert ("internet", "ports 8443 and 8000", gateway) in wired
        redirect = next(r for r in routes if "redirect" in r)
        assert "redirects to HTTPS" in node[redirect]


def test_readme_picture_is_the_commands_output() -> None:
    [picture] = blocks("mermaid", README)
    done = subprocess.run(
        [sys.executable, "-m", "homemusic", "graph", "dist"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert picture == done.stdout == blog_picture()


def test_graph_reads_yaml_only_without_cdk8s(tmp_path: Path) -> None:
    # homemusic/commands/graph.py loaded on its own, in a process where cdk8s cannot be imported
    source = str(ROOT / "homemusic" / "commands" / "graph.py")
    script = (
        "import importlib.util, sys\n"
        "sys.modules['cdk8s'] = None; sys.modules['jsii'] = None\n"
        f"spec = importlib.util.spec_from_file_location('g', {source!r})\n"
        "g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)\n"
        f"sys.exit(g.main([{str(DIST)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == blog_picture().replace(
        "%% homemusic graph dist", f"%% homemusic graph {DIST.as_posix()}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "DIST 'nowhere' is not a synthesized output (make synth)"),
        (["a", "b"], "unrecognized arguments: b"),
    ],
)
def test_misuse_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = graph.main(args)
    except SystemExit as stop:
        status = int(str(stop.code))
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert message in err[-1] and err[-1].startswith("homemusic graph: error:")


def test_unreadable_dist_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.yaml").write_text("- just\n- a list\n")
    assert graph.main([str(tmp_path)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"homemusic graph: error: cannot read DIST {str(tmp_path)!r}: "
        "a document is not a Kubernetes object"
    )


def test_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "homemusic", "graph", "--help"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "usage: homemusic graph [-h] [DIST]" in done.stdout
