"""Settings of a régie paid through PayFiP (``[regies.<id>.payment_settings]``)."""

import colander

from portail_core.payments.base import RegieSettingsSchema
from portail_payment_tipi.i18n import _
from portail_payment_tipi.protocol import MODES

PRODUCTION_URL = "https://www.payfip.gouv.fr/tpa/"
SIMULATOR_URL = "/_simulateur/tipi/tpa/"
WEB_SERVICE = "webservice"
LEGACY = "legacy"


class TipiSettings(RegieSettingsSchema):
    """The régie's DGFiP client number and mode. PayFiP has no secret: the web service
    authenticates nobody, which is why results are always read back from it."""

    mode = colander.SchemaNode(colander.String(), validator=colander.OneOf(MODES))
    numcli = colander.SchemaNode(
        colander.String(),
        validator=colander.Regex(r"^\d{6}$", _("Numéro client à 6 chiffres attendu (ex. 006270)")),
    )
    # webservice: PayFiP Régie Web-Service (recommended); legacy: the unsigned paiement.web
    # URL, only for a régie whose adhesion is not web-service.
    variant = colander.SchemaNode(
        colander.String(), missing=WEB_SERVICE, validator=colander.OneOf([WEB_SERVICE, LEGACY])
    )
    # Base of tpa/services/securite, tpa/paiementws.web and tpa/paiement.web.
    gateway_url = colander.SchemaNode(colander.String(), missing=PRODUCTION_URL)
