"""Password hashing with argon2id, sized for a 2-core server.

19 MiB and two passes (the OWASP minimum for argon2id) cost about 20 ms a login here,
instead of the library default's 64 MiB, so a rush of parents at opening time does not
exhaust the server's memory. Hashes made with other parameters still verify and are
upgraded at the next login (``needs_rehash``).
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Compared against when the login is unknown, so both cases cost the same time.
_DUMMY_HASH = HASHER.hash("portail-familles: unknown account")

MIN_LENGTH = 10


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


def password_problem(password):
    """A French message saying why a new password is too weak, or ``None``."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 3:
        return (
            "Le mot de passe doit mêler au moins trois sortes de caractères parmi : "
            "minuscules, majuscules, chiffres et symboles."
        )
    return None
