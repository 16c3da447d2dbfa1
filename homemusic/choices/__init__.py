"""The choice objects that bring their own arguments; import them from ``homemusic``.

``MusicServer`` (which streaming server, ``server``) and ``HttpsEntry`` (which
HTTPS entry, ``entry``): a factory per choice takes that choice's options, and
the stack builds the construct it names. Choices that bring no construct of
their own (``StorageBackend``, ``LetsEncrypt``, ...) stay beside the construct
that reads them.
"""
