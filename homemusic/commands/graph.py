"""``homemusic graph [DIST]``: a picture of what a synthesized output holds and how it connects.

It reads the YAML in ``dist/`` (the files ``kustomization.yaml`` lists) and
prints a Mermaid flowchart: the entry from the internet (an Ingress, or a
Gateway and its routes, with the host and the issuer that signs the
certificate), the Services and their addresses, the Deployments, CronJobs and
Jobs behind them, the claims they mount and the volumes those are bound to,
grouped by where the files live (a node's folder, an NFS export), the Secrets
you create, by name only (``dist/`` never holds a value), and what each
NetworkPolicy lets in. It reads YAML only: it neither imports cdk8s nor starts
Node.js, so it draws any ``dist/``, also one an older release wrote.

Why Mermaid rather than Graphviz's DOT: GitHub and GitLab draw a ```` ```mermaid ````
block in a README as it stands, and the documentation site draws it with
Mermaid's script served beside the pages, so neither needs a program installed
(DOT needs Graphviz's ``dot`` to become a picture) and the text itself stays
readable in a diff.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Obj = dict[str, Any]

LETSENCRYPT = {
    "https://acme-v02.api.letsencrypt.org/directory": "Let's Encrypt production",
    "https://acme-staging-v02.api.letsencrypt.org/directory": "Let's Encrypt staging",
}


def read_dist(dist: Path) -> list[Obj]:
    """The objects of a synthesized output, in file order.

    The files ``kustomization.yaml`` lists, else every ``*.yaml`` but it.
    Raises ``OSError``, ``ValueError`` or PyYAML's ``YAMLError`` on what it
    cannot read.
    """
    import yaml

    kustomization = dist / "kustomization.yaml"
    if kustomization.is_file():
        names = (yaml.safe_load(kustomization.read_text()) or {}).get("resources", [])
        files = [dist / str(name) for name in names]
    else:
        files = sorted(dist.glob("*.yaml"))
    return objects_of(path.read_text() for path in files)


def objects_of(texts: Iterable[str]) -> list[Obj]:
    """The Kubernetes objects in YAML texts (empty documents skipped)."""
    import yaml

    objects: list[Obj] = []
    for text in texts:
        for doc in yaml.safe_load_all(text):
            if doc is None:
                continue
            if not isinstance(doc, dict) or not {"apiVersion", "kind", "metadata"} <= set(doc):
                raise ValueError("a document is not a Kubernetes object")
            objects.append(doc)
    return objects


def _id(*parts: str | None) -> str:
    """A Mermaid node ID: letters, digits and underscores only."""
    return re.sub(r"[^A-Za-z0-9]+", "_", "_".join(p or "" for p in parts)).strip("_")


def _label(*lines: str) -> str:
    """A quoted Mermaid label; a line break is ``<br/>``, a quote ``#quot;``."""
    text = "<br/>".join(line for line in lines if line)
    return '"' + text.replace('"', "#quot;") + '"'


def _matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Whether a label selector (``matchLabels``, ``matchExpressions`` In/Exists) selects."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values") or []
        present = key in labels
        if (
            (operator == "In" and labels.get(key) not in values)
            or (operator == "NotIn" and present and labels[key] in values)
            or (operator == "Exists" and not present)
            or (operator == "DoesNotExist" and present)
        ):
            return False
    return True


def _pod_spec(obj: Obj) -> Obj | None:
    spec = obj.get("spec", {})
    if obj["kind"] == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    template = spec.get("template")
    return template.get("spec") if isinstance(template, dict) else None


def _pod_labels(obj: Obj) -> dict[str, str]:
    spec = obj.get("spec", {})
    if obj["kind"] == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    labels: dict[str, str] = spec.get("template", {}).get("metadata", {}).get("labels", {})
    return labels


def _in_pool(address: str, pool: Iterable[str]) -> bool:
    """Whether ``address`` lies in a MetalLB pool's CIDRs or ``first-last`` ranges."""
    try:
        ip = ipaddress.ip_address(address)
        for entry in pool:
            if "-" in entry:
                first, last = (ipaddress.ip_address(a.strip()) for a in entry.split("-", 1))
                if first.version == ip.version and first <= ip <= last:  # type: ignore[operator]
                    return True
            elif ip in ipaddress.ip_network(entry, strict=False):
                return True
    except ValueError:
        return False
    return False


def _ports(ports: Sequence[Mapping[str, Any]] | None) -> str:
    if not ports:
        return "all ports"
    return ", ".join(f"{p.get('protocol', 'TCP')} {p.get('port', 'all')}" for p in ports)


