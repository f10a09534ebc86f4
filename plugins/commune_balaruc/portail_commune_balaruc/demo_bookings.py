"""Balaruc-le-Vieux's demo periods, open around the day the demo is loaded.

As in its guide: ALE Primaire "MERCREDIS / VACANCES …" and ALP MATERNEL "PERISCOLAIRE M
Semaines … à …", with VALENTINA and ROMEO enrolled and a request waiting for the agents.
"""

from datetime import timedelta

from portail_core.demo.bookings import BookingDemo, season

MON_TO_FRI = (0, 1, 2, 3, 4)
SCHOOL_DAYS = (0, 1, 3, 4)


def load(tenant, demo):
    bookings = BookingDemo(demo)
    monday = bookings.this_monday()
    ale_end = monday + timedelta(weeks=8, days=-3)
    ale = bookings.period(
        "ale_primaire",
        f"MERCREDIS / VACANCES {season(monday)}",
        monday,
        ale_end,
        MON_TO_FRI,
        closed=[(monday + timedelta(weeks=4), monday + timedelta(weeks=4), "Journée pédagogique")],
    )
    alp_start = monday + timedelta(weeks=1)
    alp_end = alp_start + timedelta(weeks=3, days=-3)
    first_week, last_week = alp_start.isocalendar()[1], alp_end.isocalendar()[1]
    alp = bookings.period(
        "alp_maternel",
        f"PERISCOLAIRE M Semaines {first_week} à {last_week}",
        alp_start,
        alp_end,
        SCHOOL_DAYS,
    )
    family, children = bookings.children("TEST")
    bookings.enrol(ale, children.values())
    bookings.enrol(alp, children.values())
    # Two requests like the guide's 00047 and 00048, waiting for the agents.
    bookings.book(ale, family, children["ROMEO"], "matin", 1)
    bookings.book(ale, family, children["VALENTINA"], "journee_repas", 2)
