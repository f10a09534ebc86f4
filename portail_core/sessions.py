"""Sessions kept in the database behind Pyramid's signed cookie.

A cookie holds at most about 4 KB and browsers silently drop a larger one, which would log
a parent out in the middle of a long planning or an upload. Pyramid's
``SignedCookieSessionFactory`` keeps all its behaviour (flash, CSRF, invalidation,
reissue) and signs what our serializer returns: the key of the row that holds the data.
The rows are written on their own connection, because the session is saved after the
request's transaction has ended.
"""

import hashlib
import json
import random
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portail_core.models.sessions import WebSession
from portail_core.models.types import utcnow

PURGE_PROBABILITY = 0.01
INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


class DatabaseSessionSerializer:
    def __init__(self, engine, timeout_seconds):
        self.engine = engine
        self.lifetime = timedelta(seconds=timeout_seconds)

    def dumps(self, appstruct):
        payload = json.dumps(appstruct, separators=(",", ":"), sort_keys=True)
        key = hashlib.sha256(payload.encode()).hexdigest()
        expires_at = utcnow() + self.lifetime
        with self.engine.begin() as connection:
            found = connection.execute(
                update(WebSession).where(WebSession.id == key).values(expires_at=expires_at)
            ).rowcount
            if not found:
                # Two requests of one session may save the same data at the same moment
                # (a double click): the key is the data's hash, so the other's row is ours.
                insert = INSERTS[connection.dialect.name](WebSession.__table__)
                connection.execute(
                    insert.values(
                        id=key, data=payload, expires_at=expires_at
                    ).on_conflict_do_nothing(index_elements=["id"])
                )
            if random.random() < PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
                connection.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
        return key.encode()

    def loads(self, bstruct):
        key = bstruct.decode("ascii", errors="replace")
        with self.engine.connect() as connection:
            data = connection.execute(
                select(WebSession.data).where(
                    WebSession.id == key, WebSession.expires_at > utcnow()
                )
            ).scalar()
        if data is None:
            raise ValueError("session expired or unknown")  # Pyramid starts a new session
        return json.loads(data)
