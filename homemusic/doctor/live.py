"""Read a live cluster with the official Kubernetes client (``pip install 'homemusic[doctor]'``).

The client loads the kubeconfig as kubectl does (``KUBECONFIG`` or
``~/.kube/config``, its current context or ``--context``, every auth method
kubectl knows) and authenticates each request. The doctor only sends GET
requests: discovery (``/api``, ``/apis``), lists, and a previous container's log.
Objects come back as the API server sends them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .cluster import KINDS, Cluster, Kind, Obj, labelled


class DoctorError(Exception):
    """The cluster cannot be read at all (no kubeconfig, server unreachable)."""


class _Api:
    def __init__(self, kubeconfig: str | None, context: str | None) -> None:
        try:
            from kubernetes import config as kube_config
        except ImportError:  # pragma: no cover - the project's venv has it
            raise DoctorError(
                "the doctor needs the kubernetes package: pip install 'homemusic[doctor]'"
            ) from None
        try:
            self.client = kube_config.new_client_from_config(
                config_file=kubeconfig, context=context, persist_config=False
            )
            _, active = kube_config.list_kube_config_contexts(config_file=kubeconfig)
        except Exception as error:  # the client raises its own ConfigException and OSErrors
            raise DoctorError(f"cannot load the kubeconfig: {error}") from None
        self.context = context or (active or {}).get("name", "the current context")
        self.host = self.client.configuration.host

    def get(self, path: str, query: Iterable[tuple[str, str]] = ()) -> tuple[int, bytes]:
        try:
            method, url, headers, body, post = self.client.param_serialize(
                "GET", path, query_params=list(query), auth_settings=["BearerToken"]
            )
            response = self.client.call_api(
                method, url, headers, body, post, _request_timeout=(5, 30)
            )
            data = response.read()
        except Exception as error:  # urllib3's connection errors
            raise DoctorError(f"cannot reach the API server at {self.host}: {error}") from None
        return response.status, data or b""

    def get_json(self, path: str, query: Iterable[tuple[str, str]] = ()) -> tuple[int, Any]:
        status, data = self.get(path, query)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None


def _reads(kind: Kind, namespaces: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The list requests for one kind: (path, query) pairs.

    A namespaced kind is listed in each of the stack's namespaces, so the
    doctor's reads grow with the stack, not with the cluster; a cluster-scoped
    kind, or one an add-on keeps in its own namespace, is listed whole.
    """
    if not kind.namespaced or kind.everywhere:
        return [(kind.list_path(), [])]
    reads: list[tuple[str, list[tuple[str, str]]]] = [(kind.list_path(ns), []) for ns in namespaces]
    if kind.also_labelled:
        reads.append((kind.list_path(), [("labelSelector", kind.also_labelled)]))
    return reads


def load(
    kubeconfig: str | None,
    context: str | None,
    namespaces: Iterable[str],
    stack_namespaces: Iterable[str] | None = None,
) -> Cluster:
    """The cluster's state for the doctor: discovery, then the lists of every kind it reads.

    ``namespaces`` are where ``dist/``'s objects live: the namespaced kinds are
    read there; ``stack_namespaces`` (default: the same) are the stack's own,
    where the kinds read there only (Secrets) are read (see
    :class:`~homemusic.doctor.cluster.Kind`).
    """
    api = _Api(kubeconfig, context)
    status, core = api.get_json("/api")
    if status != 200 or not isinstance(core, dict):
        raise DoctorError(f"{api.host} did not answer /api like a Kubernetes API server ({status})")
    served: dict[str, set[str]] = {"": set(core.get("versions", []))}
    status, groups = api.get_json("/apis")
    for group in (groups or {}).get("groups", []) if status == 200 else []:
        served[group["name"]] = {v["version"] for v in group.get("versions", [])}

    cluster = Cluster(served=served, source=f"context {api.context} ({api.host})")
    read_in = sorted(set(namespaces))
    stack_only = read_in if stack_namespaces is None else sorted(set(stack_namespaces))
    for kind in KINDS:
        if not cluster.serves(kind.api_version):
            continue  # the add-on is not installed: the checks say so
        items: dict[tuple[str | None, str], Obj] = {}
        for path, query in _reads(kind, stack_only if kind.stack_only else read_in):
            status, body = api.get_json(path, query)
            if status == 403 and query:
                # only the labelled read in every namespace: the check that needs it says so
                cluster.unreadable[labelled(kind)] = "forbidden for this kubeconfig"
                continue
            if status == 403:
                cluster.unreadable[kind.kind] = "forbidden for this kubeconfig"
                break
            if status == 404:
                continue  # a namespace or group that went away meanwhile
            if status != 200 or not isinstance(body, dict):
                cluster.unreadable[kind.kind] = f"HTTP {status}"
                break
            for item in body.get("items", []):
                meta = item.get("metadata", {})
                # list items carry no apiVersion and kind of their own
                items[(meta.get("namespace"), meta.get("name", ""))] = {
                    "apiVersion": kind.api_version,
                    "kind": kind.kind,
                    **item,
                }
        cluster.objects[kind.kind] = list(items.values())

    def previous_log(namespace: str, pod: str, container: str) -> str | None:
        status, data = api.get(
            f"/api/v1/namespaces/{namespace}/pods/{pod}/log",
            [("container", container), ("previous", "true"), ("tailLines", "5")],
        )
        return data.decode("utf-8", errors="replace") if status == 200 else None

    cluster.previous_log = previous_log
    return cluster
