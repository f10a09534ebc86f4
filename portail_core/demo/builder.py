"""Demonstration data: a builder that commune plugins use from ``portail_demo_data``."""

from sqlalchemy import func, select

from portail_core.models.accounts import ADMIN, OPERATOR, OPERATOR_TENANT, User
from portail_core.models.family import Child, Family
from portail_core.models.types import utcnow
from portail_core.services.accounts.lifecycle import AccountService


class DemoBuilder:
    """Creates activated accounts, families and children for one tenant."""

    def __init__(self, dbsession, tenant, files=None):
        self.dbsession = dbsession
        self.tenant = tenant
        # The FileStore, for demo rows that carry a file (downloads, documents).
        self.files = files
        self.accounts = AccountService(dbsession, tenant.id)

    def _activate(self, user, password):
        self.accounts.set_password(user, password)
        user.activated_at = utcnow()
        return user

    def agent(self, email, password, first_name, last_name, role=ADMIN):
        user = self.accounts.create_agent(email, first_name, last_name, role=role)
        return self._activate(user, password)

    def family(self, name, email, password, first_name, last_name, children=()):
        """A family, its activated parent login and its children.

        :param children: ``(first_name, birth_date, birth_place)`` tuples.
        """
        family = Family(tenant_id=self.tenant.id, name=name)
        self.dbsession.add(family)
        for first, birth_date, birth_place in children:
            family.children.append(
                Child(
                    tenant_id=self.tenant.id,
                    last_name=name,
                    first_name=first,
                    birth_date=birth_date,
                    birth_place=birth_place,
                )
            )
        parent = self.accounts.create_parent(email, family, first_name, last_name)
        self._activate(parent, password)
        return family


def tenant_is_empty(dbsession, tenant_id):
    count = dbsession.scalar(select(func.count(User.id)).where(User.tenant_id == tenant_id))
    return count == 0


def ensure_operator(dbsession, email, password):
    service = AccountService(dbsession, OPERATOR_TENANT)
    if service.by_email(email) is None:
        user = service.create_user(email, OPERATOR, "Opérateur", "Portail Familles")
        service.set_password(user, password)
        user.activated_at = utcnow()


def load_demo(dbsession, registry):
    """Fill every empty tenant through its plugins' ``portail_demo_data``; return their ids."""
    loaded = []
    for tenant in registry.tenants:
        if not tenant_is_empty(dbsession, tenant.id):
            continue
        demo = DemoBuilder(dbsession, tenant, files=getattr(registry, "file_store", None))
        tenant.hooks.call("portail_demo_data", tenant=tenant, demo=demo)
        loaded.append(tenant.id)
    ensure_operator(dbsession, "operateur@example.org", "Operateur-Demo-2026")
    return loaded
