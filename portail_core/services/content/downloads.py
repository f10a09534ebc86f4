"""The commune's downloads (« Téléchargements SEJ »): PDF files in the FileStore, in order.

A file is accepted only if its content is a PDF (never judged by its name) and weighs at
most 10 Mo. The database keeps the file's key; the FileStore keeps the bytes.
"""

import re
import unicodedata

from sqlalchemy import select

from portail_core.i18n import _
from portail_core.models.content import Download
from portail_core.services.content.ordering import move, next_position
from portail_core.storage import StorageError, sniff

MAX_SIZE = 10 * 1024 * 1024
PDF_ONLY = {"application/pdf": "pdf"}
TOO_BIG = _("Le fichier dépasse 10 Mo : réduisez-le (par exemple en l'enregistrant en PDF allégé).")


def read_upload(stream, max_size=None):
    """Read an uploaded file without holding more than ``max_size + 1`` bytes (10 Mo)."""
    max_size = MAX_SIZE if max_size is None else max_size
    data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise StorageError(TOO_BIG)
    if not data:
        raise StorageError(_("Le fichier est vide."))
    return data


def check_pdf(data):
    """The MIME type of ``data`` if it is a PDF of at most 10 Mo; else :class:`StorageError`."""
    if len(data) > MAX_SIZE:
        raise StorageError(TOO_BIG)
    return sniff(data, allowed=PDF_ONLY)


def attachment_name(title, extension="pdf"):
    """An ASCII file name made from a title: « Règlement ALP ALE » → Reglement-ALP-ALE.pdf."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-")[:80] or "document"
    return f"{stem}.{extension}"


class DownloadService:
    """Downloads of one tenant; files go to and come from ``files`` (a FileStore)."""

    def __init__(self, dbsession, tenant, files):
        self.dbsession = dbsession
        self.tenant = tenant
        self.files = files

    def _query(self, published_only):
        query = select(Download).where(Download.tenant_id == self.tenant.id)
        if published_only:
            query = query.where(Download.published.is_(True))
        return query.order_by(Download.position, Download.id)

    def listing(self, published_only=True):
        return self.dbsession.scalars(self._query(published_only)).all()

    def get(self, download_id, published_only=True):
        return self.dbsession.scalar(self._query(published_only).where(Download.id == download_id))

    def add(self, title, data, published=True):
        """Store a new PDF at the end of the list. The file is written at once: call
        :meth:`forget_file` if the transaction aborts (the views do)."""
        content_type = check_pdf(data)
        positions = self.dbsession.scalars(
            select(Download.position).where(Download.tenant_id == self.tenant.id)
        ).all()
        download = Download(
            tenant_id=self.tenant.id,
            title=title,
            file_key=self.files.put(self.tenant.id, data),
            content_type=content_type,
            size=len(data),
            position=next_position(positions),
            published=published,
        )
        self.dbsession.add(download)
        self.dbsession.flush()
        return download

    def replace_file(self, download, data):
        """Put a new PDF behind an existing download; return the old file's key."""
        download.content_type = check_pdf(data)
        old_key = download.file_key
        download.file_key = self.files.put(self.tenant.id, data)
        download.size = len(data)
        return old_key

    def update(self, download, title, published):
        download.title = title
        download.published = published

    def delete(self, download):
        """Remove the row; return the file's key, to delete once the removal is committed."""
        self.dbsession.delete(download)
        return download.file_key

    def move(self, download, direction):
        return move(self.listing(published_only=False), download, direction)

    def read(self, download):
        return self.files.read(download.file_key)

    def forget_file(self, key):
        self.files.delete(key)
