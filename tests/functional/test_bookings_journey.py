"""The parents' booking journey, as in the seeds: choose, plan, recap, confirm, list."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.models.bookings import PENDING, Presence, Reservation, UnitDay
from portail_core.testing.bookings import enrol, freeze, make_family, make_period, paris


@pytest.fixture
def balaruc_period(app, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, paris(2026, 6, 1, 9, 0))
    family = make_family(
        dbsession,
        tenant,
        "TEST",
        "valentina.test@example.org",
        "Valentina-2019",
        ["VALENTINA", "ROMEO"],
    )
    period = make_period(
        dbsession,
        tenant,
        "ale_primaire",
        date(2026, 6, 8),
        days=14,
        name="MERCREDIS / VACANCES Été 2026",
    )
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return period, family


def test_booking_journey_on_balaruc(balaruc, balaruc_period, dbsession, mailbox):
    period, family = balaruc_period
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = balaruc.get("/reservations")
    assert "Les réservations" in page.text
    page = page.click(r"\+ Nouvelle réservation")
    page = page.click("TEST VALENTINA")
    assert "Choix de l'établissement et de la période" in page.text
    page = page.click("MERCREDIS / VACANCES Été 2026")
    assert "Votre sélection" in page.text
    assert "Vous avez jusqu'au 21/06/2026 pour valider vos réservations" in page.text
    assert "Vous devez réserver au minimum 2 jours ouvrés avant la date souhaitée" in page.text
    page = page.forms["choose"].submit().follow()
    assert "Planning - TEST VALENTINA" in page.text
    assert "Semaine n°24" in page.text
    assert "lun. 08 juin 2026" in page.text
    form = page.forms["planning"]
    matin = next(u for u in period.units if u.code == "matin")
    for box in form.fields["cases"]:
        if box._value in (f"{matin.id}:2026-06-08", f"{matin.id}:2026-06-10"):
            box.checked = True
    page = form.submit("valider").follow()
    assert "Récapitulatif de votre demande" in page.text
    assert "lun. 08 juin 2026" in page.text
    page = page.forms["recap"].submit("confirmer").follow()
    assert "Demande de réservation enregistrée" in page.text
    assert "00001" in page.text
    lines = dbsession.scalars(select(Presence).order_by(Presence.day)).all()
    assert [(line.day, line.state) for line in lines] == [
        (date(2026, 6, 8), PENDING),
        (date(2026, 6, 10), PENDING),
    ]
    assert dbsession.scalar(select(Reservation.number)) == 1
    assert sorted(dbsession.scalars(select(UnitDay.booked))) == [1, 1]
    assert len(mailbox) == 1
