"""The report's add-ons group: the add-ons the stack needs, and the Samba Service's address.

cert-manager and its controller, the ingress class or the Gateway API, MetalLB
and the pool that holds the address the Samba Service asks for.
"""

from __future__ import annotations

import ipaddress
import re

from ._shared import (
    OK,
    PROBLEM,
    SKIPPED,
    WARNING,
    Expected,
    Finding,
    _is_true,
    _matches,
)
from .cluster import CERT_MANAGER_SELECTOR, DEPLOYMENTS, Cluster, Obj, group_of, labelled

# --- add-ons ------------------------------------------------------------------------------

_ADDONS = {
    "cert-manager.io": (
        "cert-manager",
        "the Issuers cannot be created and no certificate will be issued",
    ),
    "metallb.io": ("MetalLB", "the Samba Service gets no LAN address"),
    "gateway.networking.k8s.io": (
        "the Gateway API CRDs",
        "the Gateway and its routes cannot be created",
    ),
}


def check_addons(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings: list[Finding] = []
    used: dict[str, set[str]] = {}
    for obj in expected.objects:
        group = group_of(obj["apiVersion"])
        if group in _ADDONS:
            used.setdefault(group, set()).add(obj["kind"])
    # Samba's LoadBalancer Service needs MetalLB even when the output has no pool.
    lb_services = [s for s in expected.of("Service") if s["spec"].get("type") == "LoadBalancer"]
    if lb_services:
        used.setdefault("metallb.io", set())
    crds = {c["metadata"]["name"]: c for c in cluster.of("CustomResourceDefinition")}
    for group in sorted(used):
        name, consequence = _ADDONS[group]
        if not cluster.served.get(group):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{name} is not installed (no {group} API): {consequence}",
                    "install it (README, From zero to music, step 1), then apply dist/ again",
                )
            )
            continue
        missing = []
        for obj in expected.objects:
            if group_of(obj["apiVersion"]) != group:
                continue
            version = obj["apiVersion"].rpartition("/")[2]
            crd = next(
                (c for c in crds.values() if c["spec"]["names"]["kind"] == obj["kind"]
                 and c["spec"]["group"] == group),
                None,
            )  # fmt: skip
            if crds and crd is None:
                missing.append(f"{obj['kind']} (no CRD)")
            elif crd is not None and not any(
                v["name"] == version and v.get("served") for v in crd["spec"]["versions"]
            ):
                missing.append(f"{obj['kind']} {version} (not served)")
            elif crd is None and version not in cluster.served.get(group, set()):
                missing.append(f"{obj['kind']} {version}")
        if missing:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"{name} is installed but does not serve {', '.join(sorted(set(missing)))}",
                    f"upgrade {name} to a release that serves what dist/ uses (README, step 1)",
                )
            )
        else:
            kinds = ", ".join(sorted(used[group])) or "for the Samba Service's address"
            versions = ", ".join(sorted(cluster.served[group]))
            findings.append(Finding(g, OK, f"{name}: {group} {versions} served ({kinds})"))
    if "cert-manager.io" in used and cluster.served.get("cert-manager.io"):
        findings += _cert_manager_controller(cluster)
    findings += _ingress_classes(expected, cluster)
    if lb_services and cluster.served.get("metallb.io"):
        for service in lb_services:
            findings += _metallb_pool(service, cluster)
    return findings


