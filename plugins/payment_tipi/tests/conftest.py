"""PayFiP's gateway double for the tests: the plugin's own simulator, in process."""

import uuid
from urllib.parse import urlencode

import pytest
from portail_payment_tipi.backend import TipiBackend
from portail_payment_tipi.simulator import PayfipSimulator

from portail_core.payments.simulation import InProcessHttp, SimulatorStore, with_query
from portail_core.payments.types import Outcome
from portail_core.testing.payments import notification

CHOICE = {Outcome.PAID: "card", Outcome.REFUSED: "refuse_card", Outcome.CANCELLED: "cancel"}


def account(**overrides):
    values = {
        "mode": "T",
        "numcli": "123456",
        "gateway_url": "/_simulateur/tipi/tpa/",
        "simulator_enabled": True,
    }
    values.update(overrides)
    return values


OTHER_ACCOUNT = account(numcli="654321")


class PayfipGateway:
    """The simulator serving both régies; the backends reach its SOAP service in process."""

    def __init__(self, clock=None):
        accounts = [TipiBackend.validate_settings(a) for a in (account(), OTHER_ACCOUNT)]
        self.simulator = PayfipSimulator(accounts, SimulatorStore(), http=None, clock=clock)
        self.http = InProcessHttp({"/tpa/services/securite": self.simulator.soap})

    def operation(self, start):
        return self.simulator.get(start.gateway_key)

    def amount_sent(self, start):
        return self.operation(start).params["montant"]

    def complete(self, start, outcome, amount_cents=None):
        operation = self.operation(start)
        self.simulator.choose(operation, CHOICE[outcome])
        if amount_cents is not None:
            operation.params["montant"] = str(amount_cents)
        body = urlencode({"idop": operation.idop})
        return notification("POST", operation.params["urlnotif"], body)

    def tamper(self, message):
        return notification("POST", message.url, urlencode({"idop": str(uuid.uuid4())}))

    def browser_return(self, start):
        operation = self.operation(start)
        return notification(
            "GET", with_query(operation.params["urlredirect"], {"idop": operation.idop})
        )


@pytest.fixture
def payfip_gateway():
    return PayfipGateway()