class _Graph:
    def __init__(self) -> None:
        self.groups: dict[str, tuple[str, list[str]]] = {}
        self.loose: list[str] = []
        self.edges: list[str] = []
        self.declared: set[str] = set()

    def node(self, node_id: str, shape: str, label: str, group: tuple[str, str] | None) -> str:
        if node_id in self.declared:
            return node_id
        self.declared.add(node_id)
        opening, closing = shape.split("|")
        line = f"{node_id}{opening}{label}{closing}"
        if group is None:
            self.loose.append(line)
        else:
            group_id, group_label = group
            self.groups.setdefault(group_id, (group_label, []))[1].append(line)
        return node_id

    def edge(self, source: str, target: str, label: str = "", dotted: bool = False) -> None:
        text = label.replace('"', "#quot;")
        if dotted:
            arrow = f'-. "{text}" .->' if text else "-.->"
        else:
            arrow = f'-- "{text}" -->' if text else "-->"
        line = f"{source} {arrow} {target}"
        if line not in self.edges:
            self.edges.append(line)

    def text(self, title: str) -> str:
        lines = [f"%% {title}", "flowchart LR"]
        lines += [f"  {line}" for line in self.loose]
        for group_id, (group_label, members) in self.groups.items():
            lines.append(f"  subgraph {group_id}[{group_label}]")
            lines += [f"    {line}" for line in members]
            lines.append("  end")
        lines += [f"  {line}" for line in self.edges]
        return "\n".join(lines) + "\n"


