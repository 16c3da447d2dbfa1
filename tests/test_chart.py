"""The whole chart: the blog's deployment, wired, schema-valid, with no secrets."""

from __future__ import annotations

import copy
import json
from typing import Any

from homemusic import HomeMusicChart, HomeMusicError, HomeMusicStack

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import (
    Obj,
    blog_stack_args,
    container,
    env_of,
    find,
    kubernetes_versions,
    one,
    schema_errors,
    synth,
    wiring_problems,
)


def test_blog_deployment(blog_objects: list[Obj]) -> None:
    kinds = [o["kind"] for o in blog_objects]
    assert kinds[0] == "Namespace"  # created before anything lands in it
    assert sorted(kinds) == sorted(
        ["Namespace", "NetworkPolicy"]
        + ["PersistentVolume", "PersistentVolumeClaim"] * 2
        + ["Deployment", "Service", "NetworkPolicy"] * 2
        + ["ConfigMap"]
        + ["Issuer", "Issuer", "Ingress", "NetworkPolicy"]
        # Samba's address alone, in a pool MetalLB never auto-assigns
        + ["IPAddressPool", "L2Advertisement"]
    )
    for obj in blog_objects:
        if obj["kind"] in ("IPAddressPool", "L2Advertisement"):
            assert obj["metadata"]["namespace"] == "metallb-system"
        elif obj["kind"] not in ("Namespace", "PersistentVolume"):
            assert obj["metadata"]["namespace"] == "homemusic"
    pool = one(blog_objects, "IPAddressPool", "homemusic")
    assert pool["spec"] == {"addresses": ["192.168.0.200/32"], "autoAssign": False}
    music = one(blog_objects, "PersistentVolume", "homemusic-homemusic-music")
    assert music["spec"]["local"]["path"] == "/mnt/hdd/music"
    assert music["spec"]["capacity"]["storage"] == "1000Gi"
    config = one(blog_objects, "PersistentVolume", "homemusic-homemusic-config")
    assert config["spec"]["local"]["path"] == "/mnt/hdd/config"
    config = json.loads(
        one(blog_objects, "ConfigMap", "homemusic-samba-config")["data"]["container.json"]
    )
    share = config["shares"]["music"]["options"]
    assert (share["path"], share["valid users"], share["force user"]) == (
        "/music",
        "myuser",
        "myuser",
    )
    airsonic = one(blog_objects, "Deployment", "homemusic-airsonic")
    assert env_of(airsonic)["TZ"] == "Asia/Tokyo"
    # Samba writes files with the group Airsonic runs as (and, through the
    # users Secret, as its user)
    assert config["groups"]["all_entries"] == [
        {"name": "homemusic", "gid": int(env_of(airsonic)["PGID"])}
    ]
    ingress = one(blog_objects, "Ingress", "homemusic-airsonic")
    assert ingress["spec"]["rules"][0]["host"] == "example.com"


