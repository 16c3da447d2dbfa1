"""`make bench`: how much homemusic adds on top of cdk8s' and Python's own start-up costs.

Every number is a median of several repetitions, the compared cases alternating
so that machine noise hits them alike. Run from the repository root with the
project's virtualenv (``make bench`` does both). This is a measurement, not a
test: nothing here fails on a slow machine; the targets are printed beside the
numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from homemusic._private.node import use_bundled_node

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.cluster_replay import Replay, add_other_namespaces, kubeconfig, serving

ROOT = Path(__file__).resolve().parent.parent
STATES = ROOT / "tests" / "fixtures" / "cluster-states"

# The reference: a process that imports cdk8s and synthesizes an empty chart.
FLOOR = textwrap.dedent(
    """
    import cdk8s, sys
    app = cdk8s.App(outdir=sys.argv[1])
    cdk8s.Chart(app, "empty")
    app.synth()
    """
)

# The former reference, kept as a second line: it also imports cdk8s-plus-27,
# which the library no longer does, so it flatters the library.
FLOOR_PLUS = textwrap.dedent(
    """
    import cdk8s, cdk8s_plus_27, sys
    app = cdk8s.App(outdir=sys.argv[1])
    cdk8s.Chart(app, "empty")
    app.synth()
    """
)

IMPORT = textwrap.dedent(
    """
    import time
    t = time.perf_counter()
    import homemusic
    from homemusic import HomeMusicChart
    print(time.perf_counter() - t)
    """
)

# The doctor is timed on a recorded healthy cluster (tests/fixtures), served by
# the tests' replay API server, with this many objects of other workloads
# (Deployments and Services in other namespaces) added beside the stack.
DOCTOR_SIZES = (0, 2000, 4000)

STACKS = textwrap.dedent(
    """
    import sys, time
    import homemusic
    from homemusic import HomeMusicStack, HttpsEntry, MusicServer, SambaUser, StorageBackend
    import cdk8s

    count, outdir = int(sys.argv[1]), sys.argv[2]
    start = time.perf_counter()
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "stacks", namespace="music")
    for i in range(count):
        HomeMusicStack(
            chart,
            f"s{i}",
            name=f"house{i}",
            music_backend=StorageBackend.local(node_name=f"node{i}", path="/mnt/hdd/music"),
            config_backend=StorageBackend.local(node_name=f"node{i}", path="/mnt/hdd/config"),
            samba_users=[SambaUser(name="me")],
            samba_load_balancer_ip=f"10.0.{i // 200}.{i % 200 + 1}",
            lan_cidrs=["10.0.0.0/16"],
            host=f"house{i}.example.com",
            acme_email="me@example.com",
            # 0.3.0's defaults, so that the figures compare across releases
            music_server=MusicServer.airsonic(),
            https_entry=HttpsEntry.ingress(
                class_name="nginx", controller_namespace="ingress-nginx"
            ),
        )
    homemusic.synth(app)
    print(time.perf_counter() - start)
    """
)


OUTDIR = tempfile.mkdtemp(prefix="homemusic-bench-")


def env() -> dict[str, str]:
    """Byte-code caches on (as `make` runs), and main.py writing outside dist/."""
    result = dict(os.environ)
    result.pop("PYTHONDONTWRITEBYTECODE", None)
    # Every case runs the same Node.js: the one `import homemusic` would pick
    # (the floor does not import homemusic, so it would otherwise run the
    # machine's node, a different version).
    node = use_bundled_node()
    if node:
        result["JSII_NODE"] = node
    result["CDK8S_OUTDIR"] = os.path.join(OUTDIR, "main")
    return result


def run(args: list[str], environment: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall time of one process, and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        args, cwd=ROOT, env=environment or env(), capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, done.stdout


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids.extend(int(p) for p in handle.read().split())
    except OSError:
        pass
    return kids


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory_mib(args: list[str]) -> float:
    """Peak of the summed resident memory of a process and its children (Node)."""
    proc = subprocess.Popen(args, cwd=ROOT, env=env(), stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        pids, todo = [], [proc.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(_children(pid))
        peak = max(peak, sum(_rss_kib(p) for p in pids))
        time.sleep(0.01)
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed")
    return peak / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=11, help="repetitions of each case (twice for the synth)"
    )
    parser.add_argument("--skip-make-test", action="store_true", help="do not time `make test`")
    options = parser.parse_args()
    py = sys.executable
    out = os.path.join(OUTDIR, "other")

    # Warm the byte-code caches and the OS file cache once.
    run([py, "-c", FLOOR, out])
    run([py, "main.py"])

    command = str(Path(py).with_name("homemusic"))  # the console script of this virtualenv
    floor, floor_plus, synth, imports, bare, helped = [], [], [], [], [], []
    for i in range(2 * options.repeat):
        # The synth's ratio moves most with the machine's noise: twice the pairs.
        floor.append(run([py, "-c", FLOOR, out])[0])
        synth.append(run([py, "main.py"])[0])
        if i % 2:
            continue
        floor_plus.append(run([py, "-c", FLOOR_PLUS, out])[0])
        imports.append(float(run([py, "-c", IMPORT])[1]))
        bare.append(run([py, "-c", "pass"])[0])
        helped.append(run([command, "--help"])[0])

    doctor: dict[int, list[float]] = {n: [] for n in DOCTOR_SIZES}
    requests: dict[int, int] = {}
    with contextlib.ExitStack() as stack:
        configs, replays = {}, {}
        for n in DOCTOR_SIZES:
            replays[n] = Replay(STATES / "healthy")
            add_other_namespaces(replays[n], n)
            url = stack.enter_context(serving(replays[n]))
            configs[n] = str(kubeconfig(Path(OUTDIR) / f"kubeconfig-{n}", url))
        dist = str(STATES / "dist")
        for n in DOCTOR_SIZES:  # warm
            run([command, "doctor", dist, "--kubeconfig", configs[n]])
        for _ in range(options.repeat):
            for n in DOCTOR_SIZES:
                before = len(replays[n].queries)
                doctor[n].append(run([command, "doctor", dist, "--kubeconfig", configs[n]])[0])
                requests[n] = len(replays[n].queries) - before

    sizes = (1, 10, 50)
    stack_wall: dict[int, list[float]] = {n: [] for n in sizes}
    stack_inner: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(max(3, options.repeat // 2)):
        for n in sizes:
            wall, printed = run([py, "-c", STACKS, str(n), out])
            stack_wall[n].append(wall)
            stack_inner[n].append(float(printed))

    memory = peak_memory_mib([py, "main.py"])

    ratio = median(synth) / median(floor)
    ratio_plus = median(synth) / median(floor_plus)
    growth = median(stack_wall[50]) / median(stack_wall[1])
    per_stack_10 = (median(stack_inner[10]) - median(stack_inner[1])) / 9
    per_stack_50 = (median(stack_inner[50]) - median(stack_inner[10])) / 40

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print("homemusic benchmark (medians; the compared cases alternate)")
    print(f"  machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"  floor (import cdk8s, synth an empty chart):                 {median(floor):.2f} s")
    print(f"  old floor (import cdk8s + cdk8s-plus-27, synth an empty chart): "
          f"{median(floor_plus):.2f} s")  # fmt: skip
    print(f"  main.py synth:                                              {median(synth):.2f} s")
    print(f"  ratio main.py / floor: {ratio:.2f}  (target <= 1.25: {verdict(ratio <= 1.25)})")
    # Each repetition runs the floor and main.py one after the other: the spread
    # of their ratios shows how much the machine's noise moves the figure.
    pairs = sorted(s / f for s, f in zip(synth, floor, strict=True))
    print(
        f"  ratio of each repetition's pair: {pairs[0]:.2f} to {pairs[-1]:.2f}, "
        f"middle half {pairs[len(pairs) // 4]:.2f} to {pairs[(3 * len(pairs)) // 4]:.2f}"
    )
    print(f"  ratio main.py / old floor: {ratio_plus:.2f}")
    print(f"  import of the constructs (in process, includes cdk8s): {median(imports):.2f} s")
    help_ratio = median(helped) / median(bare)
    print(f"  bare python -c pass:                                        {median(bare):.3f} s")
    print(f"  homemusic --help:                                           {median(helped):.3f} s")
    print(
        f"  ratio homemusic --help / bare python: {help_ratio:.2f}  "
        f"(target <= 2: {verdict(help_ratio <= 2)})"
    )
    for n in DOCTOR_SIZES:
        target = f"  (target <= 1 s: {verdict(median(doctor[n]) <= 1)})" if n == 2000 else ""
        print(
            f"  homemusic doctor, healthy stack + {n:>4} other objects: "
            f"{median(doctor[n]):.2f} s, {requests[n]} requests{target}"
        )
    doctor_growth = median(doctor[DOCTOR_SIZES[-1]]) / median(doctor[0])
    print(
        f"  doctor with {DOCTOR_SIZES[-1]} other objects / with none: {doctor_growth:.2f}x "
        f"(the objects it must read do not change: target about 1)"
    )
    for n in sizes:
        print(
            f"  synth of one chart with {n:>2} stacks: {median(stack_wall[n]):.2f} s per process, "
            f"{median(stack_inner[n]):.2f} s of it building and writing"
        )
    print(
        f"  50 stacks / 1 stack (process): {growth:.1f}x  (target <= 10: {verdict(growth <= 10)})"
    )
    shape = "linear" if per_stack_50 <= 1.5 * per_stack_10 else "growing faster than linear"
    print(
        f"  cost of one more stack: {per_stack_10 * 1000:.0f} ms (from 1 to 10), "
        f"{per_stack_50 * 1000:.0f} ms (from 10 to 50): {shape}"
    )
    print(f"  peak memory of the main.py synth (Python + Node): {memory:.0f} MiB")
    if not options.skip_make_test:
        plain = {k: v for k, v in os.environ.items() if k != "CDK8S_OUTDIR"}
        seconds, _ = run(["make", "-s", "test"], plain)
        print(
            f"  make test (after setup): {seconds:.1f} s  (target <= 30: {verdict(seconds <= 30)})"
        )


if __name__ == "__main__":
    main()
