"""The ``homemusic`` console script (``cli``) and the commands it runs.

``samba_users``, ``navidrome_admin`` and ``backup_secret`` print the Secrets
the stack reads; ``graph`` draws ``dist/``; ``homemusic doctor`` lives in
``homemusic.doctor``. No module here imports a construct: the commands start
without cdk8s' Node.js process (tests/test_startup.py).
"""
