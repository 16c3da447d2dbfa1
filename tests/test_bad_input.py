"""Every class of input a cluster would refuse, or an attacker would welcome, is refused.

Each refusal comes before anything is written, as a HomeMusicError naming the
argument as the caller passed it (the stack's or a factory's name, not an inner
construct's), the value, and what is allowed (README, "Bad input").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import homemusic
from homemusic import (
    AcmeIssuer,
    HomeMusicChart,
    HomeMusicError,
    HttpsEntry,
    MetalLbPool,
    MusicServer,
    SambaUser,
    Share,
)

import cdk8s
import pytest

from tests.support import blog_stack_args, new_chart, schema_errors, synth

# A valid object name (RFC 1123 subdomain) that is too long for a label value.
LONG_NAME = "letsencrypt-staging." + "s" * 50


def refused(message: str, **overrides: Any) -> None:
    """The blog's chart with ``overrides`` is refused with ``message``, nothing written.

    A server's or an entry's factory call comes as a lambda: the factory checks
    its options at once, inside the ``raises``.
    """
    with pytest.raises(HomeMusicError) as info:
        factories = ("music_server", "https_entry")
        made = {k: (o() if callable(o) and k in factories else o) for k, o in overrides.items()}
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(**made))
    assert str(info.value).startswith(message), str(info.value)


# --- 1. What the API server checks beyond the OpenAPI schema -----------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # a request above its limit: the pod is refused (schema-valid)
        (
            {"music_server": lambda: MusicServer.airsonic(memory_request="3Gi")},
            "MusicServer.airsonic memory_request: got '3Gi'; expected at most memory_limit '2Gi'",
        ),
        (
            {"music_server": lambda: MusicServer.navidrome(cpu_request="4")},
            "MusicServer.navidrome cpu_request: got '4'; expected at most cpu_limit '2'",
        ),
        # an object name that is also a label value: at most 63 characters
        (
            {"staging_issuer_name": LONG_NAME},
            f"HomeMusicStack staging_issuer_name: got '{LONG_NAME}'; expected at most 63",
        ),
        # a Service name must be an RFC 1035 label
        ({"name": "1music"}, "HomeMusicStack name: got '1music'; expected an RFC 1035 label"),
        # a port outside 1-65535
        (
            {"https_entry": lambda: HttpsEntry.gateway(class_name="eg", https_port=70000)},
            "HttpsEntry.gateway https_port: got 70000; expected an integer port",
        ),
        # a probe that gives the app no time to start
        (
            {"music_server": lambda: MusicServer.airsonic(startup_timeout_seconds=5)},
            "MusicServer.airsonic startup_timeout_seconds: got 5; expected an integer from 60",
        ),
        # a volume mounted where the files would be lost
        (
            {"samba_shares": [Share(name="etc", path="/etc")]},
            "Share 'etc' path: got '/etc'; expected mount_path '/music' or a directory below it",
        ),
        # a Gateway listener the route never attaches to (CEL would not catch it)
        (
            {"https_entry": lambda: HttpsEntry.gateway(class_name="eg", gateway_namespace="gw",
                                                       routes_from=homemusic.RoutesFrom.SAME)},
            "HttpsEntry.gateway routes_from: got <RoutesFrom.SAME: 'Same'>",
        ),
    ],
)  # fmt: skip
def test_refuses_what_the_api_server_refuses(overrides: dict[str, Any], message: str) -> None:
    refused(message, **overrides)


def test_label_values_are_checked_where_names_become_labels() -> None:
    with pytest.raises(HomeMusicError) as info:
        MetalLbPool(new_chart(), "pool", addresses=["192.168.0.200/32"], name=LONG_NAME)
    assert "MetalLbPool name" in str(info.value)
    with pytest.raises(HomeMusicError) as info:
        AcmeIssuer(new_chart(), "i", name=LONG_NAME, server="https://x.example/dir",
                   ingress_class_name="nginx")  # fmt: skip
    assert "AcmeIssuer name" in str(info.value)
    # 63 is still fine, and the object validates
    chart = new_chart()
    AcmeIssuer(chart, "i", name="i" * 63, server="https://x.example/dir", ingress_class_name="n")
    (issuer,) = synth(chart)
    assert schema_errors(issuer) == []


# --- 2. Exposure ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cidr", ["0.0.0.0/0", "8.8.8.0/24", "100.64.0.0/10", "::/0", "2001:db8::/32"]
)
def test_refuses_lan_cidrs_wider_than_a_home_network(cidr: str) -> None:
    refused(f"HomeMusicStack lan_cidrs: got '{cidr}'; expected a home network", lan_cidrs=[cidr])


def test_wide_lan_cidrs_only_by_a_named_opt_in() -> None:
    chart = HomeMusicChart(
        cdk8s.App(),
        "hm",
        **blog_stack_args(lan_cidrs=["0.0.0.0/0"], allow_wide_lan_cidrs=True),
    )
    assert chart.stack.samba.lan_cidrs == ("0.0.0.0/0",)
    for cidr in ("10.8.0.0/16", "172.16.5.0/24", "169.254.0.0/16", "fd00:1::/64", "fe80::/64"):
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(lan_cidrs=["192.168.0.0/24", cidr]))


# --- 3. Values the software in the pod cannot use ---------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # a time zone that does not exist: the container would silently run in UTC
        ({"timezone": "Asia/Tokio"}, "HomeMusicStack timezone: got 'Asia/Tokio'; expected a tz"),
        # a Java heap that cannot fit the memory limit: OOM-killed
        (
            {"music_server": lambda: MusicServer.airsonic(java_max_heap="2Gi")},
            "MusicServer.airsonic java_max_heap: got '2Gi'; expected at least 64Mi and at most",
        ),
        # an image reference that pins nothing
        (
            {
                "music_server": lambda: MusicServer.navidrome(
                    image="ghcr.io/navidrome/navidrome:latest"
                )
            },
            "MusicServer.navidrome image: got 'ghcr.io/navidrome/navidrome:latest'",
        ),
        (
            {"music_server": lambda: MusicServer.navidrome(image="deluan/Navidrome:0.63.2")},
            "MusicServer.navidrome image: got 'deluan/Navidrome:0.63.2'",
        ),
        # a Samba user that is a system account of the image (would be root!)
        ({"puid": 0}, "HomeMusicStack puid: got 0; expected an integer from 1"),
    ],
)
def test_refuses_values_the_pod_cannot_use(overrides: dict[str, Any], message: str) -> None:
    refused(message, **overrides)


def test_refuses_samba_users_the_server_cannot_create() -> None:
    for name in ("root", "nobody", "homemusic", "Alice", "a b", "x" * 33):
        with pytest.raises(HomeMusicError) as info:
            SambaUser(name=name)
        assert str(info.value).startswith(f"SambaUser name: got {name!r}")


# --- 4. A failed synth writes nothing ----------------------------------------------


def test_a_refused_argument_leaves_the_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.k8s.yaml").write_text("kept\n")
    app = cdk8s.App(outdir=str(out))
    with pytest.raises(HomeMusicError):
        HomeMusicChart(app, "hm", **blog_stack_args(lan_cidrs=["0.0.0.0/0"]))
        homemusic.synth(app)
    assert [p.name for p in out.iterdir()] == ["old.k8s.yaml"]
    assert (out / "old.k8s.yaml").read_text() == "kept\n"
