"""The ACME issuers both HTTPS entries use: Let's Encrypt's staging and production.

:class:`AcmeIssuer` is one cert-manager ``Issuer`` (or ``ClusterIssuer``) with an
HTTP-01 solver through an Ingress class or a Gateway listener;
:class:`LetsEncryptIssuers` makes the staging and the production one, one of
them active. :class:`TlsIngress` and :class:`TlsGateway` both create them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from .._private import validation as v
from .._private.k8s import api_object, labels


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


ACME_PROFILES = ("classic", "tlsserver", "shortlived")
"""Let's Encrypt's ACME certificate profiles (cert-manager ``spec.acme.profile``, 1.18+)."""


@dataclass(frozen=True)
class GatewayParent:
    """A Gateway listener that cert-manager's HTTP-01 solver route attaches to.

    :param name: the Gateway's name.
    :param namespace: its namespace.
    :param section_name: the listener (the plain-HTTP one on port 80). Default none.
    """

    name: str
    namespace: str
    section_name: str | None = None


def check_account(*, email: str | None, profile: str | None, cluster_issuer: bool) -> None:
    """:class:`AcmeIssuer`'s account arguments (errors name ``AcmeIssuer email``, ...)."""
    if email is not None:
        v.email("AcmeIssuer email", email)
    if profile is not None and profile not in ACME_PROFILES:
        raise v.fail("AcmeIssuer profile", profile, f"one of {list(ACME_PROFILES)} or None")
    if not isinstance(cluster_issuer, bool):
        raise v.fail("AcmeIssuer cluster_issuer", cluster_issuer, "True or False")


def check_pair(*, use_issuer: LetsEncrypt, staging_name: str, production_name: str) -> None:
    """:class:`LetsEncryptIssuers`' choice and names (errors name ``LetsEncryptIssuers ...``)."""
    if not isinstance(use_issuer, LetsEncrypt):
        raise v.fail(
            "LetsEncryptIssuers use_issuer",
            use_issuer,
            "LetsEncrypt.STAGING or LetsEncrypt.PRODUCTION",
        )
    v.labelled_name("LetsEncryptIssuers staging_name", staging_name)
    v.labelled_name("LetsEncryptIssuers production_name", production_name)
    if staging_name == production_name:
        raise v.fail(
            "LetsEncryptIssuers production_name",
            production_name,
            "a name different from staging_name",
        )


