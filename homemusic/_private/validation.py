"""Shared input checks: every construct validates its arguments here.

Each function takes the argument's name as the user wrote it (for example
``"AirsonicApp puid"``) and the value, and either returns the value (sometimes
normalised) or raises :class:`~homemusic.errors.HomeMusicError` naming the
argument, the value received and what is allowed.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from fractions import Fraction
from typing import Any
from urllib.parse import urlparse

from ..errors import HomeMusicError

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS_SUBDOMAIN_PART = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$")
# Kubernetes resource.Quantity, as the API server parses it.
_QUANTITY = re.compile(
    r"^(?P<num>[0-9]+(\.[0-9]*)?|\.[0-9]+)"
    r"(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$"
)
_EMAIL = re.compile(r"^[A-Za-z0-9.!#%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$")
# Unix user names as useradd accepts them; Samba takes them as they are.
_SAMBA_USER = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
_SAMBA_SHARE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_SAMBA_WORKGROUP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")
_NETBIOS_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,13}[A-Za-z0-9])?$")
# A Kubernetes CronJob schedule: five fields (robfig/cron's standard parser,
# names of months and days allowed) or a descriptor.
_CRON_FIELD = r"[0-9A-Za-z*/,?-]+"
_CRON = re.compile(
    r"^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
    rf"|{_CRON_FIELD}( {_CRON_FIELD}){{4}})$"
)
_SECRET_KEY = re.compile(r"^[-._a-zA-Z0-9]{1,253}$")
_TIMEZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")
_UNSAFE_PATH_CHARS = set(";\"'$`\\ \t\n,")


def fail(argument: str, value: Any, allowed: str) -> HomeMusicError:
    """Build the library's error; callers ``raise`` it."""
    return HomeMusicError(argument, value, allowed)


@contextmanager
def caller_names(names: Mapping[str, str]) -> Iterator[None]:
    """Name an inner construct's bad argument as the caller passed it.

    A construct that builds others passes its own arguments on under other
    names (``HomeMusicStack lan_cidrs`` becomes ``SambaShare lan_cidrs``); an
    error raised inside is raised again under the caller's name, from
    ``names`` (``{inner argument: caller's argument}``).
    """
    try:
        yield
    except HomeMusicError as error:
        renamed = names.get(error.argument)
        if renamed is None:
            raise
        raise HomeMusicError(renamed, error.value, error.allowed) from None


def dns_label(argument: str, value: str) -> str:
    """An RFC 1123 label: what Kubernetes accepts as a namespace name (may start with a digit)."""
    if not isinstance(value, str) or len(value) > 63 or not _DNS_LABEL.match(value):
        raise fail(
            argument,
            value,
            "an RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', "
            "starting and ending with a letter or digit",
        )
    return value


_DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


def service_name(argument: str, value: str) -> str:
    """An RFC 1035 label: what Kubernetes accepts as a Service name (starts with a letter)."""
    if not isinstance(value, str) or len(value) > 63 or not _DNS_1035_LABEL.match(value):
        raise fail(
            argument,
            value,
            "an RFC 1035 label (it names a Service): at most 63 characters of a-z, 0-9 "
            "and '-', starting with a letter and ending with a letter or digit",
        )
    return value


def dns_subdomain(argument: str, value: str) -> str:
    """An RFC 1123 subdomain: what Kubernetes accepts for most object names."""
    ok = isinstance(value, str) and 0 < len(value) <= 253
    if ok:
        ok = all(0 < len(p) <= 63 and _DNS_SUBDOMAIN_PART.match(p) for p in value.split("."))
    if not ok:
        raise fail(
            argument,
            value,
            "an RFC 1123 subdomain: lower-case labels of a-z, 0-9 and '-' joined by '.', "
            "at most 253 characters",
        )
    return value


def labelled_name(argument: str, value: str) -> str:
    """An object name that is also a label value (``app.kubernetes.io/instance``).

    The API server takes object names of up to 253 characters but label values
    of at most 63, so a longer name would pass the schema and be refused.
    """
    dns_subdomain(argument, value)
    if len(value) > 63:
        raise fail(
            argument,
            value,
            "at most 63 characters: the name is also a label value, which the API "
            "server limits to 63",
        )
    return value


