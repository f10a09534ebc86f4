"""Application settings: typed reads and the environment variables that override the ini."""

import os

from pyramid.settings import asbool

# Environment variables that win over the ini file, so that no production secret or
# database password has to live in the repository.
ENVIRONMENT_OVERRIDES = {
    "PORTAIL_DATABASE_URL": "sqlalchemy.url",
    "PORTAIL_SESSION_SECRET": "portail.session_secret",
    "PORTAIL_TENANTS_DIR": "portail.tenants_dir",
    "PORTAIL_MAIL_DIR": "mail.debug_directory",
    "PORTAIL_FILES_DIR": "portail.files_dir",
}


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
    secret = settings.get("portail.session_secret", "")
    if len(secret) < 32:
        raise ValueError(
            "portail.session_secret (or PORTAIL_SESSION_SECRET) must hold at least 32 characters"
        )
