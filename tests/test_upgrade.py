"""Upgrades: removed arguments refused with their replacement, immutable fields kept or named.

Kubernetes refuses to change some fields of an existing object (a
Deployment's selector, a PersistentVolume's source and node affinity, a
claim's volume, class and modes, the size of a claim bound to a static volume,
a smaller size of a dynamically provisioned claim (a larger one is how it
grows), a Service's type to or from ExternalName, a
Job's template, an immutable ConfigMap or Secret). Each release's committed
output of main.py is kept in ``tests/fixtures/releases/<version>/``; every
such difference between one release and the next must be named in the next
release's CHANGELOG.md entry, with the user's steps, and a volume or claim
never disappears from the output silently (a new name is a new, empty volume).
"""

from __future__ import annotations

import copy
import importlib
import json
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import homemusic
from homemusic import (
    GatewayRoute,
    HomeMusicChart,
    HomeMusicError,
    SambaShare,
    SambaUser,
    TlsGateway,
    TlsIngress,
)
from homemusic._private.compat import REMOVED
from homemusic._private.validation import quantity_value

import cdk8s
import pytest
import yaml

from tests.support import ROOT, blog_stack_args, local_storage, new_chart

RELEASES = ROOT / "tests" / "fixtures" / "releases"
CHANGELOG = (ROOT / "CHANGELOG.md").read_text()
Obj = dict[str, Any]


def load(path: Path) -> list[Obj]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def current_output() -> list[Obj]:
    return load(ROOT / "dist" / "homemusic.k8s.yaml")


def _key(obj: Obj) -> tuple[str, str | None, str]:
    return obj["kind"], obj["metadata"].get("namespace"), obj["metadata"]["name"]


_PV_SOURCES = ("local", "nfs", "hostPath", "csi", "iscsi", "cephfs", "rbd", "fc")


def immutable_fields(obj: Obj) -> dict[str, Any]:
    """The fields of ``obj`` the API server will not change on an existing object."""
    spec = obj.get("spec", {})
    kind = obj["kind"]
    if kind == "Deployment":
        return {"spec.selector": spec.get("selector")}
    if kind == "PersistentVolume":
        fields = {f"spec.{s}": spec[s] for s in _PV_SOURCES if s in spec}
        fields["spec.nodeAffinity"] = spec.get("nodeAffinity")
        fields["spec.volumeMode"] = spec.get("volumeMode")
        return fields
    if kind == "PersistentVolumeClaim":
        fields = {
            f"spec.{k}": spec.get(k)
            for k in ("volumeName", "storageClassName", "accessModes", "volumeMode", "selector")
        }
        if "volumeName" in spec:
            # A claim bound by name to a static volume has no StorageClass that allows
            # expansion, so the resize admission plugin refuses any new request.
            fields["spec.resources.requests.storage"] = _request(obj)
        return fields
    if kind == "Service":
        return {"spec.type is ExternalName": spec.get("type") == "ExternalName"}
    if kind == "Job":
        return {"spec.template": spec.get("template"), "spec.selector": spec.get("selector")}
    if kind in ("ConfigMap", "Secret") and obj.get("immutable"):
        return {"data": obj.get("data"), "immutable": True}
    return {}


def _request(obj: Obj) -> str | None:
    request = obj.get("spec", {}).get("resources", {}).get("requests", {}).get("storage")
    return str(request) if request is not None else None


def shrunk(old: Obj, new: Obj) -> bool:
    """A dynamically provisioned claim asks less than before: the API server refuses it
    (a claim's request may grow, when its class allows expansion, never shrink)."""
    if old["kind"] != "PersistentVolumeClaim" or "volumeName" in old.get("spec", {}):
        return False
    before, after = _request(old), _request(new)
    if before is None or after is None:
        return False
    return quantity_value(after) < quantity_value(before)


