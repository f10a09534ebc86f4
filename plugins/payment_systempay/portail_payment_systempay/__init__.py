"""Systempay for Portail Familles: the payment backend and its local simulator.

Hook implementations only; the protocol is in ``protocol``, the backend in ``backend``,
the simulator in ``simulator`` (logic) and ``web`` (pages).
"""

from portail_core import hookimpl
from portail_payment_systempay.backend import SystempayBackend

PLUGIN_ID = "payment_systempay"


@hookimpl
def portail_register_payment_backends(registry):
    registry.add(SystempayBackend)


@hookimpl
def portail_pyramid_configure(config):
    config.include("portail_payment_systempay.web")
