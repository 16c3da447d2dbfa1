"""The HTTPS entry through the Gateway API: a route on your Gateway, or a Gateway of its own.

Both use the typed bindings generated from the Gateway API v1.6.1 standard-channel
CRDs (``cdk8s import``), loaded only when a Gateway API entry is created.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.compat import refuses_removed
from .._private.k8s import api_object, chart_namespace, is_music_app, labels, namespace_of
from .._private.network import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, allow_ingress, namespace_peer
from .._private.options import init_from
from .issuers import GatewayParent, IssuerOptions

if TYPE_CHECKING:
    from .airsonic import AirsonicApp
    from .navidrome import NavidromeApp

GATEWAY_GROUP = "gateway.networking.k8s.io"
GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name"
"""The label GEP-1762 puts on the resources (and pods) an implementation deploys for a Gateway."""

# Gateway API Duration (GEP-2257): hours, minutes, seconds, milliseconds, in that order.
_DURATION = re.compile(r"^([0-9]{1,5}(h|m|s|ms)){1,4}$")


def _bindings() -> Any:
    # Loaded on first use: a 1 MB module that Ingress users never need.
    import homemusic._bindings.k8s.networking.gateway as gw

    return gw


def _route_namespace_policy(
    scope: Construct,
    *,
    app: AirsonicApp | NavidromeApp,
    data_plane_namespace: str,
) -> Any:
    """Only the Gateway's data plane reaches the app."""
    return allow_ingress(
        scope,
        "app-network-policy",
        name=app.name,
        labels=app.pod_labels,
        pod_selector=app.selector,
        ports=(app.container_port,),
        sources=[namespace_peer(data_plane_namespace)],
    )


def _check_app(owner: str, app: object) -> AirsonicApp | NavidromeApp:
    if not is_music_app(app):
        raise v.fail(f"{owner} app", app, "an AirsonicApp or NavidromeApp construct")
    return app


def _duration(argument: str, value: str) -> str:
    if not isinstance(value, str) or not _DURATION.match(value):
        raise v.fail(
            argument,
            value,
            "a Gateway API duration such as '0s' (no timeout), '1h' or '30m'",
        )
    return value


def _app_route(
    scope: Construct,
    *,
    name: str,
    app: AirsonicApp | NavidromeApp,
    host: str,
    parent: GatewayParent,
    request_timeout: str,
    hsts_max_age_seconds: int | None,
) -> Any:
    """An HTTPRoute for ``host`` to the app's Service, attached to ``parent``."""
    gw = _bindings()
    filters = []
    if hsts_max_age_seconds is not None:
        filters.append(
            gw.HttpRouteSpecRulesFilters(
                type=gw.HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
                response_header_modifier=gw.HttpRouteSpecRulesFiltersResponseHeaderModifier(
                    set=[
                        gw.HttpRouteSpecRulesFiltersResponseHeaderModifierSet(
                            name="Strict-Transport-Security",
                            value=f"max-age={hsts_max_age_seconds}",
                        )
                    ]
                ),
            )
        )
    return gw.HttpRoute(
        scope,
        "route",
        metadata=cdk8s.ApiObjectMetadata(name=name, labels=labels(app.component, app.name)),
        spec=gw.HttpRouteSpec(
            hostnames=[host],
            parent_refs=[
                gw.HttpRouteSpecParentRefs(
                    group=GATEWAY_GROUP,
                    kind="Gateway",
                    name=parent.name,
                    namespace=parent.namespace,
                    section_name=parent.section_name,
                )
            ],
            rules=[
                gw.HttpRouteSpecRules(
                    matches=[
                        gw.HttpRouteSpecRulesMatches(
                            path=gw.HttpRouteSpecRulesMatchesPath(
                                type=gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value="/"
                            )
                        )
                    ],
                    backend_refs=[
                        gw.HttpRouteSpecRulesBackendRefs(
                            kind="Service", name=app.service_name, port=app.port
                        )
                    ],
                    filters=filters or None,
                    # Streams and uploads last as long as they last: "0s"
                    # turns the request timeout off (GEP-1742).
                    timeouts=gw.HttpRouteSpecRulesTimeouts(request=request_timeout),
                )
            ],
        ),
    )


