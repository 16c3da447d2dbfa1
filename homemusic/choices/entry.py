"""HttpsEntry: how the internet reaches the streaming server, chosen with one argument."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from .._private import validation as v
from .._private.options import as_kwargs, signature_of
from ..constructs.airsonic import AirsonicApp
from ..constructs.gateway import ExistingGatewayOptions, GatewayOptions, GatewayRoute, TlsGateway
from ..constructs.ingress import IngressOptions, TlsIngress
from ..constructs.navidrome import NavidromeApp

HttpsConstruct = TlsIngress | TlsGateway | GatewayRoute
"""What an :class:`HttpsEntry` builds."""

_ENTRIES: dict[str, tuple[type[HttpsConstruct], type[Any]]] = {
    "ingress": (TlsIngress, IngressOptions),
    "gateway": (TlsGateway, GatewayOptions),
    "existing_gateway": (GatewayRoute, ExistingGatewayOptions),
}


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
    @signature_of(IngressOptions)
    def ingress(**options: Any) -> HttpsEntry:
        """An Ingress: the options of :class:`IngressOptions`; see :class:`TlsIngress`."""
        return HttpsEntry._made("ingress", options)

    @staticmethod
    @signature_of(GatewayOptions)
    def gateway(**options: Any) -> HttpsEntry:
        """A Gateway of its own: the options of :class:`GatewayOptions`; see :class:`TlsGateway`."""
        return HttpsEntry._made("gateway", options)

    @staticmethod
    @signature_of(ExistingGatewayOptions)
    def existing_gateway(**options: Any) -> HttpsEntry:
        """An HTTPRoute on your Gateway ``namespace/name``: :class:`ExistingGatewayOptions`."""
        return HttpsEntry._made("existing_gateway", options)

    @staticmethod
    def _made(kind: str, options: Mapping[str, Any]) -> HttpsEntry:
        construct, options_type = _ENTRIES[kind]
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
    ) -> HttpsConstruct:
        """The entry's construct; errors name ``caller``'s arguments and this factory's."""
        construct, options_type = _ENTRIES[self.kind]
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
