"""MusicServer: which streaming server a HomeMusicStack deploys, with its own options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from constructs import Construct

from . import validation as v
from .airsonic import AirsonicApp, AirsonicFlavor
from .navidrome import NAVIDROME_IMAGE, NavidromeApp
from .storage import MusicStorage, StorageBackend

MusicApp = AirsonicApp | NavidromeApp
"""A streaming server construct: what an HTTPS entry can expose."""


@dataclass(frozen=True)
class MusicServer:
    """The streaming server of a :class:`HomeMusicStack`. Build it with a factory.

    ``MusicServer.airsonic()`` is the blog's choice and the default;
    ``MusicServer.navidrome()`` is the maintained one, recommended for new
    setups. Each factory takes that server's own options; the stack supplies
    what both share (name, storage, ``timezone``, ``puid``, ``pgid``,
    ``music_read_only``).
    """

    kind: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @staticmethod
    def airsonic(
        *,
        flavor: AirsonicFlavor = AirsonicFlavor.AIRSONIC,
        image: str | None = None,
        java_options: str | None = None,
        java_max_heap: str | None = None,
        startup_timeout_seconds: int = 300,
        cpu_request: str = "250m",
        memory_request: str = "512Mi",
        cpu_limit: str = "2",
        memory_limit: str = "2Gi",
    ) -> MusicServer:
        """Airsonic (or Airsonic-Advanced): see :class:`AirsonicApp` for each option."""
        return MusicServer(
            "airsonic",
            {
                "flavor": flavor,
                "image": image,
                "java_options": java_options,
                "java_max_heap": java_max_heap,
                "startup_timeout_seconds": startup_timeout_seconds,
                "cpu_request": cpu_request,
                "memory_request": memory_request,
                "cpu_limit": cpu_limit,
                "memory_limit": memory_limit,
            },
        )

    @staticmethod
    def navidrome(
        *,
        image: str = NAVIDROME_IMAGE,
        scan_schedule: str | None = None,
        log_level: str = "info",
        base_url: str | None = None,
        transcoding_cache_size: str = "100MB",
        extra_env: Mapping[str, str] | None = None,
        admin_secret_name: str | None = None,
        backup_schedule: str | None = None,
        backup_count: int = 7,
        backup_backend: StorageBackend | None = None,
        backup_size: str = "10Gi",
        restore_backup: str | None = None,
        startup_timeout_seconds: int = 120,
        cpu_request: str = "100m",
        memory_request: str = "128Mi",
        cpu_limit: str = "2",
        memory_limit: str = "1Gi",
    ) -> MusicServer:
        """Navidrome: see :class:`NavidromeApp` for each option."""
        return MusicServer(
            "navidrome",
            {
                "image": image,
                "scan_schedule": scan_schedule,
                "log_level": log_level,
                "base_url": base_url,
                "transcoding_cache_size": transcoding_cache_size,
                "extra_env": extra_env,
                "admin_secret_name": admin_secret_name,
                "backup_schedule": backup_schedule,
                "backup_count": backup_count,
                "backup_backend": backup_backend,
                "backup_size": backup_size,
                "restore_backup": restore_backup,
                "startup_timeout_seconds": startup_timeout_seconds,
                "cpu_request": cpu_request,
                "memory_request": memory_request,
                "cpu_limit": cpu_limit,
                "memory_limit": memory_limit,
            },
        )

    def build(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        storage: MusicStorage,
        shared: Mapping[str, Any],
        caller: str,
    ) -> MusicApp:
        """The app construct, named ``<name>-<kind>``.

        ``shared`` are the stack's arguments both servers take (``timezone``,
        ``puid``, ``pgid``, ``music_read_only``); errors name them as ``caller``'s
        arguments and this server's own options as the factory's.
        """
        construct: type[AirsonicApp] | type[NavidromeApp]
        construct = AirsonicApp if self.kind == "airsonic" else NavidromeApp
        owner = construct.__name__
        names = {f"{owner} {k}": f"MusicServer.{self.kind} {k}" for k in self.options}
        names.update({f"{owner} {k}": f"{caller} {k}" for k in shared})
        options = {k: val for k, val in self.options.items() if val is not None}
        with v.caller_names(names):
            return construct(
                scope,
                id,
                name=f"{name}-{self.kind}",
                storage=storage,
                **shared,
                **options,
            )
