"""Demonstration family files: commune plugins fill their demo families through this helper.

Changes go through the family services, so the demo history reads like real use (done by
the commune's agent), and the demo documents are small real PDF files.
"""

from datetime import date

from fpdf import FPDF
from sqlalchemy import select

from portail_core.calendar import now_paris
from portail_core.models.accounts import ADMIN, AGENT, User
from portail_core.models.family import Family
from portail_core.services.family.documents import DocumentService
from portail_core.services.family.files import FamilyService
from portail_core.services.family.lists import family_lists

BLANK_GUARDIAN = {
    "civility": "",
    "last_name": "",
    "first_name": "",
    "phone_mobile": "",
    "phone_home": "",
    "phone_work": "",
    "email": "",
    "address_line1": "",
    "address_line2": "",
    "postal_code": "",
    "city": "",
}


def demo_pdf(title, lines):
    """A one-page PDF: the demo's scanned document."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=16)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def address(street, postal_code, city, street2=""):
    """A family's address, as the family file stores it."""
    return {
        "address_line1": street,
        "address_line2": street2,
        "postal_code": postal_code,
        "city": city,
    }


def guardian(civility, last_name, first_name, mobile, **others):
    """A guardian's values: name, mobile phone, and any other field (``email``, ``phone_work``)."""
    return {
        "civility": civility,
        "last_name": last_name,
        "first_name": first_name,
        "phone_mobile": mobile,
        **others,
    }


class FamilyDemo:
    """Fills one demo family: address, QF, guardians, child sheets, pick-up persons, documents."""

    def __init__(self, demo, family_name):
        self.demo = demo
        self.tenant = demo.tenant
        self.dbsession = demo.dbsession
        self.family = self.dbsession.scalar(
            select(Family).where(Family.tenant_id == self.tenant.id, Family.name == family_name)
        )
        self.agent = self.dbsession.scalar(
            select(User)
            .where(User.tenant_id == self.tenant.id, User.role.in_((AGENT, ADMIN)))
            .order_by(User.id)
        )
        self.service = FamilyService(self.dbsession, self.tenant)
        self.lists = family_lists(self.tenant)

    def file(self, address, guardians, quotient_familial=None, valid_until=None):
        """The family's address, its guardians (``guardian(...)`` values, in order) and the QF.

        Guardians live at the family's address unless their values say otherwise; the QF is
        valid until the end of the current year unless ``valid_until`` says otherwise.
        """
        by_position = {
            position: {**BLANK_GUARDIAN, **address, **values}
            for position, values in enumerate(guardians, start=1)
        }
        if quotient_familial is not None and valid_until is None:
            valid_until = date(now_paris().year, 12, 31)
        self.service.update_family(self.family, address, by_position, self.agent)
        self.service.update_agent_fields(
            self.family,
            {
                "quotient_familial": quotient_familial,
                "quotient_familial_valid_until": valid_until,
            },
            self.agent,
        )

    def child_sheet(self, first_name, sheet, pickups=()):
        """A child's sheet (``update_sheet`` values) and its pick-up persons."""
        child = next(c for c in self.family.children if c.first_name == first_name)
        self.service.update_sheet(child, sheet, self.lists, self.agent)
        for person in pickups:
            self.service.add_pickup(child, person, self.agent)
        return child

    def document(self, name, doc_type, lines, child=None, review=None):
        """A PDF the family sent; ``review``: ``("valide", "")`` or ``("refuse", reason)``."""
        if self.demo.files is None:
            return None
        documents = DocumentService(self.dbsession, self.tenant, self.demo.files)
        upload = {
            "filename": f"{name}.pdf",
            "mime_type": "application/pdf",
            "data": demo_pdf(name, lines),
        }
        parent = self.family.users[0] if self.family.users else None
        document = documents.create(
            self.family, child, {"name": name, "doc_type": doc_type}, upload, parent
        )
        if review is not None:
            status, reason = review
            if status == "valide":
                documents.validate(document, self.agent)
            else:
                documents.refuse(document, reason, self.agent)
        return document
