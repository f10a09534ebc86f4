"""Files that families and agents upload, stored outside the database, per tenant.

A file is kept under ``portail.files_dir/<tenant>/<two hex>/<random name>``; the database
keeps only that key. Names given by users are never used as paths. The kind of a file is
recognised from its content (``filetype``), never from its name.
"""

import secrets
from pathlib import Path

import filetype

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
        raise StorageError(f"Ce fichier n'est pas d'un format accepté ({extensions}).")
    return kind.mime


class FileStore:
    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError("Clé de fichier invalide.")
        return path

    def put(self, tenant_id, data: bytes) -> str:
        """Write ``data`` and return its key (``<tenant>/<xx>/<random>``)."""
        name = secrets.token_hex(16)
        key = f"{tenant_id}/{name[:2]}/{name}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(data)
        return key

    def read(self, key) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)


def includeme(config):
    settings = config.get_settings()
    store = FileStore(settings["portail.files_dir"])
    config.registry.file_store = store
    config.add_request_method(lambda request: request.registry.file_store, "files", reify=True)
