"""The planning grid of a selection applied to siblings: each cell shows every child's line
(the seeds' state labels), the recap says what happens to a sibling who already has the
day, a single child's grid is unchanged, and no other family's child ever shows."""

from datetime import date

import pytest
from sqlalchemy import select, update

from portail_core import formatting
from portail_core.models.bookings import (
    ACCEPTED,
    CANCELLED,
    PENDING,
    REFUSED,
    WAITING,
    Presence,
)
from portail_core.testing.bookings import (
    book,
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    set_cells,
)

MONDAY = date(2026, 6, 8)
TUESDAY = date(2026, 6, 9)
WEDNESDAY = date(2026, 6, 10)
THURSDAY = date(2026, 6, 11)
FRIDAY = date(2026, 6, 12)
NOW = paris(2026, 6, 1, 9, 0)


@pytest.fixture
def family_setup(app, dbsession, monkeypatch):
    """TEST (VALENTINA, ROMEO) and AUTRE (ZOE) enrolled in an ALE period that accepts at
    once; ROMEO and ZOE already have Monday morning."""
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, NOW)
    family = make_family(
        dbsession,
        tenant,
        "TEST",
        "valentina.test@example.org",
        "Valentina-2019",
        ["VALENTINA", "ROMEO"],
    )
    other = make_family(dbsession, tenant, "AUTRE", "autre@example.org", "Autre-2019-xyz", ["ZOE"])
    period = make_period(
        dbsession, tenant, "ale_primaire", MONDAY, days=14, units=["matin"], auto_accept=True
    )
    enrol(dbsession, tenant, period, [*family.children, *other.children])
    matin = period.units[0]
    valentina, romeo = family.children
    book(dbsession, tenant, family, period, [romeo], matin, [MONDAY], NOW)
    book(dbsession, tenant, other, period, other.children, matin, [MONDAY, TUESDAY], NOW)
    dbsession.commit()
    return tenant, period, matin, family, other


def td(page, unit, day):
    """The grid's cell of a unit on a day (enabled or not)."""
    label = formatting.day_label(day)
    for row in page.html.select("table.bk-grid tbody tr"):
        if row.th.get_text(" ", strip=True).startswith(label):
            return row.select_one(f"td[data-unit='{unit.id}']")
    raise AssertionError(f"no row for {label}")


def text(tag):
    return " ".join(tag.stripped_strings)


def sibling_lines(page, unit, day):
    return [text(line) for line in td(page, unit, day).select(".bk-sibling")]


def referent_line(page, unit, day):
    cell_tag = td(page, unit, day)
    return f"{text(cell_tag.select_one('.bk-who'))} {text(cell_tag.select_one('.bk-cell-label'))}"


def boxes(page):
    return {box._value: box.checked for box in page.forms["planning"].fields["cases"]}


def test_the_grid_shows_a_sibling_who_already_has_the_day(balaruc, family_setup):
    _, period, matin, family, _ = family_setup
    valentina, romeo = family.children
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, valentina, period, siblings=[romeo])
    assert "La même sélection sera appliquée à : TEST ROMEO" in page.text
    intro = text(page.html.select_one(".bk-siblings-intro"))
    assert "le garde : pas de seconde demande pour lui" in intro
    assert "Un jour que VALENTINA a déjà n'est pas demandé pour les autres enfants" in intro
    # Monday: ROMEO's accepted line, in words beside the seeds' icon; VALENTINA is free.
    assert sibling_lines(page, matin, MONDAY) == ["ROMEO : ✓ acceptée"]
    assert referent_line(page, matin, MONDAY) == "VALENTINA : Libre"
    assert sibling_lines(page, matin, WEDNESDAY) == ["ROMEO : aucune demande"]
    # The checkbox is still the référent's: its value, unticked since she has no line,
    # and its label names the cell, then each child.
    assert boxes(page)[cell(matin, MONDAY)] is False
    label = page.html.select_one(f"label[for='c-{cell(matin, MONDAY)}']")
    assert text(label).startswith(f"MATIN, {formatting.day_label(MONDAY)} : VALENTINA :")
    assert "ROMEO : ✓ acceptée" in text(label)
    # The script's data: ROMEO's own line, to repaint it when the box changes.
    line = label.select_one(".bk-sibling")
    assert (line["data-live"], line["data-state"], line["data-label"]) == (
        "1",
        ACCEPTED,
        "acceptée",
    )


