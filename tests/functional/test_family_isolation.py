"""No family reads, changes or downloads anything of another family (of its commune or of
another) by changing an id in a URL: 404. Parents do not reach the agents' area: 403.
Agents of one commune reach nothing of another commune: 404."""

import pytest
from sqlalchemy import func, select

from portail_core.models.family import Child, Family, PickupPerson
from portail_core.models.family_records import Document
from portail_core.services.family.documents import DocumentService

PARENT = ("valentina.test@example.org", "Valentina-2019")
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def ids_of(dbsession, app, tenant_id, name):
    """A family's ids: family, a child, a pick-up person of it, a document."""
    family = dbsession.scalar(
        select(Family).where(Family.tenant_id == tenant_id, Family.name == name)
    )
    child = family.children[0]
    if not child.pickup_persons:
        child.pickup_persons.append(
            PickupPerson(tenant_id=tenant_id, last_name="X", first_name="Y", link="Z", phone="")
        )
    tenant = app.registry.tenants.get(tenant_id)
    documents = DocumentService(dbsession, tenant, app.registry.file_store)
    upload = {"filename": "a.pdf", "mime_type": "application/pdf", "data": PDF}
    document = documents.create(family, child, {"name": "Secret", "doc_type": ""}, upload, None)
    dbsession.commit()
    return {
        "family": family.id,
        "child": child.id,
        "person": child.pickup_persons[0].id,
        "document": document.id,
    }


@pytest.fixture
def others(demo_data, app, dbsession, family_factory):
    family_factory("balaruc", "DUPONT", children=1)
    return {
        "balaruc": ids_of(dbsession, app, "balaruc", "DUPONT"),
        "batz": ids_of(dbsession, app, "batz", "AABELIUM"),
        "own": ids_of(dbsession, app, "balaruc", "TEST"),
    }


def parent_urls(ids, own):
    child, person, document = ids["child"], ids["person"], ids["document"]
    return [
        ("GET", f"/famille/enfants/{child}"),
        ("POST", f"/famille/enfants/{child}"),
        ("GET", f"/famille/enfants/{child}/personnes/nouvelle"),
        ("POST", f"/famille/enfants/{child}/personnes/nouvelle"),
        ("GET", f"/famille/enfants/{child}/personnes/{person}"),
        ("POST", f"/famille/enfants/{child}/personnes/{person}"),
        ("POST", f"/famille/enfants/{child}/personnes/{person}/suppression"),
        # one's own child with another family's person
        ("GET", f"/famille/enfants/{own['child']}/personnes/{person}"),
        ("POST", f"/famille/enfants/{own['child']}/personnes/{person}/suppression"),
        ("GET", f"/famille/documents/{document}"),
        ("GET", f"/famille/documents/{document}/fichier"),
        ("GET", f"/famille/documents/{document}/fichier?telecharger=1"),
    ]


def call(client, method, url, status):
    if method == "GET":
        return client.get(url, status=status)
    fields = {
        "csrf_token": client.get("/mon-compte").html.find("input", {"name": "csrf_token"})["value"],
        "last_name": "PIRATE",
        "first_name": "Pirate",
        "link": "Aucun",
        "phone": "0600000000",
        "doctor_name": "PIRATE",
        "submit": "submit",
        "save": "1",
    }
    return client.post(url, fields, status=status)


@pytest.mark.parametrize("owner", ["balaruc", "batz"])
def test_a_parent_reaches_nothing_of_another_family(others, balaruc, dbsession, owner):
    balaruc.login(*PARENT)
    for method, url in parent_urls(others[owner], others["own"]):
        call(balaruc, method, url, 404)
    dbsession.expire_all()
    assert dbsession.get(PickupPerson, others[owner]["person"]) is not None
    assert dbsession.get(Child, others[owner]["child"]).doctor_name != "PIRATE"
    assert (
        dbsession.scalar(
            select(func.count(PickupPerson.id)).where(PickupPerson.last_name == "PIRATE")
        )
        == 0
    )


def test_the_same_urls_work_for_their_owner(others, balaruc):
    balaruc.login(*PARENT)
    own = others["own"]
    for method, url in parent_urls(own, own)[:1] + parent_urls(own, own)[9:]:
        call(balaruc, method, url, 200)


def agent_urls(ids):
    family, child, person = ids["family"], ids["child"], ids["person"]
    base = f"/agents/familles/{family}"
    return [
        ("GET", base),
        ("GET", base + "/modifier"),
        ("POST", base + "/modifier"),
        ("GET", base + "/historique"),
        ("GET", base + "/enfants/nouveau"),
        ("POST", base + "/enfants/nouveau"),
        ("GET", f"{base}/enfants/{child}"),
        ("POST", f"{base}/enfants/{child}"),
        ("GET", f"{base}/enfants/{child}/identite"),
        ("POST", f"{base}/enfants/{child}/archivage"),
        ("GET", f"{base}/enfants/{child}/personnes/nouvelle"),
        ("GET", f"{base}/enfants/{child}/personnes/{person}"),
        ("POST", f"{base}/enfants/{child}/personnes/{person}/suppression"),
        ("POST", f"/agents/familles/{family}/invitation"),
        ("GET", f"/agents/documents/{ids['document']}"),
        ("POST", f"/agents/documents/{ids['document']}"),
        ("GET", f"/agents/documents/{ids['document']}/fichier"),
    ]


def test_a_parent_does_not_reach_the_agents_area(others, balaruc):
    balaruc.login(*PARENT)
    call(balaruc, "GET", "/agents/familles", 403)
    call(balaruc, "GET", "/agents/documents", 403)
    for method, url in agent_urls(others["own"]):
        call(balaruc, method, url, 403)


def test_an_agent_reaches_nothing_of_another_commune(others, balaruc, dbsession):
    balaruc.login(*AGENT)
    for method, url in agent_urls(others["batz"]):
        call(balaruc, method, url, 404)
    # a family of this commune with a child, person or document of the other
    own, batz = others["balaruc"], others["batz"]
    base = f"/agents/familles/{own['family']}/enfants"
    call(balaruc, "GET", f"{base}/{batz['child']}", 404)
    call(balaruc, "GET", f"{base}/{own['child']}/personnes/{batz['person']}", 404)
    dbsession.expire_all()
    assert dbsession.get(Child, batz["child"]).archived is False
    assert dbsession.get(Document, batz["document"]).status == "recu"
    assert dbsession.get(PickupPerson, batz["person"]) is not None


def test_a_child_of_another_family_of_the_commune_is_404_for_agents_too(others, balaruc):
    balaruc.login(*AGENT)
    own, test = others["balaruc"], others["own"]
    call(balaruc, "GET", f"/agents/familles/{own['family']}/enfants/{test['child']}", 404)
    call(balaruc, "GET", f"/agents/familles/{own['family']}/enfants/{own['child']}", 200)
