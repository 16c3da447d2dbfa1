"""Every argument is checked whether or not the configuration uses it.

An owner who flips a switch later (``publish=True``, an entry that makes
issuers, ``metallb_addresses``, an NFS config volume) must not meet a typo
made months earlier: each case below passes a bad value to an argument the
configuration does not use, and expects the HomeMusicError that names the
argument as the caller passed it, and the value, before anything is built.
"""

from __future__ import annotations

from typing import Any

from homemusic import (
    AirsonicApp,
    HomeMusicChart,
    HomeMusicError,
    HomeMusicStack,
    HttpsEntry,
    MetalLbPool,
    MusicServer,
)

import cdk8s
import pytest

from tests.support import blog_stack_args, local_storage, new_chart

UNPUBLISHED = {"publish": False}
EXISTING_GATEWAY = {
    "https_entry": HttpsEntry.existing_gateway(name="shared", namespace="gateways"),
}


def refused(message: str, **overrides: Any) -> None:
    with pytest.raises(HomeMusicError) as info:
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(**overrides))
    assert str(info.value).startswith(message), str(info.value)


@pytest.mark.parametrize("unused", [UNPUBLISHED, EXISTING_GATEWAY], ids=["unpublished", "route"])
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"acme_email": "me-at-example.com"}, "HomeMusicStack acme_email: got 'me-at-example.com'"),
        ({"acme_profile": "long"}, "HomeMusicStack acme_profile: got 'long'; expected one of"),
        ({"use_issuer": "production"}, "HomeMusicStack use_issuer: got 'production'; expected"),
        ({"cluster_issuer": "yes"}, "HomeMusicStack cluster_issuer: got 'yes'; expected True"),
        (
            {"staging_issuer_name": "Staging_Issuer"},
            "HomeMusicStack staging_issuer_name: got 'Staging_Issuer'",
        ),
        (
            {"production_issuer_name": "homemusic-letsencrypt-staging"},
            "HomeMusicStack production_issuer_name: got 'homemusic-letsencrypt-staging'; "
            "expected a name different from staging_name",
        ),
    ],
)
def test_issuer_arguments_checked_when_no_issuer_is_made(
    unused: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    refused(message, **unused, **overrides)


@pytest.mark.parametrize("unused", [UNPUBLISHED, EXISTING_GATEWAY], ids=["unpublished", "route"])
def test_good_issuer_arguments_pass_when_no_issuer_is_made(unused: dict[str, Any]) -> None:
    chart = HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(**unused))
    assert chart.stack.props.issuer_options.acme_email == "myaddress@example.com"


def test_host_checked_while_unpublished() -> None:
    refused("HomeMusicStack host: got 'music example.com'", publish=False, host="music example.com")


def test_metallb_namespace_checked_without_a_pool() -> None:
    refused(
        "HomeMusicStack metallb_namespace: got 'MetalLB'",
        metallb_addresses=None,
        metallb_namespace="MetalLB",
    )


def test_stack_with_a_pool_still_uses_its_namespace() -> None:
    chart = HomeMusicChart(
        cdk8s.App(),
        "hm",
        **blog_stack_args(metallb_addresses=["192.168.0.200/32"], metallb_namespace="lb"),
    )
    assert chart.stack.address_pool is not None
    assert chart.stack.address_pool.namespace == "lb"


def test_allow_config_on_nfs_checked_with_local_volumes() -> None:
    with pytest.raises(HomeMusicError) as info:
        local_storage(new_chart(), allow_config_on_nfs="yes")
    assert str(info.value) == (
        "MusicStorage allow_config_on_nfs: got 'yes'; expected True or False"
    )


def test_auto_assign_checked() -> None:
    with pytest.raises(HomeMusicError) as info:
        MetalLbPool(new_chart(), "pool", addresses=["192.168.0.200/32"], auto_assign="no")  # type: ignore[arg-type]
    assert str(info.value) == "MetalLbPool auto_assign: got 'no'; expected True or False"


def test_airsonic_music_read_only_checked() -> None:
    chart = new_chart()
    with pytest.raises(HomeMusicError) as info:
        AirsonicApp(chart, "app", storage=local_storage(chart), music_read_only="yes")  # type: ignore[arg-type]
    assert str(info.value) == "AirsonicApp music_read_only: got 'yes'; expected True or False"


def test_stack_music_read_only_checked_with_airsonic() -> None:
    chart = new_chart()
    with pytest.raises(HomeMusicError) as info:
        HomeMusicStack(
            chart,
            "stack",
            **blog_stack_args(music_read_only=1, music_server=MusicServer.airsonic()),
        )
    assert str(info.value).startswith("HomeMusicStack music_read_only: got 1"), str(info.value)