def test_wiring(blog_objects: list[Obj]) -> None:
    assert wiring_problems(blog_objects) == []
    # storage -> mounts: Samba and Airsonic share the same music claim
    samba = one(blog_objects, "Deployment", "homemusic-samba")
    airsonic = one(blog_objects, "Deployment", "homemusic-airsonic")

    def claims(d: Obj) -> set[str]:
        return {
            v["persistentVolumeClaim"]["claimName"]
            for v in d["spec"]["template"]["spec"]["volumes"]
            if "persistentVolumeClaim" in v
        }

    assert claims(samba) == {"homemusic-music"}
    # ConfigMap -> Samba's config volume
    samba_volumes = samba["spec"]["template"]["spec"]["volumes"]
    config_maps = [v["configMap"]["name"] for v in samba_volumes if "configMap" in v]
    assert [one(blog_objects, "ConfigMap", n)["metadata"]["name"] for n in config_maps] == [
        "homemusic-samba-config"
    ]
    assert claims(airsonic) == {"homemusic-music", "homemusic-config"}
    # app -> ingress backend
    backend = one(blog_objects, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"] == {"name": "homemusic-airsonic", "port": {"number": 4040}}


def test_wiring_check_can_fail(blog_objects: list[Obj]) -> None:
    broken = copy.deepcopy(blog_objects)
    one(broken, "Service", "homemusic-airsonic")["spec"]["selector"]["app.kubernetes.io/name"] = "x"
    one(broken, "PersistentVolumeClaim", "homemusic-music")["spec"]["volumeName"] = "other"
    one(broken, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"] = {
        "number": 80
    }
    samba = container(one(broken, "Deployment", "homemusic-samba"))
    samba["volumeMounts"][1]["name"] = "gone"
    samba["volumeMounts"][2]["mountPath"] = samba["volumeMounts"][0]["mountPath"]
    problems = wiring_problems(broken)
    assert "container samba mounts missing volume gone" in problems
    assert "container samba mounts two volumes on one path" in problems
    assert "Service homemusic-airsonic selects 0 workloads" in problems
    assert "claim homemusic-music names no volume of this chart" in problems
    assert any(p.startswith("Ingress backend port") for p in problems)


def test_every_object_is_schema_valid(blog_objects: list[Obj]) -> None:
    assert kubernetes_versions()[0] == "1.27"
    assert len(kubernetes_versions()) == 2
    for obj in blog_objects:
        assert schema_errors(obj) == []


def test_schema_check_rejects_unknown_fields(blog_objects: list[Obj]) -> None:
    deployment = copy.deepcopy(one(blog_objects, "Deployment", "homemusic-samba"))
    container(deployment)["securityContxt"] = {}
    assert any("securityContxt" in e for e in schema_errors(deployment))
    issuer = copy.deepcopy(one(blog_objects, "Issuer", "letsencrypt-prod"))
    issuer["spec"]["acme"]["solvers"][0]["http01"]["ingress"]["clas"] = "public"
    assert any("clas" in e for e in schema_errors(issuer))
    unknown = {"apiVersion": "cert-manager.io/v1", "kind": "Nope", "metadata": {}}
    assert schema_errors(unknown) == ["Nope cert-manager.io/v1: no CRD schema found"]


def test_no_secret_material(blog_objects: list[Obj]) -> None:
    assert find(blog_objects, "Secret") == []
    text = repr(blog_objects)
    assert "mypassword" not in text
    # the only credential reference is the users Secret, mounted as a file
    samba = one(blog_objects, "Deployment", "homemusic-samba")
    assert not [e for e in container(samba)["env"] if "valueFrom" in e]
    secrets = [v for v in samba["spec"]["template"]["spec"]["volumes"] if "secret" in v]
    assert [v["secret"]["secretName"] for v in secrets] == ["homemusic-samba-users"]


def test_two_stacks_in_one_chart_do_not_collide() -> None:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "households", namespace="music")
    HomeMusicStack(chart, "a", **blog_stack_args(name="tanaka", host="tanaka.example.com"))
    HomeMusicStack(
        chart,
        "b",
        **blog_stack_args(
            name="suzuki",
            host="suzuki.example.com",
            samba_load_balancer_ip="192.168.0.201",
            music_backend=blog_stack_args()["music_backend"].__class__.local(
                node_name="node2", path="/mnt/hdd/music"
            ),
            config_backend=blog_stack_args()["config_backend"].__class__.local(
                node_name="node2", path="/mnt/hdd/config"
            ),
        ),
    )
    objects = synth(chart)
    keys = [(o["kind"], o["metadata"]["name"]) for o in objects]
    assert len(keys) == len(set(keys))
    assert wiring_problems(objects) == []
    tanaka = one(objects, "Deployment", "tanaka-airsonic")
    assert {
        v["persistentVolumeClaim"]["claimName"]
        for v in tanaka["spec"]["template"]["spec"]["volumes"]
    } == {"tanaka-music", "tanaka-config"}


