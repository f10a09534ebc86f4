"""Balaruc-le-Vieux's demo campaigns: the summer's ALE opening behind a waiting room, a
lottery for the ALP open to requests, and one whose requests are in, ready to draw."""

from datetime import timedelta

from portail_core.demo.bookings import BookingDemo
from portail_core.demo.campaigns import CampaignDemo

MON_TO_FRI = (0, 1, 2, 3, 4)


def load(tenant, demo):
    bookings = BookingDemo(demo)
    campaigns = CampaignDemo(bookings, demo)
    start = bookings.this_monday() + timedelta(weeks=10)
    summer = bookings.period(
        "ale_primaire", "VACANCES D'ÉTÉ (ouverture)", start, start + timedelta(days=25), MON_TO_FRI
    )
    family, children = bookings.children("TEST")
    bookings.enrol(summer, children.values())
    campaigns.queue("Ouverture des VACANCES D'ÉTÉ", summer, rate_per_minute=30)
    alp = bookings.period(
        "alp_maternel",
        "PERISCOLAIRE M rentrée (sur demande)",
        start,
        start + timedelta(days=25),
        (0, 1, 3, 4),
    )
    campaigns.open_lottery("Inscriptions PERISCOLAIRE M de la rentrée", alp, places=10)
    stay = bookings.period(
        "ale_primaire", "SÉJOUR MER (tirage)", start, start + timedelta(days=4), MON_TO_FRI
    )
    campaigns.closed_lottery(
        "Séjour mer (demandes closes, tirage à faire)", stay, places=4, domain="example.org"
    )
