"""HttpsEntry: how the internet reaches the streaming server, chosen with one argument."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from constructs import Construct

from . import validation as v
from .airsonic import AirsonicApp
from .gateway import GatewayRoute, RoutesFrom, TlsGateway
from .ingress import IngressController, TlsIngress
from .navidrome import NavidromeApp

HttpsConstruct = TlsIngress | TlsGateway | GatewayRoute
"""What an :class:`HttpsEntry` builds."""


@dataclass(frozen=True)
class HttpsEntry:
    """The public HTTPS entry of a :class:`HomeMusicStack`. Build it with a factory.

    - :meth:`ingress`: an Ingress (the blog's; ingress-nginx or Traefik);
    - :meth:`gateway`: a Gateway of its own with certificates from Let's Encrypt;
    - :meth:`existing_gateway`: a route on a Gateway you already run (it does TLS).

    The stack supplies the app, ``host`` and the Let's Encrypt settings
    (``acme_email``, ``acme_profile``, ``use_issuer``, ``cluster_issuer``, the
    issuer names), which the existing-Gateway entry does not use.
    """

    kind: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @staticmethod
    def ingress(
        *,
        class_name: str = "nginx",
        controller_namespace: str = "ingress-nginx",
        controller: IngressController = IngressController.INGRESS_NGINX,
        max_body_size: str = "1g",
    ) -> HttpsEntry:
        """An Ingress of ``class_name``; see :class:`TlsIngress`.

        ``controller_namespace`` is where the controller runs (only it reaches
        the app): microk8s ``"ingress"``, k3s' Traefik ``"kube-system"``.
        """
        return HttpsEntry(
            "ingress",
            {
                "ingress_class_name": class_name,
                "ingress_namespace": controller_namespace,
                "controller": controller,
                "max_body_size": max_body_size,
            },
        )

    @staticmethod
    def gateway(
        *,
        class_name: str,
        data_plane_namespace: str | None = None,
        gateway_namespace: str | None = None,
        routes_from: RoutesFrom | None = None,
        https_port: int = 443,
        http_port: int = 80,
        request_timeout: str = "0s",
        hsts_max_age_seconds: int = 31536000,
    ) -> HttpsEntry:
        """A Gateway of GatewayClass ``class_name``; see :class:`TlsGateway`."""
        return HttpsEntry(
            "gateway",
            {
                "gateway_class_name": class_name,
                "data_plane_namespace": data_plane_namespace,
                "gateway_namespace": gateway_namespace,
                "routes_from": routes_from,
                "https_port": https_port,
                "http_port": http_port,
                "request_timeout": request_timeout,
                "hsts_max_age_seconds": hsts_max_age_seconds,
            },
        )

    @staticmethod
    def existing_gateway(
        *,
        name: str,
        namespace: str,
        section_name: str | None = None,
        data_plane_namespace: str | None = None,
        request_timeout: str = "0s",
    ) -> HttpsEntry:
        """An HTTPRoute on your Gateway ``namespace/name``; see :class:`GatewayRoute`."""
        return HttpsEntry(
            "existing_gateway",
            {
                "gateway_name": name,
                "gateway_namespace": namespace,
                "section_name": section_name,
                "data_plane_namespace": data_plane_namespace,
                "request_timeout": request_timeout,
            },
        )

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
        construct: type[TlsIngress] | type[TlsGateway] | type[GatewayRoute] = GatewayRoute
        if self.kind == "ingress":
            construct = TlsIngress
        elif self.kind == "gateway":
            construct = TlsGateway
        owner = construct.__name__
        factory_names = {
            "ingress_class_name": "class_name",
            "ingress_namespace": "controller_namespace",
            "gateway_class_name": "class_name",
            "gateway_name": "name",
            "gateway_namespace": "namespace" if self.kind == "existing_gateway" else None,
        }
        names = {
            f"{owner} {k}": f"HttpsEntry.{self.kind} {factory_names.get(k) or k}"
            for k in self.options
        }
        names.update({f"{owner} {k}": f"{caller} {k}" for k in (*issuers, "host")})
        options = {k: val for k, val in self.options.items() if val is not None}
        args = dict(options)
        if self.kind != "existing_gateway":
            args.update(issuers)
        with v.caller_names(names):
            return construct(scope, id, app=app, host=host, **args)
