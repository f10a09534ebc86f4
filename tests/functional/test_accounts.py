"""Accounts end to end: activation, login, logout, forgotten password, changes of e-mail
and password, throttling; every check reads what the database holds afterwards."""

import re

import pytest
from sqlalchemy import func, select

from portail_core.models.accounts import RateLimitHit, User
from portail_core.models.family import Family

PARENT = ("valentina.test@example.org", "Valentina-2019")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


def link_in(message, path):
    match = re.search(rf"https?://\S+{path}/\S+", message.body)
    assert match, message.body
    return match.group(0).split("balaruc.localhost", 1)[1]


def user(dbsession, email, tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalar(select(User).where(User.tenant_id == tenant_id, User.email == email))


def test_parent_logs_in_sees_account_and_logs_out(demo_data, balaruc):
    response = balaruc.login(*PARENT)
    assert response.location.endswith("/mon-compte")
    page = response.follow()
    assert "Informations du compte" in page.text
    assert "TEST" in page.text and "VALENTINA" in page.text
    assert "Déconnexion" in page.text and "Visiteur" not in page.text
    home = balaruc.logout().follow()
    assert "Visiteur" in home.text
    assert balaruc.get("/mon-compte", status=303).location.startswith(
        "http://balaruc.localhost/connexion"
    )


def test_session_cookie_is_httponly_and_samesite(demo_data, balaruc):
    response = balaruc.login(*PARENT)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_batz_login_fails_on_balaruc_host(demo_data, balaruc, batz):
    page = balaruc.login("famille.aabelium@example.org", "Baptiste-2018", status=200)
    assert "Identifiant ou mot de passe incorrect." in page.text
    assert batz.login("famille.aabelium@example.org", "Baptiste-2018").status_int == 303


def test_wrong_password_keeps_the_login_typed(demo_data, balaruc, dbsession):
    page = balaruc.login(PARENT[0], "mauvais", status=200)
    assert "Identifiant ou mot de passe incorrect." in page.text
    assert page.forms["login"]["login"].value == PARENT[0]
    assert page.forms["login"]["password"].value == ""
    failures = dbsession.scalar(select(func.count(RateLimitHit.id)))
    assert failures == 2  # one for the account, one for the address


def test_login_is_throttled_per_account_with_a_french_message(demo_data, balaruc, client_for):
    for _ in range(5):
        balaruc.login(PARENT[0], "mauvais", status=200)
    page = balaruc.login(*PARENT, status=429)
    assert (
        "Trop de tentatives de connexion" in page.text and "réessayez dans 15 minutes" in page.text
    )
    assert 890 <= int(page.headers["Retry-After"]) <= 900
    assert page.forms["login"]["login"].value == PARENT[0]
    # Another account from the same address is not affected: no global cap.
    assert balaruc.login(*AGENT).status_int == 303


def test_login_is_throttled_per_address(demo_data, app, client_for):
    client = client_for("balaruc")
    for index in range(30):
        client.login(f"inconnu{index}@example.org", "mauvais", status=200)
    assert "Trop de tentatives" in client.login(*PARENT, status=429).text
    other = client_for("balaruc")
    other.extra_environ["REMOTE_ADDR"] = "192.0.2.99"
    assert other.login(*PARENT).status_int == 303


def test_post_without_csrf_token_is_refused(demo_data, balaruc):
    response = balaruc.post(
        "/connexion", {"login": PARENT[0], "password": PARENT[1], "submit": "1"}, status=400
    )
    assert "Formulaire expiré" in response.text


def test_security_headers_and_strict_csp(balaruc):
    response = balaruc.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.text and "style=" not in response.text


def test_agent_creates_family_and_parent_activates_account(
    demo_data, balaruc, client_for, mailbox, dbsession
):
    balaruc.login(*AGENT)
    form = balaruc.get("/agents/familles/nouvelle").forms["new-family"]
    form["family_name"] = "Martin"
    form["first_name"] = "Léa"
    form["last_name"] = "MARTIN"
    form["email"] = "Lea.Martin@example.org"
    form.submit("submit", status=303)
    family = dbsession.scalar(select(Family).where(Family.name == "MARTIN"))
    assert family is not None and family.tenant_id == "balaruc"
    parent = user(dbsession, "lea.martin@example.org")
    assert parent.family_id == family.id and parent.password_hash is None
    (message,) = mailbox
    assert message.recipients == ["lea.martin@example.org"]
    assert "mot de passe" in message.body and "Valentina" not in message.body
    path = link_in(message, "/activation")

    visitor = client_for("balaruc")
    form = visitor.get(path).forms["activation"]
    form["password"] = "Nouveau-Compte-1"
    form["confirm"] = "Nouveau-Compte-1"
    assert form.submit("submit", status=303).location.endswith("/mon-compte")
    assert user(dbsession, "lea.martin@example.org").activated_at is not None
    visitor.get(path, status=410)  # single use
    visitor.logout()
    assert visitor.login("lea.martin@example.org", "Nouveau-Compte-1").status_int == 303


def test_activation_refuses_weak_or_mismatched_passwords(demo_data, app, client_for, dbsession):
    from portail_core.services.accounts.lifecycle import ACTIVATION, AccountService

    service = AccountService(dbsession, "balaruc")
    agent = service.create_agent("nouvel.agent@example.org", "Nouvel", "AGENT")
    issued = service.issue_token(agent, ACTIVATION)
    dbsession.commit()
    visitor = client_for("balaruc")
    form = visitor.get(f"/activation/{issued.token}").forms["activation"]
    form["password"] = "court"
    form["confirm"] = "autre"
    page = form.submit("submit", status=200)
    assert "au moins 12 caractères" in page.text
    form = page.forms["activation"]
    form["password"] = "Qwerty123456"
    form["confirm"] = "Qwerty123456"
    page = form.submit("submit", status=200)
    assert "mots de passe les plus courants" in page.text
    form = page.forms["activation"]
    form["password"] = "Assez-Long-2026"
    form["confirm"] = "Different-2026"
    assert "ne sont pas identiques" in form.submit("submit", status=200).text
    assert user(dbsession, "nouvel.agent@example.org").password_hash is None


def test_expired_activation_link_is_refused(demo_data, client_for, dbsession):
    from datetime import timedelta

    from portail_core.models.types import utcnow
    from portail_core.services.accounts.lifecycle import ACTIVATION, AccountService

    service = AccountService(dbsession, "balaruc")
    agent = service.create_agent("tard@example.org", "Trop", "TARD")
    issued = service.issue_token(agent, ACTIVATION)
    issued.record.expires_at = utcnow() - timedelta(seconds=1)
    dbsession.commit()
    page = client_for("balaruc").get(f"/activation/{issued.token}", status=410)
    assert "n'est plus valable" in page.text


def test_forgotten_password_same_answer_and_reset(demo_data, balaruc, client_for, mailbox):
    def ask(email):
        form = balaruc.get("/mot-de-passe-oublie").forms["forgot"]
        form["email"] = email
        return form.submit("submit", status=303).follow()

    unknown = ask("personne@example.org")
    known = ask(PARENT[0])
    message = "Si un compte correspond à cette adresse"
    assert message in unknown.text and message in known.text
    (mail,) = mailbox
    assert mail.recipients == [PARENT[0]]
    assert "Valentina-2019" not in mail.body
    path = link_in(mail, "/reinitialiser")
    form = client_for("balaruc").get(path).forms["reset"]
    form["password"] = "Nouveau-Mot-2026"
    form["confirm"] = "Nouveau-Mot-2026"
    form.submit("submit", status=303)
    fresh = client_for("balaruc")
    assert fresh.login(*PARENT, status=200).status_int == 200
    assert fresh.login(PARENT[0], "Nouveau-Mot-2026").status_int == 303


def test_change_password_checks_current_and_ends_other_sessions(demo_data, client_for, mailbox):
    first = client_for("balaruc")
    second = client_for("balaruc")
    first.login(*PARENT)
    second.login(*PARENT)
    form = first.get("/mon-compte/mot-de-passe").forms["change-password"]
    form["current"] = "faux"
    form["password"] = "Encore-Nouveau-2026"
    form["confirm"] = "Encore-Nouveau-2026"
    page = form.submit("submit", status=200)
    assert "Le mot de passe actuel est incorrect." in page.text
    form = page.forms["change-password"]
    form["current"] = PARENT[1]
    form["password"] = "Encore-Nouveau-2026"
    form["confirm"] = "Encore-Nouveau-2026"
    form.submit("submit", status=303)
    assert first.get("/mon-compte").status_int == 200
    second.get("/mon-compte", status=303)  # its session held the old stamp
    assert [m.subject for m in mailbox] == [
        "[Ville de Balaruc le Vieux] Votre mot de passe a été modifié"
    ]


def test_change_email_is_confirmed_by_a_link_to_the_new_address(
    demo_data, balaruc, client_for, mailbox, dbsession
):
    balaruc.login(*PARENT)
    form = balaruc.get("/mon-compte/identifiant").forms["change-email"]
    form["new_email"] = "sans-arobase"
    form["password"] = PARENT[1]
    page = form.submit("submit", status=200)
    assert "Adresse e-mail invalide" in page.text
    assert page.forms["change-email"]["new_email"].value == "sans-arobase"
    form = page.forms["change-email"]
    form["new_email"] = "valentina.nouvelle@example.org"
    form["password"] = PARENT[1]
    form.submit("submit", status=303)
    assert user(dbsession, PARENT[0]) is not None  # unchanged until confirmed
    (mail,) = mailbox
    assert mail.recipients == ["valentina.nouvelle@example.org"]
    path = link_in(mail, "/mon-compte/identifiant")
    confirm = client_for("balaruc").get(path).forms["confirm-email"]
    confirm.submit("submit", status=303)
    assert user(dbsession, "valentina.nouvelle@example.org") is not None
    assert user(dbsession, PARENT[0]) is None
    assert mailbox[-1].recipients == [PARENT[0]]  # the old address is told
    assert (
        client_for("balaruc").login("valentina.nouvelle@example.org", PARENT[1]).status_int == 303
    )


def test_roles_parent_cannot_reach_agents_area(demo_data, balaruc):
    balaruc.login(*PARENT)
    assert balaruc.get("/agents/", status=403).status_int == 403
    balaruc.get("/agents/familles", status=403)


def test_anonymous_is_sent_to_login_from_agents_area(balaruc):
    response = balaruc.get("/agents/", status=303)
    assert "/connexion?came_from=%2Fagents%2F" in response.location


def test_admin_manages_agent_accounts(demo_data, balaruc, mailbox, dbsession):
    balaruc.login(*AGENT)
    form = balaruc.get("/agents/comptes/nouveau").forms["new-agent"]
    form["first_name"] = "Paul"
    form["last_name"] = "DURAND"
    form["email"] = "paul.durand@example.org"
    form["role"] = "agent"
    form.submit("submit", status=303)
    agent = user(dbsession, "paul.durand@example.org")
    assert agent.role == "agent" and agent.password_hash is None
    assert mailbox[0].recipients == ["paul.durand@example.org"]
    page = balaruc.get("/agents/comptes")
    toggle = next(f for f in page.forms.values() if f.action.endswith(f"/{agent.id}/activation"))
    toggle.submit(status=303)
    assert user(dbsession, "paul.durand@example.org").active is False


def test_plain_agent_cannot_manage_agents(demo_data, client_for, dbsession):
    from portail_core.demo.builder import DemoBuilder

    tenant = demo_data.get("balaruc")
    DemoBuilder(dbsession, tenant).agent(
        "simple@example.org", "Simple-Agent-2026", "Simple", "AGENT", role="agent"
    )
    dbsession.commit()
    client = client_for("balaruc")
    client.login("simple@example.org", "Simple-Agent-2026")
    assert client.get("/agents/").status_int == 200
    client.get("/agents/comptes", status=403)


def test_agent_of_one_commune_cannot_toggle_another_communes_agent(demo_data, balaruc, dbsession):
    batz_agent = user(dbsession, "sej@batz.example.org", "batz")
    balaruc.login(*AGENT)
    balaruc.post(
        f"/agents/comptes/{batz_agent.id}/activation",
        {"csrf_token": balaruc.csrf_token()},
        status=404,
    )
    assert user(dbsession, "sej@batz.example.org", "batz").active is True


@pytest.fixture
def operator(app):
    from webtest import TestApp

    return TestApp(app, extra_environ={"HTTP_HOST": "operateur.localhost"})


def test_operator_page_lists_plugins_and_tenants(demo_data, operator, balaruc):
    operator.get("/-/plugins", status=303)
    form = operator.get("/-/connexion").forms["operator-login"]
    form["login"] = "operateur@example.org"
    form["password"] = "Operateur-Demo-2026"
    form.submit("submit", status=303)
    data = operator.get("/-/plugins.json").json
    plugins = {plugin["id"]: plugin for plugin in data["plugins"]}
    assert plugins["commune_balaruc"]["tenants"] == ["balaruc"]
    assert plugins["commune_batz"]["distribution"] == "portail-commune-batz"
    assert "portail_branding" in plugins["commune_batz"]["hooks"]
    assert "Plugins installés" in operator.get("/-/plugins").text
    balaruc.get("/-/plugins", status=404)  # only on the operator's host
    operator.get("/", status=404)


def test_password_reset_requests_are_rate_limited(demo_data, balaruc, client_for, mailbox):
    def ask(client, email):
        form = client.get("/mot-de-passe-oublie").forms["forgot"]
        form["email"] = email
        return form.submit("submit", expect_errors=True)

    for _ in range(3):
        assert ask(balaruc, PARENT[0]).status_int == 303
    refused = ask(balaruc, PARENT[0])
    assert refused.status_int == 429 and int(refused.headers["Retry-After"]) > 3000
    assert "Plusieurs liens ont déjà été demandés" in refused.text
    assert refused.forms["forgot"]["email"].value == PARENT[0]
    assert len(mailbox) == 3
    other = client_for("balaruc")
    other.extra_environ["REMOTE_ADDR"] = "192.0.2.77"
    assert ask(other, AGENT[0]).status_int == 303  # another account, another address


def test_links_tried_from_one_address_are_rate_limited(demo_data, balaruc):
    for index in range(30):
        balaruc.get(f"/activation/jeton-invente-{index}", status=410)
    page = balaruc.get("/reinitialiser/encore-un", status=429)
    assert "Trop de tentatives" in page.text and page.headers["Retry-After"]