def _cert_manager_controller(cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    unreadable = cluster.unreadable.get(labelled(DEPLOYMENTS))
    if unreadable:
        return [
            Finding(
                g,
                SKIPPED,
                f"could not look for cert-manager's controller Deployment ({unreadable}: "
                f"it lists Deployments labelled {CERT_MANAGER_SELECTOR} in every namespace)",
                "run the doctor with a kubeconfig that may list Deployments in every namespace",
            )
        ]
    controllers = [
        d
        for d in cluster.of("Deployment")
        if d["metadata"].get("labels", {}).get("app.kubernetes.io/name") == "cert-manager"
        and d["metadata"].get("labels", {}).get("app.kubernetes.io/component", "controller")
        == "controller"
    ]
    if not controllers:
        return [
            Finding(
                g,
                WARNING,
                "cert-manager's API is served but its controller Deployment was not found "
                "(label app.kubernetes.io/name=cert-manager)",
                "check that cert-manager runs: kubectl get deploy -A -l "
                "app.kubernetes.io/name=cert-manager",
            )
        ]
    findings = []
    for d in controllers:
        where = f"{d['metadata']['namespace']}/{d['metadata']['name']}"
        if _is_true(d, "Available"):
            findings.append(Finding(g, OK, f"cert-manager's controller {where} is available"))
        else:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"cert-manager's controller {where} is not available: no certificate "
                    "will be issued",
                    f"kubectl -n {d['metadata']['namespace']} describe deploy "
                    f"{d['metadata']['name']}",
                )
            )
    return findings


def _ingress_classes(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings = []
    classes = {c["metadata"]["name"] for c in cluster.of("IngressClass")}
    for ingress in expected.of("Ingress"):
        wanted = ingress["spec"].get("ingressClassName")
        if wanted is None:
            continue
        if wanted in classes:
            findings.append(Finding(g, OK, f"IngressClass {wanted} exists"))
        else:
            have = ", ".join(sorted(classes)) or "none"
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"no IngressClass {wanted} exists (the cluster has: {have}), so nothing "
                    f"serves the Ingress {ingress['metadata']['name']}",
                    "install the ingress controller (microk8s enable ingress), or pass its "
                    "class to HttpsEntry.ingress(class_name=...) and synthesize again",
                )
            )
    gateway_classes = {c["metadata"]["name"] for c in cluster.of("GatewayClass")}
    for gateway in expected.of("Gateway"):
        wanted = gateway["spec"].get("gatewayClassName")
        if wanted in gateway_classes:
            findings.append(Finding(g, OK, f"GatewayClass {wanted} exists"))
        elif cluster.served.get("gateway.networking.k8s.io"):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"no GatewayClass {wanted} exists, so nothing programs the Gateway "
                    f"{gateway['metadata']['name']}",
                    "enable your Gateway implementation's provider (docs/choices/entry.md)",
                )
            )
    return findings


def _requested_ip(service: Obj) -> str | None:
    annotations = service["metadata"].get("annotations", {})
    for key in ("metallb.io/loadBalancerIPs", "metallb.universe.tf/loadBalancerIPs"):
        if key in annotations:
            return str(annotations[key]).split(",")[0].strip()
    return None


def _pool_ranges(pool: Obj) -> list[tuple[int, int]]:
    ranges = []
    for text in pool.get("spec", {}).get("addresses", []):
        try:
            if "-" in text:
                start, _, end = text.partition("-")
                ranges.append(
                    (
                        int(ipaddress.ip_address(start.strip())),
                        int(ipaddress.ip_address(end.strip())),
                    )
                )
            else:
                network = ipaddress.ip_network(text, strict=False)
                ranges.append((int(network[0]), int(network[-1])))
        except ValueError:
            continue
    return ranges