def test_the_selection_marks_siblings_as_the_recap_will_treat_them(
    balaruc, family_setup, dbsession
):
    _, period, matin, family, _ = family_setup
    valentina, romeo = family.children
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, valentina, period, siblings=[romeo])
    ticked = {cell(matin, MONDAY), cell(matin, WEDNESDAY)}
    page = set_cells(page, ticked).submit("enregistrer").follow()
    # A new request for VALENTINA on both days; ROMEO keeps Monday, gets Wednesday.
    assert referent_line(page, matin, MONDAY) == "VALENTINA : Nouvelle demande"
    assert sibling_lines(page, matin, MONDAY) == ["ROMEO : ✓ acceptée"]
    assert sibling_lines(page, matin, WEDNESDAY) == ["ROMEO : + Nouvelle demande"]
    recap = page.forms["planning"].submit("valider").follow()
    romeo_part = text(recap.html.select_one(f"section[aria-labelledby='recap-{romeo.id}']"))
    assert "Déjà demandés pour ROMEO, ces jours sont gardés tels quels" in romeo_part
    assert f"{formatting.day_label(MONDAY)} — MATIN : ✓ acceptée" in romeo_part
    assert formatting.day_label(WEDNESDAY) in romeo_part
    valentina_part = text(recap.html.select_one(f"section[aria-labelledby='recap-{valentina.id}']"))
    assert "Déjà demandés" not in valentina_part
    recap.forms["recap"].submit("confirmer").follow()
    romeo_days = dbsession.scalars(
        select(Presence.day).where(Presence.child_id == romeo.id).order_by(Presence.day)
    ).all()
    assert romeo_days == [MONDAY, WEDNESDAY]  # no second line for Monday


def test_a_cancellation_shows_for_siblings_who_have_the_day_only(
    balaruc, app, family_setup, dbsession
):
    tenant, period, matin, family, _ = family_setup
    valentina, romeo = family.children
    book(dbsession, tenant, family, period, [valentina], matin, [MONDAY, TUESDAY], NOW)
    dbsession.commit()
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, valentina, period, siblings=[romeo])
    assert boxes(page)[cell(matin, MONDAY)] is True
    assert sibling_lines(page, matin, TUESDAY) == ["ROMEO : aucune demande"]
    unticked = {cell(matin, MONDAY), cell(matin, TUESDAY)}
    page = set_cells(page, unticked=unticked).submit("enregistrer").follow()
    assert referent_line(page, matin, MONDAY) == "VALENTINA : Demande d'annulation"
    assert sibling_lines(page, matin, MONDAY) == ["ROMEO : − Demande d'annulation"]
    assert sibling_lines(page, matin, TUESDAY) == ["ROMEO : aucune demande"]
    recap = page.forms["planning"].submit("valider").follow()
    romeo_part = text(recap.html.select_one(f"section[aria-labelledby='recap-{romeo.id}']"))
    assert "ROMEO n'a pas ces jours : rien à annuler pour cet enfant." in romeo_part
    assert f"{formatting.day_label(TUESDAY)} — MATIN" in romeo_part