def upgrade_changes(old: list[Obj], new: list[Obj]) -> list[str]:
    """Each immutable field that differs, each dynamic claim that shrinks, and each
    volume or claim that went away."""
    before = {_key(o): o for o in old}
    after = {_key(o): o for o in new}
    changes = []
    for key, obj in before.items():
        kind, namespace, name = key
        where = f"{kind} {namespace + '/' if namespace else ''}{name}"
        if key not in after:
            if kind in ("PersistentVolume", "PersistentVolumeClaim"):
                changes.append(f"{where} removed")
            continue
        old_fields, new_fields = immutable_fields(obj), immutable_fields(after[key])
        for field in sorted(set(old_fields) | set(new_fields)):
            if old_fields.get(field) != new_fields.get(field):
                changes.append(f"{where} {field}")
        if shrunk(obj, after[key]):
            changes.append(f"{where} spec.resources.requests.storage decreased")
    return changes


def changelog_entry(version: str) -> str:
    match = re.search(rf"^## \[{re.escape(version)}\].*?(?=^## \[|\Z)", CHANGELOG, re.S | re.M)
    assert match, f"CHANGELOG.md has no entry for {version}"
    return match.group(0)


def released() -> list[str]:
    return sorted((p.name for p in RELEASES.iterdir()), key=lambda v: tuple(map(int, v.split("."))))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        *zip(released(), released()[1:], strict=False),
        (released()[-1], homemusic.__version__),
    ],
)
def test_immutable_changes_are_named_in_the_changelog(old: str, new: str) -> None:
    before = load(RELEASES / old / "homemusic.k8s.yaml")
    after = (
        current_output()
        if new == homemusic.__version__
        else load(RELEASES / new / "homemusic.k8s.yaml")
    )
    entry = changelog_entry(new)
    for change in upgrade_changes(before, after):
        assert f"`{change}`" in entry, f"{change}: not named in CHANGELOG.md [{new}]"


def test_the_comparison_finds_what_kubernetes_refuses() -> None:
    new = current_output()
    changed = copy.deepcopy(new)
    for obj in changed:
        if obj["kind"] == "Deployment" and obj["metadata"]["name"] == "homemusic-samba":
            obj["spec"]["selector"]["matchLabels"]["extra"] = "x"
        if obj["kind"] == "PersistentVolume" and obj["metadata"]["name"].endswith("-music"):
            obj["spec"]["local"]["path"] = "/elsewhere"
        if obj["kind"] == "PersistentVolumeClaim" and obj["metadata"]["name"].endswith("-config"):
            obj["spec"]["storageClassName"] = "other"
    changed = [
        o for o in changed if _key(o) != ("PersistentVolumeClaim", "homemusic", "homemusic-music")
    ]
    assert sorted(upgrade_changes(new, changed)) == [
        "Deployment homemusic/homemusic-samba spec.selector",
        "PersistentVolume homemusic-homemusic-music spec.local",
        "PersistentVolumeClaim homemusic/homemusic-config spec.storageClassName",
        "PersistentVolumeClaim homemusic/homemusic-music removed",
    ]
    assert upgrade_changes(new, new) == []


def _with_dynamic_music(objects: list[Obj], size: str) -> list[Obj]:
    """The output with the music claim a StorageClass's (no volume, no volumeName)."""
    changed = copy.deepcopy(objects)
    kept = []
    for obj in changed:
        if obj["kind"] == "PersistentVolume" and obj["metadata"]["name"].endswith("-music"):
            continue
        if obj["kind"] == "PersistentVolumeClaim" and obj["metadata"]["name"].endswith("-music"):
            del obj["spec"]["volumeName"]
            obj["spec"]["storageClassName"] = "longhorn"
            obj["spec"]["resources"]["requests"]["storage"] = size
        kept.append(obj)
    return kept


def test_a_dynamic_claim_may_grow_and_never_shrink() -> None:
    small = _with_dynamic_music(current_output(), "500Gi")
    assert upgrade_changes(small, _with_dynamic_music(current_output(), "1000Gi")) == []
    assert upgrade_changes(small, _with_dynamic_music(current_output(), "0.5Ti")) == []
    assert upgrade_changes(small, _with_dynamic_music(current_output(), "400Gi")) == [
        "PersistentVolumeClaim homemusic/homemusic-music spec.resources.requests.storage decreased"
    ]


