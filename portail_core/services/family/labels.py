"""The labels of the family file's fields, as forms and the history show them.

They are ``TranslationString``s: a form shows them in the reader's language, the history
stores their French text (the reference) and translates it back when it shows it.
"""

from portail_core.i18n import _

FAMILY_LABELS = {"name": _("Nom de la famille")}

ADDRESS_LABELS = {
    "address_line1": _("Adresse"),
    "address_line2": _("Complément d'adresse"),
    "postal_code": _("Code postal"),
    "city": _("Ville"),
}

QUOTIENT_LABELS = {
    "quotient_familial": _("Quotient familial"),
    "quotient_familial_valid_until": _("Quotient familial valable jusqu'au"),
}

GUARDIAN_LABELS = {
    "civility": _("Civilité"),
    "last_name": _("Nom"),
    "first_name": _("Prénom"),
    "phone_mobile": _("Téléphone portable"),
    "phone_home": _("Téléphone domicile"),
    "phone_work": _("Téléphone professionnel"),
    "email": _("Adresse e-mail"),
    **ADDRESS_LABELS,
}

CIVILITIES = (_("Madame"), _("Monsieur"))

CHILD_IDENTITY_LABELS = {
    "last_name": _("Nom"),
    "first_name": _("Prénom"),
    "birth_date": _("Né(e) le"),
    "birth_place": _("Lieu de naissance"),
    "school_level": _("Niveau scolaire"),
}

MEDICAL_LABELS = {
    "allergy_food": _("Allergie alimentaire"),
    "allergy_food_details": _("Allergie alimentaire : précisions"),
    "allergy_medication": _("Allergie médicamenteuse"),
    "allergy_medication_details": _("Allergie médicamenteuse : précisions"),
    "allergy_other": _("Autre allergie"),
    "allergy_other_details": _("Autre allergie : précisions"),
    "diet": _("Régime alimentaire"),
    "pai": _("PAI (projet d'accueil individualisé)"),
    "doctor_name": _("Médecin traitant"),
    "doctor_phone": _("Téléphone du médecin"),
    "recommendations": _("Recommandations utiles"),
}

# (attribute of the allergy flag, attribute of its details, label) in display order.
ALLERGIES = (
    ("allergy_food", "allergy_food_details", _("Alimentaire")),
    ("allergy_medication", "allergy_medication_details", _("Médicamenteuse")),
    ("allergy_other", "allergy_other_details", _("Autre")),
)

# The child sheet's label of each allergy's details field.
ALLERGY_DETAILS = {
    "allergy_food": _("Précisions (allergie alimentaire)"),
    "allergy_medication": _("Précisions (allergie médicamenteuse)"),
    "allergy_other": _("Précisions (autre allergie)"),
}

PICKUP_LABELS = {
    "last_name": _("Nom"),
    "first_name": _("Prénom"),
    "link": _("Lien avec l'enfant"),
    "phone": _("Téléphone"),
}


def pickup_summary(person):
    """ "DUPONT Marie (Grand-mère, 06 12 34 56 78)": one line for the history."""
    details = ", ".join(part for part in (person.link, person.phone) if part)
    return f"{person.full_name} ({details})" if details else person.full_name
