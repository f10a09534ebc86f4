"""Balaruc-le-Vieux: its branding and its establishments, as in its portal's user guide."""

from decimal import Decimal

from portail_commune_balaruc.content import portail_content_defaults
from portail_commune_balaruc.demo import portail_demo_data
from portail_commune_balaruc.family_lists import portail_family_lists
from portail_core import hookimpl
from portail_core.branding import Branding
from portail_core.establishments import Establishment, Unit

__all__ = ["portail_content_defaults", "portail_demo_data", "portail_family_lists"]

PLUGIN_ID = "commune_balaruc"

WELCOME = (
    "Ce portail vous permet d'inscrire vos enfants aux accueils de loisirs périscolaires "
    "et extrascolaires (ALP/ALE), de consulter et de régler vos factures en ligne, et de "
    "conserver l'historique de vos paiements et inscriptions.\n\n"
    "Pour obtenir votre accès personnel, vous devez avoir déposé le dossier complet "
    "d'inscription de votre enfant au Service Enfance Jeunesse. Un mail vous sera "
    "automatiquement envoyé."
)


@hookimpl
def portail_branding(tenant):
    return Branding(
        town="Ville de Balaruc le Vieux",
        service="SERVICE ENFANCE JEUNESSE",
        address_lines=("2 bis rue des Rosiers", "34540 BALARUC LE VIEUX"),
        phone="04 67 18 23 64",
        email=tenant.contact_email,
        welcome_title="Bienvenue sur notre portail familles",
        welcome_text=WELCOME,
        logo="portail_commune_balaruc:static/logo.svg",
        logo_alt="Ville de Balaruc-le-Vieux",
        primary_colour="#0b5e6b",
        accent_colour="#c2410c",
    )


@hookimpl
def portail_establishments(tenant):
    return [
        Establishment(
            code="ale_primaire",
            name="ALE Primaire",
            regie="periscolaire",
            kind="extrascolaire",
            units=(
                Unit("journee_repas", "JOURNEE REPAS", 48, Decimal("14.50")),
                Unit("journee_sans_repas", "JOURNEE SANS REPAS", 12, Decimal("11.00")),
                Unit("matin", "MATIN", 24, Decimal("5.50")),
            ),
        ),
        Establishment(
            code="alp_maternel",
            name="ALP MATERNEL",
            regie="periscolaire",
            units=(
                Unit("alp_accueil_matin", "ALP Accueil Matin", 30, Decimal("1.20")),
                Unit("alp_depart_echelonne_midi", "ALP Départ Echelonné Midi", 30, Decimal("0.80")),
                Unit("alp_soir", "ALP Accueil Soir", 30, Decimal("1.60")),
            ),
        ),
        Establishment(
            code="ale_maternel",
            name="ALE MATERNEL",
            regie="periscolaire",
            kind="extrascolaire",
            units=(
                Unit("journee_repas", "JOURNEE REPAS", 24, Decimal("14.50")),
                Unit("matin", "MATIN", 12, Decimal("5.50")),
            ),
        ),
        Establishment(
            code="restaurant",
            name="RESTAURANT SCOLAIRE",
            regie="restauration",
            kind="restauration",
            units=(Unit("repas", "Repas", 180, Decimal("3.10")),),
        ),
    ]


@hookimpl
def portail_pyramid_configure(config):
    config.add_static_view("static-balaruc", "portail_commune_balaruc:static", cache_max_age=3600)
