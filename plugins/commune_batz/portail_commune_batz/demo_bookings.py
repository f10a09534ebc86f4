"""Batz-sur-Mer's demo periods: the school year's RESTAURANT SCOLAIRE "RESTAURATION ENFANT
…" (accepted at once) and the ACCUEIL DE LOISIRS's Wednesdays, BAPTISTE enrolled in both."""

from datetime import date, timedelta

from portail_core.demo.bookings import BookingDemo, school_year

SCHOOL_DAYS = (0, 1, 3, 4)
WEDNESDAYS = (2,)


def christmas_break(start: date):
    """The Christmas holidays of the school year starting ``start`` (zone B, roughly)."""
    first = date(start.year, 12, 20)
    return first, date(start.year + 1, 1, 4), "Vacances de Noël"


def load(tenant, demo):
    bookings = BookingDemo(demo)
    start, end = school_year(bookings.today)
    restaurant = bookings.period(
        "restaurant",
        f"RESTAURATION ENFANT {start.year}-{end.year}",
        start,
        end,
        SCHOOL_DAYS,
        closed=[christmas_break(start)],
    )
    wednesdays = bookings.period(
        "accueil_loisirs",
        f"MERCREDIS {start.year}-{end.year}",
        start,
        end,
        WEDNESDAYS,
        closed=[christmas_break(start)],
    )
    family, children = bookings.children("AABELIUM")
    baptiste = children["BAPTISTE"]
    bookings.enrol(restaurant, [baptiste])
    bookings.enrol(wednesdays, [baptiste])
    if bookings.today + timedelta(days=10) <= end:
        bookings.book(restaurant, family, baptiste, "repas", 3)
