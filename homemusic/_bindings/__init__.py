"""Generated cdk8s bindings for the CRDs the library uses (not public API).

In the source tree the bindings live where ``cdk8s import`` writes them, in
the top-level ``imports/io/`` folder; the wheel carries them here, as
``homemusic._bindings.metallb`` and ``homemusic._bindings.k8s.networking.gateway``
(see ``pyproject.toml``), so that an
installed homemusic neither shadows nor needs a consumer's own ``imports``
package. The generated modules import their ``_jsii`` part relatively, so
the same files work under either name.
"""

from __future__ import annotations

import os

_here = os.path.dirname(os.path.abspath(__file__))
_checkout = os.path.dirname(os.path.dirname(_here))
_source_tree = os.path.join(_checkout, "imports", "io")
# Only in a source checkout (pyproject.toml beside homemusic/) and only when
# the wheel's copies are absent: an installed package never looks outside
# itself.
if (
    not os.path.isdir(os.path.join(_here, "metallb"))
    and os.path.isfile(os.path.join(_checkout, "pyproject.toml"))
    and os.path.isdir(_source_tree)
):
    __path__.append(_source_tree)
