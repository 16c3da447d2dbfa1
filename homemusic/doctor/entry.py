"""The report's entry group: the Ingress or Gateway and its routes, the certificate behind them."""

from __future__ import annotations

from ._shared import (
    OK,
    PROBLEM,
    WARNING,
    Expected,
    Finding,
    _condition,
    _is_true,
)
from .cluster import Cluster, Obj

# --- the HTTPS entry ----------------------------------------------------------------------


def check_entry(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "entry"
    findings: list[Finding] = []
    ingresses = expected.of("Ingress")
    if not ingresses and not expected.of("HTTPRoute") and expected.server is not None:
        findings.append(
            Finding(
                g,
                OK,
                "the server is not published (no Ingress or route): reach it with kubectl "
                "port-forward",
            )
        )
    for issuer in [*expected.of("Issuer"), *expected.of("ClusterIssuer")]:
        name = issuer["metadata"]["name"]
        namespace = issuer["metadata"].get("namespace") if issuer["kind"] == "Issuer" else None
        live = cluster.get(issuer["kind"], name, namespace)
        if not cluster.served.get("cert-manager.io"):
            continue  # said under add-ons
        if live is None:
            findings.append(
                Finding(g, PROBLEM, f"{issuer['kind']} {name} does not exist", "apply dist/")
            )
        elif not _is_true(live, "Ready"):
            message = _condition(live, "Ready").get("message", "not ready")
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{issuer['kind']} {name} is not ready: {message}",
                    "check acme_email and that the cluster reaches Let's Encrypt",
                )
            )
    for ingress in ingresses:
        findings += _ingress(expected, ingress, cluster)
    for gateway in expected.of("Gateway"):
        findings.append(_accepted(gateway, cluster, "Programmed"))
    for route in expected.of("HTTPRoute"):
        findings.append(_accepted(route, cluster, "Accepted"))
    return findings


def _accepted(obj: Obj, cluster: Cluster, condition: str) -> Finding:
    """A Gateway programmed, or an HTTPRoute accepted by every parent it names."""
    g = "entry"
    kind, name = obj["kind"], obj["metadata"]["name"]
    namespace = obj["metadata"].get("namespace")
    live = cluster.get(kind, name, namespace)
    if live is None:
        return Finding(g, PROBLEM, f"{kind} {name} does not exist", "apply dist/")
    status = live.get("status") or {}
    conditions = (
        [c for parent in status.get("parents", []) for c in parent.get("conditions", [])]
        if kind == "HTTPRoute"
        else status.get("conditions", [])
    )
    wanted = [c for c in conditions if c.get("type") == condition]
    if wanted and all(c.get("status") == "True" for c in wanted):
        return Finding(g, OK, f"{kind} {name} is {condition.lower()}")
    reasons = "; ".join(f"{c.get('reason')}: {c.get('message', '')}" for c in wanted) or (
        "no status from any Gateway implementation"
    )
    return Finding(
        g,
        PROBLEM,
        f"{kind} {name} is not {condition.lower()} ({reasons})",
        f"kubectl -n {namespace} describe {kind.lower()} {name}; check the GatewayClass and "
        "the listener's allowedRoutes (docs/choices/entry.md)",
    )


def _ingress(expected: Expected, ingress: Obj, cluster: Cluster) -> list[Finding]:
    g = "entry"
    findings = []
    name = ingress["metadata"]["name"]
    namespace = ingress["metadata"].get("namespace", expected.namespace)
    live = cluster.get("Ingress", name, namespace)
    if live is None:
        return [Finding(g, PROBLEM, f"Ingress {name} does not exist", "apply dist/")]
    addresses = [
        i.get("ip") or i.get("hostname")
        for i in live.get("status", {}).get("loadBalancer", {}).get("ingress", []) or []
    ]
    if addresses:
        findings.append(
            Finding(g, OK, f"Ingress {name} is served at {', '.join(map(str, addresses))}")
        )
    else:
        findings.append(
            Finding(
                g,
                PROBLEM,
                f"Ingress {name} has no address: no ingress controller has admitted it",
                "see add-ons: the IngressClass and its controller",
            )
        )
    if not cluster.served.get("cert-manager.io"):
        return findings
    for tls in ingress["spec"].get("tls", []):
        findings.append(_certificate(tls["secretName"], tls.get("hosts", []), namespace, cluster))
    return findings


def _certificate(name: str, hosts: list[str], namespace: str, cluster: Cluster) -> Finding:
    g = "entry"
    certificate = cluster.get("Certificate", name, namespace)
    if certificate is None:
        return Finding(
            g,
            PROBLEM,
            f"there is no Certificate {name}: cert-manager makes it from the Ingress",
            "check that cert-manager runs (see add-ons) and the Ingress's cert-manager.io "
            "issuer annotation names an Issuer that exists",
        )
    if _is_true(certificate, "Ready"):
        until = certificate.get("status", {}).get("notAfter", "?")
        return Finding(g, OK, f"Certificate {name} is ready (valid until {until})")
    host = hosts[0] if hosts else "your host"
    challenges = [
        c
        for c in cluster.of("Challenge")
        if c["metadata"].get("namespace") == namespace
        and c["metadata"]["name"].startswith(f"{name}-")
    ]
    orders = [
        o
        for o in cluster.of("Order")
        if o["metadata"].get("namespace") == namespace and o["metadata"]["name"].startswith(name)
    ]
    for challenge in challenges:
        reason = challenge.get("status", {}).get("reason", "")
        if not reason:
            continue
        if "deadline exceeded" in reason or "Timeout" in reason or "timeout" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name} waits for its HTTP-01 challenge: cert-manager's self check "
                f"of http://{host}/.well-known/acme-challenge/... times out, so Let's Encrypt "
                "is not even asked",
                "forward TCP 80 (and 443) on the router to the ingress controller, and check "
                f"from outside the LAN: curl http://{host}/.well-known/acme-challenge/x",
            )
        if "wrong status code" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: port 80 of {host} answers, but not with the challenge "
                f"({reason.split(': ')[-1][:80]})",
                "port 80 reaches another HTTP server (forwarded to another device), or the "
                "solver's Ingress class is not served: forward it to the ingress controller",
            )
        if "connection refused" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: nothing listens on port 80 of {host}",
                "forward TCP 80 on the router to the ingress controller",
            )
        if "no such host" in reason:
            return Finding(
                g,
                PROBLEM,
                f"Certificate {name}: {host} does not resolve",
                f"create the DNS A record for {host} (README step 3)",
            )
        return Finding(g, PROBLEM, f"Certificate {name} waits on its challenge: {reason}", "")
    for order in orders:
        state = order.get("status", {}).get("state")
        if state in ("invalid", "errored"):
            reason = order.get("status", {}).get("reason", "")
            return Finding(
                g,
                PROBLEM,
                f"Let's Encrypt refused the order for {name}: {reason}",
                f"kubectl -n {namespace} describe order {order['metadata']['name']}",
            )
    message = _condition(certificate, "Ready").get("message", "not ready")
    return Finding(
        g,
        WARNING,
        f"Certificate {name} is not ready yet: {message}",
        f"kubectl -n {namespace} describe certificate {name}",
    )
