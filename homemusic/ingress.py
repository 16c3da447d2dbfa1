"""TlsIngress: the public HTTPS entry through an Ingress controller."""

from __future__ import annotations

import enum
import re

import jsii
from constructs import Construct, IValidation

from . import validation as v
from ._compat import refuses_removed
from ._k8s import api_object, labels
from .airsonic import AirsonicApp
from .issuers import (
    LetsEncrypt,
    LetsEncryptIssuers,
    issuer_names,
)
from .navidrome import NavidromeApp
from .network import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, allow_ingress, namespace_peer

_NGINX_SIZE = re.compile(r"^[0-9]+[kKmMgG]?$")


class IngressController(enum.Enum):
    """Which controller serves the Ingress: it decides which annotations are written.

    Only annotations the controller reads are written; none that no controller reads.
    """

    INGRESS_NGINX = "ingress-nginx"
    """ingress-nginx (retired in March 2026: no more security fixes), or Traefik's
    NGINX-annotations provider (microk8s 1.35+), which reads the redirect keys."""

    TRAEFIK = "traefik"
    """Traefik's own Ingress provider (k3s): TLS on the ``websecure`` entry point."""


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

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param app: the :class:`AirsonicApp` or :class:`NavidromeApp` to expose; its
        Service is the backend. Required.
    :param host: the public host name, e.g. ``"music.example.com"``. Required.
    :param acme_email: the Let's Encrypt account e-mail. Default none (optional:
        Let's Encrypt sends no expiry e-mails any more).
    :param acme_profile: the ACME profile (see :class:`AcmeIssuer`). Default none.
    :param ingress_class_name: the IngressClass of the controller. Default
        ``"nginx"`` (ingress-nginx); microk8s' ingress add-on uses ``"public"``.
    :param controller: :class:`IngressController`, which annotations to write.
        Default ``IngressController.INGRESS_NGINX``.
    :param use_issuer: which issuer signs the certificate. Default
        ``LetsEncrypt.STAGING``; switch to ``LetsEncrypt.PRODUCTION`` once the
        staging certificate is issued.
    :param cluster_issuer: create ``ClusterIssuer`` objects instead of namespaced
        ``Issuer`` ones. Default ``False``.
    :param staging_issuer_name: Default ``"letsencrypt-staging"``.
    :param production_issuer_name: Default ``"letsencrypt-prod"``.
    :param tls_secret_name: the Secret cert-manager writes the certificate to.
        Default ``"<name>-tls"``.
    :param max_body_size: the largest request body (uploads), in nginx units.
        Default ``"1g"``; ``"0"`` means unlimited.
    :param ingress_namespace: the namespace the ingress controller runs in; only
        it may reach the app and cert-manager's HTTP-01 solver pods (port 8089)
        through the NetworkPolicies this construct creates. Default
        ``"ingress-nginx"``; microk8s' ingress add-on runs in ``"ingress"``, k3s'
        Traefik in ``"kube-system"``.
    """

    @refuses_removed("TlsIngress")
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        app: AirsonicApp | NavidromeApp,
        host: str,
        acme_email: str | None = None,
        acme_profile: str | None = None,
        ingress_class_name: str = "nginx",
        controller: IngressController = IngressController.INGRESS_NGINX,
        use_issuer: LetsEncrypt = LetsEncrypt.STAGING,
        cluster_issuer: bool = False,
        staging_issuer_name: str = "letsencrypt-staging",
        production_issuer_name: str = "letsencrypt-prod",
        tls_secret_name: str | None = None,
        max_body_size: str = "1g",
        name: str | None = None,
        ingress_namespace: str = "ingress-nginx",
    ) -> None:
        super().__init__(scope, id)
        if not isinstance(app, AirsonicApp | NavidromeApp):
            raise v.fail("TlsIngress app", app, "an AirsonicApp or NavidromeApp construct")
        v.hostname("TlsIngress host", host)
        v.dns_subdomain("TlsIngress ingress_class_name", ingress_class_name)
        if not isinstance(controller, IngressController):
            raise v.fail(
                "TlsIngress controller",
                controller,
                "IngressController.INGRESS_NGINX or IngressController.TRAEFIK",
            )
        if not isinstance(max_body_size, str) or not _NGINX_SIZE.match(max_body_size):
            raise v.fail(
                "TlsIngress max_body_size",
                max_body_size,
                "an nginx size such as '1g', '512m' or '0' (unlimited)",
            )
        v.dns_label("TlsIngress ingress_namespace", ingress_namespace)
        self.name = v.labelled_name("TlsIngress name", name if name is not None else app.name)
        self.tls_secret_name = v.dns_subdomain(
            "TlsIngress tls_secret_name",
            tls_secret_name if tls_secret_name is not None else f"{self.name}-tls",
        )
        self.host = host
        self.app = app
        self.ingress_class_name = ingress_class_name
        self.use_issuer = use_issuer
        self.ingress_namespace = ingress_namespace

        self.controller = controller
        with v.caller_names(issuer_names("TlsIngress")):
            self.issuers = LetsEncryptIssuers(
                self,
                "issuers",
                use_issuer=use_issuer,
                staging_name=staging_issuer_name,
                production_name=production_issuer_name,
                email=acme_email,
                profile=acme_profile,
                ingress_class_name=ingress_class_name,
                cluster_issuer=cluster_issuer,
            )
        self.staging_issuer = self.issuers.staging
        self.production_issuer = self.issuers.production
        self.active_issuer = self.issuers.active
        """The issuer the Ingress asks cert-manager to use."""

        self.annotations = {self.active_issuer.annotation_key: self.active_issuer.name}
        if controller is IngressController.INGRESS_NGINX:
            self.annotations.update(
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
            self.annotations.update(
                {
                    "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
                    "traefik.ingress.kubernetes.io/router.tls": "true",
                }
            )
        self.ingress = api_object(
            self,
            "ingress",
            api_version="networking.k8s.io/v1",
            kind="Ingress",
            name=self.name,
            object_labels=labels(app.component, app.name),
            annotations=self.annotations,
            spec={
                "ingressClassName": ingress_class_name,
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
                                            "name": app.service.name,
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

        controller_pods = [namespace_peer(ingress_namespace)]
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
        self.node.add_validation(_TlsHostsMatchRules(self))


@jsii.implements(IValidation)
class _TlsHostsMatchRules:
    """Deferred check: the TLS hosts equal the rule hosts, even after escape-hatch edits."""

    def __init__(self, ingress: TlsIngress) -> None:
        self._ingress = ingress

    def validate(self) -> list[str]:
        spec = self._ingress.ingress.to_json()["spec"]
        tls_hosts = sorted({h for t in spec.get("tls", []) for h in t.get("hosts", [])})
        rule_hosts = sorted({r["host"] for r in spec.get("rules", []) if "host" in r})
        if tls_hosts != rule_hosts:
            return [
                f"TlsIngress hosts: got TLS hosts {tls_hosts} and rule hosts {rule_hosts}; "
                "expected the same hosts in both (a host without TLS would be served "
                "over plain HTTP)"
            ]
        return []
