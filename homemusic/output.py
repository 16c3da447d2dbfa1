"""synth(): write an App's manifests all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile

import cdk8s

from ._private.k8s import Json, render_app
from .errors import HomeMusicError

KUSTOMIZATION = "kustomization.yaml"


class SynthError(HomeMusicError):
    """A deferred validation failed; nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("synth", "; ".join(errors), "a construct tree whose validations pass")


def _check_app(argument: str, app: object) -> None:
    if not isinstance(app, cdk8s.App):
        raise HomeMusicError(argument, app, "a cdk8s.App, the root of the construct tree")


def _render(app: cdk8s.App) -> Json:
    """Run every validation and synthesize every chart, in one call into Node.js."""
    try:
        return render_app(app)
    except RuntimeError as error:  # jsii raises the JavaScript error as RuntimeError
        raise SynthError([str(error)]) from None


def _file_name(chart_path: str) -> str:
    return chart_path.replace("/", "-") + ".k8s.yaml"


def render(app: cdk8s.App) -> dict[str, str]:
    """Validate the app and return ``{file name: YAML text}`` without writing anything.

    One file per chart (``<chart id>.k8s.yaml``) plus a ``kustomization.yaml``
    that lists them, so Argo CD or Flux can apply the directory as it is.
    """
    _check_app("render app", app)
    return _files(_render(app))


def _files(rendered: Json) -> dict[str, str]:
    charts = rendered["charts"]
    files: dict[str, str] = {}
    seen: dict[tuple[str, str, str], str] = {}
    for chart in charts:
        name = _file_name(chart["path"])
        if name in files or name == KUSTOMIZATION:
            raise SynthError([f"two charts would write {name}"])
        # The usual case, one chart: its file is exactly what was synthesized.
        files[name] = rendered["yaml"] if len(charts) == 1 else chart["yaml"]
        for key in _identities(files[name]):
            if key in seen:
                raise SynthError(
                    [
                        f"{key[0]} {key[2]!r} (namespace {key[1] or '-'}) is defined twice, "
                        f"in {seen[key]} and {name}: give each stack or chart its own name "
                        "or namespace"
                    ]
                )
            seen[key] = name
    files[KUSTOMIZATION] = (
        "apiVersion: kustomize.config.k8s.io/v1beta1\n"
        "kind: Kustomization\n"
        "resources:\n" + "".join(f"  - {f}\n" for f in sorted(files))
    )
    return files


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _identities(manifests: str) -> list[tuple[str, str, str]]:
    """``(kind, namespace, name)`` of each document of cdk8s' YAML output.

    Reads only the top-level ``kind`` and the ``metadata`` keys directly below it,
    which cdk8s always writes as plain ``key: value`` lines: cheaper than a
    second trip through jsii for the objects.
    """
    found = []
    for document in manifests.split("\n---\n"):
        kind = name = namespace = ""
        in_metadata = False
        for line in document.splitlines():
            if not line.startswith(" "):
                in_metadata = line == "metadata:"
                if line.startswith("kind:"):
                    kind = _unquote(line[5:])
            elif in_metadata and line.startswith("  ") and not line.startswith("   "):
                key, _, value = line[2:].partition(":")
                if key == "name":
                    name = _unquote(value)
                elif key == "namespace":
                    namespace = _unquote(value)
        if kind:
            found.append((kind, namespace, name))
    return found


def _check_replaceable(target: str) -> None:
    """Refuse to replace a directory that holds anything but synthesized manifests."""
    if not os.path.exists(target):
        return
    allowed = (
        "a new directory, or one holding only synthesized manifests (*.yaml files): "
        "synth replaces it whole"
    )
    if not os.path.isdir(target) or os.path.islink(target):
        raise HomeMusicError("synth outdir", target, allowed)
    foreign = sorted(
        entry.name
        for entry in os.scandir(target)
        if not (entry.is_file(follow_symlinks=False) and entry.name.endswith((".yaml", ".yml")))
    )
    if foreign:
        raise HomeMusicError("synth outdir", target, f"{allowed}; it holds {foreign[:5]}")


def synth(app: cdk8s.App, outdir: str | None = None) -> list[str]:
    """Synthesize ``app`` into ``outdir`` (default: the App's outdir, ``dist``).

    Unlike ``App.synth()``, every validation runs before the first byte is
    written, the files are written to a temporary directory first, and the
    directory then replaces ``outdir`` whole: a failed synth leaves the previous
    output untouched, and no stale file from an earlier synth survives (GitOps
    would still apply it). A directory holding anything but ``*.yaml`` files
    is never replaced: that raises :class:`HomeMusicError` instead. Returns the
    paths written.
    """
    _check_app("synth app", app)
    target = os.path.abspath(outdir or app.outdir)
    _check_replaceable(target)
    files = _files(_render(app))
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".synth-", dir=parent)
    previous = None
    try:
        for name, text in files.items():
            with open(os.path.join(staging, name), "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        if os.path.exists(target):
            previous = tempfile.mkdtemp(prefix=".previous-", dir=parent)
            os.rmdir(previous)
            os.rename(target, previous)
        os.rename(staging, target)
    except BaseException:
        # Put the previous output back if it was moved aside already.
        if previous and not os.path.exists(target):
            os.rename(previous, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if previous:
        shutil.rmtree(previous)
    return [os.path.join(target, name) for name in sorted(files)]
