# i18n: ignore-file  (the commune's own content, written by its town hall)
"""Balaruc-le-Vieux's lists for family files (ALP/ALE registration file)."""

from portail_core import hookimpl
from portail_core.services.family.lists import FamilyLists

BALARUC_LISTS = FamilyLists(
    vaccines=("BCG", "DT POLIO", "ROR", "HEPATITE B", "COQUELUCHE", "MENINGOCOQUE C"),
    authorisations=(
        "AUTORISATION DE FILMER/PHOTOGRAPHIER",
        "AUTORISATION DE RENTRER SEUL",
        "AUTORISATION DE TRANSPORT EN CAR",
        "AUTORISATION D'HOSPITALISATION EN CAS D'URGENCE",
    ),
    document_types=(
        "Attestation CAF (quotient familial)",
        "Avis d'imposition",
        "Justificatif de domicile",
        "Carnet de vaccinations",
        "Attestation d'assurance extrascolaire",
        "Certificat médical",
        "Projet d'accueil individualisé (PAI)",
    ),
    school_levels=(
        "Petite section",
        "Moyenne section",
        "Grande section",
        "CP",
        "CE1",
        "CE2",
        "CM1",
        "CM2",
    ),
    diets=("Sans porc", "Sans viande", "Végétarien"),
)


@hookimpl
def portail_family_lists(tenant):
    return BALARUC_LISTS
