"""The agents' content tools: news editor, downloads, information pages and menu order;
rich text is sanitised; other communes' ids are 404 and parents are kept out."""

import io

import pytest
from sqlalchemy import select

from portail_core.demo.content import demo_pdf
from portail_core.models.content import FAMILIES, Download, InfoPage, InfoSection, NewsItem
from portail_core.services.content import downloads as downloads_module

BALARUC_AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
BATZ_AGENT = ("sej@batz.example.org", "Agent-Batz-2018")
BALARUC_PARENT = ("valentina.test@example.org", "Valentina-2019")

ATTACKS = (
    '<script>alert("x")</script><p onclick="steal()">Bonjour <b>les familles</b></p>'
    '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">piège</a>'
    '<iframe src="https://evil.example"></iframe><p style="position:fixed">stylé</p>'
    '<a href="https://www.example.org/menu">Menus</a>'
)


def rows(dbsession, model, tenant_id, *where):
    dbsession.expire_all()
    return dbsession.scalars(
        select(model).where(model.tenant_id == tenant_id, *where).order_by(model.id)
    ).all()


def gone(dbsession, model, row_id):
    dbsession.expunge_all()
    return dbsession.get(model, row_id) is None


def assert_neutralised(html):
    lowered = html.lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style=", "<img"):
        assert bad not in lowered, bad
    assert 'alert("x")' not in html


@pytest.fixture
def agent(demo_data, balaruc):
    balaruc.login(*BALARUC_AGENT)
    return balaruc


def test_content_hub_is_in_the_agents_menu(agent):
    page = agent.get("/agents/").click("Contenus du portail")
    for label in ("Nouvelles", "Téléchargements", "Pages d'information", "Messages reçus"):
        assert label in page.text


def test_agent_writes_a_family_only_news_item(agent, dbsession, balaruc):
    form = agent.get("/agents/contenus/nouvelles/nouvelle").forms["news"]
    form["title"] = "Fermeture exceptionnelle"
    form["body"] = "L'accueil sera fermé vendredi.\n\nMerci de votre compréhension."
    form["visibility"] = FAMILIES
    form["published_on"] = "2020-03-02"
    response = form.submit("submit", status=303)
    assert response.location.endswith("/agents/contenus/nouvelles")
    item = rows(dbsession, NewsItem, "balaruc", NewsItem.title == "Fermeture exceptionnelle")[0]
    assert item.visibility == FAMILIES and item.published
    assert str(item.published_on) == "2020-03-02"
    assert item.body_html == (
        "<p>L'accueil sera fermé vendredi.</p><p>Merci de votre compréhension.</p>"
    )
    listing = response.follow()
    assert "Fermeture exceptionnelle" in listing.text and "lun. 02 mars 2020" in listing.text


def test_news_form_errors_keep_what_was_typed(agent, dbsession):
    before = len(rows(dbsession, NewsItem, "balaruc"))
    form = agent.get("/agents/contenus/nouvelles/nouvelle").forms["news"]
    form["title"] = "   "
    form["body"] = "Un texte à garder"
    form["published_on"] = "pas une date"
    page = form.submit("submit", status=200)
    assert "Ce champ est obligatoire." in page.text
    assert "Date invalide" in page.text
    assert page.forms["news"]["body"].value == "Un texte à garder"
    assert len(rows(dbsession, NewsItem, "balaruc")) == before


def test_script_in_news_is_neutralised_on_save_and_render(agent, dbsession, balaruc):
    form = agent.get("/agents/contenus/nouvelles/nouvelle").forms["news"]
    form["title"] = '<script>alert("titre")</script>Info'
    form["body"] = ATTACKS
    form.submit("submit", status=303)
    item = rows(dbsession, NewsItem, "balaruc", NewsItem.title.like("%Info"))[0]
    assert_neutralised(item.body_html)
    assert "<b>les familles</b>" in item.body_html
    assert '<a href="https://www.example.org/menu" rel="noopener noreferrer">' in item.body_html
    home = balaruc.get("/")
    assert_neutralised(home.html.select_one(f"#news-{item.id}").parent.decode())
    # The title is text: escaped, never markup.
    title = home.html.select_one(f"#news-{item.id}")
    assert title.text == '<script>alert("titre")</script>Info'
    assert "&lt;script&gt;" in home.text
    assert '<script>alert("titre")' not in home.text


