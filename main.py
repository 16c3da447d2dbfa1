"""The blog's deployment, as a cdk8s app: `make synth` (or `cdk8s synth`) writes dist/.

Reproduces ../shared/seed/home-k8s-music-server-blog.md: both volumes on node1
under /mnt/hdd, a Samba share `music` for `myuser` on 192.168.0.200, Airsonic
in Asia/Tokyo behind https://example.com with Let's Encrypt production.
Uses only homemusic's public API, so it doubles as a consumer-app example.

Before applying, create the namespace and the Samba users Secret (never
committed); the command asks for the password:
    kubectl apply -k dist/ -l pod-security.kubernetes.io/enforce
    .venv/bin/homemusic samba-users --namespace homemusic \\
        --uid 1000 --gid 1000 myuser | kubectl create -f -
"""

from __future__ import annotations

import homemusic  # first: picks the Node.js that jsii should run
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
    """Add the blog's chart to ``app``."""
    return HomeMusicChart(
        app,
        "homemusic",
        namespace="homemusic",
        music_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/music"),
        config_backend=StorageBackend.local(node_name="node1", path="/mnt/hdd/config"),
        music_size="1000Gi",
        config_size="1Gi",
        samba_users=[SambaUser(name="myuser")],
        samba_load_balancer_ip="192.168.0.200",
        # A pool of Samba's address alone, never handed to a Service that does
        # not ask for it; microk8s' add-on pool must leave it out:
        # `microk8s enable metallb:192.168.0.201-192.168.0.220` (README).
        metallb_addresses=["192.168.0.200/32"],
        lan_cidrs=["192.168.0.0/24"],
        samba_workgroup="WORKGROUP",
        # The blog's server (the library's default is Navidrome since 0.4.0).
        music_server=MusicServer.airsonic(),
        timezone="Asia/Tokyo",
        puid=1000,
        pgid=1000,
        host="example.com",
        acme_email="myaddress@example.com",
        # microk8s' ingress add-on: class "public" in the namespace "ingress"
        https_entry=HttpsEntry.ingress(class_name="public", controller_namespace="ingress"),
        # The blog's Ingress. Airsonic starts with admin/admin: for the first
        # start, synthesize with publish=False, change that password through
        # `kubectl port-forward`, then publish (README, step 7).
        publish=True,
        staging_issuer_name="letsencrypt-staging",
        production_issuer_name="letsencrypt-prod",
        use_issuer=LetsEncrypt.PRODUCTION,
    )


if __name__ == "__main__":
    app = cdk8s.App()  # writes to $CDK8S_OUTDIR, else dist/
    build(app)
    homemusic.synth(app)
