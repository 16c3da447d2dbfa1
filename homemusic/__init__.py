"""homemusic: cdk8s constructs for a private music server on a home Kubernetes cluster.

Airsonic streams your music over HTTPS (ingress-nginx + cert-manager), and
Samba (the Samba team's samba-server image) serves the same files on the LAN
(MetalLB). See the README for the
architecture and a complete example.
"""

from ._node import use_bundled_node as _use_bundled_node

# Before cdk8s (imported below) starts its Node.js process.
_use_bundled_node()

from . import samba_users  # noqa: E402
from .airsonic import AIRSONIC_CAPABILITIES, AirsonicApp, AirsonicFlavor  # noqa: E402
from .chart import HomeMusicChart, HomeMusicStack, HomeMusicStackProps  # noqa: E402
from .errors import HomeMusicError  # noqa: E402
from .ingress import AcmeIssuer, LetsEncrypt, TlsIngress  # noqa: E402
from .metallb import MetalLbPool  # noqa: E402
from .navidrome import NAVIDROME_IMAGE, NavidromeApp  # noqa: E402
from .output import SynthError, render, synth  # noqa: E402
from .samba import SAMBA_CAPABILITIES, SAMBA_IMAGE, SambaShare, SambaUser, Share  # noqa: E402
from .server import MusicServer  # noqa: E402
from .storage import BackendKind, MusicStorage, StaticVolume, StorageBackend  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "AIRSONIC_CAPABILITIES",
    "NAVIDROME_IMAGE",
    "SAMBA_CAPABILITIES",
    "SAMBA_IMAGE",
    "AcmeIssuer",
    "AirsonicApp",
    "AirsonicFlavor",
    "BackendKind",
    "HomeMusicChart",
    "HomeMusicError",
    "HomeMusicStack",
    "HomeMusicStackProps",
    "LetsEncrypt",
    "MetalLbPool",
    "MusicServer",
    "MusicStorage",
    "NavidromeApp",
    "SambaShare",
    "SambaUser",
    "Share",
    "StaticVolume",
    "StorageBackend",
    "SynthError",
    "TlsIngress",
    "render",
    "samba_users",
    "synth",
]
