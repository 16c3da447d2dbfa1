"""homemusic's own jsii assembly (homemusic-objects): what it builds, and how it is built."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from homemusic._private import k8s

import cdk8s
import jsii
import pytest

from tools import jsii_helper

SOURCES = jsii_helper.SOURCES


def _chart(namespace: str | None) -> tuple[cdk8s.App, cdk8s.Chart]:
    app = cdk8s.App()
    return app, cdk8s.Chart(app, "c", namespace=namespace, disable_resource_name_hashes=True)


def _object(chart: cdk8s.Chart, name: str) -> dict[str, Any]:
    (found,) = [o for o in chart.to_json() if o["metadata"]["name"] == name]
    return dict(found)


def _with_patches(
    chart: cdk8s.Chart, name: str, spec: object = None, data: object = None
) -> cdk8s.ApiObject:
    """The same object the way the library wrote it before the helper: three calls."""
    made = cdk8s.ApiObject(
        chart,
        f"patched-{name}",
        api_version="v1",
        kind="Thing",
        metadata=cdk8s.ApiObjectMetadata(name=name, labels={"b": "2", "a": "1"}),
    )
    patches = []
    if spec is not None:
        patches.append(cdk8s.JsonPatch.add("/spec", _sorted(spec)))
    if data is not None:
        patches.append(cdk8s.JsonPatch.add("/data", _sorted(data)))
    made.add_json_patch(*patches)
    return made


SPEC = {
    "zeta": [{"name": "x", "image": "y", "args": ["--b", "--a"]}, {"empty": {}}],
    "alpha": {"nested": {"b": 1, "a": True}, "list": [], "gone": None},
    "text": "multi\nline ünïcode",
    "listed": [1, None, "2"],
    "\U0001f600": 1,
    "\uff21": 2,
}


def _sorted(value: object) -> object:
    """How the library sorted a spec before the helper (and a jsii map left out a None)."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value) if value[k] is not None}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


@jsii.implements(cdk8s.IResolver)
class _Recorder:
    """An App resolver that sees (and would change) what cdk8s resolves."""

    def __init__(self) -> None:
        self.keys: list[list[str]] = []

    def resolve(self, context: cdk8s.ResolutionContext) -> None:
        self.keys.append(list(context.key))
        if context.value == "lower":
            context.replace_value("UPPER")


@pytest.mark.parametrize(
    ("spec", "data"),
    [(SPEC, None), (None, {"k": "v", "a": "lower"}), ({"a": "lower", "b": [1]}, {"k": "v"})],
)
def test_define_renders_what_the_json_patches_rendered(spec: object, data: object) -> None:
    resolver = _Recorder()
    app = cdk8s.App(resolvers=[resolver])
    chart = cdk8s.Chart(app, "c", namespace="music", disable_resource_name_hashes=True)
    made = k8s.api_object(
        chart, "helper", api_version="v1", kind="Thing", name="helper",
        object_labels={"b": "2", "a": "1"}, spec=spec, data=data,  # type: ignore[arg-type]
    )  # fmt: skip
    _with_patches(chart, "patched", spec, data)
    # a plain ApiObject, as before: users patch it like any other
    assert type(made) is cdk8s.ApiObject
    assert made.name == "helper"
    helper, patched = _object(chart, "helper"), _object(chart, "patched")
    assert helper["metadata"]["namespace"] == "music"
    assert {**helper, "metadata": None} == {**patched, "metadata": None}
    assert cdk8s.Yaml.stringify(helper).replace("helper", "X") == cdk8s.Yaml.stringify(
        patched
    ).replace("patched", "X")
    # the spec before the data, and neither seen (nor changed) by the App's resolvers
    assert list(helper) == ["apiVersion", "kind", "metadata"] + [
        key for key, value in (("spec", spec), ("data", data)) if value is not None
    ]
    assert not [key for key in resolver.keys if key[:1] in (["spec"], ["data"])]
    assert "UPPER" not in cdk8s.Yaml.stringify(helper)


def test_cdk8s_disable_sort_leaves_the_library_sorted(tmp_path: Path) -> None:
    """CDK8S_DISABLE_SORT stops cdk8s sorting props, never the library's sorted spec."""
    program = textwrap.dedent(
        """
        from homemusic._private import k8s
        import cdk8s
        chart = cdk8s.Chart(cdk8s.App(outdir="."), "c")
        k8s.api_object(chart, "x", api_version="v1", kind="Thing", name="x",
                       spec={"b": 1, "a": {"d": 1, "c": 2}})
        print(list(chart.to_json()[0]["spec"]), list(chart.to_json()[0]["spec"]["a"]))
        """
    )
    env = {**os.environ, "CDK8S_DISABLE_SORT": "1"}
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['a', 'b'] ['c', 'd']\n"


