"""Agents' side of the family file: find a family, open its page, create it, edit the file
with the quotient familial, add / edit / archive children, edit sheets, check documents."""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from webtest import Upload

from portail_core.calendar import now_paris
from portail_core.models.accounts import User
from portail_core.models.audit import AuditEntry
from portail_core.models.family import Child, Family, PickupPerson
from portail_core.models.family_records import Document

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
PARENT = ("valentina.test@example.org", "Valentina-2019")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def family_named(dbsession, name="TEST", tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalar(
        select(Family).where(Family.tenant_id == tenant_id, Family.name == name)
    )


def family_url(dbsession, name="TEST"):
    return f"/agents/familles/{family_named(dbsession, name).id}"


def result_names(page):
    return [a.text for a in page.html.select("table tbody tr td:first-child a")]


def test_agents_find_a_family_by_name_child_or_email(demo_data, balaruc, family_factory):
    family_factory("balaruc", "DUPONT", children=2)
    balaruc.login(*AGENT)
    page = balaruc.get("/agents/familles")
    # The demo also has the families of its registration campaigns.
    assert {"DUPONT", "TEST"} <= set(result_names(page))
    assert result_names(balaruc.get("/agents/familles", {"q": "dup"})) == ["DUPONT"]
    assert result_names(balaruc.get("/agents/familles", {"q": "romeo"})) == ["TEST"]
    assert result_names(balaruc.get("/agents/familles", {"q": "valentina.test@"})) == ["TEST"]
    assert result_names(balaruc.get("/agents/familles", {"q": "enfant2"})) == ["DUPONT"]
    empty = balaruc.get("/agents/familles", {"q": "100%_"})
    assert "Aucun élément ne correspond à « 100%_ »" in empty.text
    assert result_names(balaruc.get("/agents/familles", {"q": "AABELIUM"})) == []


def test_family_page_shows_everything(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    page = balaruc.get("/agents/familles").click("TEST")
    for text in (
        "Famille TEST",
        "12 rue des Écoles",
        "Madame TEST Sophie",
        "Monsieur TEST Marc",
        "valentina.test@example.org — compte activé",
        "TEST VALENTINA",
        "TEST ROMEO",
        "PAI",
        "Attestation CAF",
        "PAI VALENTINA",
        "Dernières modifications",
    ):
        assert text in page.text, text


def test_agent_creates_a_family_and_the_parent_gets_the_activation(
    demo_data, balaruc, dbsession, mailbox
):
    balaruc.login(*AGENT)
    form = balaruc.get("/agents/familles/nouvelle").forms["new-family"]
    form["family_name"] = "Martin"
    form["first_name"] = "Julie"
    form["last_name"] = "MARTIN"
    form["email"] = "julie.martin@example.org"
    page = form.submit("submit").follow()
    assert "Famille MARTIN créée" in page.text
    family = family_named(dbsession, "MARTIN")
    assert family.guardian(1).email == "julie.martin@example.org"
    login = dbsession.scalar(select(User).where(User.email == "julie.martin@example.org"))
    assert login.family_id == family.id and login.activated_at is None
    assert len(mailbox) == 1 and "/activation/" in mailbox[0].body
    assert dbsession.scalar(
        select(AuditEntry).where(
            AuditEntry.family_id == family.id, AuditEntry.field == "Création du dossier"
        )
    )


def test_agent_edits_the_file_with_the_quotient(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    form = balaruc.get(family_url(dbsession) + "/modifier").forms["family-form"]
    assert form["quotient_familial"].value == "612,50"
    form["quotient_familial"] = "701,20"
    form["quotient_familial_valid_until"] = "2027-06-30"
    form["guardian_2.phone_home"] = "04 67 11 11 11"
    page = form.submit("save", index=1).follow()
    assert "Famille TEST" in page.text
    family = family_named(dbsession)
    assert family.quotient_familial == Decimal("701.20")
    assert family.quotient_familial_valid_until == date(2027, 6, 30)
    assert family.guardian(2).phone_home == "04 67 11 11 11"
    entry = dbsession.scalar(
        select(AuditEntry)
        .where(AuditEntry.field == "Quotient familial")
        .order_by(AuditEntry.id.desc())
    )
    assert (entry.old_value, entry.new_value) == ("612,50", "701,20")
    assert entry.actor_label == "Secrétariat SEJ (agent)"
    balaruc.logout()
    balaruc.login(*PARENT)
    assert "31/12" not in balaruc.get("/famille").text.split("Quotient familial")[1][:300]
    assert "30/06/2027" in balaruc.get("/famille").text


def test_bad_quotient_is_refused_and_kept(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    form = balaruc.get(family_url(dbsession) + "/modifier").forms["family-form"]
    form["quotient_familial"] = "beaucoup"
    form["quotient_familial_valid_until"] = "31/02/2027"
    page = form.submit("save", index=1)
    assert "Nombre invalide" in page.html.find(id="quotient_familial-error").text
    assert "Date invalide" in page.html.find(id="quotient_familial_valid_until-error").text
    assert page.forms["family-form"]["quotient_familial"].value == "beaucoup"
    assert family_named(dbsession).quotient_familial == Decimal("612.50")


def test_agent_adds_a_child_and_a_future_birth_date_is_refused(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    url = family_url(dbsession) + "/enfants/nouveau"
    form = balaruc.get(url).forms["child-identity"]
    assert form["last_name"].value == "TEST"
    form["first_name"] = "LINA"
    future = date(now_paris().year + 1, 3, 1).isoformat()
    form["birth_date"] = future
    form["birth_place"] = "MONTPELLIER (34)"
    page = form.submit("submit")
    assert page.status_int == 200
    assert "Cette date est dans le futur." in page.text
    assert page.forms["child-identity"]["first_name"].value == "LINA"
    assert page.forms["child-identity"]["birth_date"].value == future
    assert (
        dbsession.scalar(
            select(Child).where(
                Child.first_name == "LINA", Child.family_id == family_named(dbsession).id
            )
        )
        is None
    )
    form = page.forms["child-identity"]
    form["birth_date"] = "2019-03-01"
    form["school_level"] = "Grande section"
    page = form.submit("submit").follow()
    assert "TEST LINA est ajouté(e) à la famille." in page.text
    lina = dbsession.scalar(
        select(Child).where(
            Child.first_name == "LINA", Child.family_id == family_named(dbsession).id
        )
    )
    assert (lina.birth_date, lina.school_level, lina.tenant_id) == (
        date(2019, 3, 1),
        "Grande section",
        "balaruc",
    )
    balaruc.logout()
    balaruc.login(*PARENT)
    assert "TEST LINA" in balaruc.get("/famille/enfants").text


def test_agent_corrects_the_identity_and_archives_then_restores(demo_data, balaruc, dbsession):
    family = family_named(dbsession)
    romeo = next(c for c in family.children if c.first_name == "ROMEO")
    balaruc.login(*AGENT)
    form = balaruc.get(f"/agents/familles/{family.id}/enfants/{romeo.id}/identite").forms[
        "child-identity"
    ]
    form["birth_place"] = "SÈTE (34) — Hôpital"
    form.submit("submit").follow()
    dbsession.expire_all()
    assert dbsession.get(Child, romeo.id).birth_place == "SÈTE (34) — Hôpital"

    page = balaruc.get(f"/agents/familles/{family.id}")
    archive = next(f for f in page.forms.values() if f.action.endswith(f"{romeo.id}/archivage"))
    page = archive.submit().follow()
    assert "TEST ROMEO est archivé(e)." in page.text and "archivé" in page.text
    dbsession.expire_all()
    assert dbsession.get(Child, romeo.id).archived is True
    balaruc.get(f"/agents/familles/{family.id}/enfants/{romeo.id}")  # agents still reach it
    restore = next(f for f in page.forms.values() if f.action.endswith(f"{romeo.id}/archivage"))
    restore.submit().follow()
    dbsession.expire_all()
    assert dbsession.get(Child, romeo.id).archived is False
    fields = [
        (e.field, e.old_value, e.new_value)
        for e in dbsession.scalars(
            select(AuditEntry).where(AuditEntry.child_id == romeo.id).order_by(AuditEntry.id)
        )
    ][-3:]
    assert fields == [
        ("Lieu de naissance", "SÈTE (34)", "SÈTE (34) — Hôpital"),
        ("Archivé", "Non", "Oui"),
        ("Archivé", "Oui", "Non"),
    ]


def test_agent_edits_a_child_sheet_and_its_pickup_persons(demo_data, balaruc, dbsession):
    family = family_named(dbsession)
    valentina = next(c for c in family.children if c.first_name == "VALENTINA")
    sheet = f"/agents/familles/{family.id}/enfants/{valentina.id}"
    balaruc.login(*AGENT)
    page = balaruc.get(sheet)
    assert "Modifier l'état civil" in page.text
    form = page.forms["child-sheet"]
    form["doctor_phone"] = "04 67 99 99 99"
    form.submit("save").follow()
    dbsession.expire_all()
    assert dbsession.get(Child, valentina.id).doctor_phone == "04 67 99 99 99"
    form = balaruc.get(sheet + "/personnes/nouvelle").forms["pickup-person"]
    form["last_name"], form["first_name"] = "ROUX", "Hélène"
    form["link"], form["phone"] = "Marraine", "06 00 00 00 01"
    page = form.submit("submit").follow()
    assert page.request.path == sheet
    person = dbsession.scalar(select(PickupPerson).where(PickupPerson.last_name == "ROUX"))
    form = balaruc.get(f"{sheet}/personnes/{person.id}").forms["pickup-person"]
    form["phone"] = "06 00 00 00 02"
    form.submit("submit").follow()
    dbsession.expire_all()
    assert dbsession.get(PickupPerson, person.id).phone == "06 00 00 00 02"
    page = balaruc.get(sheet)
    delete = next(f for f in page.forms.values() if f.action.endswith(f"{person.id}/suppression"))
    delete.submit().follow()
    assert dbsession.scalar(select(PickupPerson).where(PickupPerson.last_name == "ROUX")) is None
    actors = {
        e.actor_label
        for e in dbsession.scalars(select(AuditEntry).where(AuditEntry.child_id == valentina.id))
    }
    assert "Secrétariat SEJ (agent)" in actors


def test_agent_resends_the_activation_from_the_family_page(
    demo_data, balaruc, dbsession, family_factory, mailbox
):
    family = family_factory("balaruc", "NOUVELLE", children=1)
    login = family.users[0]
    login.activated_at = None
    dbsession.commit()
    balaruc.login(*AGENT)
    page = balaruc.get(f"/agents/familles/{family.id}")
    assert "en attente d'activation" in page.text
    page = page.forms[next(k for k, f in page.forms.items() if f.action.endswith("/invitation"))]
    page = page.submit().follow()
    assert "Le lien d'activation a été renvoyé." in page.text
    assert page.request.path == f"/agents/familles/{family.id}"
    assert [m.recipients for m in mailbox] == [["nouvelle@example.org"]]


def test_documents_queue_validate_and_refuse_with_a_reason(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    queue = balaruc.get("/agents/documents")
    assert "PAI VALENTINA" in queue.text
    assert "Attestation CAF" not in queue.text  # already validated
    document = dbsession.scalar(select(Document).where(Document.name == "PAI VALENTINA"))
    page = queue.click("Vérifier")
    form = page.forms["review"]
    page = form.submit("refuse")
    assert "Indiquez le motif du refus" in page.text
    dbsession.expire_all()
    assert dbsession.get(Document, document.id).status == "recu"
    form = page.forms["review"]
    form["reason"] = "Signature du médecin manquante."
    page = form.submit("refuse").follow()
    assert "Le document « PAI VALENTINA » est refusé" in page.text
    assert "PAI VALENTINA" not in str(page.html.find("main").find("table") or "")
    dbsession.expire_all()
    refused = dbsession.get(Document, document.id)
    assert (refused.status, refused.refusal_reason) == ("refuse", "Signature du médecin manquante.")
    assert refused.reviewed_by_id is not None
    refused_list = balaruc.get("/agents/documents", {"etat": "refuse"})
    assert "PAI VALENTINA" in refused_list.text
    form = balaruc.get(f"/agents/documents/{document.id}").forms["review"]
    form.submit("validate").follow()
    dbsession.expire_all()
    assert dbsession.get(Document, document.id).status == "valide"
    states = [
        e.new_value
        for e in dbsession.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject == "Document « PAI VALENTINA »", AuditEntry.field == "État")
            .order_by(AuditEntry.id)
        )
    ]
    assert states == ["Refusé : Signature du médecin manquante.", "Validé"]


def test_agent_opens_the_file_and_the_history(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille/documents/nouveau").forms["document-form"]
    form["file"] = Upload("releve.pdf", PDF)
    form["name"], form["doc_type"] = "Relevé", "Avis d'imposition"
    form.submit("send")
    balaruc.logout()
    balaruc.login(*AGENT)
    document = dbsession.scalar(select(Document).where(Document.name == "Relevé"))
    response = balaruc.get(f"/agents/documents/{document.id}/fichier", {"telecharger": "1"})
    assert response.body == PDF and "attachment" in response.headers["Content-Disposition"]
    history = balaruc.get(family_url(dbsession) + "/historique")
    assert "Envoi" in history.text and "Relevé" in history.text
    assert re.search(r"Sophie TEST \(famille\)", history.text)


def test_dashboard_counts_the_documents_to_check(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    families = dbsession.scalar(select(func.count(Family.id)).where(Family.tenant_id == "balaruc"))
    to_check = dbsession.scalar(
        select(func.count(Document.id)).where(
            Document.tenant_id == "balaruc", Document.status == "recu"
        )
    )
    assert to_check == 1
    page = balaruc.get("/agents/")
    assert f"<strong>{families}</strong> familles" in page.text
    assert "<strong>1</strong> pièces justificatives à vérifier" in page.text
    assert page.click("pièces justificatives à vérifier").request.path == "/agents/documents"


def test_an_expired_quotient_is_pointed_out(demo_data, balaruc, dbsession):
    family = family_named(dbsession)
    family.quotient_familial_valid_until = date(2020, 12, 31)
    dbsession.commit()
    balaruc.login(*AGENT)
    assert "expiré" in balaruc.get(f"/agents/familles/{family.id}").text
    balaruc.logout()
    balaruc.login(*PARENT)
    page = balaruc.get("/famille")
    assert "31/12/2020 — expiré" in " ".join(
        page.html.find("section", class_="qf-block").text.split()
    )
