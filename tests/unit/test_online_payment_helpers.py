"""Small pieces of online payment: cents, references every gateway accepts, labels, the
selection form, and the tenant files other tests start from."""

import tomllib
from datetime import date
from decimal import Decimal

import colander
import pytest
from portail_payment_payline.protocol import ORDER_REF_RE
from portail_payment_systempay.backend import ORDER_ID_RE
from portail_payment_tipi.protocol import refdet_for
from webob.multidict import MultiDict

from portail_core.schemas.payments import CHOOSE_ONE, SelectionSchema, selection_cstruct
from portail_core.services.payments.attempts import cents, invoice_label, new_reference
from portail_core.testing.fixtures import ROOT
from portail_core.testing.tenant_files import without_online_payment


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("237.27", 23727), ("0.01", 1), ("487.23", 48723), ("100000.00", 10000000)],
)
def test_cents_are_exact(amount, expected):
    assert cents(Decimal(amount)) == expected


def test_references_are_accepted_by_every_gateway_and_differ():
    references = {new_reference(42, date(2025, 3, 1)) for _ in range(50)}
    assert len(references) == 50
    for reference in references:
        assert reference.startswith("PAY-2025-000042-")
        assert ORDER_ID_RE.match(reference) and ORDER_REF_RE.match(reference)
        assert refdet_for(reference) is not None  # PayFiP: 6 to 30 letters and digits


def test_labels_name_the_invoices():
    assert invoice_label(["00286"]) == "Facture n° 00286"
    assert invoice_label(["00286", "00720"]) == "Factures n° 00286, 00720"


def selection(**params):
    values = MultiDict()
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            values.add(name, item)
    return SelectionSchema().deserialize(selection_cstruct(values))


def test_the_selection_reads_repeated_ids():
    assert selection(regie="periscolaire", facture=["3", "5"])["facture"] == [3, 5]


@pytest.mark.parametrize(
    ("params", "key", "message"),
    [
        ({"regie": "periscolaire"}, "facture", CHOOSE_ONE),
        ({"regie": "periscolaire", "facture": ["0"]}, "facture.0", "Facture inconnue."),
        ({"regie": "../x", "facture": ["1"]}, "regie", "Régie inconnue."),
    ],
)
def test_a_bad_selection_says_why(params, key, message):
    with pytest.raises(colander.Invalid) as failure:
        selection(**params)
    assert failure.value.asdict()[key] == message


@pytest.mark.parametrize("name", ["balaruc.toml", "batz.toml"])
def test_tenant_files_without_online_payment(name):
    shipped = (ROOT / "config" / "tenants" / name).read_text()
    assert "payment_settings" in shipped
    plain = without_online_payment(shipped)
    data = tomllib.loads(plain)
    assert data["plugins"] == [f"commune_{name.removesuffix('.toml')}"]
    assert all("payment" not in regie for regie in data["regies"].values())
    assert all("payment_settings" not in regie for regie in data["regies"].values())
    assert data["settings"] == tomllib.loads(shipped)["settings"]  # the rest is kept
