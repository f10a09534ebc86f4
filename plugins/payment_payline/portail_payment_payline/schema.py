"""Settings of a régie paid through Payline (``[regies.<id>.payment_settings]``)."""

import colander

from portail_core.payments.base import RegieSettingsSchema
from portail_payment_payline.protocol import MODES

SIMULATOR_URL = "/_simulateur/payline/V4/services/WebPaymentAPI"


class _Contracts(colander.SequenceSchema):
    contract = colander.SchemaNode(colander.String(), validator=colander.Length(1, 20))


class PaylineSettings(RegieSettingsSchema):
    """The régie's Payline merchant account, point-of-sale contract and environment."""

    mode = colander.SchemaNode(colander.String(), validator=colander.OneOf(MODES))
    merchant_id = colander.SchemaNode(
        colander.String(),
        validator=colander.Regex(r"^\d{4,20}$", "Identifiant marchand (chiffres) attendu"),
    )
    access_key = colander.SchemaNode(
        colander.String(), validator=colander.Length(min=8), secret=True
    )
    contract_number = colander.SchemaNode(colander.String(), validator=colander.Length(1, 20))
    # Other contracts offered on the payment page, besides contract_number.
    other_contracts = _Contracts(missing=())
    api_version = colander.SchemaNode(
        colander.String(), missing="26", validator=colander.Regex(r"^\d{1,3}$")
    )
    # Empty: Payline's homologation or production endpoint, after ``mode``.
    service_url = colander.SchemaNode(colander.String(), missing="")
