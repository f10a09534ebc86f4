"""An opening day: parents arriving within one minute at a first-come campaign's waiting room.

    .venv/bin/python benchmarks/opening.py [--url postgresql+psycopg://127.0.0.1:5432/test]
        [--parents 2500] [--arrival 60] [--rate 1000] [--confirmations 600]
        [--requests 1500] [--concurrency 8]

Served as ``benchmarks/bookings.py`` serves it (gunicorn, 2 sync workers, PostgreSQL, a
schema of its own dropped at the end; a bare Pyramid view in the same run). Arranges
Balaruc's period behind a waiting room letting ``--rate`` families in per minute, and
``--parents`` enrolled families, all logged in beforehand. Then:

1. arrival: every parent asks for the waiting room once, the arrivals spread evenly over
   ``--arrival`` seconds; every answer must be a 200, and a parent whose answer came back
   before another parent's request left must hold the smaller position (order of arrival);
2. the waiting page itself, ``--requests`` times by 20 parents as ``bookings.py`` measures
   its pages, against the bare view (target ≥ 0.10 ×); then by as many distinct parents
   (shown, not a target: each session row is then read once per worker);
3. admission: every parent asks again until let in; at no moment may a later position be
   let in while an earlier one is still refused (order of admission);
4. the first ``--confirmations`` parents let in book the same day of a unit of 100 places:
   no unit over capacity (read from the rows afterwards).

Prints the figures; exit status 1 on any miss. Every loop is bounded; localhost only.
"""

import argparse
import re
import sys
import tempfile
import threading
import time
from datetime import timedelta

from bookings import (
    CAPACITY,
    DEFAULT_URL,
    arrange,
    check_rows,
    drop_schema,
    log_in,
    make_schema,
    measure_bare,
    ready_to_confirm,
    write_ini,
)
from loadtest import figures, free_port, gunicorn, parallel, stop

TARGET = 0.10
POSITION = re.compile(r"n° (\d+)")


def open_campaign(url, period_id, rate, opens_in):
    """A first-come campaign over the period, opening ``opens_in`` seconds from now."""
    from lottery import tenant_balaruc
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from portail_core.calendar import now_paris
    from portail_core.models.bookings import Period
    from portail_core.testing.campaigns import make_campaign

    engine = create_engine(url)
    tenant = tenant_balaruc()
    with Session(engine) as session:
        opens = now_paris() + timedelta(seconds=opens_in)
        campaign = make_campaign(
            session,
            tenant,
            [session.get(Period, period_id)],
            "queue",
            opens,
            opens + timedelta(days=1),
            rate_per_minute=rate,
        )
        session.commit()
        campaign_id, opens_at = campaign.id, opens
    engine.dispose()
    return campaign_id, opens_at


