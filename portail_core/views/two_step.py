"""Two-step login: the code after the password, the enrolment a commune may require of its
agents, and the « Sécurité du compte » page of agents and operators."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.formatting import ShortDate
from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.schemas.accounts import TwoStepCodeSchema, TwoStepEnrolSchema
from portail_core.security import agents_must_enrol, log_in, pending_login, request_tenant_id
from portail_core.services.accounts.lifecycle import new_stamp
from portail_core.services.accounts.two_step import TwoStepError, TwoStepService
from portail_core.views import limits

FORM_PAGE = "portail_core:templates/accounts/two_step.pt"
OPERATOR_FORM = "portail_core:templates/operator/login.pt"
AGENT_PAGE = "portail_core:templates/agents/security.pt"
OPERATOR_PAGE = "portail_core:templates/operator/security.pt"
WRONG_CODE = _("Ce code n'est pas valable (erroné, expiré ou déjà utilisé).")


def two_step(request):
    return TwoStepService(request.dbsession, request_tenant_id(request))


def issuer(request):
    tenant = request.tenant_or_none
    # The issuer shown in the authenticator app: a name, not a sentence.
    return tenant.name if tenant is not None else "opérateur"  # i18n: ignore


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrolment_values(request, user):
    service = two_step(request)
    return {
        "qr": service.qr_data_uri(user, issuer(request)),
        "secret": grouped(service.pending_secret(user)),
    }


def check_code(request, user, code):
    """Spend ``code`` (application or recovery) under the ``two_step`` limit; its kind."""
    limits.check(request, "two_step", user.email)
    used = two_step(request).verify(user, code)
    if used is None:
        limits.hit(request, "two_step", user.email)
        raise FormError(WRONG_CODE, field="code")
    limits.clear(request, "two_step", user.email)
    return used


def start_fresh(request, user):
    """Enabling or disabling ends the account's other sessions, keeps this one."""
    user.security_stamp = new_stamp()
    log_in(request, user)


class PendingStep(FormView):
    """A page of a login whose password was right and whose second step is to come."""

    login_route = "accounts.login"
    enrol = False

    def __call__(self):
        self.pending = pending_login(self.request)
        if self.pending is None or self.pending[1]["enrol"] != self.enrol:
            expired = _("Votre connexion a expiré : identifiez-vous de nouveau.")
            self.request.session.flash(self.request.localizer.translate(expired), "info")
            return HTTPSeeOther(self.request.route_url(self.login_route))
        return super().__call__()


@view_config(route_name="accounts.two_step", renderer=FORM_PAGE)
class TwoStepLoginView(PendingStep):
    schema_class = TwoStepCodeSchema
    buttons = (("submit", _("Valider")),)
    title = _("Validation en deux étapes")
    form_id = "two-step"

    def extra(self):
        return {
            "intro": _(
                "Votre mot de passe est correct. Pour terminer la connexion, saisissez "
                "le code affiché par votre application d'authentification."
            )
        }

    def submit_success(self, appstruct):
        request = self.request
        user, data = self.pending
        used = check_code(request, user, appstruct["code"])
        log_in(request, user)
        if used == "recovery":
            left = two_step(request).remaining_codes(user)
            request.session.flash(
                request.localizer.translate(
                    _(
                        "Vous vous êtes connecté avec un code de secours : il vous en reste "
                        "${left}. Générez-en de nouveaux depuis « Sécurité du compte ».",
                        mapping={"left": left},
                    )
                ),
                "info",
            )
        return HTTPSeeOther(data["next"])


@view_config(route_name="operator.two_step", renderer=OPERATOR_FORM)
class OperatorTwoStepLoginView(TwoStepLoginView):
    login_route = "operator.login"


