"""SambaShare: samba-server on the music volume, LAN-only, users from a Secret file."""

from __future__ import annotations

import io
import json
import zlib
from typing import Any

import homemusic.samba as samba_module
from homemusic import SAMBA_IMAGE, HomeMusicError, SambaShare, SambaUser, Share, samba_users
from homemusic.samba_users import users_file

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support import (
    container,
    env_of,
    find,
    local_storage,
    new_chart,
    one,
    schema_errors,
    synth,
    wiring_problems,
)

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


def config_of(objects: list[dict[str, Any]], name: str = "samba") -> dict[str, Any]:
    """The sambacc configuration in the ConfigMap."""
    data = one(objects, "ConfigMap", f"{name}-config")["data"]
    result: dict[str, Any] = json.loads(data["container.json"])
    return result


def test_defaults(default: BuiltSamba) -> None:
    samba, objects = default
    deployment = one(objects, "Deployment", "samba")
    spec = deployment["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {"type": "Recreate"}
    c = container(deployment)
    assert c["image"] == SAMBA_IMAGE == "quay.io/samba.org/samba-server:v0.9"
    assert c["imagePullPolicy"] == "Always"  # pinned by tag: re-verified on each start
    # the image's entrypoint (samba-container) runs these setup steps, then smbd
    assert "command" not in c
    assert c["args"] == ["run", "--setup=config", "--setup=users", "--setup=users_passdb", "smbd"]
    assert env_of(deployment) == {
        "SAMBACC_CONFIG": "/etc/samba-container/container.json:/etc/samba-users/users.json",
        "SAMBA_CONTAINER_ID": "samba",
    }
    assert [(p["name"], p["containerPort"]) for p in c["ports"]] == [("smb", 445)]
    assert c["livenessProbe"]["tcpSocket"] == {"port": 445}
    assert c["readinessProbe"]["tcpSocket"] == {"port": 445}
    assert c["resources"]["limits"] == {"cpu": "250m", "memory": "500Mi"}
    assert c["resources"]["requests"] == {"cpu": "50m", "memory": "64Mi"}
    # files belong to Navidrome's default user (0.4.0; 1000, Airsonic's, before)
    assert (samba.file_owner_uid, samba.file_owner_gid) == (10000, 10000)
    assert c["volumeMounts"] == [
        {"name": "music", "mountPath": "/music"},
        {"name": "config", "mountPath": "/etc/samba-container", "readOnly": True},
        {"name": "users", "mountPath": "/etc/samba-users", "readOnly": True},
    ]
    volumes = spec["template"]["spec"]["volumes"]
    assert volumes == [
        {"name": "music", "persistentVolumeClaim": {"claimName": "homemusic-music"}},
        {"name": "config", "configMap": {"name": "samba-config"}},
        {
            "name": "users",
            "secret": {
                "secretName": "samba-users",
                "items": [{"key": "users.json", "path": "users.json"}],
                "defaultMode": 0o400,
                "optional": False,
            },
        },
    ]
    # no share folder below the mount: nothing to create
    assert "initContainers" not in spec["template"]["spec"]
    assert samba.workgroup == "WORKGROUP"
    assert wiring_problems(objects) == []


def test_configuration_is_data_with_safe_protocol_defaults(default: BuiltSamba) -> None:
    samba, objects = default
    config = config_of(objects)
    assert config == samba.sambacc_config
    assert config["samba-container-config"] == "v0"
    assert config["configs"] == {"samba": {"globals": ["homemusic"], "shares": ["music"]}}
    options = config["globals"]["homemusic"]["options"]
    assert options["server min protocol"] == "SMB2_10"  # no SMB1
    assert options["server signing"] == "mandatory"
    assert (options["map to guest"], options["restrict anonymous"]) == ("Never", "2")
    assert (options["load printers"], options["disable spoolss"]) == ("no", "yes")
    assert (options["disable netbios"], options["smb ports"]) == ("yes", "445")
    assert options["hosts allow"] == "192.168.0.0/24"
    assert options["workgroup"] == "WORKGROUP"
    assert not any("vfs" in k or "recycle" in k for k in options)
    assert config["shares"] == {
        "music": {
            "options": {
                "path": "/music",
                "browseable": "yes",
                "read only": "no",
                "guest ok": "no",
                "valid users": "myuser",
                "force user": "myuser",
                "force group": "homemusic",
            }
        }
    }
    # no users and no passwords in the ConfigMap: they are in the Secret
    assert "users" not in config
    assert "password" not in json.dumps(config).lower()


def test_config_change_restarts_the_pod(default: BuiltSamba) -> None:
    _, objects = default
    template = one(objects, "Deployment", "samba")["spec"]["template"]
    text = one(objects, "ConfigMap", "samba-config")["data"]["container.json"]
    digest = f"{zlib.crc32(text.encode()):08x}"
    assert template["metadata"]["annotations"] == {"checksum/config": digest}
    _, other = build(workgroup="HOME")
    assert (
        one(other, "Deployment", "samba")["spec"]["template"]["metadata"]["annotations"]
        != (template["metadata"]["annotations"])
    )


def test_files_belong_to_the_file_owner() -> None:
    samba, objects = build(
        users=[SambaUser(name="alice"), SambaUser(name="bob")],
        file_owner_uid=1026,
        file_owner_gid=100,
    )
    assert (samba.file_owner_uid, samba.file_owner_gid) == (1026, 100)
    config = config_of(objects)
    assert config["groups"] == {"all_entries": [{"name": "homemusic", "gid": 100}]}
    share = config["shares"]["music"]["options"]
    # every account acts as the first user, who has the owner's UID (users.json)
    assert (share["force user"], share["force group"]) == ("alice", "homemusic")
    entries = users_file([("alice", "a"), ("bob", "b")], uid=1026, gid=100)["users"]
    assert [(e["name"], e["uid"], e["gid"]) for e in entries["all_entries"]] == [
        ("alice", 1026, 100),
        ("bob", 1027, 100),
    ]


def test_no_password_in_the_manifests() -> None:
    _, objects = build(users=[SambaUser(name="alice"), SambaUser(name="bob")])
    assert not [o for o in objects if o["kind"] == "Secret"]
    deployment = one(objects, "Deployment", "samba")
    for c in deployment["spec"]["template"]["spec"]["containers"]:
        assert not [e for e in c.get("env", []) if "valueFrom" in e]
    assert "samba-users" in repr(deployment)  # only the Secret's name


def test_lan_only_service() -> None:
    _, objects = build(lan_cidrs=["192.168.0.0/24", "10.8.0.0/16"])
    service = one(objects, "Service", "samba")
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["spec"]["loadBalancerSourceRanges"] == ["192.168.0.0/24", "10.8.0.0/16"]
    assert service["spec"]["externalTrafficPolicy"] == "Local"
    assert "loadBalancerIP" not in service["spec"]
    # MetalLB 0.14.9+ reads metallb.io/ and logs a deprecation event for the
    # old prefix: only the new one is written by default
    assert service["metadata"]["annotations"] == {"metallb.io/loadBalancerIPs": "192.168.0.200"}
    assert [(p["name"], p["port"]) for p in service["spec"]["ports"]] == [("smb", 445)]
    options = config_of(objects)["globals"]["homemusic"]["options"]
    assert options["hosts allow"] == "192.168.0.0/24 10.8.0.0/16"


def test_legacy_metallb_annotation_for_metallb_before_0_14_9() -> None:
    _, objects = build(metallb_legacy_annotation=True)
    service = one(objects, "Service", "samba")
    assert service["metadata"]["annotations"] == {
        "metallb.universe.tf/loadBalancerIPs": "192.168.0.200"
    }
    with pytest.raises(
        HomeMusicError, match="SambaShare metallb_legacy_annotation: got 'yes'; expected True or"
    ):
        build(metallb_legacy_annotation="yes")


def test_waivers_no_secret_in_env_and_no_tag_waiver_for_a_digest(default: BuiltSamba) -> None:
    samba, _ = default
    # dperson/samba needed CKV_K8S_35 (passwords in env): gone with the users file
    assert set(samba.checkov_waivers) == {
        "CKV_K8S_22",
        "CKV_K8S_23",
        "CKV_K8S_25",
        "CKV_K8S_40",
        "CKV_K8S_43",  # the default image is pinned by its release tag
    }
    digest = "quay.io/samba.org/samba-server@sha256:" + "0" * 64
    pinned, objects = build(image=digest)
    assert set(pinned.checkov_waivers) == {"CKV_K8S_22", "CKV_K8S_23", "CKV_K8S_25", "CKV_K8S_40"}
    assert container(one(objects, "Deployment", "samba"))["imagePullPolicy"] == "IfNotPresent"


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
    assert sc["capabilities"] == {
        "drop": ["ALL"],
        "add": ["NET_BIND_SERVICE", "SETGID", "SETUID"],
    }


def test_typed_shares_and_share_folders() -> None:
    samba, objects = build(
        users=[SambaUser(name="alice"), SambaUser(name="bob")],
        shares=[
            Share(name="music", users=("alice",)),
            Share(
                name="podcasts",
                path="/music/podcasts",
                read_only=True,
                browseable=False,
                comment="Podcasts, talks; and * more",
            ),
            Share(name="incoming", path="/music/in/coming", users=("bob",)),
        ],
        file_owner_uid=1026,
        file_owner_gid=100,
    )
    shares = config_of(objects)["shares"]
    assert shares["music"]["options"]["valid users"] == "alice"
    assert shares["podcasts"]["options"] == {
        "path": "/music/podcasts",
        "browseable": "no",
        "read only": "yes",
        "guest ok": "no",
        "valid users": "alice bob",
        "force user": "alice",
        "force group": "homemusic",
        "comment": "Podcasts, talks; and * more",
    }
    assert shares["incoming"]["options"]["valid users"] == "bob"
    assert config_of(objects)["configs"]["samba"]["shares"] == ["music", "podcasts", "incoming"]
    # the folders below the mount are made by the file owner, without a shell
    assert samba.share_folders == ("/music/in/coming", "/music/podcasts")
    init = one(objects, "Deployment", "samba")["spec"]["template"]["spec"]["initContainers"]
    assert len(init) == 1
    assert init[0]["command"] == ["mkdir", "-p", "--", "/music/in/coming", "/music/podcasts"]
    assert init[0]["image"] == SAMBA_IMAGE
    assert init[0]["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": 1026,
        "runAsGroup": 100,
        "capabilities": {"drop": ["ALL"]},
    }
    assert init[0]["volumeMounts"] == [{"name": "music", "mountPath": "/music"}]


def test_users_secret_command(capsys: pytest.CaptureFixture[str]) -> None:
    passwords = "s p\\a$c`e \"q' é \nsecond\n"
    rc = samba_users.main(
        [
            *("--namespace", "music", "--secret-name", "smb", "--uid", "1026", "--gid", "100"),
            *("--stdin", "alice", "bob"),
        ],
        stdin=io.StringIO(passwords),
    )
    assert rc == 0
    secret = json.loads(capsys.readouterr().out)
    assert secret["kind"] == "Secret"
    assert secret["metadata"]["name"] == "smb"
    assert secret["metadata"]["namespace"] == "music"
    # no label: the README's `kubectl apply --prune -l app.kubernetes.io/part-of=homemusic`
    # must never select (and delete) the Secret the user made
    assert secret["metadata"] == {"name": "smb", "namespace": "music"}
    assert list(secret["stringData"]) == [samba_module.USERS_KEY]
    users = json.loads(secret["stringData"][samba_module.USERS_KEY])
    assert users["users"]["all_entries"] == [
        {"name": "alice", "password": "s p\\a$c`e \"q' é ", "uid": 1026, "gid": 100},
        {"name": "bob", "password": "second", "uid": 1027, "gid": 100},
    ]


def test_users_secret_command_asks_twice(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["pw one", "pw one"])
    ids = ["--uid", "1000", "--gid", "1000"]
    assert samba_users.main([*ids, "me"], ask=lambda _prompt: next(answers)) == 0
    users = json.loads(json.loads(capsys.readouterr().out)["stringData"]["users.json"])
    assert users["users"]["all_entries"][0]["password"] == "pw one"
    answers = iter(["pw one", "pw two"])
    assert samba_users.main([*ids, "me"], ask=lambda _prompt: next(answers)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "the same password twice" in captured.err
    assert "pw one" not in captured.err


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["root"], "x\n", "USER: got 'root'; expected a name that is not a system account"),
        (["a;b"], "x\n", "USER: got 'a;b'; expected a Unix user name"),
        (["me", "me"], "x\ny\n", "USER: got 'me'; expected each name only once"),
        (["me"], "\n", "password of 'me': got '<hidden>'; expected a non-empty password"),
        (["me", "you"], "x\n", "--stdin: got '1 lines'; expected a line for 'you'"),
        (["--uid", "0", "me"], "x\n", "--uid: got 0; expected an integer from 1"),
        (["--namespace", "My NS", "me"], "x\n", "--namespace: got 'My NS'"),
    ],
)
def test_users_secret_command_refuses_bad_input(
    argv: list[str], stdin: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [] if "--uid" in argv else ["--uid", "1000"]
    args = ["--stdin", *ids, "--gid", "1000", *argv]
    assert samba_users.main(args, stdin=io.StringIO(stdin)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {message}")


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
            {"users_secret_name": "Samba_Users"},
            "SambaShare users_secret_name: got 'Samba_Users'; expected an RFC 1123 subdomain",
        ),
        (
            {"mount_path": "/etc"},
            "SambaShare mount_path: got '/etc'; expected a directory outside the image's system",
        ),
        (
            {"shares": ["music"]},
            "SambaShare shares: got 'music'; expected Share objects",
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
            lambda: SambaUser(name="root"),
            "SambaUser name: got 'root'; expected a name that is not a system account",
        ),
        (
            lambda: SambaUser(name="homemusic"),
            "SambaUser name: got 'homemusic'; expected a name that is not a system account",
        ),
        (
            lambda: Share(name="music", guest=True),
            "Share guest: got True; expected False: the server requires SMB signing",
        ),
        (
            lambda: Share(name="music", read_only="yes"),  # type: ignore[arg-type]
            "Share read_only: got 'yes'; expected True or False",
        ),
        (
            lambda: Share(name="music", comment="two\nlines"),
            "Share comment: got 'two\\nlines'; expected non-empty text of at most 256",
        ),
        (
            lambda: Share(name="music", comment="x" * 257),
            "Share comment: got 'xxx",
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
            lambda: Share(name="music", comment="   "),
            "Share comment: got '   '; expected non-empty",
        ),
    ],
)
def test_raises_on_bad_user_or_share(call: object, message: str) -> None:
    with pytest.raises(HomeMusicError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(message)


def test_netbios_name_is_short_and_from_the_name() -> None:
    samba, objects = build(name="homemusic-samba")
    assert samba.netbios_name == "homemusic-samba"
    options = config_of(objects, "homemusic-samba")["globals"]["homemusic"]["options"]
    assert options["netbios name"] == "homemusic-samba"
    samba, _ = build(name="a-rather-long-samba-name")
    assert samba.netbios_name == "a-rather-long-s"
    samba, _ = build(name="household-1234-x")  # cut at 15, no trailing hyphen
    assert samba.netbios_name == "household-1234"
    samba, _ = build(netbios_name="MUSIC")
    assert samba.netbios_name == "MUSIC"
    with pytest.raises(HomeMusicError, match="SambaShare netbios_name: got 'far-too-long-a-name'"):
        build(netbios_name="far-too-long-a-name")


def test_no_recycle_bin_by_default(default: BuiltSamba) -> None:
    samba, objects = default
    assert samba.recycle_days is None and samba.recycle_cleanup is None
    assert find(objects, "CronJob") == []
    for share in config_of(objects)["shares"].values():
        assert "vfs objects" not in share["options"]


def test_recycle_bin_on_writable_shares() -> None:
    samba, objects = build(
        shares=[Share(name="music"), Share(name="archive", path="/music/archive", read_only=True)],
        recycle_days=30,
    )
    shares = config_of(objects)["shares"]
    assert (
        shares["music"]["options"]
        | {
            "vfs objects": "recycle",
            "recycle:repository": ".recycle/%U",
            "recycle:keeptree": "yes",
            "recycle:versions": "yes",
            "recycle:touch_mtime": "yes",
            "hide dot files": "yes",
        }
        == shares["music"]["options"]
    )
    # a read-only share deletes nothing: no bin there
    assert "vfs objects" not in shares["archive"]["options"]
    assert samba.recycle_folders == ("/music/.recycle",)


def test_recycle_cleanup_cron_job() -> None:
    samba, objects = build(recycle_days=30, file_owner_uid=10000, file_owner_gid=10000)
    cron = one(objects, "CronJob", "samba-recycle")
    assert samba.recycle_cleanup is not None
    spec = cron["spec"]
    assert spec["schedule"] == "30 3 * * *"
    assert spec["concurrencyPolicy"] == "Forbid"
    pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"] == {
        "seccompProfile": {"type": "RuntimeDefault"},
        "runAsNonRoot": True,
        "runAsUser": 10000,
        "runAsGroup": 10000,
    }
    assert pod["volumes"] == [
        {"name": "music", "persistentVolumeClaim": {"claimName": "homemusic-music"}}
    ]
    [init] = pod["initContainers"]
    [cleanup] = pod["containers"]
    assert init["command"] == ["mkdir", "-p", "--", "/music/.recycle"]
    # no shell: find's own expression, the retention in minutes
    assert cleanup["command"] == [
        "find", "/music/.recycle", "-mindepth", "1",
        "(", "!", "-type", "d", "-mmin", f"+{30 * 1440}", "-delete", ")",
        "-o", "(", "-type", "d", "-empty", "-mmin", "+60", "-delete", ")",
    ]  # fmt: skip
    for c in (init, cleanup):
        assert c["image"] == SAMBA_IMAGE  # GNU findutils (samba-container v0.9)
        assert c["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "runAsUser": 10000,
            "runAsGroup": 10000,
            "capabilities": {"drop": ["ALL"]},
        }
        assert c["volumeMounts"] == [{"name": "music", "mountPath": "/music"}]
    # a high UID: only the release tag's waiver remains, as on the Deployment
    assert set(samba.recycle_cleanup_waivers) == {"CKV_K8S_43"}
    assert schema_errors(cron) == []
    # its pods are not Samba's: the Service never selects them
    service = one(objects, "Service", "samba")
    labels = spec["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    assert not set(service["spec"]["selector"].items()) <= set(labels.items())


def test_recycle_cleanup_waivers_follow_uid_and_image() -> None:
    samba, _ = build(recycle_days=7, file_owner_uid=1000, file_owner_gid=1000)
    assert set(samba.recycle_cleanup_waivers) == {"CKV_K8S_40", "CKV_K8S_43"}
    samba, _ = build(recycle_days=7)  # the default owner is 10000 since 0.4.0
    assert set(samba.recycle_cleanup_waivers) == {"CKV_K8S_43"}
    digest = "quay.io/samba.org/samba-server@sha256:" + "a" * 64
    samba, _ = build(recycle_days=7, image=digest, file_owner_uid=10000, file_owner_gid=10000)
    assert samba.recycle_cleanup_waivers == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"recycle_days": 0}, "SambaShare recycle_days: got 0; expected a number of days"),
        ({"recycle_days": "30"}, "SambaShare recycle_days: got '30'"),
        ({"recycle_days": True}, "SambaShare recycle_days: got True"),
        (
            {"recycle_days": 7, "recycle_cleanup_schedule": "daily"},
            "SambaShare recycle_cleanup_schedule: got 'daily'; expected a cron schedule",
        ),
        (
            {"recycle_days": 7, "recycle_cleanup_schedule": "* * * *"},
            "SambaShare recycle_cleanup_schedule: got",
        ),
        (
            {"recycle_days": 7, "name": "a" * 45},
            "SambaShare name: got 'aaaa.*'; expected at most 44 characters when recycle_days",
        ),
    ],
)
def test_refuses_bad_recycle_options(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(HomeMusicError, match=message):
        build(**overrides)
