"""Sending the browser to the gateway: what the core's payment view returns once
:meth:`PaymentBackend.start` has answered (and the attempt's references are stored)."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from portail_core.payments.types import FormStart, RedirectStart

REDIRECT_TEMPLATE = "portail_core:templates/payments/redirect.pt"


def start_response(request, start, gateway_label=""):
    """A 303 to the gateway for a :class:`RedirectStart`; for a :class:`FormStart`, a page
    whose form posts the signed fields to the gateway — submitted by
    ``static/payment_redirect.js``, or by the parent's click without JavaScript."""
    if isinstance(start, RedirectStart):
        return HTTPSeeOther(start.url)
    if not isinstance(start, FormStart):
        raise TypeError(f"unexpected start: {start!r}")
    values = {"start": start, "gateway_label": gateway_label}
    return render_to_response(REDIRECT_TEMPLATE, values, request=request)
