"""``python -m homemusic.samba_users``: the same command as ``homemusic samba-users``.

The command lives in :mod:`homemusic.commands.samba_users`; this module keeps
the path the README and 0.3.0 give working, as a command and for imports.
"""

import sys

from .commands.samba_users import main, users_file, users_secret

__all__ = ["main", "users_file", "users_secret"]

if __name__ == "__main__":
    sys.exit(main())
