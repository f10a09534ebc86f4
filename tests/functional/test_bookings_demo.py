"""The demo opens periods around today for both communes, so a newcomer can book at once."""

import re

from sqlalchemy import select

from portail_core.models.bookings import PENDING, Enrolment, Period, Presence, Reservation
from portail_core.models.family import Child


def periods(dbsession, tenant_id):
    return {
        period.name: period
        for period in dbsession.scalars(select(Period).where(Period.tenant_id == tenant_id))
    }


def test_balaruc_demo_periods_children_and_requests(demo_data, dbsession, balaruc):
    names = periods(dbsession, "balaruc")
    ale = next(p for name, p in names.items() if name.startswith("MERCREDIS / VACANCES "))
    alp = next(
        p for name, p in names.items() if re.match(r"PERISCOLAIRE M Semaines \d+ à \d+$", name)
    )
    assert ale.establishment.name == "ALE Primaire" and alp.establishment.name == "ALP MATERNEL"
    enrolled = dbsession.scalars(
        select(Child.first_name).join(Enrolment).where(Enrolment.period_id == ale.id)
    ).all()
    # NINA lives in two households (shared custody): enrolled for both to book
    assert sorted(enrolled) == ["NINA", "ROMEO", "VALENTINA"]
    waiting = dbsession.scalars(
        select(Presence.state).join(Reservation).where(Reservation.period_id == ale.id)
    ).all()
    assert waiting and set(waiting) == {PENDING}
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    valentina = dbsession.scalar(select(Child).where(Child.first_name == "VALENTINA"))
    page = balaruc.get(f"/reservations/nouvelle/{valentina.id}", params={"periode": ale.id})
    page = page.forms["choose"].submit().follow()
    assert 'name="cases"' in page.text  # the week shown first has days still open
    assert "Planning - TEST VALENTINA" in page.text
    balaruc.logout()
    balaruc.login("sej@balaruc.example.org", "Agent-Balaruc-2019")
    assert "TEST VALENTINA" in balaruc.get("/agents/demandes").text


def test_batz_demo_restaurant_is_open_to_baptiste(demo_data, dbsession, batz):
    names = periods(dbsession, "batz")
    restaurant = next(p for name, p in names.items() if name.startswith("RESTAURATION ENFANT"))
    assert restaurant.establishment.name == "RESTAURANT SCOLAIRE"
    baptiste = dbsession.scalar(
        select(Child).where(Child.tenant_id == "batz", Child.first_name == "BAPTISTE")
    )
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    choose = batz.get(f"/reservations/nouvelle/{baptiste.id}")
    assert "RESTAURANT SCOLAIRE" in choose.text and "RESTAURATION ENFANT" in choose.text
    page = batz.get(f"/reservations/nouvelle/{baptiste.id}", params={"periode": restaurant.id})
    assert "Vous devez réserver au minimum 2 jours ouvrés avant la date souhaitée" in page.text
    assert "Heure limite : 12:00" in page.text
    planning = page.forms["choose"].submit().follow()
    assert 'name="cases"' in planning.text
