"""PayFiP passes the payment backend conformance suite of portail_core.testing."""

import pytest
from portail_payment_tipi.backend import TipiBackend

from portail_core.testing.payments import PaymentBackendContract

from .conftest import OTHER_ACCOUNT, account


class TestPayfipContract(PaymentBackendContract):
    @pytest.fixture
    def backend_class(self):
        return TipiBackend

    @pytest.fixture
    def settings(self):
        return account()

    @pytest.fixture
    def other_settings(self):
        return OTHER_ACCOUNT

    @pytest.fixture
    def production_settings(self):
        return {"mode": "W", "numcli": "006270"}

    @pytest.fixture
    def invalid_settings(self):
        return [
            (account(numcli="12345"), "numcli"),
            (account(numcli="A23456"), "numcli"),
            (account(mode="P"), "mode"),
            (account(variant="soap"), "variant"),
            ({"mode": "T"}, "numcli"),
        ]

    @pytest.fixture
    def gateway(self, payfip_gateway):
        return payfip_gateway
