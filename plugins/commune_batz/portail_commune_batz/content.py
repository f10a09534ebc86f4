# i18n: ignore-file  (the commune's own content, written by its town hall; its headings
# are labels of the portal, translated in the commune's domain)
"""Batz-sur-Mer's portal content: « Actualités » and its information menu, as in its tutorial.

These pages are proposals: the demo (or an agent, on an empty menu) copies them into the
database, where the Service Enfance Jeunesse then edits them.
"""

from portail_commune_batz.i18n import _
from portail_core import hookimpl
from portail_core.services.content.defaults import ContentDefaults, DefaultPage, DefaultSection

ACCUEILS = DefaultSection(
    "Les accueils périscolaires et extrascolaires",
    (
        DefaultPage(
            "Le restaurant scolaire",
            "Le restaurant scolaire accueille les élèves des écoles de la commune chaque jour "
            "de classe.\n\nLes repas se réservent sur le portail, au plus tard 2 jours ouvrés "
            "avant la date souhaitée, avant 12:00. Une réservation faite dans ce délai est "
            "acceptée aussitôt.\n\nLes menus sont publiés dans les téléchargements de la page "
            "d'accueil.",
        ),
        DefaultPage(
            "Accueil périscolaire",
            "L'accueil périscolaire reçoit les enfants scolarisés à l'école Alain Boutle le "
            "matin avant la classe et le soir après la classe.\n\nRéservez les matins et les "
            "soirs dans « + Nouvelle réservation », établissement ACCUEIL PERISCOLAIRE.",
        ),
        DefaultPage(
            "TAP - temps d'activité périscolaire",
            "Les temps d'activités périscolaires (TAP) proposent aux enfants des activités "
            "sportives, culturelles et artistiques, encadrées par les animateurs de la "
            "commune.\n\nL'inscription se fait auprès du service Enfance Jeunesse.",
        ),
        DefaultPage(
            "Accueil de loisirs",
            "L'accueil de loisirs reçoit les enfants de 3 à 11 ans les mercredis et pendant "
            "les vacances scolaires, à la journée avec repas ou à la demi-journée.\n\nLes "
            "demandes de réservation sont traitées par le service Enfance Jeunesse : leur "
            "état s'affiche dans la liste de vos réservations.",
        ),
        DefaultPage(
            'Espace Jeunes "La Hurlette"',
            "L'Espace Jeunes « La Hurlette » accueille les jeunes de 11 à 17 ans, pendant "
            "les vacances et certains après-midi, autour de projets, de sorties et "
            "d'activités.\n\nL'autorisation « aller et venue » se donne dans la fiche de "
            "l'enfant, rubrique Autorisations.",
        ),
    ),
)

INSCRIPTION = DefaultSection(
    "Modalités d'inscription",
    (
        DefaultPage(
            "Portail Famille",
            "Pour obtenir votre identifiant et votre mot de passe :\n\nSITUATION 1 : si vous "
            "ne possédez pas de Dossier Unique d'Inscription (DUI), téléchargez la fiche "
            "d'inscription (rubrique Boîte à outils) ou contactez le service Enfance "
            "Jeunesse.\n\nSITUATION 2 : vous possédez un DUI : faites votre demande "
            "d'identifiant par le formulaire « Contactez-nous ». Un e-mail vous permettra "
            "ensuite de choisir votre mot de passe.",
        ),
        DefaultPage(
            "Groupe scolaire Alain Boutle",
            "Les inscriptions au groupe scolaire public Alain Boutle se font en mairie, "
            "munis du livret de famille, d'un justificatif de domicile et du carnet de "
            "santé de l'enfant, puis auprès de la direction de l'école.",
        ),
        DefaultPage(
            "Ecole Sainte-Marie-Saint Pierre",
            "Les inscriptions à l'école privée Sainte-Marie-Saint Pierre se font directement "
            "auprès de la direction de l'école. Les enfants qui y sont scolarisés peuvent "
            "fréquenter le restaurant scolaire et l'accueil de loisirs de la commune.",
        ),
        DefaultPage(
            "Collèges et lycées",
            "Les collégiens et lycéens dépendent des établissements du secteur de la "
            "presqu'île. Les inscriptions et les transports scolaires se font auprès des "
            "établissements et de la Région.",
        ),
    ),
)

TARIFS = DefaultSection(
    "Les tarifs",
    (
        DefaultPage(
            "Tarifs restauration scolaire",
            "Le prix du repas est fixé chaque année par délibération du conseil municipal."
            "\n\nLe tarif appliqué figure sur chacune de vos factures, dans « Mes Factures & "
            "Paiements », que vous pouvez régler en ligne par TIPI.",
        ),
        DefaultPage(
            "Tarifs ALSH",
            "Les tarifs de l'accueil de loisirs (journée avec repas, demi-journée) sont fixés "
            "par délibération du conseil municipal et peuvent dépendre du quotient familial."
            "\n\nVotre quotient familial est indiqué dans « Informations du compte » ; pour "
            "tout changement, contactez le service Enfance Jeunesse.",
        ),
    ),
)

OUTILS = DefaultSection(
    "Boîte à outils",
    (
        DefaultPage(
            "Tutoriel",
            "Le tutoriel « Le Portail Famille à portée de clics ! » explique pas à pas la "
            "famille, l'enfant, les réservations, les factures, le paiement en ligne et les "
            "pièces jointes. Il est disponible dans les téléchargements de la page d'accueil.",
        ),
        DefaultPage(
            "Projet éducatif de territoire",
            "Le projet éducatif de territoire (PEDT) rassemble les objectifs que la commune, "
            "les écoles et les associations partagent pour les temps de l'enfant : accueils "
            "périscolaires, TAP, accueil de loisirs et Espace Jeunes.",
        ),
        DefaultPage(
            "Fiche d'inscription au portail Famille",
            "La fiche d'inscription est à remplir une fois par famille et à remettre au "
            "service Enfance Jeunesse. Elle est disponible dans les téléchargements de la "
            "page d'accueil.",
        ),
        DefaultPage(
            "Mentions CNIL",
            "Les informations recueillies sur ce portail sont nécessaires à l'inscription de "
            "vos enfants aux services municipaux et à leur facturation. Elles sont destinées "
            "au seul service Enfance Jeunesse de la mairie de Batz-sur-Mer.\n\nVous disposez "
            "d'un droit d'accès, de rectification et d'opposition : voir la page "
            '<a href="/mentions-legales">Mentions légales et CNIL</a>.',
        ),
    ),
)


@hookimpl
def portail_content_defaults(tenant):
    return ContentDefaults(
        news_heading=_("Actualités"),
        menu_heading=_("Les informations utiles"),
        sections=(ACCUEILS, INSCRIPTION, TARIFS, OUTILS),
        legal_notice=("<h2>Directeur de la publication</h2><p>Le Maire de Batz-sur-Mer.</p>"),
    )
