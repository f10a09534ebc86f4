"""The interface language: Accept-Language on a first visit, the header's switch, the
choice kept on the account, and a tenant that offers French alone."""

from sqlalchemy import select

from portail_core.models.accounts import User

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