def test_later_json_patches_apply() -> None:
    _, chart = _chart("music")
    made = k8s.api_object(
        chart, "d", api_version="apps/v1", kind="Deployment", name="d", spec={"replicas": 1}
    )
    made.add_json_patch(cdk8s.JsonPatch.replace("/spec/replicas", 0))
    assert _object(chart, "d")["spec"] == {"replicas": 0}


def test_data_mappings_and_tuples() -> None:
    from types import MappingProxyType

    _, chart = _chart(None)
    k8s.api_object(
        chart, "cm", api_version="v1", kind="ConfigMap", name="cm",
        data=MappingProxyType({"b": "2", "a": "1"}),
    )  # fmt: skip
    k8s.api_object(
        chart, "t", api_version="v1", kind="Thing", name="t",
        spec={"items": ("one", "two"), "map": MappingProxyType({"k": "v"})},
    )  # fmt: skip
    assert _object(chart, "cm")["data"] == {"a": "1", "b": "2"}
    assert _object(chart, "t")["spec"] == {"items": ["one", "two"], "map": {"k": "v"}}


def test_a_value_that_is_not_json_is_refused_in_python() -> None:
    _, chart = _chart(None)
    with pytest.raises(TypeError, match="not JSON"):
        k8s.api_object(chart, "x", api_version="v1", kind="Thing", name="x", spec={"a": {1, 2}})
    with pytest.raises(ValueError, match="not JSON compliant"):
        k8s.api_object(chart, "y", api_version="v1", kind="Thing", name="y", spec={"a": 1e999})


@pytest.mark.parametrize("namespace", ["music", None])
def test_cluster_scoped_objects_carry_no_namespace(namespace: str | None) -> None:
    _, chart = _chart(namespace)
    k8s.api_object(chart, "pv", api_version="v1", kind="PersistentVolume", name="pv",
                   cluster_scoped=True)  # fmt: skip
    k8s.api_object(chart, "cm", api_version="v1", kind="ConfigMap", name="cm")
    k8s.api_object(chart, "other", api_version="v1", kind="ConfigMap", name="other",
                   namespace="elsewhere")  # fmt: skip
    assert "namespace" not in _object(chart, "pv")["metadata"]
    assert _object(chart, "cm")["metadata"].get("namespace") == namespace
    assert _object(chart, "other")["metadata"]["namespace"] == "elsewhere"


def test_committed_tarball_is_the_build_of_the_sources() -> None:
    tarball = jsii_helper.tarball_path()
    assert tarball.exists(), "run: .venv/bin/python tools/jsii_helper.py"
    assert gzip.decompress(tarball.read_bytes()) == jsii_helper.tar_bytes(), (
        "the committed tarball is stale: run .venv/bin/python tools/jsii_helper.py"
    )
    assert sorted(p.name for p in tarball.parent.glob("*.jsii.tgz")) == [tarball.name]


def test_one_version_everywhere() -> None:
    package = json.loads((SOURCES / "package.json").read_text())
    assembly = json.loads((SOURCES / ".jsii").read_text())
    script = (SOURCES / "lib" / "index.js").read_text()
    rtti = re.findall(r'fqn: "([^"]+)", version: "([^"]+)"', script)
    assert package["name"] == assembly["name"] == k8s.ASSEMBLY
    assert package["version"] == assembly["version"] == k8s.ASSEMBLY_VERSION
    assert rtti == [(k8s._Objects.__jsii_type__, k8s.ASSEMBLY_VERSION)]
    assert list(assembly["types"]) == [k8s._Objects.__jsii_type__]
    # the peer versions accept the cdk8s and constructs this project installs
    assert assembly["dependencies"] == package["peerDependencies"]


def test_jsii_validates_the_hand_written_assembly(tmp_path: Path) -> None:
    """jsii's own schema check of an assembly (off by default) accepts it."""
    program = textwrap.dedent(
        """
        from homemusic._private import k8s
        import cdk8s
        app = cdk8s.App(outdir=".")
        chart = cdk8s.Chart(app, "c")
        k8s.api_object(chart, "x", api_version="v1", kind="ConfigMap", name="x")
        print(chart.to_json()[0]["metadata"]["name"])
        """
    )
    env = {
        **os.environ,
        "JSII_VALIDATE_ASSEMBLIES": "1",
        # a fresh package cache: an extraction from the cache is not validated again
        "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "x\n"
