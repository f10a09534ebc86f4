"""PayFiP Régie (TIPI) for Portail Familles: the payment backend and its local simulator.

Hook implementations only; the protocol is in ``protocol`` (and ``legacy``), the backend
in ``backend``, the simulator in ``simulator`` (logic) and ``web`` (service and pages).
"""

from portail_core import hookimpl
from portail_payment_tipi.backend import TipiBackend

PLUGIN_ID = "payment_tipi"


@hookimpl
def portail_register_payment_backends(registry):
    registry.add(TipiBackend)


@hookimpl
def portail_pyramid_configure(config):
    config.include("portail_payment_tipi.web")
