"""SambaShare: dperson/samba on the music volume, LAN-only, credentials from a Secret."""

from __future__ import annotations

import re
from typing import Any

from homemusic import SAMBA_IMAGE, HomeMusicError, SambaShare, SambaUser, Share

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import container, env_of, local_storage, new_chart, one, synth, wiring_problems

BuiltSamba = tuple[SambaShare, list[dict[str, Any]]]


def build(**overrides: Any) -> BuiltSamba:
    chart = new_chart()
    args: dict[str, Any] = {
        "storage": local_storage(chart),
        "users": [SambaUser(name="myuser")],
        "load_balancer_ip": "192.168.0.200",
        "lan_cidrs": ["192.168.0.0/24"],
    }
    args.update(overrides)
    samba = SambaShare(chart, "samba", **args)
    return samba, synth(chart)


@pytest.fixture(scope="module")
def default() -> BuiltSamba:
    """The construct with its defaults, synthesized once: these tests only read it."""
    return build()


def test_defaults(default: BuiltSamba) -> None:
    samba, objects = default
    deployment = one(objects, "Deployment", "samba")
    spec = deployment["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {"type": "Recreate"}
    c = container(deployment)
    assert c["image"] == SAMBA_IMAGE
    assert "@sha256:" in c["image"]
    assert {(p["name"], p["containerPort"]) for p in c["ports"]} == {("netbios", 139), ("smb", 445)}
    assert c["livenessProbe"]["tcpSocket"] == {"port": 445}
    assert c["readinessProbe"]["tcpSocket"] == {"port": 445}
    assert c["resources"]["limits"] == {"cpu": "250m", "memory": "500Mi"}
    assert c["resources"]["requests"] == {"cpu": "50m", "memory": "64Mi"}
    assert c["volumeMounts"] == [{"name": "music", "mountPath": "/music"}]
    volumes = spec["template"]["spec"]["volumes"]
    assert volumes == [{"name": "music", "persistentVolumeClaim": {"claimName": "homemusic-music"}}]
    assert samba.workgroup == "WORKGROUP"
    assert wiring_problems(objects) == []


def test_share_fields_are_all_explicit(default: BuiltSamba) -> None:
    _, objects = default
    env = env_of(one(objects, "Deployment", "samba"))
    # name;path;browseable;read-only;guest;users;admins: never the image's
    # defaults (read-only, guests allowed)
    assert env["SHARE"] == "music;/music;yes;no;no;myuser;none"
    assert env["WORKGROUP"] == "WORKGROUP"


def test_files_belong_to_airsonics_user_by_default(default: BuiltSamba) -> None:
    # smb.conf forces one Unix user for every Samba account; the entrypoint
    # renumbers it from USERID/GROUPID, which default to Airsonic's PUID/PGID
    samba, objects = default
    env = env_of(one(objects, "Deployment", "samba"))
    assert (env["USERID"], env["GROUPID"]) == ("1000", "1000")
    assert (samba.file_owner_uid, samba.file_owner_gid) == (1000, 1000)
    _, objects = build(file_owner_uid=1026, file_owner_gid=100)
    env = env_of(one(objects, "Deployment", "samba"))
    assert (env["USERID"], env["GROUPID"]) == ("1026", "100")


def test_passwords_come_from_the_secret_only() -> None:
    _, objects = build(
        users=[SambaUser(name="alice"), SambaUser(name="bob", password_key="bob-pw")],
        credentials_secret_name="smb-users",
    )
    env = env_of(one(objects, "Deployment", "samba"))
    assert env["SAMBA_PASSWORD_0"] == {
        "secretKeyRef": {"name": "smb-users", "key": "alice", "optional": False}
    }
    assert env["SAMBA_PASSWORD_1"] == {
        "secretKeyRef": {"name": "smb-users", "key": "bob-pw", "optional": False}
    }
    # composed with Kubernetes' $(VAR) expansion, which needs the password
    # variable defined earlier in the list
    names = [e["name"] for e in container(one(objects, "Deployment", "samba"))["env"]]
    assert names.index("SAMBA_PASSWORD_0") < names.index("USER")
    assert env["USER"] == "alice;$(SAMBA_PASSWORD_0)"
    assert env["USER2"] == "bob;$(SAMBA_PASSWORD_1)"
    # the entrypoint evaluates every variable matching ^(USER|SHARE|GLOBAL)[0-9=_]
    # as a command: only the intended ones may (USERID/GROUPID do not match)
    commands = {n for n in env if re.match(r"^(USER|SHARE|GLOBAL)([0-9_]|$)", n)}
    assert commands == {"USER", "USER2", "SHARE", "GLOBAL"}
    assert not [o for o in objects if o["kind"] == "Secret"]


def test_lan_only_service() -> None:
    _, objects = build(lan_cidrs=["192.168.0.0/24", "10.8.0.0/16"])
    service = one(objects, "Service", "samba")
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["spec"]["loadBalancerSourceRanges"] == ["192.168.0.0/24", "10.8.0.0/16"]
    assert service["spec"]["externalTrafficPolicy"] == "Local"
    assert "loadBalancerIP" not in service["spec"]
    annotations = service["metadata"]["annotations"]
    assert annotations["metallb.universe.tf/loadBalancerIPs"] == "192.168.0.200"
    assert annotations["metallb.io/loadBalancerIPs"] == "192.168.0.200"
    assert {(p["name"], p["port"]) for p in service["spec"]["ports"]} == {
        ("netbios", 139),
        ("smb", 445),
    }
    env = env_of(one(objects, "Deployment", "samba"))
    assert env["GLOBAL"] == "hosts allow = 192.168.0.0/24 10.8.0.0/16"


def test_security_context_runs_as_root_with_minimal_capabilities(
    default: BuiltSamba,
) -> None:
    _, objects = default
    deployment = one(objects, "Deployment", "samba")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["enableServiceLinks"] is False
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    sc = container(deployment)["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["privileged"] is False
    assert sc["runAsNonRoot"] is False  # smbd switches users: it must start as root
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert "NET_BIND_SERVICE" in sc["capabilities"]["add"]
    assert "SYS_ADMIN" not in sc["capabilities"]["add"]


def test_typed_shares() -> None:
    _, objects = build(
        users=[SambaUser(name="alice"), SambaUser(name="bob")],
        shares=[
            Share(name="music", users=("alice",)),
            Share(
                name="podcasts",
                path="/music/podcasts",
                read_only=True,
                browseable=False,
                comment="Podcasts",
            ),
        ],
    )
    env = env_of(one(objects, "Deployment", "samba"))
    assert env["SHARE"] == "music;/music;yes;no;no;alice;none"
    assert env["SHARE2"] == "podcasts;/music/podcasts;no;yes;no;alice,bob;none;;Podcasts"


def test_snapshot(snapshot: SnapshotAssertion, default: BuiltSamba) -> None:
    _, objects = default
    assert objects == snapshot


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"load_balancer_ip": "10.0.0.5"},
            "SambaShare load_balancer_ip: got '10.0.0.5'; expected an address inside lan_cidrs "
            "['192.168.0.0/24']",
        ),
        (
            {"load_balancer_ip": "192.168.0.300"},
            "SambaShare load_balancer_ip: got '192.168.0.300'; expected an IPv4 or IPv6 address",
        ),
        (
            {"lan_cidrs": ["192.168.0.1/24"]},
            "SambaShare lan_cidrs: got '192.168.0.1/24'; expected a network in CIDR notation "
            "with no host bits set, such as '192.168.0.0/24' (did you mean '192.168.0.0/24'?)",
        ),
        ({"lan_cidrs": []}, "SambaShare lan_cidrs: got []; expected a non-empty list of CIDRs"),
        (
            {"lan_cidrs": "192.168.0.0/24"},
            "SambaShare lan_cidrs: got '192.168.0.0/24'; expected a non-empty list of CIDRs",
        ),
        ({"users": []}, "SambaShare users: got []; expected a non-empty list of SambaUser"),
        (
            {"users": [SambaUser(name="a"), SambaUser(name="a")]},
            "SambaShare users: got 'a'; expected each name only once",
        ),
        (
            {"shares": [Share(name="music"), Share(name="Music")]},
            "SambaShare shares: got 'music'; expected each name only once",
        ),
        (
            {"shares": [Share(name="etc", path="/etc")]},
            "Share 'etc' path: got '/etc'; expected mount_path '/music' or a directory below it",
        ),
        (
            {"shares": [Share(name="music", users=("carol",))]},
            "Share 'music' users: got 'carol'; expected one of the SambaShare users ['myuser']",
        ),
        (
            {"workgroup": "MY WORKGROUP"},
            "SambaShare workgroup: got 'MY WORKGROUP'; expected a NetBIOS workgroup",
        ),
        (
            {"image": "dperson/samba"},
            "SambaShare image: got 'dperson/samba'; expected an image pinned by tag or digest",
        ),
        (
            {"image": "dperson/samba:latest"},
            "SambaShare image: got 'dperson/samba:latest'; expected an image pinned",
        ),
        (
            {"cpu_limit": "lots"},
            "SambaShare cpu_limit: got 'lots'; expected a positive Kubernetes quantity",
        ),
        ({"name": "2smb"}, "SambaShare name: got '2smb'; expected an RFC 1035 label"),
        (
            {"file_owner_uid": 0},
            "SambaShare file_owner_uid: got 0; expected an integer from 1 to 2147483647",
        ),
        (
            {"file_owner_gid": True},
            "SambaShare file_owner_gid: got True; expected an integer from 1 to 2147483647",
        ),
        (
            {"credentials_secret_name": "Samba_Creds"},
            "SambaShare credentials_secret_name: got 'Samba_Creds'; expected an RFC 1123 subdomain",
        ),
    ],
)
def test_raises_on_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        build(**overrides)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: SambaUser(name="my;user"),
            "SambaUser name: got 'my;user'; expected a Unix user name",
        ),
        (lambda: SambaUser(name='a"b'), "SambaUser name: got 'a\"b'; expected a Unix user name"),
        (lambda: SambaUser(name="$HOME"), "SambaUser name: got '$HOME'; expected a Unix user name"),
        (
            lambda: SambaUser(name="me", password_key="a/b"),
            "SambaUser password_key: got 'a/b'; expected a Secret key",
        ),
        (lambda: Share(name="mu;sic"), "Share name: got 'mu;sic'; expected a share name"),
        (lambda: Share(name="global"), "Share name: got 'global'; expected a share name"),
        (
            lambda: Share(name="music", path="/music;rm"),
            "Share path: got '/music;rm'; expected an absolute path",
        ),
        (
            lambda: Share(name="music", users="alice"),  # type: ignore[arg-type]
            "Share users: got 'alice'; expected a tuple of user names",
        ),
        (
            lambda: Share(name="music", comment='say "hi"'),
            "Share comment: got 'say \"hi\"'; expected non-empty text",
        ),
    ],
)
def test_raises_on_bad_user_or_share(call: object, message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(message)
