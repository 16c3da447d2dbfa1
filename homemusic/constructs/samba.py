"""SambaShare: the LAN file server on the music volume (the Samba team's samba-server image).

The image's entrypoint is ``samba-container`` from sambacc. It reads its
configuration as JSON data (``SAMBACC_CONFIG``, a ``:``-separated list of
files), writes the users into ``/etc/passwd``, ``/etc/group`` and Samba's
passdb, imports the shares and options into Samba's registry, then runs smbd in
the foreground. Nothing is passed through a shell: every value reaches Samba as
data. (Checked in sambacc 0.9's source and by running it in the live tests,
``tests/test_samba_live.py``.)
"""

from __future__ import annotations

import ipaddress
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cdk8s
from constructs import Construct

from .._private import validation as v
from .._private.compat import refuses_removed
from .._private.k8s import (
    Json,
    api_object,
    claim_volume,
    job_pod_spec,
    labels,
    non_root_security_context,
    resources,
    resources_of,
    root_init_security_context,
    selector,
    single_replica_deployment,
)
from .._private.network import (
    HIGH_UID,
    allow_ingress,
    checkov_annotations,
    cidr_peer,
    image_waivers,
    pull_policy,
)
from .._private.options import init_from
from .._private.secret_keys import SAMBA_USERS_KEY
from .metallb import METALLB_LEGACY_PREFIX, METALLB_PREFIX, MetalLbPool
from .storage import MusicStorage

SAMBA_IMAGE = "quay.io/samba.org/samba-server:v0.9"
"""The Samba team's server image, release v0.9 (Fedora 44, Samba 4.24.3, sambacc 0.9).

Pinned by its release tag: the release notes publish a digest for it, which
could not be read from this project's build machines; pass
``image="quay.io/samba.org/samba-server@sha256:..."`` to pin the digest.
"""

SAMBACC_VERSION = "0.9"
"""The sambacc release inside :data:`SAMBA_IMAGE` (the live tests run this one from PyPI)."""

SMB_PORT = 445

CONFIG_DIR = "/etc/samba-container"
"""Where the ConfigMap with ``container.json`` is mounted."""
USERS_DIR = "/etc/samba-users"
"""Where the users Secret's ``users.json`` is mounted."""
USERS_KEY = SAMBA_USERS_KEY
"""The key of the users file in the users Secret."""
RECYCLE_DIR = ".recycle"
"""The recycle bin's folder in each writable share (one subfolder per user), when it is on."""
RECYCLE_CLEANUP_SUFFIX = "-recycle"
"""The clean-up CronJob is named ``<SambaShare name>-recycle``."""
RECYCLE_LOW_UID_WAIVER = (
    "runs as the file owner, whose UID is below 10000, to delete its files; "
    "give the files a UID of 10000 or more to drop this waiver"
)
RECYCLE_CLEANUP_SCHEDULE = "30 3 * * *"
"""When the recycle bin is emptied of what is older than its retention: daily at 03:30."""
FILE_GROUP = v.SAMBA_FILE_GROUP
"""The Unix group (numbered ``file_owner_gid``) every file written over SMB gets."""

# The setup steps samba-container runs before smbd, in this order: Samba's
# registry from container.json, the users into /etc/passwd and /etc/group, then
# their passwords into Samba's passdb. (Its default steps add "smb_ctdb" and
# "nsswitch", which only matter for clustering and domain members.)
SAMBA_ARGS = ("run", "--setup=config", "--setup=users", "--setup=users_passdb", "smbd")

# What smbd needs while it runs as root, measured by the live test
# (tests/test_samba_live.py runs samba-container with exactly this bounding set,
# and once without each of them). Everything else is dropped.
SAMBA_CAPABILITIES = (
    "NET_BIND_SERVICE",  # without it smbd cannot bind port 445 and no client connects
    "SETGID",  # without it smbd panics when it switches to a user's groups
    "SETUID",  # without it smbd panics when it switches to a user
)

