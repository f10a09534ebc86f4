"""Both communes' home pages, information pages and contact form in Chromium, at desktop
width and at 390 px, checked by axe (no serious or critical violation)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOMES = [
    ("balaruc.localhost", "Nouvelles", "Nouveauté- Mise en place du portail Familles"),
    ("batz.localhost", "Actualités", "Le portail Famille est ouvert"),
]


@pytest.mark.parametrize(("host", "news_heading", "news_title"), HOMES)
def test_home_page_reads_like_the_seed(
    demo_data, live_server, page, assert_accessible, host, news_heading, news_title
):
    page.goto(live_server.url(host))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=news_heading, level=2)).to_be_visible()
    expect(main.get_by_role("heading", name="Téléchargements SEJ", level=2)).to_be_visible()
    expect(main.get_by_role("link", name=news_title)).to_be_visible()
    expect(page.get_by_role("heading", name="Connexion à votre espace")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        main.locator(".download-list a").first.click()
    assert download_info.value.suggested_filename.endswith(".pdf")

    main.get_by_role("link", name=news_title).click()
    expect(page.get_by_role("heading", name=news_title, level=1)).to_be_visible()
    assert_accessible(page)


def test_batz_information_menu_in_the_left_column(demo_data, live_server, page, assert_accessible):
    page.goto(live_server.url("batz.localhost"))
    menu = page.get_by_role("navigation", name="Les informations utiles")
    expect(menu.get_by_role("heading", name="Boîte à outils")).to_be_visible()
    main_box = page.get_by_role("main").bounding_box()
    menu_box = menu.bounding_box()
    if page.viewport_size["width"] >= 1000:
        assert menu_box["x"] < main_box["x"]  # the seed's left column
    else:
        assert menu_box["y"] > main_box["y"]  # on a phone, after the content
    menu.get_by_role("link", name="Tarifs ALSH").click()
    expect(page.get_by_role("heading", name="Tarifs ALSH", level=1)).to_be_visible()
    current = page.get_by_role("navigation", name="Les informations utiles").locator(
        "[aria-current=page]"
    )
    assert current.inner_text() == "Tarifs ALSH"
    assert_accessible(page)


def test_contact_form_and_legal_page(demo_data, live_server, page, assert_accessible):
    page.goto(live_server.url("balaruc.localhost"))
    page.locator(".contact-block").get_by_role("link", name="Contactez-nous").click()
    expect(page.get_by_role("heading", name="Contactez-nous", level=1)).to_be_visible()
    form = page.locator("#contact")
    form.get_by_role("button", name="Envoyer le message").click()  # empty: errors shown
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    assert_accessible(page)
    form = page.locator("#contact")
    form.get_by_label("Nom et prénom").fill("Sophie TEST")
    form.get_by_label("Votre adresse e-mail").fill("sophie.test@example.org")
    form.get_by_label("Objet").fill("Inscription")
    form.get_by_label("Votre message").fill("Bonjour, une question.")
    form.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_text("Votre message a bien été envoyé")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Mentions légales et CNIL").click()
    expect(page.get_by_role("heading", name="Vos données personnelles")).to_be_visible()
    assert_accessible(page)


def test_agent_writes_news_with_the_toolbar(demo_data, live_server, page, assert_accessible):
    page.goto(live_server.url("batz.localhost", "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill("sej@batz.example.org")
    form.get_by_label("Mot de passe").fill("Agent-Batz-2018")
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r".*/agents/$"))
    page.get_by_role("link", name="Contenus du portail").click()
    page.get_by_role("link", name="Nouvelles", exact=True).click()
    page.get_by_role("link", name="+ Nouvelle actualité").click()
    assert_accessible(page)
    page.locator("#news").get_by_label("Titre").fill("Fête de l'école")
    body = page.locator("textarea[name=body]")
    body.fill("Samedi")
    body.select_text()
    page.get_by_role("toolbar", name="Mise en forme du texte").get_by_role(
        "button", name="Gras"
    ).click()
    assert body.input_value() == "<strong>Samedi</strong>"
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La nouvelle « Fête de l'école » est enregistrée.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url("batz.localhost"))
    expect(page.locator(".news-body strong", has_text="Samedi")).to_be_visible()