# The networks a home file server belongs to: RFC 1918, link-local (RFC 3927),
# IPv6 unique-local (RFC 4193) and link-local.
HOME_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "fc00::/7",
              "fe80::/10")
)  # fmt: skip


def home_networks(
    argument: str,
    networks: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network],
    opt_in: str,
    allowed: bool,
) -> None:
    """Every network lies in a private, link-local or unique-local range, unless ``allowed``.

    ``opt_in`` names the argument that allows wider networks.
    """
    if allowed:
        return
    for network in networks:
        if not any(
            network.version == home.version and network.subnet_of(home)  # type: ignore[arg-type]
            for home in HOME_NETWORKS
        ):
            raise fail(
                argument,
                str(network),
                "a home network inside "
                f"{[str(n) for n in HOME_NETWORKS]} (private, link-local or unique-local); "
                f"anything wider exposes SMB beyond your home: pass {opt_in}=True only if you "
                "mean it",
            )


def hostname(argument: str, value: str) -> str:
    """A fully qualified public host name such as ``music.example.com``.

    Let's Encrypt issues certificates only for names with at least two labels,
    and an Ingress host may not be an IP address.
    """
    allowed = (
        "a fully qualified RFC 1123 host name such as 'music.example.com' "
        "(lower-case letters, digits and '-', at least two labels, no IP address, no wildcard)"
    )
    if not isinstance(value, str) or not value or len(value) > 253:
        raise fail(argument, value, allowed)
    labels = value.split(".")
    if len(labels) < 2 or any(len(lbl) > 63 or not _DNS_LABEL.match(lbl) for lbl in labels):
        raise fail(argument, value, allowed)
    if labels[-1].isdigit():
        raise fail(argument, value, allowed)
    return value


def email(argument: str, value: str) -> str:
    """An e-mail address Let's Encrypt accepts for an ACME account."""
    ok = isinstance(value, str) and len(value) <= 254 and bool(_EMAIL.match(value))
    if ok:
        domain = value.rsplit("@", 1)[1]
        try:
            hostname(argument, domain)
        except HomeMusicError:
            ok = False
    if not ok:
        raise fail(argument, value, "an e-mail address such as 'me@example.com'")
    return value


def ip_address(argument: str, value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """A single IPv4 or IPv6 address."""
    try:
        return ipaddress.ip_address(value)
    except (ValueError, TypeError):
        raise fail(argument, value, "an IPv4 or IPv6 address such as '192.168.0.200'") from None


def cidrs(
    argument: str, values: Sequence[str]
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """A non-empty list of network CIDRs without host bits, e.g. ``['192.168.0.0/24']``."""
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise fail(argument, values, "a non-empty list of CIDRs such as ['192.168.0.0/24']")
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=True))
        except ValueError:
            hint = ""
            try:
                hint = f" (did you mean '{ipaddress.ip_network(value, strict=False)}'?)"
            except (ValueError, TypeError):
                pass
            raise fail(
                argument,
                value,
                "a network in CIDR notation with no host bits set, such as '192.168.0.0/24'" + hint,
            ) from None
        except TypeError:
            raise fail(argument, value, "a CIDR string such as '192.168.0.0/24'") from None
    return tuple(networks)


def ip_in_networks(
    argument: str,
    value: str,
    networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network],
    networks_argument: str,
) -> str:
    """Check that an address lies in one of the networks."""
    address = ip_address(argument, value)
    nets = list(networks)
    if not any(address in net for net in nets):
        raise fail(
            argument,
            value,
            f"an address inside {networks_argument} {[str(n) for n in nets]}",
        )
    return value


def quantity(argument: str, value: str, *, positive: bool = True) -> str:
    """A Kubernetes quantity string such as ``'1000Gi'``, ``'250m'`` or ``'2'``."""
    match = _QUANTITY.match(value) if isinstance(value, str) else None
    if match is None or (positive and float(match.group("num")) <= 0):
        raise fail(
            argument,
            value,
            "a positive Kubernetes quantity such as '1000Gi', '512Mi', '250m' or '2'",
        )
    return value


_QUANTITY_FACTORS = {
    "Ki": Fraction(2**10),
    "Mi": Fraction(2**20),
    "Gi": Fraction(2**30),
    "Ti": Fraction(2**40),
    "Pi": Fraction(2**50),
    "Ei": Fraction(2**60),
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 10**3),
    "": Fraction(1),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
}