SAMBA_CHECKOV_WAIVERS = {
    "CKV_K8S_22": "samba-container writes the users into /etc/passwd and /etc/group at start",
    "CKV_K8S_23": "smbd starts as root and switches to the logged-in user per connection",
    "CKV_K8S_25": "smbd needs the capabilities in SAMBA_CAPABILITIES, all others dropped",
    "CKV_K8S_40": "smbd starts as root (UID 0) and switches to the logged-in user",
}
"""The checkov checks samba-server cannot pass, with the reason; nothing else is waived."""


@dataclass(frozen=True)
class SambaUser:
    """A Samba account. Its password lives only in the users Secret.

    :param name: the login name, also the Unix user name inside the container:
        1 to 32 characters, lower-case letters, digits, ``_``, ``.`` and ``-``,
        starting with a letter or ``_``; not a system account of the image
        (``root``, ``nobody``, ...).

    Every account acts on the files as the SambaShare's file owner: the first
    user of the SambaShare has the owner's UID (``file_owner_uid``) in the
    users Secret, the others the UIDs after it, and every share forces that
    first user and the file group (see ``python -m homemusic.samba_users``).
    """

    name: str

    def __post_init__(self) -> None:
        v.samba_user_name("SambaUser name", self.name)


# Refuse 0.1.0's password_key with its replacement (the dataclass's own __init__ stays).
setattr(SambaUser, "__init__", refuses_removed("SambaUser")(SambaUser.__init__))  # noqa: B010