def mermaid(objects: Sequence[Obj], *, title: str = "homemusic graph") -> str:
    """A Mermaid flowchart of ``objects`` (a synthesized output), ending in a newline."""
    g = _Graph()
    by_kind: dict[str, list[Obj]] = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], []).append(obj)

    def ns_group(namespace: str | None) -> tuple[str, str]:
        policies = by_kind.get("NetworkPolicy", [])
        deny = any(
            p["metadata"].get("namespace") == namespace
            and p["spec"].get("podSelector") == {}
            and not p["spec"].get("ingress")
            and "Ingress" in p["spec"].get("policyTypes", ["Ingress"])
            for p in policies
        )
        note = " · incoming denied unless allowed" if deny else ""
        return _id("ns", namespace), _label(f"namespace {namespace}{note}")

    def ident(obj: Obj) -> str:
        meta = obj["metadata"]
        return _id(obj["kind"], meta.get("namespace"), meta["name"])

    internet = ""

    def from_internet() -> str:
        nonlocal internet
        internet = g.node("internet", "((|))", _label("internet"), None)
        return internet

    def outside_namespace(name: str) -> str:
        return g.node(_id("from_ns", name), "([|])", _label(f"namespace {name}"), None)

    def network(cidr: str) -> str:
        return g.node(_id("net", cidr), "((|))", _label(f"LAN {cidr}"), None)

    # Issuers, so the entries can point at them.
    issuers: dict[tuple[str, str | None, str], str] = {}
    for kind in ("ClusterIssuer", "Issuer"):
        for obj in by_kind.get(kind, []):
            meta = obj["metadata"]
            acme = obj.get("spec", {}).get("acme", {})
            server = LETSENCRYPT.get(acme.get("server", ""), acme.get("server", ""))
            group = ns_group(meta.get("namespace")) if kind == "Issuer" else None
            issuers[(kind, meta.get("namespace"), meta["name"])] = g.node(
                ident(obj), "[/|/]", _label(f"{kind} {meta['name']}", server), group
            )

    def issuer_of(obj: Obj) -> str | None:
        annotations = obj["metadata"].get("annotations", {})
        if "cert-manager.io/cluster-issuer" in annotations:
            return issuers.get(
                ("ClusterIssuer", None, annotations["cert-manager.io/cluster-issuer"])
            )
        if "cert-manager.io/issuer" in annotations:
            key = (
                "Issuer",
                obj["metadata"].get("namespace"),
                annotations["cert-manager.io/issuer"],
            )
            return issuers.get(key)
        return None

    # Services, so the entries can route to them.
    services: dict[tuple[str | None, str], Obj] = {}
    for obj in by_kind.get("Service", []):
        meta, spec = obj["metadata"], obj["spec"]
        services[(meta.get("namespace"), meta["name"])] = obj
        kind = spec.get("type", "ClusterIP")
        address = meta.get("annotations", {}).get("metallb.io/loadBalancerIPs") or meta.get(
            "annotations", {}
        ).get("metallb.universe.tf/loadBalancerIPs")
        if spec.get("clusterIP") == "None":
            kind = "headless"
        ports = ", ".join(str(p["port"]) for p in spec.get("ports", []))
        where = f"{kind} {address}:{ports}" if address else f"{kind}, port {ports}"
        node = g.node(
            ident(obj),
            "[|]",
            _label(f"Service {meta['name']}", where),
            ns_group(meta.get("namespace")),
        )
        for cidr in spec.get("loadBalancerSourceRanges", []):
            g.edge(network(cidr), node, f"{ports} from the LAN")
        if kind == "LoadBalancer" and not spec.get("loadBalancerSourceRanges"):
            g.edge(from_internet(), node, f"port {ports}")

    def service_node(namespace: str | None, name: str) -> str:
        obj = services.get((namespace, name))
        if obj is not None:
            return ident(obj)
        return g.node(
            _id("Service", namespace, name), "[|]", _label(f"Service {name} (not in dist)"), None
        )

    # The entries: Ingresses, Gateways and routes.
    for obj in by_kind.get("Ingress", []):
        meta, spec = obj["metadata"], obj["spec"]
        hosts = [rule.get("host", "*") for rule in spec.get("rules", [])]
        node = g.node(
            ident(obj),
            "[|]",
            _label(
                f"Ingress {meta['name']}",
                ", ".join(f"https://{h}" for h in hosts),
                f"class {spec.get('ingressClassName', 'default')}",
            ),
            ns_group(meta.get("namespace")),
        )
        g.edge(from_internet(), node, "HTTPS 443, HTTP 80")
        for rule in spec.get("rules", []):
            for path in rule.get("http", {}).get("paths", []):
                backend = path.get("backend", {}).get("service", {})
                port = backend.get("port", {})
                g.edge(
                    node,
                    service_node(meta.get("namespace"), backend.get("name", "")),
                    f"{path.get('path', '/')} to port {port.get('number', port.get('name', ''))}",
                )
        issuer = issuer_of(obj)
        secrets = [t.get("secretName", "") for t in spec.get("tls", [])]
        if issuer:
            g.edge(issuer, node, f"certificate {', '.join(secrets)}", dotted=True)

    gateways: dict[tuple[str | None, str], str] = {}
    for obj in by_kind.get("Gateway", []):
        meta, spec = obj["metadata"], obj["spec"]
        listeners = [
            f"{lst['name']}: {lst['protocol']} {lst['port']} {lst.get('hostname', '*')}"
            for lst in spec.get("listeners", [])
        ]
        node = g.node(
            ident(obj),
            "[|]",
            _label(f"Gateway {meta['name']}", f"class {spec['gatewayClassName']}", *listeners),
            ns_group(meta.get("namespace")),
        )
        gateways[(meta.get("namespace"), meta["name"])] = node
        ports = " and ".join(str(lst["port"]) for lst in spec.get("listeners", []))
        g.edge(from_internet(), node, f"ports {ports}")
        issuer = issuer_of(obj)
        if issuer:
            secrets = [
                ref.get("name", "")
                for lst in spec.get("listeners", [])
                for ref in lst.get("tls", {}).get("certificateRefs", [])
            ]
            g.edge(issuer, node, f"certificate {', '.join(secrets)}", dotted=True)

    for obj in by_kind.get("HTTPRoute", []):
        meta, spec = obj["metadata"], obj["spec"]
        namespace = meta.get("namespace")
        redirect = any(
            f.get("type") == "RequestRedirect"
            for rule in spec.get("rules", [])
            for f in rule.get("filters", [])
        )
        node = g.node(
            ident(obj),
            "[|]",
            _label(
                f"HTTPRoute {meta['name']}",
                ", ".join(spec.get("hostnames", [])),
                "redirects to HTTPS" if redirect else "",
            ),
            ns_group(namespace),
        )
        for parent in spec.get("parentRefs", []):
            key = (parent.get("namespace", namespace), parent["name"])
            gateway = gateways.get(key) or g.node(
                _id("Gateway", key[0], key[1]),
                "[|]",
                _label(f"your Gateway {key[0]}/{key[1]}", "(not in dist)"),
                None,
            )
            if key not in gateways:
                g.edge(from_internet(), gateway, "HTTPS")
            g.edge(gateway, node, f"listener {parent.get('sectionName', 'any')}")
        for rule in spec.get("rules", []):
            for ref in rule.get("backendRefs", []):
                g.edge(
                    node,
                    service_node(ref.get("namespace", namespace), ref["name"]),
                    f"port {ref.get('port', '')}",
                )

    # Where volumes live: a node's folder, an NFS export; bound claims.
    volumes: dict[str, str] = {}
    for obj in by_kind.get("PersistentVolume", []):
        meta, spec = obj["metadata"], obj["spec"]
        capacity = spec.get("capacity", {}).get("storage", "")
        extra = f"class {spec['storageClassName']}" if spec.get("storageClassName") else ""
        if "nfs" in spec:
            place = f"NFS {spec['nfs']['server']}"
            path = spec["nfs"]["path"]
        elif "local" in spec or "hostPath" in spec:
            terms = spec.get("nodeAffinity", {}).get("required", {}).get("nodeSelectorTerms", [])
            nodes = [
                value
                for term in terms
                for expression in term.get("matchExpressions", [])
                if expression["key"] == "kubernetes.io/hostname"
                for value in expression.get("values", [])
            ]
            place = f"node {', '.join(nodes) or '(any)'}"
            path = (spec.get("local") or spec.get("hostPath") or {}).get("path", "")
        else:
            place, path = "elsewhere", ""
        volumes[meta["name"]] = g.node(
            ident(obj),
            "[(|)]",
            _label(f"volume {meta['name']}", f"{path} · {capacity}", extra),
            (_id("place", place), _label(place)),
        )

    claims: dict[tuple[str | None, str], str] = {}
    for obj in by_kind.get("PersistentVolumeClaim", []):
        meta, spec = obj["metadata"], obj["spec"]
        size = spec.get("resources", {}).get("requests", {}).get("storage", "")
        node = g.node(
            ident(obj),
            "([|])",
            _label(f"claim {meta['name']}", size),
            ns_group(meta.get("namespace")),
        )
        claims[(meta.get("namespace"), meta["name"])] = node
        if spec.get("volumeName") in volumes:
            g.edge(node, volumes[spec["volumeName"]], "bound to")
        elif spec.get("storageClassName"):
            g.edge(
                node,
                g.node(
                    _id("class", spec["storageClassName"]),
                    "[(|)]",
                    _label(f"StorageClass {spec['storageClassName']}"),
                    None,
                ),
                "provisioned by",
            )

    config_maps = {
        (o["metadata"].get("namespace"), o["metadata"]["name"]): ident(o)
        for o in by_kind.get("ConfigMap", [])
    }

    # Workloads, what selects them, what they mount, and what may reach them.
    workloads: list[tuple[Obj, str]] = []
    for kind in ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"):
        for obj in by_kind.get(kind, []):
            meta = obj["metadata"]
            namespace = meta.get("namespace")
            group = ns_group(namespace)
            what = f"{kind} {meta['name']}"
            if kind == "CronJob":
                what += f"<br/>at {obj['spec'].get('schedule', '')}"
            elif kind in ("Deployment", "StatefulSet"):
                what += f"<br/>{obj['spec'].get('replicas', 1)} replica(s)"
            node = g.node(ident(obj), "[[|]]", _label(what), group)
            workloads.append((obj, node))
            pod = _pod_spec(obj) or {}
            mounts: dict[str, list[str]] = {}
            for container in [*pod.get("initContainers", []), *pod.get("containers", [])]:
                for mount in container.get("volumeMounts", []):
                    text = mount["mountPath"] + (" (ro)" if mount.get("readOnly") else "")
                    if text not in mounts.setdefault(mount["name"], []):
                        mounts[mount["name"]].append(text)
            for volume in pod.get("volumes", []):
                at = ", ".join(mounts.get(volume["name"], [])) or "not mounted"
                if "persistentVolumeClaim" in volume:
                    claim = volume["persistentVolumeClaim"]["claimName"]
                    target = claims.get((namespace, claim)) or g.node(
                        _id("PersistentVolumeClaim", namespace, claim),
                        "([|])",
                        _label(f"claim {claim} (not in dist)"),
                        group,
                    )
                    g.edge(node, target, at)
                elif "secret" in volume:
                    name = volume["secret"]["secretName"]
                    secret = g.node(
                        _id("Secret", namespace, name),
                        "{{|}}",
                        _label(f"Secret {name}", "you create it"),
                        group,
                    )
                    g.edge(node, secret, at, dotted=True)
                elif "configMap" in volume:
                    name = volume["configMap"]["name"]
                    target = config_maps.get((namespace, name)) or ""
                    if not target:
                        continue
                    g.node(target, "[|]", _label(f"ConfigMap {name}"), group)
                    g.edge(node, target, at, dotted=True)
            for container in pod.get("containers", []):
                for env in container.get("env", []):
                    ref = env.get("valueFrom", {}).get("secretKeyRef")
                    if ref:
                        secret = g.node(
                            _id("Secret", namespace, ref["name"]),
                            "{{|}}",
                            _label(f"Secret {ref['name']}", "you create it"),
                            group,
                        )
                        g.edge(node, secret, f"env {env['name']}", dotted=True)

    for service in by_kind.get("Service", []):
        selector = service["spec"].get("selector")
        if not selector:
            continue
        for obj, node in workloads:
            same = obj["metadata"].get("namespace") == service["metadata"].get("namespace")
            if (
                same
                and obj["kind"] != "CronJob"
                and _matches({"matchLabels": selector}, _pod_labels(obj))
            ):
                g.edge(ident(service), node, "selects")

    for policy in by_kind.get("NetworkPolicy", []):
        meta, spec = policy["metadata"], policy["spec"]
        namespace = meta.get("namespace")
        rules = spec.get("ingress") or []
        if not rules:
            continue
        targets = [
            node
            for obj, node in workloads
            if obj["metadata"].get("namespace") == namespace
            and _matches(spec.get("podSelector"), _pod_labels(obj))
        ]
        if not targets:
            selected = ", ".join(
                f"{k}={v}"
                for k, v in (spec.get("podSelector", {}).get("matchLabels") or {}).items()
            )
            targets = [
                g.node(
                    _id("pods", namespace, meta["name"]),
                    "[|]",
                    _label("pods", selected or "all"),
                    ns_group(namespace),
                )
            ]
        for rule in rules:
            sources: list[str] = []
            for peer in rule.get("from") or [{}]:
                if "ipBlock" in peer:
                    sources.append(network(peer["ipBlock"]["cidr"]))
                elif "namespaceSelector" in peer:
                    labels = peer["namespaceSelector"].get("matchLabels") or {}
                    name = labels.get("kubernetes.io/metadata.name")
                    if name == namespace and "podSelector" not in peer:
                        sources.append(outside_namespace(f"{name} (its own pods)"))
                    else:
                        sources.append(outside_namespace(name or "any"))
                elif "podSelector" in peer:
                    sources.append(outside_namespace(f"{namespace} (its own pods)"))
                else:
                    sources.append(from_internet())
            for source in sources:
                for target in targets:
                    g.edge(source, target, f"allowed: {_ports(rule.get('ports'))}", dotted=True)

    for obj in by_kind.get("IPAddressPool", []):
        meta = obj["metadata"]
        pool = g.node(
            ident(obj),
            "[|]",
            _label(
                f"MetalLB pool {meta['name']}",
                ", ".join(obj["spec"].get("addresses", [])),
                "auto-assign" if obj["spec"].get("autoAssign", True) else "only on request",
            ),
            ns_group(meta.get("namespace")),
        )
        for service in by_kind.get("Service", []):
            annotations = service["metadata"].get("annotations", {})
            asked = [
                address.strip()
                for key, value in annotations.items()
                if key.endswith("/loadBalancerIPs")
                for address in str(value).split(",")
            ]
            if any(_in_pool(a, obj["spec"].get("addresses", [])) for a in asked):
                g.edge(pool, ident(service), "address", dotted=True)

    return g.text(title)