def quantity_value(value: str) -> Fraction:
    """The exact number a valid Kubernetes quantity stands for (``'1Gi'`` -> 1073741824)."""
    match = _QUANTITY.match(value)
    if match is None:
        raise ValueError(f"not a Kubernetes quantity: {value!r}")
    number = Fraction(match.group("num"))
    suffix = match.group("suffix") or ""
    if suffix[:1] in ("e", "E") and suffix not in _QUANTITY_FACTORS:
        return number * Fraction(10) ** int(suffix[1:])
    return number * _QUANTITY_FACTORS[suffix]


def request_within_limit(
    request_argument: str, request: str, limit_argument: str, limit: str
) -> None:
    """A container's request may not exceed its limit (the API server refuses the pod)."""
    if quantity_value(request) > quantity_value(limit):
        raise fail(
            request_argument,
            request,
            f"at most {limit_argument} {limit!r} (the API server refuses a pod whose "
            "request is above its limit)",
        )


def resource_arguments(owner: str, **quantities: str) -> None:
    """Check ``cpu_request``/``memory_request``/``cpu_limit``/``memory_limit`` of ``owner``."""
    for arg, qty in quantities.items():
        quantity(f"{owner} {arg}", qty)
    for kind in ("cpu", "memory"):
        request_within_limit(
            f"{owner} {kind}_request",
            quantities[f"{kind}_request"],
            f"{kind}_limit",
            quantities[f"{kind}_limit"],
        )


def storage_size(argument: str, value: str) -> str:
    """A storage quantity with a binary or decimal byte suffix, e.g. ``'1000Gi'``."""
    quantity(argument, value)
    if not re.search(r"(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$", value):
        raise fail(argument, value, "a storage size with a unit, such as '1Gi' or '1000Gi'")
    return value


def absolute_path(argument: str, value: str) -> str:
    """An absolute, normalised POSIX path without characters that break shell configs."""
    allowed = (
        "an absolute path such as '/mnt/hdd/music': starting with '/', "
        "no '.', '..' or empty segments, no trailing '/', "
        "and none of ; \" ' $ ` \\ , or whitespace"
    )
    if not isinstance(value, str) or not value.startswith("/"):
        raise fail(argument, value, allowed)
    if value != "/" and value.endswith("/"):
        raise fail(argument, value, allowed)
    segments = value.split("/")[1:]
    if value != "/" and any(s in ("", ".", "..") for s in segments):
        raise fail(argument, value, allowed)
    if any(c in _UNSAFE_PATH_CHARS for c in value):
        raise fail(argument, value, allowed)
    return value


