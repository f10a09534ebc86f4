"""Balaruc-le-Vieux's demonstration content: the news and « Téléchargements SEJ » of its guide."""

from portail_core.demo.content import ContentDemo
from portail_core.models.content import FAMILIES


def load(tenant, demo):
    content = ContentDemo(demo)
    content.install_pages()
    content.news(
        "Nouveauté- Mise en place du portail Familles- Rentrée de Janvier 2019",
        "Ce portail vous permettra d'inscrire votre enfant aux ALE et ALP primaires et "
        "maternels, de consulter et de régler vos factures en ligne.\n"
        "Pour obtenir votre accès personnel, vous devez avoir déposé le dossier complet "
        "d'inscription de votre enfant au Service Enfance Jeunesse. Un mail vous sera "
        "automatiquement envoyé.\n\n"
        "Le cas échéant, vous pouvez vous rapprocher du secrétariat du SEJ, 2 bis rue des "
        "rosiers 34540 Balaruc-le-Vieux. 04-67-18-23-64 ou "
        '<a href="mailto:sej.secretaire@balaruc.example.org">'
        "sej.secretaire@balaruc.example.org</a>.",
        days_ago=5,
    )
    content.news(
        "Programme des mercredis et des vacances",
        "Le programme d'activités des ALE est disponible dans « Plannings d'activités ». "
        "Pensez à réserver au minimum 2 jours ouvrés avant la date souhaitée, avant 12:00.",
        days_ago=1,
        visibility=FAMILIES,
    )
    content.download(
        "Règlement ALP ALE",
        [
            "Règlement intérieur des accueils de loisirs périscolaires (ALP) et "
            "extrascolaires (ALE) de Balaruc-le-Vieux.",
            "Les réservations se font sur le portail familles au minimum 2 jours ouvrés "
            "avant la date souhaitée, heure limite 12:00.",
        ],
    )
    content.download(
        "Dossier d'inscription ALP-ALE",
        ["Dossier à compléter et à déposer au Service Enfance Jeunesse, 2 bis rue des Rosiers."],
    )
    content.download(
        "Plannings d'activités",
        ["Les activités des mercredis et des vacances, semaine par semaine."],
    )
    content.download(
        "Menus Restaurant Scolaire",
        ["Les menus du restaurant scolaire, mois par mois."],
    )
