"""Administrators manage the commune's agent accounts."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from portail_core.forms import FormError, FormView
from portail_core.i18n import _, recipient_language
from portail_core.mail import send_templated
from portail_core.models.accounts import ADMIN, AGENT, User
from portail_core.schemas.accounts import AgentSchema
from portail_core.services.accounts.lifecycle import (
    ACTIVATION,
    AccountError,
    AccountService,
    new_stamp,
)
from portail_core.services.accounts.two_step import TwoStepService


@view_config(
    route_name="agents.accounts",
    renderer="portail_core:templates/agents/accounts.pt",
    permission="admin",
)
def agent_accounts(request):
    agents = request.dbsession.scalars(
        select(User)
        .where(User.tenant_id == request.tenant.id, User.role.in_((AGENT, ADMIN)))
        .order_by(User.last_name, User.first_name)
    ).all()
    return {"agents": agents}


@view_config(
    route_name="agents.accounts.new",
    renderer="portail_core:templates/agents/form_page.pt",
    permission="admin",
)
class NewAgentView(FormView):
    schema_class = AgentSchema
    buttons = (("submit", "Créer le compte et envoyer l'invitation"),)
    title = "Nouveau compte agent"
    form_id = "new-agent"

    def submit_success(self, appstruct):
        request = self.request
        service = AccountService(request.dbsession, request.tenant.id)
        try:
            user = service.create_agent(
                appstruct["email"],
                appstruct["first_name"],
                appstruct["last_name"],
                role=appstruct["role"],
            )
        except AccountError as exc:
            raise FormError(str(exc), field="email") from exc
        issued = service.issue_token(user, ACTIVATION)
        send_templated(
            request,
            user.email,
            _("Activez votre compte agent"),
            "activation",
            language=recipient_language(user, request.tenant),
            user=user,
            link=request.route_url("accounts.activate", token=issued.token),
        )
        request.session.flash(f"Compte créé ; invitation envoyée à {user.email}.", "success")
        return HTTPSeeOther(request.route_url("agents.accounts"))


@view_config(route_name="agents.accounts.toggle", request_method="POST", permission="admin")
def toggle_agent(request):
    user = request.dbsession.scalar(
        select(User).where(
            User.tenant_id == request.tenant.id,
            User.id == int(request.matchdict["user_id"]),
            User.role.in_((AGENT, ADMIN)),
        )
    )
    if user is None:
        raise HTTPNotFound()
    if user.id == request.user.id:
        request.session.flash("Vous ne pouvez pas désactiver votre propre compte.", "error")
    else:
        user.active = not user.active
        state = "réactivé" if user.active else "désactivé"
        request.session.flash(f"Le compte de {user.display_name} est {state}.", "success")
    return HTTPSeeOther(request.route_url("agents.accounts"))


@view_config(route_name="agents.accounts.two_step_reset", request_method="POST", permission="admin")
def reset_two_step(request):
    """An agent lost phone and recovery codes: an administrator turns two-step login off
    (it is asked again at the next login when the commune requires it)."""
    user = request.dbsession.scalar(
        select(User).where(
            User.tenant_id == request.tenant.id,
            User.id == int(request.matchdict["user_id"]),
            User.role.in_((AGENT, ADMIN)),
        )
    )
    if user is None or user.id == request.user.id:
        raise HTTPNotFound()
    TwoStepService(request.dbsession, request.tenant.id).disable(user)
    user.security_stamp = new_stamp()  # ends the sessions that passed the old second step
    request.session.flash(
        f"La validation en deux étapes de {user.display_name} est réinitialisée.", "success"
    )
    return HTTPSeeOther(request.route_url("agents.accounts"))
