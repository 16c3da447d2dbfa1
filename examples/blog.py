"""The blog's setup: local volumes on node1, Samba on 192.168.0.200, example.com.

This is exactly the top-level ``main.py`` (the app ``make synth`` runs), kept
there so ``cdk8s synth`` finds it; run ``python -m examples.blog`` to write
``dist-blog/`` instead.
"""

from __future__ import annotations

import homemusic

import cdk8s

from main import build

__all__ = ["build"]

if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-blog")
    build(app)
    homemusic.synth(app)
