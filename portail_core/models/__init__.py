"""Database wiring: engine, one session per request joined to pyramid_tm, every model.

Two test seams, as in the Pyramid starter: an engine or session factory passed in the
settings, and a session passed in the WSGI environ as ``app.dbsession``.
"""

import zope.sqlalchemy
from sqlalchemy import engine_from_config, event
from sqlalchemy.orm import configure_mappers, sessionmaker

from portail_core.models.absences import Absence, PresenceCredit  # noqa: F401
from portail_core.models.accounts import (  # noqa: F401
    AccountToken,
    RateLimitHit,
    RecoveryCode,
    User,
)
from portail_core.models.audit import AuditEntry  # noqa: F401
from portail_core.models.billing import (  # noqa: F401
    BilledPresence,
    Credit,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoiceRun,
    Payment,
    PaymentAllocation,
)
from portail_core.models.bookings import (  # noqa: F401
    CalendarFeed,
    ClosedDay,
    Enrolment,
    Establishment,
    Period,
    PeriodUnit,
    Presence,
    Reservation,
    ReservationCounter,
    Unit,
    UnitDay,
)
from portail_core.models.campaigns import (  # noqa: F401
    Campaign,
    CampaignPeriod,
    CampaignRequest,
    CampaignUnit,
    WaitingTicket,
)
from portail_core.models.content import (  # noqa: F401
    ContactMessage,
    Download,
    InfoPage,
    InfoSection,
    NewsItem,
)
from portail_core.models.family import Child, Family  # noqa: F401
from portail_core.models.family_records import Document  # noqa: F401
from portail_core.models.households import ChildHousehold, HouseholdShare  # noqa: F401
from portail_core.models.meta import Base  # noqa: F401
from portail_core.models.online_payments import PaymentCounter, PaymentNotification  # noqa: F401
from portail_core.models.outbox import (  # noqa: F401
    OutboxMessage,
    ReminderOptOut,
    ReminderSent,
)
from portail_core.models.sessions import LoginSession, WebSession  # noqa: F401

configure_mappers()


def _sqlite_pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def get_engine(settings, prefix="sqlalchemy."):
    # No bound value in the SQL logs nor in a database error's text (both may be logged).
    engine = engine_from_config(settings, prefix, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def get_session_factory(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory, transaction_manager, request=None):
    """A session joined to the transaction manager: committed or aborted with it."""
    dbsession = session_factory(info={"request": request})
    zope.sqlalchemy.register(dbsession, transaction_manager=transaction_manager)
    return dbsession


def includeme(config):
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    # pyramid_tm would otherwise load the user of every request (stylesheets, scripts,
    # /theme.css included) only to label its transaction: pages load the user when they
    # need it.
    settings.setdefault("tm.annotate_user", False)
    config.include("pyramid_tm")
    config.include("pyramid_retry")

    session_factory = settings.get("dbsession_factory")
    if session_factory is None:
        session_factory = get_session_factory(get_engine(settings))
    config.registry["dbsession_factory"] = session_factory

    def dbsession(request):
        session = request.environ.get("app.dbsession")
        if session is None:
            session = get_tm_session(session_factory, request.tm, request=request)
        return session

    config.add_request_method(dbsession, reify=True)
