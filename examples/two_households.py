"""Two independent stacks in one chart: two households, two hosts, one namespace.

Every object name starts with the stack's ``name``, so nothing collides and
nothing is shared by accident (each has its own volumes, Samba, Airsonic,
issuers). The chart is a plain cdk8s Chart: create the ``music`` namespace first
(``kubectl create namespace music``), or use a :class:`homemusic.HomeMusicChart`,
which also brings the namespace's default-deny policy. Run
``python -m examples.two_households`` to write ``dist-two/``.
"""

from __future__ import annotations

import homemusic
from homemusic import (
    HomeMusicStack,
    HttpsEntry,
    LetsEncrypt,
    MusicServer,
    SambaUser,
    StorageBackend,
)

import cdk8s


def build(app: cdk8s.App) -> cdk8s.Chart:
    chart = cdk8s.Chart(app, "households", namespace="music")
    for name, node, address, host in (
        ("tanaka", "node1", "192.168.0.200", "tanaka.example.com"),
        ("suzuki", "node2", "192.168.0.201", "suzuki.example.com"),
    ):
        HomeMusicStack(
            chart,
            name,
            name=name,
            music_backend=StorageBackend.local(node_name=node, path="/mnt/hdd/music"),
            config_backend=StorageBackend.local(node_name=node, path="/mnt/hdd/config"),
            samba_users=[SambaUser(name=name)],
            samba_load_balancer_ip=address,
            lan_cidrs=["192.168.0.0/24"],
            timezone="Asia/Tokyo",
            host=host,
            acme_email=f"{name}@example.com",
            # The blog's server, asked for by name (the default is Navidrome since 0.4.0).
            music_server=MusicServer.airsonic(),
            https_entry=HttpsEntry.ingress(class_name="public", controller_namespace="ingress"),
            use_issuer=LetsEncrypt.PRODUCTION,
            # Airsonic is published once admin's password is changed (README, step 7).
            publish=True,
        )
    return chart


if __name__ == "__main__":
    app = cdk8s.App(outdir="dist-two")
    build(app)
    homemusic.synth(app)
