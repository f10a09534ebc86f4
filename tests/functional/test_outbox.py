"""The outbox: an e-mail is a row of the transaction that causes it, delivered after it
commits (inline in the demo and tests, by the worker in production), listed for agents."""

from types import SimpleNamespace

import pytest
from pyramid.httpexceptions import HTTPSeeOther
from pyramid_mailer.interfaces import IMailer
from sqlalchemy import select
from sqlalchemy.orm import Session

from portail_core import hookimpl
from portail_core.demo.builder import DemoBuilder
from portail_core.mail import send_templated
from portail_core.mail.delivery import Deliverer, DeliverySettings
from portail_core.mail.outbox import enqueue_text
from portail_core.models.outbox import FAILED, QUEUED, SENT, OutboxMessage
from portail_core.scripts.worker import Worker
from portail_core.testing.fixtures import page_forms
from portail_core.testing.smtp import LocalSMTPServer

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


class MailThenMaybeFail:
    """``/-test/mail?fail=1``: writes an e-mail, then fails (the transaction aborts)."""

    @hookimpl
    def portail_pyramid_configure(self, config):
        def view(request):
            user = SimpleNamespace(display_name="Anne DUPONT")
            send_templated(request, "parent@example.org", "Objet", "password_changed", user=user)
            if request.params.get("fail"):
                raise RuntimeError("the change fails after the e-mail was written")
            return HTTPSeeOther("/")

        config.add_route("test.mail", "/-test/mail")
        config.add_view(view, route_name="test.mail", require_csrf=False)


def plugin_app(make_app, **settings):
    return make_app(**{"portail.extra_plugin_objects": [("mail", MailThenMaybeFail())], **settings})


def rows(database):
    with Session(database.engine) as session:
        return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_committed_change_sends_its_email_once_with_the_rows_message_id(
    make_app, client_for, database
):
    app = plugin_app(make_app)
    client_for("balaruc", app).post("/-test/mail", status=303)
    [row] = rows(database)
    [mail] = app.registry.getUtility(IMailer).outbox
    assert row.state == SENT and row.attempts == 1 and row.sent_at is not None
    assert mail.extra_headers["Message-ID"] == row.message_id
    assert row.message_id.endswith("@balaruc.example.org>")
    assert mail.subject == row.subject and mail.recipients == ["parent@example.org"]


def test_an_aborted_change_writes_and_sends_nothing(make_app, client_for, database):
    app = plugin_app(make_app)
    client = client_for("balaruc", app)
    client.post("/-test/mail?fail=1", status=500)
    assert rows(database) == []
    assert app.registry.getUtility(IMailer).outbox == []


def test_when_the_server_is_down_the_change_succeeds_and_the_email_waits(
    make_app, client_for, database
):
    server = LocalSMTPServer()
    server.start()
    port = server.port
    server.stop()
    settings = {"mail.backend": "smtp", "mail.host": "127.0.0.1", "mail.port": str(port)}
    app = plugin_app(make_app, **settings)
    client_for("balaruc", app).post("/-test/mail", status=303)
    [row] = rows(database)
    assert (row.state, row.attempts) == (QUEUED, 1) and "Connection" in row.last_error
    assert row.next_attempt_at > row.created_at


def test_without_inline_delivery_the_worker_sends_what_waits(make_app, client_for, database):
    app = plugin_app(make_app, **{"portail.outbox.deliver_inline": "false"})
    client_for("balaruc", app).post("/-test/mail", status=303)
    mailer = app.registry.getUtility(IMailer)
    assert [row.state for row in rows(database)] == [QUEUED] and mailer.outbox == []
    deliverer = Deliverer(app.registry["dbsession_factory"], mailer, DeliverySettings())
    totals = Worker(deliverer).run(once=True)
    assert totals == {"sent": 1} and len(mailer.outbox) == 1
    assert Worker(deliverer).run(once=True) == {}  # nothing twice
    assert [row.state for row in rows(database)] == [SENT]


@pytest.fixture
def failed_message(app, database):
    """A Balaruc message that failed for good."""
    with Session(database.engine) as session:
        row = enqueue_text(
            session, app.registry.tenants.get("balaruc"), "x@example.org", "Sujet", "Corps"
        )
        row.state, row.attempts, row.last_error = FAILED, 8, "SMTPRecipientsRefused: 550"
        session.commit()
        return row.id


@pytest.fixture
def agents(app, dbsession):
    for tenant_id, (email, password) in {
        "balaruc": AGENT,
        "batz": ("sej@batz.example.org", "Agent-Batz-2018"),
    }.items():
        DemoBuilder(dbsession, app.registry.tenants.get(tenant_id)).agent(
            email, password, "Secrétariat", "SEJ"
        )
    dbsession.commit()


def test_agents_see_a_failed_email_and_send_it_again(
    agents, failed_message, balaruc, mailbox, database
):
    balaruc.login(*AGENT)
    page = balaruc.get("/agents/").click("Courriels")
    assert "En échec (1)" in page.text and "x@example.org" in page.text
    assert "Rien de réservé la semaine prochaine : à partir de 3 jour(s)" in page.text
    failed = balaruc.get("/agents/courriels", {"etat": "failed"})
    detail = failed.click(href=f"/agents/courriels/{failed_message}$")
    assert "SMTPRecipientsRefused: 550" in detail.text and "Corps" in detail.text
    detail = page_forms(detail)[0].submit().follow()
    assert "Le courriel à x@example.org est renvoyé." in detail.text
    assert [m.recipients for m in mailbox] == [["x@example.org"]]
    assert [(row.state, row.attempts) for row in rows(database)] == [(SENT, 1)]
    assert "Envoyé" in balaruc.get("/agents/courriels", {"q": "x@exa"}).text


def test_another_commune_and_parents_cannot_reach_the_courriels(
    demo_data, failed_message, batz, balaruc
):
    batz.login("sej@batz.example.org", "Agent-Batz-2018")
    assert "x@example.org" not in batz.get("/agents/courriels").text
    batz.get(f"/agents/courriels/{failed_message}", status=404)
    token = batz.get("/agents/courriels").forms[0]["csrf_token"].value
    batz.post(f"/agents/courriels/{failed_message}/renvoi", {"csrf_token": token}, status=404)
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    balaruc.get("/agents/courriels", status=403)
