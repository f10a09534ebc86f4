"""The interface language: Accept-Language on a first visit, the header's switch, the
choice kept on the account, and a tenant that offers French alone."""

import pytest
from sqlalchemy import select

from portail_core.models.accounts import User
from portail_core.tenant import TenantConfigError

PARENT = ("valentina.test@example.org", "Valentina-2019")


def test_french_by_default_and_english_from_accept_language(demo_data, balaruc):
    page = balaruc.get("/")
    assert 'lang="fr"' in page.text and "Aller au contenu" in page.text
    english = balaruc.get("/", headers={"Accept-Language": "en-GB,en;q=0.8,fr;q=0.5"})
    assert 'lang="en"' in english.text and "Skip to content" in english.text


def test_switch_keeps_the_choice_in_a_cookie_then_on_the_account(demo_data, balaruc, dbsession):
    page = balaruc.get("/")
    form = page.forms["language-switch"]
    response = form.submit("language", value="en")
    assert response.status_int == 303 and response.location.endswith("/")
    assert "Skip to content" in response.follow().text
    balaruc.reset()
    balaruc.login(*PARENT)
    switched = balaruc.get("/mon-compte").forms["language-switch"].submit("language", value="en")
    assert switched.location.endswith("/mon-compte")
    dbsession.expire_all()
    user = dbsession.scalar(select(User).where(User.email == PARENT[0]))
    assert user.language == "en"
    balaruc.reset()  # a new browser: no cookie, but the account remembers
    balaruc.login(*PARENT)
    assert "Sign out" in balaruc.get("/mon-compte").text


def test_switch_refuses_an_offsite_return_and_an_unknown_language(demo_data, balaruc):
    token = balaruc.csrf_token()
    response = balaruc.post(
        "/langue", {"csrf_token": token, "language": "en", "came_from": "https://evil.example/"}
    )
    assert response.location == "http://balaruc.localhost/"
    balaruc.post("/langue", {"csrf_token": token, "language": "xx", "came_from": "/"})
    assert 'lang="fr"' in balaruc.get("/").text


def test_switch_needs_the_csrf_token(demo_data, balaruc):
    balaruc.post("/langue", {"language": "en", "came_from": "/"}, status=400)


def test_a_login_keeps_the_language_browsed_in_on_an_account_without_one(
    demo_data, balaruc, dbsession
):
    balaruc.get("/").forms["language-switch"].submit("language", value="en")
    balaruc.login(*PARENT)
    dbsession.expire_all()
    user = dbsession.scalar(select(User).where(User.email == PARENT[0]))
    assert user.language == "en"  # so that e-mails written to them later are in English


def test_a_french_login_leaves_the_account_without_a_language(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    dbsession.expire_all()
    assert dbsession.scalar(select(User.language).where(User.email == PARENT[0])) is None


def _offering(make_app, tenants_dir, languages):
    """An application where Batz's portal offers ``languages`` (a TOML list)."""
    path = tenants_dir / "batz.toml"
    path.write_text(
        path.read_text().replace("[settings.core]\n", f"[settings.core]\nlanguages = {languages}\n")
    )
    return make_app(**{"portail.tenants_dir": str(tenants_dir)})


def test_a_commune_that_offers_french_alone_has_no_switch_and_answers_in_french(
    demo_data, make_app, tenants_dir, client_for
):
    app = _offering(make_app, tenants_dir, '["fr"]')
    batz = client_for("batz", app)
    page = batz.get("/", headers={"Accept-Language": "en"})
    assert 'lang="fr"' in page.text and "language-switch" not in page.text
    batz.post("/langue", {"csrf_token": batz.csrf_token(), "language": "en", "came_from": "/"})
    assert 'lang="fr"' in batz.get("/").text
    balaruc = client_for("balaruc", app)  # the other commune still offers both
    assert 'lang="en"' in balaruc.get("/", headers={"Accept-Language": "en"}).text


def test_a_commune_can_put_english_first(demo_data, make_app, tenants_dir, client_for):
    batz = client_for("batz", _offering(make_app, tenants_dir, '["en", "fr"]'))
    assert 'lang="en"' in batz.get("/").text  # no Accept-Language: the commune's default
    french = batz.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert 'lang="fr"' in french.text and "Aller au contenu" in french.text


@pytest.mark.parametrize(
    ("languages", "said"), [('["de"]', "langue(s) inconnue(s) : de"), ("[]", "au moins une")]
)
def test_a_language_without_a_catalog_stops_the_start(make_app, tenants_dir, languages, said):
    with pytest.raises(TenantConfigError) as failure:
        _offering(make_app, tenants_dir, languages)
    assert "batz.toml" in str(failure.value) and said in str(failure.value)


def test_the_communes_headings_follow_the_language(demo_data, balaruc, batz):
    """The communes' headings are labels of the portal (their plugin's catalog); the news
    under them stay as the town hall wrote them."""
    english = {"Accept-Language": "en"}
    page = balaruc.get("/", headers=english).text
    assert '<h2 id="news-heading">News</h2>' in page
    assert '<h2 id="downloads-heading">Children and Youth Service downloads</h2>' in page
    page = batz.get("/", headers=english).text
    assert '<h2 id="news-heading">News</h2>' in page and "Useful information" in page
    assert "Le portail Famille est ouvert" in page  # a news item, in French
    assert '<h2 id="news-heading">Actualités</h2>' in batz.get("/").text
