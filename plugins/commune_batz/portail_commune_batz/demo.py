"""Batz-sur-Mer's demonstration data, mirroring its tutorial (family AABELIUM)."""

from datetime import date

from portail_commune_batz import (
    demo_billing,
    demo_bookings,
    demo_campaigns,
    demo_content,
    demo_family,
)
from portail_core import hookimpl


@hookimpl
def portail_demo_data(tenant, demo):
    demo.agent("sej@batz.example.org", "Agent-Batz-2018", "Service", "Enfance Jeunesse")
    demo.family(
        "AABELIUM",
        "famille.aabelium@example.org",
        "Baptiste-2018",
        "Claire",
        "AABELIUM",
        children=[("BAPTISTE", date(2011, 1, 1), "(35)")],
    )
    demo_family.load(tenant, demo)
    demo_content.load(tenant, demo)
    demo_billing.load(tenant, demo)
    demo_bookings.load(tenant, demo)
    demo_campaigns.load(tenant, demo)
