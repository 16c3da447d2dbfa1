"""What the doctor's checks share (not public API): the marks, a finding, what dist/ expects.

Every check reads the expected objects (``dist/``) through :class:`Expected`
and returns :class:`Finding` s: a mark, what was seen, and what to do. Nothing
here talks to a cluster, and no check ever puts a Secret's value into a
finding: it says which key or field is wrong, never what it holds.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any

from .cluster import Obj

OK = "ok"
PROBLEM = "problem"
WARNING = "warning"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    group: str
    mark: str
    seen: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"group": self.group, "mark": self.mark, "seen": self.seen, "fix": self.fix}


# --- what the output expects ------------------------------------------------------------


class Expected:
    """The synthesized output, with the facts the checks need worked out once."""

    def __init__(self, objects: list[Obj]) -> None:
        self.objects = objects
        self.deployments = self.of("Deployment")
        self.samba = next((d for d in self.deployments if _app_name(d) == "samba"), None)
        self.server = next(
            (d for d in self.deployments if _app_name(d) in ("airsonic", "navidrome")), None
        )
        namespaces = [o["metadata"]["name"] for o in self.of("Namespace")]
        deployment_namespaces = [d["metadata"].get("namespace") for d in self.deployments]
        self.namespace: str = (
            namespaces[0] if namespaces else next((n for n in deployment_namespaces if n), "")
        )
        self.namespaces = {n for n in [*namespaces, *deployment_namespaces, self.namespace] if n}
        """The stack's namespaces: its Namespace objects' and its workloads'."""

    def of(self, kind: str) -> list[Obj]:
        return [o for o in self.objects if o["kind"] == kind]

    def samba_config(self) -> dict[str, Any] | None:
        """``container.json`` of the Samba ConfigMap."""
        if self.samba is None:
            return None
        for volume in _pod(self.samba).get("volumes", []):
            if "configMap" in volume:
                for cm in self.of("ConfigMap"):
                    if cm["metadata"]["name"] == volume["configMap"]["name"]:
                        result: dict[str, Any] = json.loads(cm["data"]["container.json"])
                        return result
        return None

    def samba_users(self) -> list[str]:
        """The Samba users in order: the forced (first) user, then the others as listed."""
        config = self.samba_config() or {}
        names: list[str] = []
        for share in config.get("shares", {}).values():
            options = share.get("options", {})
            for name in [options.get("force user", ""), *options.get("valid users", "").split()]:
                if name and name not in names:
                    names.append(name)
        return names

    def file_owner(self) -> tuple[int | None, int | None]:
        """``puid`` and ``pgid``: the streaming server's user, the Samba file group's GID."""
        gid = None
        for group in (self.samba_config() or {}).get("groups", {}).get("all_entries", []):
            gid = group.get("gid")
        uid = None
        if self.server is not None:
            env = {e["name"]: e.get("value") for e in _container(self.server).get("env", [])}
            if "PUID" in env:
                uid = int(env["PUID"])
                gid = int(env["PGID"]) if "PGID" in env else gid
            else:
                uid = _pod(self.server).get("securityContext", {}).get("runAsUser")
        return uid, gid

    def secret_volumes(self, deployment: Obj) -> list[tuple[str, list[str]]]:
        """(Secret name, keys) of every Secret volume of a Deployment's pod."""
        found = []
        for volume in _pod(deployment).get("volumes", []):
            secret = volume.get("secret")
            if secret:
                keys = [item["key"] for item in secret.get("items", [])]
                found.append((secret["secretName"], keys))
        return found


def _app_name(obj: Obj) -> str:
    return str(obj["metadata"].get("labels", {}).get("app.kubernetes.io/name", ""))


def _pod(deployment: Obj) -> dict[str, Any]:
    spec: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return spec


def _container(deployment: Obj) -> dict[str, Any]:
    container: dict[str, Any] = _pod(deployment)["containers"][0]
    return container


def _condition(obj: Obj | None, kind: str) -> dict[str, Any]:
    for condition in (obj or {}).get("status", {}).get("conditions", []) or []:
        if condition.get("type") == kind:
            result: dict[str, Any] = condition
            return result
    return {}


def _is_true(obj: Obj | None, kind: str) -> bool:
    return _condition(obj, kind).get("status") == "True"


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _q(value: str) -> str:
    return shlex.quote(value)
