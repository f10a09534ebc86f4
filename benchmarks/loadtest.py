"""Load-testing tools for the benchmarks: gunicorn servers, a tiny HTTP client (standard
library only), bounded parallel loops, latency figures, a burst of simultaneous requests,
and the bare Pyramid application every measure is compared with. Localhost only."""

import asyncio
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def bare_app():
    """The reference: a Pyramid application with one view and nothing else."""
    from pyramid.config import Configurator
    from pyramid.response import Response

    with Configurator() as config:
        config.add_route("hello", "/")
        config.add_view(lambda request: Response("ok"), route_name="hello")
    return config.make_wsgi_app()


# -- a small HTTP client (standard library only) ---------------------------------------


class Client:
    """One user's cookie jar against one server, for one host name."""

    def __init__(self, port, host="localhost"):
        self.port = port
        self.host = host
        self.cookies = {}

    def request(self, method, path, form=None):
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        headers = {"Host": self.host, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = http(self.port, method, path, headers, body)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, text

    def csrf(self, path):
        status, text = self.request("GET", path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', text)
        if status != 200 or match is None:
            raise RuntimeError(f"GET {path}: {status}")
        return match.group(1)


def http(port, method, path, headers, body=b""):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, response.getheaders(), text
    finally:
        connection.close()


def parallel(items, work, concurrency):
    """Run ``work(item)`` over items with ``concurrency`` threads; latencies and results."""
    results = [None] * len(items)
    latencies = [0.0] * len(items)
    cursor = iter(range(len(items)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            started = time.perf_counter()
            results[index] = work(items[index])
            latencies[index] = time.perf_counter() - started

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, latencies, time.perf_counter() - started


def figures(latencies, elapsed):
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"rps": len(latencies) / elapsed, "p50": ordered[len(ordered) // 2], "p99": p99}


# -- servers (gunicorn, sync workers) ---------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(args, port):
    binary = Path(sys.executable).parent / "gunicorn"
    command = [str(binary), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}"]
    command += ["--backlog", "4096", "--timeout", "120", "--log-level", "warning", *args]
    process = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own venv's gunicorn
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {command}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


def stop(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# -- a burst of simultaneous requests ----------------------------------------------


async def one_raw_request(port, host, path, cookie):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
    writer.write(request.encode())
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=600)
    await asyncio.wait_for(reader.read(), timeout=600)
    writer.close()
    return int(status_line.split()[1]) if status_line else 0


async def burst(port, host, requests):
    async def guarded(path, cookie):
        try:
            return await one_raw_request(port, host, path, cookie)
        except (OSError, TimeoutError, ValueError, IndexError):
            return 0

    return await asyncio.gather(*(guarded(path, cookie) for path, cookie in requests))