def integer(argument: str, value: int, low: int, high: int, allowed: str) -> int:
    """An int (not a bool) from ``low`` to ``high``; ``allowed`` says so in words."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(argument, value, allowed)
    return value


def port(argument: str, value: int) -> int:
    """A TCP port number."""
    return integer(argument, value, 1, 65535, "an integer port from 1 to 65535")


def unprivileged_id(argument: str, value: int) -> int:
    """A user or group ID other than root's, as linuxserver's PUID/PGID take."""
    return integer(
        argument,
        value,
        1,
        2147483647,
        "an integer from 1 to 2147483647 (0 would run the app as root)",
    )


SAMBA_FILE_GROUP = "homemusic"
"""The Unix group of the files written over SMB, inside the Samba container."""

# Accounts of the Samba image's own /etc/passwd (Fedora's base accounts) and
# the file group. sambacc skips a user whose name is already in /etc/passwd
# (sambacc 0.9, passwd_loader.add_user) but still gives it a Samba password, so
# a Samba user "root" would act as UID 0: these names are refused.
RESERVED_SAMBA_USERS = frozenset(
    {
        "root", "bin", "daemon", "adm", "lp", "sync", "shutdown", "halt", "mail",
        "operator", "games", "ftp", "nobody", "dbus", "tss", "systemd-coredump",
        "systemd-network", "systemd-oom", "systemd-resolve", "systemd-timesync",
        SAMBA_FILE_GROUP,
    }
)  # fmt: skip


def samba_user_name(argument: str, value: str) -> str:
    """A Samba user name: a Unix user name that is not a system account of the image."""
    if not isinstance(value, str) or not _SAMBA_USER.match(value):
        raise fail(
            argument,
            value,
            "a Unix user name: 1 to 32 characters, lower-case letters, digits, '_', '.' "
            "and '-', starting with a letter or '_' (no ';', '\"', '$' or spaces)",
        )
    if value in RESERVED_SAMBA_USERS:
        raise fail(
            argument,
            value,
            "a name that is not a system account of the Samba image "
            f"(none of {sorted(RESERVED_SAMBA_USERS)})",
        )
    return value


def samba_share_name(argument: str, value: str) -> str:
    """An SMB share name (Samba's registry keys take these characters)."""
    if (
        not isinstance(value, str)
        or not _SAMBA_SHARE.match(value)
        or value.lower()
        in (
            "global",
            "homes",
            "printers",
        )
    ):
        raise fail(
            argument,
            value,
            "a share name: 1 to 80 letters, digits, '_', '.' and '-', starting with a letter "
            "or digit (no ';', '\"', '$' or spaces; not 'global', 'homes' or 'printers')",
        )
    return value


def workgroup(argument: str, value: str) -> str:
    """A NetBIOS workgroup name (at most 15 characters)."""
    if not isinstance(value, str) or not _SAMBA_WORKGROUP.match(value):
        raise fail(
            argument,
            value,
            "a NetBIOS workgroup: 1 to 15 letters, digits, '_', '.' and '-'",
        )
    return value


def netbios_name(argument: str, value: str) -> str:
    """A NetBIOS server name: at most 15 letters, digits and inner hyphens."""
    if not isinstance(value, str) or not _NETBIOS_NAME.match(value):
        raise fail(
            argument,
            value,
            "a NetBIOS name: 1 to 15 letters, digits and '-', not starting or ending with '-'",
        )
    return value


def cron_schedule(argument: str, value: str) -> str:
    """A schedule a Kubernetes CronJob takes: five cron fields or ``@daily`` and the like."""
    if not isinstance(value, str) or not _CRON.match(value):
        raise fail(
            argument,
            value,
            "a cron schedule of five fields such as '30 3 * * *', or '@daily', '@weekly'",
        )
    return value


def secret_key(argument: str, value: str) -> str:
    """A key inside a Kubernetes Secret."""
    if not isinstance(value, str) or not _SECRET_KEY.match(value):
        raise fail(argument, value, "a Secret key: letters, digits, '-', '_' and '.'")
    return value


@functools.cache
def _timezone_exists(name: str) -> bool:
    import zoneinfo

    if name in ("posixrules", "Factory", "localtime"):  # files, not zones
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone(argument: str, value: str) -> str:
    """A tz database name such as ``'Asia/Tokyo'`` or ``'Etc/UTC'`` that exists.

    An unknown name is not an error to the container: it silently runs in UTC.
    The names come from Python's ``zoneinfo`` (the ``tzdata`` package).
    """
    if not isinstance(value, str) or not _TIMEZONE.match(value) or not _timezone_exists(value):
        raise fail(
            argument,
            value,
            "a tz database name such as 'Asia/Tokyo' or 'Etc/UTC' (the container "
            "would silently run in UTC with an unknown one)",
        )
    return value


def https_url(argument: str, value: str) -> str:
    """An absolute https:// URL (an ACME directory)."""
    parsed = urlparse(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme != "https" or not parsed.netloc or " " in value:
        raise fail(
            argument,
            value,
            "an https:// URL such as 'https://acme-v02.api.letsencrypt.org/directory'",
        )
    return value


# The reference grammar of the distribution project (what the kubelet parses):
# [registry[:port]/]path[:tag][@digest], path components lower-case.
_IMAGE = re.compile(
    r"^(?P<name>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?$"
)


def image(argument: str, value: str) -> str:
    """A container image reference pinned by tag or digest (never implicit ``latest``)."""
    match = _IMAGE.match(value) if isinstance(value, str) else None
    ok = match is not None and (
        match.group("digest") is not None
        or (match.group("tag") is not None and match.group("tag") != "latest")
    )
    if not ok:
        raise fail(
            argument,
            value,
            "an image pinned by tag or digest, such as 'repo/name:1.2.3' or "
            "'repo/name@sha256:<64 hex digits>' (not ':latest', not untagged)",
        )
    return value


def unique(argument: str, values: Iterable[str]) -> None:
    """Every value appears once."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise fail(argument, value, "each name only once")
        seen.add(value)
