"""The Gateway API entry: a Gateway of its own, or a route on the user's Gateway."""

from __future__ import annotations

import copy
from typing import Any

from homemusic import (
    GatewayRoute,
    HomeMusicChart,
    HomeMusicError,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    NavidromeApp,
    RoutesFrom,
    TlsGateway,
)

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests import cel
from tests.support import (
    blog_stack_args,
    crd_schemas,
    find,
    local_storage,
    new_chart,
    one,
    schema_errors,
    synth,
    wiring_problems,
)

Built = tuple[Any, list[dict[str, Any]]]


def build_gateway(**overrides: Any) -> Built:
    chart = new_chart()
    app = NavidromeApp(chart, "navidrome", storage=local_storage(chart))
    args: dict[str, Any] = {
        "app": app,
        "host": "music.example.com",
        "class_name": "eg",
        "data_plane_namespace": "envoy-gateway-system",
    }
    args.update(overrides)
    entry = TlsGateway(chart, "https", **args)
    return entry, synth(chart)


def build_route(**overrides: Any) -> Built:
    chart = new_chart()
    app = NavidromeApp(chart, "navidrome", storage=local_storage(chart))
    args: dict[str, Any] = {
        "app": app,
        "host": "music.example.com",
        "name": "shared",
        "namespace": "gateways",
    }
    args.update(overrides)
    entry = GatewayRoute(chart, "https", **args)
    return entry, synth(chart)


@pytest.fixture(scope="module")
def gateway() -> Built:
    return build_gateway()


def test_every_object_validates_with_its_cel_rules(gateway: Built) -> None:
    _, objects = gateway
    kinds = {o["kind"] for o in objects}
    assert {"Gateway", "HTTPRoute", "Issuer"} <= kinds
    for obj in objects:
        assert schema_errors(obj) == [], obj["metadata"]["name"]
    assert wiring_problems(objects) == []
    # the rules are really there and really run
    assert cel.rule_count(crd_schemas()[("gateway.networking.k8s.io/v1", "Gateway")]) >= 15
    assert cel.rule_count(crd_schemas()[("gateway.networking.k8s.io/v1", "HTTPRoute")]) >= 80


def test_cel_rules_catch_what_the_schema_does_not(gateway: Built) -> None:
    _, objects = gateway
    broken = copy.deepcopy(one(objects, "Gateway"))
    # two listeners on one port with the same hostname: schema-valid, CEL-refused
    broken["spec"]["listeners"][1]["name"] = "https"
    errors = schema_errors(broken)
    assert errors and all("(CEL)" in e for e in errors), errors
    route = copy.deepcopy(one(objects, "HTTPRoute", "navidrome-https-redirect"))
    route["spec"]["rules"][0]["filters"].append(
        copy.deepcopy(route["spec"]["rules"][0]["filters"][0])
    )  # RequestRedirect twice in one rule
    assert any("(CEL)" in e for e in schema_errors(route))


def test_gateway_listeners_and_tls(gateway: Built) -> None:
    entry, objects = gateway
    obj = one(objects, "Gateway", "navidrome")
    assert obj["spec"]["gatewayClassName"] == "eg"
    assert obj["metadata"]["annotations"] == {"cert-manager.io/issuer": "letsencrypt-staging"}
    https, http = obj["spec"]["listeners"]
    assert (https["name"], https["port"], https["protocol"]) == ("https", 443, "HTTPS")
    assert https["hostname"] == "music.example.com"
    assert https["tls"] == {
        "mode": "Terminate",
        "certificateRefs": [{"kind": "Secret", "group": "", "name": "navidrome-tls"}],
    }
    assert https["allowedRoutes"]["namespaces"] == {"from": "Same"}
    assert (http["name"], http["port"], http["protocol"]) == ("http", 80, "HTTP")
    assert http["hostname"] == "music.example.com"
    assert entry.tls_secret_name == "navidrome-tls"


