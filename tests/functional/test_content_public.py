"""The communes' home pages, news, downloads, information pages and legal page, as visitors,
families and agents see them; ids of another commune are 404."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portail_core.calendar import now_paris
from portail_core.demo.content import demo_pdf
from portail_core.models.content import FAMILIES, PUBLIC, Download, InfoPage, NewsItem
from portail_core.services.content.downloads import DownloadService

BALARUC_PARENT = ("valentina.test@example.org", "Valentina-2019")
BATZ_PARENT = ("famille.aabelium@example.org", "Baptiste-2018")
BALARUC_AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")

BATZ_MENU = {
    "Les accueils périscolaires et extrascolaires": [
        "Le restaurant scolaire",
        "Accueil périscolaire",
        "TAP - temps d'activité périscolaire",
        "Accueil de loisirs",
        'Espace Jeunes "La Hurlette"',
    ],
    "Modalités d'inscription": [
        "Portail Famille",
        "Groupe scolaire Alain Boutle",
        "Ecole Sainte-Marie-Saint Pierre",
        "Collèges et lycées",
    ],
    "Les tarifs": ["Tarifs restauration scolaire", "Tarifs ALSH"],
    "Boîte à outils": [
        "Tutoriel",
        "Projet éducatif de territoire",
        "Fiche d'inscription au portail Famille",
        "Mentions CNIL",
    ],
}


def rows(dbsession, model, tenant_id, *where):
    dbsession.expire_all()
    return dbsession.scalars(
        select(model).where(model.tenant_id == tenant_id, *where).order_by(model.id)
    ).all()


def add_news(dbsession, tenant_id, title, days_ago=0, visibility=PUBLIC, published=True):
    item = NewsItem(
        tenant_id=tenant_id,
        title=title,
        body_html=f"<p>{title} : texte.</p>",
        visibility=visibility,
        published=published,
        published_on=now_paris().date() - timedelta(days=days_ago),
    )
    dbsession.add(item)
    dbsession.commit()
    return item


def test_balaruc_home_reads_like_its_guide(demo_data, balaruc):
    page = balaruc.get("/")
    main = page.html.find("main")
    assert main.find("h1").text == "Bienvenue sur notre portail familles"
    headings = [h.text for h in main.find_all("h2")]
    assert headings == ["Nouvelles", "Téléchargements SEJ"]
    assert "Nouveauté- Mise en place du portail Familles- Rentrée de Janvier 2019" in page.text
    links = [a.text for a in main.select(".download-list a")]
    assert links == [
        "Règlement ALP ALE",
        "Dossier d'inscription ALP-ALE",
        "Plannings d'activités",
        "Menus Restaurant Scolaire",
    ]
    sizes = [span.text for span in main.select(".download-list .muted")]
    assert all(re.fullmatch(r"\(PDF, \d+\u00a0Ko\)", size) for size in sizes), sizes
    # Balaruc's guide shows no information menu; visitors do not see family-only news.
    assert page.html.select("nav.info-menu") == []
    assert "Programme des mercredis et des vacances" not in page.text
    assert "Connexion à votre espace" in page.text and "Contactez-nous" in page.text


def test_batz_home_shows_actualites_and_its_left_column_menu(demo_data, batz):
    page = batz.get("/")
    main = page.html.find("main")
    assert [h.text for h in main.find_all("h2")] == ["Actualités", "Téléchargements SEJ"]
    assert "Bonjour &amp; bienvenue" in page.text or "Bonjour & bienvenue" in main.text
    assert [li.text for li in main.select(".welcome li")][:2] == [
        "Accueil périscolaire",
        "Restaurant scolaire",
    ]
    assert "Le portail Famille est ouvert" in main.text
    menu = page.html.select_one("aside nav.info-menu")
    assert menu.find("h2").text == "Les informations utiles"
    shown = {
        heading.text: [a.text.strip() for a in heading.find_next_sibling("ul").find_all("a")]
        for heading in menu.find_all("h3")
    }
    assert shown == BATZ_MENU
    # The commune's stylesheet puts that column on the left.
    assert "static-batz/batz.css" in page.text
    assert "Nouveauté- Mise en place" not in page.text


def test_family_only_news_shows_once_logged_in(demo_data, balaruc):
    balaruc.login(*BALARUC_PARENT)
    page = balaruc.get("/")
    assert "Programme des mercredis et des vacances" in page.text
    assert "Réservé aux familles" in page.text


def test_future_and_unpublished_news_stay_hidden(demo_data, balaruc, dbsession):
    future = add_news(dbsession, "balaruc", "Annonce de demain", days_ago=-1)
    draft = add_news(dbsession, "balaruc", "Brouillon secret", published=False)
    page = balaruc.get("/")
    assert "Annonce de demain" not in page.text and "Brouillon secret" not in page.text
    balaruc.get(f"/nouvelles/{future.id}", status=404)
    balaruc.get(f"/nouvelles/{draft.id}", status=404)
    # The commune's agents preview them at the same address.
    balaruc.login(*BALARUC_AGENT)
    preview = balaruc.get(f"/nouvelles/{draft.id}")
    assert "seuls les agents voient cette nouvelle" in preview.text


def test_family_only_news_item_asks_visitors_to_log_in(demo_data, balaruc, dbsession):
    item = rows(dbsession, NewsItem, "balaruc", NewsItem.visibility == FAMILIES)[0]
    response = balaruc.get(f"/nouvelles/{item.id}", status=303)
    assert "/connexion?came_from=" in response.location
    balaruc.login(*BALARUC_PARENT)
    assert item.title in balaruc.get(f"/nouvelles/{item.id}").text


def test_home_lists_five_news_and_the_news_page_pages_them(demo_data, balaruc, dbsession):
    for number in range(12):
        add_news(dbsession, "balaruc", f"Nouvelle numéro {number:02d}", days_ago=10 + number)
    home = balaruc.get("/")
    assert len(home.html.select("main .news-item")) == 5
    assert "Toutes les nouvelles" in home.text
    first = balaruc.get("/nouvelles")
    assert len(first.html.select(".news-item")) == 10
    assert "Page 1 sur 2" in first.text
    second = balaruc.get("/nouvelles", {"page": "2"})
    titles = [h.text.strip() for h in second.html.select(".news-title")]
    assert titles == ["Nouvelle numéro 09", "Nouvelle numéro 10", "Nouvelle numéro 11"]
    assert balaruc.get("/nouvelles", {"page": "x"}).status_int == 200


def test_a_download_is_a_pdf_attachment(demo_data, balaruc, dbsession):
    download = rows(dbsession, Download, "balaruc")[0]
    response = balaruc.get(f"/telechargements/{download.id}")
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Reglement-ALP-ALE.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.body.startswith(b"%PDF")
    assert len(response.body) == download.size
    listing = balaruc.get("/telechargements")
    assert [a.text for a in listing.html.select(".download-list a")][0] == "Règlement ALP ALE"


def test_an_unpublished_download_is_for_agents_only(demo_data, balaruc, dbsession, app):
    tenant = app.registry.tenants.get("balaruc")
    service = DownloadService(dbsession, tenant, app.registry.file_store)
    hidden = service.add("Document interne", demo_pdf("Document interne", ["x"]), published=False)
    dbsession.commit()
    assert "Document interne" not in balaruc.get("/").text
    balaruc.get(f"/telechargements/{hidden.id}", status=404)
    balaruc.login(*BALARUC_AGENT)
    assert balaruc.get(f"/telechargements/{hidden.id}").body.startswith(b"%PDF")


def test_information_page_with_its_menu(demo_data, batz, dbsession):
    page = rows(dbsession, InfoPage, "batz", InfoPage.title == "Tarifs ALSH")[0]
    response = batz.get(f"/informations/{page.id}")
    assert response.html.find("h1").text == "Tarifs ALSH"
    assert "quotient familial" in response.text
    current = response.html.select_one('nav.info-menu a[aria-current="page"]')
    assert current.text == "Tarifs ALSH"
    page.published = False
    dbsession.commit()
    batz.get(f"/informations/{page.id}", status=404)
    assert "Tarifs ALSH" not in batz.get("/").text


def test_legal_page_names_the_commune_and_the_cnil(demo_data, balaruc, batz):
    page = balaruc.get("/mentions-legales")
    assert "Mentions légales et CNIL" in page.text
    assert "sej.secretaire@balaruc.example.org" in page.text
    assert "www.cnil.fr" in page.text
    assert "Le Maire de Balaruc-le-Vieux." in page.text
    assert "Le Maire de Batz-sur-Mer." in batz.get("/mentions-legales").text
    # Every public page links to it and to the contact form.
    home = balaruc.get("/")
    assert home.html.select_one('footer a[href$="/mentions-legales"]') is not None
    assert home.html.select_one('footer a[href$="/contactez-nous"]') is not None


@pytest.mark.parametrize(
    ("model", "url"),
    [
        (NewsItem, "/nouvelles/{id}"),
        (Download, "/telechargements/{id}"),
        (InfoPage, "/informations/{id}"),
    ],
)
def test_another_communes_content_is_404(demo_data, balaruc, batz, dbsession, model, url):
    batz_row = rows(dbsession, model, "batz")[0]
    balaruc.get(url.format(id=batz_row.id), status=404)
    # Not even the other commune's agents see it from this host.
    balaruc.login(*BALARUC_AGENT)
    balaruc.get(url.format(id=batz_row.id), status=404)
    batz.get(url.format(id=batz_row.id), status=(200, 303))
    balaruc.get(url.format(id=999999), status=404)


def test_home_page_queries_do_not_grow_with_content(demo_data, balaruc, dbsession, query_counter):
    balaruc.get("/")
    with query_counter as before:
        balaruc.get("/")
    for number in range(15):
        add_news(dbsession, "balaruc", f"Encore une nouvelle {number}", days_ago=number)
    with query_counter as after:
        balaruc.get("/")
    assert after.count == before.count
    assert before.count <= 8  # session, user, news, downloads, menu: a constant few
