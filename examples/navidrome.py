"""A new setup in 2026: Navidrome streams, Samba shares the same files on the LAN.

Navidrome is the maintained Subsonic-compatible server (the blog's clients keep
working). The files belong to UID/GID 10000, so Navidrome runs as a high UID
and its Deployment needs no checkov waiver at all. Prepare the node with
``sudo chown -R 10000:10000 /mnt/hdd/music /mnt/hdd/navidrome`` and create the
users Secret with ``--uid 10000 --gid 10000``, and Navidrome's admin Secret
(``homemusic navidrome-admin --namespace music``):
the administrator exists before anyone can reach it. Files deleted over SMB stay
30 days in a hidden recycle bin; Navidrome backs its database up every night to
a NAS (the export's folder writable by UID 10000). Run
``python -m examples.navidrome`` to write ``dist-navidrome/``.
"""

from __future__ import annotations

import homemusic
from homemusic import (
    HomeMusicChart,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    SambaUser,
    StorageBackend,
)

import cdk8s


def build(app: cdk8s.App) -> HomeMusicChart:
    return HomeMusicChart(
        app,
        "homemusic-navidrome",
        namespace="music",
        music_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/navidrome"),
        samba_users=[SambaUser(name="me")],
        samba_load_balancer_ip="192.168.0.200",
        lan_cidrs=["192.168.0.0/24"],
        samba_recycle_days=30,  # a deleted album can be moved back for 30 days
        music_server=MusicServer.navidrome(
            scan_schedule="1h",
            transcoding_cache_size="1GB",
            # the database every night, the last 14 kept, on the NAS
            backup_schedule="0 4 * * *",
            backup_count=14,
            backup_backend=StorageBackend.nfs(server="192.168.0.20", path="/volume1/backup"),
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
    app = cdk8s.App(outdir="dist-navidrome")
    build(app)
    homemusic.synth(app)
