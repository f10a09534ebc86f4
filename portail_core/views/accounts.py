"""Parents' and agents' own account: login, logout, activation, reset, e-mail, password."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.mail import send_templated
from portail_core.schemas.accounts import (
    ChangeEmailSchema,
    ChangePasswordSchema,
    ConfirmSchema,
    ForgotSchema,
    LoginSchema,
    SetPasswordSchema,
)
from portail_core.security import (
    SESSION_ENDED,
    agents_must_enrol,
    begin_two_step,
    log_in,
    log_out,
    request_tenant_id,
)
from portail_core.services.accounts.lifecycle import (
    ACTIVATION,
    EMAIL_CHANGE,
    RESET,
    AccountError,
    AccountService,
)
from portail_core.views import limits

FORM_PAGE = "portail_core:templates/accounts/form_page.pt"


def accounts(request):
    return AccountService(request.dbsession, request_tenant_id(request))


def safe_next(request, default):
    """Only a path of this site may be a redirect target after login."""
    target = request.params.get("came_from", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return request.application_url + target
    return default


@view_config(route_name="accounts.login", renderer=FORM_PAGE)
class LoginView(FormView):
    schema_class = LoginSchema
    buttons = (("submit", _("Connexion")),)
    title = _("Connexion à votre espace")
    form_id = "login"

    def extra(self):
        ended = self.request.session.pop(SESSION_ENDED, None)
        message = self.request.registry["session_lifetimes"].message(ended)
        if message:
            self.request.session.flash(self.request.localizer.translate(message), "info")
        return {"came_from": self.request.params.get("came_from", ""), "login_page": True}

    #: the second step of a login (code) and the forced enrolment, on this host
    two_step_route = "accounts.two_step"
    enrol_route = "accounts.two_step_enrol"

    def submit_success(self, appstruct):
        request = self.request
        login = appstruct["login"]
        limits.check(request, "login", login)
        user = accounts(request).authenticate(login, appstruct["password"])
        if user is None:
            limits.hit(request, "login", login)
            raise FormError(_("Identifiant ou mot de passe incorrect."))
        limits.clear(request, "login", login)
        target = safe_next(request, self.landing_url(user))
        if user.two_step_enabled:
            begin_two_step(request, user, target)
            return HTTPSeeOther(request.route_url(self.two_step_route))
        if user.is_agent and agents_must_enrol(request.tenant_or_none):
            begin_two_step(request, user, target, enrol=True)
            return HTTPSeeOther(request.route_url(self.enrol_route))
        log_in(request, user)
        return HTTPSeeOther(target)

    def landing_url(self, user):
        return self.request.route_url("agents.home" if user.is_agent else "accounts.account")


@view_config(route_name="accounts.logout", request_method="POST")
def logout(request):
    log_out(request)
    request.session.flash(
        request.localizer.translate(_("Vous êtes déconnecté. À bientôt !")), "success"
    )
    return HTTPSeeOther(request.route_url("home"))


@view_config(route_name="accounts.forgot", renderer=FORM_PAGE)
class ForgotView(FormView):
    schema_class = ForgotSchema
    title = _("Identifiant ou Mot de passe oublié ?")
    form_id = "forgot"

    buttons = (("submit", _("Recevoir un lien par e-mail")),)

    def extra(self):
        return {
            "intro": _(
                "Votre identifiant est votre adresse e-mail. Saisissez-la : si un compte "
                "lui correspond, vous recevrez un lien pour choisir un nouveau mot de passe."
            )
        }

    def submit_success(self, appstruct):
        request = self.request
        limits.check(request, "reset", appstruct["email"])
        limits.hit(request, "reset", appstruct["email"])
        service = accounts(request)
        user = service.by_email(appstruct["email"])
        if user is not None and user.active:
            issued = service.issue_token(user, RESET)
            send_templated(
                request,
                user.email,
                _("Choisir un nouveau mot de passe"),
                "reset",
                user=user,
                link=request.route_url("accounts.reset", token=issued.token),
            )
        # The same answer whether the account exists or not: no way to probe logins.
        request.session.flash(
            request.localizer.translate(
                _(
                    "Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé "
                    "avec un lien pour choisir un nouveau mot de passe (valable 2 heures)."
                )
            ),
            "info",
        )
        return HTTPSeeOther(request.route_url("home"))


class TokenPasswordView(FormView):
    """Activation and reset: the link's token lets its owner choose a password."""

    schema_class = SetPasswordSchema
    purpose = None
    done_message = ""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.record = accounts(request).find_token(request.matchdict["token"], self.purpose)

    def __call__(self):
        # Links are not guessable (256 random bits); the limit still stops a machine from
        # trying them, or hammering one account's form.
        email = self.record.user.email if self.record is not None else None
        limits.check(self.request, "activation", email)
        if self.record is None:
            limits.hit(self.request, "activation")
            self.request.response.status = 410
            return {"form": None, "title": _("Lien expiré"), "invalid_link": True}
        if self.request.method == "POST":
            limits.hit(self.request, "activation", email)
        return super().__call__()

    buttons = (("submit", _("Enregistrer mon mot de passe")),)

    def bind(self):
        return {**super().bind(), "identifier": self.record.user.email}

    def extra(self):
        return {"intro": _("Identifiant : ${email}", mapping={"email": self.record.user.email})}

    def submit_success(self, appstruct):
        request = self.request
        user = accounts(request).complete_with_token(self.record, appstruct["password"])
        log_in(request, user)
        request.session.flash(request.localizer.translate(self.done_message), "success")
        return HTTPSeeOther(
            request.route_url("agents.home" if user.is_agent else "accounts.account")
        )


