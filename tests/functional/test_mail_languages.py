"""E-mails go out in their recipient's language, whoever triggers them; pages and form
errors follow the reader's."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.demo.builder import DemoBuilder
from portail_core.models.accounts import User
from portail_core.models.bookings import Presence
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

MONDAY = date(2026, 6, 8)
NOW = paris(2026, 6, 1, 9, 0)
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def families(app, dbsession, monkeypatch):
    """Two Balaruc families with a pending request each; TEST's parent reads English."""
    freeze(monkeypatch, NOW)
    tenant = app.registry.tenants.get("balaruc")
    DemoBuilder(dbsession, tenant).agent(
        "sej@balaruc.example.org", "Agent-Balaruc-2019", "Secrétariat", "SEJ"
    )
    period = make_period(dbsession, tenant, "ale_primaire", MONDAY, units=["matin"])
    found = {}
    for name in ("TEST", "AUTRE"):
        email = f"{name.lower()}@example.org"
        family = make_family(dbsession, tenant, name, email, "Secret-2019-xyz", ["ENF"])
        enrol(dbsession, tenant, period, family.children)
        book(dbsession, tenant, family, period, family.children, period.units[0], (MONDAY,), NOW)
        found[name] = family
    dbsession.scalar(select(User).where(User.email == "test@example.org")).language = "en"
    dbsession.commit()
    return found


def _line(dbsession, family):
    return dbsession.scalar(
        select(Presence).where(Presence.child_id == family.children[0].id, Presence.day == MONDAY)
    )


def test_each_parent_is_told_of_the_decision_in_their_own_language(
    balaruc, dbsession, families, mailbox
):
    balaruc.login("sej@balaruc.example.org", "Agent-Balaruc-2019")
    for name in ("TEST", "AUTRE"):
        form = balaruc.get("/agents/demandes").forms["queue"]
        form["motif"] = "Bienvenue"
        form.submit("ligne", value=f"accept:{_line(dbsession, families[name]).id}").follow()
    mails = {message.recipients[0]: message for message in mailbox}
    english, french = mails["test@example.org"], mails["autre@example.org"]
    assert english.subject.endswith("Your booking request has been processed")
    assert english.body.startswith("Hello,")
    assert "Reason: Bienvenue" in english.body
    assert "You can see your bookings and their status in your account:" in english.body
    assert french.subject.endswith("Votre demande de réservation a été traitée")
    assert french.body.startswith("Bonjour,") and "Motif : Bienvenue" in french.body


def test_pages_and_form_errors_in_english(balaruc, demo_data):
    page = balaruc.get("/", headers=ENGLISH)
    assert '<html lang="en"' in page.text
    assert "My account" in page.text and "Sign in to your account" in page.text
    assert "Forgotten login or password?" in page.text and "Mon compte" not in page.text
    login = balaruc.get("/connexion", headers=ENGLISH)
    assert "Sign in to your account" in login.text and "Password" in login.text
    form = balaruc.get("/mot-de-passe-oublie", headers=ENGLISH).forms["forgot"]
    form["email"] = "not an address"
    errors = form.submit("submit", headers=ENGLISH)
    assert "The form has not been saved." in errors.text
    assert "Invalid e-mail address (example: firstname.lastname@example.com)." in errors.text
    assert "not an address" in errors.text  # what was typed is kept
    assert "Adresse e-mail invalide" not in errors.text


def test_the_account_page_in_english(balaruc, demo_data):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = balaruc.get("/mon-compte", headers=ENGLISH)
    assert "Account details" in page.text and "Change my password" in page.text
    assert "Download my data" in page.text and "Informations du compte" not in page.text


def test_a_reset_asked_in_english_is_written_in_english(balaruc, demo_data, mailbox):
    form = balaruc.get("/mot-de-passe-oublie", headers=ENGLISH).forms["forgot"]
    form["email"] = "valentina.test@example.org"
    form.submit("submit", headers=ENGLISH)
    assert mailbox[-1].subject.endswith("Choose a new password")
    assert mailbox[-1].body.startswith("Hello ")
    assert "Your login: valentina.test@example.org" in mailbox[-1].body


def test_the_legal_page_and_an_error_page_in_english(balaruc, demo_data):
    legal = balaruc.get("/mentions-legales", headers=ENGLISH)
    assert "Your personal data" in legal.text and "How long are they kept?" in legal.text
    assert "Vos droits" not in legal.text
    missing = balaruc.get("/no-such-page", headers=ENGLISH, status=404)
    assert "Page not found" in missing.text and "Back to the home page" in missing.text
