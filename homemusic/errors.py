"""The one exception type the library raises for bad input."""

from __future__ import annotations

from typing import Any


class HomeMusicError(ValueError):
    """Raised when an argument of a homemusic construct is not acceptable.

    The message always names the argument, the value received and what is
    allowed, e.g. ``SambaShare load_balancer_ip: got '10.0.0.5'; expected an
    address inside lan_cidrs ['192.168.0.0/24']``. It derives from
    :class:`ValueError` so existing ``except ValueError`` handlers catch it.
    """

    def __init__(self, argument: str, value: Any, allowed: str) -> None:
        self.argument = argument
        self.value = value
        self.allowed = allowed
        super().__init__(f"{argument}: got {value!r}; expected {allowed}")