def test_every_state_of_a_sibling_shows_even_in_cells_that_cannot_change(
    balaruc, family_setup, dbsession, monkeypatch
):
    tenant, period, matin, family, _ = family_setup
    valentina, romeo = family.children
    book(
        dbsession,
        tenant,
        family,
        period,
        [romeo],
        matin,
        [TUESDAY, WEDNESDAY, THURSDAY, FRIDAY],
        NOW,
    )
    states = {TUESDAY: PENDING, WEDNESDAY: WAITING, THURSDAY: REFUSED, FRIDAY: CANCELLED}
    for day, state in states.items():
        dbsession.execute(
            update(Presence)
            .where(Presence.child_id == romeo.id, Presence.day == day)
            .values(state=state)
        )
    dbsession.commit()
    # Friday 5 June: Monday 8 and Tuesday 9 are past their deadline, hence not bookable.
    freeze(monkeypatch, paris(2026, 6, 5, 9, 0))
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, valentina, period, siblings=[romeo])
    assert "bk-disabled" in td(page, matin, MONDAY)["class"]
    assert referent_line(page, matin, MONDAY) == "VALENTINA : Non réservable"
    assert sibling_lines(page, matin, MONDAY) == ["ROMEO : ✓ acceptée"]
    assert sibling_lines(page, matin, TUESDAY) == ["ROMEO : ? En attente de traitement"]
    assert sibling_lines(page, matin, WEDNESDAY) == ["ROMEO : ⌛ liste d'attente"]
    assert sibling_lines(page, matin, THURSDAY) == ["ROMEO : ✗ refusée"]
    assert sibling_lines(page, matin, FRIDAY) == ["ROMEO : ⊘ annulée"]
    # Ticking Thursday or Friday asks again for ROMEO (his line is no longer live)...
    page = set_cells(page, {cell(matin, THURSDAY), cell(matin, FRIDAY)}).submit("enregistrer")
    page = page.follow()
    assert sibling_lines(page, matin, THURSDAY) == ["ROMEO : + Nouvelle demande"]
    assert sibling_lines(page, matin, FRIDAY) == ["ROMEO : + Nouvelle demande"]
    # ... and ticking Wednesday keeps his place on the waiting list.
    page = set_cells(page, {cell(matin, WEDNESDAY)}).submit("enregistrer").follow()
    assert sibling_lines(page, matin, WEDNESDAY) == ["ROMEO : ⌛ liste d'attente"]


def test_a_single_child_grid_has_no_sibling_lines(balaruc, family_setup):
    _, period, matin, family, _ = family_setup
    valentina, romeo = family.children
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    for child, other_name in ((valentina, "ROMEO"), (romeo, "VALENTINA")):
        page = open_planning(balaruc, child, period)
        grid = page.html.select_one("table.bk-grid")
        assert grid.select(".bk-sibling") == [] and grid.select(".bk-who") == []
        assert other_name not in text(grid)
        assert page.html.select_one(".bk-siblings-intro") is None
        assert "La même sélection sera appliquée" not in page.text
        # The cell as before: icon, the cell's name for screen readers, state, places.
        label = page.html.select_one(f"label[for='c-{cell(matin, WEDNESDAY)}']")
        classes = [tag["class"][0] for tag in label.find_all("span", recursive=False)]
        assert classes == ["bk-state", "visually-hidden", "bk-cell-label", "bk-places"]
    # ROMEO's own grid: his Monday is his (checked), shown as before.
    assert text(td(page, matin, MONDAY).select_one(".bk-cell-label")) == "acceptée"
    assert boxes(page)[cell(matin, MONDAY)] is True


def test_another_familys_child_never_shows(balaruc, family_setup):
    _, period, matin, family, other = family_setup
    valentina, romeo = family.children
    zoe = other.children[0]
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    # A forged choice naming ZOE beside ROMEO: she is not of the family, so left out.
    choose = balaruc.get(f"/reservations/nouvelle/{valentina.id}", params={"periode": period.id})
    response = balaruc.post(
        f"/reservations/nouvelle/{valentina.id}",
        [
            ("csrf_token", choose.forms["choose"]["csrf_token"].value),
            ("periode", str(period.id)),
            ("enfants", str(romeo.id)),
            ("enfants", str(zoe.id)),
        ],
    )
    page = response.follow()
    assert "La même sélection sera appliquée à : TEST ROMEO (" in page.text
    assert "ZOE" not in page.text
    # ZOE has Monday and Tuesday: only ROMEO's lines show, one per cell.
    assert sibling_lines(page, matin, MONDAY) == ["ROMEO : ✓ acceptée"]
    assert sibling_lines(page, matin, TUESDAY) == ["ROMEO : aucune demande"]
    for line in page.html.select(".bk-sibling"):
        assert text(line).startswith("ROMEO :")
    # Nor can her grid be opened.
    balaruc.get(f"/reservations/planning/{period.id}/{zoe.id}", status=404)
