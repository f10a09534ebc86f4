"""Delivering the outbox: claim due rows under a lease, hand each to the mailer, record it.

Each row is claimed in a short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
workers never wait for each other; SQLite serialises the one UPDATE statement), then sent,
then marked ``sent`` in a transaction of its own committed right after the SMTP server
accepted it. A worker killed mid-batch leaves its other claimed rows ``sending``: once
their lease has run out, any worker takes them again. The one window left is between the
server's acceptance and that commit: a crash there sends the message again on the next
try, with the same ``Message-ID``.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from pyramid.settings import asbool
from pyramid_mailer.message import Message
from sqlalchemy import and_, or_, select, update

from portail_core.models.outbox import FAILED, QUEUED, SENDING, SENT, OutboxMessage
from portail_core.models.types import utcnow

log = logging.getLogger(__name__)
M = OutboxMessage
CLAIMED_COLUMNS = (
    M.id,
    M.message_id,
    M.sender,
    M.recipient,
    M.reply_to,
    M.subject,
    M.body,
    M.attempts,
)


@dataclass(frozen=True)
class DeliverySettings:
    """``portail.outbox.*`` settings of the ini file."""

    batch_size: int = 20
    lease_seconds: int = 300
    max_attempts: int = 8
    #: the first retry waits this long, each next one twice as long, up to ``max_backoff``.
    backoff_seconds: int = 60
    max_backoff_seconds: int = 6 * 3600
    #: messages per minute this worker sends at most (0: no limit).
    rate_per_minute: int = 60
    #: seconds the worker sleeps when nothing is due.
    poll_seconds: float = 5.0
    deliver_inline: bool = False

    @classmethod
    def from_settings(cls, settings):
        prefix = "portail.outbox."
        values = {}
        for name, default in cls.__dataclass_fields__.items():
            raw = settings.get(prefix + name)
            if raw is None:
                continue
            kind = type(default.default)
            values[name] = asbool(raw) if kind is bool else kind(raw)
        return cls(**values)

    @property
    def claim_size(self):
        """Rows claimed at once: a batch sent at the rate limit takes at most half the
        lease, so no claim runs out while its worker is still busy with the batch."""
        if not self.rate_per_minute:
            return self.batch_size
        return max(1, min(self.batch_size, self.lease_seconds * self.rate_per_minute // 120))

    def backoff(self, attempts):
        """How long to wait after the ``attempts``-th failed try."""
        seconds = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.max_backoff_seconds))


@dataclass(frozen=True)
class Claimed:
    """A row claimed for sending (read once, so sending needs no open transaction)."""

    id: int
    message_id: str
    sender: str
    recipient: str
    reply_to: str
    subject: str
    body: str
    attempts: int

    def headers(self):
        headers = {"Message-ID": self.message_id}
        if self.reply_to:
            headers["Reply-To"] = self.reply_to
        return headers

    def to_message(self):
        return Message(
            subject=self.subject,
            sender=self.sender,
            recipients=[self.recipient],
            body=self.body,
            extra_headers=self.headers(),
        )


class Pacer:
    """Spaces sends to stay under ``rate_per_minute`` (per worker process)."""

    def __init__(self, rate_per_minute, sleep=time.sleep, clock=time.monotonic):
        self.interval = 60.0 / rate_per_minute if rate_per_minute else 0.0
        self.sleep = sleep
        self.clock = clock
        self.last = None

    def wait(self):
        if self.interval and self.last is not None:
            delay = self.last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self.last = self.clock()


def is_permanent(exc):
    """A refusal the server will repeat (5xx): no point in trying again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def is_connection_error(exc):
    return isinstance(exc, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError))


