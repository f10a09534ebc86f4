"""Two-step login end to end: enrolment on « Sécurité du compte », the code after the
password, reused and wrong codes, recovery codes, turning it off, the commune's rule that
makes it mandatory for agents, the administrator's reset, the operator; on the database."""

import re
import time

import pyotp
import pytest
from sqlalchemy import func, select
from webtest import TestApp

from portail_core.models.accounts import RecoveryCode, User

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
PARENT = ("valentina.test@example.org", "Valentina-2019")


def account(dbsession, email, tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalar(select(User).where(User.tenant_id == tenant_id, User.email == email))


def code_at(secret, offset_steps=0):
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def shown_secret(page):
    match = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.text)
    assert match, page.text
    return match.group(1).replace(" ", "")


def shown_codes(page):
    return re.findall(r"<li><code>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})</code></li>", page.text)


def enrol(client, path="/agents/securite", form_id="two-step-security"):
    page = client.get(path)
    assert 'src="data:image/svg+xml' in page.text  # the QR code, allowed by img-src data:
    secret = shown_secret(page)
    form = page.forms[form_id]
    form["code"] = code_at(secret)
    done = form.submit("activate", status=200)
    codes = shown_codes(done)
    assert len(codes) == 10 and "ne seront plus jamais affichés" in done.text
    return secret, codes


def second_step(client, code, status=303):
    form = client.get("/connexion/code").forms["two-step"]
    form["code"] = code
    return form.submit("submit", status=status)


def test_an_agent_enrols_and_then_logs_in_with_a_code(demo_data, balaruc, client_for, dbsession):
    balaruc.login(*AGENT)
    assert "Sécurité du compte" in balaruc.get("/agents/").text
    page = balaruc.get("/agents/securite")
    form = page.forms["two-step-security"]
    form["code"] = "000000"
    refused = form.submit("activate", status=200)
    assert "Ce code ne correspond pas" in refused.text
    secret, codes = enrol(balaruc)
    agent = account(dbsession, AGENT[0])
    assert agent.totp_enabled_at is not None and agent.totp_secret == secret
    stored = dbsession.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only digests are kept
    assert secret not in balaruc.get("/agents/securite").text  # never shown again

    visitor = client_for("balaruc")
    response = visitor.login(*AGENT)
    assert response.location.endswith("/connexion/code")
    # Half logged in: no agent page, no account page.
    assert visitor.get("/agents/", status=303).location.startswith(
        "http://balaruc.localhost/connexion"
    )
    assert visitor.get("/mon-compte", status=303)
    page = second_step(visitor, code_at(secret, -1), status=200)  # the enrolment's step
    assert "Ce code n'est pas valable" in page.text
    assert second_step(visitor, code_at(secret, 1)).location.endswith("/agents/")  # ±1 step
    assert visitor.get("/agents/").status_int == 200

    again = client_for("balaruc")
    again.login(*AGENT)
    assert "pas valable" in second_step(again, code_at(secret, 1), status=200).text  # reused


def test_a_recovery_code_serves_once(demo_data, balaruc, client_for, dbsession):
    balaruc.login(*AGENT)
    _, codes = enrol(balaruc)
    visitor = client_for("balaruc")
    visitor.login(*AGENT)
    second_step(visitor, codes[0].upper())
    assert "il vous en reste 9" in visitor.get("/agents/").text
    other = client_for("balaruc")
    other.login(*AGENT)
    assert "pas valable" in second_step(other, codes[0], status=200).text


def test_wrong_codes_are_rate_limited(demo_data, balaruc, client_for):
    balaruc.login(*AGENT)
    secret, _ = enrol(balaruc)
    visitor = client_for("balaruc")
    visitor.login(*AGENT)
    for _ in range(5):
        second_step(visitor, "123456", status=200)
    page = second_step(visitor, code_at(secret, 1), status=429)
    assert "Trop de codes erronés" in page.text and page.headers["Retry-After"]


def test_the_second_step_expires_and_needs_the_password_first(demo_data, balaruc):
    page = balaruc.get("/connexion/code", status=303).follow()
    assert "identifiez-vous de nouveau" in page.text


def test_turning_it_off_asks_for_a_current_code(demo_data, balaruc, dbsession):
    balaruc.login(*AGENT)
    secret, _ = enrol(balaruc)
    form = balaruc.get("/agents/securite").forms["two-step-security"]
    form["code"] = "999999"
    assert "pas valable" in form.submit("disable", status=200).text
    assert account(dbsession, AGENT[0]).two_step_enabled
    form["code"] = code_at(secret, 1)
    form.submit("disable", status=303)
    agent = account(dbsession, AGENT[0])
    assert not agent.two_step_enabled and agent.totp_secret is None
    assert dbsession.scalar(select(func.count(RecoveryCode.id))) == 0


