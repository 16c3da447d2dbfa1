"""TlsIngress: the public HTTPS entry, with Let's Encrypt issuers from cert-manager."""

from __future__ import annotations

import enum
import re
from typing import Any

import homemusic._bindings.cert_manager as cm

import cdk8s
import jsii
from constructs import Construct, IValidation

from . import validation as v
from ._k8s import api_object, chart_namespace, cluster_scoped, labels
from .airsonic import AirsonicApp
from .navidrome import NavidromeApp
from .network import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, allow_ingress, namespace_peer

_NGINX_SIZE = re.compile(r"^[0-9]+[kKmMgG]?$")


class LetsEncrypt(enum.Enum):
    """Let's Encrypt's two ACME environments.

    Start on STAGING (untrusted certificates, generous rate limits) until the
    certificate is issued, then switch to PRODUCTION (trusted, strict limits).
    """

    STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory"
    PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory"

    @property
    def server(self) -> str:
        """The ACME directory URL."""
        return self.value


class AcmeIssuer(Construct):
    """A cert-manager ACME ``Issuer`` (or ``ClusterIssuer``) with an HTTP-01 solver.

    The solver answers Let's Encrypt's challenge through a temporary Ingress of
    ``ingress_class_name``, so port 80 of the ingress controller must be
    reachable from the internet.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param name: the issuer's name, also the Secret that holds its ACME account
        key (cert-manager creates it). Required.
    :param server: the ACME directory URL, e.g. ``LetsEncrypt.PRODUCTION.server``. Required.
    :param email: the ACME account e-mail (expiry notices). Required.
    :param ingress_class_name: the ingress class the HTTP-01 solver uses. Required.
    :param cluster_issuer: create a cluster-wide ``ClusterIssuer`` instead of a
        namespaced ``Issuer``. Default ``False``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        server: str,
        email: str,
        ingress_class_name: str,
        cluster_issuer: bool = False,
    ) -> None:
        super().__init__(scope, id)
        v.dns_subdomain("AcmeIssuer name", name)
        v.https_url("AcmeIssuer server", server)
        v.email("AcmeIssuer email", email)
        v.dns_subdomain("AcmeIssuer ingress_class_name", ingress_class_name)
        self.name = name
        self.server = server
        self.email = email
        self.cluster_issuer = cluster_issuer
        self.kind = "ClusterIssuer" if cluster_issuer else "Issuer"
        self.annotation_key = (
            "cert-manager.io/cluster-issuer" if cluster_issuer else "cert-manager.io/issuer"
        )
        """The Ingress annotation that asks cert-manager to use this issuer."""
        # The generated Issuer and ClusterIssuer types are twins with different
        # prefixes; lists must hold the struct objects (jsii converts nested
        # dicts only outside lists).
        prefix = "ClusterIssuer" if cluster_issuer else "Issuer"

        def struct(suffix: str, **fields: Any) -> Any:
            return getattr(cm, prefix + suffix)(**fields)

        spec = struct(
            "Spec",
            acme=struct(
                "SpecAcme",
                server=server,
                email=email,
                private_key_secret_ref=struct("SpecAcmePrivateKeySecretRef", name=name),
                solvers=[
                    struct(
                        "SpecAcmeSolvers",
                        http01=struct(
                            "SpecAcmeSolversHttp01",
                            ingress=struct(
                                "SpecAcmeSolversHttp01Ingress",
                                ingress_class_name=ingress_class_name,
                            ),
                        ),
                    )
                ],
            ),
        )
        metadata = cdk8s.ApiObjectMetadata(name=name, labels=labels("cert-issuer", name))
        self.api_object: cdk8s.ApiObject
        if cluster_issuer:
            self.api_object = cm.ClusterIssuer(self, "resource", metadata=metadata, spec=spec)
            cluster_scoped(self.api_object, chart_namespace(self))
        else:
            self.api_object = cm.Issuer(self, "resource", metadata=metadata, spec=spec)


class TlsIngress(Construct):
    """The public HTTPS entry to an :class:`AirsonicApp`, with certificates from Let's Encrypt.

    Creates the staging and the production ACME issuer and an ingress-nginx
    Ingress for ``host`` whose TLS Secret cert-manager fills from the issuer
    chosen by ``use_issuer``. Plain HTTP is redirected to HTTPS; proxy buffering
    is off so streams start at once; uploads up to ``max_body_size`` pass.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param app: the :class:`AirsonicApp` to expose; its Service is the backend. Required.
    :param host: the public host name, e.g. ``"music.example.com"``. Required.
    :param acme_email: the Let's Encrypt account e-mail. Required.
    :param ingress_class_name: the IngressClass of the controller. Default
        ``"nginx"`` (ingress-nginx); microk8s' ingress add-on uses ``"public"``.
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
        it may reach Airsonic (port 4040) and cert-manager's HTTP-01 solver pods
        (port 8089) through the NetworkPolicies this construct creates. Default
        ``"ingress-nginx"``; microk8s' ingress add-on runs in ``"ingress"``.
    :param hsts_max_age_seconds: the HSTS max-age announced. Default one year.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        app: AirsonicApp | NavidromeApp,
        host: str,
        acme_email: str,
        ingress_class_name: str = "nginx",
        use_issuer: LetsEncrypt = LetsEncrypt.STAGING,
        cluster_issuer: bool = False,
        staging_issuer_name: str = "letsencrypt-staging",
        production_issuer_name: str = "letsencrypt-prod",
        tls_secret_name: str | None = None,
        max_body_size: str = "1g",
        name: str | None = None,
        ingress_namespace: str = "ingress-nginx",
        hsts_max_age_seconds: int = 31536000,
    ) -> None:
        super().__init__(scope, id)
        if not isinstance(app, AirsonicApp | NavidromeApp):
            raise v.fail("TlsIngress app", app, "an AirsonicApp or NavidromeApp construct")
        v.hostname("TlsIngress host", host)
        v.email("TlsIngress acme_email", acme_email)
        v.dns_subdomain("TlsIngress ingress_class_name", ingress_class_name)
        if not isinstance(use_issuer, LetsEncrypt):
            raise v.fail(
                "TlsIngress use_issuer", use_issuer, "LetsEncrypt.STAGING or LetsEncrypt.PRODUCTION"
            )
        if staging_issuer_name == production_issuer_name:
            raise v.fail(
                "TlsIngress production_issuer_name",
                production_issuer_name,
                "a name different from staging_issuer_name",
            )
        if not isinstance(max_body_size, str) or not _NGINX_SIZE.match(max_body_size):
            raise v.fail(
                "TlsIngress max_body_size",
                max_body_size,
                "an nginx size such as '1g', '512m' or '0' (unlimited)",
            )
        v.dns_label("TlsIngress ingress_namespace", ingress_namespace)
        v.integer(
            "TlsIngress hsts_max_age_seconds",
            hsts_max_age_seconds,
            1,
            63072000,
            "an integer from 1 to 63072000 (two years)",
        )
        self.name = v.dns_subdomain("TlsIngress name", name if name is not None else app.name)
        self.tls_secret_name = v.dns_subdomain(
            "TlsIngress tls_secret_name",
            tls_secret_name if tls_secret_name is not None else f"{self.name}-tls",
        )
        self.host = host
        self.app = app
        self.ingress_class_name = ingress_class_name
        self.use_issuer = use_issuer
        self.ingress_namespace = ingress_namespace

        self.staging_issuer = AcmeIssuer(
            self,
            "staging",
            name=staging_issuer_name,
            server=LetsEncrypt.STAGING.server,
            email=acme_email,
            ingress_class_name=ingress_class_name,
            cluster_issuer=cluster_issuer,
        )
        self.production_issuer = AcmeIssuer(
            self,
            "production",
            name=production_issuer_name,
            server=LetsEncrypt.PRODUCTION.server,
            email=acme_email,
            ingress_class_name=ingress_class_name,
            cluster_issuer=cluster_issuer,
        )
        self.active_issuer = (
            self.production_issuer if use_issuer is LetsEncrypt.PRODUCTION else self.staging_issuer
        )
        """The issuer the Ingress asks cert-manager to use."""

        self.annotations = {
            self.active_issuer.annotation_key: self.active_issuer.name,
            # HTTPS only: redirect plain HTTP (ingress-nginx still serves the
            # ACME challenge path over HTTP, see its no-tls-redirect-locations).
            "nginx.ingress.kubernetes.io/ssl-redirect": "true",
            "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
            # HSTS, stated per Ingress. Upstream ingress-nginx sends HSTS for
            # every TLS host from its ConfigMap (hsts, on by default) and
            # ignores these keys; controllers that read them apply them here.
            "nginx.ingress.kubernetes.io/hsts": "true",
            "nginx.ingress.kubernetes.io/hsts-max-age": str(hsts_max_age_seconds),
            "nginx.ingress.kubernetes.io/hsts-include-subdomains": "false",
            # Stream audio as it is transcoded instead of buffering it.
            "nginx.ingress.kubernetes.io/proxy-buffering": "off",
            "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
            "nginx.ingress.kubernetes.io/proxy-body-size": max_body_size,
            # Long streams and slow uploads must not time out after 60 s.
            "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
            "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
        }
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

        controller = [namespace_peer(ingress_namespace)]
        self.app_network_policy = allow_ingress(
            self,
            "app-network-policy",
            name=app.name,
            labels=app.pod_labels,
            pod_selector=app.selector,
            ports=(app.container_port,),
            sources=controller,
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
            sources=controller,
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
