"""Memory under load: 10,000 mixed requests against 2 gunicorn workers on PostgreSQL.

    .venv/bin/python benchmarks/soak.py [--url postgresql+psycopg://127.0.0.1:5432/test]
        [--requests 10000] [--concurrency 4]

Parents' journeys of ten requests each: log in (2), the home page, the booking's choice
and planning (3), the planning page again, the confirmation, « Mes Factures &
Paiements », « Mon compte »; every journey books another day, so the rows grow as on a
real opening day. The workers' memory (USS) is read after a warm-up of 1,000 requests and
after the measured ones; exit status 1 if it grew by 5 % or more, or if a request failed.
Uses and drops a PostgreSQL schema of its own (the helpers of ``bookings.py``).
"""

import argparse
import sys
import tempfile
import time
from datetime import timedelta

import psutil
from bookings import DEFAULT_URL, arrange, drop_schema, log_in, make_schema, ready_to_confirm
from bookings import write_ini as write_bench_ini
from loadtest import free_port, gunicorn, parallel, stop

PARENTS = 200
JOURNEY = 10  # requests per journey
GROWTH_GOAL = 0.05


def open_days(start, weeks=8):
    return [start + timedelta(weeks=week, days=day) for week in range(weeks) for day in range(5)]


def journey(port, ids, index):
    """One parent's ten requests; the statuses that were not the expected ones."""
    period_id, unit_id, child_ids, start = ids
    parent = index % PARENTS
    day = open_days(start)[(index // PARENTS) % 40]
    client = log_in(port, parent)
    failures = []
    expected = [("GET", "/", None, 200)]
    for method, path, form, status in expected:
        if client.request(method, path, form)[0] != status:
            failures.append(path)
    try:
        ready_to_confirm(client, period_id, child_ids[parent], unit_id, day)
    except RuntimeError as exc:  # the helper's way of saying a step was not answered 303
        return [*failures, str(exc)]
    monday = day - timedelta(days=day.weekday())
    planning = f"/reservations/planning/{period_id}/{child_ids[parent]}?semaine={monday}"
    checks = [
        ("GET", planning, None, 200),
        ("POST", client.recap, {"csrf_token": client.token, "confirmer": "1"}, 303),
        ("GET", "/mes-factures", None, 200),
        ("GET", "/mon-compte", None, 200),
    ]
    for method, path, form, status in checks:
        if client.request(method, path, form)[0] != status:
            failures.append(path)
    return failures


def worker_uss(server):
    return {w.pid: w.memory_full_info().uss for w in psutil.Process(server.pid).children()}


def run(args, port, ids, first, count):
    results, _, elapsed = parallel(
        list(range(first, first + count)), lambda i: journey(port, ids, i), args.concurrency
    )
    return sum(len(failed) for failed in results), elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    journeys = args.requests // JOURNEY
    schema, url = make_schema(args.url)
    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="portail-soak-") as folder:
            ini = write_bench_ini(folder, url)
            ids = arrange(url, PARENTS)
            port = free_port()
            server = gunicorn(["--preload", "--paste", str(ini)], port)
            warm_failures, _ = run(args, port, ids, 0, 100)
            before = worker_uss(server)
            began = time.perf_counter()
            failures, elapsed = run(args, port, ids, 100, journeys)
            after = worker_uss(server)
            print(
                f"{journeys * JOURNEY} requêtes mêlées en {elapsed:.0f} s "
                f"({journeys * JOURNEY / elapsed:.0f} req/s), {failures} en échec "
                f"(+{warm_failures} pendant la chauffe), {time.perf_counter() - began:.0f} s"
            )
    finally:
        stop(server)
        drop_schema(args.url, schema)
    return report(before, after, failures + warm_failures)


def report(before, after, failures):
    ok = failures == 0 and set(before) == set(after)
    if set(before) != set(after):
        print("ÉCHEC : un worker a été remplacé pendant la mesure")
    for pid in sorted(before):
        if pid not in after:
            continue
        growth = after[pid] / before[pid] - 1
        ok = ok and growth < GROWTH_GOAL
        print(
            f"worker {pid} : USS {before[pid] / 2**20:.1f} Mio après chauffe, "
            f"{after[pid] / 2**20:.1f} Mio à la fin ({growth:+.1%})"
        )
    print("\n" + ("OBJECTIFS ATTEINTS" if ok else "ÉCHEC (objectif : < 5 %, aucune erreur)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
