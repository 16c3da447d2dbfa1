"""MetalLbPool: the MetalLB address pool and L2 advertisement, for clusters without an add-on."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from constructs import Construct

from .._private import validation as v
from .._private.k8s import api_object, labels

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

API_VERSION = "metallb.io/v1beta1"
"""The version of MetalLB's pool and advertisement kinds (MetalLB 0.13+)."""

METALLB_PREFIX = "metallb.io"
"""The prefix of MetalLB's Service annotations since 0.14.9."""
METALLB_LEGACY_PREFIX = "metallb.universe.tf"
"""The prefix before 0.14.9 (still read, with a deprecation event, by later releases)."""


def _parse_range(argument: str, value: str) -> tuple[IpAddress, IpAddress]:
    allowed = "a CIDR such as '192.168.0.200/29' or a range such as '192.168.0.200-192.168.0.220'"
    if not isinstance(value, str):
        raise v.fail(argument, value, allowed)
    if "-" in value:
        start_text, _, end_text = value.partition("-")
        try:
            start = ipaddress.ip_address(start_text.strip())
            end = ipaddress.ip_address(end_text.strip())
        except ValueError:
            raise v.fail(argument, value, allowed) from None
        if start.version != end.version or int(start) > int(end):
            raise v.fail(argument, value, allowed + ", with the first address not after the last")
        return start, end
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise v.fail(argument, value, allowed + " (CIDR without host bits)") from None
    return network[0], network[-1]


class MetalLbPool(Construct):
    """A MetalLB ``IPAddressPool`` and its ``L2Advertisement`` (MetalLB 0.13+, CRDs v1beta1).

    microk8s' ``metallb`` add-on creates a pool itself; on k3s or kubeadm with a
    plain MetalLB install nothing does, and a LoadBalancer Service stays
    ``<pending>``. Pass the pool to :class:`SambaShare` (``address_pool``) or
    give :class:`HomeMusicStack` ``metallb_addresses``, and the Samba address is
    checked to lie inside it.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param addresses: the LAN addresses MetalLB may hand out: CIDRs or
        ``first-last`` ranges. Required.
    :param name: the pool and advertisement name. Default ``"homemusic"``.
    :param namespace: the namespace MetalLB runs in (its objects must live
        there). Default ``"metallb-system"``.
    :param auto_assign: let any LoadBalancer Service take addresses from this
        pool. Default ``False``: only Services that ask for an address of the
        pool get one, so other Services never take the Samba address.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        addresses: Sequence[str],
        name: str = "homemusic",
        namespace: str = "metallb-system",
        auto_assign: bool = False,
    ) -> None:
        super().__init__(scope, id)
        if isinstance(addresses, str) or not isinstance(addresses, Sequence) or not addresses:
            raise v.fail(
                "MetalLbPool addresses",
                addresses,
                "a non-empty list of CIDRs or ranges, e.g. ['192.168.0.200-192.168.0.220']",
            )
        self.ranges = tuple(_parse_range("MetalLbPool addresses", a) for a in addresses)
        v.labelled_name("MetalLbPool name", name)
        v.dns_label("MetalLbPool namespace", namespace)
        if not isinstance(auto_assign, bool):
            raise v.fail("MetalLbPool auto_assign", auto_assign, "True or False")
        self.name = name
        self.namespace = namespace
        self.addresses = tuple(addresses)
        self.auto_assign = auto_assign
        object_labels = labels("metallb-pool", name)
        # Plain ApiObjects, as the generated bindings (imports/io/metallb) would
        # render them: tests/test_metallb.py holds the two to the same YAML, and
        # the tests validate both kinds against the CRDs' schemas. Loading the
        # bindings' jsii assembly cost about 7% of a synth (CHANGELOG 0.3.0).
        self.pool = api_object(
            self,
            "pool",
            api_version=API_VERSION,
            kind="IPAddressPool",
            name=name,
            namespace=namespace,
            object_labels=object_labels,
            spec={"addresses": list(addresses), "autoAssign": auto_assign},
        )
        """The ``IPAddressPool``."""
        self.advertisement = api_object(
            self,
            "advertisement",
            api_version=API_VERSION,
            kind="L2Advertisement",
            name=name,
            namespace=namespace,
            object_labels=object_labels,
            spec={"ipAddressPools": [name]},
        )
        """The ``L2Advertisement`` that announces the pool on the LAN (layer 2)."""

    def contains(self, address: str) -> bool:
        """Whether ``address`` lies in one of the pool's ranges."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(
            int(start) <= int(ip) <= int(end)
            for start, end in self.ranges
            if start.version == ip.version
        )
