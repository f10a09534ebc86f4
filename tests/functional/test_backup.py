"""``portail-backup`` then ``portail-restore`` into an empty database: every family, document
(with its file) and payment comes back. On SQLite and on PostgreSQL (a new database)."""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from portail_core.backup import BackupError, backup, restore
from portail_core.models.billing import Payment
from portail_core.models.family import Family
from portail_core.models.family_records import Document
from portail_core.services.family.documents import DocumentService

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def with_documents(app, dbsession):
    """A document in each Balaruc demo family."""
    tenant = app.registry.tenants.get("balaruc")
    service = DocumentService(dbsession, tenant, app.registry.file_store)
    for family in dbsession.scalars(select(Family).where(Family.tenant_id == "balaruc")):
        upload = {"filename": "a.pdf", "mime_type": "application/pdf", "data": PDF}
        service.create(family, None, {"name": "Doc", "doc_type": ""}, upload, None)
    dbsession.commit()


def snapshot(url):
    engine = create_engine(url)
    with engine.connect() as connection:
        families = connection.execute(
            select(Family.tenant_id, Family.name).order_by(Family.id)
        ).all()
        documents = connection.execute(
            select(Document.id, Document.storage_key, Document.filename).order_by(Document.id)
        ).all()
        payments = connection.execute(select(Payment.id, Payment.amount, Payment.state)).all()
    engine.dispose()
    return families, documents, payments


@pytest.fixture
def empty_database(database, tmp_path):
    """The URL of a new, empty database of the same kind (then dropped)."""
    url = make_url(database.url)
    if database.dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = f"portail_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database.base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_backup_then_restore_into_an_empty_database(
    demo_data, app, dbsession, database, empty_database, tmp_path
):
    with_documents(app, dbsession)
    files = Path(app.registry.file_store.root)
    before = snapshot(database.url)
    assert before[0] and before[1] and before[2]

    target = tmp_path / "sauvegarde"
    manifest = backup(database.url, files, target)
    assert manifest["dialect"] == database.dialect
    restored_files = tmp_path / "fichiers"
    restore(empty_database, restored_files, target)

    assert snapshot(empty_database) == before
    for _, key, _ in before[1]:
        assert (restored_files / key).read_bytes() == (files / key).read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(demo_data, app, database, tmp_path):
    target = tmp_path / "sauvegarde"
    backup(database.url, app.registry.file_store.root, target)
    with pytest.raises(BackupError, match="pas vide"):
        restore(database.url, tmp_path / "f", target)
    with pytest.raises(BackupError, match="pas vide"):
        backup(database.url, app.registry.file_store.root, target)
