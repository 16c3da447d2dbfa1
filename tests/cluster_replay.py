"""A small Kubernetes API on loopback that replays a recorded cluster state.

It answers what a real kube-apiserver answers for the requests the doctor
makes: the discovery documents of ``discovery.json`` as recorded, lists of the
recorded objects (all namespaces or one, filtered by an equality label selector;
list items carry no ``apiVersion`` or ``kind``, as the server sends them), a
404 ``Status`` for a group the cluster does not serve, a 403 ``Status`` for a
kind the caller may not read, and a container's log. Every request is
recorded, so a test can check that only GETs were sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


class Replay:
    def __init__(
        self,
        folder: Path,
        *,
        forbidden: frozenset[str] = frozenset(),
        forbidden_everywhere: frozenset[str] = frozenset(),
        logs: dict[tuple[str, str, str], str] | None = None,
    ) -> None:
        self.discovery: dict[str, Any] = json.loads((folder / "discovery.json").read_text())
        items = json.loads((folder / "objects.json").read_text())["items"]
        self.by_kind: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for item in items:
            self.by_kind.setdefault((item["apiVersion"], item["kind"]), []).append(item)
        self.forbidden = forbidden
        self.forbidden_everywhere = forbidden_everywhere
        """Plurals the caller may list in one namespace but not in all (a Role, no ClusterRole)."""
        self.logs = logs or {}
        self.requests: list[tuple[str, str]] = []
        self.queries: list[tuple[str, str]] = []
        """(path, query string) of every request."""

    def resource(self, group_version: str, plural: str) -> tuple[str, bool] | None:
        """(kind, namespaced) of a plural in a served group version, from discovery."""
        path = f"/api/{group_version}" if "/" not in group_version else f"/apis/{group_version}"
        for resource in self.discovery.get(path, {}).get("resources", []):
            if resource["name"] == plural:
                return resource["kind"], resource["namespaced"]
        return None

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if path in self.discovery:
            return 200, self.discovery[path]
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["api"] and len(parts) >= 3:
            group_version, rest = parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 4:
            group_version, rest = f"{parts[1]}/{parts[2]}", parts[3:]
        else:
            return 404, _status(404, "NotFound", "the server could not find the requested resource")
        namespace = None
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        if rest[:1] == ["pods"] and len(rest) == 3 and rest[2] == "log" and namespace:
            key = (namespace, rest[1], query.get("container", [""])[0])
            if key in self.logs and query.get("previous") == ["true"]:
                return 200, self.logs[key]
            return 400, _status(400, "BadRequest", "previous terminated container not found")
        found = self.resource(group_version, rest[0]) if len(rest) == 1 else None
        if found is None:
            return 404, _status(404, "NotFound", "the server could not find the requested resource")
        kind, namespaced = found
        if rest[0] in self.forbidden or (
            namespaced and namespace is None and rest[0] in self.forbidden_everywhere
        ):
            return 403, _status(
                403,
                "Forbidden",
                f'{rest[0]} is forbidden: User "doctor" cannot list resource "{rest[0]}"',
            )
        # equality-based label selectors (k=v,k2=v2), as the doctor sends them
        wanted = dict(
            term.split("=", 1) for term in query.get("labelSelector", [""])[0].split(",") if term
        )
        items = [
            {k: v for k, v in item.items() if k not in ("apiVersion", "kind")}
            for item in self.by_kind.get((group_version, kind), [])
            if (
                namespace is None
                or not namespaced
                or item["metadata"].get("namespace") == namespace
            )
            and all(item["metadata"].get("labels", {}).get(k) == v for k, v in wanted.items())
        ]
        return 200, {
            "kind": f"{kind}List",
            "apiVersion": group_version,
            "metadata": {"resourceVersion": "1"},
            "items": items,
        }


def add_other_namespaces(replay: Replay, count: int, *, namespaces: int = 20) -> None:
    """``count`` objects of other workloads, outside the stack's namespace.

    Half Deployments and half Services (each Deployment with its Service),
    spread over ``namespaces`` namespaces ``team-0``, ``team-1``, ...: what a
    shared cluster holds beside the stack, and what the doctor must not read.
    """
    for i in range(count // 2):
        namespace = f"team-{i % namespaces}"
        name = f"app-{i}"
        labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "team"}
        meta = {"name": name, "namespace": namespace, "uid": f"uid-{i}", "labels": labels}
        replay.by_kind.setdefault(("apps/v1", "Deployment"), []).append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": meta,
                "spec": {
                    "replicas": 1,
                    "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                    "template": {
                        "metadata": {"labels": labels},
                        "spec": {
                            "containers": [
                                {
                                    "name": "app",
                                    "image": f"registry.example/{name}:1.0",
                                    "ports": [{"name": "http", "containerPort": 8080}],
                                }
                            ]
                        },
                    },
                },
                "status": {
                    "replicas": 1,
                    "readyReplicas": 1,
                    "availableReplicas": 1,
                    "conditions": [{"type": "Available", "status": "True"}],
                },
            }
        )
        replay.by_kind.setdefault(("v1", "Service"), []).append(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {**meta, "uid": f"uid-s{i}"},
                "spec": {
                    "type": "ClusterIP",
                    "clusterIP": f"10.152.{i // 250}.{i % 250}",
                    "selector": {"app.kubernetes.io/name": name},
                    "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
                },
            }
        )
    for i in range(namespaces):
        replay.by_kind.setdefault(("v1", "Namespace"), []).append(
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"team-{i}"}}
        )


@contextmanager
def serving(replay: Replay) -> Iterator[str]:
    """Serve ``replay`` on 127.0.0.1; yields the server's URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(self) -> None:
            url = urlparse(self.path)
            replay.requests.append((self.command, url.path))
            replay.queries.append((url.path, url.query))
            if self.command != "GET":
                code, body = 405, _status(405, "MethodNotAllowed", "read-only replay")
            else:
                code, body = replay.answer(url.path, parse_qs(url.query))
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(code)
            kind = "text/plain" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _reply
        do_POST = _reply
        do_PUT = _reply
        do_PATCH = _reply
        do_DELETE = _reply

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def kubeconfig(path: Path, server: str, context: str = "recorded") -> Path:
    """A kubeconfig with one context pointing at ``server`` (a bearer token, as kubectl sends)."""
    path.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "replay", "cluster": {"server": server}}],
                "users": [{"name": "doctor", "user": {"token": "replay-token"}}],
                "contexts": [{"name": context, "context": {"cluster": "replay", "user": "doctor"}}],
                "current-context": context,
            }
        )
    )
    return path
