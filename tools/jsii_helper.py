"""Build homemusic's jsii assembly tarball from its sources.

The sources are ``homemusic/_private/_jsii/homemusic-objects/`` (``package.json``,
``.jsii``, ``lib/index.js``): exactly the tarball's ``package/`` directory.
The tarball is deterministic (sorted entries, no owners, time 0), so the tests
can check that the committed one is this build of the committed sources.

    python tools/jsii_helper.py      # rewrites the .jsii.tgz beside the sources
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "homemusic" / "_private" / "_jsii"
SOURCES = HERE / "homemusic-objects"
FILES = (".jsii", "lib/index.js", "package.json")


def version() -> str:
    """The assembly's version, from its ``package.json``."""
    return str(json.loads((SOURCES / "package.json").read_text())["version"])


def tarball_path() -> Path:
    return HERE / f"homemusic-objects@{version()}.jsii.tgz"


def tar_bytes() -> bytes:
    """The uncompressed tar archive of the sources, byte for byte reproducible."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name in FILES:
            data = (SOURCES / name).read_bytes()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def main() -> None:
    path = tarball_path()
    for old in HERE.glob("homemusic-objects@*.jsii.tgz"):
        if old != path:
            old.unlink()
    path.write_bytes(gzip.compress(tar_bytes(), mtime=0))
    print(path.relative_to(HERE.parent.parent.parent))


if __name__ == "__main__":
    main()