@dataclass(frozen=True)
class Share:
    """One SMB share. Every Samba option is written out by the library.

    :param name: the share name clients see (``\\\\<ip>\\<name>``).
    :param path: the directory inside the container; it must be the music
        mount path or below it, or files would land in the container and be
        lost. A folder below the mount is created at start, owned by the file
        owner. Default ``"/music"``.
    :param browseable: listed when browsing the server. Default ``True``.
    :param read_only: refuse writes. Default ``False``.
    :param guest: allow access without a password. Default ``False``; ``True``
        is refused: the server requires SMB signing, which a guest session
        cannot do (Windows 11 24H2 and macOS refuse unsigned guest access too).
    :param users: the users allowed in; an empty tuple means every
        :class:`SambaUser` of the SambaShare. Default ``()``.
    :param comment: a description shown by clients, at most 256 characters
        without control characters. Default none.
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
        for flag in ("browseable", "read_only", "guest"):
            if not isinstance(getattr(self, flag), bool):
                raise v.fail(f"Share {flag}", getattr(self, flag), "True or False")
        if self.guest:
            raise v.fail(
                "Share guest",
                self.guest,
                "False: the server requires SMB signing, which guest sessions cannot do "
                "(Windows 11 24H2 and macOS refuse unsigned guest access as well); give "
                "the people who need the share a SambaUser, with read_only=True if they "
                "should only read",
            )
        if isinstance(self.users, str) or not isinstance(self.users, tuple | list):
            raise v.fail("Share users", self.users, "a tuple of user names, e.g. ('myuser',)")
        for user in self.users:
            v.samba_user_name("Share users", user)
        if self.comment is not None and (
            not isinstance(self.comment, str)
            or not self.comment.strip()
            or len(self.comment) > 256
            or any(ord(c) < 32 or ord(c) == 127 for c in self.comment)
        ):
            raise v.fail(
                "Share comment",
                self.comment,
                "non-empty text of at most 256 characters without control characters "
                "(tabs, newlines)",
            )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# vfs_recycle (Samba's vfs_recycle(8)): a file deleted over SMB moves into the
# share's .recycle/<user> (%U: the name the user logged in with), with its
# folder tree and numbered versions, and its mtime set to the time of deletion,
# which the clean-up's age test reads. A file deleted inside the bin is deleted
# for real. The dot folder is marked hidden (hide dot files), so Explorer and
# Finder do not list it; Navidrome (scanner/walk_dir_tree.go, 0.63.2) and
# Airsonic (MediaFileService.isExcluded, 10.6.2) skip dot folders when scanning.
_RECYCLE_OPTIONS = {
    "vfs objects": "recycle",
    "recycle:repository": f"{RECYCLE_DIR}/%U",
    "recycle:keeptree": "yes",
    "recycle:versions": "yes",
    "recycle:touch_mtime": "yes",
    "recycle:directory_mode": "0750",
    "hide dot files": "yes",
}


@dataclass(frozen=True, kw_only=True)
class SambaShareProps:
    """:class:`SambaShare`'s arguments, checked when made (``SambaShare lan_cidrs``, ...).

    :param storage: the :class:`MusicStorage` whose music volume is shared. Required.
    :param users: the accounts, at least one. Required.
    :param load_balancer_ip: the fixed LAN address MetalLB gives the Service,
        inside ``lan_cidrs`` and inside the MetalLB pool. Required.
    :param lan_cidrs: the home networks allowed to reach the share, e.g.
        ``["192.168.0.0/24"]``. Required.
    :param shares: the shares. Default: one share named ``music`` at the mount
        path, read-write, for every user.
    :param users_secret_name: the Secret holding ``users.json``: every user's
        name and password, in the order of ``users``, with ``uid``
        ``file_owner_uid`` + position and ``gid`` ``file_owner_gid``. Create it
        yourself, e.g. with ``python -m homemusic.samba_users`` (see
        ``docs/credentials.md``). Default ``"samba-users"``.
    :param workgroup: the workgroup name. Default ``"WORKGROUP"``.
    :param mount_path: where the music volume is mounted. Default ``"/music"``.
    :param image: the container image. Default :data:`SAMBA_IMAGE`.
    :param name: the Deployment and Service name, also the ``app.kubernetes.io/instance``
        label. Default ``"samba"``.
    :param cpu_request: the container's CPU request. Default ``"50m"``.
    :param memory_request: its memory request. Default ``"64Mi"``.
    :param cpu_limit: its CPU limit. Default ``"250m"`` (as in the blog).
    :param memory_limit: its memory limit. Default ``"500Mi"`` (as in the blog).
    :param file_owner_uid: the Unix user that owns every file written over SMB:
        every Samba account acts as this user (the first user's UID). Default
        ``10000``, the default ``puid`` of :class:`NavidromeApp`, so both apps
        share the files (until 0.4.0 it was ``1000``, :class:`AirsonicApp`'s;
        beside Airsonic pass its ``puid``). The music directory on the host
        must be writable by it.
    :param file_owner_gid: the group of those files (named ``homemusic`` in
        the container). Default ``10000`` (Navidrome's default ``pgid``; until
        0.4.0 ``1000``).
    :param address_pool: the :class:`MetalLbPool` the address comes from, when
        this app creates one; ``load_balancer_ip`` must then lie inside it.
        Default none (the pool is managed elsewhere, e.g. by a microk8s add-on).
    :param metallb_legacy_annotation: ask MetalLB for the address with the
        ``metallb.universe.tf/loadBalancerIPs`` annotation instead of
        ``metallb.io/loadBalancerIPs``. Default ``False``: MetalLB 0.14.9 and
        later read ``metallb.io/`` (microk8s 1.33's add-on ships 0.14.9, 1.34
        and 1.35's 0.15.2; Helm and manifest installs for k3s and kubeadm are
        0.15 or 0.16) and log a ``deprecatedAnnotation`` event for the old
        prefix on every update. Set it for an older MetalLB, which reads only
        the old prefix: microk8s 1.28 to 1.32's add-on ships 0.13.3.
    :param netbios_name: the server name Samba announces (``netbios name``),
        at most 15 letters, digits and hyphens. Default: ``name``, cut to 15
        characters. (Samba otherwise takes the pod's host name, which is longer
        than 15 characters for every Deployment pod, and testparm warns.)
    :param recycle_days: keep files deleted over SMB this many days (1 to
        3650) in each writable share's hidden ``.recycle/<user>`` folder, then
        remove them. Default none: no recycle bin, a deleted file is gone.
    :param recycle_cleanup_schedule: when the clean-up CronJob runs, a cron
        expression. Default ``"30 3 * * *"`` (daily, 03:30 in the cluster's
        time zone).
    :param allow_wide_lan_cidrs: accept ``lan_cidrs`` outside the private,
        link-local and unique-local ranges (e.g. ``"0.0.0.0/0"``, a public
        range, a CGNAT VPN range). Default ``False``: such a CIDR puts SMB in
        front of every address that can route to the cluster, so it is refused.
    """

    storage: MusicStorage
    users: Sequence[SambaUser]
    load_balancer_ip: str
    lan_cidrs: Sequence[str]
    shares: Sequence[Share] | None = None
    users_secret_name: str = "samba-users"
    workgroup: str = "WORKGROUP"
    mount_path: str = "/music"
    image: str = SAMBA_IMAGE
    name: str = "samba"
    cpu_request: str = "50m"
    memory_request: str = "64Mi"
    cpu_limit: str = "250m"
    memory_limit: str = "500Mi"
    file_owner_uid: int = HIGH_UID
    file_owner_gid: int = HIGH_UID
    address_pool: MetalLbPool | None = None
    allow_wide_lan_cidrs: bool = False
    metallb_legacy_annotation: bool = False
    netbios_name: str | None = None
    recycle_days: int | None = None
    recycle_cleanup_schedule: str = RECYCLE_CLEANUP_SCHEDULE

    def __post_init__(self) -> None:
        o = "SambaShare"
        if not isinstance(self.storage, MusicStorage):
            raise v.fail(f"{o} storage", self.storage, "a MusicStorage construct")
        users = self.users
        if isinstance(users, SambaUser) or not users:
            raise v.fail(f"{o} users", users, "a non-empty list of SambaUser")
        for user in users:
            if not isinstance(user, SambaUser):
                raise v.fail(f"{o} users", user, "SambaUser objects")
        v.unique(f"{o} users", (u.name for u in users))
        self._check_network()
        v.unprivileged_id(f"{o} file_owner_uid", self.file_owner_uid)
        v.unprivileged_id(f"{o} file_owner_gid", self.file_owner_gid)
        v.dns_subdomain(f"{o} users_secret_name", self.users_secret_name)
        v.workgroup(f"{o} workgroup", self.workgroup)
        mount_path = self.mount_path
        v.absolute_path(f"{o} mount_path", mount_path)
        if mount_path == "/" or mount_path.split("/")[1] in _SYSTEM_DIRS:
            raise v.fail(
                f"{o} mount_path",
                mount_path,
                f"a directory outside the image's system directories {sorted(_SYSTEM_DIRS)}",
            )
        v.image(f"{o} image", self.image)
        v.service_name(f"{o} name", self.name)
        v.netbios_name(f"{o} netbios_name", self.server_name)
        if self.recycle_days is not None:
            v.integer(
                f"{o} recycle_days", self.recycle_days, 1, 3650, "a number of days from 1 to 3650"
            )
        v.cron_schedule(f"{o} recycle_cleanup_schedule", self.recycle_cleanup_schedule)
        v.resource_arguments(
            o,
            cpu_request=self.cpu_request,
            memory_request=self.memory_request,
            cpu_limit=self.cpu_limit,
            memory_limit=self.memory_limit,
        )
        self._check_shares()

    def _check_network(self) -> None:
        o = "SambaShare"
        networks = self.networks
        if not isinstance(self.allow_wide_lan_cidrs, bool):
            raise v.fail(f"{o} allow_wide_lan_cidrs", self.allow_wide_lan_cidrs, "True or False")
        v.home_networks(
            f"{o} lan_cidrs", networks, "allow_wide_lan_cidrs", self.allow_wide_lan_cidrs
        )
        v.ip_in_networks(f"{o} load_balancer_ip", self.load_balancer_ip, networks, "lan_cidrs")
        pool = self.address_pool
        if pool is not None:
            if not isinstance(pool, MetalLbPool):
                raise v.fail(f"{o} address_pool", pool, "a MetalLbPool construct")
            if not pool.contains(self.load_balancer_ip):
                raise v.fail(
                    f"{o} load_balancer_ip",
                    self.load_balancer_ip,
                    f"an address inside the MetalLB pool {pool.name!r} {list(pool.addresses)}",
                )
        if not isinstance(self.metallb_legacy_annotation, bool):
            raise v.fail(
                f"{o} metallb_legacy_annotation", self.metallb_legacy_annotation, "True or False"
            )

    def _check_shares(self) -> None:
        shares = self.shares
        if shares is not None and (isinstance(shares, Share) or not shares):
            raise v.fail("SambaShare shares", shares, "a non-empty list of Share")
        for share in self.all_shares:
            if not isinstance(share, Share):
                raise v.fail("SambaShare shares", share, "Share objects")
        user_names = [u.name for u in self.users]
        v.unique("SambaShare shares", (s.name.lower() for s in self.all_shares))
        mount_path = self.mount_path
        for share in self.all_shares:
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

    @property
    def networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """``lan_cidrs`` parsed."""
        return v.cidrs("SambaShare lan_cidrs", self.lan_cidrs)

    @property
    def all_shares(self) -> tuple[Share, ...]:
        """``shares``, or one share ``music`` at the mount path for every user."""
        if self.shares is None:
            return (Share(name="music", path=self.mount_path),)
        return tuple(self.shares)

    @property
    def server_name(self) -> str:
        """``netbios_name``, or ``name`` cut to 15 characters."""
        return self.netbios_name if self.netbios_name is not None else self.name[:15].rstrip("-")


class SambaShare(Construct):
    """The LAN file server: samba-server on the music volume, behind a MetalLB IP.

    One replica with the Recreate strategy (two smbd on one volume would fight
    over locks), port 445 only (SMB over TCP; NetBIOS is off), TCP probes,
    requests and limits, and a LoadBalancer Service on a fixed LAN address that
    only the LAN CIDRs may reach.

    The Samba configuration is a ConfigMap (``<name>-config``, key
    ``container.json``) that sambacc reads; the users and their passwords are a
    file ``users.json`` in a Secret you create (``users_secret_name``), for
    example with ``python -m homemusic.samba_users``. Nothing secret is ever
    synthesized, and nothing passes through a shell.

    Protocol defaults, on purpose: SMB 2.1 or newer (SMB1 off), signing
    required (Windows 11 24H2 requires it as a client, and it stops a LAN
    machine from tampering with a session), no guest access (``map to guest =
    Never``, ``restrict anonymous = 2``), no printers, no NetBIOS, no vfs
    modules (no ``vfs_fruit``; no recycle bin unless ``recycle_days`` is set:
    a deleted file frees its space), ``hosts allow`` = ``lan_cidrs``.

    The recycle bin, on request (``recycle_days``): Samba's ``vfs_recycle``
    moves a file deleted over SMB into ``.recycle/<user>/`` at the top of its
    share, with its folders (``keeptree``) and earlier versions kept
    (``versions``), owned like every other file and dated at deletion
    (``touch_mtime``). Samba marks the dot folder hidden, so Explorer and
    Finder do not list it, and both music servers skip dot folders when they
    scan. A CronJob (``<name>-recycle-cleanup``, as the file owner, read-only
    root, no capabilities, no shell) removes recycled files older than
    ``recycle_days`` days and the empty folders they leave.

    Takes ``scope``, ``id`` and the keyword arguments of :class:`SambaShareProps`,
    each documented there.
    """

    @refuses_removed("SambaShare")
    @init_from(SambaShareProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = SambaShareProps(**arguments)
        """The validated arguments."""
        name, storage = p.name, p.storage
        self.name = name
        self.storage = storage
        self.users = tuple(p.users)
        self.shares = p.all_shares
        self.load_balancer_ip = p.load_balancer_ip
        self.address_pool = p.address_pool
        self.file_owner_uid = p.file_owner_uid
        self.file_owner_gid = p.file_owner_gid
        self.lan_cidrs = tuple(str(n) for n in p.networks)
        self.users_secret_name = p.users_secret_name
        self.workgroup = p.workgroup
        self.mount_path = p.mount_path
        self.image = p.image
        self.netbios_name = p.server_name
        self.recycle_days = p.recycle_days
        """Days a deleted file stays in the recycle bin; ``None``: no recycle bin."""
        self.pod_labels = labels("samba", name)
        self.selector = selector("samba", name)
        self.instance_id = name
        """The sambacc configuration ID (``SAMBA_CONTAINER_ID``)."""
        self.share_folders = tuple(sorted({s.path for s in self.shares if s.path != p.mount_path}))
        """Share folders below the mount, created at start by the file owner."""
        self.recycle_folders = (
            tuple(sorted({f"{s.path}/{RECYCLE_DIR}" for s in self.shares if not s.read_only}))
            if p.recycle_days is not None
            else ()
        )
        """The recycle bins (one per writable share); empty when the bin is off."""

        self.sambacc_config = self._sambacc_config()
        """``container.json``: the sambacc configuration (no users, no passwords)."""
        config_text = json.dumps(self.sambacc_config, indent=2, sort_keys=True) + "\n"
        self.config_map = api_object(
            self,
            "config",
            api_version="v1",
            kind="ConfigMap",
            name=f"{name}-config",
            object_labels=self.pod_labels,
            data={"container.json": config_text},
        )
        """The ConfigMap ``<name>-config`` holding ``container.json``."""
        self.checkov_waivers = image_waivers(SAMBA_CHECKOV_WAIVERS, self.image)
        """The checkov checks waived on the Deployment, with reasons."""
        self.deployment = self._deployment(config_text)
        self.service = self._service()
        # Only the LAN reaches smbd, also from inside the cluster's network.
        self.network_policy = allow_ingress(
            self,
            "network-policy",
            name=name,
            labels=self.pod_labels,
            pod_selector=self.selector,
            ports=(SMB_PORT,),
            sources=[cidr_peer(cidr) for cidr in self.lan_cidrs],
        )
        self.recycle_cleanup = (
            self._recycle_cleanup(name, storage, p.recycle_cleanup_schedule)
            if p.recycle_days is not None
            else None
        )
        """The CronJob that empties the recycle bin of old files; ``None`` when it is off."""

    def _deployment(self, config_text: str) -> cdk8s.ApiObject:
        p = self.props
        return single_replica_deployment(
            self,
            name=self.name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            annotations=checkov_annotations(self.checkov_waivers),
            # sambacc reads the configuration only at start: a changed
            # ConfigMap changes this annotation (a CRC-32 of the file: it only
            # has to change when the file does), which restarts the pod.
            pod_annotations={"checksum/config": f"{zlib.crc32(config_text.encode()):08x}"},
            init_containers=[self._share_folders_container()] if self.share_folders else [],
            placement=self.storage.placement(self.storage.music),
            container=self._container(resources_of(p)),
            volumes=[
                claim_volume("music", self.storage.music.claim_name),
                {"name": "config", "configMap": {"name": f"{self.name}-config"}},
                {
                    "name": "users",
                    "secret": {
                        "secretName": self.users_secret_name,
                        "items": [{"key": USERS_KEY, "path": USERS_KEY}],
                        "defaultMode": 0o400,
                        "optional": False,
                    },
                },
            ],
        )

    def _service(self) -> cdk8s.ApiObject:
        lb_ip = str(v.ip_address("SambaShare load_balancer_ip", self.load_balancer_ip))
        # MetalLB >= 0.13 reads the address from an annotation. 0.14.9 renamed
        # the prefix to metallb.io; it still honours the old metallb.universe.tf
        # one but records a deprecatedAnnotation event each time it handles the
        # Service. Releases before it read only the old prefix. Every MetalLB of
        # the README's clusters (microk8s 1.33+ add-ons: 0.14.9 and 0.15.2; Helm
        # installs: 0.15+) reads the new one, so only it is written; microk8s
        # 1.28-1.32 (0.13.3) users ask for the old one (metallb_legacy_annotation).
        # spec.loadBalancerIP is deprecated since Kubernetes 1.24, and MetalLB
        # rejects a Service that sets it with the annotation.
        prefix = METALLB_LEGACY_PREFIX if self.props.metallb_legacy_annotation else METALLB_PREFIX
        return api_object(
            self,
            "service",
            api_version="v1",
            kind="Service",
            name=self.name,
            object_labels=self.pod_labels,
            annotations={f"{prefix}/loadBalancerIPs": lb_ip},
            spec={
                "type": "LoadBalancer",
                "selector": dict(self.selector),
                # Only the LAN may connect (kube-proxy enforces this on the
                # LoadBalancer IP), and Local keeps the client's real address,
                # so Samba's own "hosts allow" sees who is calling.
                "loadBalancerSourceRanges": list(self.lan_cidrs),
                "externalTrafficPolicy": "Local",
                "ports": [
                    {"name": "smb", "port": SMB_PORT, "targetPort": "smb", "protocol": "TCP"},
                ],
            },
        )

    def recycle_cleanup_command(self) -> list[str]:
        """The clean-up's command: GNU find (the image installs findutils), no shell.

        It removes, below each bin, every file whose mtime (the time Samba
        moved it there, ``recycle:touch_mtime``) is more than ``recycle_days``
        days ago, then every folder that is empty and was not changed in the
        last hour (a folder that just lost its files is left for the next run,
        so a folder Samba is about to fill is never taken away). ``-delete``
        works depth-first; ``-mindepth 1`` keeps the bins themselves.
        """
        if self.recycle_days is None:
            raise ValueError("SambaShare: the recycle bin is off (recycle_days is None)")
        minutes = self.recycle_days * 24 * 60
        return [
            "find",
            *self.recycle_folders,
            "-mindepth", "1",
            "(", "!", "-type", "d", "-mmin", f"+{minutes}", "-delete", ")",
            "-o",
            "(", "-type", "d", "-empty", "-mmin", "+60", "-delete", ")",
        ]  # fmt: skip

    def _recycle_cleanup(self, name: str, storage: MusicStorage, schedule: str) -> cdk8s.ApiObject:
        cron_name = f"{name}{RECYCLE_CLEANUP_SUFFIX}"
        if len(cron_name) > 52:  # a Job's name gets 11 more characters, up to 63
            raise v.fail(
                "SambaShare name",
                name,
                f"at most {52 - len(RECYCLE_CLEANUP_SUFFIX)} characters when recycle_days is "
                f"set (the CronJob {cron_name!r} may have 52)",
            )
        cron_labels = labels("samba-recycle-cleanup", cron_name)
        waivers = image_waivers({}, self.image)
        if self.file_owner_uid < HIGH_UID:
            waivers["CKV_K8S_40"] = RECYCLE_LOW_UID_WAIVER
        self.recycle_cleanup_waivers = waivers
        """The checkov checks waived on the CronJob (the tag's, and a low file owner UID's)."""
        owner = non_root_security_context(self.file_owner_uid, self.file_owner_gid)
        mount = [{"name": "music", "mountPath": self.mount_path}]
        place = storage.placement(storage.music)
        small = resources(
            cpu_request="10m", memory_request="16Mi", cpu_limit="500m", memory_limit="128Mi"
        )
        pod_spec: Json = {
            **job_pod_spec(
                uid=self.file_owner_uid, gid=self.file_owner_gid, restart_policy="OnFailure"
            ),
            # The bins exist before find starts (a missing start point fails it).
            "initContainers": [
                {
                    "name": "bins",
                    "image": self.image,
                    "imagePullPolicy": pull_policy(self.image),
                    "command": ["mkdir", "-p", "--", *self.recycle_folders],
                    "resources": small,
                    "securityContext": owner,
                    "volumeMounts": mount,
                }
            ],
            "containers": [
                {
                    "name": "cleanup",
                    "image": self.image,
                    "imagePullPolicy": pull_policy(self.image),
                    "command": self.recycle_cleanup_command(),
                    "resources": small,
                    "securityContext": owner,
                    "volumeMounts": mount,
                }
            ],
            "volumes": [claim_volume("music", storage.music.claim_name)],
        }
        return api_object(
            self,
            "recycle-cleanup",
            api_version="batch/v1",
            kind="CronJob",
            name=cron_name,
            object_labels=cron_labels,
            annotations=checkov_annotations(waivers),
            spec={
                "schedule": schedule,
                "concurrencyPolicy": "Forbid",
                "startingDeadlineSeconds": 3600,
                "successfulJobsHistoryLimit": 1,
                "failedJobsHistoryLimit": 3,
                "jobTemplate": {
                    "spec": {
                        "backoffLimit": 3,
                        "activeDeadlineSeconds": 3600,
                        "template": {
                            "metadata": {"labels": place.pod_labels(cron_labels)},
                            "spec": place.pod_spec(pod_spec),
                        },
                    }
                },
            },
        )

    def _sambacc_config(self) -> dict[str, Any]:
        all_users = [u.name for u in self.users]
        global_options = {
            "workgroup": self.workgroup,
            "security": "user",
            # SMB1 off: SMB 2.1 (Windows 7, macOS 10.9) and newer only.
            "server min protocol": "SMB2_10",
            # Every session signed: Windows 11 24H2 requires it as a client,
            # and a LAN machine cannot tamper with a signed session.
            "server signing": "mandatory",
            # No guest and no anonymous access to any share.
            "map to guest": "Never",
            "restrict anonymous": "2",
            # A file server, not a print server.
            "load printers": "no",
            "printing": "bsd",
            "printcap name": "/dev/null",
            "disable spoolss": "yes",
            # SMB over TCP 445 only: no NetBIOS names, no port 139.
            "disable netbios": "yes",
            "smb ports": str(SMB_PORT),
            # Samba's own access list, the same as the Service's source ranges.
            # smbd always admits 127.0.0.1 and ::1, whatever this says.
            "hosts allow": " ".join(self.lan_cidrs),
            # The name clients show; without it Samba takes the pod's host
            # name, too long for a NetBIOS name (testparm warns).
            "netbios name": self.netbios_name,
        }
        shares: dict[str, Any] = {}
        for share in self.shares:
            options = {
                "path": share.path,
                "browseable": _yes_no(share.browseable),
                "read only": _yes_no(share.read_only),
                "guest ok": "no",
                "valid users": " ".join(share.users or all_users),
                # Every account acts on the files as the first user, whose UID
                # is the file owner's (users.json says so), and with the file
                # group: each file belongs to file_owner_uid:file_owner_gid.
                # (Samba accounts that share one UID confuse Samba's UID-to-SID
                # mapping: valid users then fails for all but one of them.)
                "force user": self.users[0].name,
                "force group": FILE_GROUP,
            }
            if share.comment is not None:
                options["comment"] = share.comment
            if self.recycle_days is not None and not share.read_only:
                options.update(_RECYCLE_OPTIONS)
            shares[share.name] = {"options": options}
        return {
            "samba-container-config": "v0",
            "configs": {
                self.instance_id: {
                    "globals": ["homemusic"],
                    "shares": [s.name for s in self.shares],
                }
            },
            "globals": {"homemusic": {"options": global_options}},
            "shares": shares,
            "groups": {"all_entries": [{"name": FILE_GROUP, "gid": self.file_owner_gid}]},
        }

    def _share_folders_container(self) -> Json:
        """Creates the share folders below the mount as the file owner (no shell)."""
        return {
            "name": "share-folders",
            "image": self.image,
            "imagePullPolicy": pull_policy(self.image),
            "command": ["mkdir", "-p", "--", *self.share_folders],
            "resources": resources(
                cpu_request="10m", memory_request="16Mi", cpu_limit="100m", memory_limit="64Mi"
            ),
            "securityContext": non_root_security_context(self.file_owner_uid, self.file_owner_gid),
            "volumeMounts": [{"name": "music", "mountPath": self.mount_path}],
        }

    def _container(self, container_resources: Json) -> Json:
        probe_port = {"port": SMB_PORT}
        return {
            "name": "samba",
            "image": self.image,
            "imagePullPolicy": pull_policy(self.image),
            # The image's entrypoint (samba-container) with these arguments.
            "args": list(SAMBA_ARGS),
            "env": [
                {
                    "name": "SAMBACC_CONFIG",
                    "value": f"{CONFIG_DIR}/container.json:{USERS_DIR}/{USERS_KEY}",
                },
                {"name": "SAMBA_CONTAINER_ID", "value": self.instance_id},
            ],
            "ports": [{"name": "smb", "containerPort": SMB_PORT, "protocol": "TCP"}],
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
            # smbd starts as root and switches to the logged-in user's ID for
            # each connection (see SAMBA_CAPABILITIES).
            "securityContext": root_init_security_context(SAMBA_CAPABILITIES),
            "volumeMounts": [
                {"name": "music", "mountPath": self.mount_path},
                {"name": "config", "mountPath": CONFIG_DIR, "readOnly": True},
                {"name": "users", "mountPath": USERS_DIR, "readOnly": True},
            ],
        }


# Top-level directories of the image that the music volume must not hide.
_SYSTEM_DIRS = frozenset(
    {"bin", "boot", "dev", "etc", "lib", "lib64", "proc", "root", "run", "sbin", "sys", "tmp",
     "usr", "var"}
)  # fmt: skip
