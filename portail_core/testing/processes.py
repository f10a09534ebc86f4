"""The application served by separate processes, as on several hosts behind a balancer.

``serve_processes(database, folder, count)`` writes one ini file (the test database, one
shared files folder, one session secret) and starts ``count`` gunicorn processes on it,
each on a port of its own chosen by the system; ``Http`` is a plain HTTP client that talks
to one of them with the tenant's ``Host`` header.
"""

import html
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import requests

import portail_core

ROOT = Path(portail_core.__file__).resolve().parent.parent
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def write_ini(database, folder):
    ini = Path(folder) / "app.ini"
    ini.write_text(
        "[app:main]\nuse = egg:portail-core\n"
        f"sqlalchemy.url = {database.url.replace('%', '%%')}\n"
        f"portail.tenants_dir = {ROOT / 'config' / 'tenants'}\n"
        f"portail.files_dir = {folder}/files\n"
        f"portail.session_secret = {secrets.token_hex(32)}\n"
        "portail.secure_cookies = false\nportail.allow_secret_defaults = true\n"
        f"mail.backend = directory\nmail.debug_directory = {folder}/mail\n"
        "retry.attempts = 3\n"
    )
    return ini


class AppProcess:
    def __init__(self, ini, log_path):
        binary = Path(sys.executable).parent / "gunicorn"
        self.log_path = log_path
        self.log = open(log_path, "w+")  # noqa: SIM115 - closed in stop()
        command = [str(binary), "-w", "1", "-b", "127.0.0.1:0", "--log-level", "info"]
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [*command, "--paste", str(ini)], cwd=ROOT, stderr=self.log, stdout=self.log
        )
        self.port = self._wait_for_port()

    def _wait_for_port(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            match = LISTENING.search(Path(self.log_path).read_text())
            if match:
                port = int(match.group(1))
                if _answers(port):
                    return port
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {Path(self.log_path).read_text()[-2000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _answers(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/-/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Http:
    """One browser: its cookies go to whichever process it talks to (one site, as behind
    the balancer); each call names the process by its port."""

    def __init__(self, host):
        self.host = host
        self.session = requests.Session()

    def request(self, method, port, path, data=None):
        return self.session.request(
            method,
            f"http://127.0.0.1:{port}{path}",
            data=data,
            headers={"Host": f"{self.host}:{port}"},
            allow_redirects=False,
            timeout=60,
        )

    def get(self, port, path):
        return self.request("GET", port, path)

    def post(self, port, path, data):
        return self.request("POST", port, path, data)


def csrf_token(text):
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


def hidden_fields(text, form_id):
    """``(action, {name: value})`` of the hidden fields of the form ``form_id``."""
    form = re.search(rf'<form id="{form_id}"[^>]*action="([^"]*)"(.*?)</form>', text, re.S)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2))
    return html.unescape(form.group(1)), {name: html.unescape(value) for name, value in fields}
