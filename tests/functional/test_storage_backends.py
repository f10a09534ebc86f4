"""The file store's two backends keep one contract: the local folder and an S3-compatible
object store, the latter against moto's S3 server started here on a free local port."""

import time

import pytest
from sqlalchemy import select

from portail_core.models.content import Download
from portail_core.storage import LocalFileStore, StorageError, store_from_settings
from portail_core.testing.fixtures import PortalClient

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "portail-fichiers"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1 (port chosen by the system), one bucket made."""
    server_module = pytest.importorskip(
        "moto.server", reason="moto[server] is not installed: pip install -e '.[test]'"
    )
    boto3 = pytest.importorskip("boto3", reason="boto3 is not installed: pip install boto3")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "test-access-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret-key",
            "AWS_DEFAULT_REGION": "eu-west-3",
        }.items():
            patch.setenv(name, value)
        boto3.client("s3", endpoint_url=url).create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        yield url
    server.stop()


def s3_settings(endpoint, prefix=""):
    return {
        "portail.files_backend": "s3",
        "portail.files_s3.bucket": BUCKET,
        "portail.files_s3.endpoint_url": endpoint,
        "portail.files_s3.prefix": prefix,
    }


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalFileStore(tmp_path)
    endpoint = request.getfixturevalue("s3_endpoint")
    return store_from_settings(s3_settings(endpoint, prefix=f"run-{time.time_ns()}"))


def test_put_read_delete(store):
    key = store.put("balaruc", PDF)
    assert key.startswith("balaruc/") and len(key.rsplit("/", 1)[1]) == 32
    assert store.read(key) == PDF
    other = store.put("balaruc", PDF)
    assert other != key  # a new name each time, whatever the content
    store.delete(key)
    with pytest.raises(FileNotFoundError):
        store.read(key)
    store.delete(key)  # already gone: nothing happens
    assert store.read(other) == PDF


@pytest.mark.parametrize("key", ["../etc/passwd", "balaruc/../../x", "/balaruc/ab/x", ""])
def test_a_forged_key_is_refused(store, key):
    with pytest.raises(StorageError):
        store.read(key)


def test_old_files_under_a_prefix_are_swept(store):
    old = store.put("balaruc/kept", PDF)
    other_tenant = store.put("batz/kept", PDF)
    kept_document = store.put("balaruc", PDF)
    store.delete_older_than("balaruc/kept", time.time() + 60)  # "older than in a minute"
    with pytest.raises(FileNotFoundError):
        store.read(old)
    assert store.read(other_tenant) == PDF and store.read(kept_document) == PDF
    fresh = store.put("balaruc/kept", PDF)
    store.delete_older_than("balaruc/kept", time.time() - 3600)
    assert store.read(fresh) == PDF


def test_the_setting_chooses_the_backend(tmp_path):
    assert isinstance(store_from_settings({"portail.files_dir": str(tmp_path)}), LocalFileStore)
    with pytest.raises(ValueError, match="portail.files_backend"):
        store_from_settings({"portail.files_backend": "ftp", "portail.files_dir": "x"})
    with pytest.raises(ValueError, match="bucket"):
        store_from_settings({"portail.files_backend": "s3"})


def test_the_portal_serves_its_files_from_the_object_store(make_app, s3_endpoint, dbsession):
    """The whole application on S3: the demo's downloads go to the bucket and come back."""
    from portail_core.demo.builder import load_demo

    app = make_app(**s3_settings(s3_endpoint, prefix="portail"))
    assert type(app.registry.file_store).__name__ == "S3FileStore"
    load_demo(dbsession, app.registry)
    dbsession.commit()
    download = dbsession.scalars(
        select(Download).where(Download.tenant_id == "balaruc").order_by(Download.id)
    ).first()
    assert download is not None
    assert app.registry.file_store.read(download.file_key).startswith(b"%PDF")
    page = PortalClient(app, "balaruc.localhost").get(f"/telechargements/{download.id}")
    assert page.content_type == "application/pdf" and page.body.startswith(b"%PDF")
