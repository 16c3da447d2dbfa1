"""homemusic: cdk8s constructs for a private music server on a home Kubernetes cluster.

Airsonic or Navidrome streams your music over HTTPS (an Ingress or a
Gateway, certificates from cert-manager), and
Samba (the Samba team's samba-server image) serves the same files on the LAN
(MetalLB). See the README for the
architecture and a complete example.
"""

from ._node import use_bundled_node as _use_bundled_node

# Before cdk8s (imported below) starts its Node.js process.
_use_bundled_node()

from .airsonic import (  # noqa: E402
    AIRSONIC_CAPABILITIES,
    AirsonicApp,
    AirsonicFlavor,
    AirsonicOptions,
    AirsonicProps,
)
from .backup import (  # noqa: E402
    RESTIC_IMAGE,
    BackupOptions,
    OffsiteBackup,
    ResticBackups,
    ResticOptions,
    VolSyncBackups,
    VolSyncOptions,
)
from .chart import (  # noqa: E402
    HomeMusicChart,
    HomeMusicChartProps,
    HomeMusicStack,
    HomeMusicStackProps,
)
from .entry import HttpsEntry  # noqa: E402
from .errors import HomeMusicError  # noqa: E402
from .gateway import (  # noqa: E402
    ExistingGatewayOptions,
    GatewayOptions,
    GatewayRoute,
    GatewayRouteProps,
    RoutesFrom,
    TlsGateway,
    TlsGatewayProps,
)
from .ingress import IngressController, IngressOptions, TlsIngress, TlsIngressProps  # noqa: E402
from .issuers import (  # noqa: E402
    AcmeIssuer,
    GatewayParent,
    IssuerOptions,
    LetsEncrypt,
    LetsEncryptIssuers,
)
from .metallb import MetalLbPool  # noqa: E402
from .navidrome import NAVIDROME_IMAGE, NavidromeApp, NavidromeOptions, NavidromeProps  # noqa: E402
from .output import SynthError, render, synth  # noqa: E402
from .samba import (  # noqa: E402
    SAMBA_CAPABILITIES,
    SAMBA_IMAGE,
    SambaShare,
    SambaShareProps,
    SambaUser,
    Share,
)
from .server import MusicServer  # noqa: E402
from .storage import (  # noqa: E402
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


def __getattr__(name: str) -> str:
    """``__version__``: the installed release (pyproject.toml's), read when asked for.

    Looked up lazily, so ``import homemusic`` (every synth) does not load
    importlib.metadata. See CHANGELOG.md.
    """
    if name != "__version__":
        raise AttributeError(f"module 'homemusic' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("homemusic")
    except PackageNotFoundError:  # a source tree nobody installed (make synth installs it)
        return "0+unknown"


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
