"""Balaruc-le-Vieux's demo family file: TEST, with VALENTINA and ROMEO."""

from datetime import date
from decimal import Decimal

from portail_core.demo.family import FamilyDemo, address, guardian

ADDRESS = address("12 rue des Écoles", "34540", "BALARUC LE VIEUX")


def load(tenant, demo):
    family = FamilyDemo(demo, "TEST")
    family.file(
        ADDRESS,
        [
            guardian(
                "Madame", "TEST", "Sophie", "06 12 34 56 78", email="valentina.test@example.org"
            ),
            guardian("Monsieur", "TEST", "Marc", "06 98 76 54 32", phone_work="04 67 00 00 00"),
        ],
        quotient_familial=Decimal("612.50"),
    )
    valentina = family.child_sheet(
        "VALENTINA",
        {
            "school_level": "CM2",
            "allergy_food": True,
            "allergy_food_details": "Arachides (traces comprises)",
            "diet": "Sans porc",
            "pai": True,
            "doctor_name": "Dr MARTIN",
            "doctor_phone": "04 67 48 00 00",
            "recommendations": "Trousse PAI dans le cartable.",
            "vaccinations": {
                "BCG": {"done": True, "last_date": date(2013, 6, 1)},
                "DT POLIO": {"done": True, "last_date": date(2019, 5, 10)},
                "ROR": {"done": True, "last_date": date(2015, 4, 2)},
            },
            "authorisations": {
                "AUTORISATION DE FILMER/PHOTOGRAPHIER": True,
                "AUTORISATION DE RENTRER SEUL": False,
                "AUTORISATION DE TRANSPORT EN CAR": True,
                "AUTORISATION D'HOSPITALISATION EN CAS D'URGENCE": True,
            },
        },
        pickups=[
            {
                "last_name": "TEST",
                "first_name": "Jeanne",
                "link": "Grand-mère",
                "phone": "06 11 22 33 44",
            }
        ],
    )
    family.child_sheet(
        "ROMEO",
        {
            "school_level": "CM1",
            "diet": "Sans porc",
            "doctor_name": "Dr MARTIN",
            "doctor_phone": "04 67 48 00 00",
            "vaccinations": {"DT POLIO": {"done": True, "last_date": date(2020, 9, 14)}},
            "authorisations": {
                "AUTORISATION DE FILMER/PHOTOGRAPHIER": True,
                "AUTORISATION DE RENTRER SEUL": False,
                "AUTORISATION DE TRANSPORT EN CAR": True,
                "AUTORISATION D'HOSPITALISATION EN CAS D'URGENCE": True,
            },
        },
    )
    family.document(
        "Attestation CAF",
        "Attestation CAF (quotient familial)",
        ["Attestation de quotient familial", "Famille TEST : 612,50"],
        review=("valide", ""),
    )
    family.document(
        "PAI VALENTINA",
        "Projet d'accueil individualisé (PAI)",
        ["Projet d'accueil individualisé", "Allergie aux arachides : trousse d'urgence."],
        child=valentina,
    )
