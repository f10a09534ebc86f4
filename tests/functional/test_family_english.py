"""The parent's side in English: family file, child sheet, a validation error beside its
field, the invoices with English money and dates, the invoice PDF for an English parent
(and for the staff member printing it for them), a payment simulator page."""

import io
import re
import zipfile

from pypdf import PdfReader
from sqlalchemy import select

from portail_core.i18n import localizer_for
from portail_core.models.accounts import User
from portail_core.models.billing import Invoice
from portail_core.models.family import Child
from portail_core.testing.online_payments import PARENTS, start_payment

PARENT = ("valentina.test@example.org", "Valentina-2019")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def text_of(page):
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&amp;", "&")
    return text.replace("\xa0", " ").replace("\u202f", " ")


def pdf_text(response):
    assert response.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def english_parent(client):
    """Log in and switch to English: the choice is kept on the account."""
    client.login(*PARENT)
    client.get("/mon-compte").forms["language-switch"].submit("language", value="en")
    return client


def test_family_file_in_english(demo_data, balaruc):
    text = text_of(english_parent(balaruc).get("/famille"))
    assert "Edit the family's details" in text
    assert "Family quotient" in text and "Valid until" in text
    assert "Legal guardian 1" in text and "Legal guardian 2 (optional)" in text
    assert "Copy the family address" in text and "Postcode" in text
    for french in ("Responsable légal", "Enregistrer", "Code postal", "Quotient familial"):
        assert french not in text
    form = balaruc.get("/famille").html.find(id="family-form")
    assert form["data-copied-text"] == "Family address copied. Click “Save” to keep it."


def test_a_validation_error_in_english_beside_the_field(demo_data, balaruc):
    form = english_parent(balaruc).get("/famille").forms["family-form"]
    form["address.postal_code"] = "3454"
    form["guardian_1.email"] = "not-an-address"
    page = form.submit("save", index=1)
    assert page.status_int == 200
    assert "The form has not been saved." in page.text
    error = page.html.find(id="address-postal_code-error").text
    assert error == "Invalid postcode: 5 digits (example: 44740)."
    assert "Invalid e-mail address" in page.html.find(id="guardian_1-email-error").text
    assert page.forms["family-form"]["address.postal_code"].value == "3454"


def test_children_and_child_sheet_in_english(demo_data, balaruc, dbsession):
    english_parent(balaruc)
    children = text_of(balaruc.get("/famille/enfants"))
    assert "Children" in children and "View / Edit the child's sheet" in children
    assert re.search(r"\d+ years? and \d+ months?", children)  # the age in English
    child_id = dbsession.scalar(
        select(Child.id).where(Child.tenant_id == "balaruc").order_by(Child.id).limit(1)
    )
    sheet = text_of(balaruc.get(f"/famille/enfants/{child_id}"))
    for expected in (
        "Medical information",
        "Vaccinations",
        "Food allergy",
        "Details (food allergy)",
        "PAI (individual care plan)",
        "Family doctor",
        "People allowed to pick up the child",
        "Permissions",
    ):
        assert expected in sheet
    assert "Renseignements médicaux" not in sheet and "Allergie alimentaire" not in sheet


def test_documents_page_in_english(demo_data, balaruc):
    text = text_of(english_parent(balaruc).get("/famille/documents"))
    assert "Supporting documents to provide" in text and "+ Add a document" in text
    form_page = text_of(balaruc.get("/famille/documents/nouveau"))
    assert "Send a document" in form_page and "Accepted formats" in form_page


def test_invoices_in_english_with_pounds_style_euros_and_english_dates(demo_data, balaruc):
    text = text_of(english_parent(balaruc).get("/mes-factures"))
    assert "My Invoices & Payments - REGIE PERISCOLAIRE/ALSH" in text  # the régie is data
    assert "Total invoiced: €861.73 (4 invoices)" in text
    assert "Total paid: €133.00 (1 payment)" in text
    assert "Total still due: €728.73 (3 unpaid invoices)" in text
    assert "Payment no. 04083 (by PAYLINE)" in text and "Invoice no. 2006-00098" in text
    assert "Invoice awaiting payment confirmation" in text and "Payment accepted" in text
    assert "Showing 5 items per page (1 to 5 of 5 items)" in text
    assert "Total facturé" not in text and "," not in re.findall(r"€[\d.,]+", text)[0]


def test_invoice_pdf_in_english_for_an_english_parent(demo_data, balaruc, dbsession):
    english_parent(balaruc)
    invoice = dbsession.scalar(
        select(Invoice).where(Invoice.tenant_id == "balaruc", Invoice.number == "2006-00096")
    )
    page = text_of(balaruc.get(f"/mes-factures/factures/{invoice.id}"))
    assert "Invoice details" in page and "Billing period" in page and "€237.27" in page
    text = pdf_text(balaruc.get(f"/mes-factures/factures/{invoice.id}/facture.pdf"))
    assert "Invoice no. 2006-00096" in text
    assert "Billing office" in text and "Invoice date" in text and "Billing period" in text
    assert "Description" in text and "Still due" in text
    assert "€237.27" in text and "237,27" not in text
    assert re.search(r"Invoice date \d{1,2} [A-Z][a-z]+ \d{4}", text)  # dates in words
    assert "Facture n°" not in text and "Restant dû" not in text
    assert "page 1/1" in text


