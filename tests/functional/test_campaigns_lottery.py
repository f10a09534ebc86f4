"""Lottery campaigns end to end: the agents' form, parents' wishes, a seeded and replayable
draw, priorities, an adjusted rank, offers accepted, declined and expired, isolation."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portail_core.models.bookings import Enrolment
from portail_core.models.campaigns import CampaignRequest
from portail_core.models.family import Guardian
from portail_core.scripts.campaigns_check import check
from portail_core.services.campaigns.lottery import Lottery, draw_positions, replay
from portail_core.services.campaigns.priorities import catalogue
from portail_core.testing.bookings import freeze, make_family, make_period, paris
from portail_core.testing.campaigns import AGENTS, make_campaign, request_for
from portail_core.testing.fixtures import page_forms

OPEN = paris(2026, 6, 1, 9)
CLOSED = paris(2026, 6, 15, 19)


@pytest.fixture
def arranged(app, dbsession, monkeypatch):
    """Balaruc: a period, three families (one resident with two working parents)."""
    from portail_core.demo.builder import DemoBuilder

    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, OPEN)
    DemoBuilder(dbsession, tenant).agent(*AGENTS["balaruc"], "Secrétariat", "SEJ")
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 7, 6), name="ÉTÉ 2026")
    families = [
        make_family(
            dbsession, tenant, name, f"{name.lower()}@example.org", "Secret-2019-x", [first]
        )
        for name, first in (("ALPHA", "ANNA"), ("BRAVO", "BOB"), ("CHARLIE", "CLARA"))
    ]
    resident = tenant.plugin_settings("core").get("resident_postal_codes", ())
    families[1].postal_code = resident[0] if resident else "34540"
    for position in (1, 2):
        families[1].guardians.append(
            Guardian(tenant_id=tenant.id, position=position, last_name="BRAVO", phone_work="0467")
        )
    dbsession.commit()
    return tenant, period, families


def test_the_agents_form_keeps_what_was_typed_and_says_what_is_wrong(arranged, balaruc):
    tenant, period, _ = arranged
    balaruc.login(*AGENTS["balaruc"])
    page = balaruc.get("/agents/campagnes/nouvelle")
    form = page.forms["campaign"]
    form["title"] = "Inscriptions ÉTÉ 2026"
    form["mode"] = "lottery"
    form["opens_on"] = "2026-06-10"
    form["opens_hour"] = "09:00"
    form["closes_on"] = "2026-06-01"
    form["closes_hour"] = "18:00"
    form.get("checkbox", index=0).checked = True  # the only period, before the units
    form["places"] = "2"
    page = form.submit("submit")
    assert "La clôture doit venir après l'ouverture." in page.text
    assert page.forms["campaign"]["title"].value == "Inscriptions ÉTÉ 2026"
    form = page.forms["campaign"]
    form["closes_on"] = "2026-06-15"
    form["priorite_resident"] = "1"
    form["priorite_both_working"] = "1"
    page = form.submit("submit")
    assert "Deux priorités ne peuvent pas avoir le même rang." in page.text
    form = page.forms["campaign"]
    form["priorite_both_working"] = "2"
    page = form.submit("submit").follow()
    assert "Campagne « Inscriptions ÉTÉ 2026 » enregistrée." in page.text
    assert "La famille habite la commune" in page.text


def test_a_lottery_from_wishes_to_offers(
    arranged, app, dbsession, client_for, mailbox, monkeypatch
):
    tenant, period, families = arranged
    campaign = make_campaign(
        dbsession,
        tenant,
        [period],
        "lottery",
        OPEN,
        CLOSED,
        places=1,
        offer_hours=24,
        priorities=["resident", "both_working"],
    )
    dbsession.commit()
    parents = []
    for family in families:
        parent = client_for("balaruc")
        parent.login(f"{family.name.lower()}@example.org", "Secret-2019-x")
        page = parent.get(f"/inscriptions/{campaign.id}")
        assert "L'heure à laquelle vous l'envoyez ne compte pas" in page.text
        assert "La famille habite la commune" in page.text
        form = page.forms["voeux"]
        child = family.children[0]
        form[f"enfant-{child.id}"].checked = True
        page = form.submit()
        assert "Cochez au moins un accueil" in page.text  # nothing lost: fix and send again
        form = page.forms["voeux"]
        assert form[f"enfant-{child.id}"].checked
        form.get(f"unites-{child.id}", index=0).checked = True
        form.get(f"jours-{child.id}", index=2).checked = True
        page = form.submit().follow()
        assert "Votre demande est enregistrée" in page.text
        parents.append(parent)

    agent = client_for("balaruc")
    agent.login(*AGENTS["balaruc"])
    view = f"/agents/campagnes/{campaign.id}"
    assert "Le tirage se fait après la clôture" in agent.get(view).text
    freeze(monkeypatch, CLOSED + timedelta(hours=1))
    page = agent.post(f"{view}/tirage", {"csrf_token": agent.csrf_token()}).follow()
    assert "3 demande(s) classée(s)" in page.text
    assert "rejoué et vérifié, 3 demande(s) conformes" in page.text
    rows = {r.family_id: r for r in dbsession.scalars(select(CampaignRequest)).all()}
    bravo = rows[families[1].id]
    assert bravo.rank == 1 and bravo.matches == "11"  # the resident family, both parents working
    others = sorted((rows[f.id] for f in (families[0], families[2])), key=lambda r: r.rank)
    assert [r.draw for r in others] == sorted(r.draw for r in others)  # the tie: by the draw
    # An agent moves the last one first, with a reason kept on the row.
    last = others[-1]
    page = agent.post(
        f"{view}/ajustement",
        {"csrf_token": agent.csrf_token(), "demande": last.id, "rang": "1", "motif": ""},
    ).follow()
    assert "Écrivez le motif de l'ajustement." in page.text
    page = agent.post(
        f"{view}/ajustement",
        {"csrf_token": agent.csrf_token(), "demande": last.id, "rang": "1", "motif": "Fratrie"},
    ).follow()
    assert "passe du rang 3 au rang 1" in page.text and "« Fratrie »" in page.text
    dbsession.expire_all()
    moved = dbsession.get(CampaignRequest, last.id)
    assert (moved.rank, moved.adjusted_from, moved.adjusted_reason) == (1, 3, "Fratrie")
    assert moved.adjusted_by_id is not None and moved.drawn_rank == 3
    assert replay(dbsession, tenant, moved.campaign).ok  # the draw itself is unchanged

    mailbox.clear()
    page = agent.post(f"{view}/publication", {"csrf_token": agent.csrf_token()}).follow()
    assert "1 place(s) proposée(s)" in page.text
    subjects = sorted(message.subject for message in mailbox)
    assert len(subjects) == 3
    assert sum("Une place vous est proposée" in s for s in subjects) == 1
    assert sum("liste d'attente" in s for s in subjects) == 2
    assert all("/inscriptions" in message.body for message in mailbox)

    # The offered family lets the offer expire; the next one (rank 2) gets the place.
    offered_family = next(f for f in families if f.id == moved.family_id)
    mailbox.clear()
    freeze(monkeypatch, CLOSED + timedelta(hours=26))
    check(app.registry, _script_request(app), "balaruc", base="http://{host}", out=_Null())
    dbsession.expire_all()
    assert dbsession.get(CampaignRequest, moved.id).state == "expired"
    second = dbsession.scalar(select(CampaignRequest).where(CampaignRequest.rank == 2))
    assert second.state == "offered"
    assert sorted(m.subject.split(" — ")[0].split("] ")[1] for m in mailbox) == [
        "La place proposée n'a pas été acceptée à temps",
        "Une place vous est proposée",
    ]
    # Too late for the first family; the second accepts and its child is enrolled.
    first_parent = parents[families.index(offered_family)]
    page = first_parent.get("/inscriptions")
    assert "Proposition expirée" in page.text
    second_parent = parents[[f.id for f in families].index(second.family_id)]
    page = second_parent.get("/inscriptions")
    page = page_forms(page)[0].submit("reponse", value="accepter").follow()
    assert "Place acceptée" in page.text
    enrolled = dbsession.scalars(select(Enrolment.child_id).where(Enrolment.period_id == period.id))
    assert list(enrolled) == [second.child_id]
    # Closing refuses the rest, by e-mail.
    mailbox.clear()
    agent.post(f"{view}/cloture", {"csrf_token": agent.csrf_token()}).follow()
    assert len(mailbox) == 1 and "n'a pas pu être retenue" in mailbox[0].subject


class _Null:
    def write(self, text):
        return len(text)


def _script_request(app):
    from pyramid.request import Request, apply_request_extensions

    request = Request.blank("/", base_url="http://balaruc.localhost")
    request.registry = app.registry
    apply_request_extensions(request)
    import transaction

    request.tm = transaction.TransactionManager(explicit=True)
    return request


def test_the_draw_is_seeded_recorded_and_replayable(arranged, dbsession):
    tenant, period, _ = arranged
    families = [
        make_family(dbsession, tenant, f"F{n:02d}", f"f{n}@example.org", "Secret-2019-x", ["E"])
        for n in range(12)
    ]
    campaigns = []
    for _ in range(2):
        campaign = make_campaign(dbsession, tenant, [period], "lottery", OPEN, CLOSED, places=3)
        for family in families:
            request_for(dbsession, tenant, campaign, family.children[0])
        campaigns.append(campaign)
    dbsession.flush()
    lottery = Lottery(dbsession, tenant)
    for campaign in campaigns:
        lottery.draw(campaign, CLOSED, seed="graine-de-test")
    dbsession.flush()

    def order(campaign):
        rows = dbsession.scalars(
            select(CampaignRequest)
            .where(CampaignRequest.campaign_id == campaign.id)
            .order_by(CampaignRequest.rank)
        )
        return [row.child.family.name for row in rows]

    assert order(campaigns[0]) == order(campaigns[1])  # same seed, same draw
    assert campaigns[0].seed == "graine-de-test"
    ids = sorted(r.id for r in dbsession.scalars(select(CampaignRequest)).all())[:12]
    assert draw_positions("graine-de-test", ids) != draw_positions("autre-graine", ids)
    assert replay(dbsession, tenant, campaigns[0]).ok
    tampered = dbsession.scalar(
        select(CampaignRequest)
        .where(CampaignRequest.campaign_id == campaigns[0].id)
        .order_by(CampaignRequest.rank)
    )
    tampered.drawn_rank, tampered.draw = 12, 11
    dbsession.flush()
    verification = replay(dbsession, tenant, campaigns[0])
    assert not verification.ok and tampered.id in verification.differences
    with pytest.raises(Exception, match="déjà eu lieu"):
        lottery.draw(campaigns[0], CLOSED)


def test_each_commune_orders_its_priorities(app):
    balaruc = list(catalogue(app.registry.tenants.get("balaruc")))
    batz = list(catalogue(app.registry.tenants.get("batz")))
    assert balaruc[:3] == ["resident", "both_working", "single_parent"]
    assert batz[:3] == ["sibling_enrolled", "pai", "low_quotient"]
    assert "earlier_refusal" in balaruc and "earlier_refusal" in batz  # the core's, appended
    assert "low_quotient" not in balaruc and "single_parent" not in batz


def test_one_commune_or_family_cannot_reach_another(arranged, app, dbsession, client_for):
    tenant, period, families = arranged
    campaign = make_campaign(dbsession, tenant, [period], "lottery", OPEN, CLOSED, places=1)
    row = request_for(dbsession, tenant, campaign, families[0].children[0])
    from portail_core.demo.builder import DemoBuilder

    batz_tenant = app.registry.tenants.get("batz")
    DemoBuilder(dbsession, batz_tenant).agent(*AGENTS["batz"], "Service", "SEJ")
    make_family(dbsession, batz_tenant, "ZULU", "zulu@example.org", "Secret-2019-x", ["ZOE"])
    dbsession.commit()
    batz = client_for("batz")
    batz.login(*AGENTS["batz"])
    batz.get(f"/agents/campagnes/{campaign.id}", status=404)
    batz.get(f"/agents/campagnes/{campaign.id}/modifier", status=404)
    batz.post(
        f"/agents/campagnes/{campaign.id}/tirage", {"csrf_token": batz.csrf_token()}, status=404
    )
    assert "Aucune campagne." in batz.get("/agents/campagnes").text
    zulu = client_for("batz")
    zulu.login("zulu@example.org", "Secret-2019-x")
    zulu.get(f"/inscriptions/{campaign.id}", status=404)
    other = client_for("balaruc")
    other.login("bravo@example.org", "Secret-2019-x")
    token = other.csrf_token()
    other.post(
        f"/inscriptions/demandes/{row.id}", {"csrf_token": token, "reponse": "accepter"}, status=404
    )
