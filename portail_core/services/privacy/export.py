"""« Télécharger mes données »: everything the portal holds about one family, as one ZIP.

One query per table whatever the number of children, documents, bookings or invoices; the
JSON gives amounts as strings ("12.50") and dates in ISO 8601; the documents the family sent
are inside, as they were uploaded.
"""

import io
import json
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select

from portail_core.i18n import _
from portail_core.models.accounts import User
from portail_core.models.audit import AuditEntry
from portail_core.models.billing import Credit, Invoice, InvoiceLine, Payment, PaymentAllocation
from portail_core.models.bookings import Enrolment, Period, Presence, Reservation, Unit
from portail_core.models.family import (
    Child,
    ChildAuthorisation,
    ChildVaccination,
    Family,
    Guardian,
    PickupPerson,
)
from portail_core.models.family_records import Document
from portail_core.models.households import ChildHousehold, HouseholdShare

# Internal columns a family has no use for, or that must never leave the server.
HIDDEN = {
    "user_account": {"password_hash", "security_stamp", "tenant_id"},
    "payment": {"gateway_key", "notify_url", "raw_data", "gateway_references"},
}
README = _(
    """Vos données enregistrées par le portail familles de ${town}, au ${when}.

Chaque fichier .json contient une partie du dossier : famille.json (la famille, ses
responsables légaux et ses identifiants de connexion), enfants.json (les enfants, leurs
fiches sanitaires, vaccinations, autorisations, personnes autorisées à venir les chercher
et, pour un enfant en garde partagée, le calendrier de garde), documents.json (les pièces
justificatives, dont les fichiers sont dans le dossier documents/), reservations.json,
factures.json, paiements.json et historique.json (chaque modification de votre dossier :
qui, quand, depuis quelle page).

Les montants sont en euros, écrits avec un point ("12.50") ; les dates au format
AAAA-MM-JJ, les heures en temps universel (UTC).
"""
)


def _readme(localizer, **mapping):
    message = _(README, mapping=mapping)
    return localizer.translate(message) if localizer is not None else message.interpolate()


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def _dump(data):
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)


def _safe_name(name):
    """A file name that stays one name inside the ZIP, whatever the family called it."""
    cleaned = re.sub(r"[^\w.\- ]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return cleaned.lstrip(".") or "document"


class FamilyExport:
    """Builds the ZIP of one family of the service's tenant."""

    def __init__(self, dbsession, tenant, files):
        self.dbsession = dbsession
        self.tenant = tenant
        self.files = files

    def _rows(self, model, *where, extra=(), order=None):
        table = model.__table__
        hidden = HIDDEN.get(table.name, {"tenant_id"}) | {"tenant_id"}
        columns = [column for column in table.columns if column.name not in hidden]
        query = select(*columns, *extra).where(table.c.tenant_id == self.tenant.id, *where)
        query = query.order_by(*(order if order is not None else (table.c.id,)))
        return [dict(row._mapping) for row in self.dbsession.execute(query)]

    def collect(self, family_id):
        """Every section of the family's data, as lists of plain dicts."""
        # The family's children, and a child shared with it as its second household.
        shared = select(ChildHousehold.child_id).where(ChildHousehold.family_id == family_id)
        of_family = or_(Child.family_id == family_id, Child.id.in_(shared))
        children = select(Child.id).where(of_family).scalar_subquery()
        custody = select(ChildHousehold.id).where(ChildHousehold.child_id.in_(children))
        reservations = select(Reservation.id).where(Reservation.family_id == family_id)
        invoices = select(Invoice.id).where(Invoice.family_id == family_id)
        payments = select(Payment.id).where(Payment.family_id == family_id)
        period = select(Period.name).where(Period.id == Reservation.period_id).scalar_subquery()
        unit = select(Unit.label).where(Unit.id == Presence.unit_id).scalar_subquery()
        return {
            "famille": {
                "famille": self._rows(Family, Family.id == family_id),
                "responsables_legaux": self._rows(Guardian, Guardian.family_id == family_id),
                "identifiants": self._rows(User, User.family_id == family_id),
            },
            "enfants": {
                "enfants": self._rows(Child, of_family),
                "vaccinations": self._rows(
                    ChildVaccination, ChildVaccination.child_id.in_(children)
                ),
                "autorisations": self._rows(
                    ChildAuthorisation, ChildAuthorisation.child_id.in_(children)
                ),
                "personnes_autorisees": self._rows(
                    PickupPerson, PickupPerson.child_id.in_(children)
                ),
                "inscriptions": self._rows(Enrolment, Enrolment.child_id.in_(children)),
                "garde_partagee": self._rows(ChildHousehold, ChildHousehold.id.in_(custody)),
                "repartition_des_factures": self._rows(
                    HouseholdShare, HouseholdShare.link_id.in_(custody)
                ),
            },
            "documents": self._rows(Document, Document.family_id == family_id),
            "reservations": {
                "reservations": self._rows(
                    Reservation,
                    Reservation.family_id == family_id,
                    extra=[period.label("period_name")],
                ),
                "lignes": self._rows(
                    Presence,
                    Presence.reservation_id.in_(reservations),
                    extra=[unit.label("unit_label")],
                ),
            },
            "factures": {
                "factures": self._rows(Invoice, Invoice.family_id == family_id),
                "lignes": self._rows(InvoiceLine, InvoiceLine.invoice_id.in_(invoices)),
                "avoirs": self._rows(Credit, Credit.invoice_id.in_(invoices)),
            },
            "paiements": {
                "paiements": self._rows(Payment, Payment.family_id == family_id),
                "affectations": self._rows(
                    PaymentAllocation, PaymentAllocation.payment_id.in_(payments)
                ),
            },
            "historique": self._rows(
                AuditEntry,
                AuditEntry.family_id == family_id,
                order=(AuditEntry.at, AuditEntry.id),
            ),
        }

    def zip_bytes(self, family_id, now, localizer=None):
        """The ZIP: one JSON per section, the documents' files, a LISEZMOI.txt (in the
        language of ``localizer``, French without one)."""
        data = self.collect(family_id)
        # Where a file is kept on the server is no business of the family's.
        keys = [dict(document) for document in data["documents"]]
        for document in data["documents"]:
            del document["storage_key"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "LISEZMOI.txt", _readme(localizer, town=self.tenant.name, when=now.isoformat())
            )
            for section, content in data.items():
                archive.writestr(f"{section}.json", _dump(content))
            for document in keys:
                name = f"documents/{document['id']}-{_safe_name(document['filename'])}"
                archive.writestr(name, self.files.read(document["storage_key"]))
        return buffer.getvalue()
