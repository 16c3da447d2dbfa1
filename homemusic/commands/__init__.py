"""The ``homemusic`` console script (``cli``) and the Secret commands it runs.

``samba_users`` and ``navidrome_admin`` print the Secrets the stack reads;
``homemusic doctor`` lives in ``homemusic.doctor``. No module here imports a
construct: the commands start without cdk8s' Node.js process.
"""
