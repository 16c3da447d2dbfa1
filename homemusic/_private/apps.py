"""The streaming server constructs as the HTTPS entries see them (not public API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from .k8s import ServerApp

if TYPE_CHECKING:
    from ..constructs.airsonic import AirsonicApp
    from ..constructs.navidrome import NavidromeApp


def is_music_app(value: object) -> TypeGuard[AirsonicApp | NavidromeApp]:
    """Whether ``value`` is an :class:`AirsonicApp` or a :class:`NavidromeApp`.

    Checked through their shared base, so that an entry's module imports
    neither server's (a program with Airsonic never loads Navidrome's construct).
    """
    return isinstance(value, ServerApp)
