"""``homemusic doctor``: the synthesized output against the live cluster, read-only.

It reads ``dist/`` (every object the stack wants, the users and IDs it
expects) and the cluster the kubeconfig points at, and reports, grouped, one
line per finding: a mark (ok, problem, warning, skipped), what was seen, and
what to do. ``--json`` gives the same as data. Exit status 0 when nothing is a
problem, 1 when something is, 2 for a usage error or a cluster it cannot read.
It only ever sends GET requests, and never prints a Secret's value.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .checks import GROUPS, Finding, diagnose, problems
from .cluster import Cluster, Obj, namespaces_to_read, read_dist

MARKS = {"ok": "ok", "problem": "PROBLEM", "warning": "warning", "skipped": "skipped"}


def render(findings: Sequence[Finding], *, dist: str, source: str) -> str:
    """The report as text: a heading per group, one line per finding."""
    lines = [f"homemusic doctor: {dist} against {source}"]
    for group in GROUPS:
        found = [f for f in findings if f.group == group]
        if not found:
            continue
        lines += ["", group]
        for f in found:
            line = f"  {MARKS[f.mark]:<8} {f.seen}"
            if f.fix and f.mark != "ok":
                line += f". Fix: {f.fix}"
            lines.append(line)
    count = problems(findings)
    warnings = sum(1 for f in findings if f.mark == "warning")
    lines += [
        "",
        f"{count} problem{'s' * (count != 1)}, {warnings} warning{'s' * (warnings != 1)}.",
    ]
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], *, dist: str, source: str) -> str:
    return json.dumps(
        {
            "dist": dist,
            "cluster": source,
            "problems": problems(findings),
            "findings": [f.as_dict() for f in findings],
        },
        indent=2,
    )


def run(expected: list[Obj], cluster: Cluster, *, dist: str, as_data: bool, out: TextIO) -> int:
    """Diagnose ``cluster`` against ``expected`` (``dist``'s objects), write the report; the
    exit status."""
    findings = diagnose(expected, cluster)
    report = as_json if as_data else render
    out.write(report(findings, dist=dist, source=cluster.source))
    if as_data:
        out.write("\n")
    return 1 if problems(findings) else 0


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    prog: str = "homemusic doctor",
) -> int:
    """Run the command; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Check the live cluster against the synthesized output and say what is "
        "wrong and how to fix it. Read-only.",
    )
    parser.add_argument(
        "dist", nargs="?", default="dist", metavar="DIST", help="the synthesized output (dist/)"
    )
    parser.add_argument("--context", help="the kubeconfig context (default: its current one)")
    parser.add_argument("--kubeconfig", help="the kubeconfig file (default: as kubectl finds it)")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    missing = [m for m in ("kubernetes", "yaml") if importlib.util.find_spec(m) is None]
    if missing:
        print(
            f"{prog}: error: needs the kubernetes and PyYAML packages: "
            "pip install 'homemusic[doctor]'",
            file=sys.stderr,
        )
        return 2
    dist = Path(args.dist)
    if not dist.is_dir() or not any(dist.glob("*.yaml")):
        print(
            f"{prog}: error: DIST {str(dist)!r} is not a synthesized output (make synth)",
            file=sys.stderr,
        )
        return 2
    import yaml

    from .checks import Expected
    from .live import DoctorError, load

    try:
        expected = read_dist(dist)
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"{prog}: error: cannot read DIST {str(dist)!r}: {problem}", file=sys.stderr)
        return 2
    try:
        stack = Expected(expected).namespaces
        cluster = load(args.kubeconfig, args.context, namespaces_to_read(expected) | stack, stack)
    except DoctorError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    return run(expected, cluster, dist=str(dist), as_data=args.json, out=out)
