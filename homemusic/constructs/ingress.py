"""TlsIngress: the public HTTPS entry through an Ingress controller."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.compat import refuses_removed
from .._private.k8s import api_object, check_tls_hosts, is_music_app, labels
from .._private.network import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, allow_ingress, namespace_peer
from .._private.options import init_from
from .issuers import IssuerOptions

if TYPE_CHECKING:
    from .airsonic import AirsonicApp
    from .navidrome import NavidromeApp

_NGINX_SIZE = re.compile(r"^[0-9]+[kKmMgG]?$")

_CLASS_CHOICES = (
    "the IngressClass of your cluster's controller: 'public' (microk8s 1.35+, "
    "its ingress add-on is Traefik), 'traefik' (k3s, with "
    "controller=IngressController.TRAEFIK), 'nginx' (ingress-nginx, retired in March 2026)"
)
_NAMESPACE_CHOICES = (
    "the namespace your ingress controller runs in: 'ingress' (microk8s), "
    "'kube-system' (k3s' Traefik), 'ingress-nginx' (ingress-nginx)"
)


class IngressController(enum.Enum):
    """Which controller serves the Ingress: it decides which annotations are written.

    Only annotations the controller reads are written; none that no controller reads.
    """

    INGRESS_NGINX = "ingress-nginx"
    """ingress-nginx (retired in March 2026: no more security fixes), or Traefik's
    NGINX-annotations provider (microk8s 1.35+), which reads the redirect keys."""

    TRAEFIK = "traefik"
    """Traefik's own Ingress provider (k3s): TLS on the ``websecure`` entry point."""


@dataclass(frozen=True, kw_only=True)
class IngressOptions:
    """The Ingress entry's own options, taken by :meth:`HttpsEntry.ingress` and :class:`TlsIngress`.

    :param class_name: the IngressClass of the controller. Required: microk8s'
        ingress add-on serves ``"public"``, k3s' Traefik ``"traefik"``,
        ingress-nginx (retired in March 2026) ``"nginx"``. Leaving it out is
        refused with these choices (until 0.4.0 the default was ``"nginx"``).
    :param controller_namespace: the namespace the ingress controller runs in;
        only it may reach the app and cert-manager's HTTP-01 solver pods (port
        8089) through the NetworkPolicies :class:`TlsIngress` creates.
        Required: microk8s' ingress add-on runs in ``"ingress"``, k3s' Traefik
        in ``"kube-system"``, ingress-nginx in ``"ingress-nginx"`` (until 0.4.0
        the default).
    :param controller: :class:`IngressController`, which annotations to write.
        Default ``IngressController.INGRESS_NGINX``.
    :param max_body_size: the largest request body (uploads), in nginx units.
        Default ``"1g"``; ``"0"`` means unlimited.
    """

    class_name: str | None = None
    controller_namespace: str | None = None
    controller: IngressController = IngressController.INGRESS_NGINX
    max_body_size: str = "1g"

    def __post_init__(self) -> None:
        o = "TlsIngress"
        if self.class_name is None:
            raise v.fail(f"{o} class_name", None, _CLASS_CHOICES)
        v.dns_subdomain(f"{o} class_name", self.class_name)
        if self.controller_namespace is None:
            raise v.fail(f"{o} controller_namespace", None, _NAMESPACE_CHOICES)
        if not isinstance(self.controller, IngressController):
            raise v.fail(
                f"{o} controller",
                self.controller,
                "IngressController.INGRESS_NGINX or IngressController.TRAEFIK",
            )
        if not isinstance(self.max_body_size, str) or not _NGINX_SIZE.match(self.max_body_size):
            raise v.fail(
                f"{o} max_body_size",
                self.max_body_size,
                "an nginx size such as '1g', '512m' or '0' (unlimited)",
            )
        v.dns_label(f"{o} controller_namespace", self.controller_namespace)


@dataclass(frozen=True, kw_only=True)
class TlsIngressProps(IngressOptions, IssuerOptions):
    """:class:`TlsIngress`'s arguments: the Ingress's options, the issuers' and these.

    :param app: the :class:`AirsonicApp` or :class:`NavidromeApp` to expose; its
        Service is the backend. Required.
    :param host: the public host name, e.g. ``"music.example.com"``. Required.
    :param tls_secret_name: the Secret cert-manager writes the certificate to.
        Default ``"<name>-tls"``.
    :param name: the Ingress's name. Default: the app's name.
    """

    app: AirsonicApp | NavidromeApp
    host: str
    tls_secret_name: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if not is_music_app(self.app):
            raise v.fail("TlsIngress app", self.app, "an AirsonicApp or NavidromeApp construct")
        v.hostname("TlsIngress host", self.host)
        super().__post_init__()


