"""Régie payment settings in tenant files: validated at start by the backend's schema."""

import pytest

from portail_core.payments import NoOnlinePayment, backend_for
from portail_core.tenant import TenantConfigError

SYSTEMPAY = """
[regies.periscolaire.payment_settings]
mode = "TEST"
site_id = "12345678"
key_test = { env = "PORTAIL_TEST_SP_KEY", default = "TestKey0123456789" }
simulator_enabled = true
payment_url = "/_simulateur/systempay/vads-payment/"
"""


def _write(tenants_dir, plugins='["commune_balaruc", "payment_systempay"]', settings=SYSTEMPAY):
    source = tenants_dir / "balaruc.toml"
    text = source.read_text().replace('plugins = ["commune_balaruc"]', f"plugins = {plugins}")
    text = text.replace(
        'label = "REGIE PERISCOLAIRE/ALSH"\n',
        'label = "REGIE PERISCOLAIRE/ALSH"\npayment = "systempay"\n',
    )
    source.write_text(text + settings)


def _start_error(make_app, tenants_dir, **settings):
    with pytest.raises(TenantConfigError) as failure:
        make_app(**{"portail.tenants_dir": str(tenants_dir), **settings})
    return str(failure.value)


def test_valid_settings_are_validated_and_completed(make_app, tenants_dir):
    _write(tenants_dir)
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    regie = app.registry.tenants.get("balaruc").regies["periscolaire"]
    assert regie.payment == "systempay"
    assert regie.payment_settings["key_test"] == "TestKey0123456789"  # the test default
    assert regie.payment_settings["signature_algorithm"] == "HMAC-SHA-256"  # schema default
    backend = backend_for(app.registry, app.registry.tenants.get("balaruc"), "periscolaire")
    assert backend.id == "systempay" and backend.tenant_id == "balaruc"
    assert backend.settings["site_id"] == "12345678"
    with pytest.raises(NoOnlinePayment):
        backend_for(app.registry, app.registry.tenants.get("balaruc"), "restauration")


def test_secret_comes_from_the_environment(make_app, tenants_dir, monkeypatch):
    monkeypatch.setenv("PORTAIL_TEST_SP_KEY", "FromTheEnvironment42")
    _write(tenants_dir)
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    regie = app.registry.tenants.get("balaruc").regies["periscolaire"]
    assert regie.payment_settings["key_test"] == "FromTheEnvironment42"


def test_a_wrong_value_names_the_file_and_the_key(make_app, tenants_dir):
    _write(tenants_dir, settings=SYSTEMPAY.replace('"12345678"', '"1234"'))
    message = _start_error(make_app, tenants_dir)
    assert "balaruc.toml" in message
    assert "regies.periscolaire.payment_settings.site_id" in message


def test_a_missing_secret_names_the_key(make_app, tenants_dir):
    settings = SYSTEMPAY.replace(
        'key_test = { env = "PORTAIL_TEST_SP_KEY", default = "TestKey0123456789" }\n', ""
    )
    _write(tenants_dir, settings=settings)
    assert "regies.periscolaire.payment_settings.key_test" in _start_error(make_app, tenants_dir)


def test_an_unknown_setting_stops_the_start(make_app, tenants_dir):
    _write(tenants_dir, settings=SYSTEMPAY + 'sit_id = "12345678"\n')
    message = _start_error(make_app, tenants_dir)
    assert "regies.periscolaire.payment_settings" in message and "sit_id" in message


def test_the_simulator_cannot_serve_a_production_regie(make_app, tenants_dir):
    settings = SYSTEMPAY.replace('mode = "TEST"', 'mode = "PRODUCTION"') + (
        'key_production = "ProdKey9876543210"\n'
    )
    _write(tenants_dir, settings=settings)
    message = _start_error(make_app, tenants_dir)
    assert "regies.periscolaire.payment_settings.simulator_enabled" in message


def test_production_urls_must_be_https(make_app, tenants_dir):
    settings = SYSTEMPAY.replace("simulator_enabled = true", "simulator_enabled = false")
    _write(tenants_dir, settings=settings)
    message = _start_error(make_app, tenants_dir)
    assert "regies.periscolaire.payment_settings.payment_url" in message


def test_the_backend_plugin_must_be_enabled_by_the_tenant(make_app, tenants_dir):
    _write(tenants_dir, plugins='["commune_balaruc"]')
    message = _start_error(make_app, tenants_dir)
    assert "regies.periscolaire.payment" in message and "payment_systempay" in message


def test_an_unknown_backend_names_the_key(make_app, tenants_dir):
    _write(tenants_dir)
    source = tenants_dir / "balaruc.toml"
    source.write_text(source.read_text().replace('payment = "systempay"', 'payment = "paypal"'))
    message = _start_error(make_app, tenants_dir)
    assert "regies.periscolaire.payment" in message and "paypal" in message
