"""A Systempay simulator speaking the real protocol (spec §1.11), without Pyramid.

It checks the posted form (formats, signature with the shop's key, transaction id not
reused that UTC day), lets the payer pay, refuse, cancel or leave the payment pending, then
sends the signed IPN and builds the signed browser return. The web pages are in ``web``.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from portail_core.payments.simulation import Delivery, deliver, new_token
from portail_payment_systempay import protocol
from portail_payment_systempay.i18n import _

# choice → (vads_trans_status, vads_result, vads_auth_result)
CHOICES = {
    "pay": ("AUTHORISED", "00", "00"),
    "refuse": ("REFUSED", "05", "05"),
    "cancel": ("ABANDONED", "17", ""),
    "pending": ("UNDER_VERIFICATION", "00", ""),
}
ECHOED = (
    "vads_action_mode",
    "vads_amount",
    "vads_capture_delay",
    "vads_ctx_mode",
    "vads_currency",
    "vads_cust_email",
    "vads_cust_first_name",
    "vads_cust_id",
    "vads_cust_last_name",
    "vads_language",
    "vads_order_id",
    "vads_order_info",
    "vads_order_info2",
    "vads_order_info3",
    "vads_page_action",
    "vads_payment_config",
    "vads_site_id",
    "vads_trans_date",
    "vads_trans_id",
    "vads_validation_mode",
    "vads_version",
)
IPN_ONLY = ("vads_url_check_src",)
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


class SimulatorError(Exception):
    """The form is refused, as the gateway's error page: ``vads_result=30`` and the code
    of the faulty field in ``vads_extra_result`` (or a plain message)."""

    def __init__(self, message, extra_result=""):
        super().__init__(message)
        self.message = message
        self.extra_result = extra_result


@dataclass
class SimulatedPayment:
    token: str
    request: dict
    shop: dict
    choice: str | None = None
    trans_uuid: str = field(default_factory=lambda: uuid.uuid4().hex)
    output: dict = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def amount_cents(self):
        return int(self.request["vads_amount"])


class SystempaySimulator:
    """The simulated gateway for a set of shops (the régies' settings), state in ``store``."""

    def __init__(self, shops, store, http, clock=None):
        self.shops = {shop["site_id"]: shop for shop in shops}
        self.store = store
        self.http = http
        self.clock = clock or (lambda: datetime.now(UTC))

    def receive(self, fields):
        """Accept a posted payment form, or raise :class:`SimulatorError`."""
        code = protocol.request_field_error(fields)
        if code:
            raise SimulatorError(_("Formulaire refusé : champ invalide."), code)
        shop = self.shops.get(fields["vads_site_id"])
        if shop is None:
            raise SimulatorError(_("Boutique inconnue."), "02")
        key = _key(shop, fields["vads_ctx_mode"])
        if not key or not protocol.signature_matches(
            fields, key, shop["signature_algorithm"], fields.get("signature", "")
        ):
            raise SimulatorError(_("Signature incorrecte : le formulaire est refusé."))
        day_key = protocol.gateway_key(
            fields["vads_site_id"], fields["vads_trans_date"], fields["vads_trans_id"]
        )
        if not self.store.add_unique(f"trans:{day_key}", True):
            raise SimulatorError(_("Identifiant de transaction déjà utilisé ce jour."), "03")
        payment = SimulatedPayment(new_token(), dict(fields), shop)
        return self.store.put(payment.token, payment)

    def get(self, token):
        payment = self.store.get(token)
        return payment if isinstance(payment, SimulatedPayment) else None

    def choose(self, payment, choice):
        """Record the payer's choice and build the output fields. A pending payment may be
        decided later (the gateway then notifies with ``vads_url_check_src=BATCH``)."""
        if payment.choice not in (None, "pending"):
            raise SimulatorError(_("Ce paiement est déjà terminé."))
        status, result, auth_result = CHOICES[choice]
        output = {name: payment.request[name] for name in ECHOED if name in payment.request}
        output.update(
            {
                name: value
                for name, value in payment.request.items()
                if name.startswith("vads_ext_info_")
            }
        )
        paid = status == "AUTHORISED"
        output.update(
            {
                "vads_auth_mode": "FULL",
                "vads_auth_number": secrets.token_hex(3) if paid else "",
                "vads_auth_result": auth_result,
                "vads_card_brand": "CB",
                "vads_card_number": "497010XXXXXX0055",
                "vads_effective_amount": payment.request["vads_amount"],
                "vads_effective_creation_date": self.clock().strftime("%Y%m%d%H%M%S"),
                "vads_effective_currency": payment.request["vads_currency"],
                "vads_extra_result": "",
                "vads_operation_type": "DEBIT",
                "vads_payment_certificate": secrets.token_hex(20) if paid else "",
                "vads_result": result,
                "vads_sequence_number": "1",
                "vads_trans_status": status,
                "vads_trans_uuid": payment.trans_uuid,
                "vads_warranty_result": "YES" if paid else "",
            }
        )
        payment.choice = choice
        payment.output = output
        return payment

    def signed(self, payment, fields):
        fields = dict(fields)
        fields["signature"] = protocol.sign(
            fields,
            _key(payment.shop, fields["vads_ctx_mode"]),
            payment.shop["signature_algorithm"],
        )
        return fields

    def ipn_body(self, payment, src="PAY"):
        """The form-encoded IPN body (``src``: PAY, RETRY, BO…), signed."""
        fields = self.signed(payment, {**payment.output, "vads_url_check_src": src})
        return urlencode(sorted(fields.items()))

    def notify(self, payment, src="PAY"):
        """POST the IPN to ``vads_url_check`` over HTTP and record the portal's answer."""
        url = payment.request.get("vads_url_check", "")
        if not url:
            delivery = Delivery("POST", "", "", error="no IPN URL (vads_url_check) in the form")
        else:
            delivery = deliver(self.http, "POST", url, self.ipn_body(payment, src), FORM_HEADERS)
        payment.deliveries.append(delivery)
        return delivery

    def browser_return(self, payment):
        """``(method, url, fields)`` of the browser's return (spec §1.5)."""
        per_outcome = {
            "pay": "vads_url_success",
            "refuse": "vads_url_refused",
            "cancel": "vads_url_cancel",
        }.get(payment.choice, "vads_url_return")
        url = payment.request.get(per_outcome) or payment.request.get("vads_url_return", "")
        mode = payment.request.get("vads_return_mode", "") or "NONE"
        if mode == "NONE":
            return "GET", url, {}
        fields = {k: v for k, v in payment.output.items() if k not in IPN_ONLY}
        return mode, url, self.signed(payment, fields)


def _key(shop, mode):
    return shop["key_test"] if mode == "TEST" else shop["key_production"]
