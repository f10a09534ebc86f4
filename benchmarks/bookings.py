"""The planning page and the confirmation under load, against a bare Pyramid view.

    .venv/bin/python benchmarks/bookings.py [--url postgresql+psycopg://127.0.0.1:5432/test]
        [--requests 1500] [--concurrency 8] [--confirmations 600] [--burst 2500]

Both applications are served the same way, side by side in the same run, by gunicorn
(sync workers, 2) on 127.0.0.1: the portal on a PostgreSQL schema of its own
(created for the run, dropped at the end whatever happens), and a Pyramid application
whose only view answers "ok". The script measures requests per second and p99 latency
of the planning page, of the confirmation (parents confirming the same day of a unit with
fewer places than parents: no overbooking is checked in the rows afterwards), and of the
bare view; then sends ``--burst`` planning requests at once and checks all are served.
"Mon compte" is measured too, as the floor every page behind a login stands on. Both
servers are warmed up first by unmeasured requests.
Every loop is bounded; nothing leaves localhost. Exit status 1 if a target is missed:
planning ≥ 0.10 × bare, confirmation ≥ 0.06 × bare, every burst request answered 200.
"""

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from loadtest import Client, burst, figures, free_port, gunicorn, parallel, stop

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = os.environ.get(
    "PORTAIL_BENCH_DATABASE_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)
HOST = "balaruc.localhost"
PASSWORD = "Bench-Parent-2026"  # noqa: S105 - the benchmark parents' throw-away password
CAPACITY = 100
TARGETS = {"planning": 0.10, "confirmation": 0.06}
BARE_FACTOR = 10


# -- the database and the portal's data ------------------------------------------------


def make_schema(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"portail_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, scoped.render_as_string(hide_password=False)


def drop_schema(url, schema):
    from sqlalchemy import create_engine, text

    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def write_ini(folder, url):
    ini = Path(folder) / "bench.ini"
    ini.write_text(
        "[app:main]\n"
        "use = egg:portail-core\n"
        f"sqlalchemy.url = {url.replace('%', '%%')}\n"
        f"portail.tenants_dir = {ROOT / 'config' / 'tenants'}\n"
        f"portail.files_dir = {folder}/files\n"
        f"portail.session_secret = {secrets.token_hex(32)}\n"
        "portail.secure_cookies = false\n"
        "portail.allow_secret_defaults = true\n"
        # E-mails are rendered and written to the outbox, as in production (where
        # portail-worker delivers them, outside the requests measured here).
        "mail.backend = directory\n"
        f"mail.debug_directory = {folder}/mail\n"
        "retry.attempts = 3\n"
    )
    return ini


def arrange(url, parents):
    """Balaruc's ALE Primaire open in two weeks, ``parents`` families enrolled."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from portail_core.calendar import now_paris
    from portail_core.migrations import upgrade
    from portail_core.models.accounts import PARENT, User
    from portail_core.models.family import Child, Family
    from portail_core.models.types import utcnow
    from portail_core.passwords import hash_password
    from portail_core.plugins import build_plugin_manager, collect_payment_backends
    from portail_core.services.bookings.catalog import CatalogService
    from portail_core.services.bookings.enrolments import EnrolmentService
    from portail_core.services.bookings.rules import monday_of
    from portail_core.tenancy import load_tenants

    upgrade(url=url)
    pm = build_plugin_manager()
    tenants = load_tenants(ROOT / "config" / "tenants", pm, collect_payment_backends(pm), True)
    tenant = tenants.get("balaruc")
    engine = create_engine(url)
    with Session(engine) as session:
        catalog = CatalogService(session, tenant)
        catalog.sync()
        establishment = next(e for e in catalog.establishments() if e.code == "ale_primaire")
        for unit in establishment.units:
            unit.capacity = CAPACITY
        start = monday_of(now_paris().date()) + timedelta(weeks=2)
        period = catalog.save_period(
            None,
            establishment,
            {
                "name": "MERCREDIS / VACANCES BENCH",
                "start_date": start,
                "end_date": start + timedelta(weeks=8, days=-3),
                "last_booking_day": start + timedelta(weeks=8, days=-3),
                "weekdays": {0, 1, 2, 3, 4},
                "units": [unit.id for unit in establishment.units],
            },
        )
        password_hash = hash_password(PASSWORD)
        children = []
        for index in range(parents):
            family = Family(tenant_id=tenant.id, name=f"BENCH{index:04d}")
            child = Child(tenant_id=tenant.id, last_name=family.name, first_name="ENFANT")
            family.children.append(child)
            session.add(family)
            session.add(
                User(
                    tenant_id=tenant.id,
                    email=f"parent{index}@bench.example.org",
                    password_hash=password_hash,
                    role=PARENT,
                    family=family,
                    security_stamp=secrets.token_hex(16),
                    activated_at=utcnow(),
                )
            )
            children.append(child)
        session.flush()
        EnrolmentService(session, tenant).enrol(period, [child.id for child in children])
        matin = next(unit for unit in establishment.units if unit.code == "matin")
        ids = (period.id, matin.id, [child.id for child in children], start)
        session.commit()
    engine.dispose()
    return ids


def check_rows(url, unit_id, day, asked):
    """Places taken equal the capacity, the others wait: read from the database."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from portail_core.models.bookings import Presence, UnitDay

    engine = create_engine(url)
    with Session(engine) as session:
        booked, capacity = session.execute(
            select(UnitDay.booked, UnitDay.capacity).where(
                UnitDay.unit_id == unit_id, UnitDay.day == day
            )
        ).one()
        states = dict(
            session.execute(
                select(Presence.state, func.count(Presence.id))
                .where(Presence.unit_id == unit_id, Presence.day == day)
                .group_by(Presence.state)
            ).all()
        )
    engine.dispose()
    ok = booked == capacity == CAPACITY and states == {
        "pending": CAPACITY,
        "waiting": asked - CAPACITY,
    }
    return ok, booked, capacity, states


# -- the steps -----------------------------------------------------------------------------


def log_in(port, index):
    client = Client(port, HOST)
    token = client.csrf("/connexion")
    form = {
        "csrf_token": token,
        "login": f"parent{index}@bench.example.org",
        "password": PASSWORD,
        "submit": "submit",
    }
    status, _ = client.request("POST", "/connexion", form)
    if status != 303:
        raise RuntimeError(f"login {index}: {status}")
    return client


def ready_to_confirm(client, period_id, child_id, unit_id, day):
    """Choice, planning ticked, recap shown: the parent only has to confirm."""
    choose = f"/reservations/nouvelle/{child_id}"
    token = client.csrf(f"{choose}?periode={period_id}")
    client.request("POST", choose, {"csrf_token": token, "periode": period_id})
    planning = f"/reservations/planning/{period_id}/{child_id}"
    monday = day - timedelta(days=day.weekday())
    form = {
        "csrf_token": token,
        "semaine": monday.isoformat(),
        "cases": f"{unit_id}:{day.isoformat()}",
        "valider": "1",
    }
    status, _ = client.request("POST", planning, form)
    if status != 303:
        raise RuntimeError(f"planning {child_id}: {status}")
    client.token = token
    client.recap = f"/reservations/recapitulatif/{period_id}/{child_id}"
    return client


def measure(args, url, ini, ids):
    """Both servers up; the bare view measured before, between and after the portal's
    steps (the median is the reference), so a passing load on the machine weighs on both.
    """
    portal_port, bare_port = free_port(), free_port()
    portal = bare = None
    try:
        portal = gunicorn(["--paste", str(ini)], portal_port)
        bare = gunicorn(
            ["--pythonpath", str(ROOT / "benchmarks"), "loadtest:bare_app()"], bare_port
        )
        warm_up(args, portal_port, bare_port, ids)
        bare_runs = [measure_bare(args, bare_port)]
        results = measure_pages(args, portal_port, ids)
        bare_runs.append(measure_bare(args, bare_port))
        results["confirmation"] = measure_confirmation(args, portal_port, url, ids)
        bare_runs.append(measure_bare(args, bare_port))
        results["burst"] = measure_burst(args, portal_port, ids, results.pop("planners"))
    finally:
        stop(portal)
        stop(bare)
    bare_runs.sort(key=lambda run: run["rps"])
    return results, bare_runs[1], bare_runs


def planning_path(ids, index, planners):
    period_id, _, child_ids, start = ids
    child_id = child_ids[index % len(planners)]
    return f"/reservations/planning/{period_id}/{child_id}?semaine={start.isoformat()}"


def warm_up(args, portal_port, bare_port, ids):
    """Unmeasured requests first: templates compiled, pools and caches filled, on both."""
    count = max(args.requests // 3, 50)
    measure_bare(args, bare_port, count)
    parent = log_in(portal_port, 0)
    parallel(
        list(range(count)),
        lambda i: parent.request("GET", planning_path(ids, 0, [parent]))[0],
        args.concurrency,
    )


def measure_pages(args, port, ids):
    planners = [log_in(port, i) for i in range(min(20, len(ids[2])))]
    statuses, latencies, elapsed = parallel(
        list(range(args.requests)),
        lambda i: planners[i % len(planners)].request("GET", planning_path(ids, i, planners))[0],
        args.concurrency,
    )
    results = {"planners": planners}
    results["planning"] = {**figures(latencies, elapsed), "ok": statuses.count(200)}
    # A reference: the simplest page behind a login ("Mon compte"), the floor the
    # framework (session, user, layout) sets under every page of the portal.
    statuses, latencies, elapsed = parallel(
        list(range(args.requests)),
        lambda index: planners[index % len(planners)].request("GET", "/mon-compte")[0],
        args.concurrency,
    )
    results["account"] = {**figures(latencies, elapsed), "ok": statuses.count(200)}
    return results


def measure_confirmation(args, port, url, ids):
    period_id, unit_id, child_ids, start = ids
    confirmers, _, _ = parallel(
        list(range(args.confirmations)), lambda i: log_in(port, i), args.concurrency
    )
    day = start + timedelta(days=2)
    ready, _, _ = parallel(
        list(zip(confirmers, child_ids, strict=False)),
        lambda pair: ready_to_confirm(pair[0], period_id, pair[1], unit_id, day),
        args.concurrency,
    )

    def confirm(client):
        form = {"csrf_token": client.token, "confirmer": "1"}
        return client.request("POST", client.recap, form)[0]

    statuses, latencies, elapsed = parallel(ready, confirm, args.concurrency)
    return {
        **figures(latencies, elapsed),
        "ok": statuses.count(303),
        "rows": check_rows(url, unit_id, day, len(ready)),
    }


def measure_burst(args, port, ids, planners):
    cookies = ["; ".join(f"{k}={v}" for k, v in c.cookies.items()) for c in planners]
    paths = [
        (planning_path(ids, i, planners), cookies[i % len(planners)]) for i in range(args.burst)
    ]
    started = time.perf_counter()
    statuses = asyncio.run(burst(port, HOST, paths))
    return {"ok": statuses.count(200), "sent": len(paths), "seconds": time.perf_counter() - started}


def measure_bare(args, port, count=None):
    """The reference. Its requests are ten times quicker than a portal page's: it sends ten
    times as many, so that it is measured over as long a time and a passing hiccup of the
    machine weighs on it no more than on the pages it is compared with."""
    client = Client(port)
    statuses, latencies, elapsed = parallel(
        list(range(count or args.requests * BARE_FACTOR)),
        lambda _: client.request("GET", "/")[0],
        args.concurrency,
    )
    return {**figures(latencies, elapsed), "ok": statuses.count(200)}


def report(results, bare, bare_runs, args):
    runs = ", ".join(f"{run['rps']:.0f}" for run in bare_runs)
    print(f"\nvue nue mesurée 3 fois (req/s : {runs}) ; la médiane sert de référence.")
    print(f"{'':14}{'requêtes':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}")
    print(
        f"{'vue nue':14}{args.requests * BARE_FACTOR:>9}{bare['rps']:>9.1f}"
        f"{bare['p50'] * 1000:>9.1f}{bare['p99'] * 1000:>9.1f}{1:>8.2f}"
    )
    failures = []
    for name, label, count in (
        ("account", "mon compte", args.requests),
        ("planning", "planning", args.requests),
        ("confirmation", "confirmation", args.confirmations),
    ):
        row = results[name]
        ratio = row["rps"] / bare["rps"]
        print(
            f"{label:14}{count:>9}{row['rps']:>9.1f}{row['p50'] * 1000:>9.1f}"
            f"{row['p99'] * 1000:>9.1f}{ratio:>8.3f}"
        )
        if name in TARGETS and ratio < TARGETS[name]:
            failures.append(f"{name}: ratio {ratio:.3f} < {TARGETS[name]}")
    rows_ok, booked, capacity, states = results["confirmation"]["rows"]
    print(f"\nconfirmations : {results['confirmation']['ok']}/{args.confirmations} réponses 303")
    print(f"  unit_day : {booked} places prises / capacité {capacity} ; lignes : {states}")
    if not rows_ok or results["confirmation"]["ok"] != args.confirmations:
        failures.append("confirmation: rows or answers not as expected (overbooking?)")
    burst_row = results["burst"]
    print(
        f"rafale : {burst_row['ok']}/{burst_row['sent']} pages de planning servies (200) "
        f"en {burst_row['seconds']:.1f} s"
    )
    if burst_row["ok"] != burst_row["sent"]:
        failures.append("burst: some requests were not served")
    pages_ok = all(results[name]["ok"] == args.requests for name in ("planning", "account"))
    bare_ok = all(run["ok"] == args.requests * BARE_FACTOR for run in bare_runs)
    if not (pages_ok and bare_ok):
        failures.append("some measured requests failed")
    print("\n" + ("OBJECTIFS ATTEINTS" if not failures else "ÉCHEC : " + " ; ".join(failures)))
    return not failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--confirmations", type=int, default=600)
    parser.add_argument("--burst", type=int, default=2500)
    args = parser.parse_args(argv)
    if args.confirmations <= CAPACITY:
        parser.error(f"--confirmations must exceed the capacity ({CAPACITY})")
    schema, url = make_schema(args.url)
    try:
        with tempfile.TemporaryDirectory(prefix="portail-bench-") as folder:
            ini = write_ini(folder, url)
            ids = arrange(url, args.confirmations)
            results, bare, bare_runs = measure(args, url, ini, ids)
            ok = report(results, bare, bare_runs, args)
    finally:
        drop_schema(args.url, schema)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