def test_agent_edits_unpublishes_and_deletes_news(agent, dbsession, balaruc):
    item = rows(dbsession, NewsItem, "balaruc")[0]
    form = agent.get(f"/agents/contenus/nouvelles/{item.id}").forms["news"]
    assert form["title"].value == item.title
    form["title"] = "Titre corrigé"
    form["published"] = False
    form.submit("submit", status=303)
    dbsession.expire_all()
    changed = dbsession.get(NewsItem, item.id)
    assert changed.title == "Titre corrigé" and not changed.published
    agent.logout()
    assert "Titre corrigé" not in balaruc.get("/").text
    balaruc.login(*BALARUC_AGENT)
    confirm = balaruc.get(f"/agents/contenus/nouvelles/{item.id}/suppression")
    assert "Titre corrigé" in confirm.text
    confirm.forms["delete-news"].submit("submit", status=303)
    assert gone(dbsession, NewsItem, item.id)


def upload_form(agent, path="/agents/contenus/telechargements/nouveau", form_id="new-download"):
    return agent.get(path).forms[form_id]


def test_agent_uploads_a_pdf_which_appears_last_on_the_home_page(agent, dbsession, balaruc, app):
    form = upload_form(agent)
    form["upload"] = ("Menus-juin.pdf", demo_pdf("Menus de juin", ["Lundi : poisson"]))
    response = form.submit("submit", status=303)
    assert response.location.endswith("/agents/contenus/telechargements")
    download = rows(dbsession, Download, "balaruc")[-1]
    assert download.title == "Menus-juin"  # no title typed: the file's name
    assert download.content_type == "application/pdf"
    assert app.registry.file_store.read(download.file_key).startswith(b"%PDF")
    assert download.file_key.startswith("balaruc/")
    links = [a.text for a in balaruc.get("/").html.select(".download-list a")]
    assert links[-1] == "Menus-juin"


