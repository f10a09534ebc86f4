"""Payline passes the payment backend conformance suite of portail_core.testing."""

import pytest
from portail_payment_payline.backend import PaylineBackend

from portail_core.testing.payments import PaymentBackendContract

from .conftest import ACCESS_KEY, OTHER_MERCHANT, merchant


class TestPaylineContract(PaymentBackendContract):
    @pytest.fixture
    def backend_class(self):
        return PaylineBackend

    @pytest.fixture
    def settings(self):
        return merchant()

    @pytest.fixture
    def other_settings(self):
        return OTHER_MERCHANT

    @pytest.fixture
    def production_settings(self):
        return {
            "mode": "PRODUCTION",
            "merchant_id": "12345678901234",
            "access_key": ACCESS_KEY,
            "contract_number": "1234567",
        }

    @pytest.fixture
    def invalid_settings(self):
        return [
            (merchant(merchant_id="ABC"), "merchant_id"),
            (merchant(mode="TEST"), "mode"),
            (merchant(access_key="short"), "access_key"),
            (merchant(api_version="v26"), "api_version"),
            ({"mode": "HOMOLOGATION", "merchant_id": "12345678901234"}, "access_key"),
        ]

    @pytest.fixture
    def gateway(self, payline_gateway):
        return payline_gateway
