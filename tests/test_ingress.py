"""TlsIngress and AcmeIssuer: HTTPS for the public host through cert-manager."""

from __future__ import annotations

from typing import Any

from homemusic import (
    AcmeIssuer,
    AirsonicApp,
    HomeMusicError,
    IngressController,
    LetsEncrypt,
    TlsIngress,
)

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import find, local_storage, new_chart, one, schema_errors, synth, wiring_problems

BuiltIngress = tuple[TlsIngress, list[dict[str, Any]]]


def build(**overrides: Any) -> BuiltIngress:
    chart = new_chart()
    app = AirsonicApp(chart, "airsonic", storage=local_storage(chart))
    args: dict[str, Any] = {
        "app": app,
        "host": "music.example.com",
        "acme_email": "me@example.com",
        # ingress-nginx's class and namespace (required since 0.4.0)
        "class_name": "nginx",
        "controller_namespace": "ingress-nginx",
    }
    args.update(overrides)
    ingress = TlsIngress(chart, "ingress", **args)
    return ingress, synth(chart)


@pytest.fixture(scope="module")
def default() -> BuiltIngress:
    """The construct with its defaults, synthesized once: these tests only read it."""
    return build()


def test_defaults(default: BuiltIngress) -> None:
    ingress, objects = default
    obj = one(objects, "Ingress", "airsonic")
    assert obj["spec"]["ingressClassName"] == "nginx"
    assert obj["spec"]["tls"] == [{"hosts": ["music.example.com"], "secretName": "airsonic-tls"}]
    rule = obj["spec"]["rules"][0]
    assert rule["host"] == "music.example.com"
    assert rule["http"]["paths"] == [
        {
            "path": "/",
            "pathType": "Prefix",
            "backend": {"service": {"name": "airsonic", "port": {"number": 4040}}},
        }
    ]
    # staging until the user switches: production has strict rate limits
    assert ingress.use_issuer is LetsEncrypt.STAGING
    assert obj["metadata"]["annotations"]["cert-manager.io/issuer"] == "letsencrypt-staging"
    assert wiring_problems(objects) == []


def test_streaming_annotations() -> None:
    _, objects = build(max_body_size="2g")
    annotations = one(objects, "Ingress")["metadata"]["annotations"]
    assert annotations == {
        "cert-manager.io/issuer": "letsencrypt-staging",
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
        "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
        "nginx.ingress.kubernetes.io/proxy-buffering": "off",
        "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
        "nginx.ingress.kubernetes.io/proxy-body-size": "2g",
        "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
        "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
    }
    # no key that no controller reads (upstream ingress-nginx has no per-Ingress HSTS)
    assert not [k for k in annotations if "hsts" in k]


def test_traefik_gets_only_its_own_keys() -> None:
    ingress, objects = build(
        controller=IngressController.TRAEFIK,
        class_name="traefik",
        controller_namespace="kube-system",
    )
    annotations = one(objects, "Ingress")["metadata"]["annotations"]
    assert annotations == {
        "cert-manager.io/issuer": "letsencrypt-staging",
        "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
        "traefik.ingress.kubernetes.io/router.tls": "true",
    }
    assert ingress.controller is IngressController.TRAEFIK
    peer = one(objects, "NetworkPolicy", "airsonic")["spec"]["ingress"][0]["from"][0]
    assert peer["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": "kube-system"
    }


def test_email_is_optional_and_profile_passes_through() -> None:
    _, objects = build(acme_email=None, acme_profile="tlsserver")
    for issuer in find(objects, "Issuer"):
        assert "email" not in issuer["spec"]["acme"]
        assert issuer["spec"]["acme"]["profile"] == "tlsserver"
        assert schema_errors(issuer) == []


def test_both_issuers_exist_production_selected() -> None:
    ingress, objects = build(use_issuer=LetsEncrypt.PRODUCTION, class_name="public")
    issuers = {o["metadata"]["name"]: o for o in find(objects, "Issuer")}
    assert set(issuers) == {"letsencrypt-staging", "letsencrypt-prod"}
    prod = issuers["letsencrypt-prod"]["spec"]["acme"]
    assert prod["server"] == "https://acme-v02.api.letsencrypt.org/directory"
    assert prod["email"] == "me@example.com"
    assert prod["privateKeySecretRef"] == {"name": "letsencrypt-prod"}
    assert prod["solvers"] == [{"http01": {"ingress": {"ingressClassName": "public"}}}]
    staging = issuers["letsencrypt-staging"]["spec"]["acme"]
    assert staging["server"] == "https://acme-staging-v02.api.letsencrypt.org/directory"
    annotations = one(objects, "Ingress")["metadata"]["annotations"]
    assert annotations["cert-manager.io/issuer"] == "letsencrypt-prod"
    assert "cert-manager.io/cluster-issuer" not in annotations
    assert ingress.active_issuer is ingress.production_issuer
    # the annotation names an issuer that this chart creates
    assert annotations["cert-manager.io/issuer"] in issuers


def test_cluster_issuer_option() -> None:
    _, objects = build(cluster_issuer=True)
    assert find(objects, "Issuer") == []
    cluster_issuers = find(objects, "ClusterIssuer")
    assert {o["metadata"]["name"] for o in cluster_issuers} == {
        "letsencrypt-staging",
        "letsencrypt-prod",
    }
    for issuer in cluster_issuers:
        assert "namespace" not in issuer["metadata"]
        assert schema_errors(issuer) == []
    annotations = one(objects, "Ingress")["metadata"]["annotations"]
    assert annotations["cert-manager.io/cluster-issuer"] == "letsencrypt-staging"
    assert "cert-manager.io/issuer" not in annotations


