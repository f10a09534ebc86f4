"""An invoice run for 10,000 families over one month on PostgreSQL: time and invoices/s.

    .venv/bin/python benchmarks/invoice_run.py [--families 10000] [--url postgresql+psycopg://…]

The data (families, children, one reservation each, a morning presence every working day
of March 2018 and an evening one on Tuesdays and Thursdays) are written with bulk inserts
into a schema of their own, created for the run and dropped at the end whatever happens.
Only the run (drafts) and its publication (numbers) are timed. The script stops with
status 1 if the run takes longer than ``--max-seconds``.
"""

import argparse
import os
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portail_core.calendar import is_working_day
from portail_core.migrations import upgrade
from portail_core.models.bookings import ACCEPTED, BOOKING, Presence, Reservation
from portail_core.models.family import Child, Family
from portail_core.plugins import build_plugin_manager, collect_payment_backends
from portail_core.services.billing.history_import import period_row, unit_row
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.tenancy import load_tenants

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = os.environ.get(
    "PORTAIL_BENCH_DATABASE_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)
START, END = date(2018, 3, 1), date(2018, 3, 31)
BATCH = 5000


def batz_tenant():
    pm = build_plugin_manager()
    tenants = load_tenants(
        ROOT / "config" / "tenants", pm, collect_payment_backends(pm), allow_secret_defaults=True
    )
    return tenants.get("batz")


def _insert(session, model, rows):
    ids = []
    for index in range(0, len(rows), BATCH):
        chunk = rows[index : index + BATCH]
        ids += session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True), chunk
        )
    return ids


def arrange(session, tenant, families):
    """Write the families, children and presences; returns the number of presences."""
    tid = tenant.id
    family_ids = _insert(
        session,
        Family,
        [
            {"tenant_id": tid, "name": f"FAMILLE{n:05d}", "postal_code": "44740"}
            for n in range(families)
        ],
    )
    children = [
        {"tenant_id": tid, "family_id": fid, "last_name": f"FAMILLE{n:05d}", "first_name": first}
        for n, fid in enumerate(family_ids)
        for first in (("ALICE", "BOB") if n % 7 == 0 else ("ALICE",))
    ]
    child_ids = _insert(session, Child, children)
    establishment, matin = unit_row(session, tenant, "periscolaire", "matin")
    _, soir = unit_row(session, tenant, "periscolaire", "soir")
    period = period_row(session, tid, establishment, "PERISCOLAIRE 2017-2018", START, END)
    reservations = _insert(
        session,
        Reservation,
        [
            {"tenant_id": tid, "number": n + 1, "family_id": row["family_id"], "child_id": cid,
             "period_id": period.id, "first_day": START, "last_day": END}
            for n, (cid, row) in enumerate(zip(child_ids, children, strict=True))
        ],
    )  # fmt: skip
    days = [START + timedelta(days=i) for i in range((END - START).days + 1)]
    days = [day for day in days if is_working_day(day)]
    presences = []
    for reservation_id, child_id in zip(reservations, child_ids, strict=True):
        for day in days:
            units = (matin, soir) if day.weekday() in (1, 3) else (matin,)
            presences += [
                {"tenant_id": tid, "reservation_id": reservation_id, "child_id": child_id,
                 "period_id": period.id, "unit_id": unit.id, "day": day, "kind": BOOKING,
                 "state": ACCEPTED}
                for unit in units
            ]  # fmt: skip
    for index in range(0, len(presences), BATCH):
        session.execute(insert(Presence), presences[index : index + BATCH])
    return len(presences)


def measure(session, tenant):
    service = InvoiceRunService(session, tenant)
    started = time.perf_counter()
    run = service.run("periscolaire", START, END)
    drafted = time.perf_counter()
    published = service.publish(run, END + timedelta(days=5))
    session.commit()
    finished = time.perf_counter()
    return published, drafted - started, finished - drafted, service.run_totals(run)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args(argv)
    if make_url(args.url).get_backend_name() != "postgresql":
        parser.error("this benchmark runs on PostgreSQL")
    schema = f"portail_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.url).update_query_dict({"options": f"-csearch_path={schema}"})
    url = url.render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        upgrade(url=url)
        tenant = batz_tenant()
        with Session(engine) as session:
            started = time.perf_counter()
            presences = arrange(session, tenant, args.families)
            session.commit()
            print(f"données : {args.families} familles, {presences} présences "
                  f"({time.perf_counter() - started:.1f} s, non compté)")  # fmt: skip
            invoices, draft_s, publish_s, (count, total) = measure(session, tenant)
        elapsed = draft_s + publish_s
        print(
            f"facturation : {invoices} factures ({total} €) en {elapsed:.2f} s "
            f"(brouillons {draft_s:.2f} s, publication {publish_s:.2f} s) : "
            f"{invoices / elapsed:.0f} factures/s"
        )
        return 0 if elapsed <= args.max_seconds and count == args.families else 1
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
