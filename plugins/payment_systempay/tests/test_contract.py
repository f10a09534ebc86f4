"""Systempay passes the payment backend conformance suite of portail_core.testing."""

import pytest
from portail_payment_systempay.backend import SystempayBackend

from portail_core.testing.payments import PaymentBackendContract

from .conftest import OTHER_SHOP, PROD_KEY, shop


class TestSystempayContract(PaymentBackendContract):
    @pytest.fixture
    def backend_class(self):
        return SystempayBackend

    @pytest.fixture
    def settings(self):
        return shop()

    @pytest.fixture
    def other_settings(self):
        return OTHER_SHOP

    @pytest.fixture
    def production_settings(self):
        return {
            "mode": "PRODUCTION",
            "site_id": "12345678",
            "key_test": "TestKey0123456789",
            "key_production": PROD_KEY,
        }

    @pytest.fixture
    def invalid_settings(self):
        return [
            (shop(site_id="1234"), "site_id"),
            (shop(mode="LIVE"), "mode"),
            (shop(signature_algorithm="MD5"), "signature_algorithm"),
            ({"mode": "TEST", "site_id": "12345678"}, "key_test"),
            (
                {"mode": "PRODUCTION", "site_id": "12345678", "key_test": "TestKey0123456789"},
                "key_production",
            ),
        ]

    @pytest.fixture
    def gateway(self, systempay_gateway):
        return systempay_gateway
