"""Sending the browser to the gateway: a 303 for a redirect, a form posted by a script
file (or by the parent's click) for a signed form; never an inline script."""

import pytest

from portail_core import hookimpl
from portail_core.payments.types import FormStart, RedirectStart
from portail_core.payments.web import start_response

FORM = FormStart(
    gateway_key="12345678-20240915-000123",
    references={},
    action="https://paiement.systempay.fr/vads-payment/",
    fields=(("vads_amount", "4250"), ("vads_cust_last_name", "Dupré <b>"), ("signature", "x+/=")),
)
REDIRECT = RedirectStart(gateway_key="idop", references={}, url="https://www.payfip.gouv.fr/x")


class Starts:
    @hookimpl
    def portail_pyramid_configure(self, config):
        config.add_route("test_start.form", "/_test-start/form")
        config.add_route("test_start.redirect", "/_test-start/redirect")
        config.add_view(
            lambda r: start_response(r, FORM, "Systempay"), route_name="test_start.form"
        )
        config.add_view(lambda r: start_response(r, REDIRECT), route_name="test_start.redirect")


@pytest.fixture
def client(make_app, client_for):
    app = make_app(**{"portail.extra_plugin_objects": [("test_start", Starts())]})
    return client_for("balaruc", app)


def test_a_redirect_is_a_303_to_the_gateway(client):
    response = client.get("/_test-start/redirect", status=303)
    assert response.location == "https://www.payfip.gouv.fr/x"


def test_a_form_is_posted_by_a_script_file(client):
    page = client.get("/_test-start/form")
    form = page.forms["payment-redirect"]
    assert form.action == "https://paiement.systempay.fr/vads-payment/"
    assert form.method.upper() == "POST"
    assert [
        (name, field.value) for name, fields in form.fields.items() if name for field in fields
    ] == [
        ("vads_amount", "4250"),
        ("vads_cust_last_name", "Dupré <b>"),
        ("signature", "x+/="),
    ]
    assert "Dupré &lt;b&gt;" in page.text  # escaped, never markup
    assert "static/payment_redirect.js" in page.text
    assert "<script>" not in page.text and "style=" not in page.text
    assert "Accéder au paiement" in page.text and "Systempay" in page.text
