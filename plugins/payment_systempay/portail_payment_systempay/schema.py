"""Settings of a régie paid through Systempay (``[regies.<id>.payment_settings]``)."""

import colander

from portail_core.payments.base import RegieSettingsSchema, invalid_setting
from portail_payment_systempay.i18n import _
from portail_payment_systempay.protocol import ALGORITHMS, MODES

PRODUCTION_URL = "https://paiement.systempay.fr/vads-payment/"
SIMULATOR_URL = "/_simulateur/systempay/vads-payment/"


class SystempaySettings(RegieSettingsSchema):
    """The shop of the régie: site id, keys of both modes, algorithm, mode."""

    mode = colander.SchemaNode(colander.String(), validator=colander.OneOf(MODES))
    site_id = colander.SchemaNode(
        colander.String(),
        validator=colander.Regex(r"^\d{8}$", _("Identifiant de boutique à 8 chiffres attendu")),
    )
    key_test = colander.SchemaNode(colander.String(), validator=colander.Length(min=8), secret=True)
    key_production = colander.SchemaNode(
        colander.String(), missing="", validator=colander.Length(min=8), secret=True
    )
    signature_algorithm = colander.SchemaNode(
        colander.String(), missing="HMAC-SHA-256", validator=colander.OneOf(ALGORITHMS)
    )
    payment_url = colander.SchemaNode(colander.String(), missing=PRODUCTION_URL)
    # Send vads_url_check so the IPN reaches the portal's own notification URL, whatever
    # the back office says (the shop must allow the override).
    send_url_check = colander.SchemaNode(colander.Boolean(), missing=True)
    payment_cards = colander.SchemaNode(
        colander.String(),
        missing="",
        validator=colander.Regex(r"^[A-Z0-9_;]*$", _("Marques séparées par « ; » attendues")),
    )

    def validator(self, node, values):
        if values["mode"] == "PRODUCTION" and not values["key_production"]:
            raise invalid_setting(node, "key_production", _("Clé de production requise"))
