"""Files that families and agents upload, kept outside the database, per tenant.

``base`` holds the interface, the key rules and the local folder backend; ``s3`` the
S3-compatible object store. ``portail.files_backend`` chooses one (``local`` by default).
"""

from portail_core.storage.base import (
    DOCUMENT_TYPES,
    FileStore,
    LocalFileStore,
    StorageError,
    check_key,
    new_key,
    sniff,
)

__all__ = [
    "DOCUMENT_TYPES",
    "FileStore",
    "LocalFileStore",
    "StorageError",
    "check_key",
    "new_key",
    "sniff",
]

BACKENDS = ("local", "s3")


def store_from_settings(settings):
    """The store ``portail.files_backend`` names: ``local`` (default) or ``s3``."""
    backend = settings.get("portail.files_backend", "local") or "local"
    if backend == "local":
        return LocalFileStore(settings["portail.files_dir"])
    if backend == "s3":
        from portail_core.storage.s3 import S3FileStore

        return S3FileStore.from_settings(settings)
    raise ValueError(f"portail.files_backend = {backend!r}: expected one of {', '.join(BACKENDS)}")


def includeme(config):
    store = store_from_settings(config.get_settings())
    config.registry.file_store = store
    config.add_request_method(lambda request: request.registry.file_store, "files", reify=True)
