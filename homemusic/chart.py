"""HomeMusicStack and HomeMusicChart: the constructs composed and wired together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NotRequired, TypedDict

import cdk8s
from constructs import Construct
from typing_extensions import Unpack

from . import validation as v
from ._compat import refuses_removed
from ._k8s import KEEP_ANNOTATIONS, api_object, cluster_scoped
from .entry import HttpsConstruct, HttpsEntry
from .issuers import LetsEncrypt
from .metallb import MetalLbPool
from .network import HIGH_UID
from .samba import SambaShare, SambaUser, Share
from .server import MusicServer
from .storage import MusicStorage, StorageBackend


class HomeMusicStack(Construct):
    """One household's music server: storage, Samba, the streaming server and the HTTPS entry.

    The storage's volumes are mounted by Samba (read-write) and the streaming
    server (music read-only by default), and the Ingress routes to the
    server's Service (or the Gateway's route does). Every object name starts
    with ``name``, so two stacks
    with different names can share one chart and namespace. A bad argument is
    reported under the name given here (``HomeMusicStack lan_cidrs``), or the
    server factory's (``MusicServer.navidrome log_level``).

    :param scope: parent construct (usually a :class:`HomeMusicChart`).
    :param id: construct ID (does not affect object names).
    :param music_backend: where the music lives, see :class:`StorageBackend`. Required.
    :param config_backend: where the server's config and database live. Required.
    :param samba_users: the Samba accounts. Required.
    :param samba_load_balancer_ip: the Samba Service's fixed LAN address. Required.
    :param lan_cidrs: the home networks allowed to use Samba: private,
        link-local or unique-local ranges. Required.
    :param allow_wide_lan_cidrs: accept wider ``lan_cidrs`` (see
        :class:`SambaShare`). Default ``False``.
    :param host: the public host name of the streaming server. Required.
    :param acme_email: the Let's Encrypt account e-mail. Default none (optional).
    :param acme_profile: the ACME profile (``"classic"``, ``"tlsserver"``,
        ``"shortlived"``). Default none.
    :param name: prefix of every object name. Default ``"homemusic"``.
    :param music_size: Default ``"1000Gi"``.
    :param config_size: Default ``"1Gi"``.
    :param samba_shares: Default: one share ``music`` for every user (see :class:`SambaShare`).
    :param samba_users_secret_name: the Secret holding the Samba users file
        (``users.json``). Default ``"<name>-samba-users"``.
    :param samba_workgroup: Default ``"WORKGROUP"``.
    :param samba_recycle_days: keep files deleted over SMB this many days in
        a hidden recycle bin of each writable share (see :class:`SambaShare`).
        Default none: no recycle bin.
    :param music_server: which streaming server, with its own options:
        :meth:`MusicServer.airsonic` (the blog's) or :meth:`MusicServer.navidrome`
        (maintained; recommended for new setups). Default ``MusicServer.airsonic()``.
    :param timezone: the server's ``TZ``. Default ``"Etc/UTC"``.
    :param puid: the user the server runs as, also the owner of every file
        written over Samba, so the two apps share the files. Default: ``1000``
        with Airsonic (linuxserver's convention, the blog's), ``10000`` with
        Navidrome (a high UID: no checkov waiver on it).
    :param pgid: its group, also the group of those files. Default: as ``puid``.
    :param music_read_only: the server mounts the music read-only. Default ``True``.
    :param https_entry: how the internet reaches the server, with its own
        options: :meth:`HttpsEntry.ingress` (the blog's), :meth:`HttpsEntry.gateway`
        or :meth:`HttpsEntry.existing_gateway`. Default ``HttpsEntry.ingress()``
        (ingress-nginx, class ``nginx`` in ``ingress-nginx``).
    :param publish: give the server its public HTTPS entry. Default: ``True``
        with Navidrome (its administrator exists before it serves anyone, see
        :class:`NavidromeApp`), ``False`` with Airsonic, which starts with the
        account ``admin``/``admin``: synthesize it unpublished first (no
        Ingress, no Gateway route, no issuers; reachable with ``kubectl
        port-forward`` only), change that password, then publish. ``host`` is
        checked either way.
    :param use_issuer: Default ``LetsEncrypt.STAGING``.
    :param cluster_issuer: Default ``False``.
    :param staging_issuer_name: Default ``"<name>-letsencrypt-staging"``.
    :param production_issuer_name: Default ``"<name>-letsencrypt-prod"``.
    :param metallb_addresses: create a :class:`MetalLbPool` named ``name`` with
        these addresses (k3s, kubeadm); the Samba address must lie inside it.
        Default none: the pool comes from elsewhere (microk8s' metallb add-on).
    :param metallb_namespace: where MetalLB runs. Default ``"metallb-system"``.
    :param metallb_legacy_annotation: write MetalLB's old annotation prefix
        (see :class:`SambaShare`): for MetalLB before 0.14.9, such as microk8s
        1.28 to 1.32's add-on. Default ``False``.
    """

    @refuses_removed("HomeMusicStack")
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        music_backend: StorageBackend,
        config_backend: StorageBackend,
        samba_users: Sequence[SambaUser],
        samba_load_balancer_ip: str,
        lan_cidrs: Sequence[str],
        host: str,
        acme_email: str | None = None,
        name: str = "homemusic",
        music_size: str = "1000Gi",
        config_size: str = "1Gi",
        samba_shares: Sequence[Share] | None = None,
        samba_users_secret_name: str | None = None,
        samba_workgroup: str = "WORKGROUP",
        samba_recycle_days: int | None = None,
        music_server: MusicServer | None = None,
        timezone: str = "Etc/UTC",
        puid: int | None = None,
        pgid: int | None = None,
        music_read_only: bool = True,
        https_entry: HttpsEntry | None = None,
        acme_profile: str | None = None,
        use_issuer: LetsEncrypt = LetsEncrypt.STAGING,
        cluster_issuer: bool = False,
        staging_issuer_name: str | None = None,
        production_issuer_name: str | None = None,
        metallb_addresses: Sequence[str] | None = None,
        metallb_namespace: str = "metallb-system",
        allow_wide_lan_cidrs: bool = False,
        publish: bool | None = None,
        metallb_legacy_annotation: bool = False,
    ) -> None:
        super().__init__(scope, id)
        v.service_name("HomeMusicStack name", name)
        if len(name) > 40:
            raise v.fail("HomeMusicStack name", name, "at most 40 characters")
        if music_server is None:
            music_server = MusicServer.airsonic()
        if not isinstance(music_server, MusicServer):
            raise v.fail(
                "HomeMusicStack music_server",
                music_server,
                "MusicServer.airsonic(...) or MusicServer.navidrome(...)",
            )
        default_id = HIGH_UID if music_server.kind == "navidrome" else 1000
        self.puid: int = default_id if puid is None else puid
        """The files' owner and the server's user (the default depends on the server)."""
        self.pgid: int = default_id if pgid is None else pgid
        puid, pgid = self.puid, self.pgid
        self.name = name
        stack = "HomeMusicStack"
        with v.caller_names(
            {
                f"MusicStorage {arg}": f"{stack} {arg}"
                for arg in ("name", "music_backend", "config_backend", "music_size", "config_size")
            }
        ):
            self.storage = MusicStorage(
                self,
                "storage",
                name=name,
                music_backend=music_backend,
                config_backend=config_backend,
                music_size=music_size,
                config_size=config_size,
            )
        with v.caller_names(
            {
                "MetalLbPool addresses": f"{stack} metallb_addresses",
                "MetalLbPool namespace": f"{stack} metallb_namespace",
            }
        ):
            self.address_pool = (
                MetalLbPool(
                    self,
                    "address-pool",
                    addresses=metallb_addresses,
                    name=name,
                    namespace=metallb_namespace,
                )
                if metallb_addresses is not None
                else None
            )
        samba_names = {
            "users": "samba_users",
            "load_balancer_ip": "samba_load_balancer_ip",
            "lan_cidrs": "lan_cidrs",
            "allow_wide_lan_cidrs": "allow_wide_lan_cidrs",
            "shares": "samba_shares",
            "users_secret_name": "samba_users_secret_name",
            "workgroup": "samba_workgroup",
            "recycle_days": "samba_recycle_days",
            "file_owner_uid": "puid",
            "file_owner_gid": "pgid",
            "metallb_legacy_annotation": "metallb_legacy_annotation",
        }
        with v.caller_names({f"SambaShare {k}": f"{stack} {n}" for k, n in samba_names.items()}):
            self.samba = SambaShare(
                self,
                "samba",
                name=f"{name}-samba",
                storage=self.storage,
                users=samba_users,
                load_balancer_ip=samba_load_balancer_ip,
                lan_cidrs=lan_cidrs,
                shares=samba_shares,
                users_secret_name=samba_users_secret_name or f"{name}-samba-users",
                workgroup=samba_workgroup,
                recycle_days=samba_recycle_days,
                # Files written over SMB belong to the user the server runs as.
                file_owner_uid=puid,
                file_owner_gid=pgid,
                address_pool=self.address_pool,
                allow_wide_lan_cidrs=allow_wide_lan_cidrs,
                metallb_legacy_annotation=metallb_legacy_annotation,
            )
        self.music_server = music_server
        self.app = music_server.build(
            self,
            # The construct ID of the blog's server stays "airsonic".
            music_server.kind,
            name=name,
            storage=self.storage,
            shared={
                "timezone": timezone,
                "puid": puid,
                "pgid": pgid,
                "music_read_only": music_read_only,
            },
            caller=stack,
        )
        """The streaming server: an :class:`AirsonicApp` or a :class:`NavidromeApp`."""
        if https_entry is None:
            https_entry = HttpsEntry.ingress()
        if not isinstance(https_entry, HttpsEntry):
            raise v.fail(
                "HomeMusicStack https_entry",
                https_entry,
                "HttpsEntry.ingress(...), HttpsEntry.gateway(...) or "
                "HttpsEntry.existing_gateway(...)",
            )
        self.https_entry = https_entry
        if publish is None:
            publish = music_server.kind == "navidrome"
        if not isinstance(publish, bool):
            raise v.fail(f"{stack} publish", publish, "True, False or None (by server)")
        self.published: bool = publish
        """Whether the server has its public entry (the default depends on the server)."""
        self.entry: HttpsConstruct | None = None
        """The HTTPS entry: a :class:`TlsIngress`, :class:`TlsGateway` or
        :class:`GatewayRoute`; ``None`` while unpublished."""
        if not publish:
            v.hostname(f"{stack} host", host)
            return
        self.entry = https_entry.build(
            self,
            # The construct ID of the blog's entry stays "ingress".
            https_entry.kind,
            app=self.app,
            host=host,
            issuers={
                "acme_email": acme_email,
                "acme_profile": acme_profile,
                "use_issuer": use_issuer,
                "cluster_issuer": cluster_issuer,
                "staging_issuer_name": staging_issuer_name or f"{name}-letsencrypt-staging",
                "production_issuer_name": production_issuer_name or f"{name}-letsencrypt-prod",
            },
            caller=stack,
        )


class HomeMusicStackProps(TypedDict):
    """The keyword arguments of :class:`HomeMusicStack`, for :class:`HomeMusicChart`."""

    music_backend: StorageBackend
    config_backend: StorageBackend
    samba_users: Sequence[SambaUser]
    samba_load_balancer_ip: str
    lan_cidrs: Sequence[str]
    host: str
    acme_email: NotRequired[str | None]
    name: NotRequired[str]
    music_size: NotRequired[str]
    config_size: NotRequired[str]
    samba_shares: NotRequired[Sequence[Share] | None]
    samba_users_secret_name: NotRequired[str | None]
    samba_workgroup: NotRequired[str]
    samba_recycle_days: NotRequired[int | None]
    music_server: NotRequired[MusicServer | None]
    timezone: NotRequired[str]
    puid: NotRequired[int | None]
    pgid: NotRequired[int | None]
    music_read_only: NotRequired[bool]
    https_entry: NotRequired[HttpsEntry | None]
    acme_profile: NotRequired[str | None]
    use_issuer: NotRequired[LetsEncrypt]
    cluster_issuer: NotRequired[bool]
    staging_issuer_name: NotRequired[str | None]
    production_issuer_name: NotRequired[str | None]
    metallb_addresses: NotRequired[Sequence[str] | None]
    metallb_namespace: NotRequired[str]
    allow_wide_lan_cidrs: NotRequired[bool]
    publish: NotRequired[bool | None]
    metallb_legacy_annotation: NotRequired[bool]


class HomeMusicChart(cdk8s.Chart):
    """A chart holding a dedicated namespace and one :class:`HomeMusicStack` in it.

    The namespace denies all incoming connections by default
    (``default-deny-ingress``); the stack's NetworkPolicies open what is needed.

    :param scope: the cdk8s App.
    :param id: the chart ID; it names the output file (``<id>.k8s.yaml``).
    :param namespace: the namespace created and used for every namespaced
        object. Default ``"homemusic"``. It is labelled for Pod Security
        Admission ``baseline`` (what Samba and the linuxserver image need).
    :param stack: every other keyword argument is passed to :class:`HomeMusicStack`
        (typed: see its parameters).
    """

    @refuses_removed("HomeMusicChart")
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str = "homemusic",
        **stack: Unpack[HomeMusicStackProps],
    ) -> None:
        v.dns_label("HomeMusicChart namespace", namespace)
        super().__init__(scope, id, namespace=namespace, disable_resource_name_hashes=True)
        self.namespace_object = api_object(
            self,
            "namespace",
            api_version="v1",
            kind="Namespace",
            name=namespace,
            object_labels={
                "app.kubernetes.io/part-of": "homemusic",
                "pod-security.kubernetes.io/enforce": "baseline",
                "pod-security.kubernetes.io/enforce-version": "latest",
            },
            # Deleting the namespace deletes the claims in it.
            annotations=KEEP_ANNOTATIONS,
        )
        cluster_scoped(self.namespace_object, namespace)
        # Nothing in the namespace accepts connections unless a policy of the
        # stack allows them (Samba from the LAN, Airsonic and the ACME solver
        # from the ingress controller).
        self.default_deny = api_object(
            self,
            "default-deny-ingress",
            api_version="networking.k8s.io/v1",
            kind="NetworkPolicy",
            name="default-deny-ingress",
            object_labels={"app.kubernetes.io/part-of": "homemusic"},
            spec={"podSelector": {}, "policyTypes": ["Ingress"]},
        )
        self.stack = HomeMusicStack(self, "stack", **stack)
