"""argon2id with parameters sized for a 2-core server, and the policy of new passwords."""

from argon2 import PasswordHasher, Type, extract_parameters

from portail_core.passwords import (
    common_passwords,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)


def test_hash_is_argon2id_with_19_mib_and_two_passes():
    parameters = extract_parameters(hash_password("Valentina-2019"))
    assert parameters.type is Type.ID
    assert parameters.memory_cost == 19 * 1024
    assert parameters.time_cost == 2
    assert parameters.parallelism == 1


def test_verify_never_raises():
    hashed = hash_password("Valentina-2019")
    assert verify_password(hashed, "Valentina-2019")
    assert not verify_password(hashed, "valentina-2019")
    assert not verify_password(None, "Valentina-2019")
    assert not verify_password("pas un hash", "Valentina-2019")


def test_hashes_with_other_parameters_are_upgraded():
    old = PasswordHasher(memory_cost=65536, time_cost=3).hash("Valentina-2019")
    assert verify_password(old, "Valentina-2019")
    assert needs_rehash(old)
    assert not needs_rehash(hash_password("Valentina-2019"))


def test_twelve_characters_at_least_and_no_composition_rule():
    assert "12 caractères" in password_problem("Court-2019!").interpolate()
    assert password_problem("une phrase toute simple") is None  # no upper case, no digit
    assert password_problem("Valentina-2019") is None
    assert "200 caractères" in password_problem("x" * 150 + "y" * 51).interpolate()


def test_common_passwords_are_refused_whatever_the_case():
    assert len(common_passwords()) > 40_000
    for common in ("qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "Password1234"):
        assert "courants" in password_problem(common), common


def test_the_identifier_and_repetitions_are_refused():
    assert "identifiant" in password_problem("lea.martin.2019", "Lea.Martin.2019@example.org")
    assert "identifiant" in password_problem("lea.martin@example.org", "lea.martin@example.org")
    assert password_problem("lea.martin.2019", "autre@example.org") is None
    assert "différents" in password_problem("abababababab")
