"""MusicServer: which streaming server a HomeMusicStack deploys, with its own options."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from constructs import Construct

from .._private import validation as v
from .._private.options import as_kwargs, lazy_signature_of, signature_of

if TYPE_CHECKING:
    from ..constructs.airsonic import AirsonicApp, AirsonicOptions
    from ..constructs.navidrome import NavidromeApp, NavidromeOptions
    from ..constructs.storage import MusicStorage


# Each server's module is imported when that server is chosen, not before: a
# program with Airsonic never loads Navidrome's construct, and the reverse.
def _airsonic_options() -> type[AirsonicOptions]:
    from ..constructs.airsonic import AirsonicOptions

    return AirsonicOptions


def _navidrome_options() -> type[NavidromeOptions]:
    from ..constructs.navidrome import NavidromeOptions

    return NavidromeOptions


# Type checkers see signature_of: each factory takes its options' arguments.
_airsonic_signature = (
    signature_of(AirsonicOptions) if TYPE_CHECKING else lazy_signature_of(_airsonic_options)
)
_navidrome_signature = (
    signature_of(NavidromeOptions) if TYPE_CHECKING else lazy_signature_of(_navidrome_options)
)


def _app(kind: str) -> tuple[type[AirsonicApp] | type[NavidromeApp], type[Any]]:
    """The construct and options class of the server ``kind``."""
    if kind == "airsonic":
        from ..constructs.airsonic import AirsonicApp

        return AirsonicApp, _airsonic_options()
    if kind == "navidrome":
        from ..constructs.navidrome import NavidromeApp

        return NavidromeApp, _navidrome_options()
    raise v.fail("MusicServer kind", kind, "'airsonic' or 'navidrome': use a MusicServer factory")


@dataclass(frozen=True)
class MusicServer:
    """The streaming server of a :class:`HomeMusicStack`. Build it with a factory.

    ``MusicServer.navidrome()`` is the maintained one and the default (since
    0.4.0); ``MusicServer.airsonic()`` is the blog's choice, asked for by name
    (last released in 2020). Each factory takes that server's own options, the fields of
    :class:`AirsonicOptions` or :class:`NavidromeOptions`, and checks them at
    once; the stack supplies what both share (name, storage, ``timezone``,
    ``puid``, ``pgid``, ``music_read_only``).
    """

    kind: str
    options: AirsonicOptions | NavidromeOptions

    @staticmethod
    @_airsonic_signature
    def airsonic(**options: Any) -> MusicServer:
        """Airsonic (or Airsonic-Advanced): the options of :class:`AirsonicOptions`."""
        return MusicServer._made("airsonic", options)

    @staticmethod
    @_navidrome_signature
    def navidrome(**options: Any) -> MusicServer:
        """Navidrome: the options of :class:`NavidromeOptions`."""
        return MusicServer._made("navidrome", options)

    @staticmethod
    def _made(kind: str, options: Mapping[str, Any]) -> MusicServer:
        app, options_type = _app(kind)
        with v.caller_names(_names(app.__name__, f"MusicServer.{kind}", options_type)):
            return MusicServer(kind, options_type(**options))

    def build(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        storage: MusicStorage,
        shared: Mapping[str, Any],
        caller: str,
    ) -> AirsonicApp | NavidromeApp:
        """The app construct, named ``<name>-<kind>``.

        ``shared`` are the stack's arguments both servers take (``timezone``,
        ``puid``, ``pgid``, ``music_read_only``); errors name them as ``caller``'s
        arguments and this server's own options as the factory's.
        """
        app, options_type = _app(self.kind)
        names = _names(app.__name__, f"MusicServer.{self.kind}", options_type)
        names.update({f"{app.__name__} {k}": f"{caller} {k}" for k in shared})
        with v.caller_names(names):
            return app(
                scope,
                id,
                name=f"{name}-{self.kind}",
                storage=storage,
                **shared,
                **as_kwargs(self.options),
            )


def _names(owner: str, factory: str, options_type: type[Any]) -> dict[str, str]:
    """The options' error names as the factory's (``MusicServer.navidrome log_level``)."""
    return {f"{owner} {f.name}": f"{factory} {f.name}" for f in dataclasses.fields(options_type)}
