"""Batz-sur-Mer: its branding and its establishments, as in its portal's tutorial."""

from decimal import Decimal

from portail_commune_batz.content import portail_content_defaults
from portail_commune_batz.demo import portail_demo_data
from portail_commune_batz.family_lists import portail_family_lists
from portail_core import hookimpl
from portail_core.branding import Branding
from portail_core.establishments import Establishment, Unit

__all__ = ["portail_content_defaults", "portail_demo_data", "portail_family_lists"]

PLUGIN_ID = "commune_batz"

WELCOME = (
    "Bonjour & bienvenue sur le portail Familles de la commune de Batz-sur-Mer !\n\n"
    "Cet espace va vous permettre d'organiser la journée de vos enfants dans les différents "
    "services municipaux qui concernent la vie scolaire, périscolaire et les vacances des "
    "3 - 17 ans. Vous y trouverez des informations pratiques liées à l'organisation de "
    "chaque structure, et plus encore, vous pourrez les inscrire et payer vos factures "
    "7j/7 et 24h/24, selon votre disponibilité.\n\n"
    "- Accueil périscolaire\n"
    "- Restaurant scolaire\n"
    "- Temps d'activités périscolaires (TAP)\n"
    "- Ecoles, collèges, lycées\n"
    "- Accueil de loisirs\n"
    "- Espace jeunes\n\n"
    "Pour naviguer dans votre espace personnel et vous renseigner sur l'ensemble des "
    "services, aidez-vous des rubriques situées sur la colonne de gauche.\n\n"
    "Bonne navigation !"
)


@hookimpl
def portail_branding(tenant):
    return Branding(
        town="Mairie de Batz sur Mer",
        service="Service Enfance Jeunesse",
        address_lines=("MAIRIE DE BATZ SUR MER", "34 Rue Jean XXIII", "44740 BATZ SUR MER"),
        phone="02.40.23.92.25",
        email=tenant.contact_email,
        welcome_title="Le Portail Famille à portée de clics !",
        welcome_text=WELCOME,
        logo="portail_commune_batz:static/logo.svg",
        logo_alt="Batz-sur-Mer",
        primary_colour="#14406b",
        accent_colour="#b45309",
        # The seed's layout: the information menu and the login block in a left column.
        stylesheet="portail_commune_batz:static/batz.css",
    )


@hookimpl
def portail_establishments(tenant):
    return [
        Establishment(
            code="restaurant",
            name="RESTAURANT SCOLAIRE",
            regie="periscolaire",
            kind="restauration",
            units=(Unit("repas", "RESTAURANT SCOLAIRE", 220, Decimal("3.25")),),
        ),
        Establishment(
            code="periscolaire",
            name="ACCUEIL PERISCOLAIRE",
            regie="periscolaire",
            units=(
                Unit(
                    "matin",
                    "Périscolaire Matin",
                    40,
                    Decimal("1.75"),
                    billing_label="Périscolaire Matin Ecole Alain BOUTLE",
                ),
                Unit("soir", "Périscolaire Soir", 40, Decimal("2.20")),
            ),
        ),
        Establishment(
            code="accueil_loisirs",
            name="ACCUEIL DE LOISIRS",
            regie="periscolaire",
            kind="extrascolaire",
            units=(
                Unit("journee", "Journée avec repas", 60, Decimal("16.00")),
                Unit("demi_journee", "Demi-journée", 20, Decimal("8.50")),
            ),
        ),
        Establishment(
            code="espace_jeunes",
            name='ESPACE JEUNES "LA HURLETTE"',
            regie="periscolaire",
            kind="jeunesse",
            units=(Unit("apres_midi", "Après-midi", 24, Decimal("3.00")),),
        ),
    ]


@hookimpl
def portail_pyramid_configure(config):
    config.add_static_view("static-batz", "portail_commune_batz:static", cache_max_age=3600)
