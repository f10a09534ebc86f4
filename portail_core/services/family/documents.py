"""Supporting documents: checked by name, size and content, stored per tenant, reviewed by agents.

The family sends a document (received), an agent validates or refuses it with a reason;
each step is written in the family's audit trail.
"""

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portail_core.i18n import _
from portail_core.models.family_records import RECEIVED, REFUSED, VALIDATED, Document
from portail_core.models.types import utcnow
from portail_core.paging import Pager
from portail_core.services.audit.trail import AuditTrail
from portail_core.storage import StorageError, sniff

MAX_DOCUMENT_SIZE = 2 * 1024 * 1024
FAMILY_PER_PAGE = 5
QUEUE_PER_PAGE = 20
# Path separators, parent references, markup and control characters have no place in a name.
UNSAFE_NAME = re.compile(r"(\.\.|[/\\<>\"`]|[\x00-\x1f\x7f])")


class DocumentError(ValueError):
    """A document refused; ``field`` is the form field the French message belongs beside."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def name_problem(name):
    """Why a file or document name is refused, or ``None``."""
    normalised = unicodedata.normalize("NFC", name or "")
    if UNSAFE_NAME.search(normalised):
        return _("Ce nom contient des caractères interdits (/, \\, .., <, >, guillemets).")
    return None


def check_upload(filename, data):
    """The MIME type of an uploaded file, or raise :class:`DocumentError` (field ``file``)."""
    problem = name_problem(filename)
    if problem:
        message = _(
            "Nom de fichier refusé : ${problem} Renommez le fichier.", mapping={"problem": problem}
        )
        raise DocumentError("file", message)
    if len(filename) > 200:
        raise DocumentError("file", _("Nom de fichier trop long (200 caractères au plus)."))
    if not data:
        raise DocumentError("file", _("Le fichier est vide."))
    if len(data) > MAX_DOCUMENT_SIZE:
        raise DocumentError("file", _("Le fichier dépasse la taille maximale de 2 Mo."))
    try:
        return sniff(data)
    except StorageError as exc:
        raise DocumentError("file", str(exc)) from exc


class DocumentService:
    def __init__(self, dbsession, tenant, files):
        self.dbsession = dbsession
        self.tenant = tenant
        self.files = files
        self.history = AuditTrail(dbsession, tenant)

    def _query(self):
        return select(Document).where(Document.tenant_id == self.tenant.id)

    # -- families -----------------------------------------------------------------------
    def create(self, family, child, values, upload, actor):
        """Store a checked upload (``filename``, ``mime_type``, ``data``) as a new document."""
        key = self.files.put(self.tenant.id, upload["data"])
        document = Document(
            tenant_id=self.tenant.id,
            family_id=family.id,
            child=child,
            name=values["name"],
            doc_type=values["doc_type"],
            filename=upload["filename"],
            mime_type=upload["mime_type"],
            size=len(upload["data"]),
            storage_key=key,
            status=RECEIVED,
            uploaded_at=utcnow(),
            uploaded_by_id=actor.id if actor is not None else None,
        )
        self.dbsession.add(document)
        self.dbsession.flush()
        # The history is written in French, the reference text (see ``services/audit``).
        about = child.full_name if child is not None else "Dossier famille"  # i18n: ignore
        self.history.change(
            family,
            f"Document « {document.name} »",  # i18n: ignore
            _("Envoi"),
            None,
            f"{document.doc_type or 'Document'} — {about} — {document.filename}",
            actor,
            child,
            action="create",
            target_type="document",
            target_id=document.id,
        )
        return document

    def page_for_family(self, family_id, number, per_page=FAMILY_PER_PAGE):
        """A family's documents, newest first, one page: ``(documents, pager)``."""
        where = (Document.tenant_id == self.tenant.id, Document.family_id == family_id)
        total = self.dbsession.scalar(select(func.count(Document.id)).where(*where))
        pager = Pager(number, per_page, total)
        rows = self.dbsession.scalars(
            select(Document)
            .where(*where)
            .options(selectinload(Document.child))
            .order_by(Document.uploaded_at.desc(), Document.id.desc())
            .offset(pager.offset)
            .limit(per_page)
        ).all()
        return rows, pager

    def for_family(self, family_id, document_id):
        """A document of that family, or ``None`` (never another family's)."""
        return self.dbsession.scalar(
            self._query().where(Document.family_id == family_id, Document.id == document_id)
        )

    def read(self, document):
        return self.files.read(document.storage_key)

    # -- agents -------------------------------------------------------------------------
    def get(self, document_id):
        return self.dbsession.scalar(
            self._query()
            .where(Document.id == document_id)
            .options(selectinload(Document.family), selectinload(Document.child))
        )

    def queue(self, status=RECEIVED, number=1, per_page=QUEUE_PER_PAGE):
        """Documents in a status (the documents to check by default), oldest first."""
        where = (Document.tenant_id == self.tenant.id, Document.status == status)
        total = self.dbsession.scalar(select(func.count(Document.id)).where(*where))
        pager = Pager(number, per_page, total)
        rows = self.dbsession.scalars(
            select(Document)
            .where(*where)
            .options(selectinload(Document.family), selectinload(Document.child))
            .order_by(Document.uploaded_at, Document.id)
            .offset(pager.offset)
            .limit(per_page)
        ).all()
        return rows, pager

    def count_to_check(self):
        return self.dbsession.scalar(
            select(func.count(Document.id)).where(
                Document.tenant_id == self.tenant.id, Document.status == RECEIVED
            )
        )

    def validate(self, document, actor):
        self._review(document, VALIDATED, "", actor)

    def refuse(self, document, reason, actor):
        if not reason:
            raise DocumentError("reason", _("Indiquez le motif du refus : la famille le lira."))
        self._review(document, REFUSED, reason, actor)

    def _review(self, document, status, reason, actor):
        old = document.status_label
        document.status = status
        document.refusal_reason = reason
        document.reviewed_at = utcnow()
        document.reviewed_by_id = actor.id
        new = document.status_label + (f" : {reason}" if reason else "")
        self.history.change(
            document.family,
            f"Document « {document.name} »",  # i18n: ignore
            _("État"),
            old,
            new,
            actor,
            document.child,
            target_type="document",
            target_id=document.id,
        )