def test_a_static_claim_keeps_its_size() -> None:
    new = current_output()
    grown = copy.deepcopy(new)
    for obj in grown:
        if obj["kind"] == "PersistentVolumeClaim" and obj["metadata"]["name"].endswith("-music"):
            obj["spec"]["resources"]["requests"]["storage"] = "2000Gi"
    assert upgrade_changes(new, grown) == [
        "PersistentVolumeClaim homemusic/homemusic-music spec.resources.requests.storage"
    ]


def test_music_size_grows_a_dynamic_claim() -> None:
    def claim(size: str) -> Obj:
        app = cdk8s.App()
        chart = HomeMusicChart(
            app,
            "c",
            **blog_stack_args(
                music_backend=homemusic.StorageBackend.storage_class(storage_class_name="longhorn"),
                music_size=size,
            ),
        )
        homemusic.render(app)
        return next(
            o
            for o in chart.to_json()
            if o["kind"] == "PersistentVolumeClaim" and o["metadata"]["name"] == "homemusic-music"
        )

    before, after = claim("500Gi"), claim("1Ti")
    assert after["spec"]["resources"]["requests"]["storage"] == "1Ti"
    assert upgrade_changes([before], [after]) == []
    assert upgrade_changes([after], [before]) == [
        "PersistentVolumeClaim homemusic/homemusic-music spec.resources.requests.storage decreased"
    ]


def test_volume_and_claim_names_never_change() -> None:
    for release in released():
        old = {_key(o) for o in load(RELEASES / release / "homemusic.k8s.yaml")}
        new = {_key(o) for o in current_output()}
        data = {k for k in old if k[0] in ("PersistentVolume", "PersistentVolumeClaim")}
        assert data <= new, (release, data - new)


def test_version_is_one_and_in_the_changelog() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert homemusic.__version__ == pyproject
    assert re.match(r"^\d+\.\d+\.\d+$", pyproject)
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", CHANGELOG, re.M)
    assert versions[0] == pyproject  # the newest entry is this release
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    assert set(released()) < set(versions)
    assert "## [Unreleased]" in CHANGELOG
    upgrading = (ROOT / "docs" / "operations" / "upgrading.md").read_text()
    assert "](../changelog.md)" in upgrading[:2000]
    assert "../CHANGELOG.md" in (ROOT / "docs" / "changelog.md").read_text()


# --- removed arguments -----------------------------------------------------------------


def _calls() -> list[tuple[str, str, Any]]:
    return [(owner, name, "x") for owner, names in REMOVED.items() for name in names]


@pytest.mark.parametrize(("owner", "name", "value"), _calls())
def test_removed_arguments_name_their_replacement(owner: str, name: str, value: Any) -> None:
    removed = REMOVED[owner][name]
    chart = new_chart()
    builders: dict[str, Callable[[], object]] = {
        "HomeMusicStack": lambda: homemusic.HomeMusicStack(
            chart, "s", **blog_stack_args(), **{name: value}
        ),
        "HomeMusicChart": lambda: HomeMusicChart(
            cdk8s.App(), "c", **blog_stack_args(), **{name: value}
        ),
        "SambaShare": lambda: SambaShare(
            chart,
            "samba",
            storage=local_storage(chart),
            users=[SambaUser(name="me")],
            load_balancer_ip="192.168.0.200",
            lan_cidrs=["192.168.0.0/24"],
            **{name: value},
        ),
        "SambaUser": lambda: SambaUser(name="me", **{name: value}),
        "TlsIngress": lambda: TlsIngress(
            chart, "i", app=cast(Any, None), host="example.com", **{name: value}
        ),
        "TlsGateway": lambda: TlsGateway(
            chart, "g", app=cast(Any, None), host="example.com", class_name="eg", **{name: value}
        ),
        "GatewayRoute": lambda: GatewayRoute(
            chart,
            "r",
            app=cast(Any, None),
            host="example.com",
            name="gw",
            namespace="n",
            **{name: value},
        ),
    }
    with pytest.raises(HomeMusicError) as raised:
        builders[owner]()
    message = str(raised.value)
    assert message.startswith(f"{owner} {name}: got 'x'; expected ")
    assert removed.replacement in message
    assert f"removed in {removed.release}" in message
    # and the changelog of that release says so
    assert f"`{name}`" in changelog_entry(removed.release)


