"""The audit trail: who changed what, when and from which page, in the family file, the child
sheets, bookings, invoices and payments; parents read their own family's, agents any family's
of their commune, the operator the agents' actions of every commune."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from webtest import TestApp

from portail_core.demo.builder import DemoBuilder
from portail_core.models.audit import AuditEntry
from portail_core.models.family import Family
from portail_core.services.audit.trail import MASK, AuditTrail
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.billing import published_invoice
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

PARENT = ("valentina.test@example.org", "Valentina-2019")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
BATZ_AGENT = ("sej@batz.example.org", "Agent-Batz-2018")
MONDAY = date(2026, 6, 8)
NOW = paris(2026, 6, 1, 9, 0)


def entries(dbsession, **where):
    dbsession.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return dbsession.scalars(query).all()


def family_named(dbsession, name="TEST", tenant_id="balaruc"):
    return dbsession.scalar(
        select(Family).where(Family.tenant_id == tenant_id, Family.name == name)
    )


def test_a_parents_change_records_who_when_and_the_page(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_1.phone_mobile"] = "07 01 02 03 04"
    form.submit("save", index=1).follow()
    entry = entries(dbsession, field="Téléphone portable")[-1]
    assert (entry.page, entry.actor_role, entry.actor_label) == (
        "family.edit",
        "parent",
        "Sophie TEST (famille)",
    )
    assert entry.family_id == family_named(dbsession).id
    page = balaruc.get("/famille/historique")
    assert "Depuis" in page.text and "Modifier les informations de la famille" in page.text
    assert "Sophie TEST (famille)" in page.text and "Système" in page.text
    assert "(family.edit)" not in page.text  # route names are for agents


def test_an_agents_change_shows_in_the_family_history_with_its_page(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    family = family_named(dbsession)
    form = balaruc.get(f"/agents/familles/{family.id}/modifier").forms["family-form"]
    form["quotient_familial"] = "701,20"
    form.submit("save", index=1).follow()
    entry = entries(dbsession, field="Quotient familial")[-1]
    assert (entry.page, entry.actor_role) == ("agents.family.edit", "agent")
    page = balaruc.get(f"/agents/familles/{family.id}/historique")
    assert "Espace agents — dossier famille" in page.text and "(agents.family.edit)" in page.text


@pytest.fixture
def world(app, dbsession, monkeypatch):
    """A Balaruc ALE period held for agents, one family enrolled, one agent."""
    freeze(monkeypatch, NOW)
    tenant = app.registry.tenants.get("balaruc")
    DemoBuilder(dbsession, tenant).agent(*AGENT, "Secrétariat", "SEJ")
    period = make_period(dbsession, tenant, "ale_primaire", MONDAY, units=["matin"])
    family = make_family(dbsession, tenant, "AUDIT", "audit@example.org", "Secret-2019-xyz", ["A"])
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return tenant, period, family


def test_bookings_and_the_agents_decisions_are_in_the_trail(world, balaruc, dbsession):
    tenant, period, family = world
    saved = book(
        dbsession, tenant, family, period, family.children, period.units[0], [MONDAY], NOW
    ).reservations[0]
    dbsession.commit()
    created = entries(dbsession, target_type="reservation", action="create")
    assert [(e.family_id, e.target_id, e.field) for e in created] == [
        (family.id, saved.id, "Demande de réservation")
    ]
    assert period.name in created[0].new_value and "1 jour(s)" in created[0].new_value
    balaruc.login(*AGENT)
    form = balaruc.get(f"/agents/reservations/{saved.id}").forms["decide"]
    form.submit("tout", value=f"accept:{saved.id}").follow()
    decided = entries(dbsession, field="Traitement de la demande")
    assert len(decided) == 1
    assert decided[0].page == "agents.bookings.reservation"
    assert decided[0].actor_role == "agent" and decided[0].family_id == family.id
    assert decided[0].new_value.startswith("Acceptée : 08/06/2026")


def test_invoices_and_payments_are_recorded_whatever_changes_them(demo_data, app, dbsession):
    tenant = app.registry.tenants.get("balaruc")
    family = family_named(dbsession)
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["12.50"])
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "cheque", Decimal("12.50"), [invoice.id], number="CHQ1"
    )
    dbsession.commit()
    about_invoice = entries(dbsession, target_type="invoice", target_id=invoice.id)
    assert [(e.field, e.old_value, e.new_value) for e in about_invoice] == [
        ("État", "Brouillon", "Émise")
    ]
    payment = entries(dbsession, target_type="payment", family_id=family.id)[-1]
    assert payment.field == "Paiement enregistré"
    assert payment.new_value.startswith("12,50 € (Chèque")
    assert payment.actor_label == "Système" and payment.actor_role == "system"


def test_masked_fields_never_show_their_values(app, dbsession):
    trail = AuditTrail(dbsession, "balaruc")
    row = trail.values(
        family_id=None, subject="Compte", field="Mot de passe", old="a", new="b", masked=True
    )
    assert (row["old_value"], row["new_value"]) == (MASK, MASK)


def operator_client(app):
    client = TestApp(app, extra_environ={"HTTP_HOST": "operateur.localhost"})
    form = client.get("/-/connexion").forms["operator-login"]
    form["login"] = "operateur@example.org"
    form["password"] = "Operateur-Demo-2026"
    form.submit("submit", status=303)
    return client


def test_the_operator_reads_the_agents_actions_of_every_commune(
    demo_data, app, balaruc, batz, dbsession
):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_1.phone_mobile"] = "07 99 99 99 99"
    form.submit("save", index=1)
    balaruc.logout()
    balaruc.login(*AGENT)
    family = family_named(dbsession)
    form = balaruc.get(f"/agents/familles/{family.id}/modifier").forms["family-form"]
    form["quotient_familial"] = "333,30"
    form.submit("save", index=1)
    operator = operator_client(app)
    page = operator.get("/-/journal")
    assert "Journal des actions des agents" in page.text
    assert "333,30" in page.text and "Balaruc-le-Vieux" in page.text
    assert "07 99 99 99 99" not in page.text  # a parent's change is not an agent's action
    assert "333,30" not in operator.get("/-/journal", {"commune": "batz"}).text
    balaruc.get("/-/journal", status=404)  # only on the operator's host
    batz.login(*BATZ_AGENT)
    batz.get("/-/journal", status=404)


def test_another_communes_agent_cannot_read_a_family_history(demo_data, batz, dbsession):
    batz.login(*BATZ_AGENT)
    family = family_named(dbsession)
    batz.get(f"/agents/familles/{family.id}/historique", status=404)
