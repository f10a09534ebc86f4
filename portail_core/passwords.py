"""Password hashing with argon2id, sized for a 2-core server, and the policy of new passwords.

19 MiB and two passes (the OWASP minimum for argon2id) cost about 20 ms a login here,
instead of the library default's 64 MiB, so a rush of parents at opening time does not
exhaust the server's memory. Hashes made with other parameters still verify and are
upgraded at the next login (``needs_rehash``).

New passwords follow NIST SP 800-63B: at least 12 characters, any characters, no
composition rule, and not one of the common passwords of ``data/common_passwords.txt.gz``.
"""

import gzip
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from portail_core.i18n import _

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Compared against when the login is unknown, so both cases cost the same time.
_DUMMY_HASH = HASHER.hash("portail-familles: unknown account")  # i18n: ignore

MIN_LENGTH = 12
MAX_LENGTH = 200
POLICY = _(
    "Au moins ${count} caractères, de toutes sortes (une phrase que vous retiendrez "
    "facilement convient très bien) ; les mots de passe trop courants sont refusés.",
    mapping={"count": MIN_LENGTH},
)


def hash_password(password):
    return HASHER.hash(password)


def verify_password(password_hash, password):
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return HASHER.check_needs_rehash(password_hash)


@cache
def common_passwords():
    """The shipped list of common passwords, lower-cased (read once per process)."""
    data = resources.files("portail_core").joinpath("data/common_passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").splitlines())


def password_problem(password, identifier=None):
    """A French message saying why a new password is refused, or ``None``.

    :param identifier: the account's login (e-mail), which the password may not repeat.
    """
    if len(password) < MIN_LENGTH:
        return _(
            "Le mot de passe doit contenir au moins ${count} caractères.",
            mapping={"count": MIN_LENGTH},
        )
    if len(password) > MAX_LENGTH:
        return _(
            "Le mot de passe ne peut pas dépasser ${count} caractères.",
            mapping={"count": MAX_LENGTH},
        )
    folded = password.strip().lower()
    if folded in common_passwords():
        return _(
            "Ce mot de passe fait partie des mots de passe les plus courants, que des "
            "pirates essaient en premier : choisissez-en un autre."
        )
    if identifier and folded in {identifier.lower(), identifier.lower().partition("@")[0]}:
        return _("Le mot de passe ne doit pas reprendre votre identifiant.")
    if len(set(folded)) < 4:
        return _("Le mot de passe répète trop peu de caractères différents : allongez-le.")
    return None
