"""Administrators manage the commune's agent accounts."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from portail_core.forms import FormError, FormView
from portail_core.i18n import _
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
    buttons = (("submit", _("Créer le compte et envoyer l'invitation")),)
    title = _("Nouveau compte agent")
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
            message = exc.args[0] if exc.args else str(exc)
            raise FormError(request.localizer.translate(message), field="email") from exc
        issued = service.issue_token(user, ACTIVATION)
        send_templated(
            request,
            user.email,
            "Activez votre compte agent",
            "activation",
            user=user,
            link=request.route_url("accounts.activate", token=issued.token),
        )
        done = _("Compte créé ; invitation envoyée à ${email}.", mapping={"email": user.email})
        request.session.flash(request.localizer.translate(done), "success")
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
        refused = _("Vous ne pouvez pas désactiver votre propre compte.")
        request.session.flash(request.localizer.translate(refused), "error")
    else:
        user.active = not user.active
        done = (
            _("Le compte de ${name} est réactivé.", mapping={"name": user.display_name})
            if user.active
            else _("Le compte de ${name} est désactivé.", mapping={"name": user.display_name})
        )
        request.session.flash(request.localizer.translate(done), "success")
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
    done = _(
        "La validation en deux étapes de ${name} est réinitialisée.",
        mapping={"name": user.display_name},
    )
    request.session.flash(request.localizer.translate(done), "success")
    return HTTPSeeOther(request.route_url("agents.accounts"))
