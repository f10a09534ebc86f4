"""``portail-operator CONFIG EMAIL``: create an operator account (asks for the password)."""

import argparse
import getpass
import sys

from pyramid.paster import bootstrap, setup_logging

from portail_core.models.accounts import OPERATOR, OPERATOR_TENANT
from portail_core.passwords import password_problem
from portail_core.services.accounts.lifecycle import AccountError, AccountService


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config_uri")
    parser.add_argument("email")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    password = getpass.getpass("Mot de passe : ")
    problem = password_problem(password, args.email)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    with bootstrap(args.config_uri) as env, env["request"].tm:
        service = AccountService(env["request"].dbsession, OPERATOR_TENANT)
        try:
            user = service.create_user(args.email, OPERATOR, "Opérateur", "")
        except AccountError as exc:
            print(exc, file=sys.stderr)
            return 1
        service.set_password(user, password)
    print(f"Compte opérateur créé : {args.email}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
