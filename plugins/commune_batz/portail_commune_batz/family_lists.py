# i18n: ignore-file  (the commune's own content, written by its town hall)
"""Batz-sur-Mer's lists for family files, as in its portal's tutorial (« L'enfant »)."""

from portail_core import hookimpl
from portail_core.services.family.lists import FamilyLists

BATZ_LISTS = FamilyLists(
    vaccines=(
        "BCG",
        "DT POLIO 1",
        "DT POLIO 2",
        "DT POLIO 3",
        "DT POLIO RAPPEL",
        "ROR 1",
        "ROR 2",
        "HEPATITE B",
    ),
    authorisations=(
        "AUTORISATION ALLER VENUE ESPACE JEUNE",
        "AUTORISATION DE FILMER/PHOTOGRAPHIER",
    ),
    document_types=(
        "Attestation CAF / quotient familial",
        "Avis d'imposition",
        "Justificatif de domicile",
        "Certificat médical",
        "Carnet de vaccinations",
        "Attestation d'assurance",
        "Fiche d'inscription",
        "Autre",
    ),
    school_levels=(
        "TPS",
        "PS",
        "MS",
        "GS",
        "CP",
        "CE1",
        "CE2",
        "CM1",
        "CM2",
        "6e",
        "5e",
        "4e",
        "3e",
        "Lycée",
    ),
    diets=("Sans porc", "Sans viande", "Végétarien"),
)


@hookimpl
def portail_family_lists(tenant):
    return BATZ_LISTS