@view_config(route_name="accounts.activate", renderer=FORM_PAGE)
class ActivationView(TokenPasswordView):
    purpose = ACTIVATION
    title = _("Activation de votre compte")
    form_id = "activation"
    done_message = _("Votre compte est activé. Bienvenue sur votre portail familles !")


@view_config(route_name="accounts.reset", renderer=FORM_PAGE)
class ResetView(TokenPasswordView):
    purpose = RESET
    title = _("Choisir un nouveau mot de passe")
    form_id = "reset"
    done_message = _("Votre mot de passe a été modifié.")


@view_config(
    route_name="accounts.account",
    renderer="portail_core:templates/accounts/account.pt",
    permission="account",
)
def account(request):
    # A restricted guardian (models.households) sees nothing of the family file.
    restricted = bool(getattr(request.user, "restricted", False))
    family = None if restricted else request.user.family
    return {"account": request.user, "family": family, "restricted": restricted}


@view_config(route_name="accounts.change_password", renderer=FORM_PAGE, permission="account")
class ChangePasswordView(FormView):
    schema_class = ChangePasswordSchema
    title = _("Modifier mon mot de passe")
    form_id = "change-password"

    buttons = (("submit", _("Enregistrer")),)

    def bind(self):
        return {**super().bind(), "identifier": self.request.user.email}

    def submit_success(self, appstruct):
        request = self.request
        try:
            accounts(request).change_password(
                request.user, appstruct["current"], appstruct["password"]
            )
        except AccountError as exc:
            raise FormError(exc.args[0], field="current") from exc
        log_in(request, request.user)  # keep this session alive with the new stamp
        send_templated(
            request,
            request.user.email,
            _("Votre mot de passe a été modifié"),
            "password_changed",
            user=request.user,
        )
        request.session.flash(
            request.localizer.translate(_("Votre mot de passe a été modifié.")), "success"
        )
        return HTTPSeeOther(request.route_url("accounts.account"))


@view_config(route_name="accounts.change_email", renderer=FORM_PAGE, permission="account")
class ChangeEmailView(FormView):
    schema_class = ChangeEmailSchema
    title = _("Modifier mon login (adresse mail)")
    form_id = "change-email"

    buttons = (("submit", _("Recevoir le lien de confirmation")),)

    def extra(self):
        return {
            "intro": _("Identifiant actuel : ${email}", mapping={"email": self.request.user.email})
        }

    def submit_success(self, appstruct):
        request = self.request
        try:
            issued = accounts(request).request_email_change(
                request.user, appstruct["password"], appstruct["new_email"]
            )
        except AccountError as exc:
            field = "password" if "passe" in str(exc) else "new_email"
            raise FormError(exc.args[0], field=field) from exc
        send_templated(
            request,
            appstruct["new_email"],
            _("Confirmez votre nouvelle adresse"),
            "email_change",
            user=request.user,
            link=request.route_url("accounts.confirm_email", token=issued.token),
        )
        request.session.flash(
            request.localizer.translate(
                _(
                    "Un lien de confirmation a été envoyé à ${email}. Votre identifiant "
                    "changera quand vous aurez cliqué sur ce lien (valable 24 heures).",
                    mapping={"email": appstruct["new_email"]},
                )
            ),
            "info",
        )
        return HTTPSeeOther(request.route_url("accounts.account"))


@view_config(route_name="accounts.confirm_email", renderer=FORM_PAGE)
class ConfirmEmailView(FormView):
    schema_class = ConfirmSchema
    title = _("Confirmer ma nouvelle adresse e-mail")
    form_id = "confirm-email"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.record = accounts(request).find_token(request.matchdict["token"], EMAIL_CHANGE)

    def __call__(self):
        if self.record is None:
            self.request.response.status = 410
            return {"form": None, "title": _("Lien expiré"), "invalid_link": True}
        return super().__call__()

    buttons = (("submit", _("Confirmer")),)

    def extra(self):
        return {
            "intro": _(
                "Votre nouvel identifiant sera : ${email}", mapping={"email": self.record.new_email}
            )
        }

    def submit_success(self, appstruct):
        request = self.request
        try:
            old_email = accounts(request).confirm_email_change(self.record)
        except AccountError as exc:
            raise FormError(exc.args[0]) from exc
        user = self.record.user
        send_templated(
            request,
            old_email,
            _("Votre identifiant a été modifié"),
            "email_changed",
            user=user,
            new_email=user.email,
        )
        log_out(request)
        request.session.flash(
            request.localizer.translate(
                _(
                    "Votre adresse e-mail est confirmée : c'est désormais votre identifiant. "
                    "Connectez-vous avec elle."
                )
            ),
            "success",
        )
        return HTTPSeeOther(request.route_url("accounts.login"))
