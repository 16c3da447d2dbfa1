"""homemusic's own jsii assembly, ``homemusic-objects`` (not public API).

``homemusic-objects/`` holds its sources, exactly the tarball's ``package/``
directory; ``tools/jsii_helper.py`` builds ``homemusic-objects@<version>.jsii.tgz``
from them (the tests check that the committed tarball is that build).
:mod:`homemusic._private.k8s` loads it into the jsii kernel beside cdk8s.
"""
