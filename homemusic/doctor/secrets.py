"""The report's secrets group: the Secrets the owner makes, checked by key and shape, not shown."""

from __future__ import annotations

import base64
import json

from ._shared import (
    OK,
    PROBLEM,
    SKIPPED,
    Expected,
    Finding,
    _app_name,
)
from .cluster import Cluster

# --- Secrets the user makes ---------------------------------------------------------------


def check_secrets(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "secrets"
    if "Secret" in cluster.unreadable:
        return [
            Finding(
                g,
                SKIPPED,
                f"could not read Secrets ({cluster.unreadable['Secret']}): the Samba users "
                "file and the admin Secret were not checked",
                "run the doctor with a kubeconfig that may read Secrets in "
                f"{expected.namespace} to check them",
            )
        ]
    findings: list[Finding] = []
    if expected.samba is not None:
        findings += _samba_users_secret(expected, cluster)
    if expected.server is not None and _app_name(expected.server) == "navidrome":
        for name, keys in expected.secret_volumes(expected.server):
            secret = cluster.get("Secret", name, expected.server["metadata"].get("namespace"))
            if secret is None:
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"Secret {name} (Navidrome's admin password and key) does not exist: "
                        "Navidrome cannot start",
                        f"homemusic navidrome-admin --namespace {expected.namespace} "
                        f"--secret-name {name} | kubectl create -f -",
                    )
                )
            elif not all(k in (secret.get("data") or {}) for k in keys):
                findings.append(
                    Finding(
                        g,
                        PROBLEM,
                        f"Secret {name} has no key {', '.join(keys)}",
                        "delete it and create it again with homemusic navidrome-admin",
                    )
                )
            else:
                findings.append(Finding(g, OK, f"Secret {name} holds {', '.join(keys)}"))
    return findings


def _samba_users_secret(expected: Expected, cluster: Cluster) -> list[Finding]:
    g = "secrets"
    if expected.samba is None:
        return []
    secrets = expected.secret_volumes(expected.samba)
    if not secrets:
        return []
    name, keys = secrets[0]
    key = keys[0] if keys else "users.json"
    namespace = expected.samba["metadata"].get("namespace", expected.namespace)
    users = expected.samba_users()
    uid, gid = expected.file_owner()
    command = (
        f"homemusic samba-users --namespace {namespace} --secret-name {name} "
        f"--uid {uid} --gid {gid} {' '.join(users)} | kubectl create -f -"
    )
    restart = (
        f"kubectl -n {namespace} rollout restart deployment {expected.samba['metadata']['name']}"
    )
    secret = cluster.get("Secret", name, namespace)
    if secret is None:
        return [
            Finding(
                g,
                PROBLEM,
                f"the Samba users Secret {name} does not exist in {namespace}: Samba cannot start",
                f"create it: {command}",
            )
        ]
    recreate = (
        f"delete it (kubectl -n {namespace} delete secret {name}), create it again: {command}; "
        f"then {restart}"
    )
    raw = (secret.get("data") or {}).get(key)
    if raw is None:
        return [Finding(g, PROBLEM, f"Secret {name} has no key {key}", recreate)]
    try:
        data = json.loads(base64.b64decode(raw))
    except ValueError:
        return [Finding(g, PROBLEM, f"{key} in Secret {name} is not JSON", recreate)]
    if not isinstance(data, dict) or "samba-container-config" not in data:
        return [
            Finding(
                g,
                PROBLEM,
                f"{key} in Secret {name} is not in sambacc's format: it has no "
                "samba-container-config key, so Samba's entrypoint stops at start",
                recreate,
            )
        ]
    entries = (
        data.get("users", {}).get("all_entries") if isinstance(data.get("users"), dict) else None
    )
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and {"name", "password", "uid", "gid"} <= set(e) for e in entries
    ):
        return [
            Finding(
                g,
                PROBLEM,
                f"{key} in Secret {name}: users.all_entries is not a list of entries with "
                "name, password, uid and gid",
                recreate,
            )
        ]
    found = [(str(e["name"]), e["uid"], e["gid"]) for e in entries]
    wanted = [(u, (uid + i) if uid is not None else None, gid) for i, u in enumerate(users)]
    if found != wanted:
        have = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in found) or "no user"
        want = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in wanted)
        return [
            Finding(
                g,
                PROBLEM,
                f"the Samba users file does not match the stack: it defines {have}; the "
                f"shares expect {want} (puid {uid}, pgid {gid})",
                f"{recreate} (sambacc reads the users only at start)",
            )
        ]
    listed = ", ".join(f"{n} (uid {u}, gid {gr})" for n, u, gr in found)
    return [Finding(g, OK, f"Secret {name}: {key} defines {listed}, as the stack expects")]
