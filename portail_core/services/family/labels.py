"""The French labels of the family file's fields, as forms and the history show them."""

FAMILY_LABELS = {"name": "Nom de la famille"}

ADDRESS_LABELS = {
    "address_line1": "Adresse",
    "address_line2": "Complément d'adresse",
    "postal_code": "Code postal",
    "city": "Ville",
}

QUOTIENT_LABELS = {
    "quotient_familial": "Quotient familial",
    "quotient_familial_valid_until": "Quotient familial valable jusqu'au",
}

GUARDIAN_LABELS = {
    "civility": "Civilité",
    "last_name": "Nom",
    "first_name": "Prénom",
    "phone_mobile": "Téléphone portable",
    "phone_home": "Téléphone domicile",
    "phone_work": "Téléphone professionnel",
    "email": "Adresse e-mail",
    **ADDRESS_LABELS,
}

CIVILITIES = ("Madame", "Monsieur")

CHILD_IDENTITY_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Né(e) le",
    "birth_place": "Lieu de naissance",
    "school_level": "Niveau scolaire",
}

MEDICAL_LABELS = {
    "allergy_food": "Allergie alimentaire",
    "allergy_food_details": "Allergie alimentaire : précisions",
    "allergy_medication": "Allergie médicamenteuse",
    "allergy_medication_details": "Allergie médicamenteuse : précisions",
    "allergy_other": "Autre allergie",
    "allergy_other_details": "Autre allergie : précisions",
    "diet": "Régime alimentaire",
    "pai": "PAI (projet d'accueil individualisé)",
    "doctor_name": "Médecin traitant",
    "doctor_phone": "Téléphone du médecin",
    "recommendations": "Recommandations utiles",
}

# (attribute of the allergy flag, attribute of its details, label) in display order.
ALLERGIES = (
    ("allergy_food", "allergy_food_details", "Alimentaire"),
    ("allergy_medication", "allergy_medication_details", "Médicamenteuse"),
    ("allergy_other", "allergy_other_details", "Autre"),
)

PICKUP_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "link": "Lien avec l'enfant",
    "phone": "Téléphone",
}


def pickup_summary(person):
    """ "DUPONT Marie (Grand-mère, 06 12 34 56 78)": one line for the history."""
    details = ", ".join(part for part in (person.link, person.phone) if part)
    return f"{person.full_name} ({details})" if details else person.full_name
