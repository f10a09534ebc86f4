"""Who the user is (session cookie), what they may do (roles per tenant), CSRF everywhere;
the half-open session of a login waiting for its second step."""

import time

from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.csrf import SessionCSRFStoragePolicy, new_csrf_token
from pyramid.session import SignedCookieSessionFactory
from sqlalchemy import bindparam, select

from portail_core.i18n import offered_languages
from portail_core.login_sessions import Lifetimes, LoginSessions
from portail_core.models.accounts import ADMIN, OPERATOR, OPERATOR_TENANT, User
from portail_core.sessions import DatabaseSessionSerializer
from portail_core.tenancy import is_operator_request

SESSION_USER = "auth.uid"
SESSION_STAMP = "auth.stamp"
# A login whose password was right but whose second step (code, or enrolment when the
# commune requires it) is still to come: it reaches no page but that step.
SESSION_PENDING = "auth.pending"
PENDING_LIFETIME = 600  # seconds
SESSION_ID = "auth.sid"
# Why the server ended the last login: read (once) by the login page.
SESSION_ENDED = "auth.ended"


class RootFactory:
    """The default context: permissions granted by role within the request's tenant."""

    __acl__ = [
        (Allow, Authenticated, "account"),
        (Allow, "role:parent", "parent"),
        (Allow, "role:agent", "agent"),
        (Allow, "role:admin", ("agent", "admin")),
        (Allow, "role:operator", "operator"),
    ]

    def __init__(self, request):
        self.request = request


def request_tenant_id(request):
    if is_operator_request(request):
        return OPERATOR_TENANT
    return request.tenant.id


def login_sessions(request):
    return LoginSessions(
        request.dbsession, request_tenant_id(request), request.registry["session_lifetimes"]
    )


# The login waiting for its second step (pages behind a login read the user with their
# login session instead, in ``login_sessions``).
USER_OF_SESSION = select(User).where(
    User.id == bindparam("user_id"), User.tenant_id == bindparam("tenant_id")
)


def _load_user(request):
    user_id = request.session.get(SESSION_USER)
    if user_id is None:
        return None
    user, ended = login_sessions(request).check(user_id, request.session.get(SESSION_ID))
    if ended is not None:
        request.session.invalidate()
        request.session[SESSION_ENDED] = ended
        return None
    if user is None or not user.active:
        return None
    if user.security_stamp != request.session.get(SESSION_STAMP):
        return None
    if user.is_agent and not user.two_step_enabled and agents_must_enrol(request.tenant_or_none):
        return None  # a session from before the rule: the next login enrols
    return user


def agents_must_enrol(tenant):
    """True when the tenant's ``[settings.core.security] agents_mfa`` is ``required``."""
    if tenant is None:
        return False
    security = tenant.plugin_settings("core").get("security") or {}
    return security.get("agents_mfa") == "required"


def principals_for(user):
    principals = [Everyone]
    if user is None:
        return principals
    principals += [Authenticated, f"user:{user.id}"]
    if getattr(user, "restricted", False):
        # A guardian without parental authority, or restricted by a court, sees nothing
        # of the family file (models.households): signed in, but no parent's rights.
        return principals
    principals.append(f"role:{user.role}")
    if user.role == ADMIN:
        principals.append("role:agent")
    if user.family_id is not None:
        principals.append(f"family:{user.family_id}")
    return principals


class PortailSecurityPolicy:
    """Session-based identity, ACL-based permissions, scoped to the request's tenant."""

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return None if user is None else user.id

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, principals_for(request.user), permission)

    def remember(self, request, userid, **kw):
        return []

    def forget(self, request, **kw):
        return []


def log_in(request, user):
    """Start a fresh session for ``user`` (a new session id defeats fixation)."""
    sid = request.session.get(SESSION_ID)
    if sid is not None:
        login_sessions(request).end(sid)
    request.session.invalidate()
    request.session[SESSION_USER] = user.id
    request.session[SESSION_ID] = login_sessions(request).start(user)
    request.session[SESSION_STAMP] = user.security_stamp
    new_csrf_token(request)
    request.user = user
    keep_language(request, user)


def keep_language(request, user):
    """An account without a language takes the one its owner browsed in before logging
    in (switch or browser), when it is not the portal's default: the e-mails written to
    them later, by a staff member or a job, follow it."""
    if getattr(user, "language", None) or request.tenant_or_none is None:
        return
    language = request.locale_name
    if language != offered_languages(request.tenant_or_none)[0]:
        user.language = language


def begin_two_step(request, user, next_url, enrol=False):
    """The password was right: a fresh session that waits for the second step."""
    request.session.invalidate()
    request.session[SESSION_PENDING] = {
        "uid": user.id,
        "stamp": user.security_stamp,
        "at": int(time.time()),
        "next": next_url,
        "enrol": enrol,
    }
    new_csrf_token(request)
    request.user = None


def pending_login(request):
    """``(user, data)`` of the login waiting for its second step, or ``None``."""
    data = request.session.get(SESSION_PENDING)
    if not data or time.time() - data["at"] > PENDING_LIFETIME:
        return None
    user = request.dbsession.scalar(
        USER_OF_SESSION, {"user_id": data["uid"], "tenant_id": request_tenant_id(request)}
    )
    if user is None or not user.active or user.security_stamp != data["stamp"]:
        return None
    return user, data


def log_out(request):
    """End the login on the server too: the old cookie, replayed, names an ended login."""
    sid = request.session.get(SESSION_ID)
    if sid is not None:
        login_sessions(request).end(sid)
    request.session.invalidate()
    new_csrf_token(request)
    request.user = None


def includeme(config):
    settings = config.get_settings()
    lifetimes = Lifetimes.from_settings(settings)
    config.registry["session_lifetimes"] = lifetimes
    # The cookie's state outlives an idle login (up to the absolute age), so that the
    # login page can still say why the server ended it.
    timeout = int(lifetimes.absolute.total_seconds())
    engine = config.registry["dbsession_factory"].kw["bind"]
    config.set_session_factory(
        SignedCookieSessionFactory(
            settings["portail.session_secret"],
            cookie_name="portail_session",
            secure=settings["portail.secure_cookies"],
            httponly=True,
            samesite="Lax",
            timeout=timeout,
            reissue_time=300,
            serializer=DatabaseSessionSerializer(engine, timeout),
        )
    )
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.set_security_policy(PortailSecurityPolicy())
    config.set_root_factory(RootFactory)
    config.add_request_method(_load_user, "user", reify=True)


__all__ = ["OPERATOR", "begin_two_step", "log_in", "log_out", "pending_login"]
