"""Sessions kept in the database behind Pyramid's signed cookie.

A cookie holds at most about 4 KB and browsers silently drop a larger one, which would log
a parent out in the middle of a long planning or an upload. Pyramid's
``SignedCookieSessionFactory`` keeps all its behaviour (flash, CSRF, invalidation,
reissue) and signs what our serializer returns: the key of the row that holds the data.

Rows are keyed by the SHA-256 of their content, so a key always names the same data: each
process keeps the rows it has recently read or written in a small LRU cache, and a page
that does not change its session costs no query for it (only the expiry is re-checked,
against the database once the cached one has passed). The rows are written on their own
connection, in autocommit (one upsert), because the session is saved after the request's
transaction has ended.
"""

import hashlib
import json
import random
import threading
from collections import OrderedDict
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portail_core.models.sessions import WebSession
from portail_core.models.types import utcnow

PURGE_PROBABILITY = 0.01
CACHE_SIZE = 4096
INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def _upsert(insert):
    """Insert a row, or push back the expiry of the row with the same key (same data)."""
    statement = insert(WebSession.__table__)
    return statement.on_conflict_do_update(
        index_elements=["id"], set_={"expires_at": statement.excluded.expires_at}
    )


UPSERTS = {dialect: _upsert(insert) for dialect, insert in INSERTS.items()}


class RecentSessions:
    """A bounded, thread-safe ``{key: (data, expires_at)}``, least recently used out first."""

    def __init__(self, size=CACHE_SIZE):
        self.size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, now):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[1] <= now:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key, data, expires_at):
        with self._lock:
            self._items[key] = (data, expires_at)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class DatabaseSessionSerializer:
    def __init__(self, engine, timeout_seconds, cache_size=CACHE_SIZE):
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.lifetime = timedelta(seconds=timeout_seconds)
        self.recent = RecentSessions(cache_size)

    def dumps(self, appstruct):
        payload = json.dumps(appstruct, separators=(",", ":"), sort_keys=True)
        key = hashlib.sha256(payload.encode()).hexdigest()
        expires_at = utcnow() + self.lifetime
        with self.engine.connect() as connection:
            # Two requests of one session may save the same data at the same moment (a
            # double click): the key is the data's hash, so the other's row is ours.
            connection.execute(
                UPSERTS[connection.dialect.name],
                {"id": key, "data": payload, "expires_at": expires_at},
            )
            if random.random() < PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
                connection.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
        self.recent.put(key, payload, expires_at)
        return key.encode()

    def loads(self, bstruct):
        key = bstruct.decode("ascii", errors="replace")
        now = utcnow()
        data = self.recent.get(key, now)
        if data is None:
            with self.engine.connect() as connection:
                row = connection.execute(
                    select(WebSession.data, WebSession.expires_at).where(
                        WebSession.id == key, WebSession.expires_at > now
                    )
                ).first()
            if row is None:
                raise ValueError("session expired or unknown")  # Pyramid starts a new session
            data = row.data
            self.recent.put(key, data, row.expires_at)
        return json.loads(data)