class AcmeIssuer(Construct):
    """A cert-manager ACME ``Issuer`` (or ``ClusterIssuer``) with an HTTP-01 solver.

    The solver answers Let's Encrypt's challenge either through a temporary
    Ingress of ``ingress_class_name`` or through a temporary HTTPRoute attached
    to a Gateway listener (``gateway``): give exactly one. Port 80 of that
    controller or Gateway must stay reachable from the internet, also for
    every renewal (Let's Encrypt's certificates are getting shorter-lived).

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param name: the issuer's name, also the Secret that holds its ACME account
        key (cert-manager creates it). Required.
    :param server: the ACME directory URL, e.g. ``LetsEncrypt.PRODUCTION.server``. Required.
    :param email: the ACME account e-mail. Default none: Let's Encrypt no longer
        sends expiry e-mails (since June 2025), so it is optional.
    :param profile: the ACME certificate profile, one of ``"classic"``,
        ``"tlsserver"``, ``"shortlived"`` (cert-manager 1.18+). Default none:
        the server's default.
    :param ingress_class_name: the ingress class the HTTP-01 solver uses.
    :param gateway: the Gateway listener the HTTP-01 solver route attaches to
        (cert-manager's ``gatewayHTTPRoute`` solver; its Gateway API support
        must be enabled, see ``docs/choices/entry.md``).
    :param cluster_issuer: create a cluster-wide ``ClusterIssuer`` instead of a
        namespaced ``Issuer``. Default ``False``.
    :param namespace: the namespace of a namespaced ``Issuer`` when it is not
        the chart's (an Issuer must live beside the Gateway or Ingress that
        names it). Default: the chart's.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        server: str,
        email: str | None = None,
        profile: str | None = None,
        ingress_class_name: str | None = None,
        gateway: GatewayParent | None = None,
        cluster_issuer: bool = False,
        namespace: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        v.labelled_name("AcmeIssuer name", name)
        v.https_url("AcmeIssuer server", server)
        check_account(email=email, profile=profile, cluster_issuer=cluster_issuer)
        if (ingress_class_name is None) == (gateway is None):
            raise v.fail(
                "AcmeIssuer ingress_class_name",
                ingress_class_name,
                "exactly one of ingress_class_name and gateway (where the HTTP-01 solver runs)",
            )
        if ingress_class_name is not None:
            v.dns_subdomain("AcmeIssuer ingress_class_name", ingress_class_name)
        if gateway is not None:
            if not isinstance(gateway, GatewayParent):
                raise v.fail("AcmeIssuer gateway", gateway, "a GatewayParent")
            v.dns_subdomain("AcmeIssuer gateway name", gateway.name)
            v.dns_label("AcmeIssuer gateway namespace", gateway.namespace)
        if namespace is not None:
            v.dns_label("AcmeIssuer namespace", namespace)
            if cluster_issuer:
                raise v.fail(
                    "AcmeIssuer namespace", namespace, "None for a ClusterIssuer (cluster-wide)"
                )
        self.name = name
        self.server = server
        self.email = email
        self.profile = profile
        self.gateway = gateway
        self.cluster_issuer = cluster_issuer
        self.kind = "ClusterIssuer" if cluster_issuer else "Issuer"
        self.annotation_key = (
            "cert-manager.io/cluster-issuer" if cluster_issuer else "cert-manager.io/issuer"
        )
        """The Ingress annotation that asks cert-manager to use this issuer."""
        # A plain ApiObject in the API's camelCase: importing the generated
        # cert-manager bindings cost a tenth of a synth (see
        # docs/operations/benchmarks.md); the tests validate it against the CRD's schema and CEL
        # rules in strict mode, as they do the core objects.
        if gateway is not None:
            parent: dict[str, Any] = {
                "group": "gateway.networking.k8s.io",
                "kind": "Gateway",
                "name": gateway.name,
                "namespace": gateway.namespace,
            }
            if gateway.section_name is not None:
                parent["sectionName"] = gateway.section_name
            http01: dict[str, Any] = {"gatewayHTTPRoute": {"parentRefs": [parent]}}
        else:
            http01 = {"ingress": {"ingressClassName": ingress_class_name}}
        acme: dict[str, Any] = {
            "server": server,
            "privateKeySecretRef": {"name": name},
            "solvers": [{"http01": http01}],
        }
        if email is not None:
            acme["email"] = email
        if profile is not None:
            acme["profile"] = profile
        self.api_object = api_object(
            self,
            "resource",
            api_version="cert-manager.io/v1",
            kind=self.kind,
            name=name,
            namespace=namespace,
            object_labels=labels("cert-issuer", name),
            spec={"acme": acme},
            cluster_scoped=cluster_issuer,
        )
        """The ``Issuer`` or ``ClusterIssuer`` object."""


class LetsEncryptIssuers(Construct):
    """Let's Encrypt's staging and production issuers, one of them active.

    Both always exist, so switching ``use_issuer`` is a one-word change.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param use_issuer: which one signs the certificate. Required.
    :param staging_name: the staging issuer's name. Required.
    :param production_name: the production issuer's name. Required.

    ``email``, ``profile``, ``ingress_class_name``, ``gateway``, ``cluster_issuer`` and
    ``namespace`` are as for :class:`AcmeIssuer`, the same for both.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        use_issuer: LetsEncrypt,
        staging_name: str,
        production_name: str,
        email: str | None = None,
        profile: str | None = None,
        ingress_class_name: str | None = None,
        gateway: GatewayParent | None = None,
        cluster_issuer: bool = False,
        namespace: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        check_pair(
            use_issuer=use_issuer, staging_name=staging_name, production_name=production_name
        )
        common: dict[str, Any] = {
            "email": email,
            "profile": profile,
            "ingress_class_name": ingress_class_name,
            "gateway": gateway,
            "cluster_issuer": cluster_issuer,
            "namespace": namespace,
        }
        with v.caller_names({"AcmeIssuer name": "LetsEncryptIssuers staging_name"}):
            self.staging = AcmeIssuer(
                self, "staging", name=staging_name, server=LetsEncrypt.STAGING.server, **common
            )
        with v.caller_names({"AcmeIssuer name": "LetsEncryptIssuers production_name"}):
            self.production = AcmeIssuer(
                self,
                "production",
                name=production_name,
                server=LetsEncrypt.PRODUCTION.server,
                **common,
            )
        self.use_issuer = use_issuer
        self.active = self.production if use_issuer is LetsEncrypt.PRODUCTION else self.staging
        """The issuer that signs the certificate."""