def _metallb_pool(service: Obj, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    address = _requested_ip(service)
    if address is None:
        return []
    ip = int(ipaddress.ip_address(address))
    pools = cluster.of("IPAddressPool")
    holding = [p for p in pools if any(a <= ip <= b for a, b in _pool_ranges(p))]
    described = "; ".join(
        f"{p['metadata']['name']} {' '.join(p.get('spec', {}).get('addresses', []))}" for p in pools
    )
    if not holding:
        return [
            Finding(
                g,
                PROBLEM,
                f"MetalLB cannot give the Samba Service {address}: no pool contains it "
                f"(pools: {described or 'none'})",
                f"add {address}/32 to a pool (metallb_addresses=['{address}/32'] makes one) or "
                "set samba_load_balancer_ip to a free address of a pool inside lan_cidrs, and "
                "synthesize again",
            )
        ]
    pool = holding[0]
    name = pool["metadata"]["name"]
    adverts = [
        a
        for a in [*cluster.of("L2Advertisement"), *cluster.of("BGPAdvertisement")]
        if not (a.get("spec") or {}).get("ipAddressPools")
        or name in a["spec"]["ipAddressPools"]
        or (a.get("spec") or {}).get("ipAddressPoolSelectors")
    ]
    findings = []
    if adverts:
        how = "layer 2" if adverts[0]["kind"] == "L2Advertisement" else "BGP"
        findings.append(
            Finding(g, OK, f"MetalLB pool {name} holds {address} and is announced ({how})")
        )
    else:
        findings.append(
            Finding(
                g,
                PROBLEM,
                f"MetalLB pool {name} holds {address}, but no L2Advertisement or "
                "BGPAdvertisement announces it: "
                "the LAN never learns the address",
                f"add an L2Advertisement for pool {name} (MetalLbPool makes one)",
            )
        )
    return findings


# --- the Samba address --------------------------------------------------------------------


def check_samba_address(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "add-ons"
    findings: list[Finding] = []
    for service in expected.of("Service"):
        if service["spec"].get("type") != "LoadBalancer":
            continue
        name = service["metadata"]["name"]
        namespace = service["metadata"].get("namespace", expected.namespace)
        address = _requested_ip(service)
        live = cluster.get("Service", name, namespace)
        if live is None:
            findings.append(Finding(g, PROBLEM, f"Service {name} does not exist", "apply dist/"))
            continue
        got = [
            i.get("ip") for i in live.get("status", {}).get("loadBalancer", {}).get("ingress", [])
        ]
        events = list(cluster.events_for("Service", name, namespace))
        if address in got:
            pods_ready = any(
                _is_true(p, "Ready")
                for p in cluster.of("Pod")
                if p["metadata"].get("namespace") == namespace
                and _matches(live["spec"].get("selector", {}), p["metadata"].get("labels", {}))
            )
            if not pods_ready and live["spec"].get("externalTrafficPolicy") == "Local":
                findings.append(
                    Finding(
                        g,
                        WARNING,
                        f"Service {name} has {address}, but nothing answers there: with "
                        "externalTrafficPolicy Local MetalLB announces it only from a node with "
                        "a ready Samba pod, and there is none",
                        "make Samba's pod ready (see workloads)",
                    )
                )
            else:
                findings.append(Finding(g, OK, f"Service {name} has its address {address}"))
            if any(e.get("reason") == "deprecatedAnnotation" for e in events):
                findings.append(
                    Finding(
                        g,
                        WARNING,
                        f"MetalLB records a Warning on every update of {name}: it uses the "
                        "deprecated annotation metallb.universe.tf/loadBalancerIPs",
                        "synthesize with this homemusic release, which writes metallb.io/ only",
                    )
                )
            continue
        failed = [e for e in events if e.get("reason") == "AllocationFailed"]
        if failed:
            message = failed[-1].get("message", "")
            taken = re.search(r"address also in use by (\S+)", message)
            if taken:
                other = taken.group(1).rstrip(".,")
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"{address} belongs to {other}; MetalLB will not share it with Samba "
                        f"(Service {name} has no address)",
                        f"give {other} another address (its Service's metallb.io/loadBalancerIPs "
                        "annotation, through the add-on's values), start the pool above "
                        f"{address}, or choose another samba_load_balancer_ip; keep {address} in "
                        "a pool of its own with autoAssign: false (README step 1)",
                    )
                )
                continue
            if "not allowed in config" in message:
                continue  # the pool check above says which pool lacks it
            findings.append(
                Finding(g, PROBLEM, f"MetalLB could not give {name} {address}: {message}", "")
            )
            continue
        if cluster.served.get("metallb.io"):
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"Service {name} has no address yet and MetalLB wrote no Event about it",
                    "kubectl -n metallb-system logs deploy/controller",
                )
            )
        else:
            findings.append(
                Finding(
                    g,
                    PROBLEM,
                    f"Service {name} stays without an address: no LoadBalancer implementation "
                    "answers (MetalLB is missing)",
                    "install MetalLB (README step 1)",
                )
            )
    return findings