def test_app_route_streams_without_timeout_and_sets_hsts(gateway: Built) -> None:
    _, objects = gateway
    route = one(objects, "HTTPRoute", "navidrome")
    assert route["spec"]["hostnames"] == ["music.example.com"]
    assert route["spec"]["parentRefs"] == [
        {
            "group": "gateway.networking.k8s.io",
            "kind": "Gateway",
            "name": "navidrome",
            "namespace": "music",
            "sectionName": "https",
        }
    ]
    (rule,) = route["spec"]["rules"]
    assert rule["backendRefs"] == [{"kind": "Service", "name": "navidrome", "port": 4533}]
    assert rule["timeouts"] == {"request": "0s"}
    assert rule["filters"] == [
        {
            "type": "ResponseHeaderModifier",
            "responseHeaderModifier": {
                "set": [{"name": "Strict-Transport-Security", "value": "max-age=31536000"}]
            },
        }
    ]


def test_plain_http_is_redirected(gateway: Built) -> None:
    _, objects = gateway
    route = one(objects, "HTTPRoute", "navidrome-https-redirect")
    assert route["spec"]["parentRefs"][0]["sectionName"] == "http"
    (rule,) = route["spec"]["rules"]
    assert "backendRefs" not in rule
    assert rule["filters"] == [
        {"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}
    ]


def test_issuers_solve_http01_through_the_gateway(gateway: Built) -> None:
    _, objects = gateway
    for issuer in find(objects, "Issuer"):
        (solver,) = issuer["spec"]["acme"]["solvers"]
        assert solver["http01"] == {
            "gatewayHTTPRoute": {
                "parentRefs": [
                    {
                        "group": "gateway.networking.k8s.io",
                        "kind": "Gateway",
                        "name": "navidrome",
                        "namespace": "music",
                        "sectionName": "http",
                    }
                ]
            }
        }
        assert "email" not in issuer["spec"]["acme"]  # optional now
    # the solver's temporary route lands in the Gateway's namespace: "http" admits it
    http = one(objects, "Gateway")["spec"]["listeners"][1]
    assert http["allowedRoutes"]["namespaces"] == {"from": "Same"}


def test_network_policies_admit_the_data_plane(gateway: Built) -> None:
    _, objects = gateway
    app = one(objects, "NetworkPolicy", "navidrome")
    peer = {
        "namespaceSelector": {
            "matchLabels": {"kubernetes.io/metadata.name": "envoy-gateway-system"}
        }
    }
    assert app["spec"]["ingress"] == [
        {"from": [peer], "ports": [{"port": 4533, "protocol": "TCP"}]}
    ]
    solver = one(objects, "NetworkPolicy", "navidrome-acme-http01-solver")
    assert solver["spec"]["ingress"][0]["from"] == [peer]


def test_a_proxy_beside_the_gateway_is_reachable() -> None:
    # NGINX Gateway Fabric and Istio run the proxy in the Gateway's namespace,
    # labelled with its name (GEP-1762): the chart's default deny must not cut it off
    entry, objects = build_gateway(data_plane_namespace=None)
    policy = one(objects, "NetworkPolicy", "navidrome-gateway-proxy")
    assert policy["spec"] == {
        "podSelector": {"matchLabels": {"gateway.networking.k8s.io/gateway-name": "navidrome"}},
        "policyTypes": ["Ingress"],
        "ingress": [{}],
    }
    assert entry.data_plane_namespace == "music"
    assert schema_errors(policy) == []
    # a proxy elsewhere (Envoy Gateway's default) needs no such policy here
    _, objects = build_gateway()
    assert find(objects, "NetworkPolicy", "navidrome-gateway-proxy") == []


def test_gateway_in_another_namespace() -> None:
    entry, objects = build_gateway(gateway_namespace="gateways")
    gateway = one(objects, "Gateway")
    assert gateway["metadata"]["namespace"] == "gateways"
    https = gateway["spec"]["listeners"][0]
    assert https["allowedRoutes"]["namespaces"] == {
        "from": "Selector",
        "selector": {"matchLabels": {"kubernetes.io/metadata.name": "music"}},
    }
    assert entry.routes_from is RoutesFrom.APP_NAMESPACE
    # issuers, TLS Secret and redirect live beside the Gateway; the app route beside the app
    assert {i["metadata"]["namespace"] for i in find(objects, "Issuer")} == {"gateways"}
    assert (
        one(objects, "HTTPRoute", "navidrome-https-redirect")["metadata"]["namespace"] == "gateways"
    )
    assert one(objects, "HTTPRoute", "navidrome")["metadata"]["namespace"] == "music"
    assert find(objects, "NetworkPolicy", "navidrome-acme-http01-solver") == []
    assert wiring_problems(objects) == []
    for obj in objects:
        assert schema_errors(obj) == []
    _, objects = build_gateway(gateway_namespace="gateways", routes_from=RoutesFrom.ALL)
    assert one(objects, "Gateway")["spec"]["listeners"][0]["allowedRoutes"]["namespaces"] == {
        "from": "All"
    }


def test_wiring_check_sees_a_listener_that_refuses_the_route(gateway: Built) -> None:
    _, objects = gateway
    broken = copy.deepcopy(objects)
    one(broken, "Gateway")["spec"]["listeners"][0]["allowedRoutes"]["namespaces"] = {
        "from": "Selector",
        "selector": {"matchLabels": {"kubernetes.io/metadata.name": "elsewhere"}},
    }
    one(broken, "HTTPRoute", "navidrome")["spec"]["rules"][0]["backendRefs"][0]["port"] = 80
    problems = wiring_problems(broken)
    assert "listener https does not admit HTTPRoute navidrome" in problems
    assert "HTTPRoute navidrome backend port 80 closed" in problems


def test_cluster_issuer_and_profile() -> None:
    _, objects = build_gateway(
        cluster_issuer=True, acme_profile="shortlived", use_issuer=LetsEncrypt.PRODUCTION
    )
    gateway = one(objects, "Gateway")
    assert gateway["metadata"]["annotations"] == {
        "cert-manager.io/cluster-issuer": "letsencrypt-prod"
    }
    for issuer in find(objects, "ClusterIssuer"):
        assert issuer["spec"]["acme"]["profile"] == "shortlived"
        assert "namespace" not in issuer["metadata"]
        ref = issuer["spec"]["acme"]["solvers"][0]["http01"]["gatewayHTTPRoute"]["parentRefs"][0]
        assert ref["namespace"] == "music"  # a ClusterIssuer must name it
        assert schema_errors(issuer) == []


def test_existing_gateway_route() -> None:
    entry, objects = build_route(section_name="websecure", data_plane_namespace="kube-system")
    assert [o["kind"] for o in objects if o["kind"] in ("Gateway", "Issuer")] == []
    route = one(objects, "HTTPRoute", "navidrome")
    assert route["spec"]["parentRefs"] == [
        {
            "group": "gateway.networking.k8s.io",
            "kind": "Gateway",
            "name": "shared",
            "namespace": "gateways",
            "sectionName": "websecure",
        }
    ]
    assert route["spec"]["rules"][0]["timeouts"] == {"request": "0s"}
    assert "filters" not in route["spec"]["rules"][0]  # the user's Gateway decides HSTS
    policy = one(objects, "NetworkPolicy", "navidrome")
    assert policy["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": "kube-system"
    }
    assert entry.data_plane_namespace == "kube-system"
    for obj in objects:
        assert schema_errors(obj) == []
    assert wiring_problems(objects) == []
    # the data plane defaults to the Gateway's namespace
    entry, _ = build_route()
    assert entry.data_plane_namespace == "gateways"


def test_snapshot(snapshot: SnapshotAssertion, gateway: Built) -> None:
    _, objects = gateway
    assert objects == snapshot


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"listener_hostname": "other.example.com"},
            "TlsGateway listener_hostname: got 'other.example.com'; expected the route's host",
        ),
        (
            {"listener_hostname": "*.example.com"},
            "TlsGateway listener_hostname: got '*.example.com'; expected a host name without "
            "a wildcard: cert-manager's HTTP-01 solver",
        ),
        (
            {"gateway_namespace": "gateways", "routes_from": RoutesFrom.SAME},
            "TlsGateway routes_from: got <RoutesFrom.SAME: 'Same'>; expected "
            "RoutesFrom.APP_NAMESPACE or RoutesFrom.ALL",
        ),
        ({"request_timeout": "forever"}, "TlsGateway request_timeout: got 'forever'"),
        ({"class_name": "Envoy GW"}, "TlsGateway class_name: got 'Envoy GW'"),
        ({"host": "*.example.com"}, "TlsGateway host: got '*.example.com'"),
        ({"acme_profile": "weekly"}, "TlsGateway acme_profile: got 'weekly'; expected one of"),
        ({"acme_email": "nobody"}, "TlsGateway acme_email: got 'nobody'"),
        (
            {"staging_issuer_name": "le", "production_issuer_name": "le"},
            "TlsGateway production_issuer_name: got 'le'; expected a name different",
        ),
        ({"app": "navidrome"}, "TlsGateway app: got 'navidrome'; expected an AirsonicApp or"),
        ({"https_port": 0}, "TlsGateway https_port: got 0; expected an integer port"),
        ({"http_port": 443}, "TlsGateway http_port: got 443; expected a port other than"),
    ],
)
def test_gateway_refuses_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build_gateway(**overrides)
    assert str(info.value).startswith(message)


