"""SambaShare: the LAN file server on the music volume (dperson/samba)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from constructs import Construct

from . import validation as v
from ._k8s import (
    Json,
    api_object,
    claim_volume,
    labels,
    resources,
    root_init_security_context,
    selector,
    single_replica_deployment,
)
from .metallb import MetalLbPool
from .network import allow_ingress, checkov_annotations, cidr_peer, image_waivers, pull_policy
from .storage import MusicStorage

SAMBA_IMAGE = (
    "dperson/samba@sha256:66088b78a19810dd1457a8f39340e95e663c728083efa5fe7dc0d40b2478e869"
)
"""dperson/samba pinned by digest: the image publishes no version tags."""

NETBIOS_PORT = 139
SMB_PORT = 445

# What the entrypoint and smbd need while they run as root, and why. Once smbd
# switches to the forced file owner (see file_owner_uid) it holds no
# capabilities; everything not listed is dropped.
SAMBA_CAPABILITIES = (
    "CHOWN",  # usermod renumbers smbuser and re-owns its files; smbd sets owners as root
    "DAC_OVERRIDE",  # root creates share directories inside the music folder of file_owner_uid
    "FOWNER",  # smbd, as root, sets modes and times on files file_owner_uid owns
    "KILL",  # the parent smbd (root) signals children that run as the file owner
    "NET_BIND_SERVICE",  # bind ports 139 and 445 (below 1024)
    "SETGID",  # switch to the forced group
    "SETUID",  # switch to the forced user
)


SAMBA_CHECKOV_WAIVERS = {
    "CKV_K8S_22": "the entrypoint writes users and smb.conf under /etc at start",
    "CKV_K8S_23": "smbd must start as root to authenticate users and switch to the file owner",
    "CKV_K8S_25": "smbd needs the capabilities in SAMBA_CAPABILITIES, all others dropped",
    "CKV_K8S_35": "dperson/samba reads account passwords only from environment variables",
    "CKV_K8S_40": "smbd must start as root (UID 0) to switch users",
}
"""The checkov checks dperson/samba cannot pass, with the reason; nothing else is waived."""


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@dataclass(frozen=True)
class SambaUser:
    """A Samba account. Its password lives only in a Kubernetes Secret.

    :param name: the login name, a Unix user name.
    :param password_key: the key holding this user's password in the
        credentials Secret. Default: the user's name.

    Which Unix user owns the files a Samba user writes is not per user: the
    image forces one (see ``SambaShare(file_owner_uid=...)``).
    """

    name: str
    password_key: str | None = None

    def __post_init__(self) -> None:
        v.samba_user_name("SambaUser name", self.name)
        if self.password_key is not None:
            v.secret_key("SambaUser password_key", self.password_key)

    @property
    def secret_key(self) -> str:
        """The key of this user's password in the credentials Secret."""
        return self.password_key or self.name


@dataclass(frozen=True)
class Share:
    """One SMB share. Every field is written out, because the image's own
    defaults (read-only, guests allowed) are not what a home file server wants.

    :param name: the share name clients see (``\\\\<ip>\\<name>``).
    :param path: the directory inside the container; it must be the music
        mount path or below it, or files would land in the container and be lost.
        Default ``"/music"``.
    :param browseable: listed when browsing the server. Default ``True``.
    :param read_only: refuse writes. Default ``False``.
    :param guest: allow access without a password. Default ``False``.
    :param users: the users allowed in; an empty tuple means every
        :class:`SambaUser` of the SambaShare. Default ``()``.
    :param comment: a description shown by clients. Default none.
    """

    name: str
    path: str = "/music"
    browseable: bool = True
    read_only: bool = False
    guest: bool = False
    users: tuple[str, ...] = field(default_factory=tuple)
    comment: str | None = None

    def __post_init__(self) -> None:
        v.samba_share_name("Share name", self.name)
        v.absolute_path("Share path", self.path)
        if isinstance(self.users, str):
            raise v.fail("Share users", self.users, "a tuple of user names, e.g. ('myuser',)")
        for user in self.users:
            v.samba_user_name("Share users", user)
        if self.comment is not None and (
            not self.comment or any(c in self.comment for c in ';"$`\\\n')
        ):
            raise v.fail(
                "Share comment", self.comment, 'non-empty text without ; " $ ` \\ or newlines'
            )


