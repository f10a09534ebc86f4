"""The family pages and the child sheets send as many SQL queries for a family of 1 child as
for a family of 6 children, each child with its sheet, pick-up persons and documents."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.models.family import (
    ChildAuthorisation,
    ChildVaccination,
    Family,
    PickupPerson,
)
from portail_core.services.family.documents import DocumentService
from portail_core.testing.family import FAMILY_CREDENTIAL

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def fill_family(app, dbsession, family):
    """Give every child a full sheet, two pick-up persons and a document."""
    tenant = app.registry.tenants.get(family.tenant_id)
    documents = DocumentService(dbsession, tenant, app.registry.file_store)
    for child in family.children:
        child.allergy_food = True
        for vaccine in ("BCG", "DT POLIO", "ROR"):
            child.vaccinations.append(
                ChildVaccination(
                    tenant_id=tenant.id, vaccine=vaccine, done=True, last_date=date(2015, 1, 1)
                )
            )
        child.authorisations.append(
            ChildAuthorisation(
                tenant_id=tenant.id, authorisation="AUTORISATION DE RENTRER SEUL", granted=True
            )
        )
        for name in ("UN", "DEUX"):
            child.pickup_persons.append(
                PickupPerson(
                    tenant_id=tenant.id, last_name=name, first_name="X", link="Y", phone=""
                )
            )
        upload = {"filename": "a.pdf", "mime_type": "application/pdf", "data": PDF}
        documents.create(family, child, {"name": "Doc", "doc_type": ""}, upload, None)
    dbsession.commit()


@pytest.fixture
def two_families(demo_data, app, dbsession, family_factory):
    small = family_factory("balaruc", "PETITE", children=1)
    large = family_factory("balaruc", "GRANDE", children=6)
    for family in (small, large):
        fill_family(app, dbsession, family)
    return small.id, large.id


def first_child(dbsession, family_id):
    dbsession.expire_all()
    return dbsession.get(Family, family_id).children[0].id


def count(client, query_counter, url):
    """Statements of the page itself. The session store's own writes are left out: it
    inserts a row whenever the session's access second changes, a matter of the clock."""
    client.get(url)  # warm caches and the session, then count a second, identical request
    with query_counter as counted:
        client.get(url)
    return len([s for s in counted.statements if "web_session" not in s])


PARENT_PAGES = [
    "/mon-compte",
    "/famille",
    "/famille/enfants",
    "/famille/enfants/{child}",
    "/famille/documents",
    "/famille/documents/nouveau",
    "/famille/historique",
]


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_parent_pages_do_not_grow_with_children(
    two_families, client_for, dbsession, query_counter, page
):
    counts = []
    for name, family_id in zip(("petite", "grande"), two_families, strict=True):
        client = client_for("balaruc")
        client.login(f"{name}@example.org", FAMILY_CREDENTIAL)
        url = page.format(child=first_child(dbsession, family_id))
        counts.append(count(client, query_counter, url))
    assert counts[0] == counts[1], counts
    assert counts[0] < 20


AGENT_PAGES = [
    "/agents/familles/{family}",
    "/agents/familles/{family}/modifier",
    "/agents/familles/{family}/enfants/{child}",
    "/agents/familles/{family}/historique",
]


@pytest.mark.parametrize("page", AGENT_PAGES)
def test_agent_pages_do_not_grow_with_children(
    two_families, balaruc, dbsession, query_counter, page
):
    balaruc.login(*AGENT)
    counts = [
        count(
            balaruc,
            query_counter,
            page.format(family=family_id, child=first_child(dbsession, family_id)),
        )
        for family_id in two_families
    ]
    assert counts[0] == counts[1], counts
    assert counts[0] < 25


def test_the_family_list_and_queue_do_not_grow_with_families(
    demo_data, app, balaruc, dbsession, family_factory, query_counter
):
    balaruc.login(*AGENT)
    before = [
        count(balaruc, query_counter, url) for url in ("/agents/familles", "/agents/documents")
    ]
    for index in range(8):
        family = family_factory("balaruc", f"FAMILLE{index}", children=2)
        fill_family(app, dbsession, family)
    after = [
        count(balaruc, query_counter, url) for url in ("/agents/familles", "/agents/documents")
    ]
    assert before == after
    assert dbsession.scalar(select(Family.id).where(Family.name == "FAMILLE7"))
