"""Batz-sur-Mer's demo campaigns: the accueil de loisirs' summer opening behind a waiting
room, a lottery open to requests, and one whose requests are in, ready to draw."""

from datetime import timedelta

from portail_core.demo.bookings import BookingDemo
from portail_core.demo.campaigns import CampaignDemo

MON_TO_FRI = (0, 1, 2, 3, 4)


def load(tenant, demo):
    bookings = BookingDemo(demo)
    campaigns = CampaignDemo(bookings, demo)
    start = bookings.this_monday() + timedelta(weeks=10)
    code = "accueil_loisirs"
    summer = bookings.period(code, "ÉTÉ (ouverture)", start, start + timedelta(days=25), MON_TO_FRI)
    family, children = bookings.children("AABELIUM")
    bookings.enrol(summer, children.values())
    campaigns.queue("Ouverture de l'accueil de loisirs d'été", summer, rate_per_minute=30)
    autumn = bookings.period(
        code, "MERCREDIS rentrée (sur demande)", start, start + timedelta(days=25), (2,)
    )
    campaigns.open_lottery("Inscriptions des mercredis de la rentrée", autumn, places=10)
    camp = bookings.period(code, "MINI-CAMP (tirage)", start, start + timedelta(days=4), MON_TO_FRI)
    campaigns.closed_lottery(
        "Mini-camp (demandes closes, tirage à faire)", camp, places=4, domain="batz.example.org"
    )