def test_network_policies_open_app_and_solver_to_the_controller_only() -> None:
    ingress, objects = build(controller_namespace="ingress")
    app_policy = one(objects, "NetworkPolicy", "airsonic")
    assert app_policy["spec"]["podSelector"]["matchLabels"] == ingress.app.selector
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}}
    assert app_policy["spec"]["ingress"] == [
        {"from": [peer], "ports": [{"port": 4040, "protocol": "TCP"}]}
    ]
    solver = one(objects, "NetworkPolicy", "airsonic-acme-http01-solver")
    assert solver["spec"]["podSelector"] == {
        "matchLabels": {"acme.cert-manager.io/http01-solver": "true"}
    }
    assert solver["spec"]["ingress"] == [
        {"from": [peer], "ports": [{"port": 8089, "protocol": "TCP"}]}
    ]


def test_tls_hosts_equal_rule_hosts() -> None:
    _, objects = build(host="airsonic.home.example.org")
    spec = one(objects, "Ingress")["spec"]
    assert [h for t in spec["tls"] for h in t["hosts"]] == [r["host"] for r in spec["rules"]]


def test_backend_follows_the_service_port() -> None:
    chart = new_chart()
    app = AirsonicApp(chart, "airsonic", storage=local_storage(chart), service_port=80)
    TlsIngress(
        chart,
        "ingress",
        app=app,
        host="music.example.com",
        acme_email="me@example.com",
        class_name="traefik",
        controller_namespace="kube-system",
    )
    objects = synth(chart)
    backend = one(objects, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"]["port"] == {"number": 80}
    # the NetworkPolicy opens the pod's port, not the Service's
    policy = one(objects, "NetworkPolicy", "airsonic")
    assert policy["spec"]["ingress"][0]["ports"] == [{"port": 4040, "protocol": "TCP"}]
    assert wiring_problems(objects) == []


def test_names_and_secret() -> None:
    ingress, objects = build(name="music", tls_secret_name="music-cert")
    obj = one(objects, "Ingress", "music")
    assert obj["spec"]["tls"][0]["secretName"] == "music-cert"
    assert ingress.tls_secret_name == "music-cert"


def test_acme_issuer_alone() -> None:
    chart = new_chart()
    issuer = AcmeIssuer(
        chart,
        "issuer",
        name="my-issuer",
        server="https://acme.example.net/directory",
        email="ops@example.net",
        ingress_class_name="traefik",
    )
    obj = one(synth(chart), "Issuer", "my-issuer")
    assert obj["spec"]["acme"]["server"] == "https://acme.example.net/directory"
    assert issuer.annotation_key == "cert-manager.io/issuer"


def test_snapshot(snapshot: SnapshotAssertion, default: BuiltIngress) -> None:
    _, objects = default
    assert objects == snapshot


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"host": "https://example.com"}, "TlsIngress host: got 'https://example.com'; expected"),
        ({"host": "localhost"}, "TlsIngress host: got 'localhost'; expected a fully qualified"),
        ({"host": "192.168.0.1"}, "TlsIngress host: got '192.168.0.1'; expected a fully"),
        ({"host": "*.example.com"}, "TlsIngress host: got '*.example.com'; expected"),
        ({"host": "Music.Example.com"}, "TlsIngress host: got 'Music.Example.com'; expected"),
        ({"acme_email": "me"}, "TlsIngress acme_email: got 'me'; expected an e-mail address"),
        (
            {"acme_email": "me@localhost"},
            "TlsIngress acme_email: got 'me@localhost'; expected an e-mail address",
        ),
        (
            {"class_name": "Public"},
            "TlsIngress class_name: got 'Public'; expected an RFC 1123 subdomain",
        ),
        (
            {"use_issuer": "production"},
            "TlsIngress use_issuer: got 'production'; expected LetsEncrypt.STAGING or",
        ),
        (
            {"max_body_size": "1 GB"},
            "TlsIngress max_body_size: got '1 GB'; expected an nginx size",
        ),
        (
            {"staging_issuer_name": "le", "production_issuer_name": "le"},
            "TlsIngress production_issuer_name: got 'le'; expected a name different",
        ),
        ({"app": "airsonic"}, "TlsIngress app: got 'airsonic'; expected an AirsonicApp"),
        (
            {"controller_namespace": "Ingress"},
            "TlsIngress controller_namespace: got 'Ingress'; expected an RFC 1123 label",
        ),
        ({"acme_profile": "monthly"}, "TlsIngress acme_profile: got 'monthly'; expected one of"),
        (
            {"controller": "traefik"},
            "TlsIngress controller: got 'traefik'; expected IngressController.INGRESS_NGINX",
        ),
    ],
)
def test_raises_on_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build(**overrides)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("missing", "choices"),
    [
        (
            "class_name",
            ["'public' (microk8s 1.35+", "'traefik' (k3s", "'nginx' (ingress-nginx, retired"],
        ),
        ("controller_namespace", ["'ingress' (microk8s)", "'kube-system' (k3s' Traefik)"]),
    ],
)
def test_class_and_namespace_are_required_with_the_choices(
    missing: str, choices: list[str]
) -> None:
    # No default names a retired controller (0.4.0): the error lists each cluster's values.
    with pytest.raises(HomeMusicError) as info:
        build(**{missing: None})
    message = str(info.value)
    assert message.startswith(f"TlsIngress {missing}: got None; expected ")
    for choice in choices:
        assert choice in message


def test_raises_on_bad_acme_server() -> None:
    with pytest.raises(HomeMusicError) as info:
        AcmeIssuer(
            new_chart(),
            "issuer",
            name="x",
            server="http://acme.example.net/directory",
            email="ops@example.net",
            ingress_class_name="nginx",
        )
    assert str(info.value).startswith(
        "AcmeIssuer server: got 'http://acme.example.net/directory'; expected an https:// URL"
    )
