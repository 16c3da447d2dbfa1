"""The constructs, one module per construct; import them from ``homemusic``.

Each module holds one construct with its options and props types and the
choices (enums, small classes) only it reads: ``storage`` (``MusicStorage``,
``StorageBackend``), ``samba`` (``SambaShare``), ``airsonic`` and
``navidrome`` (the streaming servers), ``ingress`` and ``gateway`` (the HTTPS
entries), ``issuers`` (the ACME issuers) and ``metallb`` (``MetalLbPool``).
The stack that composes them is ``homemusic.chart``.
"""
