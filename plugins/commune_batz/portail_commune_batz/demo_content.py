"""Batz-sur-Mer's demonstration content: its information pages, news and downloads."""

from portail_core.demo.content import ContentDemo
from portail_core.models.content import FAMILIES


def load(tenant, demo):
    content = ContentDemo(demo)
    content.install_pages()
    content.news(
        "Le portail Famille est ouvert",
        "A partir du 15 février 2018, le portail Famille vous permet d'inscrire vos "
        "enfants et de payer vos factures 7j/7 et 24h/24, selon votre disponibilité.\n\n"
        "Saisissez votre identifiant (votre adresse mail) puis votre mot de passe dans le "
        "bloc « Connexion à votre espace ». En cas d'oubli, cliquez sur « Identifiant ou "
        "Mot de passe oublié ? ».",
        days_ago=12,
    )
    content.news(
        "Accueil de loisirs : les réservations des vacances sont ouvertes",
        "Les demandes de réservation pour les prochaines vacances se font dans "
        "« + Nouvelle réservation », établissement ACCUEIL DE LOISIRS. Elles sont traitées "
        "par le service Enfance Jeunesse dans l'ordre d'arrivée.",
        days_ago=2,
        visibility=FAMILIES,
    )
    content.download(
        "Tutoriel du portail Famille",
        [
            "Le Portail Famille à portée de clics !",
            "La famille, l'enfant, les réservations, les factures, le paiement en ligne, "
            "les pièces jointes et les informations utiles, pas à pas.",
        ],
    )
    content.download(
        "Fiche d'inscription au portail Famille",
        [
            "Nom et prénom des responsables légaux, adresse, téléphones, adresse mail.",
            "Enfants : nom, prénom, date et lieu de naissance, école fréquentée.",
        ],
    )
    content.download(
        "Menus du restaurant scolaire",
        ["Les menus du mois, élaborés avec une diététicienne."],
    )