@dataclass(frozen=True, kw_only=True)
class ExistingGatewayOptions:
    """The route entry's own options: :meth:`HttpsEntry.existing_gateway` and :class:`GatewayRoute`.

    :param name: the Gateway's name. Required.
    :param namespace: its namespace. Required.
    :param section_name: the listener to attach to. Default none (every
        listener that admits the route).
    :param data_plane_namespace: where the Gateway's proxy pods run; only they
        may reach the app. Default: ``namespace`` (NGINX Gateway Fabric,
        Istio); Envoy Gateway: ``"envoy-gateway-system"``; k3s' Traefik:
        ``"kube-system"``.
    :param request_timeout: the route's request timeout, a Gateway API
        duration. Default ``"0s"``: none, so a stream or an upload is never cut.
    """

    name: str
    namespace: str
    section_name: str | None = None
    data_plane_namespace: str | None = None
    request_timeout: str = "0s"

    def __post_init__(self) -> None:
        o = "GatewayRoute"
        v.dns_subdomain(f"{o} name", self.name)
        v.dns_label(f"{o} namespace", self.namespace)
        if self.section_name is not None:
            v.dns_label(f"{o} section_name", self.section_name)
        v.dns_label(f"{o} data_plane_namespace", self.data_plane_namespace or self.namespace)
        _duration(f"{o} request_timeout", self.request_timeout)


@dataclass(frozen=True, kw_only=True)
class GatewayRouteProps(ExistingGatewayOptions):
    """:class:`GatewayRoute`'s arguments: the route entry's options and these.

    :param app: the :class:`AirsonicApp` or :class:`NavidromeApp`. Required.
    :param host: the public host name. Required.
    :param route_name: the HTTPRoute's name. Default: the app's name.
    """

    app: AirsonicApp | NavidromeApp
    host: str
    route_name: str | None = None

    def __post_init__(self) -> None:
        _check_app("GatewayRoute", self.app)
        v.hostname("GatewayRoute host", self.host)
        super().__post_init__()


