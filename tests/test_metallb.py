"""MetalLbPool: MetalLB objects as the generated bindings render them, validated against their
CRDs; Samba's IP inside."""

from __future__ import annotations

from typing import Any

from homemusic import HomeMusicChart, HomeMusicError, MetalLbPool, SambaShare, SambaUser

import cdk8s
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import blog_stack_args, local_storage, new_chart, one, schema_errors, synth


def test_defaults() -> None:
    chart = new_chart()
    pool = MetalLbPool(chart, "pool", addresses=["192.168.0.200-192.168.0.220", "10.9.0.0/29"])
    objects = synth(chart)
    obj = one(objects, "IPAddressPool", "homemusic")
    assert obj["apiVersion"] == "metallb.io/v1beta1"
    assert obj["metadata"]["namespace"] == "metallb-system"  # not the chart's
    assert obj["spec"] == {
        "addresses": ["192.168.0.200-192.168.0.220", "10.9.0.0/29"],
        "autoAssign": False,
    }
    adv = one(objects, "L2Advertisement", "homemusic")
    assert adv["metadata"]["namespace"] == "metallb-system"
    assert adv["spec"] == {"ipAddressPools": ["homemusic"]}
    for o in objects:
        assert schema_errors(o) == []
    assert pool.contains("192.168.0.210")
    assert pool.contains("10.9.0.7")
    assert not pool.contains("192.168.0.221")
    assert not pool.contains("10.9.0.8")
    assert not pool.contains("fe80::1")


@pytest.mark.parametrize("auto_assign", [False, True])
def test_plain_objects_render_as_the_generated_bindings(auto_assign: bool) -> None:
    # MetalLbPool builds plain ApiObjects (no jsii assembly to load); the
    # bindings cdk8s import generated from the pinned CRDs are the reference
    import homemusic._bindings.metallb as mlb

    chart = new_chart()
    MetalLbPool(chart, "pool", addresses=["192.168.0.200/32"], auto_assign=auto_assign)
    reference = new_chart()
    metadata = cdk8s.ApiObjectMetadata(
        name="homemusic",
        namespace="metallb-system",
        labels={
            "app.kubernetes.io/name": "metallb-pool",
            "app.kubernetes.io/instance": "homemusic",
            "app.kubernetes.io/part-of": "homemusic",
            "app.kubernetes.io/managed-by": "cdk8s",
        },
    )
    mlb.IpAddressPool(
        reference,
        "pool",
        metadata=metadata,
        spec=mlb.IpAddressPoolSpec(addresses=["192.168.0.200/32"], auto_assign=auto_assign),
    )
    mlb.L2Advertisement(
        reference,
        "advertisement",
        metadata=metadata,
        spec=mlb.L2AdvertisementSpec(ip_address_pools=["homemusic"]),
    )
    assert cdk8s.Testing.synth(chart) == cdk8s.Testing.synth(reference)
    assert [o["kind"] for o in synth(chart)] == ["IPAddressPool", "L2Advertisement"]


def test_schema_check_catches_a_bad_pool() -> None:
    chart = new_chart()
    MetalLbPool(chart, "pool", addresses=["192.168.0.200/29"])
    obj = one(synth(chart), "IPAddressPool")
    obj["spec"]["autoAssign"] = "no"
    assert schema_errors(obj) != []


def test_samba_ip_must_lie_in_the_pool() -> None:
    chart = new_chart()
    pool = MetalLbPool(chart, "pool", addresses=["192.168.0.200-192.168.0.210"])
    args: dict[str, Any] = {
        "storage": local_storage(chart),
        "users": [SambaUser(name="me")],
        "lan_cidrs": ["192.168.0.0/24"],
        "address_pool": pool,
    }
    SambaShare(chart, "ok", load_balancer_ip="192.168.0.205", name="ok", **args)
    with pytest.raises(HomeMusicError) as info:
        SambaShare(chart, "bad", load_balancer_ip="192.168.0.100", name="bad", **args)
    assert str(info.value) == (
        "SambaShare load_balancer_ip: got '192.168.0.100'; expected an address inside the "
        "MetalLB pool 'homemusic' ['192.168.0.200-192.168.0.210']"
    )


def test_stack_creates_the_pool() -> None:
    chart = HomeMusicChart(
        cdk8s.App(), "hm", **blog_stack_args(metallb_addresses=["192.168.0.192/27"])
    )
    objects = synth(chart)
    assert one(objects, "IPAddressPool", "homemusic")["spec"]["addresses"] == ["192.168.0.192/27"]
    assert chart.stack.samba.address_pool is chart.stack.address_pool
    with pytest.raises(HomeMusicError, match="expected an address inside the MetalLB pool"):
        HomeMusicChart(cdk8s.App(), "hm", **blog_stack_args(metallb_addresses=["10.0.0.0/24"]))


def test_snapshot(snapshot: SnapshotAssertion) -> None:
    chart = new_chart()
    MetalLbPool(chart, "pool", addresses=["192.168.0.200-192.168.0.220"], auto_assign=True)
    assert synth(chart) == snapshot


@pytest.mark.parametrize(
    ("addresses", "message"),
    [
        ([], "MetalLbPool addresses: got []; expected a non-empty list"),
        ("192.168.0.0/24", "MetalLbPool addresses: got '192.168.0.0/24'; expected a non-empty"),
        (["192.168.0.1/24"], "MetalLbPool addresses: got '192.168.0.1/24'; expected a CIDR"),
        (
            ["192.168.0.20-192.168.0.10"],
            "MetalLbPool addresses: got '192.168.0.20-192.168.0.10'; expected a CIDR",
        ),
        (["192.168.0.1-fe80::1"], "MetalLbPool addresses: got '192.168.0.1-fe80::1'; expected"),
        (["lots"], "MetalLbPool addresses: got 'lots'; expected a CIDR"),
    ],
)
def test_raises_on_bad_addresses(addresses: Any, message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        MetalLbPool(new_chart(), "pool", addresses=addresses)
    assert str(info.value).startswith(message)