def test_staff_print_the_pdf_in_the_family_language(demo_data, balaruc, dbsession, client_for):
    english_parent(balaruc)
    invoice = dbsession.scalar(
        select(Invoice).where(Invoice.tenant_id == "balaruc", Invoice.number == "2006-00096")
    )
    dbsession.expire_all()
    user = dbsession.scalar(select(User).where(User.email == PARENT[0]))
    assert user.language == "en"
    staff = client_for("balaruc")
    staff.login(*AGENT)
    text = pdf_text(staff.get(f"/agents/factures/{invoice.id}/facture.pdf"))
    assert "Invoice no. 2006-00096" in text and "€237.27" in text


def test_the_attestation_in_english(demo_data, batz):
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    batz.get("/mon-compte").forms["language-switch"].submit("language", value="en")
    text = pdf_text(batz.get("/mes-factures/attestation-2018.pdf"))
    assert "Payment statement — year 2018" in text and "Total paid in 2018" in text
    assert "€5.25" in text and "for all legal purposes" in text


def test_the_french_pdf_stays_french(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    invoice = dbsession.scalar(
        select(Invoice.id).where(Invoice.tenant_id == "balaruc", Invoice.number == "2006-00096")
    )
    text = pdf_text(balaruc.get(f"/mes-factures/factures/{invoice}/facture.pdf"))
    assert "Facture n° 2006-00096" in text and "237,27 €" in text


def test_payment_pages_and_the_systempay_simulator_in_english(demo_data, balaruc, dbsession):
    balaruc.login(*PARENTS["balaruc"])
    balaruc.get("/mon-compte").forms["language-switch"].submit("language", value="en")
    start = start_payment(balaruc, dbsession, "balaruc", "periscolaire", ["2006-00096"])
    redirect = text_of(start)
    assert "Go to payment" in redirect and "If nothing happens" in redirect
    page = start.forms["payment-redirect"].submit(headers=ENGLISH).follow(headers=ENGLISH)
    assert 'lang="en"' in page.text
    assert "Card payment" in page.text and "Result to simulate" in page.text
    assert "Simulator" in page.text and "no real payment, no card needed" in page.text
    assert "€237.27" in page.text.replace("\xa0", " ")
    assert "Paiement par carte" not in page.text


def test_the_history_shows_its_known_labels_in_english(demo_data, balaruc):
    form = english_parent(balaruc).get("/famille").forms["family-form"]
    form["address.city"] = "BALARUC-LE-VIEUX (34)"
    saved = form.submit("save", index=1).follow()
    assert "The family's details have been saved." in saved.text
    text = text_of(balaruc.get("/famille/historique"))
    assert "History" in text and "Previous value" in text
    assert "Family" in text and "Town" in text  # stored in French, shown in English
    assert "BALARUC-LE-VIEUX (34)" in text
    assert "Sophie TEST (family)" in text and "System" in text  # who acted, in English
    assert "(famille)" not in text and "Système" not in text
    assert "Received" in text and "Reçu" not in text  # a document's stored state


def test_the_data_download_explains_itself_in_english(demo_data, balaruc):
    page = english_parent(balaruc).get("/mon-compte")
    response = page.forms["export-form"].submit()
    archive = zipfile.ZipFile(io.BytesIO(response.body))
    readme = archive.read("LISEZMOI.txt").decode("utf-8")
    assert readme.startswith("Your data held by the family portal of ")
    assert "${" not in readme


def test_the_choice_of_invoices_in_english(demo_data, balaruc):
    page = english_parent(balaruc).get("/paiement-en-ligne?regie=periscolaire")
    text = text_of(page)
    assert "Invoices to pay" in text and "You have 3 unpaid invoices." in text
    assert "secure payment by" in text and "Left to pay" in text
    refused = page.forms["payment-choice"].submit()
    assert "Choose at least one invoice to pay." in text_of(refused)


def test_each_plugin_catalog_is_loaded_at_startup(app):
    from portail_commune_batz.i18n import _ as batz
    from portail_payment_payline.i18n import _ as payline
    from portail_payment_tipi.i18n import _ as tipi

    english = localizer_for(app.registry, "en")
    assert english.translate(tipi("Payer par prélèvement")) == "Pay by direct debit"
    assert english.translate(payline("Suspicion de fraude")) == "Suspected fraud"
    assert english.translate(batz("Quotient familial inférieur à 800 €")) == (
        "Family quotient under €800"
    )
    french = localizer_for(app.registry, "fr")
    assert french.translate(tipi("Payer par prélèvement")) == "Payer par prélèvement"
