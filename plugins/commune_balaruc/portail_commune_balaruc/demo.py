"""Balaruc-le-Vieux's demonstration data, mirroring its user guide (family TEST)."""

from datetime import date

from portail_commune_balaruc import (
    demo_billing,
    demo_bookings,
    demo_campaigns,
    demo_content,
    demo_family,
)
from portail_core import hookimpl


@hookimpl
def portail_demo_data(tenant, demo):
    demo.agent("sej@balaruc.example.org", "Agent-Balaruc-2019", "Secrétariat", "SEJ")
    demo.family(
        "TEST",
        "valentina.test@example.org",
        "Valentina-2019",
        "Sophie",
        "TEST",
        children=[
            ("VALENTINA", date(2013, 4, 12), "SÈTE (34)"),
            ("ROMEO", date(2016, 9, 3), "SÈTE (34)"),
        ],
    )
    demo_family.load(tenant, demo)
    demo_content.load(tenant, demo)
    demo_billing.load(tenant, demo)
    demo_bookings.load(tenant, demo)
    demo_campaigns.load(tenant, demo)
