"""``python -m homemusic``: the ``homemusic`` console script."""

import sys

from .commands.cli import main

sys.exit(main())
