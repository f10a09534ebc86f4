"""Portail Familles core: the Pyramid application factory and the plugin author's API.

Plugin authors import ``hookimpl`` from here to mark their hook implementations.
"""

from pyramid.config import Configurator

from portail_core.hookspecs import hookimpl

__all__ = ["hookimpl", "main"]


def main(global_config, **settings):
    """Build the WSGI application from the ``[app:main]`` settings."""
    with Configurator(settings=settings) as config:
        # Order matters: settings and the plugin manager come first because tenant
        # validation needs every plugin's settings schema; the database (then the audit
        # trail, which watches its sessions) and security come before the views that use
        # them; plugins configure Pyramid last so they can rely on everything the core
        # has set up.
        config.include(".settings")
        config.include(".plugins")
        config.include(".tenancy")
        config.include(".i18n")
        config.include(".models")
        config.include(".services.audit.tracking")
        config.include(".mail")
        config.include(".storage")
        config.include(".security")
        config.include(".logs")
        config.include(".headers")
        config.include(".limits")
        config.include(".health")
        config.include(".rendering")
        config.include(".routes")
        config.scan(".views")
        config.include(".plugins.bridge")
    return config.make_wsgi_app()
