"""« Pièces justificatives »: sending a document, its checks (content, size, names), the
kept file after a refused form, the list with paging, viewing and downloading, statuses."""

from sqlalchemy import func, select
from webtest import Upload

from portail_core.models.family import Child, Family
from portail_core.models.family_records import Document
from portail_core.services.family.documents import MAX_DOCUMENT_SIZE

PARENT = ("valentina.test@example.org", "Valentina-2019")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d494844520000000100000001080200000090775353")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def documents_count(dbsession):
    dbsession.expire_all()
    return dbsession.scalar(select(func.count(Document.id)))


def stored_files(app):
    return sorted(p for p in app.registry.file_store.root.rglob("*") if p.is_file())


def upload_form(client):
    return client.get("/famille/documents/nouveau").forms["document-form"]


def fill(form, filename=None, content=PDF, name="Avis imposition 2016", doc_type=None):
    if filename:
        form["file"] = Upload(filename, content)
    form["name"] = name
    form["doc_type"] = doc_type or "Avis d'imposition"
    return form


def test_the_form_has_the_seeds_advice_and_choices(demo_data, balaruc):
    balaruc.login(*PARENT)
    page = balaruc.get("/famille/documents")
    assert "Pièces justificatives à fournir" in page.text
    assert "Mes documents" in page.text and "Dossier" in page.text and "Voir" in page.text
    page = page.click(r"\+ Ajouter un document")
    for text in (
        "Utilisez l'un des formats suivants : .pdf .jpg .jpeg .gif .png",
        "Le fichier à envoyer ne doit pas excéder 2 Mo.",
        "Ce document concerne",
        "Le dossier famille",
        "L'enfant TEST VALENTINA",
        "L'enfant TEST ROMEO",
        "Nom du document",
        "Type de document",
        "Attestation CAF (quotient familial)",
    ):
        assert text in page.text, text


def test_parent_sends_a_document_about_a_child(demo_data, app, balaruc, dbsession):
    before = documents_count(dbsession)
    balaruc.login(*PARENT)
    form = fill(
        upload_form(balaruc),
        "carnet.pdf",
        name="Carnet de santé",
        doc_type="Carnet de vaccinations",
    )
    romeo = dbsession.scalar(select(Child).where(Child.first_name == "ROMEO"))
    form["concerns"] = str(romeo.id)
    page = form.submit("send").follow()
    assert "Votre document est envoyé" in page.text
    assert "Carnet de santé" in page.text and "TEST ROMEO" in page.text and "Reçu" in page.text
    assert documents_count(dbsession) == before + 1
    document = dbsession.scalar(select(Document).where(Document.name == "Carnet de santé"))
    assert (document.child_id, document.mime_type, document.status) == (
        romeo.id,
        "application/pdf",
        "recu",
    )
    assert (document.filename, document.size, document.tenant_id) == (
        "carnet.pdf",
        len(PDF),
        "balaruc",
    )
    assert app.registry.file_store.read(document.storage_key) == PDF


