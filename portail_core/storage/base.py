"""Files that families and agents upload, stored outside the database, per tenant.

A file is kept under the key ``<tenant>/<two hex>/<random name>``, in the folder
``portail.files_dir`` (:class:`LocalFileStore`, the default) or in an S3-compatible bucket
(:class:`portail_core.storage.s3.S3FileStore`), as ``portail.files_backend`` says; the
database keeps only that key. Names given by users are never used as paths. The kind of a file is
recognised from its content (``filetype``), never from its name.
"""

import re
import secrets
from abc import ABC, abstractmethod
from pathlib import Path

import filetype

from portail_core.i18n import _

# What the product accepts, by content: MIME type -> usual extension.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
}


class StorageError(ValueError):
    """A file refused: the message is French and meant for the user."""


def sniff(data: bytes, allowed=DOCUMENT_TYPES):
    """The MIME type of ``data`` if it is one of ``allowed``, else raise :class:`StorageError`."""
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in allowed:
        extensions = ", ".join(f".{ext}" for ext in sorted(set(allowed.values())))
        raise StorageError(
            _(
                "Ce fichier n'est pas d'un format accepté (${extensions}).",
                mapping={"extensions": extensions},
            )
        )
    return kind.mime


KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(/[a-z0-9_]+)*/[0-9a-f]{2}/[0-9a-f]{32}$")


def new_key(prefix):
    """A fresh key under ``prefix`` (``<tenant>`` or ``<tenant>/kept``): never a user's name."""
    name = secrets.token_hex(16)
    return f"{prefix}/{name[:2]}/{name}"


def check_key(key):
    if not KEY_RE.match(key or ""):
        raise StorageError(_("Clé de fichier invalide."))
    return key


class FileStore(ABC):
    """What the application asks of a file store; the keys are the store's own."""

    @abstractmethod
    def put(self, tenant_id, data: bytes) -> str:
        """Write ``data`` under a new key (``<tenant>/<xx>/<random>``) and return the key."""

    @abstractmethod
    def read(self, key) -> bytes:
        """The bytes of ``key``; :class:`FileNotFoundError` when there are none."""

    @abstractmethod
    def delete(self, key):
        """Forget ``key`` (nothing happens when it is already gone)."""

    @abstractmethod
    def delete_older_than(self, prefix, timestamp):
        """Delete the files under ``prefix/`` last written before ``timestamp`` (epoch s)."""


class LocalFileStore(FileStore):
    """Files under one folder (``portail.files_dir``), shared by the hosts (NFS) if several."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        path = (self.root / check_key(key)).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError(_("Clé de fichier invalide."))
        return path

    def put(self, tenant_id, data: bytes) -> str:
        key = new_key(tenant_id)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(data)
        return key

    def read(self, key) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)

    def delete_older_than(self, prefix, timestamp):
        folder = self.root / prefix
        if not folder.is_dir():
            return
        for path in folder.glob("*/*"):
            if path.is_file() and path.stat().st_mtime < timestamp:
                path.unlink(missing_ok=True)
