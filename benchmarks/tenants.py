"""Many tenants on one deployment: start-up, memory, tenant lookup, first and last tenant.

    .venv/bin/python benchmarks/tenants.py [--tenants 500] [--requests 300]

Generates ``--tenants`` tenant files from the commune template (``portail-new-commune``'s
``tenant.example.toml``) into a temporary folder, on a SQLite database migrated for the
run, then prints and checks against the goals:

- start-up: gunicorn (2 sync workers) launched until ``/-/ready`` answers (goal < 3 s);
- memory per worker after warm-up (USS, goal ≤ 100 MiB);
- time to resolve a tenant from a ``Host`` with 2 and with all the tenants (goal: the
  same within 1.5 ×);
- the home page of the 1st and of the last tenant (goal: medians within 1.5 ×).

The generated tenants enable no commune plugin (the template's plugin would have to be
installed once per commune): the core's defaults answer for their branding and lists,
which is the work every tenant costs anyway. Exit status 1 if a goal is missed.
"""

import argparse
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

import psutil
from loadtest import Client, free_port, parallel, stop

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"startup_s": 3.0, "uss_mib": 100.0, "lookup_ratio": 1.5, "home_ratio": 1.5}


def generate(folder, count):
    from portail_core.scripts.new_commune import render, template_root, variables

    template = (template_root() / "tenant.example.toml.tmpl").read_text()
    folder.mkdir()
    for index in range(1, count + 1):
        values = variables(f"commune{index:04d}", f"Commune {index:04d}")
        plugins = f'plugins = ["{values["plugin_id"]}"]'
        text = render(template, values).replace(plugins, "plugins = []")
        (folder / f"{values['commune_id']}.toml").write_text(text)
    return [f"commune{index:04d}.localhost" for index in (1, count)]


def write_ini(folder, tenants_dir, url):
    import secrets

    ini = folder / "tenants.ini"
    ini.write_text(
        "[app:main]\nuse = egg:portail-core\n"
        f"sqlalchemy.url = {url}\nportail.tenants_dir = {tenants_dir}\n"
        f"portail.files_dir = {folder}/files\nportail.session_secret = {secrets.token_hex(32)}\n"
        "portail.secure_cookies = false\nportail.allow_secret_defaults = true\n"
        f"mail.backend = directory\nmail.debug_directory = {folder}/mail\n"
    )
    return ini


def lookup_seconds(tenants_dir, hosts):
    """Time of one ``Host`` → tenant lookup, as the tween does it (best of 7 rounds)."""
    from portail_core.plugins import build_plugin_manager, collect_payment_backends
    from portail_core.tenancy import load_tenants

    pm = build_plugin_manager()
    registry = load_tenants(tenants_dir, pm, collect_payment_backends(pm), True)
    rounds = 100_000
    best = min(
        timeit.repeat(lambda: [registry.for_host(h) for h in hosts], number=rounds, repeat=7)
    )
    return best / (rounds * len(hosts))


def start(ini):
    """gunicorn started; seconds until ``/-/ready`` answers 200."""
    import subprocess

    port = free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    # --preload: the application is built once, in the master, and the workers are forked
    # from it; they share its pages (copy on write) and start at once. It opens no
    # database connection while building (checked by tests/unit/test_deployment.py).
    command = [str(binary), "-w", "2", "-k", "sync", "--preload", "-b", f"127.0.0.1:{port}"]
    began = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [*command, "--log-level", "warning", "--paste", str(ini)], cwd=ROOT
    )
    while time.perf_counter() - began < 60:
        try:
            if Client(port).request("GET", "/-/ready")[0] == 200:
                return process, port, time.perf_counter() - began
        except OSError:
            time.sleep(0.02)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def home_medians(port, hosts, requests):
    medians = {}
    for host in hosts:
        client = Client(port, host)
        statuses, latencies, _ = parallel(
            list(range(requests)), lambda _, c=client: c.request("GET", "/")[0], 2
        )
        if set(statuses) != {200}:
            raise RuntimeError(f"{host}: {set(statuses)}")
        medians[host] = statistics.median(latencies)
    return medians


def worker_uss_mib(process):
    workers = psutil.Process(process.pid).children()
    return [worker.memory_full_info().uss / 2**20 for worker in workers]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    from portail_core.migrations import upgrade

    with tempfile.TemporaryDirectory(prefix="portail-tenants-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder}/portail.sqlite"
        upgrade(url=url)
        few, many = folder / "two", folder / "many"
        generate(few, 2)
        hosts = generate(many, args.tenants)
        # The same two lookups each time: the first and last host of the registry.
        lookups = {2: lookup_seconds(few, ["commune0001.localhost", "commune0002.localhost"])}
        lookups[args.tenants] = lookup_seconds(many, hosts)
        process, port, startup = start(write_ini(folder, many, url))
        try:
            home_medians(port, hosts, args.requests // 3)  # warm-up: both workers, both hosts
            medians = home_medians(port, hosts, args.requests)
            uss = worker_uss_mib(process)
        finally:
            stop(process)
    return report(args, startup, uss, lookups, medians, hosts)


def report(args, startup, uss, lookups, medians, hosts):
    first, last = (medians[host] for host in hosts)
    lookup_ratio = lookups[args.tenants] / lookups[2]
    home_ratio = max(first, last) / min(first, last)
    print(f"{args.tenants} communes générées depuis le modèle de commune")
    print(f"démarrage (gunicorn, 2 workers, jusqu'à /-/ready) : {startup:.2f} s")
    print("mémoire par worker après chauffe (USS) : " + ", ".join(f"{m:.1f} Mio" for m in uss))
    print(
        f"résolution d'une commune : {lookups[2] * 1e9:.0f} ns (2 communes), "
        f"{lookups[args.tenants] * 1e9:.0f} ns ({args.tenants}) : {lookup_ratio:.2f} ×"
    )
    print(
        f"page d'accueil, médiane : 1re commune {first * 1000:.1f} ms, "
        f"{args.tenants}e {last * 1000:.1f} ms : {home_ratio:.2f} ×"
    )
    failures = []
    if startup >= GOALS["startup_s"]:
        failures.append(f"start-up {startup:.2f} s ≥ {GOALS['startup_s']} s")
    if not uss or max(uss) > GOALS["uss_mib"]:
        failures.append(f"worker USS {max(uss or [0]):.1f} MiB > {GOALS['uss_mib']} MiB")
    if lookup_ratio > GOALS["lookup_ratio"]:
        failures.append(f"tenant lookup grows {lookup_ratio:.2f} ×")
    if home_ratio > GOALS["home_ratio"]:
        failures.append(f"home page of the first and last tenants differ {home_ratio:.2f} ×")
    print("\n" + ("OBJECTIFS ATTEINTS" if not failures else "ÉCHEC : " + " ; ".join(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