def main(argv: Sequence[str] | None = None, *, prog: str = "homemusic graph") -> int:
    """Print the picture of DIST; 2 with one line on misuse or an unreadable DIST."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Print a Mermaid diagram of what the synthesized output holds and how it connects: "
            "the entry, Services and addresses, workloads, claims and where their volumes "
            "live, the Secrets you create (by name) and what the NetworkPolicies let in. "
            "Paste it into a Markdown file between ```mermaid fences (GitHub draws it), or "
            "see it in the documentation site (make docs)."
        ),
    )
    parser.add_argument(
        "dist", nargs="?", default="dist", metavar="DIST", help="the synthesized output (dist/)"
    )
    args = parser.parse_args(argv)
    dist = Path(args.dist)
    if not dist.is_dir() or not any(dist.glob("*.yaml")):
        print(
            f"{prog}: error: DIST {str(dist)!r} is not a synthesized output (make synth)",
            file=sys.stderr,
        )
        return 2
    try:
        import yaml
    except ImportError:
        print(f"{prog}: error: needs the PyYAML package: pip install PyYAML", file=sys.stderr)
        return 2
    try:
        objects = read_dist(dist)
        text = mermaid(objects, title=f"homemusic graph {dist.as_posix()}")
    except (OSError, KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError) as error:
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"{prog}: error: cannot read DIST {str(dist)!r}: {problem}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
