"""kubeadm with Envoy Gateway: the music server on a Gateway the cluster already runs.

Your Gateway ``infra/public`` terminates TLS for ``music.example.net`` on its
listener ``https`` and admits routes from the ``music`` namespace; the library
adds an HTTPRoute and lets only Envoy's proxies (``envoy-gateway-system``) reach
the server. Run ``python -m examples.existing_gateway`` to write
``dist-existing_gateway/``.
"""

from __future__ import annotations

import homemusic
from homemusic import HomeMusicChart, HttpsEntry, MusicServer, SambaUser, StorageBackend

import cdk8s


def build(app: cdk8s.App) -> HomeMusicChart:
    return HomeMusicChart(
        app,
        "homemusic-existing-gateway",
        namespace="music",
        music_backend=StorageBackend.nfs(server="nas.lan", path="/export/music"),
        config_backend=StorageBackend.local(node_name="worker-1", path="/srv/navidrome"),
        samba_users=[SambaUser(name="me"), SambaUser(name="partner")],
        samba_load_balancer_ip="10.0.10.200",
        lan_cidrs=["10.0.10.0/24"],
        music_server=MusicServer.navidrome(scan_schedule="1h"),  # NFS: no file watcher
        puid=10000,
        pgid=10000,
        host="music.example.net",
        https_entry=HttpsEntry.existing_gateway(
            name="public",
            namespace="infra",
            section_name="https",
            data_plane_namespace="envoy-gateway-system",
        ),
    )


if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-existing_gateway")
    build(app)
    homemusic.synth(app)
