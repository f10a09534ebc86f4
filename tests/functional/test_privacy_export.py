"""« Télécharger mes données »: one ZIP with the family's whole file as JSON and the files it
sent, in a number of queries that does not grow with the children or the documents."""

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from portail_core.models.family import ChildVaccination, PickupPerson
from portail_core.services.family.documents import DocumentService
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.billing import published_invoice
from portail_core.testing.family import FAMILY_CREDENTIAL

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def fill(app, dbsession, family):
    """Each child: a vaccination, a pick-up person, a document; one invoice paid at the
    counter."""
    tenant = app.registry.tenants.get(family.tenant_id)
    documents = DocumentService(dbsession, tenant, app.registry.file_store)
    for index, child in enumerate(family.children):
        child.vaccinations.append(
            ChildVaccination(
                tenant_id=tenant.id, vaccine="BCG", done=True, last_date=date(2015, 1, 2)
            )
        )
        child.pickup_persons.append(
            PickupPerson(tenant_id=tenant.id, last_name="MAMIE", first_name="X", link="", phone="")
        )
        upload = {
            "filename": f"../vaccins {index}.pdf",
            "mime_type": "application/pdf",
            "data": PDF + bytes([index]),
        }
        documents.create(family, child, {"name": f"Doc {index}", "doc_type": ""}, upload, None)
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["12.50", "3.05"])
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "cheque", Decimal("15.55"), [invoice.id], number="CHQ"
    )
    dbsession.commit()


def download(client, family):
    client.login(f"{family.name.lower()}@example.org", FAMILY_CREDENTIAL)
    page = client.get("/mon-compte")
    assert "Télécharger mes données" in page.text
    return page.forms["export-form"]


@pytest.fixture
def families(demo_data, app, dbsession, family_factory):
    small = family_factory("balaruc", "PETITE", children=1)
    large = family_factory("balaruc", "GRANDE", children=5)
    for family in (small, large):
        fill(app, dbsession, family)
    return small, large


def unzip(response):
    archive = zipfile.ZipFile(io.BytesIO(response.body))
    return archive, {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_the_whole_file_and_the_original_documents(families, balaruc):
    small, large = families
    response = download(balaruc, large).submit()
    assert response.content_type == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive, files = unzip(response)
    family = json.loads(files["famille.json"])
    assert family["famille"][0]["name"] == "GRANDE"
    assert "password_hash" not in family["identifiants"][0]
    children = json.loads(files["enfants.json"])
    assert len(children["enfants"]) == 5 and len(children["vaccinations"]) == 5
    assert children["vaccinations"][0]["last_date"] == "2015-01-02"
    documents = json.loads(files["documents.json"])
    assert len(documents) == 5 and "storage_key" not in documents[0]
    for index, document in enumerate(documents):
        name = f"documents/{document['id']}-vaccins {index}.pdf"
        assert files[name] == PDF + bytes([index])
    invoices = json.loads(files["factures.json"])
    assert invoices["factures"][0]["total"] == "15.55"
    assert [line["amount"] for line in invoices["lignes"]] == ["12.50", "3.05"]
    payments = json.loads(files["paiements.json"])
    assert payments["paiements"][0]["amount"] == "15.55"
    assert "raw_data" not in payments["paiements"][0]
    history = json.loads(files["historique.json"])
    assert any(entry["field"] == "Paiement enregistré" for entry in history)
    assert "PETITE" not in response.body.decode("latin-1")  # nothing of another family


def test_the_download_is_recorded_and_needs_the_csrf_token(families, balaruc, dbsession):
    small, _ = families
    form = download(balaruc, small)
    balaruc.post("/famille/mes-donnees", status=400)  # no CSRF token
    form.submit()
    history = balaruc.get("/famille/historique")
    assert "Téléchargement des données" in history.text
    balaruc.get("/famille/mes-donnees", status=404)  # a GET changes nothing: no such page


def test_the_query_count_does_not_grow_with_children_or_documents(
    families, app, client_for, query_counter
):
    counts = []
    for family in families:
        client = client_for("balaruc")
        form = download(client, family)
        with query_counter as counted:
            form.submit()
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