def arrive(clients, path, spread):
    """Each parent asks once, at its moment of the spread; (sent, answered, status, position)."""
    started = time.perf_counter()
    results = [None] * len(clients)
    cursor = iter(range(len(clients)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            delay = started + spread * index / len(clients) - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent = time.perf_counter()
            status, text = clients[index].request("GET", path)
            match = POSITION.search(text)
            results[index] = (
                sent,
                time.perf_counter(),
                status,
                int(match.group(1)) if match else None,
            )

    threads = [threading.Thread(target=worker) for _ in range(48)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def arrival_order_kept(results):
    """A parent answered before another's request left holds the smaller position."""
    by_sent = sorted(results, key=lambda r: r[0])
    by_answer = sorted(results, key=lambda r: r[1])
    best, j, violations = 0, 0, 0
    for sent, _, _, position in by_sent:
        while j < len(by_answer) and by_answer[j][1] < sent:
            best = max(best, by_answer[j][3] or 0)
            j += 1
        if position is None or position <= best:
            violations += 1
    return violations


def admit(clients, path, deadline):
    """Everyone asks until let in; returns the observations (time, position, admitted)."""
    observations = []
    lock = threading.Lock()
    pending = list(range(len(clients)))
    while pending and time.perf_counter() < deadline:

        def ask(index):
            status, text = clients[index].request("GET", path)
            admitted = status == 200 and "C'est votre tour" in text
            match = POSITION.search(text)
            with lock:
                observations.append(
                    (time.perf_counter(), int(match.group(1)) if match else None, admitted)
                )
            return admitted

        answers, _, _ = parallel(pending, ask, 16)
        pending = [index for index, ok in zip(pending, answers, strict=True) if not ok]
        if pending:
            time.sleep(2)
    return observations, pending


def admission_order_kept(observations):
    """No later position let in while an earlier one is refused afterwards."""
    smallest_refused_later, violations = None, 0
    for _, position, admitted in sorted(observations, reverse=True):
        if admitted and smallest_refused_later is not None and position > smallest_refused_later:
            violations += 1
        if not admitted:
            smallest_refused_later = min(position, smallest_refused_later or position)
    return violations


def run(args, url, ini):
    period_id, unit_id, child_ids, start = arrange(url, args.parents)
    port, bare_port = free_port(), free_port()
    portal = bare = None
    try:
        portal = gunicorn(["--paste", str(ini)], port)
        bare = gunicorn(["--pythonpath", "benchmarks", "loadtest:bare_app()"], bare_port)
        print(f"connexion de {args.parents} parents…", flush=True)
        clients, _, _ = parallel(list(range(args.parents)), lambda i: log_in(port, i), 8)
        campaign_id, _ = open_campaign(url, period_id, args.rate, opens_in=5)
        path = f"/salle-d-attente/{campaign_id}"
        time.sleep(6)
        results, arrival_seconds = arrive(clients, path, args.arrival)
        statuses = [r[2] for r in results]
        out = {"arrival": (statuses.count(200), arrival_seconds, arrival_order_kept(results))}
        bare_runs = [measure_bare(args, bare_port)]
        # Measured as bookings.py measures the planning: 20 parents' pages (the target);
        # then as many distinct parents as requests (shown: each one's session row is
        # read once per worker, the framework's floor under every page).
        for name, pool in (("page", 20), ("page_distinct", args.requests)):
            picked = [clients[i % min(pool, len(clients))] for i in range(args.requests)]
            answers, latencies, elapsed = parallel(
                picked, lambda c: c.request("GET", path)[0], args.concurrency
            )
            out[name] = {**figures(latencies, elapsed), "ok": answers.count(200)}
        bare_runs.append(measure_bare(args, bare_port))
        observations, left = admit(clients, path, time.perf_counter() + 600)
        out["admission"] = (len(clients) - len(left), admission_order_kept(observations))
        order = sorted(range(len(results)), key=lambda i: results[i][3] or 0)
        first = order[: args.confirmations]
        day = start + timedelta(days=2)
        ready, _, _ = parallel(
            first,
            lambda i: ready_to_confirm(clients[i], period_id, child_ids[i], unit_id, day),
            args.concurrency,
        )
        confirmed, _, _ = parallel(
            ready,
            lambda c: c.request("POST", c.recap, {"csrf_token": c.token, "confirmer": "1"})[0],
            args.concurrency,
        )
        out["confirmations"] = (confirmed.count(303), check_rows(url, unit_id, day, len(ready)))
        bare_runs.append(measure_bare(args, bare_port))
    finally:
        stop(portal)
        stop(bare)
    bare_runs.sort(key=lambda r: r["rps"])
    return out, bare_runs[1]


def report(args, out, bare):
    failures = []
    ok, seconds, disorder = out["arrival"]
    print(
        f"\narrivées : {ok}/{args.parents} réponses 200 en {seconds:.1f} s ; "
        f"ordre d'arrivée non respecté : {disorder}"
    )
    if ok != args.parents or disorder:
        failures.append("arrivées")
    page, ratio = out["page"], out["page"]["rps"] / bare["rps"]
    print(
        f"salle d'attente : {page['rps']:.1f} req/s, p50 {page['p50'] * 1000:.1f} ms, "
        f"p99 {page['p99'] * 1000:.1f} ms ; vue nue {bare['rps']:.1f} req/s ; ratio {ratio:.3f} "
        f"(objectif {TARGET})"
    )
    if ratio < TARGET or page["ok"] != args.requests:
        failures.append(f"page : ratio {ratio:.3f}")
    distinct = out["page_distinct"]
    print(
        f"  (la même page, {args.requests} parents différents : {distinct['rps']:.1f} req/s, "
        f"ratio {distinct['rps'] / bare['rps']:.3f}, pour information)"
    )
    if distinct["ok"] != args.requests:
        failures.append("page : des requêtes en erreur")
    admitted, disorder = out["admission"]
    print(
        f"admissions : {admitted}/{args.parents} familles admises ; ordre non respecté : {disorder}"
    )
    if admitted != args.parents or disorder:
        failures.append("admissions")
    confirmed, (rows_ok, booked, capacity, states) = out["confirmations"]
    print(
        f"réservations : {confirmed} confirmées ; {booked} places prises / "
        f"capacité {capacity} ; {states}"
    )
    if not rows_ok or booked > capacity:
        failures.append("capacité")
    print("\n" + ("OBJECTIFS ATTEINTS" if not failures else "ÉCHEC : " + " ; ".join(failures)))
    return not failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--parents", type=int, default=2500)
    parser.add_argument("--arrival", type=float, default=60.0)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--confirmations", type=int, default=600)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    if not CAPACITY < args.confirmations <= args.parents:
        parser.error(f"--confirmations must exceed {CAPACITY} and not exceed --parents")
    schema, url = make_schema(args.url)
    try:
        with tempfile.TemporaryDirectory(prefix="portail-opening-") as folder:
            out, bare = run(args, url, write_ini(folder, url))
            ok = report(args, out, bare)
    finally:
        drop_schema(args.url, schema)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
