"""``portail-new-payment-plugin``: the skeleton it writes passes the payment conformance
suite once its protocol functions are written (here, a tiny worked example)."""

import os
import subprocess
import sys
import textwrap

import pytest

from portail_core.scripts.new_payment_plugin import SkeletonError, create, main
from portail_core.testing.fixtures import ROOT

# Another gateway than the skeleton's example: SHA-256 over "|"-joined values and the
# key (no HMAC), numeric status codes, another page path and gateway key.
WORKED_EXAMPLE = textwrap.dedent(
    '''
    """The wire protocol of the "Exemple" gateway (a tiny worked example)."""

    import hashlib
    import hmac
    from urllib.parse import parse_qsl, urlencode

    from portail_core.payments.types import Outcome

    MODES = ("TEST", "PRODUCTION")
    PAYMENT_PATH = "paiement"
    REQUIRED_NOTIFICATION_FIELDS = (
        "merchant", "reference", "amount", "currency", "mode", "transaction", "status",
        "signature",
    )
    STATUS_OUTCOMES = {
        "00": Outcome.PAID,
        "05": Outcome.REFUSED,
        "17": Outcome.CANCELLED,
        "90": Outcome.PENDING,
    }


    class DuplicateField(ValueError):
        pass


    def signature(fields, key):
        values = [fields[name] for name in sorted(fields) if name != "signature"]
        return hashlib.sha256("|".join([*values, key]).encode()).hexdigest().upper()


    def signature_matches(fields, key):
        return hmac.compare_digest(signature(fields, key), fields.get("signature", ""))


    def signed(fields, key):
        return {**fields, "signature": signature(fields, key)}


    def payment_url(base, fields):
        return f"{base}{PAYMENT_PATH}?{urlencode(fields)}"


    def parse_form(body):
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        fields = {}
        for name, value in parse_qsl(body, keep_blank_values=True, errors="strict"):
            if name in fields:
                raise DuplicateField(name)
            fields[name] = value
        return fields


    def outcome_of(status):
        return STATUS_OUTCOMES.get(status, Outcome.ERROR)


    def gateway_key(merchant, reference):
        return f"{merchant}/{reference}"
    '''
)
# Its vector, computed with ``printf '4250|SHOP0001|k' | sha256sum``.
WORKED_EXAMPLE_VECTORS = textwrap.dedent(
    """
    from portail_payment_exemple import protocol


    def test_vector():
        fields = {"amount": "4250", "merchant": "SHOP0001"}
        expected = "9A226DFA99A20040C45CCFBDBD765389BE25AD97FFD8CE39466507B5982376B4"
        assert protocol.signature(fields, "k") == expected
    """
)


def _run(*args, cwd=None, env=None):
    command = [sys.executable, "-m", *args]  # our own interpreter, our own arguments
    return subprocess.run(  # noqa: S603
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _run_tests(plugin_dir):
    env = dict(os.environ, PYTHONPATH=str(plugin_dir))
    return _run("pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=plugin_dir, env=env)


def test_the_skeleton_is_complete_and_named(tmp_path):
    target = create("exemple", tmp_path, label="Banque Exemple")
    assert target == tmp_path / "payment_exemple"
    names = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert {
        "setup.cfg",
        "pyproject.toml",
        "portail_payment_exemple/__init__.py",
        "portail_payment_exemple/protocol.py",
        "portail_payment_exemple/backend.py",
        "portail_payment_exemple/schema.py",
        "portail_payment_exemple/simulator.py",
        "portail_payment_exemple/web.py",
        "portail_payment_exemple/templates/payment.pt",
        "tests/conftest.py",
        "tests/test_contract.py",
        "tests/test_protocol.py",
        "tests/test_round_trip.py",
    } <= names
    for path in target.rglob("*"):
        if path.is_file():
            assert "{{" not in path.read_text(), path
    assert "payment_exemple = portail_payment_exemple" in (target / "setup.cfg").read_text()
    assert 'label = "Banque Exemple"' in (target / "portail_payment_exemple/backend.py").read_text()


def test_bad_names_and_existing_targets_are_refused(tmp_path, capsys):
    for name in ("Banque", "1banque", "ma-banque", "b", "x" * 21):
        with pytest.raises(SkeletonError):
            create(name, tmp_path)
    create("exemple", tmp_path)
    assert main(["exemple", str(tmp_path)]) == 2
    assert "existe déjà" in capsys.readouterr().err


def _passed(run):
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    summary = run.stdout.strip().splitlines()[-1]
    return int(summary.split(" passed")[0].split()[-1])


def test_the_generated_plugin_passes_as_generated_and_is_lint_clean(tmp_path):
    target = create("exemple", tmp_path)
    assert _passed(_run_tests(target)) >= 25
    config = ["--config", str(ROOT / "pyproject.toml")]
    lint = _run("ruff", "check", *config, "--ignore", "S105,S106", str(target))
    assert lint.returncode == 0, lint.stdout
    style = _run("ruff", "format", "--check", *config, str(target))
    assert style.returncode == 0, style.stdout


def test_the_generated_plugin_passes_the_contract_with_a_worked_example(tmp_path):
    target = create("exemple", tmp_path)
    (target / "portail_payment_exemple" / "protocol.py").write_text(WORKED_EXAMPLE)
    (target / "tests" / "test_protocol.py").write_text(WORKED_EXAMPLE_VECTORS)
    assert _passed(_run_tests(target)) >= 25
