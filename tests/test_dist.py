"""dist/: fresh, deterministic, listed by kustomization.yaml, written all or nothing."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import homemusic

import cdk8s
import jsii
import pytest
import yaml
from constructs import IValidation

import main
from tests.support import ROOT, blog_stack_args, load_yaml_dir

DIST = ROOT / "dist"


def fresh_files() -> dict[str, str]:
    app = cdk8s.App()
    main.build(app)
    return homemusic.render(app)


def test_dist_is_fresh() -> None:
    """The committed dist/ equals a fresh synth of main.py (run `make synth` if not)."""
    expected = fresh_files()
    actual = {p.name: p.read_text() for p in sorted(DIST.iterdir())} if DIST.is_dir() else {}
    diff: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        diff.extend(
            difflib.unified_diff(
                actual.get(name, "").splitlines(keepends=True),
                expected.get(name, "").splitlines(keepends=True),
                fromfile=f"dist/{name} (committed)",
                tofile=f"dist/{name} (fresh synth)",
            )
        )
    assert not diff, "dist/ is stale; run `make synth` and commit:\n" + "".join(diff)


def test_synth_is_deterministic() -> None:
    assert fresh_files() == fresh_files()


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((DIST / "kustomization.yaml").read_text())
    assert kustomization["kind"] == "Kustomization"
    listed = kustomization["resources"]
    on_disk = sorted(p.name for p in DIST.glob("*.yaml") if p.name != "kustomization.yaml")
    assert listed == on_disk
    for name in listed:
        assert (DIST / name).is_file()


def test_no_secret_in_dist() -> None:
    for name, docs in load_yaml_dir(DIST).items():
        for doc in docs:
            assert doc.get("kind") != "Secret", name
            for env in (
                env
                for c in doc.get("spec", {})
                .get("template", {})
                .get("spec", {})
                .get("containers", [])
                for env in c.get("env", [])
            ):
                if "PASSWORD" in env["name"]:
                    assert "value" not in env and "secretKeyRef" in env["valueFrom"]
    text = "".join(p.read_text() for p in DIST.iterdir())
    assert "mypassword" not in text


def test_main_writes_outdir_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old-chart.k8s.yaml").write_text("stale: true\n")
    env = dict(os.environ, CDK8S_OUTDIR=str(out))
    result = subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # a synth prints nothing but what the project prints (no Node.js banner)
    assert result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == ["homemusic.k8s.yaml", "kustomization.yaml"]
    assert (out / "homemusic.k8s.yaml").read_text() == fresh_files()["homemusic.k8s.yaml"]


@jsii.implements(IValidation)
class _AlwaysFails:
    def validate(self) -> list[str]:
        return ["the tree is incomplete"]


def test_failed_synth_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    app = cdk8s.App()
    main.build(app)
    homemusic.synth(app, str(out))
    before = {p.name: p.read_text() for p in out.iterdir()}

    broken = cdk8s.App()
    chart = main.build(broken)
    chart.node.add_validation(_AlwaysFails())
    with pytest.raises(homemusic.SynthError) as info:
        homemusic.synth(broken, str(out))
    assert "the tree is incomplete" in str(info.value)
    assert {p.name: p.read_text() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging left over


def test_duplicate_objects_fail_the_synth(tmp_path: Path) -> None:
    app = cdk8s.App()
    # two charts in one namespace, each with a stack of the same name
    homemusic.HomeMusicChart(app, "first", **blog_stack_args())
    homemusic.HomeMusicChart(app, "second", **blog_stack_args(samba_load_balancer_ip="192.168.0.9"))
    with pytest.raises(homemusic.SynthError) as info:
        homemusic.synth(app, str(tmp_path / "dist"))
    assert "Namespace 'homemusic' (namespace -) is defined twice" in str(info.value)
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("foreign", ["notes.txt", "sub/"])
def test_synth_never_replaces_a_directory_with_other_files(tmp_path: Path, foreign: str) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "old.k8s.yaml").write_text("a: 1\n")
    if foreign.endswith("/"):
        (out / foreign).mkdir()
    else:
        (out / foreign).write_text("mine\n")
    app = cdk8s.App()
    main.build(app)
    with pytest.raises(homemusic.HomeMusicError) as info:
        homemusic.synth(app, str(out))
    assert str(info.value).startswith(f"synth outdir: got '{out}'; expected a new directory")
    assert foreign.rstrip("/") in str(info.value)
    assert sorted(p.name for p in out.iterdir()) == sorted(["old.k8s.yaml", foreign.rstrip("/")])
    assert (out / "old.k8s.yaml").read_text() == "a: 1\n"


def test_a_refused_directory_is_reported_before_a_failing_validation(tmp_path: Path) -> None:
    """The outdir is checked first, as before synthesizing moved into one call."""
    out = tmp_path / "project"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    app = cdk8s.App()
    chart = main.build(app)
    chart.stack.entry.ingress.add_json_patch(  # type: ignore[union-attr]
        cdk8s.JsonPatch.add("/spec/rules/-", {"host": "plain.example.com"})
    )
    with pytest.raises(homemusic.HomeMusicError) as info:
        homemusic.synth(app, str(out))
    assert str(info.value).startswith("synth outdir: ")


@pytest.mark.parametrize("function", ["render", "synth"])
def test_anything_but_an_app_is_refused_by_name(function: str) -> None:
    app = cdk8s.App()
    chart = main.build(app)
    for wrong in (chart, None):
        with pytest.raises(homemusic.HomeMusicError) as info:
            getattr(homemusic, function)(wrong)
        assert str(info.value).startswith(f"{function} app: got ")
        assert str(info.value).endswith("expected a cdk8s.App, the root of the construct tree")


def test_identities_read_from_yaml_match_the_objects() -> None:
    from homemusic.output import _identities

    app = cdk8s.App()
    chart = main.build(app)
    text = homemusic.render(app)["homemusic.k8s.yaml"]
    expected = [
        (o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])
        for o in chart.to_json()
    ]
    assert _identities(text) == expected
    assert len(expected) > 10


def test_duplicate_names_in_one_chart_fail_the_synth() -> None:
    from homemusic import AirsonicApp, MusicStorage, StorageBackend

    app = cdk8s.App()
    chart = cdk8s.Chart(app, "one", namespace="music")
    storage = MusicStorage(
        chart,
        "storage",
        music_backend=StorageBackend.local(node_name="n1", path="/m"),
        config_backend=StorageBackend.local(node_name="n1", path="/c"),
    )
    AirsonicApp(chart, "a", storage=storage)
    AirsonicApp(chart, "b", storage=storage)  # same default name "airsonic"
    with pytest.raises(homemusic.SynthError) as info:
        homemusic.render(app)
    assert "Deployment 'airsonic' (namespace music) is defined twice" in str(info.value)


def test_interrupted_swap_restores_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.k8s.yaml").write_text("a: 1\n")
    real_rename = os.rename

    def failing_rename(src: str, dst: str) -> None:
        if os.path.basename(src).startswith(".synth-"):
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    app = cdk8s.App()
    main.build(app)
    with pytest.raises(OSError, match="disk full"):
        homemusic.synth(app, str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    assert (out / "old.k8s.yaml").read_text() == "a: 1\n"


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    app = cdk8s.App(outdir=str(out))
    with pytest.raises(homemusic.HomeMusicError) as info:
        homemusic.HomeMusicChart(app, "x", **blog_stack_args(host="not a host"))
        homemusic.synth(app)
    # named as the caller passed it, not as TlsIngress calls it
    assert str(info.value).startswith("HomeMusicStack host: got 'not a host'")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