def test_a_picture_named_pdf_is_recognised_by_its_content(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    fill(upload_form(balaruc), "photo.pdf", PNG, name="Photo du justificatif").submit("send")
    document = dbsession.scalar(select(Document).where(Document.name == "Photo du justificatif"))
    assert document.mime_type == "image/png"
    page = balaruc.get(f"/famille/documents/{document.id}")
    assert page.html.find("img", class_="document-preview")["alt"].endswith("Photo du justificatif")
    shown = balaruc.get(f"/famille/documents/{document.id}/fichier")
    assert shown.content_type == "image/png"
    assert "sandbox" in shown.headers["Content-Security-Policy"]


BAD_FILES = [
    ("programme.pdf", EXE, "Ce fichier n'est pas d'un format accepté"),
    (
        "gros.pdf",
        PDF + b"0" * (MAX_DOCUMENT_SIZE + 1 - len(PDF)),
        "dépasse la taille maximale de 2 Mo",
    ),
    ("../../etc/passwd.pdf", PDF, "caractères interdits"),
    ("<img src=x onerror=alert(1)>.pdf", PDF, "caractères interdits"),
]


def test_bad_files_are_refused_beside_the_field_with_the_rest_kept(
    demo_data, app, balaruc, dbsession
):
    balaruc.login(*PARENT)
    before, files_before = documents_count(dbsession), stored_files(app)
    for filename, content, message in BAD_FILES:
        form = fill(upload_form(balaruc), filename, content, name="Mon justificatif")
        page = form.submit("send")
        assert page.status_int == 200
        assert message in page.html.find(id="file-error").text, filename
        assert page.html.find(id="file")["aria-invalid"] == "true"
        kept = page.forms["document-form"]
        assert kept["name"].value == "Mon justificatif"
        assert kept["doc_type"].value == "Avis d'imposition"
        assert "Fichier conservé" not in page.text
    assert documents_count(dbsession) == before
    assert stored_files(app) == files_before


def test_a_document_name_with_markup_or_a_path_is_refused(demo_data, app, balaruc, dbsession):
    balaruc.login(*PARENT)
    before = documents_count(dbsession)
    for name in ("<b>Avis</b>", "../avis", "avis/2016"):
        page = fill(upload_form(balaruc), "avis.pdf", name=name).submit("send")
        assert "caractères interdits" in page.html.find(id="name-error").text
        assert page.forms["document-form"]["name"].value == name
    assert documents_count(dbsession) == before


def test_a_good_file_is_kept_when_another_field_is_wrong(demo_data, app, balaruc, dbsession):
    balaruc.login(*PARENT)
    before = documents_count(dbsession)
    kept_before = [p for p in stored_files(app) if "/kept/" in str(p)]
    form = fill(upload_form(balaruc), "attestation.pdf", name="")
    page = form.submit("send")
    assert "Ce champ est obligatoire." in page.html.find(id="name-error").text
    assert "Fichier conservé : attestation.pdf" in " ".join(
        page.html.find(id="file-kept").text.split()
    )
    assert documents_count(dbsession) == before
    form = page.forms["document-form"]
    form["name"] = "Attestation employeur"
    page = form.submit("send").follow()
    document = dbsession.scalar(select(Document).where(Document.name == "Attestation employeur"))
    assert document.filename == "attestation.pdf"
    assert app.registry.file_store.read(document.storage_key) == PDF
    assert [p for p in stored_files(app) if "/kept/" in str(p)] == kept_before


def test_a_kept_file_is_of_no_use_in_another_session(demo_data, balaruc, client_for, dbsession):
    balaruc.login(*PARENT)
    page = fill(upload_form(balaruc), "attestation.pdf", name="").submit("send")
    token = page.forms["document-form"]["kept"].value
    other = client_for("balaruc")
    other.login(*PARENT)
    form = fill(upload_form(other), name="Volé")
    fields = dict(form.submit_fields("send"))
    fields["kept"] = token
    page = other.post("/famille/documents/nouveau", fields)
    assert "Choisissez le fichier à envoyer." in page.html.find(id="file-error").text
    assert dbsession.scalar(select(Document).where(Document.name == "Volé")) is None


def test_no_file_chosen(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    before = documents_count(dbsession)
    page = fill(upload_form(balaruc)).submit("send")
    assert "Choisissez le fichier à envoyer." in page.text
    assert documents_count(dbsession) == before


def test_the_list_is_paged_five_by_five(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    for index in range(5):
        fill(upload_form(balaruc), f"doc{index}.pdf", name=f"Document {index}").submit("send")
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    total = dbsession.scalar(select(func.count(Document.id)).where(Document.family_id == family.id))
    assert total == 7  # the two of the demo, and five more
    page = balaruc.get("/famille/documents")
    assert "Afficher 5 éléments / page (de 1 à 5 sur 7 éléments)" in page.text
    assert len(page.html.select("table.documents tbody tr")) == 5
    page = page.click("Page suivante")
    assert "(de 6 à 7 sur 7 éléments)" in page.text
    assert len(page.html.select("table.documents tbody tr")) == 2


def test_family_views_and_downloads_its_document(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    fill(upload_form(balaruc), "avis été.pdf", name="Avis 2016").submit("send")
    document = dbsession.scalar(select(Document).where(Document.name == "Avis 2016"))
    page = balaruc.get(f"/famille/documents/{document.id}")
    assert "avis été.pdf" in page.text and "Reçu" in page.text
    shown = page.click("Ouvrir le document")
    assert shown.body == PDF and shown.content_type == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert "script-src" not in shown.headers["Content-Security-Policy"]
    assert shown.headers["Content-Security-Policy"].startswith("default-src 'none'")
    downloaded = page.click("Télécharger")
    assert downloaded.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''avis%20%C3%A9t%C3%A9.pdf" in downloaded.headers["Content-Disposition"]


def test_the_parent_sees_the_agents_decision(demo_data, balaruc, dbsession, mailbox):
    balaruc.login(*PARENT)
    fill(upload_form(balaruc), "avis.pdf", name="Avis à refuser").submit("send")
    document = dbsession.scalar(select(Document).where(Document.name == "Avis à refuser"))
    balaruc.logout()
    balaruc.login(*AGENT)
    form = balaruc.get(f"/agents/documents/{document.id}").forms["review"]
    form["reason"] = "Document illisible, merci de le renvoyer."
    form.submit("refuse").follow()
    assert [m.recipients for m in mailbox] == [["valentina.test@example.org"]]
    assert "Motif : Document illisible, merci de le renvoyer." in mailbox[0].body
    assert "/famille/documents" in mailbox[0].body
    balaruc.logout()
    balaruc.login(*PARENT)
    page = balaruc.get("/famille/documents")
    assert "Refusé" in page.text and "Document illisible, merci de le renvoyer." in page.text
    assert "Validé" in page.text  # the demo's attestation CAF