class GatewayRoute(Construct):
    """The streaming server on a Gateway you already run: an HTTPRoute for ``host``.

    The Gateway handles TLS: its listener (``section_name``, or every listener
    whose hostname matches) must be HTTPS for ``host`` with a certificate, and
    its ``allowedRoutes`` must admit routes from this namespace (see the
    documentation, ``docs/choices/entry.md``).

    Takes ``scope``, ``id`` and the keyword arguments of :class:`GatewayRouteProps`
    and :class:`ExistingGatewayOptions`, each documented there.
    """

    @refuses_removed("GatewayRoute")
    @init_from(GatewayRouteProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = GatewayRouteProps(**arguments)
        """The validated arguments."""
        self.app = p.app
        self.host = p.host
        self.data_plane_namespace = p.data_plane_namespace or p.namespace
        self.name = v.dns_subdomain("GatewayRoute route_name", p.route_name or p.app.name)
        self.parent = GatewayParent(p.name, p.namespace, p.section_name)
        self.route = _app_route(
            self,
            name=self.name,
            app=p.app,
            host=p.host,
            parent=self.parent,
            request_timeout=p.request_timeout,
            hsts_max_age_seconds=None,
        )
        """The HTTPRoute (a cdk8s ApiObject)."""
        self.app_network_policy = _route_namespace_policy(
            self, app=p.app, data_plane_namespace=self.data_plane_namespace
        )


class RoutesFrom(enum.Enum):
    """Which namespaces' routes a created Gateway's HTTPS listener admits."""

    SAME = "Same"
    """Only the Gateway's own namespace (it must be the app's)."""
    APP_NAMESPACE = "Selector"
    """Only the app's namespace, by its ``kubernetes.io/metadata.name`` label."""
    ALL = "All"
    """Every namespace."""


@dataclass(frozen=True, kw_only=True)
class GatewayOptions:
    """The Gateway entry's own options, taken by :meth:`HttpsEntry.gateway` and :class:`TlsGateway`.

    :param class_name: the GatewayClass of your implementation, e.g.
        ``"traefik"`` (k3s), ``"eg"`` (Envoy Gateway's quickstart),
        ``"cilium"``, ``"nginx"`` (NGINX Gateway Fabric). Required.
    :param data_plane_namespace: where the Gateway's proxy pods run; only they
        may reach the app and the HTTP-01 solver. Default: the Gateway's
        namespace (NGINX Gateway Fabric, Istio); Envoy Gateway:
        ``"envoy-gateway-system"``; k3s' Traefik: ``"kube-system"``.
    :param gateway_namespace: where the Gateway (and its TLS Secret, its
        namespaced issuers and the redirect route) lives. Default: the chart's.
    :param routes_from: which namespaces' routes the ``https`` listener
        admits. Default ``RoutesFrom.SAME`` when the Gateway is in the app's
        namespace, else ``RoutesFrom.APP_NAMESPACE``; ``SAME`` across namespaces
        is refused (the route would never attach).
    :param https_port: the ``https`` listener's port. Default ``443``.
    :param http_port: the ``http`` listener's port. Default ``80``. Traefik
        serves a listener only on the port of one of its entry points: pass
        those (its ``websecure`` and ``web`` entry points' ports).
    :param request_timeout: the app route's request timeout. Default ``"0s"`` (none).
    :param hsts_max_age_seconds: the HSTS max-age the app route announces.
        Default one year.
    """

    class_name: str
    data_plane_namespace: str | None = None
    gateway_namespace: str | None = None
    routes_from: RoutesFrom | None = None
    https_port: int = 443
    http_port: int = 80
    request_timeout: str = "0s"
    hsts_max_age_seconds: int = 31536000

    def __post_init__(self) -> None:
        o = "TlsGateway"
        v.dns_subdomain(f"{o} class_name", self.class_name)
        if self.gateway_namespace is not None:
            v.dns_label(f"{o} gateway_namespace", self.gateway_namespace)
        if self.routes_from is not None and not isinstance(self.routes_from, RoutesFrom):
            raise v.fail(
                f"{o} routes_from",
                self.routes_from,
                "RoutesFrom.SAME, RoutesFrom.APP_NAMESPACE or RoutesFrom.ALL",
            )
        if self.data_plane_namespace is not None:
            v.dns_label(f"{o} data_plane_namespace", self.data_plane_namespace)
        v.port(f"{o} https_port", self.https_port)
        v.port(f"{o} http_port", self.http_port)
        if self.https_port == self.http_port:
            raise v.fail(f"{o} http_port", self.http_port, "a port other than https_port")
        _duration(f"{o} request_timeout", self.request_timeout)
        v.integer(
            f"{o} hsts_max_age_seconds",
            self.hsts_max_age_seconds,
            1,
            63072000,
            "an integer from 1 to 63072000 (two years)",
        )


@dataclass(frozen=True, kw_only=True)
class TlsGatewayProps(GatewayOptions, IssuerOptions):
    """:class:`TlsGateway`'s arguments: the Gateway's options, the issuers' and these.

    :param app: the :class:`AirsonicApp` or :class:`NavidromeApp`. Required.
    :param host: the public host name. Required.
    :param listener_hostname: the listeners' hostname. Default ``host``; a
        different one must match ``host``, and a wildcard is refused (HTTP-01
        cannot prove a wildcard name).
    :param tls_secret_name: Default ``"<name>-tls"``.
    :param name: the Gateway's and the routes' name. Default: the app's name.
    """

    app: AirsonicApp | NavidromeApp
    host: str
    listener_hostname: str | None = None
    tls_secret_name: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        o = "TlsGateway"
        _check_app(o, self.app)
        v.hostname(f"{o} host", self.host)
        super().__post_init__()
        listener = self.listener_hostname
        if listener is None:
            return
        if not isinstance(listener, str) or listener.startswith("*"):
            raise v.fail(
                f"{o} listener_hostname",
                listener,
                "a host name without a wildcard: cert-manager's HTTP-01 solver cannot "
                "get a certificate for a wildcard name (that needs DNS-01)",
            )
        v.hostname(f"{o} listener_hostname", listener)
        if listener != self.host:
            raise v.fail(
                f"{o} listener_hostname",
                listener,
                f"the route's host {self.host!r} (a listener for another name never "
                "serves the route)",
            )


class TlsGateway(Construct):
    """The streaming server behind a Gateway of its own, with certificates from Let's Encrypt.

    Creates a Gateway of ``class_name`` with two listeners for
    ``host``: ``https`` (port 443, TLS terminated with the Secret
    ``tls_secret_name``, which cert-manager fills: the Gateway carries the
    active issuer's annotation) and ``http`` (port 80), whose only route
    redirects to HTTPS with a 301. The issuers answer HTTP-01 challenges with
    a temporary HTTPRoute on the ``http`` listener (cert-manager's
    ``gatewayHTTPRoute`` solver), which the more specific path wins over the
    redirect. The app's HTTPRoute on ``https`` sets HSTS and no request timeout.

    Takes ``scope``, ``id`` and the keyword arguments of :class:`TlsGatewayProps`,
    :class:`GatewayOptions` and :class:`IssuerOptions`, each documented there.
    """

    @refuses_removed("TlsGateway")
    @init_from(TlsGatewayProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = TlsGatewayProps(**arguments)
        """The validated arguments."""
        app, host = p.app, p.host
        self.app = app
        self.host = host
        listener_hostname = p.listener_hostname or host
        app_namespace = namespace_of(self)
        self.gateway_namespace = p.gateway_namespace or app_namespace
        same_namespace = self.gateway_namespace == app_namespace
        routes_from = p.routes_from
        if routes_from is None:
            routes_from = RoutesFrom.SAME if same_namespace else RoutesFrom.APP_NAMESPACE
        if routes_from is RoutesFrom.SAME and not same_namespace:
            raise v.fail(
                "TlsGateway routes_from",
                routes_from,
                f"RoutesFrom.APP_NAMESPACE or RoutesFrom.ALL: the Gateway is in "
                f"{self.gateway_namespace!r} and the app's route in {app_namespace!r}, "
                "which a listener admitting only its own namespace never attaches",
            )
        self.routes_from = routes_from
        self.data_plane_namespace = p.data_plane_namespace or self.gateway_namespace
        self.name = v.labelled_name("TlsGateway name", p.name or app.name)
        self.tls_secret_name = v.dns_subdomain(
            "TlsGateway tls_secret_name", p.tls_secret_name or f"{self.name}-tls"
        )
        gateway_ns_override = None if same_namespace else self.gateway_namespace
        http_listener = GatewayParent(self.name, self.gateway_namespace, "http")
        self.issuers = p.issuers(
            self,
            "TlsGateway",
            gateway=http_listener,
            namespace=None if p.cluster_issuer else gateway_ns_override,
        )
        self.active_issuer = self.issuers.active

        gw = _bindings()
        self.gateway = self._gateway(gw, listener_hostname, app_namespace, gateway_ns_override)
        """The Gateway (a cdk8s ApiObject)."""
        self.route = _app_route(
            self,
            name=self.name,
            app=app,
            host=host,
            parent=GatewayParent(self.name, self.gateway_namespace, "https"),
            request_timeout=p.request_timeout,
            hsts_max_age_seconds=p.hsts_max_age_seconds,
        )
        """The app's HTTPRoute, on the ``https`` listener."""
        self.redirect_route = self._redirect_route(gw, gateway_ns_override)
        """The plain-HTTP route: everything but ACME challenges is redirected to HTTPS."""
        self._network_policies(same_namespace)

    def _gateway(
        self, gw: Any, listener_hostname: str, app_namespace: str, gateway_ns_override: str | None
    ) -> Any:
        p, routes_from = self.props, self.routes_from
        https_port, http_port = p.https_port, p.http_port
        allowed = gw.GatewaySpecListenersAllowedRoutesNamespaces(
            from_=getattr(
                gw.GatewaySpecListenersAllowedRoutesNamespacesFrom, routes_from.value.upper()
            ),
            selector=(
                gw.GatewaySpecListenersAllowedRoutesNamespacesSelector(
                    match_labels={"kubernetes.io/metadata.name": app_namespace}
                )
                if routes_from is RoutesFrom.APP_NAMESPACE
                else None
            ),
        )
        return gw.Gateway(
            self,
            "gateway",
            metadata=cdk8s.ApiObjectMetadata(
                name=self.name,
                namespace=gateway_ns_override,
                labels=labels("gateway", self.name),
                # cert-manager's gateway-shim issues the listener's certificate.
                annotations={self.active_issuer.annotation_key: self.active_issuer.name},
            ),
            spec=gw.GatewaySpec(
                gateway_class_name=p.class_name,
                listeners=[
                    gw.GatewaySpecListeners(
                        name="https",
                        hostname=listener_hostname,
                        port=https_port,
                        protocol="HTTPS",
                        tls=gw.GatewaySpecListenersTls(
                            mode=gw.GatewaySpecListenersTlsMode.TERMINATE,
                            certificate_refs=[
                                gw.GatewaySpecListenersTlsCertificateRefs(
                                    kind="Secret", group="", name=self.tls_secret_name
                                )
                            ],
                        ),
                        allowed_routes=gw.GatewaySpecListenersAllowedRoutes(
                            namespaces=allowed,
                            kinds=[
                                gw.GatewaySpecListenersAllowedRoutesKinds(
                                    group=GATEWAY_GROUP, kind="HTTPRoute"
                                )
                            ],
                        ),
                    ),
                    # The redirect route and cert-manager's solver route both
                    # live in the Gateway's namespace.
                    gw.GatewaySpecListeners(
                        name="http",
                        hostname=listener_hostname,
                        port=http_port,
                        protocol="HTTP",
                        allowed_routes=gw.GatewaySpecListenersAllowedRoutes(
                            namespaces=gw.GatewaySpecListenersAllowedRoutesNamespaces(
                                from_=gw.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME
                            ),
                            kinds=[
                                gw.GatewaySpecListenersAllowedRoutesKinds(
                                    group=GATEWAY_GROUP, kind="HTTPRoute"
                                )
                            ],
                        ),
                    ),
                ],
            ),
        )

    def _redirect_route(self, gw: Any, gateway_ns_override: str | None) -> Any:
        host = self.host
        return gw.HttpRoute(
            self,
            "redirect",
            metadata=cdk8s.ApiObjectMetadata(
                name=f"{self.name}-https-redirect",
                namespace=gateway_ns_override,
                labels=labels("gateway", self.name),
            ),
            spec=gw.HttpRouteSpec(
                hostnames=[host],
                parent_refs=[
                    gw.HttpRouteSpecParentRefs(
                        group=GATEWAY_GROUP,
                        kind="Gateway",
                        name=self.name,
                        namespace=self.gateway_namespace,
                        section_name="http",
                    )
                ],
                rules=[
                    gw.HttpRouteSpecRules(
                        filters=[
                            gw.HttpRouteSpecRulesFilters(
                                type=gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                                request_redirect=gw.HttpRouteSpecRulesFiltersRequestRedirect(
                                    scheme=gw.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                                    status_code=gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
                                ),
                            )
                        ]
                    )
                ],
            ),
        )

    def _network_policies(self, same_namespace: bool) -> None:
        app = self.app
        self.app_network_policy = _route_namespace_policy(
            self, app=app, data_plane_namespace=self.data_plane_namespace
        )
        # Implementations that deploy the proxy beside the Gateway (GEP-1762:
        # NGINX Gateway Fabric, Istio, ...) label its pods with the Gateway's
        # name. In this chart's namespace they face the internet and must not
        # fall under its default-deny policy.
        self.proxy_network_policy = (
            api_object(
                self,
                "proxy-network-policy",
                api_version="networking.k8s.io/v1",
                kind="NetworkPolicy",
                name=f"{self.name}-gateway-proxy",
                object_labels=labels("gateway", self.name),
                spec={
                    "podSelector": {"matchLabels": {GATEWAY_NAME_LABEL: self.name}},
                    "policyTypes": ["Ingress"],
                    "ingress": [{}],
                },
            )
            if same_namespace and self.data_plane_namespace == self.gateway_namespace
            else None
        )
        """Lets everyone reach the Gateway's own proxy pods when they run in this namespace."""
        # cert-manager starts the solver pods in the Certificate's namespace,
        # the Gateway's; under this chart's default-deny policy they must stay
        # reachable from the data plane, or no certificate is ever issued.
        self.solver_network_policy = (
            allow_ingress(
                self,
                "solver-network-policy",
                name=f"{self.name}-acme-http01-solver",
                labels=labels("acme-http01-solver", self.name),
                pod_selector={ACME_SOLVER_LABEL: "true"},
                ports=(ACME_SOLVER_PORT,),
                sources=[namespace_peer(self.data_plane_namespace)],
            )
            if same_namespace or chart_namespace(self) is None
            else None
        )
        """Only the data plane reaches cert-manager's HTTP-01 solver pods; ``None`` when the
        Gateway is in another namespace (the solver pods run there)."""
