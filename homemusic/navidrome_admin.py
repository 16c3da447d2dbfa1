"""``python -m homemusic.navidrome_admin``: the same command as ``homemusic navidrome-admin``.

The command lives in :mod:`homemusic.commands.navidrome_admin`; this module
keeps the path 0.3.0 gives working, as a command and for imports.
"""

import sys

from .commands.navidrome_admin import ADMIN_USER, admin_config, admin_secret, main, toml_string

__all__ = ["ADMIN_USER", "admin_config", "admin_secret", "main", "toml_string"]

if __name__ == "__main__":
    sys.exit(main())
