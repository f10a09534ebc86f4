"""The agents' area, under ``/agents/`` with its own layout."""

from pyramid.view import view_config
from sqlalchemy import func, select

from portail_core.models.accounts import PARENT, User
from portail_core.models.family import Child, Family
from portail_core.models.family_records import RECEIVED, Document


def flash(request, message, queue="success"):
    """Flash ``message`` (a ``TranslationString`` or text) in the agent's language."""
    request.session.flash(request.localizer.translate(message), queue)


@view_config(
    route_name="agents.home", renderer="portail_core:templates/agents/home.pt", permission="agent"
)
def dashboard(request):
    tenant_id = request.tenant.id

    def count(model, *where):
        return request.dbsession.scalar(
            select(func.count(model.id)).where(model.tenant_id == tenant_id, *where)
        )

    return {
        "families": count(Family),
        "children": count(Child, Child.archived.is_(False)),
        "pending_accounts": count(User, User.role == PARENT, User.activated_at.is_(None)),
        "documents_to_check": count(Document, Document.status == RECEIVED),
    }