@view_config(route_name="accounts.two_step_enrol", renderer=FORM_PAGE)
class ForcedEnrolmentView(PendingStep):
    """The commune requires two-step login of its agents: enrol before anything else."""

    schema_class = TwoStepEnrolSchema
    buttons = (("submit", _("Activer et terminer la connexion")),)
    title = _("Validation en deux étapes obligatoire")
    form_id = "two-step-enrol"
    enrol = True

    def extra(self):
        return {
            "intro": _(
                "La commune demande à ses agents de protéger leur compte par une "
                "validation en deux étapes : activez-la pour terminer la connexion."
            ),
            **enrolment_values(self.request, self.pending[0]),
        }

    def submit_success(self, appstruct):
        request = self.request
        user, data = self.pending
        limits.check(request, "two_step", user.email)
        try:
            codes = two_step(request).confirm_enrolment(user, appstruct["code"])
        except TwoStepError as exc:
            limits.hit(request, "two_step", user.email)
            raise FormError(exc.args[0], field="code") from exc
        start_fresh(request, user)
        title = _("Validation en deux étapes activée")
        return {"title": title, "codes": codes, "form": None, "continue_url": data["next"]}


@view_config(route_name="agents.security", renderer=AGENT_PAGE, permission="agent")
@view_config(route_name="operator.security", renderer=OPERATOR_PAGE, permission="operator")
class SecurityView(FormView):
    """« Sécurité du compte »: turn two-step login on, renew the recovery codes, turn it off."""

    schema_class = TwoStepEnrolSchema
    title = _("Sécurité du compte")
    form_id = "two-step-security"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.user = request.user
        self.required = self.user.is_agent and agents_must_enrol(request.tenant_or_none)
        if not self.user.two_step_enabled:
            self.buttons = (("activate", _("Activer la validation en deux étapes")),)
        elif self.required:
            self.buttons = (("codes", _("Générer de nouveaux codes de secours")),)
        else:
            self.buttons = (
                ("codes", _("Générer de nouveaux codes de secours")),
                ("disable", _("Désactiver la validation en deux étapes")),
            )

    def extra(self):
        if not self.user.two_step_enabled:
            return {
                "intro": _(
                    "La validation en deux étapes protège votre compte même si votre mot "
                    "de passe est découvert : après le mot de passe, un code à 6 chiffres de "
                    "votre téléphone est demandé."
                ),
                **enrolment_values(self.request, self.user),
            }
        left = two_step(self.request).remaining_codes(self.user)
        since = ShortDate(self.user.totp_enabled_at.date())
        parts = [
            _(
                "La validation en deux étapes est activée depuis le ${since}.",
                mapping={"since": since},
            ),
            _("Codes de secours inutilisés : ${left}.", mapping={"left": left}),
        ]
        if self.required:
            parts.append(_("Elle est obligatoire pour les agents de la commune."))
        parts.append(_("Saisissez un code actuel pour agir."))
        return {"intro": " ".join(self.request.localizer.translate(part) for part in parts)}

    def render_codes(self, codes):
        here = self.request.route_url(self.request.matched_route.name)
        return {"title": self.title, "codes": codes, "form": None, "continue_url": here}

    def activate_success(self, appstruct):
        limits.check(self.request, "two_step", self.user.email)
        try:
            codes = two_step(self.request).confirm_enrolment(self.user, appstruct["code"])
        except TwoStepError as exc:
            limits.hit(self.request, "two_step", self.user.email)
            raise FormError(str(exc), field="code") from exc
        start_fresh(self.request, self.user)
        return self.render_codes(codes)

    def codes_success(self, appstruct):
        check_code(self.request, self.user, appstruct["code"])
        return self.render_codes(two_step(self.request).new_recovery_codes(self.user))

    def disable_success(self, appstruct):
        if self.required:
            raise FormError(_("La validation en deux étapes est obligatoire pour les agents."))
        check_code(self.request, self.user, appstruct["code"])
        two_step(self.request).disable(self.user)
        start_fresh(self.request, self.user)
        done = _("La validation en deux étapes est désactivée.")
        self.request.session.flash(self.request.localizer.translate(done), "success")
        return HTTPSeeOther(self.request.route_url(self.request.matched_route.name))
