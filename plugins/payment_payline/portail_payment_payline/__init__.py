"""Payline (Monext) for Portail Familles: the payment backend and its local simulator.

Hook implementations only; the protocol is in ``protocol``, the backend in ``backend``,
the simulator in ``simulator`` (logic) and ``web`` (service and pages).
"""

from portail_core import hookimpl
from portail_payment_payline.backend import PaylineBackend

PLUGIN_ID = "payment_payline"


@hookimpl
def portail_register_payment_backends(registry):
    registry.add(PaylineBackend)


@hookimpl
def portail_pyramid_configure(config):
    config.include("portail_payment_payline.web")
