"""« Voir / Modifier la fiche enfant »: medical data, vaccinations, authorisations and the
persons allowed to pick the child up, with the commune's lists; the database is checked."""

from datetime import date

from sqlalchemy import func, select

from portail_core.calendar import now_paris
from portail_core.models.audit import AuditEntry
from portail_core.models.family import (
    Child,
    ChildAuthorisation,
    ChildVaccination,
    PickupPerson,
)
from portail_core.testing.family import FAMILY_CREDENTIAL

BATZ_PARENT = ("famille.aabelium@example.org", "Baptiste-2018")
PARENT = ("valentina.test@example.org", "Valentina-2019")


def child_named(dbsession, first_name, tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalar(
        select(Child).where(Child.tenant_id == tenant_id, Child.first_name == first_name)
    )


def sheet_of(client, dbsession, first_name, tenant_id="balaruc"):
    child = child_named(dbsession, first_name, tenant_id)
    return client.get(f"/famille/enfants/{child.id}"), child


def history_count(dbsession):
    return dbsession.scalar(select(func.count(AuditEntry.id)))


def test_sheet_shows_the_communes_lists_as_in_the_seed(demo_data, batz, dbsession):
    batz.login(*BATZ_PARENT)
    page, _child = sheet_of(batz, dbsession, "BAPTISTE", "batz")
    for text in (
        "Renseignements médicaux",
        "Vaccinations",
        "Vaccins",
        "Effectué ?",
        "Dernière Vaccination",
        "BCG",
        "DT POLIO 1",
        "Les personnes autorisées à venir chercher l'enfant",
        "+ Ajouter une personne",
        "Autorisations",
        "AUTORISATION ALLER VENUE ESPACE JEUNE",
        "AUTORISATION DE FILMER/PHOTOGRAPHIER",
        "Enregistrer",
    ):
        assert text in page.text, text
    form = page.forms["child-sheet"]
    assert form["vaccines.v1.done"].checked  # DT POLIO 1, as in the seed
    assert not form["vaccines.v0.done"].checked  # BCG
    assert form["authorisations.a0"].value == "non"
    assert "MOREAU" in page.text


def test_a_child_without_pickup_person_shows_aucun_element(family_factory, batz, dbsession):
    family_factory("batz", "MARTIN", children=1)
    batz.login("martin@example.org", FAMILY_CREDENTIAL)
    page, _child = sheet_of(batz, dbsession, "ENFANT1", "batz")
    pickups = page.html.find(id="personnes")
    assert "Aucun élément" in pickups.text


def test_parent_saves_the_medical_sheet_and_authorisations(demo_data, batz, dbsession):
    batz.login(*BATZ_PARENT)
    page, child = sheet_of(batz, dbsession, "BAPTISTE", "batz")
    form = page.forms["child-sheet"]
    form["vaccines.v0.done"].checked = True
    form["vaccines.v0.last_date"] = "2011-03-15"
    form["vaccines.v2.last_date"] = "12/05/2013"  # DT POLIO 2: a date means done
    form["allergy_food"].checked = True
    form["allergy_food_details"] = "Kiwi"
    form["diet"] = "Végétarien"
    form["pai"] = "true"
    form["doctor_name"] = "Dr KERVELLA"
    form["recommendations"] = "Craint le soleil."
    form["authorisations.a1"] = "oui"
    form["school_level"] = "CE2"
    page = form.submit("save").follow()
    assert "La fiche de AABELIUM BAPTISTE est enregistrée." in page.text
    child = child_named(dbsession, "BAPTISTE", "batz")
    assert (child.allergy_food, child.allergy_food_details) == (True, "Kiwi")
    assert (child.diet, child.pai, child.doctor_name) == ("Végétarien", True, "Dr KERVELLA")
    assert child.school_level == "CE2"
    vaccines = {
        v.vaccine: (v.done, v.last_date)
        for v in dbsession.scalars(
            select(ChildVaccination).where(ChildVaccination.child_id == child.id)
        )
    }
    assert vaccines["BCG"] == (True, date(2011, 3, 15))
    assert vaccines["DT POLIO 2"] == (True, date(2013, 5, 12))
    assert vaccines["DT POLIO 1"] == (True, date(2012, 3, 1))
    granted = {
        a.authorisation: a.granted
        for a in dbsession.scalars(
            select(ChildAuthorisation).where(ChildAuthorisation.child_id == child.id)
        )
    }
    assert granted == {
        "AUTORISATION ALLER VENUE ESPACE JEUNE": False,
        "AUTORISATION DE FILMER/PHOTOGRAPHIER": True,
    }
    fields = {
        (e.field, e.old_value, e.new_value)
        for e in dbsession.scalars(select(AuditEntry).where(AuditEntry.child_id == child.id))
    }
    assert ("Vaccin BCG — dernière vaccination", "", "15/03/2011") in fields
    assert ("AUTORISATION DE FILMER/PHOTOGRAPHIER", "Non", "Oui") in fields
    assert ("Régime alimentaire", "", "Végétarien") in fields
    reopened = page.forms["child-sheet"]
    assert reopened["vaccines.v0.last_date"].value == "2011-03-15"
    assert reopened["authorisations.a1"].value == "oui"


def test_bad_medical_input_is_refused_and_kept(demo_data, batz, dbsession):
    before = history_count(dbsession)
    batz.login(*BATZ_PARENT)
    page, child = sheet_of(batz, dbsession, "BAPTISTE", "batz")
    form = page.forms["child-sheet"]
    future = date(now_paris().year + 1, 1, 1).isoformat()
    form["vaccines.v0.last_date"] = future
    form["doctor_phone"] = "appeler le cabinet"
    form["doctor_name"] = "Dr NOUVEAU"
    page = form.submit("save")
    assert page.status_int == 200
    assert "Cette date est dans le futur." in page.html.find(id="vaccines-v0-last_date-error").text
    assert "Numéro de téléphone invalide" in page.html.find(id="doctor_phone-error").text
    kept = page.forms["child-sheet"]
    assert kept["vaccines.v0.last_date"].value == future
    assert kept["doctor_name"].value == "Dr NOUVEAU"
    assert child_named(dbsession, "BAPTISTE", "batz").doctor_name == "Dr LE GALL"
    assert history_count(dbsession) == before


def test_a_value_outside_the_communes_list_is_refused(demo_data, batz, dbsession):
    batz.login(*BATZ_PARENT)
    page, child = sheet_of(batz, dbsession, "BAPTISTE", "batz")
    fields = dict(page.forms["child-sheet"].submit_fields("save"))
    fields.update({"diet": "Sans sucre", "authorisations.a0": "peut-être"})
    page = batz.post(f"/famille/enfants/{child.id}", fields)
    assert "Choisissez une valeur de la liste." in page.html.find(id="diet-error").text
    assert "Répondez Oui ou Non." in page.text
    assert child_named(dbsession, "BAPTISTE", "batz").diet == ""


def test_parent_adds_edits_and_removes_a_pickup_person(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    page, child = sheet_of(balaruc, dbsession, "ROMEO")
    assert "Aucun élément" in page.html.find(id="personnes").text
    form = page.click(r"\+ Ajouter une personne").forms["pickup-person"]
    form["last_name"] = "DURAND"
    form["first_name"] = "Paul"
    form["link"] = "Voisin"
    form["phone"] = "06 55 44 33 22"
    page = form.submit("submit").follow()
    assert "Paul DURAND est ajouté(e) à la liste." in page.text
    person = dbsession.scalar(select(PickupPerson).where(PickupPerson.child_id == child.id))
    assert (person.last_name, person.link, person.tenant_id) == ("DURAND", "Voisin", "balaruc")

    form = balaruc.get(f"/famille/enfants/{child.id}/personnes/{person.id}").forms["pickup-person"]
    assert form["first_name"].value == "Paul"
    form["link"] = "Oncle"
    form.submit("submit").follow()
    dbsession.expire_all()
    assert dbsession.get(PickupPerson, person.id).link == "Oncle"

    page = balaruc.get(f"/famille/enfants/{child.id}")
    delete = next(f for f in page.forms.values() if f.action.endswith("/suppression"))
    page = delete.submit().follow()
    assert "Paul DURAND est retiré(e) de la liste." in page.text
    assert (
        dbsession.scalar(
            select(func.count(PickupPerson.id)).where(PickupPerson.child_id == child.id)
        )
        == 0
    )
    subjects = [
        (e.old_value, e.new_value)
        for e in dbsession.scalars(
            select(AuditEntry)
            .where(AuditEntry.field == "Personne autorisée à venir chercher l'enfant")
            .where(AuditEntry.child_id == child.id)
            .order_by(AuditEntry.id)
        )
    ]
    assert subjects == [
        ("", "DURAND Paul (Voisin, 06 55 44 33 22)"),
        ("DURAND Paul (Voisin, 06 55 44 33 22)", "DURAND Paul (Oncle, 06 55 44 33 22)"),
        ("DURAND Paul (Oncle, 06 55 44 33 22)", ""),
    ]


def test_bad_pickup_person_is_refused_and_kept(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    child = child_named(dbsession, "ROMEO")
    form = balaruc.get(f"/famille/enfants/{child.id}/personnes/nouvelle").forms["pickup-person"]
    form["last_name"] = "DURAND"
    form["phone"] = "abc"
    page = form.submit("submit")
    assert page.status_int == 200
    assert "Ce champ est obligatoire." in page.text
    assert "Numéro de téléphone invalide" in page.text
    assert page.forms["pickup-person"]["last_name"].value == "DURAND"
    assert page.forms["pickup-person"]["phone"].value == "abc"
    assert (
        dbsession.scalar(
            select(func.count(PickupPerson.id)).where(PickupPerson.child_id == child.id)
        )
        == 0
    )


def test_an_archived_child_is_out_of_the_parents_pages(demo_data, balaruc, dbsession):
    child = child_named(dbsession, "ROMEO")
    child.archived = True
    dbsession.commit()
    balaruc.login(*PARENT)
    assert "ROMEO" not in balaruc.get("/famille/enfants").text
    assert "ROMEO" not in balaruc.get("/mon-compte").text
    balaruc.get(f"/famille/enfants/{child.id}", status=404)