class TlsIngress(Construct):
    """The public HTTPS entry to a streaming server through an Ingress controller.

    Creates the staging and the production ACME issuer and an Ingress for
    ``host`` whose TLS Secret cert-manager fills from the issuer chosen by
    ``use_issuer``. For ingress-nginx (``controller``), plain HTTP is redirected
    to HTTPS, proxy buffering is off so streams start at once, uploads up to
    ``max_body_size`` pass and streams may last an hour; HSTS is ingress-nginx's
    own default for every TLS host (its ConfigMap key ``hsts``). For Traefik,
    the Ingress is served on the ``websecure`` entry point with TLS (Traefik
    neither buffers nor limits bodies unless told to).

    Takes ``scope``, ``id`` and the keyword arguments of :class:`TlsIngressProps`,
    :class:`IngressOptions` and :class:`IssuerOptions`, each documented there.
    """

    @refuses_removed("TlsIngress")
    @init_from(TlsIngressProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = TlsIngressProps(**arguments)
        """The validated arguments."""
        app, host, controller, max_body_size = p.app, p.host, p.controller, p.max_body_size
        self.name = v.labelled_name("TlsIngress name", p.name if p.name is not None else app.name)
        self.tls_secret_name = v.dns_subdomain(
            "TlsIngress tls_secret_name",
            p.tls_secret_name if p.tls_secret_name is not None else f"{self.name}-tls",
        )
        self.host = host
        self.app = app
        # Both checked present by TlsIngressProps.
        self.ingress_class_name = str(p.class_name)
        self.use_issuer = p.use_issuer
        self.ingress_namespace = str(p.controller_namespace)
        self.controller = controller
        self.issuers = p.issuers(self, "TlsIngress", ingress_class_name=self.ingress_class_name)
        self.staging_issuer = self.issuers.staging
        self.production_issuer = self.issuers.production
        self.active_issuer = self.issuers.active
        """The issuer the Ingress asks cert-manager to use."""

        self.annotations = self._annotations(controller, max_body_size)
        self.ingress = self._ingress()
        controller_pods = [namespace_peer(self.ingress_namespace)]
        self.app_network_policy = allow_ingress(
            self,
            "app-network-policy",
            name=app.name,
            labels=app.pod_labels,
            pod_selector=app.selector,
            ports=(app.container_port,),
            sources=controller_pods,
        )
        """Only the ingress controller reaches the app."""
        # cert-manager starts the HTTP-01 solver pods in this namespace; under
        # the namespace's default-deny policy they must stay reachable from the
        # ingress controller, or no certificate is ever issued.
        self.solver_network_policy = allow_ingress(
            self,
            "solver-network-policy",
            name=f"{self.name}-acme-http01-solver",
            labels=labels("acme-http01-solver", self.name),
            pod_selector={ACME_SOLVER_LABEL: "true"},
            ports=(ACME_SOLVER_PORT,),
            sources=controller_pods,
        )
        """Only the ingress controller reaches cert-manager's HTTP-01 solver pods."""
        check_tls_hosts(self, self.ingress)

    def _annotations(self, controller: IngressController, max_body_size: str) -> dict[str, str]:
        annotations = {self.active_issuer.annotation_key: self.active_issuer.name}
        if controller is IngressController.INGRESS_NGINX:
            annotations.update(
                {
                    # HTTPS only: redirect plain HTTP (ingress-nginx still serves
                    # the ACME challenge path over HTTP, see its
                    # no-tls-redirect-locations). Traefik's NGINX provider reads
                    # these two as well.
                    "nginx.ingress.kubernetes.io/ssl-redirect": "true",
                    "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
                    # Stream audio as it is transcoded instead of buffering it.
                    "nginx.ingress.kubernetes.io/proxy-buffering": "off",
                    "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
                    "nginx.ingress.kubernetes.io/proxy-body-size": max_body_size,
                    # Long streams and slow uploads must not time out after 60 s.
                    "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
                    "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
                }
            )
        else:
            annotations.update(
                {
                    "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
                    "traefik.ingress.kubernetes.io/router.tls": "true",
                }
            )
        return annotations

    def _ingress(self) -> cdk8s.ApiObject:
        p, app, host = self.props, self.app, self.host
        return api_object(
            self,
            "ingress",
            api_version="networking.k8s.io/v1",
            kind="Ingress",
            name=self.name,
            object_labels=labels(app.component, app.name),
            annotations=self.annotations,
            spec={
                "ingressClassName": p.class_name,
                "tls": [{"hosts": [host], "secretName": self.tls_secret_name}],
                "rules": [
                    {
                        "host": host,
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {
                                            "name": app.service_name,
                                            "port": {"number": app.port},
                                        }
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        )
