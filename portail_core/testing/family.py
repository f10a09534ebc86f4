"""Fixtures to arrange family files: families with N children, logins, a document.

For the core's tests and for plugin authors who need families in their own tests.
"""

from datetime import date

import pytest

from portail_core.models.family import Child, Family, Guardian
from portail_core.models.types import utcnow
from portail_core.services.accounts.lifecycle import AccountService

FAMILY_CREDENTIAL = "Famille-Test-2024"


class FamilyFactory:
    """Builds committed families; each has an activated parent login (``FAMILY_CREDENTIAL``)."""

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def __call__(self, tenant_id="balaruc", name="DUPONT", children=1, email=None):
        family = Family(
            tenant_id=tenant_id,
            name=name,
            address_line1="1 place de la Mairie",
            postal_code="34540",
            city="BALARUC LE VIEUX",
        )
        family.guardians.append(
            Guardian(
                tenant_id=tenant_id,
                position=1,
                civility="Madame",
                last_name=name,
                first_name="Anne",
                phone_mobile="06 11 22 33 44",
                email=email or f"{name.lower()}@example.org",
            )
        )
        for index in range(children):
            family.children.append(
                Child(
                    tenant_id=tenant_id,
                    last_name=name,
                    first_name=f"ENFANT{index + 1}",
                    birth_date=date(2012 + index % 6, 1 + index, 15),
                    birth_place="SÈTE (34)",
                )
            )
        self.dbsession.add(family)
        self.dbsession.flush()
        accounts = AccountService(self.dbsession, tenant_id)
        parent = accounts.create_parent(
            email or f"{name.lower()}@example.org", family, "Anne", name
        )
        accounts.set_password(parent, FAMILY_CREDENTIAL)
        parent.activated_at = utcnow()
        self.dbsession.commit()
        return family


@pytest.fixture
def family_factory(dbsession):
    """``family_factory(tenant_id="balaruc", name="DUPONT", children=1)``: a committed family
    with an activated parent login ``<name>@example.org`` / ``FAMILY_CREDENTIAL``."""
    return FamilyFactory(dbsession)
