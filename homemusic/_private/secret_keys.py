"""The keys of the Secrets the owner makes (not public API).

The constructs mount these keys and the Secret commands write them; both
import them from here, a module that loads nothing else, so the commands
never import a construct (and with it cdk8s and its Node.js process).
"""

SAMBA_USERS_KEY = "users.json"
"""The key of the users file (sambacc's ``users.json``) in the Samba users Secret."""

NAVIDROME_ADMIN_KEY = "navidrome.toml"
"""The key of Navidrome's admin Secret: a Navidrome config file (TOML) with two settings."""
