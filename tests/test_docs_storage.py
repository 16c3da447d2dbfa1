"""docs/choices/storage.md and docs/operations/moving.md: their code is correct.

Python blocks run (synth replaced by render, as the README's); YAML blocks are
valid Kubernetes objects (the schemas of tests.support); the commands name the
objects the library writes.
"""

from __future__ import annotations

import re
from typing import Any

import homemusic

import cdk8s
import pytest
import yaml

from tests.support import ROOT, blog_chart, schema_errors

STORAGE = ROOT / "docs" / "choices" / "storage.md"
MOVING = ROOT / "docs" / "operations" / "moving.md"
DOCS = (STORAGE, MOVING)


def blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text()
        for code in re.findall(rf"^ *```{language}\n(.*?)^ *```", text, re.S | re.M):
            found.append((doc.name, _dedent(code)))
    return found


def _dedent(code: str) -> str:
    lines = code.splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


PYTHON = blocks("python")
YAML = blocks("yaml")


def test_the_docs_have_code() -> None:
    assert len(PYTHON) >= 1
    assert len(YAML) >= 3


@pytest.mark.parametrize("index", range(len(PYTHON)))
def test_python_blocks_run(index: int) -> None:
    name, code = PYTHON[index]
    assert "homemusic.synth(app)" in code
    code = code.replace("homemusic.synth(app)", "files = homemusic.render(app)")
    namespace: dict[str, object] = {}
    exec(compile(code, f"{name} python block {index + 1}", "exec"), namespace)
    files = namespace["files"]
    assert isinstance(files, dict) and "kustomization.yaml" in files


@pytest.mark.parametrize("index", range(len(YAML)))
def test_yaml_blocks_are_valid_objects(index: int) -> None:
    name, code = YAML[index]
    obj: dict[str, Any] = yaml.safe_load(code)
    assert schema_errors(obj) == [], name


def test_the_copy_job_mounts_what_the_library_writes() -> None:
    job = next(yaml.safe_load(c) for _, c in YAML if "kind: Job" in c)
    claim = next(yaml.safe_load(c) for _, c in YAML if "kind: PersistentVolumeClaim" in c)
    objects = list(blog_chart().to_json())
    claims = {o["metadata"]["name"] for o in objects if o["kind"] == "PersistentVolumeClaim"}
    namespace = next(o["metadata"]["name"] for o in objects if o["kind"] == "Namespace")
    assert job["metadata"]["namespace"] == claim["metadata"]["namespace"] == namespace
    volumes = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in
               job["spec"]["template"]["spec"]["volumes"]}  # fmt: skip
    assert volumes["from"] in claims
    assert volumes["to"] == claim["metadata"]["name"]
    [container] = job["spec"]["template"]["spec"]["containers"]
    assert container["image"] == homemusic.SAMBA_IMAGE
    assert container["command"] == ["cp", "-a", "/from/.", "/to/"]


def test_the_commands_name_the_objects_of_main_py() -> None:
    objects = list(blog_chart().to_json())
    names = {(o["kind"], o["metadata"]["name"]) for o in objects}
    text = MOVING.read_text()
    for kind, name in (
        ("Deployment", "homemusic-samba"),
        ("Deployment", "homemusic-airsonic"),
        ("PersistentVolumeClaim", "homemusic-music"),
        ("PersistentVolumeClaim", "homemusic-config"),
        ("PersistentVolume", "homemusic-homemusic-music"),
        ("PersistentVolume", "homemusic-homemusic-config"),
    ):
        assert (kind, name) in names
        assert name in text
    app = cdk8s.App()
    from tests.support import blog_stack_args

    chart = homemusic.HomeMusicChart(app, "c", **blog_stack_args(samba_recycle_days=30))
    homemusic.render(app)
    cronjobs = [o["metadata"]["name"] for o in chart.to_json() if o["kind"] == "CronJob"]
    assert cronjobs == ["homemusic-samba-recycle"]
    assert "cronjob homemusic-samba-recycle" in text


def test_the_docs_link_each_other() -> None:
    assert "(../operations/moving.md)" in STORAGE.read_text()
    assert "(../choices/storage.md)" in MOVING.read_text()
