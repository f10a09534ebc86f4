"""Request bodies have explicit limits, answered before the body is read, in French."""

import io

import pytest
from sqlalchemy import func, select
from webob import Request

from portail_core.models.content import ContactMessage


def _big_form(client, size):
    token = client.csrf_token()
    return {"csrf_token": token, "message": "x" * size}


def test_a_form_over_the_limit_gets_the_french_413_page(balaruc, dbsession):
    response = balaruc.post("/contactez-nous", _big_form(balaruc, 1024 * 1024 + 1), status=413)
    assert "Envoi trop volumineux" in response.text
    assert "1 Mo" in response.text
    assert response.headers["Content-Security-Policy"]
    assert dbsession.scalar(select(func.count()).select_from(ContactMessage)) == 0


def test_an_upload_may_be_larger_than_a_form_but_has_its_own_limit(demo_data, balaruc):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    token = balaruc.csrf_token()
    files = [("file", "grand.pdf", b"%PDF-1.4\n" + b"0" * (13 * 1024 * 1024))]
    response = balaruc.post(
        "/famille/documents/nouveau", {"csrf_token": token}, upload_files=files, status=413
    )
    assert "12 Mo" in response.text


def _send(client, body, **environ):
    """Straight to the WSGI app: WebTest would read the whole body first."""
    request = Request.blank(
        "/contactez-nous",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookies(client)},
    )
    request.environ.update(client.extra_environ)
    request.environ["wsgi.input"] = io.BytesIO(body)
    request.environ.update(environ)
    return request.get_response(client.app)


def _cookies(client):
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def test_a_body_declaring_a_huge_length_is_refused_unread(balaruc):
    response = _send(balaruc, b"a=b", CONTENT_LENGTH=str(10**12))
    assert response.status_int == 413
    assert "Envoi trop volumineux" in response.text


@pytest.mark.parametrize("size", [10, 2 * 1024 * 1024])
def test_a_chunked_body_is_read_up_to_the_limit_only(balaruc, size):
    token = balaruc.csrf_token()
    body = f"csrf_token={token}&message=".encode() + b"x" * size
    chunked = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}
    response = _send(balaruc, body, CONTENT_LENGTH="", **chunked)
    if size > 1024 * 1024:
        assert response.status_int == 413
    else:
        assert response.status_int < 500
