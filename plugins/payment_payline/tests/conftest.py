"""Payline's gateway double for the tests: the plugin's own simulator, in process."""

import pytest
from portail_payment_payline.backend import PaylineBackend
from portail_payment_payline.simulator import PaylineSimulator

from portail_core.payments.simulation import InProcessHttp, SimulatorStore
from portail_core.payments.types import Outcome
from portail_core.testing.payments import notification

CHOICE = {Outcome.PAID: "pay", Outcome.REFUSED: "refuse", Outcome.CANCELLED: "cancel"}
ACCESS_KEY = "abCdeFgHiJKLmNoPqrst"


def merchant(**overrides):
    values = {
        "mode": "HOMOLOGATION",
        "merchant_id": "12345678901234",
        "access_key": ACCESS_KEY,
        "contract_number": "1234567",
        "service_url": "/_simulateur/payline/V4/services/WebPaymentAPI",
        "simulator_enabled": True,
    }
    values.update(overrides)
    return values


OTHER_MERCHANT = merchant(
    merchant_id="76543210987654", access_key="Zx9Wq8Er7Ty6Ui5Op4As", contract_number="7654321"
)


class PaylineGateway:
    """The simulator serving both merchants; the backends reach its SOAP API in process."""

    def __init__(self):
        merchants = [PaylineBackend.validate_settings(m) for m in (merchant(), OTHER_MERCHANT)]
        page = "http://balaruc.localhost/_simulateur/payline/webpayment/step2.do"
        self.simulator = PaylineSimulator(merchants, SimulatorStore(), http=None, page_url=page)
        self.http = InProcessHttp({"/V4/services/WebPaymentAPI": self.simulator.soap})

    def session(self, start):
        return self.simulator.get(start.gateway_key)

    def amount_sent(self, start):
        return self.session(start).fields["amount"]

    def complete(self, start, outcome, amount_cents=None):
        session = self.simulator.choose(self.session(start), CHOICE[outcome])
        if amount_cents is not None:
            session.fields["amount"] = session.fields["order_amount"] = str(amount_cents)
        url = session.fields["notificationURL"]
        return notification("GET", f"{url}?notificationType=WEBTRS&token={session.token}")

    def tamper(self, message):
        return notification("GET", message.url.split("token=")[0] + "token=" + "F" * 33)

    def browser_return(self, start):
        return notification("GET", self.simulator.browser_return(self.session(start)))


@pytest.fixture
def payline_gateway():
    return PaylineGateway()
