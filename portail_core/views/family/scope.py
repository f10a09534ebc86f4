"""Whose family file a request works on: the parent's own, or (agents) the one in the URL.

The same views serve ``/famille/…`` for a parent and ``/agents/familles/<id>/…`` for an
agent. The scope loads the family and child by (tenant, family, id) and answers 404
for anything else, so an id taken from another family or commune leads nowhere.
"""

from pyramid.decorator import reify
from pyramid.httpexceptions import HTTPNotFound

from portail_core.services.family.files import FamilyService
from portail_core.services.family.lists import family_lists

AGENT_PREFIX = "agents."


def _int(request, name):
    return int(request.matchdict[name])


class FamilyScope:
    def __init__(self, request):
        self.request = request
        self.is_agent = request.matched_route.name.startswith(AGENT_PREFIX)
        self.service = FamilyService(request.dbsession, request.tenant)

    @reify
    def family(self):
        request = self.request
        family_id = _int(request, "family_id") if self.is_agent else request.user.family_id
        family = self.service.family(family_id) if family_id is not None else None
        if family is None:
            raise HTTPNotFound()
        return family

    @reify
    def child(self):
        """The child of the URL with its sheet; agents also reach archived children."""
        child = self.service.child(
            self.family.id, _int(self.request, "child_id"), include_archived=self.is_agent
        )
        if child is None:
            raise HTTPNotFound()
        return child

    @reify
    def pickup_person(self):
        person = self.service.pickup_person(self.child, _int(self.request, "person_id"))
        if person is None:
            raise HTTPNotFound()
        return person

    @reify
    def lists(self):
        return family_lists(self.request.tenant)

    @property
    def actor(self):
        return self.request.user

    def url(self, name, **params):
        """The URL of a family-area page in this scope: ``url("family.child", child_id=3)``.

        For agents, ``family.x`` becomes ``agents.family.x`` with the family's id.
        """
        if not self.is_agent:
            return self.request.route_url(name, **params)
        return self.request.route_url(AGENT_PREFIX + name, family_id=self.family.id, **params)

    def home_url(self):
        """Where "Retour" leads: the parent's account, or the agents' family page."""
        if self.is_agent:
            return self.request.route_url("agents.families.view", family_id=self.family.id)
        return self.request.route_url("accounts.account")
