"""homemusic: cdk8s constructs for a private music server on a home Kubernetes cluster.

Airsonic or Navidrome streams your music over HTTPS (an Ingress or a
Gateway, certificates from cert-manager), and
Samba (the Samba team's samba-server image) serves the same files on the LAN
(MetalLB). See the README for the
architecture and a complete example.
"""

from typing import TYPE_CHECKING, Any

from ._private.node import use_bundled_node as _use_bundled_node

# Before anything imports cdk8s (which starts jsii's Node.js process).
_use_bundled_node()

if TYPE_CHECKING:  # what type checkers and IDEs read; at run time __getattr__ below
    from .chart import (
        HomeMusicChart,
        HomeMusicChartProps,
        HomeMusicStack,
        HomeMusicStackProps,
    )
    from .choices.entry import HttpsEntry
    from .choices.server import MusicServer
    from .constructs.airsonic import (
        AIRSONIC_CAPABILITIES,
        AirsonicApp,
        AirsonicFlavor,
        AirsonicOptions,
        AirsonicProps,
    )
    from .constructs.backup import (
        RESTIC_IMAGE,
        BackupOptions,
        OffsiteBackup,
        ResticBackups,
        ResticOptions,
        VolSyncBackups,
        VolSyncOptions,
    )
    from .constructs.gateway import (
        ExistingGatewayOptions,
        GatewayOptions,
        GatewayRoute,
        GatewayRouteProps,
        RoutesFrom,
        TlsGateway,
        TlsGatewayProps,
    )
    from .constructs.ingress import IngressController, IngressOptions, TlsIngress, TlsIngressProps
    from .constructs.issuers import (
        AcmeIssuer,
        GatewayParent,
        IssuerOptions,
        LetsEncrypt,
        LetsEncryptIssuers,
    )
    from .constructs.metallb import MetalLbPool
    from .constructs.navidrome import (
        NAVIDROME_IMAGE,
        NavidromeApp,
        NavidromeOptions,
        NavidromeProps,
    )
    from .constructs.samba import (
        SAMBA_CAPABILITIES,
        SAMBA_IMAGE,
        SambaShare,
        SambaShareProps,
        SambaUser,
        Share,
    )
    from .constructs.storage import (
        AccessMode,
        BackendKind,
        DynamicClaim,
        ExistingClaim,
        MusicStorage,
        Placement,
        StaticVolume,
        StorageBackend,
        StorageClaim,
    )
    from .errors import HomeMusicError
    from .output import SynthError, render, synth

_LAZY: dict[str, tuple[str, ...]] = {
    ".constructs.backup": (
        "RESTIC_IMAGE",
        "BackupOptions",
        "OffsiteBackup",
        "ResticBackups",
        "ResticOptions",
        "VolSyncBackups",
        "VolSyncOptions",
    ),
    ".constructs.airsonic": (
        "AIRSONIC_CAPABILITIES",
        "AirsonicApp",
        "AirsonicFlavor",
        "AirsonicOptions",
        "AirsonicProps",
    ),
    ".chart": ("HomeMusicChart", "HomeMusicChartProps", "HomeMusicStack", "HomeMusicStackProps"),
    ".choices.entry": ("HttpsEntry",),
    ".errors": ("HomeMusicError",),
    ".constructs.gateway": (
        "ExistingGatewayOptions",
        "GatewayOptions",
        "GatewayRoute",
        "GatewayRouteProps",
        "RoutesFrom",
        "TlsGateway",
        "TlsGatewayProps",
    ),
    ".constructs.ingress": ("IngressController", "IngressOptions", "TlsIngress", "TlsIngressProps"),
    ".constructs.issuers": (
        "AcmeIssuer",
        "GatewayParent",
        "IssuerOptions",
        "LetsEncrypt",
        "LetsEncryptIssuers",
    ),
    ".constructs.metallb": ("MetalLbPool",),
    ".constructs.navidrome": (
        "NAVIDROME_IMAGE",
        "NavidromeApp",
        "NavidromeOptions",
        "NavidromeProps",
    ),
    ".output": ("SynthError", "render", "synth"),
    ".constructs.samba": (
        "SAMBA_CAPABILITIES",
        "SAMBA_IMAGE",
        "SambaShare",
        "SambaShareProps",
        "SambaUser",
        "Share",
    ),
    ".choices.server": ("MusicServer",),
    ".constructs.storage": (
        "AccessMode",
        "BackendKind",
        "DynamicClaim",
        "ExistingClaim",
        "MusicStorage",
        "Placement",
        "StaticVolume",
        "StorageBackend",
        "StorageClaim",
    ),
}
"""Module -> the public names it defines: each module is imported on first use.

The same names as the ``TYPE_CHECKING`` imports above and ``__all__`` below
(tests/test_package.py checks that the three agree). ``import homemusic`` alone
loads none of them, so the commands (``homemusic --help``, ``homemusic doctor``,
the Secret commands) never start cdk8s' Node.js process.
"""

_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for (PEP 562).

    ``__version__``: the installed release (pyproject.toml's), read when asked
    for, so ``import homemusic`` does not load importlib.metadata either. See
    CHANGELOG.md.
    """
    module = _MODULE_OF.get(name)
    if module is not None:
        from importlib import import_module

        value = getattr(import_module(module, __name__), name)
        globals()[name] = value  # the next lookup does not come here
        return value
    if name != "__version__":
        raise AttributeError(f"module 'homemusic' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("homemusic")
    except PackageNotFoundError:  # a source tree nobody installed (make synth installs it)
        return "0+unknown"


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "AIRSONIC_CAPABILITIES",
    "NAVIDROME_IMAGE",
    "RESTIC_IMAGE",
    "SAMBA_CAPABILITIES",
    "SAMBA_IMAGE",
    "AccessMode",
    "AcmeIssuer",
    "AirsonicApp",
    "AirsonicFlavor",
    "AirsonicOptions",
    "AirsonicProps",
    "BackendKind",
    "BackupOptions",
    "DynamicClaim",
    "ExistingClaim",
    "ExistingGatewayOptions",
    "GatewayOptions",
    "GatewayParent",
    "GatewayRoute",
    "GatewayRouteProps",
    "HomeMusicChart",
    "HomeMusicChartProps",
    "HomeMusicError",
    "HomeMusicStack",
    "HomeMusicStackProps",
    "HttpsEntry",
    "IngressController",
    "IngressOptions",
    "IssuerOptions",
    "LetsEncrypt",
    "LetsEncryptIssuers",
    "MetalLbPool",
    "MusicServer",
    "MusicStorage",
    "NavidromeApp",
    "NavidromeOptions",
    "NavidromeProps",
    "OffsiteBackup",
    "Placement",
    "ResticBackups",
    "ResticOptions",
    "RoutesFrom",
    "SambaShare",
    "SambaShareProps",
    "SambaUser",
    "Share",
    "StaticVolume",
    "StorageBackend",
    "StorageClaim",
    "SynthError",
    "TlsGateway",
    "TlsGatewayProps",
    "TlsIngress",
    "TlsIngressProps",
    "VolSyncBackups",
    "VolSyncOptions",
    "render",
    "synth",
]
