"""Application settings: typed reads and the environment variables that override the ini.

Rate limits are named ``<action>_per_account`` / ``<action>_per_address`` and set as
``portail.rate_limits.<name> = <count>/<window>`` (``5/15min``, ``3/1h``, ``30s``, ``1d``).
"""

import os
import re
from dataclasses import dataclass
from datetime import timedelta

from pyramid.settings import asbool

# Environment variables that win over the ini file, so that no production secret or
# database password has to live in the repository.
ENVIRONMENT_OVERRIDES = {
    "PORTAIL_DATABASE_URL": "sqlalchemy.url",
    "PORTAIL_SESSION_SECRET": "portail.session_secret",
    "PORTAIL_TENANTS_DIR": "portail.tenants_dir",
    "PORTAIL_MAIL_DIR": "mail.debug_directory",
    "PORTAIL_FILES_DIR": "portail.files_dir",
    "PORTAIL_FILES_BACKEND": "portail.files_backend",
    "PORTAIL_S3_BUCKET": "portail.files_s3.bucket",
    "PORTAIL_S3_ENDPOINT_URL": "portail.files_s3.endpoint_url",
    "PORTAIL_S3_REGION": "portail.files_s3.region",
}

# Limits and lifetimes, in bytes and seconds (see docs/security.md).
INTEGER_DEFAULTS = {
    "portail.max_body_bytes": 1024 * 1024,
    "portail.max_upload_bytes": 12 * 1024 * 1024,
    "portail.session_idle_timeout": 30 * 60,
    "portail.session_max_age": 12 * 3600,
}


RATE_LIMIT_PREFIX = "portail.rate_limits."
DEFAULT_RATE_LIMITS = {
    "login_per_account": "5/15min",  # failed logins
    "login_per_address": "30/15min",
    "two_step_per_account": "5/15min",  # wrong codes at the second step of a login
    "two_step_per_address": "30/15min",
    "reset_per_account": "3/1h",  # « mot de passe oublié » requests
    "reset_per_address": "10/1h",
    "activation_per_account": "10/15min",  # attempts on an activation or reset link
    "activation_per_address": "30/15min",
    "contact_per_account": "3/1h",  # « Contactez-nous » messages, per e-mail typed
    "contact_per_address": "5/1h",
}
UNITS = {"s": 1, "min": 60, "h": 3600, "d": 86400}
LIMIT_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|min|h|d)\s*$")


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


def parse_limit(text):
    """``"5/15min"`` → ``Limit(5, 15 minutes)``; :class:`ValueError` when malformed."""
    match = LIMIT_RE.match(str(text))
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"« {text} » : attendu <nombre>/<durée>, par exemple 5/15min ou 3/1h")
    seconds = int(match.group(2) or 1) * UNITS[match.group(3)]
    return Limit(int(match.group(1)), timedelta(seconds=seconds))


def rate_limits_from_settings(settings):
    """Every named limit: the ini's ``portail.rate_limits.*`` over the defaults.

    Raises :class:`ValueError` naming the key when a value is malformed or a name unknown.
    """
    values = dict(DEFAULT_RATE_LIMITS)
    for key, value in settings.items():
        if not key.startswith(RATE_LIMIT_PREFIX):
            continue
        name = key[len(RATE_LIMIT_PREFIX) :]
        if name not in DEFAULT_RATE_LIMITS:
            raise ValueError(
                f"{key} : limite inconnue (connues : {', '.join(DEFAULT_RATE_LIMITS)})"
            )
        values[name] = value
    limits = {}
    for name, value in values.items():
        try:
            limits[name] = parse_limit(value)
        except ValueError as exc:
            raise ValueError(f"{RATE_LIMIT_PREFIX}{name} {exc}") from None
    return limits


def apply_environment(settings, environ=None):
    environ = os.environ if environ is None else environ
    for variable, key in ENVIRONMENT_OVERRIDES.items():
        if environ.get(variable):
            settings[key] = environ[variable]
    return settings


def includeme(config):
    settings = apply_environment(config.get_settings())
    settings["portail.secure_cookies"] = asbool(settings.get("portail.secure_cookies", True))
    settings["portail.allow_secret_defaults"] = asbool(
        settings.get("portail.allow_secret_defaults", False)
    )
    # Bodies over the limit are refused before pyramid_retry copies them (limits.py).
    settings.setdefault("retry.activate_hook", "portail_core.limits.retry_attempts")
    for key, default in INTEGER_DEFAULTS.items():
        settings[key] = int(settings.get(key, default))
    secret = settings.get("portail.session_secret", "")
    if len(secret) < 32:
        raise ValueError(
            "portail.session_secret (or PORTAIL_SESSION_SECRET) must hold at least 32 characters"
        )
    # Named rate limits (login, reset, activation, contact…): a wrong value stops the start.
    settings["portail.rate_limits"] = rate_limits_from_settings(settings)