class Deliverer:
    """Delivers due outbox rows through a pyramid_mailer mailer."""

    def __init__(self, session_factory, mailer, settings=None, worker_id=None):
        self.session_factory = session_factory
        self.mailer = mailer
        self.settings = settings or DeliverySettings()
        self.worker_id = worker_id or f"{uuid.uuid4().hex[:12]}"

    def claim(self, limit, message_ids=None):
        """Claim up to ``limit`` due rows (or only those of ``message_ids``)."""
        now = utcnow()
        due = or_(
            and_(M.state == QUEUED, M.next_attempt_at <= now),
            and_(M.state == SENDING, M.lease_until < now),
        )
        candidates = select(M.id).where(due)
        if message_ids is not None:
            candidates = candidates.where(M.message_id.in_(message_ids))
        candidates = candidates.order_by(M.id).limit(limit).with_for_update(skip_locked=True)
        statement = (
            update(M)
            .where(M.id.in_(candidates.scalar_subquery()))
            .values(
                state=SENDING,
                claim=self.worker_id,
                lease_until=now + timedelta(seconds=self.settings.lease_seconds),
            )
            .returning(*CLAIMED_COLUMNS)
            .execution_options(synchronize_session=False)
        )
        with self.session_factory() as session, session.begin():
            rows = session.execute(statement).all()
        return sorted((Claimed(*row) for row in rows), key=lambda row: row.id)

    def _finish(self, claimed, **values):
        """Record the outcome of one try, only while the claim is still ours."""
        statement = (
            update(M)
            .where(M.id == claimed.id, M.claim == self.worker_id, M.state == SENDING)
            .values(claim=None, lease_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        with self.session_factory() as session, session.begin():
            done = session.execute(statement).rowcount
        if not done:
            log.warning("outbox message %s: the claim was lost (lease too short?)", claimed.id)

    def send_one(self, claimed):
        """Try one claimed row; returns ``"sent"``, ``"retry"``, ``"failed"`` or, when the
        server could not be reached, ``"unreachable"``."""
        try:
            self.mailer.send_immediately(claimed.to_message())
        except Exception as exc:  # every failure is recorded on the row, none is lost
            return self._failed(claimed, exc)
        self._finish(claimed, state=SENT, sent_at=utcnow(), attempts=claimed.attempts + 1)
        return "sent"

    def _failed(self, claimed, exc):
        attempts = claimed.attempts + 1
        error = f"{type(exc).__name__}: {exc}"[:500]
        if is_permanent(exc) or attempts >= self.settings.max_attempts:
            log.error("outbox message %s failed for good: %s", claimed.id, error)
            self._finish(claimed, state=FAILED, attempts=attempts, last_error=error)
            return "failed"
        log.warning("outbox message %s: try %s failed: %s", claimed.id, attempts, error)
        retry_at = utcnow() + self.settings.backoff(attempts)
        self._finish(
            claimed, state=QUEUED, attempts=attempts, last_error=error, next_attempt_at=retry_at
        )
        return "unreachable" if is_connection_error(exc) else "retry"

    def release(self, claimed_rows, delay=None):
        """Give back rows claimed but not tried (stop asked, server unreachable)."""
        retry_at = utcnow() + (delay or timedelta(0))
        for claimed in claimed_rows:
            self._finish(claimed, state=QUEUED, next_attempt_at=retry_at)

    def run_batch(self, pacer=None, should_stop=lambda: False):
        """Claim one batch and send it; returns the outcomes counted, ``{}`` if none due."""
        batch = self.claim(self.settings.claim_size)
        counts = {}
        for index, claimed in enumerate(batch):
            if should_stop():
                self.release(batch[index:])
                break
            if pacer is not None:
                pacer.wait()
            outcome = self.send_one(claimed)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "unreachable":  # the rest would fail the same way: wait
                self.release(batch[index + 1 :], self.settings.backoff(1))
                break
        return counts

    def deliver_now(self, message_ids):
        """Send these rows at once (the inline delivery after commit); never raises."""
        try:
            for claimed in self.claim(len(message_ids), message_ids):
                self.send_one(claimed)
        except Exception:  # a committed change must not turn into an error page
            log.exception("inline delivery of %s outbox message(s) failed", len(message_ids))
