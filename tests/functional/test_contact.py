"""« Contactez-nous »: the service gets the message by e-mail, the sender a copy; the rate
is limited per address; what a visitor types is never markup, nor a mail header."""

from datetime import timedelta

from sqlalchemy import select

from portail_core.models.content import ContactMessage
from portail_core.services.content import contact as contact_module

MAX_PER_EMAIL, MAX_PER_ADDRESS = 3, 5  # the default contact_per_account / _per_address

BALARUC_AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
BALARUC_PARENT = ("valentina.test@example.org", "Valentina-2019")


def messages(dbsession, tenant_id="balaruc"):
    dbsession.expire_all()
    return dbsession.scalars(
        select(ContactMessage)
        .where(ContactMessage.tenant_id == tenant_id)
        .order_by(ContactMessage.id)
    ).all()


def send(client, **values):
    form = client.get("/contactez-nous").forms["contact"]
    fields = {
        "name": "Sophie TEST",
        "email": "sophie.test@example.org",
        "subject": "Inscription de Roméo",
        "message": "Bonjour,\nRoméo peut-il venir mercredi ?\nMerci",
    }
    fields.update(values)
    for name, value in fields.items():
        form[name] = value
    return form.submit("submit", expect_errors=True)


def test_the_message_reaches_the_service_and_a_copy_the_sender(
    demo_data, balaruc, dbsession, mailbox
):
    response = send(balaruc, phone="04 67 00 00 00")
    assert response.status_int == 303
    page = response.follow()
    assert "Votre message a bien été envoyé" in page.text
    assert page.forms["contact"]["message"].value == ""
    (stored,) = messages(dbsession)
    assert stored.email == "sophie.test@example.org" and stored.phone == "04 67 00 00 00"
    assert stored.client_address == "192.0.2.10"
    to_service, copy = mailbox
    assert to_service.recipients == ["sej.secretaire@balaruc.example.org"]
    assert to_service.extra_headers["Reply-To"] == "sophie.test@example.org"
    assert to_service.subject == "[Ville de Balaruc le Vieux] Contactez-nous : Inscription de Roméo"
    assert "Roméo peut-il venir mercredi ?" in to_service.body
    assert "Téléphone : 04 67 00 00 00" in to_service.body
    assert copy.recipients == ["sophie.test@example.org"]
    assert "Roméo peut-il venir mercredi ?" in copy.body
    assert "SERVICE ENFANCE JEUNESSE" in copy.body


def test_each_commune_gets_its_own_messages(demo_data, batz, dbsession, mailbox):
    send(batz)
    assert mailbox[0].recipients == ["sej@batz.example.org"]
    assert messages(dbsession, "balaruc") == [] and len(messages(dbsession, "batz")) == 1


def test_errors_are_shown_beside_the_fields_and_nothing_is_sent(
    demo_data, balaruc, dbsession, mailbox
):
    page = send(balaruc, email="pas-une-adresse", name="", phone="abc")
    assert page.status_int == 200
    assert "Adresse e-mail invalide" in page.text
    assert "Ce champ est obligatoire." in page.text
    assert "Numéro invalide" in page.text
    form = page.forms["contact"]
    assert form["message"].value == "Bonjour,\nRoméo peut-il venir mercredi ?\nMerci"
    assert form["subject"].value == "Inscription de Roméo"
    assert messages(dbsession) == [] and mailbox == []


def test_a_logged_in_parent_finds_name_and_email_filled_in(demo_data, balaruc):
    balaruc.login(*BALARUC_PARENT)
    form = balaruc.get("/contactez-nous").forms["contact"]
    assert form["email"].value == "valentina.test@example.org"
    assert form["name"].value == "Sophie TEST"


def test_the_rate_is_limited_per_email_and_per_network_address(
    demo_data, balaruc, dbsession, mailbox
):
    for number in range(MAX_PER_EMAIL):
        assert send(balaruc, subject=f"Question {number}").status_int == 303
    refused = send(balaruc, subject="Une de trop")
    assert refused.status_int == 429 and refused.headers["Retry-After"]
    assert "Vous avez déjà envoyé plusieurs messages récemment" in refused.text
    assert refused.forms["contact"]["subject"].value == "Une de trop"
    assert len(messages(dbsession)) == MAX_PER_EMAIL
    # Other e-mail addresses from the same network address: up to its own limit.
    extra = MAX_PER_ADDRESS - MAX_PER_EMAIL
    for number in range(extra):
        assert send(balaruc, email=f"autre{number}@example.org").status_int == 303
    assert send(balaruc, email="encore@example.org").status_int == 429
    assert len(messages(dbsession)) == MAX_PER_ADDRESS
    assert len(mailbox) == 2 * MAX_PER_ADDRESS


def test_the_limit_is_per_commune(demo_data, balaruc, batz):
    for number in range(MAX_PER_EMAIL):
        send(balaruc, subject=f"Question {number}")
    assert send(batz).status_int == 303


def test_markup_and_header_injection_are_neutralised(demo_data, balaruc, dbsession, mailbox):
    response = send(
        balaruc,
        name='<img src=x onerror="alert(1)">Pirate',
        subject="Objet\r\nBcc: victime@example.org",
        message='<script>alert("x")</script> et <b>gras</b>',
    )
    assert response.status_int == 303
    (stored,) = messages(dbsession)
    assert stored.subject == "Objet Bcc: victime@example.org"  # one line: no header
    to_service, copy = mailbox
    assert to_service.recipients == ["sej.secretaire@balaruc.example.org"]
    assert copy.recipients == [stored.email]
    assert "\n" not in to_service.subject and "\r" not in to_service.subject
    assert not to_service.bcc and not copy.bcc
    balaruc.login(*BALARUC_AGENT)
    page = balaruc.get("/agents/contenus/messages")
    assert "&lt;script&gt;alert(" in page.text
    assert '<script>alert("x")' not in page.text
    assert '<img src=x onerror="alert(1)">' not in page.text
    body = page.html.select_one(".message-body")
    assert body.text == '<script>alert("x")</script> et <b>gras</b>'


def test_agents_read_the_messages_of_their_commune_only(demo_data, balaruc, batz, dbsession):
    send(balaruc, subject="Pour Balaruc")
    send(batz, subject="Pour Batz")
    balaruc.login(*BALARUC_AGENT)
    page = balaruc.get("/agents/contenus/messages")
    assert "Pour Balaruc" in page.text and "Pour Batz" not in page.text
    assert "sophie.test@example.org" in page.text


def test_contact_page_links_to_the_legal_page(demo_data, balaruc):
    page = balaruc.get("/contactez-nous")
    assert page.html.select_one('main a[href$="/mentions-legales"]') is not None
    assert "sej.secretaire@balaruc.example.org" in page.text
    home = balaruc.get("/")
    assert home.html.select_one('.contact-block a[href$="/contactez-nous"]') is not None


def test_messages_older_than_a_year_are_forgotten(demo_data, balaruc, dbsession):
    from portail_core.models.types import utcnow

    old = ContactMessage(
        tenant_id="balaruc",
        name="Ancien",
        email="ancien@example.org",
        subject="Vieux",
        body="x",
        client_address="192.0.2.99",
        created_at=utcnow() - contact_module.RETENTION - timedelta(hours=1),
    )
    dbsession.add(old)
    dbsession.commit()
    send(balaruc)
    assert [m.subject for m in messages(dbsession)] == ["Inscription de Roméo"]
