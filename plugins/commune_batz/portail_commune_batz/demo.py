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
from portail_core.demo.family import address
from portail_core.demo.households import Household, shared_custody


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
    # One child in two households (shared custody), each with its own login.
    shared_custody(
        demo,
        Household(
            "KERGUEN",
            "anne.kerguen@example.org",
            "Kerguen-Garde-2026",
            "Anne",
            address("9 rue du Golf", "44740", "BATZ SUR MER"),
            "700",
            "06 31 42 53 64",
        ),
        Household(
            "LE BIHAN",
            "yann.lebihan@example.org",
            "Lebihan-Garde-2026",
            "Yann",
            address("2 impasse des Paludiers", "44740", "BATZ SUR MER"),
            "1300",
            "06 75 86 97 08",
        ),
        "ELOUAN",
        date(2014, 3, 2),
        "GUÉRANDE (44)",
    )
    demo_campaigns.load(tenant, demo)
