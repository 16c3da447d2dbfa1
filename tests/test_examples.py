"""Every example synthesizes, validates against the schemas and is wired correctly."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import homemusic

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import find, one, placement_problems, schema_errors, wiring_problems


def synth_example(module: str) -> list[dict[str, Any]]:
    build: Callable[[cdk8s.App], Any] = importlib.import_module(f"examples.{module}").build
    app = cdk8s.App()
    build(app)
    homemusic.render(app)  # validations, as a real synth
    return [obj for chart in app.charts for obj in chart.to_json()]


@pytest.mark.parametrize(
    "module",
    [
        "blog",
        "nfs",
        "two_households",
        "navidrome",
        "gateway",
        "existing_gateway",
        "k3s_longhorn",
        "backed_up",
    ],
)
def test_example_is_valid(module: str) -> None:
    objects = synth_example(module)
    assert objects
    for obj in objects:
        assert schema_errors(obj) == []
    assert wiring_problems(objects) == []
    keys = [(o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]) for o in objects]
    assert len(keys) == len(set(keys))


def test_nfs_example() -> None:
    objects = synth_example("nfs")
    music = one(objects, "PersistentVolume", "music-homemusic-music")
    assert music["spec"]["nfs"] == {"server": "192.168.1.20", "path": "/volume1/music"}
    config = one(objects, "PersistentVolume", "music-homemusic-config")
    assert "local" in config["spec"]


def test_two_households_share_nothing() -> None:
    objects = synth_example("two_households")
    for household, other in (("tanaka", "suzuki"), ("suzuki", "tanaka")):
        deployments = [
            d for d in find(objects, "Deployment") if d["metadata"]["name"].startswith(household)
        ]
        assert len(deployments) == 2
        for d in deployments:
            for volume in d["spec"]["template"]["spec"]["volumes"]:
                referenced = (
                    volume.get("persistentVolumeClaim", {}).get("claimName")
                    or volume.get("configMap", {}).get("name")
                    or volume["secret"]["secretName"]
                )
                assert referenced.startswith(household + "-")
            for env in d["spec"]["template"]["spec"]["containers"][0]["env"]:
                assert other not in str(env)
    hosts = sorted(i["spec"]["rules"][0]["host"] for i in find(objects, "Ingress"))
    assert hosts == ["suzuki.example.com", "tanaka.example.com"]
    issuers = sorted(i["metadata"]["name"] for i in find(objects, "Issuer"))
    assert issuers == [
        "suzuki-letsencrypt-prod",
        "suzuki-letsencrypt-staging",
        "tanaka-letsencrypt-prod",
        "tanaka-letsencrypt-staging",
    ]


def test_k3s_longhorn_example(snapshot: SnapshotAssertion) -> None:
    objects = synth_example("k3s_longhorn")
    assert find(objects, "PersistentVolume") == []
    for name, size in (("homemusic-music", "500Gi"), ("homemusic-config", "2Gi")):
        claim = one(objects, "PersistentVolumeClaim", name)
        assert claim["spec"]["storageClassName"] == "longhorn"
        assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
        assert claim["spec"]["resources"]["requests"]["storage"] == size
        assert "volumeName" not in claim["spec"]
        assert claim["metadata"]["annotations"]["kustomize.toolkit.fluxcd.io/prune"] == "disabled"
    # Samba and Navidrome share the node the RWO volumes are attached to
    for name in ("homemusic-samba", "homemusic-navidrome"):
        pod = one(objects, "Deployment", name)["spec"]["template"]
        assert pod["metadata"]["labels"]["homemusic/node-group"] == "homemusic"
        assert "podAffinity" in pod["spec"]["affinity"]
    assert placement_problems(objects) == []
    assert one(objects, "Gateway")["spec"]["gatewayClassName"] == "traefik"
    assert objects == snapshot
