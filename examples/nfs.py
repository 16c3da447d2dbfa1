"""The music library on a NAS over NFS, so the pods may run on any node (k3s, MetalLB pool).

Airsonic's config (its HSQLDB database) stays on a node's disk: file locks
over NFS are unreliable and the database can corrupt. Run
``python -m examples.nfs`` to write ``dist-nfs/``.
"""

from __future__ import annotations

import homemusic
from homemusic import (
    AirsonicFlavor,
    HomeMusicChart,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    SambaUser,
    Share,
    StorageBackend,
)

import cdk8s


def build(app: cdk8s.App) -> HomeMusicChart:
    return HomeMusicChart(
        app,
        "homemusic-nfs",
        namespace="music",
        music_backend=StorageBackend.nfs(server="192.168.1.20", path="/volume1/music"),
        config_backend=StorageBackend.local(node_name="worker-1", path="/srv/airsonic-config"),
        music_size="4Ti",
        samba_users=[SambaUser(name="alice"), SambaUser(name="bob")],
        samba_shares=[
            Share(name="music", users=("alice", "bob")),
            Share(name="incoming", path="/music/incoming", users=("alice",), comment="New"),
        ],
        samba_load_balancer_ip="192.168.1.240",
        lan_cidrs=["192.168.1.0/24"],
        # k3s with a plain MetalLB install: nothing else creates the pool
        metallb_addresses=["192.168.1.240-192.168.1.250"],
        music_server=MusicServer.airsonic(flavor=AirsonicFlavor.AIRSONIC_ADVANCED),
        timezone="Europe/Berlin",
        host="music.example.org",
        acme_email="admin@example.org",
        https_entry=HttpsEntry.ingress(class_name="nginx", controller_namespace="ingress-nginx"),
        use_issuer=LetsEncrypt.STAGING,
        # Airsonic is published once admin's password is changed (README, step 7).
        publish=True,
    )


if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-nfs")
    build(app)
    homemusic.synth(app)
