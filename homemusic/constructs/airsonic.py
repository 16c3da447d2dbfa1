"""AirsonicApp: the streaming server (linuxserver's Airsonic or Airsonic-Advanced image)."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from .._private import validation as v
from .._private.k8s import (
    Json,
    ServerApp,
    claim_volume,
    headless_http_service,
    http_probes,
    resources_of,
    root_init_security_context,
    single_replica_deployment,
)
from .._private.network import checkov_annotations, image_waivers, pull_policy
from .._private.options import init_from
from .storage import MusicStorage

AIRSONIC_PORT = 4040

# What the linuxserver image's init (s6, as root) needs before it drops to
# PUID/PGID, and what fails without each (read in the image's scripts:
# docker-airsonic v10.6.2-ls134 cont-init.d/20-config and services.d/airsonic/run,
# docker-baseimage-ubuntu bionic cont-init.d/10-adduser and 90-custom-folders;
# the image could not be run here). Everything else is dropped.
AIRSONIC_CAPABILITIES = (
    # chown abc:abc /app /config, chown -R abc:abc /config, chown -R 0:0
    # /config/custom-*: without it the init fails and the app never starts.
    "CHOWN",
    # root writes inside /config, which belongs to PUID (mkdir -p
    # /config/transcode and /config/custom-cont-init.d, ln -sf into
    # /config/transcode): without it root may not write there.
    "DAC_OVERRIDE",
    # No script of the image changes the mode of a file root does not own;
    # kept for usermod -u PUID, which re-owns abc's home (/config) and restores
    # set-ID mode bits on what it re-owned. Not measured.
    "FOWNER",
    # s6 (root) sends SIGTERM to Java (running as PUID) on stop, so HSQLDB
    # shuts down cleanly: signalling another user's process needs it.
    "KILL",
    "SETGID",  # s6-setuidgid abc: without it Java cannot drop to PGID
    "SETUID",  # s6-setuidgid abc: without it Java cannot drop to PUID
)


AIRSONIC_CHECKOV_WAIVERS = {
    "CKV_K8S_22": "the image's s6 init writes /etc/passwd, /etc/group and /var/run at start",
    "CKV_K8S_23": "the image's s6 init starts as root, then runs Java as PUID",
    "CKV_K8S_25": "the init needs the capabilities in AIRSONIC_CAPABILITIES, all others dropped",
    "CKV_K8S_40": "the image's s6 init starts as root (UID 0), then runs Java as PUID",
}
"""The checkov checks the linuxserver image cannot pass, with the reason."""


class AirsonicFlavor(enum.Enum):
    """Which Airsonic image to run. Both are linuxserver.io builds.

    The value is ``(default image, JVM property that trusts X-Forwarded-* headers,
    whether the JVM must be bounded by hand)``.
    """

    AIRSONIC = (
        "lscr.io/linuxserver/airsonic:v10.6.2-ls134",
        "-Dserver.use-forward-headers=true",
        True,
    )
    """Airsonic 10.6.2, the last release, in linuxserver's last build of it (ls134,
    2022-01; linuxserver deprecated the image in 2022). Its Java is OpenJDK 8u312
    (the build's package_versions.txt), which predates cgroup v2 container
    support (8u372): the library bounds its heap and processors."""

    AIRSONIC_ADVANCED = (
        "lscr.io/linuxserver/airsonic-advanced:11.1.4-ls181",
        "-Dserver.forward-headers-strategy=native",
        False,
    )
    """Airsonic-Advanced 11.1.4 (linuxserver build ls181, 2026-05), the fork
    (Spring Boot 2: a different property). OpenJDK 17 sizes itself from the
    container's limits."""

    @property
    def default_image(self) -> str:
        return str(self.value[0])

    @property
    def forward_headers_option(self) -> str:
        """The JVM option that makes the app build https links behind the TLS proxy."""
        return str(self.value[1])

    @property
    def needs_jvm_bounds(self) -> bool:
        """The image's JVM ignores cgroup v2 limits: heap and processors are set by hand."""
        return bool(self.value[2])


JVM_NON_HEAP = "256Mi"
"""What the JVM needs beside its heap (metaspace, threads, code cache, buffers), at least."""

SHUTDOWN_GRACE_SECONDS = 60
"""How long Java may take to stop (HSQLDB writes its files on shutdown)."""


@dataclass(frozen=True, kw_only=True)
class AirsonicOptions:
    """Airsonic's own options: what :meth:`MusicServer.airsonic` and :class:`AirsonicApp` take.

    Validated when made; a bad value raises :class:`HomeMusicError` naming the
    argument (``AirsonicApp java_max_heap``, or ``MusicServer.airsonic
    java_max_heap`` through the factory).

    :param flavor: :class:`AirsonicFlavor`. Default ``AirsonicFlavor.AIRSONIC``.
    :param image: the container image. Default: the flavor's pinned image.
    :param java_options: extra JVM options appended to ``JAVA_OPTS``. Default none.
    :param java_max_heap: the JVM's maximum heap, a Kubernetes quantity such as
        ``"1Gi"``; with ``JVM_NON_HEAP`` (256Mi) it must fit ``memory_limit``.
        Default: half of ``memory_limit`` for :attr:`AirsonicFlavor.AIRSONIC`;
        none for Airsonic-Advanced (OpenJDK 17 sizes its heap from the limit).
    :param startup_timeout_seconds: how long the app may take to first answer on
        ``/login`` before it is restarted. Default ``300`` (the blog needed 60).
    :param cpu_request: the container's CPU request. Default ``"250m"``.
    :param memory_request: its memory request. Default ``"512Mi"``.
    :param cpu_limit: its CPU limit. Default ``"2"`` (as in the blog).
    :param memory_limit: its memory limit. Default ``"2Gi"`` (as in the blog).
    """

    flavor: AirsonicFlavor = AirsonicFlavor.AIRSONIC
    image: str | None = None
    java_options: str | None = None
    java_max_heap: str | None = None
    startup_timeout_seconds: int = 300
    cpu_request: str = "250m"
    memory_request: str = "512Mi"
    cpu_limit: str = "2"
    memory_limit: str = "2Gi"

    def __post_init__(self) -> None:
        o = "AirsonicApp"
        if not isinstance(self.flavor, AirsonicFlavor):
            raise v.fail(
                f"{o} flavor",
                self.flavor,
                "AirsonicFlavor.AIRSONIC or AirsonicFlavor.AIRSONIC_ADVANCED",
            )
        v.image(f"{o} image", self.container_image)
        java = self.java_options
        if java is not None and (not java.strip() or any(c in java for c in "\"'`$\\\n;")):
            raise v.fail(
                f"{o} java_options",
                java,
                "space-separated JVM options without quotes, $, `, \\, ; or newlines",
            )
        v.integer(
            f"{o} startup_timeout_seconds",
            self.startup_timeout_seconds,
            60,
            3600,
            "an integer from 60 to 3600 (Airsonic needs at least a minute to start)",
        )
        v.resource_arguments(
            o,
            cpu_request=self.cpu_request,
            memory_request=self.memory_request,
            cpu_limit=self.cpu_limit,
            memory_limit=self.memory_limit,
        )
        heap = self.max_heap
        if heap is not None:
            v.quantity(f"{o} java_max_heap", heap)
            size = v.quantity_value(heap)
            limit = v.quantity_value(self.memory_limit)
            if size < 2**26 or size + v.quantity_value(JVM_NON_HEAP) > limit:
                raise v.fail(
                    f"{o} java_max_heap",
                    heap,
                    f"at least 64Mi and at most memory_limit {self.memory_limit!r} minus "
                    f"{JVM_NON_HEAP} for what Java needs beside its heap",
                )

    @property
    def container_image(self) -> str:
        """``image``, or the flavor's pinned image."""
        return self.image if self.image is not None else self.flavor.default_image

    @property
    def max_heap(self) -> str | None:
        """``java_max_heap``, or half the memory limit when the JVM must be bounded by hand."""
        if self.java_max_heap is None and self.flavor.needs_jvm_bounds:
            return f"{int(v.quantity_value(self.memory_limit) / 2 // 2**20)}Mi"
        return self.java_max_heap

    @property
    def java_opts(self) -> str:
        """``JAVA_OPTS``: trust the proxy's headers, the JVM bounds, then ``java_options``."""
        bounds = []
        if self.max_heap is not None:
            bounds.append(f"-Xmx{int(v.quantity_value(self.max_heap) // 2**20)}m")
        if self.flavor.needs_jvm_bounds:
            processors = max(1, math.ceil(v.quantity_value(self.cpu_limit)))
            bounds.append(f"-XX:ActiveProcessorCount={processors}")
        options = (self.flavor.forward_headers_option, *bounds, self.java_options)
        return " ".join(o for o in options if o)


@dataclass(frozen=True, kw_only=True)
class AirsonicProps(AirsonicOptions):
    """:class:`AirsonicApp`'s arguments: Airsonic's own options and what a stack shares.

    :param storage: the :class:`MusicStorage` whose volumes are mounted: config
        at ``/config`` (with its ``playlists`` and ``podcasts`` folders at
        ``/playlists`` and ``/podcasts``, so podcast episodes survive a restart and
        count against the config size), music at ``/music``. Required.
    :param timezone: ``TZ``. Default ``"Etc/UTC"`` (the blog: ``"Asia/Tokyo"``).
    :param puid: ``PUID``, the user the app runs as. Default ``1000``.
    :param pgid: ``PGID``, its group. Default ``1000``.
    :param music_read_only: mount the music volume read-only. Default ``True``:
        a streaming server has no business deleting the collection. Set it to
        ``False`` to let Airsonic write tags or cover art into the music folders.
    :param name: the Deployment and Service name, also the ``app.kubernetes.io/instance``
        label. Default ``"airsonic"``.
    :param service_port: the port of the headless Service. Default ``4040``
        (the port Airsonic itself listens on, which the image fixes).
    """

    storage: MusicStorage
    timezone: str = "Etc/UTC"
    puid: int = 1000
    pgid: int = 1000
    music_read_only: bool = True
    name: str = "airsonic"
    service_port: int = AIRSONIC_PORT

    def __post_init__(self) -> None:
        o = "AirsonicApp"
        if not isinstance(self.storage, MusicStorage):
            raise v.fail(f"{o} storage", self.storage, "a MusicStorage construct")
        super().__post_init__()
        v.timezone(f"{o} timezone", self.timezone)
        v.unprivileged_id(f"{o} puid", self.puid)
        v.unprivileged_id(f"{o} pgid", self.pgid)
        v.service_name(f"{o} name", self.name)
        v.port(f"{o} service_port", self.service_port)
        if not isinstance(self.music_read_only, bool):
            raise v.fail(f"{o} music_read_only", self.music_read_only, "True or False")


class AirsonicApp(ServerApp):
    """Airsonic with its config and music volumes, and a headless Service on port 4040.

    One replica with the Recreate strategy: the embedded HSQLDB database on the
    ReadWriteOnce config volume must never be opened by two pods. ``JAVA_OPTS``
    tells the app to trust the ingress proxy's ``X-Forwarded-*`` headers, so it
    builds https links (the blog did this by hand with ``kubectl exec``).

    For :attr:`AirsonicFlavor.AIRSONIC` (OpenJDK 8u312, blind to cgroup v2
    limits) ``JAVA_OPTS`` also bounds the heap (``-Xmx``, half the memory limit
    by default) and the processors (``-XX:ActiveProcessorCount``, the CPU limit
    rounded up), so Java is not OOM-killed on a large node. On stop, s6 waits
    ``S6_SERVICES_GRACETIME`` for Java before killing it, and the pod's grace
    period is longer than that, so HSQLDB shuts down cleanly. (The image's run
    scripts pass ``JAVA_OPTS`` split at spaces after their own options, and s6
    reads ``S6_SERVICES_GRACETIME`` in milliseconds: checked in
    docker-airsonic v10.6.2-ls134, docker-airsonic-advanced 11.1.4-ls181 and the
    s6-overlay documentation.)

    Takes ``scope``, ``id`` and the keyword arguments of :class:`AirsonicProps`
    (``storage`` and what a stack shares) and :class:`AirsonicOptions`
    (Airsonic's own options), each documented there.
    """

    @init_from(AirsonicProps)
    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id)
        p = self.props = AirsonicProps(**arguments)
        """The validated arguments."""
        self.image = p.container_image
        self.java_max_heap = p.max_heap
        """The ``-Xmx`` given to Java (a quantity), or None when the JVM sizes itself."""
        self._identify(p, component="airsonic", port=p.service_port, container_port=AIRSONIC_PORT)
        self.flavor = p.flavor
        self.timezone = p.timezone
        self.java_opts = p.java_opts
        self.startup_timeout_seconds = p.startup_timeout_seconds
        self.checkov_waivers = image_waivers(AIRSONIC_CHECKOV_WAIVERS, self.image)
        """The checkov checks waived on the Deployment, with reasons."""
        self.deployment = single_replica_deployment(
            self,
            name=p.name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            annotations=checkov_annotations(self.checkov_waivers),
            container=self._container(),
            # s6's wait for Java, plus its own kill grace (3 s) and a margin.
            termination_grace_period_seconds=SHUTDOWN_GRACE_SECONDS + 30,
            placement=p.storage.placement(p.storage.config, p.storage.music),
            volumes=[
                claim_volume("config", p.storage.config.claim_name),
                claim_volume("music", p.storage.music.claim_name, read_only=p.music_read_only),
            ],
        )
        self.service = headless_http_service(
            self,
            name=p.name,
            pod_labels=self.pod_labels,
            pod_selector=self.selector,
            port=self.port,
        )
        """The headless Service the Ingress routes to (port ``port``, named ``http``)."""

    def _container(self) -> Json:
        p = self.props
        http = {"path": "/login", "port": "http"}
        return {
            "name": "airsonic",
            "image": self.image,
            "imagePullPolicy": pull_policy(self.image),
            "env": [
                {"name": "TZ", "value": p.timezone},
                {"name": "PUID", "value": str(p.puid)},
                {"name": "PGID", "value": str(p.pgid)},
                {"name": "JAVA_OPTS", "value": self.java_opts},
                # s6 waits this long (ms) for Java to stop before killing it.
                {"name": "S6_SERVICES_GRACETIME", "value": str(SHUTDOWN_GRACE_SECONDS * 1000)},
            ],
            "ports": [{"name": "http", "containerPort": AIRSONIC_PORT, "protocol": "TCP"}],
            "resources": resources_of(p),
            # The JVM, the web app and the first library scan are slow: the
            # startup probe allows startup_timeout_seconds before liveness
            # checks begin, so a slow start is not a crash loop.
            **http_probes(
                http,
                startup_period=10,
                startup_timeout_seconds=p.startup_timeout_seconds,
                timeout=5,
                liveness_timeout=10,
            ),
            # The linuxserver image starts as root: its s6 init sets up PUID/
            # PGID, chowns /config and writes under /etc and /var/run, then
            # runs Java as PUID (see AIRSONIC_CAPABILITIES).
            "securityContext": root_init_security_context(AIRSONIC_CAPABILITIES),
            # The image's run script points Airsonic at /playlists and /podcasts:
            # without a volume there, downloaded podcast episodes and exported
            # playlists would vanish with the pod. They live beside the config.
            "volumeMounts": [
                {"name": "config", "mountPath": "/config"},
                {"name": "config", "mountPath": "/playlists", "subPath": "playlists"},
                {"name": "config", "mountPath": "/podcasts", "subPath": "podcasts"},
                {"name": "music", "mountPath": "/music", "readOnly": p.music_read_only},
            ],
        }
