"""Agents find, open and create families; the parent receives an activation link by e-mail.

Editing the family file, the children and their sheets goes through the family-area
views (:mod:`portail_core.views.family.file`, :mod:`portail_core.views.family.child_sheet`,
:mod:`portail_core.views.agents.children`) in the agents' layout.
"""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from portail_core.forms import FormError, FormView
from portail_core.i18n import _, recipient_language
from portail_core.mail import send_templated
from portail_core.models.accounts import PARENT, User
from portail_core.paging import page_number
from portail_core.schemas.accounts import NewFamilySchema
from portail_core.services.accounts.lifecycle import ACTIVATION, AccountError, AccountService
from portail_core.services.audit.queries import FamilyTrail, shown_actor
from portail_core.services.family.documents import DocumentService
from portail_core.services.family.files import FamilyService
from portail_core.views.family.file import family_macros

FAMILY_PAGE_HISTORY = 10
FAMILY_PAGE_DOCUMENTS = 10


def send_activation(request, service, user):
    issued = service.issue_token(user, ACTIVATION)
    send_templated(
        request,
        user.email,
        _("Activez votre espace famille"),
        "activation",
        language=recipient_language(user, request.tenant),
        user=user,
        link=request.route_url("accounts.activate", token=issued.token),
    )


@view_config(
    route_name="agents.families",
    renderer="portail_core:templates/agents/families.pt",
    permission="agent",
)
def families(request):
    """The commune's families, 20 a page; ``?q=`` finds a family, child or e-mail."""
    text = request.params.get("q", "").strip()[:100]
    rows, pager = FamilyService(request.dbsession, request.tenant).search(
        text, page_number(request.params.get("page"))
    )
    return {
        "families": rows,
        "pager": pager,
        "q": text,
        "query": {"q": text} if text else {},
        "fm": family_macros(),
    }


@view_config(
    route_name="agents.families.view",
    renderer="portail_core:templates/agents/family.pt",
    permission="agent",
)
def family_page(request):
    """Everything about one family: guardians, QF, logins, children, documents, history."""
    family = FamilyService(request.dbsession, request.tenant).family(
        int(request.matchdict["family_id"])
    )
    if family is None:
        raise HTTPNotFound()
    documents, document_pager = DocumentService(
        request.dbsession, request.tenant, request.files
    ).page_for_family(family.id, 1, FAMILY_PAGE_DOCUMENTS)
    entries, history_pager = FamilyTrail(request.dbsession, request.tenant).page(
        family.id, 1, FAMILY_PAGE_HISTORY
    )
    return {
        "family": family,
        "documents": documents,
        "document_pager": document_pager,
        "entries": entries,
        "history_pager": history_pager,
        "health_summary": lambda child: health_summary(request, child),
        "trail_text": lambda text: trail_text(request, text),
        "shown_actor": shown_actor,
    }


def trail_text(request, text):
    """A label or value of the trail, stored in French (its message id), in the agent's
    language when the catalog knows it (a name or a date stays as written)."""
    return request.localizer.translate(_(text)) if text else text


def health_summary(request, child):
    """« allergie, PAI, sans porc »: what the staff must know about a child at a glance."""
    parts = (_("allergie") if child.has_allergy else "", _("PAI") if child.pai else "", child.diet)
    return ", ".join(request.localizer.translate(part) for part in parts if part)


@view_config(
    route_name="agents.families.new",
    renderer="portail_core:templates/agents/form_page.pt",
    permission="agent",
)
class NewFamilyView(FormView):
    schema_class = NewFamilySchema
    buttons = (("submit", _("Créer la famille et envoyer l'activation")),)
    title = _("Nouvelle famille")
    form_id = "new-family"

    def submit_success(self, appstruct):
        request = self.request
        service = AccountService(request.dbsession, request.tenant.id)
        if service.email_taken(appstruct["email"]):
            raise FormError(
                request.localizer.translate(_("Un compte utilise déjà cette adresse e-mail.")),
                field="email",
            )
        guardian = {
            "last_name": appstruct["last_name"],
            "first_name": appstruct["first_name"],
            "email": appstruct["email"],
        }
        family = FamilyService(request.dbsession, request.tenant).create_family(
            appstruct["family_name"], guardian, request.user
        )
        try:
            user = service.create_parent(
                appstruct["email"], family, appstruct["first_name"], appstruct["last_name"]
            )
        except AccountError as exc:
            raise FormError(str(exc), field="email") from exc
        send_activation(request, service, user)
        done = _(
            "Famille ${family} créée ; le lien d'activation est envoyé à ${email}.",
            mapping={"family": family.name, "email": user.email},
        )
        request.session.flash(request.localizer.translate(done), "success")
        return HTTPSeeOther(request.route_url("agents.families.view", family_id=family.id))


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
    done = _("Le lien d'activation a été renvoyé.")
    request.session.flash(request.localizer.translate(done), "success")
    return HTTPSeeOther(request.route_url("agents.families.view", family_id=family_id))
