"""AirsonicApp: one Recreate replica, forward headers, slow-start probes, volumes."""

from __future__ import annotations

from typing import Any

from homemusic import AirsonicApp, AirsonicFlavor, HomeMusicError

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import container, env_of, local_storage, new_chart, one, synth, wiring_problems

BuiltApp = tuple[AirsonicApp, list[dict[str, Any]]]


def build(**overrides: Any) -> BuiltApp:
    chart = new_chart()
    args: dict[str, Any] = {"storage": local_storage(chart)}
    args.update(overrides)
    app = AirsonicApp(chart, "airsonic", **args)
    return app, synth(chart)


@pytest.fixture(scope="module")
def default() -> BuiltApp:
    """The construct with its defaults, synthesized once: these tests only read it."""
    return build()


def test_defaults(default: BuiltApp) -> None:
    app, objects = default
    deployment = one(objects, "Deployment", "airsonic")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}
    c = container(deployment)
    assert c["image"] == "lscr.io/linuxserver/airsonic:v10.6.2-ls134"
    assert c["ports"] == [{"name": "http", "containerPort": 4040, "protocol": "TCP"}]
    env = env_of(deployment)
    assert env == {
        "TZ": "Etc/UTC",
        "PUID": "1000",
        "PGID": "1000",
        # OpenJDK 8u312 ignores cgroup v2 limits: heap and processors bounded
        "JAVA_OPTS": "-Dserver.use-forward-headers=true -Xmx1024m -XX:ActiveProcessorCount=2",
        "S6_SERVICES_GRACETIME": "60000",
    }
    assert app.java_max_heap == "1024Mi"
    assert c["resources"]["limits"] == {"cpu": "2", "memory": "2Gi"}
    assert c["resources"]["requests"] == {"cpu": "250m", "memory": "512Mi"}
    assert app.port == 4040
    assert wiring_problems(objects) == []


def test_headless_service(default: BuiltApp) -> None:
    app, objects = default
    service = one(objects, "Service", "airsonic")
    assert service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 4040, "targetPort": "http", "protocol": "TCP"}
    ]
    assert app.service.name == "airsonic"


def test_service_port_option() -> None:
    app, objects = build(service_port=80)
    service = one(objects, "Service", "airsonic")
    assert service["spec"]["ports"][0]["port"] == 80
    assert service["spec"]["ports"][0]["targetPort"] == "http"  # still the pod's 4040
    assert (app.port, app.container_port) == (80, 4040)
    assert wiring_problems(objects) == []


def test_probes_allow_a_slow_start(default: BuiltApp) -> None:
    _, objects = default
    c = container(one(objects, "Deployment", "airsonic"))
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/login", "port": "http"}
    startup = c["startupProbe"]
    # the blog needed initialDelaySeconds: 60; allow five times that
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 300
    # liveness only starts after the startup probe succeeded
    assert "initialDelaySeconds" not in c["livenessProbe"]