class SambaShare(Construct):
    """The LAN file server: dperson/samba on the music volume, behind a MetalLB IP.

    One replica with the Recreate strategy (two smbd on one volume would fight
    over locks), ports 139 and 445, TCP probes, requests and limits, and a
    LoadBalancer Service on a fixed LAN address that only the LAN CIDRs may
    reach. User passwords are read from an existing Secret; nothing secret is
    ever synthesized.

    :param scope: parent construct.
    :param id: construct ID (does not affect object names).
    :param storage: the :class:`MusicStorage` whose music volume is shared. Required.
    :param users: the accounts, at least one. Required.
    :param load_balancer_ip: the fixed LAN address MetalLB gives the Service,
        inside ``lan_cidrs`` and inside the MetalLB pool. Required.
    :param lan_cidrs: the home networks allowed to reach the share, e.g.
        ``["192.168.0.0/24"]``. Required.
    :param shares: the shares. Default: one share named ``music`` at the mount
        path, read-write, for every user, no guests.
    :param credentials_secret_name: the Secret holding the passwords, one key per
        user (:attr:`SambaUser.secret_key`). Create it yourself (see README).
        Default ``"samba-credentials"``.
    :param workgroup: the NetBIOS workgroup. Default ``"WORKGROUP"``.
    :param mount_path: where the music volume is mounted. Default ``"/music"``.
    :param image: the container image. Default :data:`SAMBA_IMAGE` (pinned digest).
    :param name: the Deployment and Service name, also the ``app.kubernetes.io/instance``
        label. Default ``"samba"``.
    :param cpu_request / memory_request / cpu_limit / memory_limit: resources.
        Defaults ``"50m"``, ``"64Mi"``, ``"250m"``, ``"500Mi"`` (limits as in the blog).
    :param file_owner_uid: the Unix user that owns every file written over SMB.
        The image's smb.conf forces one user (``smbuser``) for all Samba
        accounts; its entrypoint renumbers it to this ID. Default ``1000``, the
        default ``puid`` of :class:`AirsonicApp`, so both apps share the files.
        The music directory on the host must be writable by it.
    :param file_owner_gid: the group of those files (the image's ``users``
        group, renumbered). Default ``1000`` (Airsonic's default ``pgid``).
    :param address_pool: the :class:`MetalLbPool` the address comes from, when
        this app creates one; ``load_balancer_ip`` must then lie inside it.
        Default none (the pool is managed elsewhere, e.g. by a microk8s add-on).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        storage: MusicStorage,
        users: Sequence[SambaUser],
        load_balancer_ip: str,
        lan_cidrs: Sequence[str],
        shares: Sequence[Share] | None = None,
        credentials_secret_name: str = "samba-credentials",
        workgroup: str = "WORKGROUP",
        mount_path: str = "/music",
        image: str = SAMBA_IMAGE,
        name: str = "samba",
        cpu_request: str = "50m",
        memory_request: str = "64Mi",
        cpu_limit: str = "250m",
        memory_limit: str = "500Mi",
        file_owner_uid: int = 1000,
        file_owner_gid: int = 1000,
        address_pool: MetalLbPool | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not isinstance(storage, MusicStorage):
            raise v.fail("SambaShare storage", storage, "a MusicStorage construct")
        if isinstance(users, SambaUser) or not users:
            raise v.fail("SambaShare users", users, "a non-empty list of SambaUser")
        for user in users:
            if not isinstance(user, SambaUser):
                raise v.fail("SambaShare users", user, "SambaUser objects")
        v.unique("SambaShare users", (u.name for u in users))
        v.unique("SambaShare users (password_key)", (u.secret_key for u in users))
        networks = v.cidrs("SambaShare lan_cidrs", lan_cidrs)
        v.ip_in_networks("SambaShare load_balancer_ip", load_balancer_ip, networks, "lan_cidrs")
        if address_pool is not None:
            if not isinstance(address_pool, MetalLbPool):
                raise v.fail("SambaShare address_pool", address_pool, "a MetalLbPool construct")
            if not address_pool.contains(load_balancer_ip):
                raise v.fail(
                    "SambaShare load_balancer_ip",
                    load_balancer_ip,
                    f"an address inside the MetalLB pool {address_pool.name!r} "
                    f"{list(address_pool.addresses)}",
                )
        v.unprivileged_id("SambaShare file_owner_uid", file_owner_uid)
        v.unprivileged_id("SambaShare file_owner_gid", file_owner_gid)
        v.dns_subdomain("SambaShare credentials_secret_name", credentials_secret_name)
        v.workgroup("SambaShare workgroup", workgroup)
        v.absolute_path("SambaShare mount_path", mount_path)
        v.image("SambaShare image", image)
        v.service_name("SambaShare name", name)
        for arg, qty in (
            ("cpu_request", cpu_request),
            ("memory_request", memory_request),
            ("cpu_limit", cpu_limit),
            ("memory_limit", memory_limit),
        ):
            v.quantity(f"SambaShare {arg}", qty)

        if shares is None:
            shares = (Share(name="music", path=mount_path),)
        if isinstance(shares, Share) or not shares:
            raise v.fail("SambaShare shares", shares, "a non-empty list of Share")
        user_names = [u.name for u in users]
        v.unique("SambaShare shares", (s.name.lower() for s in shares))
        for share in shares:
            if share.path != mount_path and not share.path.startswith(mount_path + "/"):
                raise v.fail(
                    f"Share {share.name!r} path",
                    share.path,
                    f"mount_path {mount_path!r} or a directory below it "
                    "(anything else is inside the container and lost on restart)",
                )
            for share_user in share.users:
                if share_user not in user_names:
                    raise v.fail(
                        f"Share {share.name!r} users",
                        share_user,
                        f"one of the SambaShare users {user_names}",
                    )

        self.name = name
        self.storage = storage
        self.users = tuple(users)
        self.shares = tuple(shares)
        self.load_balancer_ip = load_balancer_ip
        self.address_pool = address_pool
        self.file_owner_uid = file_owner_uid
        self.file_owner_gid = file_owner_gid
        self.lan_cidrs = tuple(str(n) for n in networks)
        self.credentials_secret_name = credentials_secret_name
        self.workgroup = workgroup
        self.mount_path = mount_path
        self.image = image
        self.pod_labels = labels("samba", name)
        self.selector = selector("samba", name)

        self.checkov_waivers = image_waivers(SAMBA_CHECKOV_WAIVERS, self.image)
        """The checkov checks waived on the Deployment, with reasons."""
        self.deployment = single_replica_deployment(
            self,
            name=name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            annotations=checkov_annotations(self.checkov_waivers),
            container=self._container(
                resources(
                    cpu_request=cpu_request,
                    memory_request=memory_request,
                    cpu_limit=cpu_limit,
                    memory_limit=memory_limit,
                )
            ),
            volumes=[claim_volume("music", storage.music.claim_name)],
        )

        lb_ip = str(v.ip_address("SambaShare load_balancer_ip", load_balancer_ip))
        self.service = api_object(
            self,
            "service",
            api_version="v1",
            kind="Service",
            name=name,
            object_labels=self.pod_labels,
            # MetalLB >= 0.13 reads the address from an annotation. 0.14.9
            # renamed the prefix to metallb.io and still honours the old
            # metallb.universe.tf one; releases before it (older microk8s
            # add-ons) read only the old one. Both carry the same address, so
            # every MetalLB from 0.13 on agrees. spec.loadBalancerIP is
            # deprecated since Kubernetes 1.24, and MetalLB rejects a Service
            # that sets it together with the annotation.
            annotations={
                "metallb.universe.tf/loadBalancerIPs": lb_ip,
                "metallb.io/loadBalancerIPs": lb_ip,
            },
            spec={
                "type": "LoadBalancer",
                "selector": dict(self.selector),
                # Only the LAN may connect (kube-proxy enforces this on the
                # LoadBalancer IP), and Local keeps the client's real address,
                # so Samba's own "hosts allow" sees who is calling.
                "loadBalancerSourceRanges": list(self.lan_cidrs),
                "externalTrafficPolicy": "Local",
                "ports": [
                    {
                        "name": "netbios",
                        "port": NETBIOS_PORT,
                        "targetPort": "netbios",
                        "protocol": "TCP",
                    },
                    {"name": "smb", "port": SMB_PORT, "targetPort": "smb", "protocol": "TCP"},
                ],
            },
        )

        # Only the LAN reaches smbd, also from inside the cluster's network.
        self.network_policy = allow_ingress(
            self,
            "network-policy",
            name=name,
            labels=self.pod_labels,
            pod_selector=self.selector,
            ports=(NETBIOS_PORT, SMB_PORT),
            sources=[cidr_peer(cidr) for cidr in self.lan_cidrs],
        )

    def _env(self) -> list[Json]:
        env: list[Json] = []
        # Each password comes from the Secret into its own variable, then the
        # image's USER<n> variable is composed with Kubernetes' $(VAR)
        # expansion. The password variables must not start with USER, SHARE
        # or GLOBAL: the entrypoint treats every such variable as a command.
        for index, user in enumerate(self.users):
            password_var = f"SAMBA_PASSWORD_{index}"
            env.append(
                {
                    "name": password_var,
                    "valueFrom": {
                        "secretKeyRef": {
                            "name": self.credentials_secret_name,
                            "key": user.secret_key,
                            "optional": False,
                        }
                    },
                }
            )
            fields = [user.name, f"$({password_var})"]
            env.append(
                {"name": "USER" if index == 0 else f"USER{index + 1}", "value": ";".join(fields)}
            )
        for index, share in enumerate(self.shares):
            allowed = ",".join(share.users) if share.users else ",".join(u.name for u in self.users)
            fields = [
                share.name,
                share.path,
                _yes_no(share.browseable),
                _yes_no(share.read_only),
                _yes_no(share.guest),
                allowed,
                "none",  # admins
                "",  # write list (only meaningful on read-only shares)
                share.comment or "",
            ]
            env.append(
                {
                    "name": "SHARE" if index == 0 else f"SHARE{index + 1}",
                    "value": ";".join(fields).rstrip(";"),
                }
            )
        env.append({"name": "WORKGROUP", "value": self.workgroup})
        # smb.conf forces every file operation to the user smbuser and the
        # group users; the entrypoint renumbers both to these IDs.
        env.append({"name": "USERID", "value": str(self.file_owner_uid)})
        env.append({"name": "GROUPID", "value": str(self.file_owner_gid)})
        # Samba's own access list matches the Service's source ranges: with
        # "hosts allow" set, smbd refuses every other client address.
        env.append({"name": "GLOBAL", "value": "hosts allow = " + " ".join(self.lan_cidrs)})
        return env

    def _container(self, container_resources: Json) -> Json:
        probe_port = {"port": SMB_PORT}
        return {
            "name": "samba",
            "image": self.image,
            "imagePullPolicy": pull_policy(self.image),
            "env": self._env(),
            "ports": [
                {"name": "netbios", "containerPort": NETBIOS_PORT, "protocol": "TCP"},
                {"name": "smb", "containerPort": SMB_PORT, "protocol": "TCP"},
            ],
            "resources": container_resources,
            "livenessProbe": {
                "tcpSocket": probe_port,
                "initialDelaySeconds": 10,
                "periodSeconds": 30,
                "timeoutSeconds": 5,
                "failureThreshold": 3,
            },
            "readinessProbe": {
                "tcpSocket": probe_port,
                "initialDelaySeconds": 5,
                "periodSeconds": 10,
                "timeoutSeconds": 3,
                "failureThreshold": 3,
            },
            # smbd must start as root: its entrypoint creates the Unix users and
            # writes smb.conf, and smbd binds 139/445 and then switches to the
            # forced file owner (see SAMBA_CAPABILITIES).
            "securityContext": root_init_security_context(SAMBA_CAPABILITIES),
            "volumeMounts": [{"name": "music", "mountPath": self.mount_path}],
        }
