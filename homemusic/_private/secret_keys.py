"""The keys of the Secrets the owner makes (not public API).

The constructs mount these keys and the Secret commands write them; both
import them from here, a module that loads nothing else, so the commands
never import a construct (and with it cdk8s and its Node.js process).
"""

SAMBA_USERS_KEY = "users.json"
"""The key of the users file (sambacc's ``users.json``) in the Samba users Secret."""

NAVIDROME_ADMIN_KEY = "navidrome.toml"
"""The key of Navidrome's admin Secret: a Navidrome config file (TOML) with two settings."""

SECRET_KEYS_REQUIRED = ("RESTIC_REPOSITORY", "RESTIC_PASSWORD")
"""The keys every off-site backup Secret holds (``homemusic backup-secret`` writes them)."""
BACKEND_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
    "AWS_SESSION_TOKEN",
    "B2_ACCOUNT_ID",
    "B2_ACCOUNT_KEY",
    "AZURE_ACCOUNT_NAME",
    "AZURE_ACCOUNT_KEY",
    "GOOGLE_PROJECT_ID",
    "RESTIC_REST_USERNAME",
    "RESTIC_REST_PASSWORD",
)
"""Backend variables ``homemusic backup-secret --backend-variable`` accepts, as restic
names them (doc/030_preparing_a_new_repo.rst, v0.19.1; VolSync's mover passes the
same names, internal/controller/mover/restic/mover.go, v0.16.0)."""
