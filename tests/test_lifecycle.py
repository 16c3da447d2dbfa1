"""Day two: the documented apply command removes what is gone and can never remove data.

kubectl's prune deletes an object only when its kind is in ``--prune-allowlist``,
it matches ``-l``, it has kubectl's last-applied annotation and the new output
lacks it (kubectl 1.36, ``pkg/cmd/apply/prune.go``); ``-l`` also filters what
is applied (``LabelSelectorParam`` in ``apply.go``). So: every kind the
library writes is in the documented allowlist except the namespace, volumes and
claims; no Secret kind is; every object carries the label; and the objects
that hold data carry the annotations Argo CD and Flux honour.
"""

from __future__ import annotations

import importlib
import shlex
from typing import Any

import homemusic
from homemusic import HomeMusicChart, HttpsEntry, MusicServer, StorageBackend
from homemusic._private.k8s import KEEP_ANNOTATIONS

import cdk8s
import pytest

from tests import docs_text
from tests.support import blog_stack_args

DOCS = docs_text.text()
PROTECTED = {"Namespace", "PersistentVolume", "PersistentVolumeClaim"}
EXAMPLES = [
    "blog",
    "nfs",
    "two_households",
    "navidrome",
    "gateway",
    "existing_gateway",
    "k3s_longhorn",
]


def readme_apply_command() -> list[str]:
    # the README's step 5 and docs/operations/apply.md: one command, written the same
    found = {b for b in docs_text.blocks("sh") if "--prune-allowlist" in b}
    assert len(found) == 1, found
    [block] = found
    return shlex.split(block.replace("\\\n", " "))


def every_output() -> list[dict[str, Any]]:
    """Objects of main.py, every example, and the variants no example shows."""
    objects: list[dict[str, Any]] = []
    apps = []
    for module in EXAMPLES:
        app = cdk8s.App()
        importlib.import_module(f"examples.{module}").build(app)
        apps.append(app)
    for extra in (
        {"cluster_issuer": True},
        {"music_server": MusicServer.navidrome(), "publish": False},
        {"https_entry": HttpsEntry.gateway(class_name="eg"), "cluster_issuer": True},
        {"metallb_addresses": ["192.168.0.200/32"], "metallb_legacy_annotation": True},
        {
            "samba_recycle_days": 30,
            "music_server": MusicServer.navidrome(
                backup_schedule="@daily",
                backup_backend=StorageBackend.nfs(server="192.168.0.20", path="/backup"),
                restore_backup="navidrome_backup_2026.11.01_04.00.00.db",
            ),
        },
    ):
        app = cdk8s.App()
        HomeMusicChart(app, "variant", **blog_stack_args(**extra))
        apps.append(app)
    for app in apps:
        homemusic.render(app)
        objects += [obj for chart in app.charts for obj in chart.to_json()]
    return objects


OUTPUT = every_output()


def gvk(obj: dict[str, Any]) -> str:
    group, _, version = obj["apiVersion"].rpartition("/")
    return f"{group or 'core'}/{version}/{obj['kind']}"


def test_apply_command_shape() -> None:
    argv = readme_apply_command()
    assert argv[:4] == ["kubectl", "apply", "-k", "dist/"]
    assert "--prune" in argv
    assert argv[argv.index("-l") + 1] == "app.kubernetes.io/part-of=homemusic"
    # client-side apply: kubectl refuses --prune with --server-side
    assert "--server-side" not in argv and "--all" not in argv


def test_allowlist_is_every_kind_the_library_writes_but_the_protected_ones() -> None:
    argv = readme_apply_command()
    allowlist = {a.split("=", 1)[1] for a in argv if a.startswith("--prune-allowlist=")}
    written = {gvk(o) for o in OUTPUT}
    assert {k.rsplit("/", 1)[1] for k in written} >= PROTECTED | {
        "Deployment",
        "HTTPRoute",
        "CronJob",
        "Job",
    }
    assert allowlist == {k for k in written if k.rsplit("/", 1)[1] not in PROTECTED}
    kinds = {k.rsplit("/", 1)[1] for k in allowlist}
    assert not kinds & PROTECTED
    assert "Secret" not in kinds  # a Secret the user made can never be pruned


def test_every_object_carries_the_selected_label() -> None:
    # `-l` filters what is applied: an object without the label would be skipped
    for obj in OUTPUT:
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "homemusic", gvk(obj)


def test_objects_holding_data_are_never_pruned_by_gitops() -> None:
    protected = [o for o in OUTPUT if o["kind"] in PROTECTED]
    assert {o["kind"] for o in protected} == PROTECTED
    for obj in protected:
        annotations = obj["metadata"]["annotations"]
        assert annotations["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
        assert annotations["kustomize.toolkit.fluxcd.io/prune"] == "disabled"
    assert KEEP_ANNOTATIONS == {
        "argocd.argoproj.io/sync-options": "Prune=false,Delete=false",
        "kustomize.toolkit.fluxcd.io/prune": "disabled",
    }
    # and nothing else carries them: everything else follows the output
    others = [o for o in OUTPUT if o["kind"] not in PROTECTED]
    for obj in others:
        assert not set(obj["metadata"].get("annotations", {})) & set(KEEP_ANNOTATIONS)


def test_namespace_alone_is_selected_by_its_pod_security_label() -> None:
    # Getting started, step 4: `kubectl apply -k dist/ -l pod-security.kubernetes.io/enforce`
    assert "kubectl apply -k dist/ -l pod-security.kubernetes.io/enforce" in DOCS
    selected = [
        o for o in OUTPUT if "pod-security.kubernetes.io/enforce" in o["metadata"].get("labels", {})
    ]
    assert selected and {o["kind"] for o in selected} == {"Namespace"}


@pytest.mark.parametrize("command", ["samba-users", "navidrome-admin"])
def test_readme_creates_user_secrets_without_overwriting(command: str) -> None:
    blocks = [
        " ".join(b.replace("\\\n", " ").split())
        for b in docs_text.blocks("sh")
        if f"homemusic {command}" in b
    ]
    to_cluster = [b for b in blocks if "| kubectl" in b]
    assert to_cluster
    # `kubectl create` refuses to overwrite: Navidrome's key must never change,
    # and a prune never meets a Secret applied with kubectl's annotation
    for block in to_cluster:
        assert "| kubectl create -f -" in block and "kubectl apply" not in block
