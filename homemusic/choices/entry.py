"""HttpsEntry: how the internet reaches the streaming server, chosen with one argument."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from constructs import Construct

from .._private import validation as v
from .._private.options import as_kwargs, lazy_signature_of, signature_of

if TYPE_CHECKING:
    from ..constructs.airsonic import AirsonicApp
    from ..constructs.gateway import (
        ExistingGatewayOptions,
        GatewayOptions,
        GatewayRoute,
        TlsGateway,
    )
    from ..constructs.ingress import IngressOptions, TlsIngress
    from ..constructs.navidrome import NavidromeApp

    HttpsConstruct: TypeAlias = TlsIngress | TlsGateway | GatewayRoute
    """What an :class:`HttpsEntry` builds."""


# Each entry's module is imported when that entry is chosen, not before: a
# program with an Ingress never loads the Gateway constructs, and the reverse.
def _ingress_options() -> type[IngressOptions]:
    from ..constructs.ingress import IngressOptions

    return IngressOptions


def _gateway_options() -> type[GatewayOptions]:
    from ..constructs.gateway import GatewayOptions

    return GatewayOptions


def _existing_gateway_options() -> type[ExistingGatewayOptions]:
    from ..constructs.gateway import ExistingGatewayOptions

    return ExistingGatewayOptions


# Type checkers see signature_of: each factory takes its options' arguments.
_ingress_signature = (
    signature_of(IngressOptions) if TYPE_CHECKING else lazy_signature_of(_ingress_options)
)
_gateway_signature = (
    signature_of(GatewayOptions) if TYPE_CHECKING else lazy_signature_of(_gateway_options)
)
_existing_gateway_signature = (
    signature_of(ExistingGatewayOptions)
    if TYPE_CHECKING
    else lazy_signature_of(_existing_gateway_options)
)


def _entry(kind: str) -> tuple[type[HttpsConstruct], type[Any]]:
    """The construct and options class of the entry ``kind``."""
    if kind == "ingress":
        from ..constructs.ingress import TlsIngress

        return TlsIngress, _ingress_options()
    if kind == "gateway":
        from ..constructs.gateway import TlsGateway

        return TlsGateway, _gateway_options()
    if kind == "existing_gateway":
        from ..constructs.gateway import GatewayRoute

        return GatewayRoute, _existing_gateway_options()
    raise v.fail(
        "HttpsEntry kind",
        kind,
        "'ingress', 'gateway' or 'existing_gateway': use an HttpsEntry factory",
    )


@dataclass(frozen=True)
class HttpsEntry:
    """The public HTTPS entry of a :class:`HomeMusicStack`. Build it with a factory.

    - :meth:`ingress`: an Ingress (the blog's; ingress-nginx or Traefik);
    - :meth:`gateway`: a Gateway of its own with certificates from Let's Encrypt;
    - :meth:`existing_gateway`: a route on a Gateway you already run (it does TLS).

    Each factory takes that entry's own options (:class:`IngressOptions`,
    :class:`GatewayOptions`, :class:`ExistingGatewayOptions`) and checks them at
    once. The stack supplies the app, ``host`` and the Let's Encrypt settings
    (:class:`IssuerOptions`), which the existing-Gateway entry does not use.
    """

    kind: str
    options: IngressOptions | GatewayOptions | ExistingGatewayOptions

    @staticmethod
    @_ingress_signature
    def ingress(**options: Any) -> HttpsEntry:
        """An Ingress: the options of :class:`IngressOptions`; see :class:`TlsIngress`."""
        return HttpsEntry._made("ingress", options)

    @staticmethod
    @_gateway_signature
    def gateway(**options: Any) -> HttpsEntry:
        """A Gateway of its own: the options of :class:`GatewayOptions`; see :class:`TlsGateway`."""
        return HttpsEntry._made("gateway", options)

    @staticmethod
    @_existing_gateway_signature
    def existing_gateway(**options: Any) -> HttpsEntry:
        """An HTTPRoute on your Gateway ``namespace/name``: :class:`ExistingGatewayOptions`."""
        return HttpsEntry._made("existing_gateway", options)

    @staticmethod
    def _made(kind: str, options: Mapping[str, Any]) -> HttpsEntry:
        construct, options_type = _entry(kind)
        with v.caller_names(_names(construct.__name__, kind, options_type)):
            return HttpsEntry(kind, options_type(**options))

    def build(
        self,
        scope: Construct,
        id: str,
        *,
        app: AirsonicApp | NavidromeApp,
        host: str,
        issuers: Mapping[str, Any],
        caller: str,
    ) -> TlsIngress | TlsGateway | GatewayRoute:
        """The entry's construct; errors name ``caller``'s arguments and this factory's."""
        construct, options_type = _entry(self.kind)
        owner = construct.__name__
        names = _names(owner, self.kind, options_type)
        names.update({f"{owner} {k}": f"{caller} {k}" for k in (*issuers, "host")})
        args = as_kwargs(self.options)
        if self.kind != "existing_gateway":
            args.update(issuers)
        with v.caller_names(names):
            return construct(scope, id, app=app, host=host, **args)


def _names(owner: str, kind: str, options_type: type[Any]) -> dict[str, str]:
    """The options' error names as the factory's (``HttpsEntry.gateway class_name``)."""
    return {
        f"{owner} {f.name}": f"HttpsEntry.{kind} {f.name}" for f in dataclasses.fields(options_type)
    }