def test_new_recovery_codes_replace_the_old_ones(demo_data, balaruc, client_for):
    balaruc.login(*AGENT)
    secret, old = enrol(balaruc)
    form = balaruc.get("/agents/securite").forms["two-step-security"]
    form["code"] = code_at(secret, 1)
    new = shown_codes(form.submit("codes", status=200))
    assert len(new) == 10 and not set(new) & set(old)
    visitor = client_for("balaruc")
    visitor.login(*AGENT)
    assert "pas valable" in second_step(visitor, old[1], status=200).text
    assert second_step(visitor, new[1]).status_int == 303


@pytest.fixture
def required_app(make_app, tenants_dir):
    path = tenants_dir / "balaruc.toml"
    path.write_text(path.read_text() + '\n[settings.core.security]\nagents_mfa = "required"\n')
    return make_app(**{"portail.tenants_dir": str(tenants_dir)})


def test_a_commune_can_require_it_of_its_agents(demo_data, required_app, client_for, dbsession):
    agent = client_for("balaruc", required_app)
    response = agent.login(*AGENT)
    assert response.location.endswith("/connexion/validation-en-deux-etapes")
    assert agent.get("/agents/", status=303)  # nothing else until enrolled
    assert agent.get("/agents/familles", status=303)
    page = agent.get("/connexion/validation-en-deux-etapes")
    assert "obligatoire" in page.text
    form = page.forms["two-step-enrol"]
    form["code"] = code_at(shown_secret(page))
    done = form.submit("submit", status=200)
    assert len(shown_codes(done)) == 10
    assert agent.get("/agents/").status_int == 200
    page = agent.get("/agents/securite")
    assert "obligatoire pour les agents" in page.text
    assert "disable" not in page.forms["two-step-security"].fields
    # Parents are not concerned.
    assert client_for("balaruc", required_app).login(*PARENT).location.endswith("/mon-compte")
    # Batz keeps it optional.
    batz = client_for("batz", required_app)
    assert batz.login("sej@batz.example.org", "Agent-Batz-2018").location.endswith("/agents/")


def test_a_session_opened_before_the_rule_is_sent_to_log_in_again(
    demo_data, app, required_app, client_for
):
    agent = client_for("balaruc")
    agent.login(*AGENT)
    agent.app = required_app  # same database and sessions, the rule now in force
    assert agent.get("/agents/", status=303).location.startswith(
        "http://balaruc.localhost/connexion"
    )


def test_an_administrator_resets_an_agents_two_step_login(
    demo_data, balaruc, batz, client_for, dbsession
):
    helper = client_for("balaruc")
    helper.login(*AGENT)
    enrol(helper)
    colleague = account(dbsession, AGENT[0])
    from portail_core.services.accounts.lifecycle import AccountService

    admin = AccountService(dbsession, "balaruc").create_agent(
        "chef@balaruc.example.org", "C", "H", role="admin"
    )
    AccountService(dbsession, "balaruc").set_password(admin, "Chef-Balaruc-2026")
    dbsession.commit()
    balaruc.login("chef@balaruc.example.org", "Chef-Balaruc-2026")
    page = balaruc.get("/agents/comptes")
    assert "Activée" in page.text
    batz.login("sej@batz.example.org", "Agent-Batz-2018")
    batz.post(
        f"/agents/comptes/{colleague.id}/deux-etapes", {"csrf_token": batz.csrf_token()}, status=404
    )
    balaruc.post(
        f"/agents/comptes/{colleague.id}/deux-etapes",
        {"csrf_token": balaruc.csrf_token()},
        status=303,
    )
    assert not account(dbsession, AGENT[0]).two_step_enabled
    assert helper.get("/agents/", status=303)  # the colleague's sessions ended
    assert client_for("balaruc").login(*AGENT).location.endswith("/agents/")


def test_the_operator_enrols_and_logs_in_with_a_code(demo_data, app):
    operator = TestApp(app, extra_environ={"HTTP_HOST": "operateur.localhost"})

    def password_step():
        form = operator.get("/-/connexion").forms["operator-login"]
        form["login"] = "operateur@example.org"
        form["password"] = "Operateur-Demo-2026"
        return form.submit("submit", status=303)

    password_step()
    assert "Sécurité du compte" in operator.get("/-/plugins").text
    secret, _ = enrol(operator, "/-/securite")
    operator.reset()
    assert password_step().location.endswith("/-/connexion/code")
    operator.get("/-/plugins", status=303)
    form = operator.get("/-/connexion/code").forms["two-step"]
    form["code"] = code_at(secret, 1)
    assert form.submit("submit", status=303).location.endswith("/-/plugins")
    assert operator.get("/-/plugins").status_int == 200
