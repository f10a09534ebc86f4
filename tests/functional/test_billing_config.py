"""Billing keys of the tenant files: régie invoice number formats and tariffs."""

from decimal import Decimal

import pytest

from portail_core.services.bookings.tariffs import Tariff
from portail_core.tenant import TenantConfigError


def test_regies_read_their_number_format_with_a_default(app):
    balaruc = app.registry.tenants.get("balaruc")
    assert balaruc.regies["periscolaire"].invoice_number_format == "2006-{seq:05d}"
    batz = app.registry.tenants.get("batz")
    assert batz.regies["periscolaire"].invoice_number_format == "{seq:05d}"  # the default


def test_a_wrong_number_format_names_the_file_and_the_key(make_app, tenants_dir):
    path = tenants_dir / "batz.toml"
    path.write_text(
        path.read_text().replace(
            'label = "REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES"\n',
            'label = "REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES"\ninvoice_number_format = "F-{n}"\n',
        )
    )
    with pytest.raises(TenantConfigError) as failure:
        make_app(**{"portail.tenants_dir": str(tenants_dir)})
    message = str(failure.value)
    assert "batz.toml" in message and "regies.periscolaire.invoice_number_format" in message


def test_tariffs_of_the_tenant_file_are_validated_and_built(app, make_app, tenants_dir):
    tariffs = app.registry.tenants.get("balaruc").plugin_settings("core")["tariffs"]
    tariff = tariffs["ale_maternel"]["journee_repas"]
    assert isinstance(tariff, Tariff)
    assert tariff.price(Decimal("600")) == Decimal("9.50")
    assert tariff.price(None, resident=False) == Decimal("16.50")
    path = tenants_dir / "balaruc.toml"
    path.write_text(
        path.read_text().replace('{ price = "14.50"', '{ up_to = "2000", price = "14.50"')
    )
    with pytest.raises(TenantConfigError) as failure:
        make_app(**{"portail.tenants_dir": str(tenants_dir)})
    assert "settings.core.tariffs" in str(failure.value)
    assert "ale_maternel.journee_repas" in str(failure.value)