def test_an_executable_renamed_pdf_is_refused(agent, dbsession):
    before = len(rows(dbsession, Download, "balaruc"))
    form = upload_form(agent)
    form["title"] = "Pas un PDF"
    form["upload"] = ("programme.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    page = form.submit("submit", status=200)
    assert "Ce fichier n'est pas d'un format accepté (.pdf)." in page.text
    assert page.forms["new-download"]["title"].value == "Pas un PDF"
    assert len(rows(dbsession, Download, "balaruc")) == before


def test_a_pdf_over_10_mo_is_refused(agent, dbsession, monkeypatch):
    before = len(rows(dbsession, Download, "balaruc"))
    data = demo_pdf("Gros", ["x"])
    # The limit is 10 Mo; lowering it keeps the test light while crossing it by one byte.
    monkeypatch.setattr(downloads_module, "MAX_SIZE", len(data) - 1)
    form = upload_form(agent)
    form["upload"] = ("gros.pdf", data)
    page = form.submit("submit", status=200)
    assert "Le fichier dépasse 10 Mo" in page.text
    assert len(rows(dbsession, Download, "balaruc")) == before


def test_ten_mo_exactly_is_accepted_and_one_more_byte_is_not():
    pdf = demo_pdf("Limite", ["x"])
    exactly = pdf + b"\n" * (downloads_module.MAX_SIZE - len(pdf))
    assert downloads_module.read_upload(io.BytesIO(exactly)) == exactly
    assert downloads_module.check_pdf(exactly) == "application/pdf"
    with pytest.raises(downloads_module.StorageError):
        downloads_module.read_upload(io.BytesIO(exactly + b"\n"))


def test_agent_renames_replaces_reorders_unpublishes_and_deletes_a_download(
    agent, dbsession, app, balaruc
):
    first, second = rows(dbsession, Download, "balaruc")[:2]
    old_key = second.file_key
    form = upload_form(agent, f"/agents/contenus/telechargements/{second.id}", "edit-download")
    form["title"] = "Dossier d'inscription 2019"
    form["upload"] = ("nouveau.pdf", demo_pdf("Nouveau dossier", ["x"]))
    form.submit("submit", status=303)
    dbsession.expire_all()
    edited = dbsession.get(Download, second.id)
    assert edited.title == "Dossier d'inscription 2019" and edited.file_key != old_key
    with pytest.raises(FileNotFoundError):
        app.registry.file_store.read(old_key)  # the replaced file is gone after commit

    page = agent.get("/agents/contenus/telechargements")
    row = page.html.select_one(f"#download-{second.id}")
    assert "Monter" in row.text
    agent.post(
        f"/agents/contenus/telechargements/{second.id}/ordre",
        {"csrf_token": agent.csrf_token(), "direction": "up"},
        status=303,
    )
    titles = [d.title for d in rows(dbsession, Download, "balaruc")]
    order = sorted(rows(dbsession, Download, "balaruc"), key=lambda d: d.position)
    assert [d.id for d in order][:2] == [second.id, first.id], titles
    links = [a.text for a in balaruc.get("/").html.select(".download-list a")]
    assert links[:2] == ["Dossier d'inscription 2019", "Règlement ALP ALE"]

    form = upload_form(agent, f"/agents/contenus/telechargements/{first.id}", "edit-download")
    form["published"] = False
    form.submit("submit", status=303)
    agent.logout()
    assert "Règlement ALP ALE" not in balaruc.get("/").text

    balaruc.login(*BALARUC_AGENT)
    key = edited.file_key
    confirm = balaruc.get(f"/agents/contenus/telechargements/{second.id}/suppression")
    confirm.forms["delete-download"].submit("submit", status=303)
    assert gone(dbsession, Download, second.id)
    with pytest.raises(FileNotFoundError):
        app.registry.file_store.read(key)


def test_moving_with_a_bad_direction_is_404(agent, dbsession):
    download = rows(dbsession, Download, "balaruc")[0]
    agent.post(
        f"/agents/contenus/telechargements/{download.id}/ordre",
        {"csrf_token": agent.csrf_token(), "direction": "sideways"},
        status=404,
    )


def test_agent_installs_the_proposed_pages_once(demo_data, batz, dbsession):
    for section in rows(dbsession, InfoSection, "batz"):
        for page in section.pages:
            dbsession.delete(page)
        dbsession.delete(section)
    dbsession.commit()
    batz.login(*BATZ_AGENT)
    page = batz.get("/agents/contenus/pages")
    assert "La commune propose 4 rubriques" in page.text
    form = next(f for f in page.forms.values() if f.action.endswith("/pages-proposees"))
    form.submit(status=303)
    assert len(rows(dbsession, InfoPage, "batz")) == 15
    batz.post(
        "/agents/contenus/pages/pages-proposees", {"csrf_token": batz.csrf_token()}, status=303
    )
    assert len(rows(dbsession, InfoPage, "batz")) == 15
    sections = sorted(rows(dbsession, InfoSection, "batz"), key=lambda s: s.position)
    assert sections[0].title == "Les accueils périscolaires et extrascolaires"


def test_agent_builds_a_menu_section_and_pages(agent, dbsession, balaruc):
    page = agent.get("/agents/contenus/pages")
    assert "Le menu d'informations est vide" in page.text
    assert "Créer les pages proposées" not in page.text  # Balaruc proposes none
    # A page needs a section first.
    assert agent.get("/agents/contenus/pages/nouvelle", status=303).location.endswith(
        "/agents/contenus/rubriques/nouvelle"
    )
    form = agent.get("/agents/contenus/rubriques/nouvelle").forms["section"]
    form["title"] = "Informations pratiques"
    form.submit("submit", status=303)
    section = rows(dbsession, InfoSection, "balaruc")[0]
    for title in ("Horaires", "Tarifs"):
        form = agent.get(f"/agents/contenus/pages/nouvelle?rubrique={section.id}").forms["page"]
        assert form["section_id"].value == str(section.id)
        form["title"] = title
        form["body"] = f"{title} de l'accueil."
        form.submit("submit", status=303)
    horaires, tarifs = rows(dbsession, InfoPage, "balaruc")
    assert (horaires.position, tarifs.position) == (0, 1)
    agent.post(
        f"/agents/contenus/pages/{tarifs.id}/ordre",
        {"csrf_token": agent.csrf_token(), "direction": "up"},
        status=303,
    )
    menu = balaruc.get("/").html.select_one("nav.info-menu")
    assert [a.text.strip() for a in menu.find_all("a")] == ["Tarifs", "Horaires"]
    assert menu.find("h3").text == "Informations pratiques"


def test_script_in_an_information_page_is_neutralised(demo_data, batz, dbsession):
    batz.login(*BATZ_AGENT)
    page = rows(dbsession, InfoPage, "batz", InfoPage.title == "Tutoriel")[0]
    form = batz.get(f"/agents/contenus/pages/{page.id}").forms["page"]
    form["body"] = ATTACKS
    form["title"] = 'Tutoriel <img src=x onerror="alert(1)">'
    form.submit("submit", status=303)
    dbsession.expire_all()
    stored = dbsession.get(InfoPage, page.id)
    assert_neutralised(stored.body_html)
    shown = batz.get(f"/informations/{page.id}")
    assert_neutralised(shown.html.select_one(".rich-text-content").decode())
    assert shown.html.find("h1").text == 'Tutoriel <img src=x onerror="alert(1)">'
    assert '<img src=x onerror="alert(1)">' not in shown.text


def test_agent_moves_a_page_to_another_section_and_deletes_sections(demo_data, batz, dbsession):
    batz.login(*BATZ_AGENT)
    page = rows(dbsession, InfoPage, "batz", InfoPage.title == "Tarifs ALSH")[0]
    outils = rows(dbsession, InfoSection, "batz", InfoSection.title == "Boîte à outils")[0]
    form = batz.get(f"/agents/contenus/pages/{page.id}").forms["page"]
    form["section_id"] = str(outils.id)
    form.submit("submit", status=303)
    dbsession.expire_all()
    moved = dbsession.get(InfoPage, page.id)
    assert moved.section_id == outils.id and moved.position == 4
    # A section that still has pages is not deleted.
    confirm = batz.get(f"/agents/contenus/rubriques/{outils.id}/suppression")
    refused = confirm.forms["delete-section"].submit("submit", status=200)
    assert "contient encore des pages" in refused.text
    assert dbsession.get(InfoSection, outils.id) is not None
    tarifs = rows(dbsession, InfoSection, "batz", InfoSection.title == "Les tarifs")[0]
    last = tarifs.pages[0]
    batz.get(f"/agents/contenus/pages/{last.id}/suppression").forms["delete-page"].submit(
        "submit", status=303
    )
    batz.get(f"/agents/contenus/rubriques/{tarifs.id}/suppression").forms["delete-section"].submit(
        "submit", status=303
    )
    assert gone(dbsession, InfoSection, tarifs.id)
    menu = batz.get("/").html.select_one("nav.info-menu")
    assert "Les tarifs" not in [h.text for h in menu.find_all("h3")]


def test_agent_renames_and_reorders_sections(demo_data, batz, dbsession):
    batz.login(*BATZ_AGENT)
    sections = sorted(rows(dbsession, InfoSection, "batz"), key=lambda s: s.position)
    form = batz.get(f"/agents/contenus/rubriques/{sections[3].id}").forms["section"]
    form["title"] = "Outils et documents"
    form.submit("submit", status=303)
    batz.post(
        f"/agents/contenus/rubriques/{sections[3].id}/ordre",
        {"csrf_token": batz.csrf_token(), "direction": "up"},
        status=303,
    )
    menu = batz.get("/").html.select_one("nav.info-menu")
    assert [h.text for h in menu.find_all("h3")][2:] == ["Outils et documents", "Les tarifs"]


AGENT_URLS = [
    "/agents/contenus",
    "/agents/contenus/nouvelles",
    "/agents/contenus/nouvelles/nouvelle",
    "/agents/contenus/telechargements",
    "/agents/contenus/telechargements/nouveau",
    "/agents/contenus/pages",
    "/agents/contenus/rubriques/nouvelle",
    "/agents/contenus/messages",
]


@pytest.mark.parametrize("url", AGENT_URLS)
def test_parents_and_visitors_cannot_reach_the_content_tools(demo_data, balaruc, url):
    response = balaruc.get(url, expect_errors=True)
    assert response.status_int == 303 and "/connexion" in response.location
    balaruc.login(*BALARUC_PARENT)
    assert balaruc.get(url, expect_errors=True).status_int in (403, 404)


@pytest.mark.parametrize(
    ("model", "urls"),
    [
        (
            NewsItem,
            ["/agents/contenus/nouvelles/{id}", "/agents/contenus/nouvelles/{id}/suppression"],
        ),
        (
            Download,
            [
                "/agents/contenus/telechargements/{id}",
                "/agents/contenus/telechargements/{id}/suppression",
            ],
        ),
        (InfoPage, ["/agents/contenus/pages/{id}", "/agents/contenus/pages/{id}/suppression"]),
        (
            InfoSection,
            ["/agents/contenus/rubriques/{id}", "/agents/contenus/rubriques/{id}/suppression"],
        ),
    ],
)
def test_an_agent_cannot_touch_another_communes_content(agent, dbsession, model, urls):
    other = rows(dbsession, model, "batz")[0]
    for url in urls:
        agent.get(url.format(id=other.id), status=404)
    token = agent.csrf_token()
    agent.post(urls[1].format(id=other.id), {"csrf_token": token, "submit": "submit"}, status=404)
    moves = {
        Download: "/agents/contenus/telechargements/{id}/ordre",
        InfoPage: "/agents/contenus/pages/{id}/ordre",
        InfoSection: "/agents/contenus/rubriques/{id}/ordre",
    }
    if model in moves:
        agent.post(
            moves[model].format(id=other.id), {"csrf_token": token, "direction": "up"}, status=404
        )
    dbsession.expire_all()
    assert dbsession.get(model, other.id) is not None


def test_another_communes_section_cannot_be_chosen_for_a_page(agent, dbsession):
    form = agent.get("/agents/contenus/rubriques/nouvelle").forms["section"]
    form["title"] = "Rubrique"
    form.submit("submit", status=303)
    foreign = rows(dbsession, InfoSection, "batz")[0]
    token = agent.csrf_token()
    page = agent.post(
        "/agents/contenus/pages/nouvelle",
        {
            "csrf_token": token,
            "title": "Intruse",
            "section_id": str(foreign.id),
            "body": "x",
            "submit": "submit",
        },
        status=200,
    )
    assert "Choisissez une rubrique." in page.text
    assert rows(dbsession, InfoPage, "balaruc") == []
