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
from portail_core.demo.family import address, guardian
from portail_core.demo.households import Household, shared_custody


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
    # One child in two households (shared custody), each with its own login.
    shared_custody(
        demo,
        Household(
            "LEROY",
            "camille.leroy@example.org",
            "Leroy-Garde-2026",
            "Camille",
            address("4 rue des Oliviers", "34540", "BALARUC LE VIEUX"),
            "520",
            "06 21 43 65 87",
            extra_guardians=[
                guardian(
                    "Monsieur", "LEROY", "Marc", "06 98 76 54 32", email="marc.leroy@example.org"
                )
            ],
        ),
        Household(
            "GARNIER",
            "julien.garnier@example.org",
            "Garnier-Garde-2026",
            "Julien",
            address("17 chemin de la Garrigue", "34540", "BALARUC LE VIEUX"),
            "1150",
            "06 12 24 36 48",
        ),
        "NINA",
        date(2016, 5, 20),
        "SÈTE (34)",
    )
    demo_campaigns.load(tenant, demo)
