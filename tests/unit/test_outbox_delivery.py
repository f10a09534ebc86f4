"""The worker's rules: back-off, claim size, rate pacing, permanent refusals, settings."""

import smtplib
from datetime import timedelta

import colander
import pytest

from portail_core.mail.delivery import DeliverySettings, Pacer, is_permanent
from portail_core.services.reminders.settings import ReminderSettings, RemindersSettings


def test_the_backoff_doubles_up_to_its_ceiling():
    settings = DeliverySettings(backoff_seconds=60, max_backoff_seconds=600)
    waits = [settings.backoff(n) for n in range(1, 7)]
    assert waits == [timedelta(seconds=s) for s in (60, 120, 240, 480, 600, 600)]


def test_settings_are_read_from_the_ini():
    settings = DeliverySettings.from_settings(
        {"portail.outbox.rate_per_minute": "30", "portail.outbox.deliver_inline": "true"}
    )
    assert (settings.rate_per_minute, settings.deliver_inline, settings.batch_size) == (
        30,
        True,
        20,
    )


@pytest.mark.parametrize(
    ("rate", "lease", "claimed"), [(60, 300, 20), (1, 300, 2), (0, 300, 20), (6, 60, 3)]
)
def test_a_batch_fits_in_half_a_lease_at_the_rate_limit(rate, lease, claimed):
    assert DeliverySettings(rate_per_minute=rate, lease_seconds=lease).claim_size == claimed


def test_the_pacer_spaces_sends():
    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    pacer = Pacer(120, sleep=sleep, clock=lambda: now[0])
    pacer.wait()
    now[0] += 0.1
    pacer.wait()
    pacer.wait()
    assert slept == [0.4, 0.5]


def test_5xx_refusals_are_permanent_and_4xx_are_not():
    assert is_permanent(smtplib.SMTPDataError(550, b"no"))
    assert not is_permanent(smtplib.SMTPDataError(451, b"later"))
    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@b": (550, b"unknown")}))
    assert not is_permanent(smtplib.SMTPRecipientsRefused({"a@b": (450, b"busy")}))
    assert not is_permanent(ConnectionRefusedError())


def test_reminder_settings_default_and_refuse_unknown_keys():
    assert ReminderSettings.from_values(None).kinds().keys() == {
        "nothing_booked",
        "invoice_due",
        "document_expiry",
    }
    values = RemindersSettings().deserialize({"invoice_due": {"enabled": False}})
    assert "invoice_due" not in ReminderSettings.from_values(values).enabled
    with pytest.raises(colander.Invalid):
        RemindersSettings().deserialize({"invoice_due": {"jours": 3}})
    with pytest.raises(colander.Invalid):
        RemindersSettings().deserialize({"document_expiry": {"vaccines": {"BCG": 0}}})