def test_namespace_is_configurable() -> None:
    objects = synth(HomeMusicChart(cdk8s.App(), "hm", namespace="music", **blog_stack_args()))
    ns = one(objects, "Namespace")
    assert ns["metadata"]["name"] == "music"
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    assert one(objects, "PersistentVolume", "music-homemusic-music")["spec"]["claimRef"] == {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "namespace": "music",
        "name": "homemusic-music",
    }


def test_raises_on_bad_namespace() -> None:
    with pytest.raises(HomeMusicError) as info:
        HomeMusicChart(cdk8s.App(), "hm", namespace="Home_Music", **blog_stack_args())
    assert str(info.value).startswith(
        "HomeMusicChart namespace: got 'Home_Music'; expected an RFC 1123 label"
    )


def test_raises_on_bad_stack_name() -> None:
    with pytest.raises(HomeMusicError) as info:
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(name="2nd-house"))
    assert str(info.value).startswith(
        "HomeMusicStack name: got '2nd-house'; expected an RFC 1035 label"
    )


def test_raises_on_unknown_argument() -> None:
    with pytest.raises(TypeError, match="hots"):
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(hots="x"))


def test_snapshot(blog_objects: list[Obj], snapshot: SnapshotAssertion) -> None:
    assert blog_objects == snapshot


def test_escape_hatch_on_an_attribute() -> None:
    chart = HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args())
    chart.stack.app.deployment.add_json_patch(
        cdk8s.JsonPatch.add("/spec/template/spec/priorityClassName", "home-critical")
    )
    objects = synth(chart)
    pod = one(objects, "Deployment", "homemusic-airsonic")["spec"]["template"]["spec"]
    assert pod["priorityClassName"] == "home-critical"
    assert pod["containers"][0]["name"] == "airsonic"  # the rest is intact
    assert schema_errors(one(objects, "Deployment", "homemusic-airsonic")) == []


def chart_objects(**overrides: object) -> tuple[HomeMusicChart, list[Obj]]:
    chart = HomeMusicChart(cdk8s.App(), "test", **blog_stack_args(**overrides))
    return chart, synth(chart)


ENTRY_KINDS = {"Ingress", "Gateway", "HTTPRoute", "Issuer", "ClusterIssuer"}


def test_airsonic_is_unpublished_by_default() -> None:
    # Airsonic starts with admin/admin: without an explicit publish=True the
    # internet never reaches it (no Ingress, no route, no issuers, and no
    # NetworkPolicy lets the ingress controller or a solver in).
    args = blog_stack_args()
    del args["publish"]
    chart = HomeMusicChart(cdk8s.App(), "test", **args)
    objects = synth(chart)
    assert chart.stack.published is False and chart.stack.entry is None
    assert not {o["kind"] for o in objects} & ENTRY_KINDS
    policies = {p["metadata"]["name"] for p in find(objects, "NetworkPolicy")}
    assert policies == {"default-deny-ingress", "homemusic-samba"}
    # the app itself is all there, for `kubectl port-forward`
    assert one(objects, "Deployment", "homemusic-airsonic")
    assert one(objects, "Service", "homemusic-airsonic")
    assert wiring_problems(objects) == []


def test_publish_true_adds_the_entry() -> None:
    chart, objects = chart_objects(publish=True)
    assert chart.stack.published is True and chart.stack.entry is not None
    assert {"Ingress", "Issuer"} <= {o["kind"] for o in objects}


def test_navidrome_is_published_by_default_and_can_be_withheld() -> None:
    from homemusic import MusicServer

    args = blog_stack_args(music_server=MusicServer.navidrome())
    del args["publish"]
    chart = HomeMusicChart(cdk8s.App(), "test", **args)
    objects = synth(chart)
    # its administrator exists before the first request (the admin Secret)
    assert chart.stack.published is True
    assert one(objects, "Ingress", "homemusic-navidrome")
    chart, objects = chart_objects(music_server=MusicServer.navidrome(), publish=False)
    assert chart.stack.entry is None
    assert not {o["kind"] for o in objects} & ENTRY_KINDS