def test_startup_timeout_is_configurable() -> None:
    _, objects = build(startup_timeout_seconds=605)
    startup = container(one(objects, "Deployment", "airsonic"))["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 605


def test_volumes_music_read_only_by_default(
    default: BuiltApp,
) -> None:
    _, objects = default
    pod = one(objects, "Deployment", "airsonic")["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    assert mounts["/config"] == {"name": "config", "mountPath": "/config"}
    assert mounts["/music"] == {"name": "music", "mountPath": "/music", "readOnly": True}
    # what the app writes outside /config must persist too
    assert mounts["/podcasts"] == {
        "name": "config",
        "mountPath": "/podcasts",
        "subPath": "podcasts",
    }
    assert mounts["/playlists"]["name"] == "config"
    assert mounts["/playlists"]["subPath"] == "playlists"
    volumes = {v["name"]: v["persistentVolumeClaim"] for v in pod["volumes"]}
    assert volumes["config"] == {"claimName": "homemusic-config"}
    assert volumes["music"] == {"claimName": "homemusic-music", "readOnly": True}


def test_music_writable_option() -> None:
    _, objects = build(music_read_only=False)
    pod = one(objects, "Deployment", "airsonic")["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    assert mounts["/music"]["readOnly"] is False
    assert {v["name"]: v for v in pod["volumes"]}["music"]["persistentVolumeClaim"] == {
        "claimName": "homemusic-music",
        "readOnly": False,
    }


def test_airsonic_advanced_flavor() -> None:
    app, objects = build(flavor=AirsonicFlavor.AIRSONIC_ADVANCED, java_options="-Dfoo=bar")
    deployment = one(objects, "Deployment", "airsonic")
    image = container(deployment)["image"]
    assert image == "lscr.io/linuxserver/airsonic-advanced:11.1.4-ls181"
    # OpenJDK 17 sizes itself from the container's limits: no bounds by hand
    assert env_of(deployment)["JAVA_OPTS"] == "-Dserver.forward-headers-strategy=native -Dfoo=bar"
    assert app.flavor is AirsonicFlavor.AIRSONIC_ADVANCED
    assert app.java_max_heap is None
    # a heap given by the caller is still honoured and checked
    _, objects = build(flavor=AirsonicFlavor.AIRSONIC_ADVANCED, java_max_heap="1536Mi")
    opts = env_of(one(objects, "Deployment", "airsonic"))["JAVA_OPTS"]
    assert opts == "-Dserver.forward-headers-strategy=native -Xmx1536m"


def test_jvm_bounds_follow_the_limits() -> None:
    _, objects = build(memory_limit="3Gi", cpu_limit="1500m")
    opts = env_of(one(objects, "Deployment", "airsonic"))["JAVA_OPTS"].split()
    assert "-Xmx1536m" in opts
    assert "-XX:ActiveProcessorCount=2" in opts  # 1.5 cores, rounded up
    _, objects = build(java_max_heap="1792Mi", cpu_limit="500m")
    opts = env_of(one(objects, "Deployment", "airsonic"))["JAVA_OPTS"].split()
    assert "-Xmx1792m" in opts
    assert "-XX:ActiveProcessorCount=1" in opts


def test_clean_shutdown_has_time(default: BuiltApp) -> None:
    _, objects = default
    deployment = one(objects, "Deployment", "airsonic")
    s6_wait_ms = int(env_of(deployment)["S6_SERVICES_GRACETIME"])
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    # s6 waits for Java, then 3 s (S6_KILL_GRACETIME's default) before KILL:
    # the kubelet must wait longer than both
    assert grace * 1000 > s6_wait_ms + 3000


def test_no_service_links() -> None:
    # the app reads none of the <SERVICE>_PORT variables Kubernetes would add
    _, objects = build(name="airsonic")
    pod = one(objects, "Deployment", "airsonic")["spec"]["template"]["spec"]
    assert pod["enableServiceLinks"] is False


def test_security_context(default: BuiltApp) -> None:
    _, objects = default
    deployment = one(objects, "Deployment", "airsonic")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    sc = container(deployment)["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["runAsNonRoot"] is False  # s6 init starts as root, then drops to PUID
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert set(sc["capabilities"]["add"]) == {
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "KILL",
        "SETGID",
        "SETUID",
    }


def test_blog_settings() -> None:
    _, objects = build(timezone="Asia/Tokyo", puid=1001, pgid=100)
    env = env_of(one(objects, "Deployment", "airsonic"))
    assert (env["TZ"], env["PUID"], env["PGID"]) == ("Asia/Tokyo", "1001", "100")


def test_snapshot(snapshot: SnapshotAssertion, default: BuiltApp) -> None:
    _, objects = default
    assert objects == snapshot


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"puid": 0}, "AirsonicApp puid: got 0; expected an integer from 1 to 2147483647"),
        ({"pgid": -5}, "AirsonicApp pgid: got -5; expected an integer from 1 to 2147483647"),
        ({"puid": "1000"}, "AirsonicApp puid: got '1000'; expected an integer"),
        ({"timezone": "Tokyo time"}, "AirsonicApp timezone: got 'Tokyo time'; expected a tz"),
        ({"name": "Airsonic"}, "AirsonicApp name: got 'Airsonic'; expected an RFC 1035 label"),
        ({"name": "1airsonic"}, "AirsonicApp name: got '1airsonic'; expected an RFC 1035 label"),
        (
            {"image": "lscr.io/linuxserver/airsonic"},
            "AirsonicApp image: got 'lscr.io/linuxserver/airsonic'; expected an image pinned",
        ),
        (
            {"flavor": "advanced"},
            "AirsonicApp flavor: got 'advanced'; expected AirsonicFlavor.AIRSONIC or",
        ),
        (
            {"java_options": "-Dx=$(id)"},
            "AirsonicApp java_options: got '-Dx=$(id)'; expected space-separated JVM options",
        ),
        (
            {"startup_timeout_seconds": 30},
            "AirsonicApp startup_timeout_seconds: got 30; expected an integer from 60 to 3600",
        ),
        (
            {"memory_limit": "2 GB"},
            "AirsonicApp memory_limit: got '2 GB'; expected a positive Kubernetes quantity",
        ),
        ({"storage": "music"}, "AirsonicApp storage: got 'music'; expected a MusicStorage"),
        ({"service_port": 0}, "AirsonicApp service_port: got 0; expected an integer port from 1"),
        ({"service_port": 70000}, "AirsonicApp service_port: got 70000; expected an integer port"),
        ({"service_port": "80"}, "AirsonicApp service_port: got '80'; expected an integer port"),
        (
            {"java_max_heap": "2Gi"},
            "AirsonicApp java_max_heap: got '2Gi'; expected at least 64Mi and at most "
            "memory_limit '2Gi' minus 256Mi",
        ),
        (
            {"memory_limit": "256Mi", "memory_request": "256Mi"},
            "AirsonicApp java_max_heap: got '128Mi'; expected at least 64Mi",
        ),
        ({"java_max_heap": "lots"}, "AirsonicApp java_max_heap: got 'lots'; expected a positive"),
        (
            {"cpu_request": "3"},
            "AirsonicApp cpu_request: got '3'; expected at most cpu_limit '2' (the API server",
        ),
        ({"timezone": "Asia/Tokio"}, "AirsonicApp timezone: got 'Asia/Tokio'; expected a tz"),
    ],
)
def test_raises_on_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build(**overrides)
    assert str(info.value).startswith(message)
