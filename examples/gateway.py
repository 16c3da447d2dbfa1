"""k3s with Traefik's Gateway API provider: the library creates the Gateway.

k3s ships Traefik and the Gateway API CRDs; enable Traefik's Gateway provider
with a HelmChartConfig and cert-manager's Gateway API support (see README,
"The HTTPS entry"). Traefik serves a Gateway listener only on one of its entry
points' ports, so the listeners use Traefik's websecure and web ports.
Run ``python -m examples.gateway`` to write ``dist-gateway/``.
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
        "homemusic-gateway",
        namespace="music",
        music_backend=StorageBackend.local(node_name="k3s-1", path="/srv/music"),
        config_backend=StorageBackend.local(node_name="k3s-1", path="/srv/navidrome"),
        samba_users=[SambaUser(name="me")],
        samba_load_balancer_ip="192.168.1.240",
        lan_cidrs=["192.168.1.0/24"],
        metallb_addresses=["192.168.1.240-192.168.1.250"],
        music_server=MusicServer.navidrome(),
        puid=10000,
        pgid=10000,
        host="music.example.org",
        https_entry=HttpsEntry.gateway(
            class_name="traefik",
            data_plane_namespace="kube-system",  # where k3s runs Traefik
            https_port=8443,  # Traefik's websecure entry point
            http_port=8000,  # Traefik's web entry point
        ),
        acme_profile="tlsserver",
        use_issuer=LetsEncrypt.STAGING,
    )


if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-gateway")
    build(app)
    homemusic.synth(app)
