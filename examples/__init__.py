"""Runnable examples; each defines ``build(app)`` and synthesizes to ``dist-<name>/`` when run."""
