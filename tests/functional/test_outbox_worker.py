"""``portail-worker`` against a real local SMTP server: killed mid-batch, SMTP down.

The worker runs as a subprocess on the test database, as in production; messages are
counted by ``Message-ID`` on the server's side.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portail_core.mail.outbox import enqueue_text
from portail_core.models.outbox import QUEUED, SENT, OutboxMessage
from portail_core.testing.fixtures import ROOT
from portail_core.testing.smtp import LocalSMTPServer

WORKER = Path(sys.executable).with_name("portail-worker")


def write_ini(tmp_path, database, port, **outbox):
    settings = {
        "batch_size": 50,
        "lease_seconds": 2,
        "backoff_seconds": 1,
        "poll_seconds": 0.2,
        "rate_per_minute": 6000,
        **outbox,
    }
    lines = [
        "[app:main]",
        "use = egg:portail-core",
        f"sqlalchemy.url = {database.url.replace('%', '%%')}",
        f"portail.tenants_dir = {ROOT / 'config' / 'tenants'}",
        f"portail.files_dir = {tmp_path / 'files'}",
        "portail.session_secret = worker-test-secret-not-for-production-use",
        "portail.allow_secret_defaults = true",
        "mail.backend = smtp",
        "mail.host = 127.0.0.1",
        f"mail.port = {port}",
        *(f"portail.outbox.{key} = {value}" for key, value in settings.items()),
    ]
    path = tmp_path / "worker.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def start_worker(ini):
    return subprocess.Popen(  # noqa: S603 (our own console script)
        [str(WORKER), str(ini)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def enqueue_messages(database, tenant, count):
    with Session(database.engine) as session:
        rows = [
            enqueue_text(session, tenant, f"parent{n}@example.org", f"Message {n}", f"Texte {n}")
            for n in range(count)
        ]
        session.commit()
        return {row.message_id for row in rows}


def states(database):
    with Session(database.engine) as session:
        query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        return dict(session.execute(query).all())


def wait_for(condition, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def stop(process):
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    return out


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    database, tenant, smtp_server, tmp_path
):
    expected = enqueue_messages(database, tenant, 30)
    ini = write_ini(tmp_path, database, smtp_server.port)
    first = start_worker(ini)

    def kill_on_the_eleventh(envelope, count):
        # The worker is waiting for the server's answer to its 11th message of a batch
        # of 30: it dies there, the message unaccepted, 19 more claimed and untried.
        if count == 10 and first.poll() is None:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            return "451 4.3.0 Try again later"
        return None

    smtp_server.handler.on_data = kill_on_the_eleventh
    assert first.wait(timeout=60) == -signal.SIGKILL
    assert len(smtp_server.received) == 10
    assert states(database) == {SENT: 10, "sending": 20}

    second = start_worker(ini)  # takes the dead worker's rows once their lease ran out
    try:
        assert wait_for(lambda: states(database) == {SENT: 30})
    finally:
        out = stop(second)
    received = smtp_server.message_ids()
    assert len(received) == 30 and set(received) == expected
    assert "20 envoyé(s)" in out


def test_messages_wait_while_the_smtp_server_is_down_then_leave_once(database, tenant, tmp_path):
    server = LocalSMTPServer()
    server.start()
    port = server.port
    server.stop()  # nobody listens on the port any more: the server is "down"
    expected = enqueue_messages(database, tenant, 5)
    worker = start_worker(write_ini(tmp_path, database, port))
    back = LocalSMTPServer(port=port)
    try:

        def tried():
            with Session(database.engine) as session:
                row = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
                return row.attempts >= 1 and "Connection" in row.last_error

        assert wait_for(tried)
        # the first try failed: the batch's other messages were given back, untried
        assert wait_for(lambda: states(database) == {QUEUED: 5})
        back.start()  # the server is back
        assert wait_for(lambda: states(database) == {SENT: 5})
    finally:
        stop(worker)
        if back._thread is not None:
            back.stop()
    assert sorted(back.message_ids()) == sorted(expected)


@pytest.mark.parametrize("reply", ["451 4.7.1 Please try again", "550 5.1.1 No such user"])
def test_a_message_that_keeps_failing_is_marked_failed(
    database, tenant, smtp_server, tmp_path, reply
):
    enqueue_messages(database, tenant, 1)
    smtp_server.handler.on_data = lambda envelope, count: reply
    worker = start_worker(write_ini(tmp_path, database, smtp_server.port, max_attempts=3))
    try:
        assert wait_for(lambda: states(database) == {"failed": 1})
    finally:
        stop(worker)
    with Session(database.engine) as session:
        row = session.scalars(select(OutboxMessage)).one()
    assert row.attempts == (3 if reply.startswith("4") else 1)
    assert reply.split()[0] in row.last_error and smtp_server.received == []
