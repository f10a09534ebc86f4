"""Every route of the core. Names are ``area.action``; one function per area."""


def add_public_routes(config):
    config.add_route("home", "/")


def add_account_routes(config):
    config.add_route("accounts.login", "/connexion")
    config.add_route("accounts.logout", "/deconnexion")
    config.add_route("accounts.forgot", "/mot-de-passe-oublie")
    config.add_route("accounts.reset", "/reinitialiser/{token}")
    config.add_route("accounts.activate", "/activation/{token}")
    config.add_route("accounts.account", "/mon-compte")
    config.add_route("accounts.change_password", "/mon-compte/mot-de-passe")
    config.add_route("accounts.change_email", "/mon-compte/identifiant")
    config.add_route("accounts.confirm_email", "/mon-compte/identifiant/{token}")


def add_agent_routes(config):
    config.add_route("agents.home", "/agents/")
    config.add_route("agents.accounts", "/agents/comptes")
    config.add_route("agents.accounts.new", "/agents/comptes/nouveau")
    config.add_route("agents.accounts.toggle", "/agents/comptes/{user_id:\\d+}/activation")
    config.add_route("agents.families", "/agents/familles")
    config.add_route("agents.families.new", "/agents/familles/nouvelle")
    config.add_route("agents.families.invite", "/agents/familles/{family_id:\\d+}/invitation")


def add_operator_routes(config):
    config.add_route("operator.login", "/-/connexion", operator_host=True)
    config.add_route("operator.plugins", "/-/plugins", operator_host=True)
    config.add_route("operator.plugins_json", "/-/plugins.json", operator_host=True)


def includeme(config):
    add_public_routes(config)
    add_account_routes(config)
    add_agent_routes(config)
    add_operator_routes(config)