def test_unpublished_stack_still_checks_host_and_publish() -> None:
    with pytest.raises(HomeMusicError, match="HomeMusicStack host: got 'not a host'"):
        chart_objects(publish=False, host="not a host")
    with pytest.raises(HomeMusicError, match="HomeMusicStack publish: got 'yes'; expected True"):
        chart_objects(publish="yes")


# --- the library's own defaults (0.4.0): 2026's choices, the blog's by name ------------------

REQUIRED_ONLY: dict[str, Any] = {
    k: v
    for k, v in blog_stack_args().items()
    if k
    in (
        "music_backend",
        "config_backend",
        "samba_users",
        "samba_load_balancer_ip",
        "lan_cidrs",
        "host",
    )
}


def test_required_arguments_alone_are_refused_with_the_entries_per_cluster() -> None:
    # Navidrome is the default server and is published by default; which entry
    # depends on the cluster's controller, and no default names a retired one.
    with pytest.raises(HomeMusicError) as info:
        HomeMusicChart(cdk8s.App(), "test", **REQUIRED_ONLY)
    message = str(info.value)
    assert message.startswith("HomeMusicStack https_entry: got None; expected ")
    for choice in (
        "microk8s 1.35+",
        "HttpsEntry.ingress(class_name='public', controller_namespace='ingress')",
        "k3s (Traefik): HttpsEntry.ingress(class_name='traefik', "
        "controller_namespace='kube-system', controller=IngressController.TRAEFIK)",
        "kubeadm: HttpsEntry.gateway(class_name=...)",
        "HttpsEntry.existing_gateway(...)",
        "publish=False",
    ):
        assert choice in message
    assert "nginx" not in message


def test_the_default_server_is_navidrome_behind_the_entry_given() -> None:
    from homemusic import HttpsEntry, NavidromeApp

    entry = HttpsEntry.ingress(class_name="public", controller_namespace="ingress")
    chart = HomeMusicChart(cdk8s.App(), "test", **REQUIRED_ONLY, https_entry=entry)
    objects = synth(chart)
    assert isinstance(chart.stack.app, NavidromeApp)
    assert chart.stack.music_server.kind == "navidrome"
    assert chart.stack.published is True
    assert (chart.stack.puid, chart.stack.pgid) == (10000, 10000)
    deployment = one(objects, "Deployment", "homemusic-navidrome")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == 10000
    # its administrator comes from a Secret the owner makes (homemusic navidrome-admin)
    assert pod_secret(pod) == {"name": "homemusic-navidrome-admin"}
    ingress = one(objects, "Ingress", "homemusic-navidrome")
    assert ingress["spec"]["ingressClassName"] == "public"
    # Samba writes files as Navidrome's user
    config = one(objects, "ConfigMap", "homemusic-samba-config")
    (sambacc,) = [json.loads(text) for text in config["data"].values()]
    assert sambacc["groups"]["all_entries"] == [{"name": "homemusic", "gid": 10000}]
    assert not find(objects, "Deployment", "homemusic-airsonic")
    assert wiring_problems(objects) == []


def test_an_unpublished_default_stack_needs_no_entry() -> None:
    chart = HomeMusicChart(cdk8s.App(), "test", **REQUIRED_ONLY, publish=False)
    objects = synth(chart)
    assert chart.stack.app.name == "homemusic-navidrome"
    assert chart.stack.entry is None and chart.stack.https_entry is None
    assert not {o["kind"] for o in objects} & ENTRY_KINDS


def pod_secret(pod: Obj) -> dict[str, str]:
    (volume,) = [v for v in pod["volumes"] if "secret" in v]
    return {"name": volume["secret"]["secretName"]}