def stack(**overrides: Any) -> list[dict[str, Any]]:
    args = blog_stack_args(music_server=MusicServer.navidrome())
    args.update(overrides)
    return synth(HomeMusicChart(cdk8s.App(), "hm", **args))


def test_stack_with_a_gateway_entry() -> None:
    objects = stack(
        https_entry=HttpsEntry.gateway(
            class_name="traefik",
            data_plane_namespace="kube-system",
            https_port=8443,  # Traefik: its entry points' ports
            http_port=8000,
        )
    )
    ports = [lst["port"] for lst in one(objects, "Gateway")["spec"]["listeners"]]
    assert ports == [8443, 8000]
    assert find(objects, "Ingress") == []
    gateway = one(objects, "Gateway", "homemusic-navidrome")
    assert gateway["metadata"]["annotations"] == {
        "cert-manager.io/issuer": "homemusic-letsencrypt-prod"
    }
    assert wiring_problems(objects) == []
    for obj in objects:
        assert schema_errors(obj) == []


def test_stack_names_the_entry_factory_arguments() -> None:
    with pytest.raises(HomeMusicError) as info:
        stack(https_entry=HttpsEntry.gateway(class_name="Bad Class"))
    assert str(info.value).startswith("HttpsEntry.gateway class_name: got 'Bad Class'")
    with pytest.raises(HomeMusicError) as info:
        stack(https_entry=HttpsEntry.existing_gateway(name="gw", namespace="Not OK"))
    assert str(info.value).startswith("HttpsEntry.existing_gateway namespace: got 'Not OK'")
    with pytest.raises(HomeMusicError) as info:
        stack(https_entry=HttpsEntry.ingress(class_name="public", controller_namespace="-x"))
    assert str(info.value).startswith("HttpsEntry.ingress controller_namespace: got '-x'")
    with pytest.raises(HomeMusicError) as info:
        stack(acme_profile="weekly")
    assert str(info.value).startswith("HomeMusicStack acme_profile: got 'weekly'")
    with pytest.raises(HomeMusicError) as info:
        stack(https_entry="gateway")
    assert str(info.value).startswith("HomeMusicStack https_entry: got 'gateway'")
