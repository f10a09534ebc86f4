"""A lottery draw of 5,000 requests on PostgreSQL: its time, its replay, its determinism.

    .venv/bin/python benchmarks/lottery.py [--url postgresql+psycopg://127.0.0.1:5432/test]
        [--requests 5000]

Arranges, in a schema of its own (dropped at the end whatever happens), Balaruc's summer
period, ``--requests`` families with one child each and a varied family file (residents,
working parents, PAI, siblings enrolled), and two identical closed lottery campaigns with
one request per child. Draws the first with a random seed, timed (facts loaded, priorities
applied, draw, ranks written, committed), replays it from what it recorded, then draws the
second with the first's seed and checks the two rankings are the same. Exit status 1 if
the draw takes 5 s or more, the replay differs, or the two rankings differ.
"""

import argparse
import sys
import time
from datetime import date, timedelta

from bookings import DEFAULT_URL, ROOT, drop_schema, make_schema

TARGET_SECONDS = 5.0


def tenant_balaruc():
    from portail_core.plugins import build_plugin_manager, collect_payment_backends
    from portail_core.tenancy import load_tenants

    pm = build_plugin_manager()
    tenants = load_tenants(ROOT / "config" / "tenants", pm, collect_payment_backends(pm), True)
    return tenants.get("balaruc")


def arrange(session, tenant, count):
    from sqlalchemy import insert, select, text

    from portail_core.calendar import now_paris
    from portail_core.models.bookings import Enrolment
    from portail_core.models.campaigns import CampaignRequest
    from portail_core.models.family import Child, Family, Guardian
    from portail_core.services.bookings.catalog import CatalogService
    from portail_core.services.campaigns.priorities import catalogue
    from portail_core.testing.campaigns import make_campaign

    catalog = CatalogService(session, tenant)
    catalog.sync()
    ale = next(e for e in catalog.establishments() if e.code == "ale_primaire")

    def period(name, start):
        values = {"name": name, "start_date": start, "end_date": start + timedelta(days=40)}
        values.update({"last_booking_day": start + timedelta(days=40), "weekdays": {0, 1, 2, 3, 4}})
        return catalog.save_period(None, ale, {**values, "units": [u.id for u in ale.units]})

    today = now_paris().date()
    current = period("MERCREDIS / VACANCES EN COURS", today)
    summer = period("VACANCES ÉTÉ BENCH", date(today.year + 1, 7, 6))
    codes = tenant.plugin_settings("core").get("resident_postal_codes", ()) or ("34540",)
    session.execute(
        insert(Family),
        [
            {
                "tenant_id": tenant.id,
                "name": f"BENCH{i:05d}",
                "postal_code": codes[0] if i % 3 else "75001",
            }
            for i in range(count)
        ],
    )
    family_ids = list(
        session.scalars(select(Family.id).where(Family.tenant_id == tenant.id).order_by(Family.id))
    )
    session.execute(
        insert(Child),
        [
            {
                "tenant_id": tenant.id,
                "family_id": fid,
                "last_name": f"BENCH{i:05d}",
                "first_name": first,
                "pai": i % 17 == 0,
            }
            for i, fid in enumerate(family_ids)
            for first in (("AÎNÉ", "CADET") if i % 5 == 0 else ("CADET",))
        ],
    )
    session.execute(
        insert(Guardian),
        [
            {
                "tenant_id": tenant.id,
                "family_id": fid,
                "position": p,
                "last_name": "BENCH",
                "phone_work": "0467" if (i + p) % 2 else "",
            }
            for i, fid in enumerate(family_ids)
            for p in (1, 2)
        ],
    )
    children = session.execute(
        select(Child.id, Child.family_id, Child.first_name).where(Child.tenant_id == tenant.id)
    ).all()
    session.execute(
        insert(Enrolment),
        [
            {"tenant_id": tenant.id, "period_id": current.id, "child_id": cid}
            for cid, _, first in children
            if first == "AÎNÉ"
        ],
    )
    opens = now_paris() - timedelta(days=10)
    campaigns = []
    for _ in range(2):
        campaign = make_campaign(
            session,
            tenant,
            [summer],
            "lottery",
            opens,
            opens + timedelta(days=7),
            places=count // 4,
            priorities=list(catalogue(tenant)),
        )
        session.execute(
            insert(CampaignRequest),
            [
                {
                    "tenant_id": tenant.id,
                    "campaign_id": campaign.id,
                    "family_id": fid,
                    "child_id": cid,
                    "unit_ids": str(summer.units[0].id),
                    "weekdays": "1111100",
                    "state": "submitted",
                    "submitted_at": opens,
                }
                for cid, fid, first in children
                if first == "CADET"
            ],
        )
        campaigns.append(campaign.id)
    session.commit()
    # Statistics for the planner, as autovacuum gathers them after a bulk load.
    session.execute(text("ANALYZE"))
    session.commit()
    return campaigns


def ranking(session, campaign_id):
    from sqlalchemy import select

    from portail_core.models.campaigns import CampaignRequest

    rows = session.execute(
        select(CampaignRequest.child_id, CampaignRequest.rank)
        .where(CampaignRequest.campaign_id == campaign_id)
        .order_by(CampaignRequest.rank)
    ).all()
    return [child_id for child_id, _ in rows]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args(argv)
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from portail_core.calendar import now_paris
    from portail_core.migrations import upgrade
    from portail_core.models.campaigns import Campaign
    from portail_core.services.campaigns.lottery import Lottery, replay

    schema, url = make_schema(args.url)
    try:
        upgrade(url=url)
        engine = create_engine(url)
        tenant = tenant_balaruc()
        with Session(engine) as session:
            first, second = arrange(session, tenant, args.requests)
        with Session(engine) as session:
            started = time.perf_counter()
            campaign = session.get(Campaign, first)
            drawn = Lottery(session, tenant).draw(campaign, now_paris())
            session.commit()
            elapsed = time.perf_counter() - started
            seed = campaign.seed
            started = time.perf_counter()
            verification = replay(session, tenant, campaign)
            replayed = time.perf_counter() - started
            Lottery(session, tenant).draw(session.get(Campaign, second), now_paris(), seed=seed)
            session.commit()
            same = ranking(session, first) == ranking(session, second)
        engine.dispose()
    finally:
        drop_schema(args.url, schema)
    print(
        f"tirage : {drawn} demandes classées en {elapsed:.2f} s (objectif < {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"rejeu depuis la graine {seed} : {verification.checked} vérifiées en {replayed:.2f} s, "
        f"{'conforme' if verification.ok else f'{len(verification.differences)} écarts'}"
    )
    print(f"second tirage avec la même graine : {'classement identique' if same else 'DIFFÉRENT'}")
    failures = []
    if elapsed >= TARGET_SECONDS:
        failures.append(f"tirage en {elapsed:.2f} s")
    if not verification.ok:
        failures.append("rejeu non conforme")
    if not same or drawn != args.requests:
        failures.append("tirage non déterministe ou incomplet")
    print("\n" + ("OBJECTIFS ATTEINTS" if not failures else "ÉCHEC : " + " ; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
