"""k3s with Longhorn: the music and the config on replicated claims, the Gateway API entry.

Why Longhorn: it keeps every volume as replicas on several nodes (three by
default: ``persistence.defaultClassReplicaCount`` in its chart's values), so a
dead disk or node does not take the library along, and a pod that moves to
another node finds its volume attached there. Its class allows expansion
(``allowVolumeExpansion: true`` in the chart's ``storageclass.yaml``), so a
larger ``music_size`` grows the library in place. It installs on k3s with Helm.

Longhorn's default class deletes a volume with its claim (the chart's
``persistence.reclaimPolicy`` is ``Delete``): install it with
``--set persistence.reclaimPolicy=Retain``, or patch each volume to
``Retain`` once (``homemusic doctor`` gives the command; see
docs/choices/storage.md).

Both claims are ReadWriteOnce (block volumes attached to one node at a
time): Samba, Navidrome and their Jobs carry a pod affinity to each other
(``MusicStorage.placement``), so they run on the node the volumes are
attached to. The HTTPS entry is a Gateway served by k3s' Traefik, as in
``examples/gateway.py``. Run ``python -m examples.k3s_longhorn`` to write
``dist-k3s-longhorn/``.
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
    longhorn = StorageBackend.storage_class(storage_class_name="longhorn")
    return HomeMusicChart(
        app,
        "homemusic-k3s-longhorn",
        namespace="music",
        music_backend=longhorn,
        config_backend=longhorn,
        music_size="500Gi",
        config_size="2Gi",
        samba_users=[SambaUser(name="me")],
        samba_load_balancer_ip="192.168.1.240",
        lan_cidrs=["192.168.1.0/24"],
        metallb_addresses=["192.168.1.240-192.168.1.250"],
        music_server=MusicServer.navidrome(backup_schedule="@daily"),
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
    app = cdk8s.App(outdir="dist-k3s-longhorn")
    build(app)
    homemusic.synth(app)
