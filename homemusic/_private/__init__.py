"""The library's internals, shared by the constructs (not public API).

Nothing here is exported from ``homemusic``, and any of it may change in any
release: ``k8s`` (how the Kubernetes objects are built), ``validation`` (the
shared argument checks), ``options`` (options defined once), ``network``
(NetworkPolicies, checkov waivers), ``compat`` (removed arguments refused),
``secret_keys`` (the keys of the user-made Secrets) and ``node`` (the Node.js
jsii starts).
"""
