"""Rate limits: the ini's syntax, a wrong value stopping the start, the sliding window and
the wait it announces, per account and per address, per tenant."""

from datetime import timedelta

import pytest

from portail_core.models.accounts import RateLimitHit
from portail_core.models.types import utcnow
from portail_core.services.accounts.throttle import RateLimiter
from portail_core.settings import Limit, parse_limit, rate_limits_from_settings
from portail_core.views.limits import wait_phrase


def test_the_syntax_of_a_limit():
    assert parse_limit("5/15min") == Limit(5, timedelta(minutes=15))
    assert parse_limit(" 3 / 1h ") == Limit(3, timedelta(hours=1))
    assert parse_limit("10/s") == Limit(10, timedelta(seconds=1))
    assert parse_limit("2/1d") == Limit(2, timedelta(days=1))
    for wrong in ("5", "0/1h", "cinq/1h", "5/15 minutes", "-1/1h"):
        with pytest.raises(ValueError):
            parse_limit(wrong)


def test_the_ini_overrides_the_defaults_and_a_mistake_names_the_key():
    limits = rate_limits_from_settings({"portail.rate_limits.login_per_account": "3/10min"})
    assert limits["login_per_account"] == Limit(3, timedelta(minutes=10))
    assert limits["login_per_address"] == Limit(30, timedelta(minutes=15))
    with pytest.raises(ValueError, match="portail.rate_limits.reset_per_account"):
        rate_limits_from_settings({"portail.rate_limits.reset_per_account": "beaucoup"})
    with pytest.raises(ValueError, match="limite inconnue"):
        rate_limits_from_settings({"portail.rate_limits.login_per_planet": "1/1h"})


def test_a_wrong_limit_stops_the_start(make_app):
    with pytest.raises(ValueError, match="contact_per_address"):
        make_app(**{"portail.rate_limits.contact_per_address": "5 par heure"})


def test_the_window_slides_and_the_wait_is_exact(dbsession):
    limits = {"login_per_account": Limit(3, timedelta(minutes=15)),
              "login_per_address": Limit(10, timedelta(minutes=15))}  # fmt: skip
    limiter = RateLimiter(dbsession, "balaruc", limits)
    now = utcnow()
    for minutes_ago in (20, 12, 8, 2):  # the first is out of the window
        at = now - timedelta(minutes=minutes_ago)
        hit = RateLimitHit(tenant_id="balaruc", action="login", scope="account", key="a@x.org")
        hit.hit_at = at
        dbsession.add(hit)
    dbsession.flush()
    # Three hits in the window: blocked until the oldest of them (12 minutes ago) leaves it.
    assert limiter.retry_after("login", "a@x.org", "192.0.2.1", now=now) == 3 * 60
    assert limiter.retry_after("login", "b@example.org", "192.0.2.1", now=now) == 0
    later = now + timedelta(minutes=3, seconds=1)
    assert limiter.retry_after("login", "a@x.org", "192.0.2.1", now=later) == 0
    # Another commune does not share the count.
    assert RateLimiter(dbsession, "batz", limits).retry_after("login", "a@x.org", now=now) == 0
    limiter.clear("login", "a@x.org")
    assert limiter.retry_after("login", "a@x.org", now=now) == 0


def test_the_address_counts_every_account(dbsession):
    limits = {"reset_per_account": Limit(3, timedelta(hours=1)),
              "reset_per_address": Limit(2, timedelta(hours=1))}  # fmt: skip
    limiter = RateLimiter(dbsession, "balaruc", limits)
    limiter.hit("reset", "a@x.org", "192.0.2.1")
    limiter.hit("reset", "b@example.org", "192.0.2.1")
    dbsession.flush()
    assert limiter.retry_after("reset", "c@example.org", "192.0.2.1") > 3500
    assert limiter.retry_after("reset", "c@example.org", "192.0.2.2") == 0


def test_the_wait_in_french():
    assert wait_phrase(1).interpolate() == "1 minute"
    assert wait_phrase(61).interpolate() == "2 minutes"
    assert wait_phrase(900).interpolate() == "15 minutes"
    assert wait_phrase(3 * 3600).interpolate() == "3 heures"
