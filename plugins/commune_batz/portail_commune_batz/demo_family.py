"""Batz-sur-Mer's demo family file: AABELIUM and BAPTISTE, as in the tutorial."""

from datetime import date
from decimal import Decimal

from portail_core.demo.family import FamilyDemo, address, guardian

ADDRESS = address("3 rue du Croisic", "44740", "BATZ SUR MER")


def load(tenant, demo):
    family = FamilyDemo(demo, "AABELIUM")
    family.file(
        ADDRESS,
        [
            guardian(
                "Madame",
                "AABELIUM",
                "Claire",
                "06 45 67 89 10",
                email="famille.aabelium@example.org",
            )
        ],
        quotient_familial=Decimal("845.00"),
    )
    baptiste = family.child_sheet(
        "BAPTISTE",
        {
            "school_level": "CE1",
            "allergy_medication": True,
            "allergy_medication_details": "Pénicilline",
            "doctor_name": "Dr LE GALL",
            "doctor_phone": "02 40 23 00 00",
            "recommendations": "Porte des lunettes pour les activités sportives.",
            "vaccinations": {
                "BCG": {"done": False, "last_date": None},
                "DT POLIO 1": {"done": True, "last_date": date(2012, 3, 1)},
            },
            "authorisations": {
                "AUTORISATION ALLER VENUE ESPACE JEUNE": False,
                "AUTORISATION DE FILMER/PHOTOGRAPHIER": False,
            },
        },
        pickups=[
            {
                "last_name": "MOREAU",
                "first_name": "Paul",
                "link": "Oncle",
                "phone": "06 22 33 44 55",
            }
        ],
    )
    family.document(
        "Justificatif de domicile",
        "Justificatif de domicile",
        ["Facture d'électricité", "AABELIUM Claire, 3 rue du Croisic, 44740 BATZ SUR MER"],
    )
    family.document(
        "Avis d'imposition 2017",
        "Avis d'imposition",
        ["Avis d'impôt sur les revenus de 2017", "(page 1 seulement)"],
        review=("refuse", "Document incomplet : merci d'envoyer toutes les pages."),
    )
    family.document(
        "Carnet de vaccinations BAPTISTE",
        "Carnet de vaccinations",
        ["Vaccinations de BAPTISTE AABELIUM", "DT POLIO 1 : 01/03/2012"],
        child=baptiste,
        review=("valide", ""),
    )
