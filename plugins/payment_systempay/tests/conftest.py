"""Systempay's gateway double for the tests: the plugin's own simulator, in process."""

from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.backend import SystempayBackend
from portail_payment_systempay.simulator import SystempaySimulator

from portail_core.payments.simulation import SimulatorStore, with_query
from portail_core.payments.types import Outcome
from portail_core.testing.payments import notification

TEST_KEY = "TestKey0123456789"
PROD_KEY = "ProdKey9876543210"
CHOICE = {
    Outcome.PAID: "pay",
    Outcome.REFUSED: "refuse",
    Outcome.CANCELLED: "cancel",
    Outcome.PENDING: "pending",
}


def shop(**overrides):
    values = {
        "mode": "TEST",
        "site_id": "12345678",
        "key_test": TEST_KEY,
        "key_production": PROD_KEY,
        "payment_url": "/_simulateur/systempay/vads-payment/",
        "simulator_enabled": True,
    }
    values.update(overrides)
    return values


OTHER_SHOP = shop(site_id="87654321", key_test="OtherTestKey4242", key_production="OtherProd4242")


class SystempayGateway:
    """The simulator serving both shops; IPNs are handed back instead of being posted."""

    http = None

    def __init__(self):
        shops = [SystempayBackend.validate_settings(s) for s in (shop(), OTHER_SHOP)]
        self.simulator = SystempaySimulator(shops, SimulatorStore(), http=None)
        self.payments = {}

    def _payment(self, start):
        if start.gateway_key not in self.payments:
            self.payments[start.gateway_key] = self.simulator.receive(dict(start.fields))
        return self.payments[start.gateway_key]

    def amount_sent(self, start):
        return dict(start.fields)["vads_amount"]

    def complete(self, start, outcome, amount_cents=None):
        payment = self.simulator.choose(self._payment(start), CHOICE[outcome])
        if amount_cents is not None:
            payment.output["vads_amount"] = str(amount_cents)
            payment.output["vads_effective_amount"] = str(amount_cents)
        url = payment.request["vads_url_check"]
        return notification("POST", url, self.simulator.ipn_body(payment))

    def tamper(self, message):
        body = message.body.decode().replace("vads_amount=", "vads_amount=1")
        return notification("POST", message.url, body)

    def browser_return(self, start):
        method, url, fields = self.simulator.browser_return(self._payment(start))
        parts = urlsplit(url)
        return notification(
            "GET", with_query(f"{parts.scheme}://{parts.netloc}{parts.path}", fields)
        )


@pytest.fixture
def systempay_gateway():
    return SystempayGateway()
