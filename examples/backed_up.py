"""Navidrome with versioned, encrypted off-node backups (restic, no operator).

The stack of ``examples/navidrome.py`` (music and Navidrome's data on node1's
disk, files owned by UID/GID 10000), plus restic snapshots of the music and of
Navidrome's data, every night at 05:00, to a rest-server on the NAS
(192.168.0.20, port 8000) that runs with ``--append-only``: the cluster can
add snapshots but never delete one, so ransomware that rewrites the music
through the share cannot take the history with it. Retention runs on the NAS
(see docs/operations/offsite-backups.md). Navidrome copies its database at
04:00 (its own backup feature); the 05:00 backup takes that copy.

Before the first apply, create the Secrets (the repository's address and
password, and Navidrome's admin)::

    homemusic backup-secret --namespace music | kubectl create -f -
    homemusic navidrome-admin --namespace music | kubectl create -f -

Run ``python -m examples.backed_up`` to write ``dist-backed-up/``.
"""

from __future__ import annotations

import homemusic
from homemusic import (
    HomeMusicChart,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    OffsiteBackup,
    SambaUser,
    StorageBackend,
)

import cdk8s


def build(app: cdk8s.App) -> HomeMusicChart:
    return HomeMusicChart(
        app,
        "homemusic-backed-up",
        namespace="music",
        music_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/navidrome"),
        samba_users=[SambaUser(name="me")],
        samba_load_balancer_ip="192.168.0.200",
        lan_cidrs=["192.168.0.0/24"],
        samba_recycle_days=30,
        music_server=MusicServer.navidrome(backup_schedule="0 4 * * *", backup_count=7),
        backup=OffsiteBackup.restic(
            append_only=True,  # the NAS's rest-server runs with --append-only
            repository_cidrs=["192.168.0.20/32"],
            repository_port=8000,
            limit_upload_kib=20000,  # about 160 Mbit/s: the family keeps some uplink
        ),
        timezone="Asia/Tokyo",
        puid=10000,
        pgid=10000,
        host="music.example.com",
        acme_email="me@example.com",
        https_entry=HttpsEntry.ingress(class_name="public", controller_namespace="ingress"),
        use_issuer=LetsEncrypt.STAGING,
    )


if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-backed-up")
    build(app)
    homemusic.synth(app)
