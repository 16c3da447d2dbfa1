"""HomeMusicStack and HomeMusicChart: the constructs composed and wired together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cdk8s
from constructs import Construct

from ._private import validation as v
from ._private.compat import refuses_removed
from ._private.k8s import KEEP_ANNOTATIONS, api_object, chart_namespace, remember_namespace
from ._private.network import HIGH_UID
from ._private.options import as_kwargs, init_from
from .choices.entry import HttpsEntry
from .choices.server import MusicServer
from .constructs.issuers import IssuerOptions, LetsEncrypt
from .constructs.metallb import MetalLbPool
from .constructs.samba import SambaShare, SambaUser, Share
from .constructs.storage import MusicStorage, StorageBackend

if TYPE_CHECKING:
    # Imported when a stack has a backup (the backups' module is the largest).
    from .constructs.backup import BackedUpClaim, OffsiteBackup, ResticBackups, VolSyncBackups
    from .constructs.gateway import GatewayRoute, TlsGateway
    from .constructs.ingress import TlsIngress

STACK = "HomeMusicStack"

ENTRY_CHOICES = (
    "the HTTPS entry of your cluster's controller (a published server needs one): "
    "microk8s 1.35+ (its ingress add-on, Traefik): "
    "HttpsEntry.ingress(class_name='public', controller_namespace='ingress'); "
    "k3s (Traefik): HttpsEntry.ingress(class_name='traefik', "
    "controller_namespace='kube-system', controller=IngressController.TRAEFIK) "
    "or HttpsEntry.gateway(class_name='traefik', ...); kubeadm: "
    "HttpsEntry.gateway(class_name=...) of your Gateway API implementation; "
    "a Gateway you run: HttpsEntry.existing_gateway(...); or publish=False"
)
"""What a published stack without ``https_entry`` is told (docs/choices/entry.md)."""


@dataclass(frozen=True, kw_only=True)
class HomeMusicStackProps:
    """:class:`HomeMusicStack`'s arguments (and :class:`HomeMusicChart`'s, beside ``namespace``).

    Checked when made, under the stack's names (``HomeMusicStack name``); the
    inner constructs check the rest under the same names.

    :param music_backend: where the music lives, see :class:`StorageBackend`: a
        local folder, an NFS export, a claim a StorageClass fills, or a claim you
        made. Required. The pods follow it (see :meth:`MusicStorage.placement`).
    :param config_backend: where the server's config and database live: a
        ReadWriteOnce backend (NFS and ReadWriteMany ones are refused). Required.
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
    :param music_size: Default ``"1000Gi"``. On a StorageClass, a larger value
        later grows the claim (the class must allow expansion); not used by an
        existing claim.
    :param config_size: Default ``"1Gi"``.
    :param samba_shares: Default: one share ``music`` for every user (see :class:`SambaShare`).
    :param samba_users_secret_name: the Secret holding the Samba users file
        (``users.json``). Default ``"<name>-samba-users"``.
    :param samba_workgroup: Default ``"WORKGROUP"``.
    :param samba_recycle_days: keep files deleted over SMB this many days in
        a hidden recycle bin of each writable share (see :class:`SambaShare`).
        Default none: no recycle bin.
    :param music_server: which streaming server, with its own options:
        :meth:`MusicServer.navidrome` (maintained) or :meth:`MusicServer.airsonic`
        (the blog's; last released in 2020). Default ``MusicServer.navidrome()``
        (until 0.4.0 it was Airsonic: pass ``MusicServer.airsonic()`` to keep it).
    :param timezone: the server's ``TZ``. Default ``"Etc/UTC"``.
    :param puid: the user the server runs as, also the owner of every file
        written over Samba, so the two apps share the files. Default: ``1000``
        with Airsonic (linuxserver's convention, the blog's), ``10000`` with
        Navidrome (a high UID: no checkov waiver on it).
    :param pgid: its group, also the group of those files. Default: as ``puid``.
    :param music_read_only: the server mounts the music read-only. Default ``True``.
    :param https_entry: how the internet reaches the server, with its own
        options: :meth:`HttpsEntry.ingress` (the blog's), :meth:`HttpsEntry.gateway`
        or :meth:`HttpsEntry.existing_gateway`. No default: the entry depends on
        the controller your cluster runs, so a published stack without one is
        refused with the choices for microk8s, k3s and kubeadm (until 0.4.0 the
        default was ingress-nginx's, retired in March 2026). An unpublished
        stack needs none.
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
    :param backup: versioned off-node backups of the music and the server's
        data, with their own options: :meth:`OffsiteBackup.restic` (CronJobs,
        no operator) or :meth:`OffsiteBackup.volsync`. With Navidrome, its own
        database copies (``backup_schedule``) are what is backed up of its
        database, so they must be on. Default none: no off-node backups.
    """

    music_backend: StorageBackend
    config_backend: StorageBackend
    samba_users: Sequence[SambaUser]
    samba_load_balancer_ip: str
    lan_cidrs: Sequence[str]
    host: str
    acme_email: str | None = None
    name: str = "homemusic"
    music_size: str = "1000Gi"
    config_size: str = "1Gi"
    samba_shares: Sequence[Share] | None = None
    samba_users_secret_name: str | None = None
    samba_workgroup: str = "WORKGROUP"
    samba_recycle_days: int | None = None
    music_server: MusicServer | None = None
    timezone: str = "Etc/UTC"
    puid: int | None = None
    pgid: int | None = None
    music_read_only: bool = True
    https_entry: HttpsEntry | None = None
    acme_profile: str | None = None
    use_issuer: LetsEncrypt = LetsEncrypt.STAGING
    cluster_issuer: bool = False
    staging_issuer_name: str | None = None
    production_issuer_name: str | None = None
    metallb_addresses: Sequence[str] | None = None
    metallb_namespace: str = "metallb-system"
    allow_wide_lan_cidrs: bool = False
    publish: bool | None = None
    metallb_legacy_annotation: bool = False
    backup: OffsiteBackup | None = None

    def __post_init__(self) -> None:
        o = "HomeMusicStack"
        v.service_name(f"{o} name", self.name)
        if len(self.name) > 40:
            raise v.fail(f"{o} name", self.name, "at most 40 characters")
        if not isinstance(self.server, MusicServer):
            raise v.fail(
                f"{o} music_server",
                self.music_server,
                "MusicServer.airsonic(...) or MusicServer.navidrome(...)",
            )
        if self.https_entry is not None and not isinstance(self.https_entry, HttpsEntry):
            raise v.fail(
                f"{o} https_entry",
                self.https_entry,
                "HttpsEntry.ingress(...), HttpsEntry.gateway(...) or "
                "HttpsEntry.existing_gateway(...)",
            )
        if self.publish is not None and not isinstance(self.publish, bool):
            raise v.fail(f"{o} publish", self.publish, "True, False or None (by server)")
        if self.https_entry is None and self.published:
            raise v.fail(f"{o} https_entry", None, ENTRY_CHOICES)
        # Checked whether or not they are used: an unpublished stack and an
        # existing Gateway's route make no issuer, a stack without
        # metallb_addresses no pool; flipping the switch later must not meet
        # an old typo.
        v.hostname(f"{o} host", self.host)
        self.issuer_options.check(o)
        v.dns_label(f"{o} metallb_namespace", self.metallb_namespace)
        if self.backup is not None:
            self._check_backup()

    def _check_backup(self) -> None:
        from .constructs.backup import OffsiteBackup

        o = "HomeMusicStack"
        backup = self.backup
        if not isinstance(backup, OffsiteBackup):
            raise v.fail(
                f"{o} backup",
                backup,
                "OffsiteBackup.restic(...), OffsiteBackup.volsync(...) or None",
            )
        if len(self.name) > 35:
            raise v.fail(
                f"{o} name",
                self.name,
                "at most 35 characters with backup (the CronJob "
                f"{self.name + '-backup-db-copies'!r} may have 52)",
            )
        server = self.server.options
        if self.server.kind == "navidrome":
            if getattr(server, "backup_schedule", None) is None:
                raise v.fail(
                    "MusicServer.navidrome backup_schedule",
                    None,
                    f"a schedule when {o} backup is set: the off-node copy counts on Navidrome's "
                    "consistent database copies, not the live database file",
                )
            if getattr(server, "restore_backup", None) is not None and (
                backup.options.restore_data is not None
            ):
                raise v.fail(
                    f"OffsiteBackup.{backup.kind} restore_data",
                    backup.options.restore_data,
                    "None while MusicServer.navidrome restore_backup is set: restore the "
                    "data first, then the database copy",
                )

    @property
    def server(self) -> MusicServer:
        """``music_server``, or ``MusicServer.navidrome()``."""
        return MusicServer.navidrome() if self.music_server is None else self.music_server

    @property
    def issuer_options(self) -> IssuerOptions:
        """The Let's Encrypt options; the issuers' names default to ``<name>-letsencrypt-*``."""
        return IssuerOptions(
            acme_email=self.acme_email,
            acme_profile=self.acme_profile,
            use_issuer=self.use_issuer,
            cluster_issuer=self.cluster_issuer,
            staging_issuer_name=self.staging_issuer_name or f"{self.name}-letsencrypt-staging",
            production_issuer_name=self.production_issuer_name or f"{self.name}-letsencrypt-prod",
        )

    @property
    def file_owner(self) -> tuple[int, int]:
        """``puid`` and ``pgid``, by default 1000 with Airsonic and 10000 with Navidrome."""
        default = HIGH_UID if self.server.kind == "navidrome" else 1000
        return (
            default if self.puid is None else self.puid,
            default if self.pgid is None else self.pgid,
        )

    @property
    def published(self) -> bool:
        """``publish``, by default True with Navidrome and False with Airsonic."""
        return self.server.kind == "navidrome" if self.publish is None else self.publish


class HomeMusicStack(Construct):
    """One household's music server: storage, Samba, the streaming server and the HTTPS entry.

    The storage's volumes are mounted by Samba (read-write) and the streaming
    server (music read-only by default), and the Ingress routes to the
    server's Service (or the Gateway's route does). Every object name starts
    with ``name``, so two stacks
    with different names can share one chart and namespace. A bad argument is
    reported under the name given here (``HomeMusicStack lan_cidrs``), or the
    server factory's (``MusicServer.navidrome log_level``).

    Takes ``scope``, ``id`` and the keyword arguments of :class:`HomeMusicStackProps`,
    each documented there.
    """

    @refuses_removed("HomeMusicStack")
    @init_from(HomeMusicStackProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        remember_namespace(self, chart_namespace(scope))
        p = self.props = HomeMusicStackProps(**arguments)
        """The validated arguments."""
        self.puid, self.pgid = p.file_owner
        """The files' owner and the server's user (the default depends on the server)."""
        self.name = p.name
        self.storage = self._storage()
        self.address_pool = self._address_pool()
        self.samba = self._samba()
        self.music_server = p.server
        self.app = p.server.build(
            self,
            # The construct ID of the blog's server stays "airsonic".
            p.server.kind,
            name=p.name,
            storage=self.storage,
            shared={
                "timezone": p.timezone,
                "puid": self.puid,
                "pgid": self.pgid,
                "music_read_only": p.music_read_only,
            },
            caller=STACK,
        )
        """The streaming server: an :class:`AirsonicApp` or a :class:`NavidromeApp`."""
        self.backup: ResticBackups | VolSyncBackups | None = (
            None if p.backup is None else self._backup(p.backup)
        )
        """The off-node backups: :class:`ResticBackups`, :class:`VolSyncBackups` or ``None``."""
        self.https_entry = p.https_entry
        """The entry chosen (``None`` only while unpublished)."""
        self.published: bool = p.published
        """Whether the server has its public entry (the default depends on the server)."""
        self.entry: TlsIngress | TlsGateway | GatewayRoute | None = None
        """The HTTPS entry: a :class:`TlsIngress`, :class:`TlsGateway` or
        :class:`GatewayRoute`; ``None`` while unpublished."""
        if not p.published or p.https_entry is None:
            return
        self.entry = p.https_entry.build(
            self,
            # The construct ID of the blog's entry stays "ingress".
            p.https_entry.kind,
            app=self.app,
            host=p.host,
            issuers=as_kwargs(p.issuer_options),
            caller=STACK,
        )

    def _storage(self) -> MusicStorage:
        p = self.props
        names = ("name", "music_backend", "config_backend", "music_size", "config_size")
        with v.caller_names({f"MusicStorage {arg}": f"{STACK} {arg}" for arg in names}):
            return MusicStorage(
                self,
                "storage",
                name=p.name,
                music_backend=p.music_backend,
                config_backend=p.config_backend,
                music_size=p.music_size,
                config_size=p.config_size,
            )

    def backed_up_claims(self) -> list[BackedUpClaim]:
        """The claims the backups copy: music, the server's data, Navidrome's backup volume."""
        from .constructs.backup import BackedUpClaim

        storage = self.storage
        claims = [BackedUpClaim("music", storage.music)]
        if self.music_server.kind == "navidrome":
            # What Navidrome keeps in /data (v0.63.2, conf/configuration.go and
            # consts/consts.go): navidrome.db with its -wal and -shm files (the
            # live SQLite database, left out: its backups are the consistent
            # copies), cache/ (transcoded files and images, rebuilt on
            # demand, left out), artwork/, plugins/, resources/ and backup/
            # (the database copies when they are on this volume).
            excludes = ("navidrome.db", "navidrome.db-wal", "navidrome.db-shm", "cache")
            claims.append(BackedUpClaim("data", storage.config, excludes))
            backup_volume = getattr(self.app, "backup_volume", None)
            if backup_volume is not None:
                claims.append(BackedUpClaim("db-copies", backup_volume))
        else:
            # Airsonic: all of /config, the HSQLDB database included, copied
            # while Airsonic runs (see docs/operations/offsite-backups.md).
            claims.append(BackedUpClaim("data", storage.config))
        return claims

    def _backup(self, backup: OffsiteBackup) -> ResticBackups | VolSyncBackups:
        return backup.build(
            self,
            "backup",
            name=self.name,
            claims=self.backed_up_claims(),
            storage=self.storage,
            puid=self.puid,
            pgid=self.pgid,
            timezone=self.props.timezone,
            server_deployment=self.app.deployment,
            caller=STACK,
        )

    def _address_pool(self) -> MetalLbPool | None:
        p = self.props
        if p.metallb_addresses is None:
            return None
        with v.caller_names(
            {
                "MetalLbPool addresses": f"{STACK} metallb_addresses",
                "MetalLbPool namespace": f"{STACK} metallb_namespace",
            }
        ):
            return MetalLbPool(
                self,
                "address-pool",
                addresses=p.metallb_addresses,
                name=p.name,
                namespace=p.metallb_namespace,
            )

    def _samba(self) -> SambaShare:
        p = self.props
        names = {
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
        with v.caller_names({f"SambaShare {k}": f"{STACK} {n}" for k, n in names.items()}):
            return SambaShare(
                self,
                "samba",
                name=f"{p.name}-samba",
                storage=self.storage,
                users=p.samba_users,
                load_balancer_ip=p.samba_load_balancer_ip,
                lan_cidrs=p.lan_cidrs,
                shares=p.samba_shares,
                users_secret_name=p.samba_users_secret_name or f"{p.name}-samba-users",
                workgroup=p.samba_workgroup,
                recycle_days=p.samba_recycle_days,
                # Files written over SMB belong to the user the server runs as.
                file_owner_uid=self.puid,
                file_owner_gid=self.pgid,
                address_pool=self.address_pool,
                allow_wide_lan_cidrs=p.allow_wide_lan_cidrs,
                metallb_legacy_annotation=p.metallb_legacy_annotation,
            )


@dataclass(frozen=True, kw_only=True)
class HomeMusicChartProps(HomeMusicStackProps):
    """:class:`HomeMusicChart`'s arguments: ``namespace`` and the stack's.

    :param namespace: the namespace created and used for every namespaced
        object. Default ``"homemusic"``. It is labelled for Pod Security
        Admission ``baseline`` (what Samba and the linuxserver image need).
    """

    namespace: str = "homemusic"

    def __post_init__(self) -> None:
        v.dns_label("HomeMusicChart namespace", self.namespace)
        super().__post_init__()


class HomeMusicChart(cdk8s.Chart):
    """A chart holding a dedicated namespace and one :class:`HomeMusicStack` in it.

    The namespace denies all incoming connections by default
    (``default-deny-ingress``); the stack's NetworkPolicies open what is needed.

    :param scope: the cdk8s App.
    :param id: the chart ID; it names the output file (``<id>.k8s.yaml``).

    Takes ``scope``, ``id`` and the keyword arguments of :class:`HomeMusicChartProps`:
    ``namespace`` and every argument of :class:`HomeMusicStack`.
    """

    @refuses_removed("HomeMusicChart")
    @init_from(HomeMusicChartProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        props = HomeMusicChartProps(**arguments)
        namespace = props.namespace
        super().__init__(scope, id, namespace=namespace, disable_resource_name_hashes=True)
        remember_namespace(self, namespace)
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
            cluster_scoped=True,
        )
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
        stack = {k: val for k, val in as_kwargs(props).items() if k != "namespace"}
        self.stack = HomeMusicStack(self, "stack", **stack)