def test_an_app_of_the_first_release_is_told_what_to_change(tmp_path: Path) -> None:
    # 0.1.0's own main.py, run against this library
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import homemusic, cdk8s, main\n"
        "try:\n    main.build(cdk8s.App(outdir=sys.argv[2]))\n"
        "except homemusic.HomeMusicError as e:\n    print(e); sys.exit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(RELEASES / "0.1.0"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("HomeMusicChart ingress_class_name: got 'public'")
    assert "https_entry=HttpsEntry.ingress(class_name=...)" in result.stdout
    assert "TypeError" not in result.stderr


# --- each example's output, and a program that relied on 0.3.0's defaults ---------------------


def _examples(release: str) -> list[str]:
    folder = RELEASES / release / "examples"
    return sorted(p.name.removesuffix(".k8s.yaml") for p in folder.glob("*.k8s.yaml"))


def _render(build: Callable[[cdk8s.App], object]) -> list[Obj]:
    app = cdk8s.App()
    build(app)
    homemusic.render(app)  # the validations, as a real synth
    return [obj for chart in app.charts for obj in chart.to_json()]


@pytest.mark.parametrize("example", _examples("0.3.0"))
def test_examples_keep_their_immutable_fields(example: str) -> None:
    before = load(RELEASES / "0.3.0" / "examples" / f"{example}.k8s.yaml")
    after = _render(importlib.import_module(f"examples.{example}").build)
    entry = changelog_entry(homemusic.__version__)
    for change in upgrade_changes(before, after):
        assert f"`{change}`" in entry, f"examples/{example}.py {change}: not in CHANGELOG.md"


def test_the_comparison_covers_the_examples() -> None:
    # every example but the blog's (main.py's output, compared above) has its 0.3.0 output
    examples = {p.stem for p in (ROOT / "examples").glob("*.py")} - {"__init__", "blog"}
    assert set(_examples("0.3.0")) >= examples - NEW_EXAMPLES


NEW_EXAMPLES: set[str] = {"k3s_longhorn", "backed_up"}
"""Examples added after 0.3.0: they have no earlier output to compare."""


def _run_defaults_app(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "defaults.py").write_text(source)
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); import homemusic, cdk8s, defaults\n"
        "app = cdk8s.App()\n"
        "try:\n    defaults.build(app); homemusic.render(app)\n"
        "except homemusic.HomeMusicError as e:\n    print(e); sys.exit(3)\n"
        "print(json.dumps([o for c in app.charts for o in c.to_json()]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "app")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


def test_an_app_relying_on_0_3_0_defaults_is_told_to_choose_its_entry(tmp_path: Path) -> None:
    result = _run_defaults_app((RELEASES / "0.3.0" / "defaults.py").read_text(), tmp_path)
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("HomeMusicStack https_entry: got None; expected ")
    assert (
        "HttpsEntry.ingress(class_name='public', controller_namespace='ingress')" in result.stdout
    )
    assert "Traceback" not in result.stderr


def test_the_changelog_steps_give_back_0_3_0_output(tmp_path: Path) -> None:
    # The 0.4.0 entry's own code lines, added to 0.3.0's program, reproduce 0.3.0's output.
    entry = changelog_entry("0.4.0")
    steps = re.findall(r"```python\n(.*?)```", entry, re.S)
    lines = [textwrap.dedent(step).strip() for step in steps]
    assert lines == [
        "music_server=MusicServer.airsonic(),",
        'https_entry=HttpsEntry.ingress(class_name="nginx", controller_namespace="ingress-nginx"),',
    ]
    source = (RELEASES / "0.3.0" / "defaults.py").read_text()
    anchor = '            host="music.example.com",\n'
    assert source.count(anchor) == 1
    upgraded = source.replace(anchor, anchor + "".join(f"            {line}\n" for line in lines))
    upgraded = upgraded.replace(
        "from homemusic import HomeMusicChart,",
        "from homemusic import HttpsEntry, MusicServer\nfrom homemusic import HomeMusicChart,",
    )
    result = _run_defaults_app(upgraded, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == load(RELEASES / "0.3.0" / "defaults.k8s.yaml")
