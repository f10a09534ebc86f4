"""The parents' booking journey, as in the seeds: choose, plan, recap, confirm, list, cancel."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.models.bookings import (
    ACCEPTED,
    CANCELLATION,
    CANCELLED,
    PENDING,
    REFUSED,
    Presence,
    Reservation,
    UnitDay,
)
from portail_core.testing.bookings import (
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    planning_week,
    set_cells,
    validate_and_confirm,
)

MONDAY = date(2026, 6, 8)
WEDNESDAY = date(2026, 6, 10)


def unit(period, code):
    return next(u for u in period.units if u.code == code)


def lines(dbsession):
    return dbsession.scalars(select(Presence).order_by(Presence.id)).all()


@pytest.fixture
def balaruc_setup(app, dbsession, monkeypatch):
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
        MONDAY,
        days=14,
        name="MERCREDIS / VACANCES Été 2026",
    )
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return period, family


@pytest.fixture
def batz_setup(app, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("batz")
    freeze(monkeypatch, paris(2026, 6, 1, 9, 0))
    family = make_family(
        dbsession, tenant, "AABELIUM", "famille.aabelium@example.org", "Baptiste-2018", ["BAPTISTE"]
    )
    period = make_period(
        dbsession,
        tenant,
        "restaurant",
        MONDAY,
        days=14,
        name="RESTAURATION ENFANT 2025-2026",
        weekdays=(0, 1, 3, 4),
    )
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return period, family


def test_booking_journey_on_balaruc(balaruc, balaruc_setup, dbsession, mailbox):
    period, family = balaruc_setup
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = balaruc.get("/mon-compte").click("Les réservations", index=0)
    assert "Les réservations" in page.text and "Aucun élément" in page.text
    page = page.click(r"\+ Nouvelle réservation")
    page = page.click("TEST VALENTINA")
    assert "Choix de l'établissement et de la période" in page.text
    page = page.click("MERCREDIS / VACANCES Été 2026")
    assert "Votre sélection" in page.text
    assert "Du 08/06/2026 au 21/06/2026" in page.text
    assert "Jours d'ouverture : Lun Mar Mer Jeu Ven" in page.text
    assert "Vous avez jusqu'au 21/06/2026 pour valider vos réservations" in page.text
    assert "Vous devez réserver au minimum 2 jours ouvrés avant la date souhaitée" in page.text
    assert "Heure limite : 12:00" in page.text
    page = page.forms["choose"].submit().follow()
    assert "Planning - TEST VALENTINA" in page.text
    assert "Semaine n°24" in page.text
    assert "lun. 08 juin 2026" in page.text
    assert "MATIN" in page.text and "JOURNEE REPAS" in page.text
    assert "24 places" in page.text  # places left per cell (MATIN: 24)
    matin = unit(period, "matin")
    recap = set_cells(page, {cell(matin, MONDAY), cell(matin, WEDNESDAY)}).submit("valider")
    recap = recap.follow()
    assert "Récapitulatif de votre demande" in recap.text
    assert "Référent : <strong>TEST VALENTINA</strong>" in recap.text
    assert "En attente de confirmation" in recap.text
    assert "lun. 08 juin 2026" in recap.text and "mer. 10 juin 2026" in recap.text
    assert "11,00\xa0€" in recap.text  # estimated: 2 × MATIN at 5,50 €
    assert "Retour au planning" in recap.text
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert "Demande de réservation enregistrée" in saved.text
    assert "Votre demande de réservation a bien été prise en compte. Merci." in saved.text
    assert "00001" in saved.text and "En attente" in saved.text
    assert [(line.day, line.state) for line in lines(dbsession)] == [
        (MONDAY, PENDING),
        (WEDNESDAY, PENDING),
    ]
    reservation = dbsession.scalar(select(Reservation))
    assert (reservation.number, reservation.first_day, reservation.last_day) == (
        1,
        MONDAY,
        WEDNESDAY,
    )
    assert sorted(dbsession.scalars(select(UnitDay.booked))) == [1, 1]
    assert len(mailbox) == 1 and mailbox[0].recipients == ["valentina.test@example.org"]
    assert "N° de la réservation : 00001" in mailbox[0].body
    listing = balaruc.get("/reservations")
    row = listing.html.select("table.bk-list tbody tr")[0].get_text(" ", strip=True)
    assert "00001" in row and "TEST VALENTINA" in row
    assert "ALE Primaire / MERCREDIS / VACANCES Été 2026" in row
    assert "Du 08/06/2026 au 10/06/2026" in row and "En attente" in row
    detail = listing.click("Voir")
    assert "Réservation n° 00001" in detail.text
    assert "Légende (état de la présence)" in detail.text
    # The draft is gone: a new request starts from the bookings made.
    again = open_planning(balaruc, family.children[0], period)
    assert "En attente de traitement" in again.text


def test_batz_restaurant_accepts_at_once(batz, batz_setup, dbsession, mailbox):
    period, family = batz_setup
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    page = open_planning(batz, family.children[0], period)
    assert "mer. 10 juin 2026" not in page.text  # no canteen on Wednesdays
    repas = period.units[0]
    saved = validate_and_confirm(page, {cell(repas, MONDAY), cell(repas, date(2026, 6, 9))})
    assert "Acceptée" in saved.text
    assert {line.state for line in lines(dbsession)} == {ACCEPTED}
    assert "Présence acceptée" not in mailbox[0].body or "acceptée" in mailbox[0].body


def test_cancellation_goes_through_the_same_planning(batz, batz_setup, dbsession):
    period, family = batz_setup
    child = family.children[0]
    repas = period.units[0]
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    validate_and_confirm(
        open_planning(batz, child, period), {cell(repas, MONDAY), cell(repas, date(2026, 6, 9))}
    )
    page = open_planning(batz, child, period)
    assert {b._value: b.checked for b in page.forms["planning"].fields["cases"]}[
        cell(repas, MONDAY)
    ]
    recap = set_cells(page, unticked={cell(repas, MONDAY)}).submit("valider").follow()
    assert "Demande d'annulation" in recap.text
    assert "Annulation sans frais" in recap.text
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert "00002" in saved.text and "Annulée" in saved.text
    rows = lines(dbsession)
    assert [(r.kind, r.state, r.day) for r in rows] == [
        ("booking", CANCELLED, MONDAY),
        ("booking", ACCEPTED, date(2026, 6, 9)),
        (CANCELLATION, CANCELLED, MONDAY),
    ]
    assert rows[2].cancels_id == rows[0].id and rows[2].late is False
    booked = dict(dbsession.execute(select(UnitDay.day, UnitDay.booked)).all())
    assert booked == {MONDAY: 0, date(2026, 6, 9): 1}
    listing = batz.get("/reservations").text
    assert "Partielle" in listing  # 00001: one day accepted, the other cancelled


def test_siblings_get_one_reservation_each(balaruc, balaruc_setup, dbsession, mailbox):
    period, family = balaruc_setup
    valentina, romeo = family.children
    matin = unit(period, "matin")
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    # ROMEO already has Monday: only Wednesday is asked for him.
    validate_and_confirm(open_planning(balaruc, romeo, period), {cell(matin, MONDAY)})
    page = open_planning(balaruc, valentina, period, siblings=[romeo])
    assert "La même sélection sera appliquée à : TEST ROMEO" in page.text
    recap = set_cells(page, {cell(matin, MONDAY), cell(matin, WEDNESDAY)}).submit("valider")
    recap = recap.follow()
    assert recap.text.count("Référent :") == 2
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert "00002" in saved.text and "00003" in saved.text
    made = dbsession.scalars(select(Reservation).order_by(Reservation.number)).all()
    by_child = {r.child_id: [line.day for line in r.lines] for r in made[1:]}
    assert by_child == {valentina.id: [MONDAY, WEDNESDAY], romeo.id: [WEDNESDAY]}
    assert "00002" in mailbox[-1].body and "00003" in mailbox[-1].body


def test_column_actions_and_automatic_selection(balaruc, balaruc_setup, dbsession):
    period, family = balaruc_setup
    matin = unit(period, "matin")
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, family.children[0], period)
    page = page.forms["planning"].submit("colonne", value=f"select-period:{matin.id}").follow()
    new = 'class="bk-cell-label">Nouvelle demande<'
    assert page.text.count(new) == 5  # the five days of the week shown
    page = page.forms["planning"].submit("colonne", value=f"deselect-week:{matin.id}").follow()
    assert new not in page.text
    recap = page.forms["planning"].submit("valider").follow()
    assert recap.text.count("MATIN") == 5  # the second week only
    page = recap.forms["recap"].submit("retour").follow()
    page = page.forms["planning"].submit("colonne", value=f"deselect-period:{matin.id}").follow()
    form = page.forms["planning"]
    for box in form.fields["jours"]:
        box.checked = box._value == "2"  # Wednesdays
    for box in form.fields["unites"]:
        box.checked = box._value == str(matin.id)
    recap = form.submit("auto").follow().forms["planning"].submit("valider").follow()
    assert "mer. 10 juin 2026" in recap.text and "mer. 17 juin 2026" in recap.text
    assert recap.text.count("MATIN") == 2


def test_late_days_are_disabled_and_a_forged_cell_is_ignored(
    balaruc, balaruc_setup, dbsession, monkeypatch
):
    period, family = balaruc_setup
    freeze(monkeypatch, paris(2026, 6, 5, 9, 0))  # Friday: Monday 8 closed Thursday noon
    matin = unit(period, "matin")
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, family.children[0], period)
    assert "Délai dépassé (au plus tard le jeu. 04 juin 2026 à 12:00)" in page.text
    assert cell(matin, MONDAY) not in page.text
    response = balaruc.post(
        page.forms["planning"].action,
        {
            "csrf_token": page.forms["planning"]["csrf_token"].value,
            "semaine": MONDAY.isoformat(),
            "cases": cell(matin, MONDAY),
            "valider": "1",
        },
    ).follow()
    assert "Votre sélection est vide" in response.text
    assert lines(dbsession) == []


def test_the_confirmation_checks_every_date_again(balaruc, balaruc_setup, dbsession, monkeypatch):
    period, family = balaruc_setup
    matin = unit(period, "matin")
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, family.children[0], period)
    recap = set_cells(page, {cell(matin, MONDAY), cell(matin, WEDNESDAY)}).submit("valider")
    recap = recap.follow()
    freeze(monkeypatch, paris(2026, 6, 4, 12, 1))  # Monday's deadline passes meanwhile
    back = recap.forms["recap"].submit("confirmer").follow()
    assert "Certaines dates ne peuvent plus être demandées" in back.text
    assert lines(dbsession) == []
    assert "lun. 08 juin 2026" not in back.text.split("Merci de vérifier")[1]
    saved = back.forms["recap"].submit("confirmer").follow()
    assert [line.day for line in lines(dbsession)] == [WEDNESDAY]
    assert "00001" in saved.text


def test_a_full_unit_refuses_or_disables_as_the_policy_says(batz, batz_setup, app, dbsession):
    period, family = batz_setup
    tenant = app.registry.tenants.get("batz")
    repas = period.units[0]
    other = make_family(dbsession, tenant, "AUTRE", "autre@example.org", "Autre-2018-xx", ["ZOE"])
    enrol(dbsession, tenant, period, other.children)
    repas.capacity = 1
    dbsession.add(repas)
    dbsession.commit()
    batz.login("autre@example.org", "Autre-2018-xx")
    validate_and_confirm(open_planning(batz, other.children[0], period), {cell(repas, MONDAY)})
    batz.logout()
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    page = open_planning(batz, family.children[0], period)
    assert "Complet : aucune place disponible" in page.text
    assert cell(repas, MONDAY) not in page.text
    # The whole period selected at once still asks for Monday: refused, not overbooked.
    page = page.forms["planning"].submit("colonne", value=f"select-period:{repas.id}").follow()
    recap = page.forms["planning"].submit("valider").follow()
    assert "Complet : aucune place disponible" in recap.text
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert "Partielle" in saved.text and "Aucune place disponible" in saved.text
    monday = dbsession.scalars(
        select(Presence).where(Presence.day == MONDAY, Presence.child_id == family.children[0].id)
    ).one()
    assert (monday.state, monday.note) == (REFUSED, "Aucune place disponible")
    assert dbsession.scalar(select(UnitDay.booked).where(UnitDay.day == MONDAY)) == 1


def test_list_pages_searches_and_sorts(balaruc, balaruc_setup, dbsession):
    period, family = balaruc_setup
    valentina, romeo = family.children
    matin = unit(period, "matin")
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    repas = unit(period, "journee_repas")
    cells = [cell(matin, date(2026, 6, d)) for d in (8, 9, 10, 11, 12)]
    cells += [cell(repas, MONDAY), cell(repas, WEDNESDAY)]
    for index, value in enumerate(cells):
        child = valentina if index % 2 else romeo
        validate_and_confirm(open_planning(balaruc, child, period), {value})
    page = balaruc.get("/reservations")
    assert "Afficher 5 éléments / page (de 1 à 5 sur 7 éléments)" in page.text
    assert "00007" in page.text and "00002" not in page.text
    page = balaruc.get("/reservations", params={"page": 2})
    assert "(de 6 à 7 sur 7 éléments)" in page.text and "00001" in page.text
    page = balaruc.get("/reservations", params={"par_page": 10})
    assert "(de 1 à 7 sur 7 éléments)" in page.text
    page = balaruc.get("/reservations", params={"q": "ROMEO", "par_page": 25})
    assert "sur 4 éléments" in page.text and "VALENTINA" not in page.text.split("<tbody>")[1]
    page = balaruc.get("/reservations", params={"q": "00003"})
    assert "sur 1 élément" in page.text
    page = balaruc.get("/reservations", params={"tri": "date_asc"})
    numbers = [row.select("td")[0].text for row in page.html.select("table.bk-list tbody tr")]
    assert numbers == ["00001", "00002", "00003", "00004", "00005"]


def test_a_child_not_enrolled_sees_the_faq_and_cannot_reach_the_planning(
    balaruc, app, dbsession, monkeypatch
):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, paris(2026, 6, 1))
    family = make_family(dbsession, tenant, "SEUL", "seul@example.org", "Seul-2019-xyz", ["ANA"])
    period = make_period(dbsession, tenant, "ale_primaire", MONDAY)
    dbsession.commit()
    balaruc.login("seul@example.org", "Seul-2019-xyz")
    page = balaruc.get(f"/reservations/nouvelle/{family.children[0].id}")
    assert "Aucune période n'est ouverte à la réservation" in page.text
    assert "Service Enfance Jeunesse" in page.text
    balaruc.get(f"/reservations/planning/{period.id}/{family.children[0].id}", status=404)


def test_a_period_past_its_last_booking_day_is_closed(
    balaruc, balaruc_setup, dbsession, monkeypatch
):
    period, family = balaruc_setup
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    freeze(monkeypatch, paris(2026, 6, 22, 9))
    page = balaruc.get(f"/reservations/planning/{period.id}/{family.children[0].id}").follow()
    assert "n'est plus ouverte aux réservations" in page.text
    choose = balaruc.get(f"/reservations/nouvelle/{family.children[0].id}")
    assert "MERCREDIS / VACANCES Été 2026" not in choose.text


def test_week_navigation_keeps_the_ticked_cells(balaruc, balaruc_setup):
    period, family = balaruc_setup
    matin = unit(period, "matin")
    child = family.children[0]
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, child, period)
    nxt = set_cells(page, {cell(matin, MONDAY)}).submit("aller", index=0).follow()
    assert "Semaine n°25" in nxt.text
    assert "lun. 15 juin 2026" in nxt.text
    back = planning_week(balaruc, child, period, MONDAY)
    boxes = {box._value: box.checked for box in back.forms["planning"].fields["cases"]}
    assert boxes[cell(matin, MONDAY)] is True
    assert boxes[cell(matin, WEDNESDAY)] is False
