"""Arguments removed from the public API, refused with their replacement (not public API).

An app written for an earlier release fails on its first removed argument with
a :class:`HomeMusicError` that names the replacement and the release that made
the change (see CHANGELOG.md), instead of Python's bare ``TypeError``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..errors import HomeMusicError

F = TypeVar("F", bound=Callable[..., Any])


class Removed:
    """A removed keyword argument: the release that removed it and what replaces it."""

    def __init__(self, release: str, replacement: str) -> None:
        self.release = release
        self.replacement = replacement


_STACK: dict[str, Removed] = {
    "ingress_class_name": Removed(
        "0.2.0", "https_entry=HttpsEntry.ingress(class_name=...) (the class of your controller)"
    ),
    "ingress_namespace": Removed(
        "0.2.0", "https_entry=HttpsEntry.ingress(controller_namespace=...)"
    ),
    "airsonic_flavor": Removed("0.2.0", "music_server=MusicServer.airsonic(flavor=...)"),
    "samba_credentials_secret_name": Removed(
        "0.2.0",
        "samba_users_secret_name=..., a Secret holding users.json "
        "(create it with homemusic samba-users before you apply)",
    ),
}

REMOVED: Mapping[str, Mapping[str, Removed]] = {
    "HomeMusicStack": _STACK,
    "HomeMusicChart": _STACK,
    "SambaShare": {
        "credentials_secret_name": Removed(
            "0.2.0",
            "users_secret_name=..., a Secret holding users.json "
            "(create it with homemusic samba-users before you apply)",
        ),
    },
    "SambaUser": {
        "password_key": Removed(
            "0.2.0",
            "nothing: every password lives in the users Secret's users.json "
            "(homemusic samba-users writes it)",
        ),
    },
    "TlsIngress": {
        "ingress_class_name": Removed("0.3.0", "class_name=... (HttpsEntry.ingress's name for it)"),
        "ingress_namespace": Removed(
            "0.3.0", "controller_namespace=... (HttpsEntry.ingress's name for it)"
        ),
        "hsts_max_age_seconds": Removed(
            "0.2.0",
            "nothing on the Ingress: ingress-nginx sends HSTS from its ConfigMap (key hsts, on "
            "by default); the created Gateway takes HttpsEntry.gateway(hsts_max_age_seconds=...)",
        ),
    },
    "TlsGateway": {
        "gateway_class_name": Removed("0.3.0", "class_name=... (HttpsEntry.gateway's name for it)"),
    },
    "GatewayRoute": {
        "gateway_name": Removed("0.3.0", "name=... (HttpsEntry.existing_gateway's name for it)"),
        "gateway_namespace": Removed(
            "0.3.0", "namespace=... (HttpsEntry.existing_gateway's name for it)"
        ),
    },
}
"""Every public keyword argument removed since 0.1.0, by the construct that had it."""


def refuse(owner: str, arguments: Mapping[str, Any]) -> None:
    """Raise for the first removed argument of ``owner`` among ``arguments``."""
    for name, value in arguments.items():
        removed = REMOVED.get(owner, {}).get(name)
        if removed is not None:
            raise HomeMusicError(
                f"{owner} {name}",
                value,
                f"{removed.replacement}; {name} was removed in {removed.release} "
                "(CHANGELOG.md says how to upgrade)",
            )


def refuses_removed(owner: str) -> Callable[[F], F]:
    """Decorate ``__init__``: removed keyword arguments are refused with their replacement.

    The signature (and so type checking) stays the current one; only a call
    that passes a removed name is stopped, before anything is built.
    """

    def decorate(init: F) -> F:
        names = frozenset(REMOVED[owner])

        @functools.wraps(init)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if names.intersection(kwargs):
                refuse(owner, kwargs)
            return init(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