ISSUER_ARGUMENTS = {
    "LetsEncryptIssuers use_issuer": "use_issuer",
    "LetsEncryptIssuers staging_name": "staging_issuer_name",
    "LetsEncryptIssuers production_name": "production_issuer_name",
    "AcmeIssuer email": "acme_email",
    "AcmeIssuer profile": "acme_profile",
    "AcmeIssuer cluster_issuer": "cluster_issuer",
}
"""How the issuers' argument names read in the constructs that create them."""


def issuer_names(owner: str) -> dict[str, str]:
    """:data:`ISSUER_ARGUMENTS` as ``owner``'s arguments."""
    return {inner: f"{owner} {outer}" for inner, outer in ISSUER_ARGUMENTS.items()}


@dataclass(frozen=True, kw_only=True)
class IssuerOptions:
    """The Let's Encrypt issuers' arguments, taken by :class:`TlsIngress` and :class:`TlsGateway`.

    Checked by :class:`LetsEncryptIssuers` and :class:`AcmeIssuer`, under the
    names of the construct that takes them.

    :param acme_email: the Let's Encrypt account e-mail. Default none (optional:
        Let's Encrypt sends no expiry e-mails any more).
    :param acme_profile: the ACME profile (see :class:`AcmeIssuer`). Default none.
    :param use_issuer: which issuer signs the certificate. Default
        ``LetsEncrypt.STAGING``; switch to ``LetsEncrypt.PRODUCTION`` once the
        staging certificate is issued.
    :param cluster_issuer: create ``ClusterIssuer`` objects instead of namespaced
        ``Issuer`` ones. Default ``False``.
    :param staging_issuer_name: Default ``"letsencrypt-staging"``.
    :param production_issuer_name: Default ``"letsencrypt-prod"``.
    """

    acme_email: str | None = None
    acme_profile: str | None = None
    use_issuer: LetsEncrypt = LetsEncrypt.STAGING
    cluster_issuer: bool = False
    staging_issuer_name: str = "letsencrypt-staging"
    production_issuer_name: str = "letsencrypt-prod"

    def check(self, owner: str) -> None:
        """Check every option as ``owner``'s (its argument names in errors).

        Also where no issuer is made (an unpublished stack, an existing
        Gateway's route), so a typo never waits for the day the entry is
        switched on.
        """
        with v.caller_names(issuer_names(owner)):
            check_pair(
                use_issuer=self.use_issuer,
                staging_name=self.staging_issuer_name,
                production_name=self.production_issuer_name,
            )
            check_account(
                email=self.acme_email, profile=self.acme_profile, cluster_issuer=self.cluster_issuer
            )

    def issuers(
        self,
        scope: Construct,
        owner: str,
        *,
        ingress_class_name: str | None = None,
        gateway: GatewayParent | None = None,
        namespace: str | None = None,
    ) -> LetsEncryptIssuers:
        """Both issuers, as ``owner``'s (its argument names in errors)."""
        with v.caller_names(issuer_names(owner)):
            return LetsEncryptIssuers(
                scope,
                "issuers",
                use_issuer=self.use_issuer,
                staging_name=self.staging_issuer_name,
                production_name=self.production_issuer_name,
                email=self.acme_email,
                profile=self.acme_profile,
                ingress_class_name=ingress_class_name,
                gateway=gateway,
                cluster_issuer=self.cluster_issuer,
                namespace=namespace,
            )
