"""argon2id with parameters sized for a 2-core server, and the strength rule."""

from argon2 import PasswordHasher, Type, extract_parameters

from portail_core.passwords import hash_password, needs_rehash, password_problem, verify_password


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


def test_strength_rule():
    assert password_problem("court") is not None
    assert password_problem("toutenminuscules") is not None
    assert password_problem("Valentina-2019") is None
