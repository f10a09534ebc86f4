"""Agents create family accounts: the parent receives an activation link by e-mail."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core.forms import FormError, FormView
from portail_core.mail import send_templated
from portail_core.models.accounts import PARENT, User
from portail_core.models.family import Family
from portail_core.schemas.accounts import NewFamilySchema
from portail_core.services.accounts import ACTIVATION, AccountError, AccountService


def send_activation(request, service, user):
    issued = service.issue_token(user, ACTIVATION)
    send_templated(
        request,
        user.email,
        "Activez votre espace famille",
        "activation",
        user=user,
        link=request.route_url("accounts.activate", token=issued.token),
    )


@view_config(
    route_name="agents.families",
    renderer="portail_core:templates/agents/families.pt",
    permission="agent",
)
def families(request):
    rows = request.dbsession.scalars(
        select(Family)
        .where(Family.tenant_id == request.tenant.id)
        .options(selectinload(Family.users), selectinload(Family.children))
        .order_by(Family.name)
    ).all()
    return {"families": rows}


@view_config(
    route_name="agents.families.new",
    renderer="portail_core:templates/agents/form_page.pt",
    permission="agent",
)
class NewFamilyView(FormView):
    schema_class = NewFamilySchema
    buttons = (("submit", "Créer la famille et envoyer l'activation"),)
    title = "Nouvelle famille"
    form_id = "new-family"

    def submit_success(self, appstruct):
        request = self.request
        service = AccountService(request.dbsession, request.tenant.id)
        if service.email_taken(appstruct["email"]):
            raise FormError("Un compte utilise déjà cette adresse e-mail.", field="email")
        family = Family(tenant_id=request.tenant.id, name=appstruct["family_name"].upper())
        request.dbsession.add(family)
        try:
            user = service.create_parent(
                appstruct["email"], family, appstruct["first_name"], appstruct["last_name"]
            )
        except AccountError as exc:
            raise FormError(str(exc), field="email") from exc
        send_activation(request, service, user)
        request.session.flash(
            f"Famille {family.name} créée ; le lien d'activation est envoyé à {user.email}.",
            "success",
        )
        return HTTPSeeOther(request.route_url("agents.families"))


@view_config(route_name="agents.families.invite", request_method="POST", permission="agent")
def resend_activation(request):
    family_id = int(request.matchdict["family_id"])
    users = request.dbsession.scalars(
        select(User).where(
            User.tenant_id == request.tenant.id,
            User.family_id == family_id,
            User.role == PARENT,
            User.activated_at.is_(None),
        )
    ).all()
    if not users:
        raise HTTPNotFound()
    service = AccountService(request.dbsession, request.tenant.id)
    for user in users:
        send_activation(request, service, user)
    request.session.flash("Le lien d'activation a été renvoyé.", "success")
    return HTTPSeeOther(request.route_url("agents.families"))
