"""The parent's family file: « Modifier les informations de la famille », « Enfants »,
« Historique », and the links of « Mon compte »; every check reads the database after."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portail_core.calendar import now_paris
from portail_core.formatting import age, money
from portail_core.models.audit import AuditEntry
from portail_core.models.family import Family, Guardian
from portail_core.models.types import utcnow

PARENT = ("valentina.test@example.org", "Valentina-2019")
BATZ_PARENT = ("famille.aabelium@example.org", "Baptiste-2018")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


def load_family(dbsession, name="TEST", tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalar(
        select(Family).where(Family.tenant_id == tenant_id, Family.name == name)
    )


def history_count(dbsession):
    return dbsession.scalar(select(func.count(AuditEntry.id)))


def test_account_page_leads_to_the_family_file(demo_data, balaruc):
    balaruc.login(*PARENT)
    page = balaruc.get("/mon-compte")
    assert "La famille" in page.text
    for label in (
        "Modifier les informations de la famille",
        "Pièces justificatives",
        "Historique",
        "Voir / Modifier la fiche enfant",
    ):
        assert label in page.text
    assert page.click("Modifier les informations de la famille", index=0).status_int == 200
    assert page.click("Historique").status_int == 200


def test_family_page_shows_guardians_address_and_the_quotient_read_only(demo_data, balaruc):
    balaruc.login(*PARENT)
    page = balaruc.get("/famille")
    form = page.forms["family-form"]
    assert form["guardian_1.last_name"].value == "TEST"
    assert form["guardian_2.first_name"].value == "Marc"
    assert form["address.postal_code"].value == "34540"
    assert money(Decimal("612.50")) in page.text
    assert f"31/12/{now_paris().year}" in page.text
    assert "ne sont pas modifiables" in page.text and "service Enfance Jeunesse" in page.text
    assert "quotient_familial" not in form.fields
    kinds = {
        name: page.html.find(id=name)["type"]
        for name in (
            "guardian_1-phone_mobile",
            "guardian_1-email",
            "guardian_1-last_name",
            "address-city",
        )
    }
    assert kinds == {
        "guardian_1-phone_mobile": "tel",
        "guardian_1-email": "email",
        "guardian_1-last_name": "text",
        "address-city": "text",
    }


def test_parent_saves_a_change_and_the_history_records_it(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_1.phone_mobile"] = "07 01 02 03 04"
    form["address.address_line2"] = "Résidence Les Pins"
    page = form.submit("save", index=1).follow()
    assert "Les informations de la famille sont enregistrées." in page.text
    family = load_family(dbsession)
    assert family.guardian(1).phone_mobile == "07 01 02 03 04"
    assert family.address_line2 == "Résidence Les Pins"
    entries = dbsession.scalars(
        select(AuditEntry).where(AuditEntry.family_id == family.id).order_by(AuditEntry.id)
    ).all()
    changes = {(e.subject, e.field, e.old_value, e.new_value, e.actor_label) for e in entries}
    assert (
        "Responsable légal 1",
        "Téléphone portable",
        "06 12 34 56 78",
        "07 01 02 03 04",
        "Sophie TEST (famille)",
    ) in changes
    assert ("Famille", "Complément d'adresse", "", "Résidence Les Pins") in {c[:4] for c in changes}
    history = balaruc.get("/famille/historique")
    assert "07 01 02 03 04" in history.text and "Téléphone portable" in history.text


def test_saving_unchanged_values_records_nothing(demo_data, balaruc, dbsession):
    before = history_count(dbsession)
    balaruc.login(*PARENT)
    balaruc.get("/famille").forms["family-form"].submit("save", index=1).follow()
    assert history_count(dbsession) == before


def test_a_parent_cannot_change_the_quotient(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    fields = dict(form.submit_fields("save"))
    fields.update({"quotient_familial": "1", "name": "AUTRE"})
    balaruc.post("/famille", fields, status=303)
    family = load_family(dbsession)
    assert str(family.quotient_familial) == "612.50"
    assert family.name == "TEST"


def test_copy_address_button_works_without_javascript(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["address.address_line1"] = "5 chemin Neuf"
    form["guardian_2.address_line1"] = ""
    form["guardian_2.city"] = ""
    page = form.submit("copy_address", index=1)
    assert page.status_int == 200
    assert "recopiée dans celle du responsable légal 2" in page.text
    copied = page.forms["family-form"]
    assert copied["guardian_2.address_line1"].value == "5 chemin Neuf"
    assert copied["guardian_2.city"].value == "BALARUC LE VIEUX"
    assert copied["address.address_line1"].value == "5 chemin Neuf"  # what was typed, kept
    family = load_family(dbsession)
    assert family.address_line1 == "12 rue des Écoles"  # nothing saved before « Enregistrer »
    copied.submit("save", index=1).follow()
    family = load_family(dbsession)
    assert family.address_line1 == "5 chemin Neuf"
    assert family.guardian(2).address_line1 == "5 chemin Neuf"


def test_bad_inputs_are_refused_beside_the_field_and_kept(demo_data, balaruc, dbsession):
    before = history_count(dbsession)
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_1.email"] = "sophie.test.example.org"
    form["guardian_1.phone_home"] = "pas un numéro"
    form["address.postal_code"] = "3454"
    form["guardian_1.first_name"] = "Sophia"
    page = form.submit("save", index=1)
    assert page.status_int == 200
    assert "Le formulaire n'a pas été enregistré." in page.text
    error = page.html.find(id="guardian_1-email-error")
    assert "Adresse e-mail invalide" in error.text
    assert page.html.find(id="guardian_1-email")["aria-invalid"] == "true"
    assert "Numéro de téléphone invalide" in page.html.find(id="guardian_1-phone_home-error").text
    assert "Code postal invalide" in page.html.find(id="address-postal_code-error").text
    kept = page.forms["family-form"]
    assert kept["guardian_1.email"].value == "sophie.test.example.org"
    assert kept["guardian_1.first_name"].value == "Sophia"
    family = load_family(dbsession)
    assert family.guardian(1).first_name == "Sophie"
    assert family.guardian(1).email == "valentina.test@example.org"
    assert history_count(dbsession) == before


def test_guardian_one_is_required(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_1.last_name"] = ""
    page = form.submit("save", index=1)
    assert "Ce champ est obligatoire." in page.html.find(id="guardian_1-last_name-error").text
    assert load_family(dbsession).guardian(1).last_name == "TEST"


def test_second_guardian_removed_when_emptied_then_added_again(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    form = balaruc.get("/famille").forms["family-form"]
    for name, field in form.fields.items():
        if name.startswith("guardian_2."):
            field[0].value = ""
    form.submit("save", index=1).follow()
    family = load_family(dbsession)
    assert family.guardian(2) is None
    assert (
        dbsession.scalar(
            select(AuditEntry).where(
                AuditEntry.subject == "Responsable légal 2",
                AuditEntry.field == "Responsable légal",
            )
        ).old_value
        == "Monsieur TEST Marc"
    )
    form = balaruc.get("/famille").forms["family-form"]
    form["guardian_2.civility"] = "Monsieur"
    form["guardian_2.last_name"] = "TEST"
    form["guardian_2.first_name"] = "Marc"
    form.submit("save", index=1).follow()
    assert load_family(dbsession).guardian(2).first_name == "Marc"
    assert (
        dbsession.scalar(select(func.count(Guardian.id)).where(Guardian.family_id == family.id))
        == 2
    )


def test_children_are_listed_as_in_the_seed(demo_data, batz):
    batz.login(*BATZ_PARENT)
    page = batz.get("/famille/enfants")
    shown_age = age(date(2011, 1, 1), now_paris().date())
    assert f"AABELIUM BAPTISTE ({shown_age})" in page.text
    for text in ("Nom", "Prénom", "Né le", "01/01/2011", "Age", "Lieu naissance", "(35)"):
        assert text in page.text
    assert page.click("Voir / Modifier la fiche enfant").status_int == 200


def test_history_is_paged_newest_first(demo_data, balaruc, dbsession):
    family = load_family(dbsession)
    for index in range(25):
        dbsession.add(
            AuditEntry(
                tenant_id="balaruc",
                family_id=family.id,
                actor_label="Test",
                at=utcnow(),
                subject="Famille",
                field=f"Champ {index:02d}",
                old_value="",
                new_value="x",
            )
        )
    dbsession.commit()
    total = dbsession.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.family_id == family.id)
    )
    balaruc.login(*PARENT)
    first = balaruc.get("/famille/historique")
    assert "Champ 24" in first.text and "Champ 00" not in first.text
    assert f"de 1 à 20 sur {total} éléments" in first.text
    second = first.click("Page suivante")
    assert "Champ 04" in second.text and "Champ 00" in second.text
    assert "Champ 05" not in second.text


def test_an_agent_has_no_parent_family_pages(demo_data, balaruc):
    balaruc.login(*AGENT)
    balaruc.get("/famille", status=403)
    balaruc.get("/famille/documents", status=403)


def test_anonymous_visitors_are_sent_to_the_login(demo_data, balaruc):
    response = balaruc.get("/famille", status=303)
    assert "/connexion" in response.location
