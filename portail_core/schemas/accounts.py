"""Forms of the account area: login, passwords, e-mail, agent and family creation."""

import colander
import deform

from portail_core.i18n import _
from portail_core.passwords import MAX_LENGTH, POLICY, password_problem
from portail_core.schemas import CSRFSchema, email_node


@colander.deferred
def _strong_password(node, kw):
    """The policy of new passwords; ``identifier`` (bound) is the login it may not repeat."""

    def validate(node, value):
        problem = password_problem(value, kw.get("identifier"))
        if problem:
            raise colander.Invalid(node, problem)

    return validate


def password_node(title, autocomplete="new-password", strong=True):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=_strong_password if strong else colander.Length(max=MAX_LENGTH),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": autocomplete}),
    )


def _passwords_match(form, value):
    if value["password"] != value["confirm"]:
        error = colander.Invalid(form)
        error["confirm"] = _("Les deux mots de passe ne sont pas identiques.")
        raise error


class LoginSchema(CSRFSchema):
    login = email_node(title=_("Identifiant"))
    password = password_node(_("Mot de passe"), "current-password", strong=False)


class ForgotSchema(CSRFSchema):
    email = email_node(
        title=_("Adresse e-mail"),
        description=_("Votre identifiant est l'adresse e-mail donnée au Service Enfance Jeunesse."),
    )


STRENGTH_RULES = POLICY


class SetPasswordSchema(CSRFSchema):
    password = password_node(_("Nouveau mot de passe"))
    password.description = STRENGTH_RULES
    confirm = password_node(_("Confirmez le mot de passe"), strong=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validator", _passwords_match)
        super().__init__(*args, **kwargs)


class ChangePasswordSchema(CSRFSchema):
    current = password_node(_("Mot de passe actuel"), "current-password", strong=False)
    password = password_node(_("Nouveau mot de passe"))
    password.description = STRENGTH_RULES
    confirm = password_node(_("Confirmez le mot de passe"), strong=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validator", _passwords_match)
        super().__init__(*args, **kwargs)


class ChangeEmailSchema(CSRFSchema):
    new_email = email_node(title=_("Nouvelle adresse e-mail (nouvel identifiant)"))
    password = password_node(_("Mot de passe actuel"), "current-password", strong=False)


class ConfirmSchema(CSRFSchema):
    """A bare form: one button, for actions that must not happen on a GET."""


def _name_node(title, **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        validator=colander.Length(min=1, max=100, min_err=_("Ce champ est obligatoire.")),
        **kwargs,
    )


class AgentSchema(CSRFSchema):
    first_name = _name_node(_("Prénom"))
    last_name = _name_node(_("Nom"))
    email = email_node(title=_("Adresse e-mail (identifiant)"))
    role = colander.SchemaNode(
        colander.String(),
        title=_("Rôle"),
        validator=colander.OneOf(["agent", "admin"]),
        widget=deform.widget.RadioChoiceWidget(
            values=[("agent", _("Agent")), ("admin", _("Administrateur (gère les comptes agents)"))]
        ),
        default="agent",
    )


class NewFamilySchema(CSRFSchema):
    family_name = _name_node(_("Nom de la famille"))
    first_name = _name_node(_("Prénom du responsable légal"))
    last_name = _name_node(_("Nom du responsable légal"))
    email = email_node(title=_("Adresse e-mail du responsable (identifiant)"))


def code_node(title, description):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=description,
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        validator=colander.Length(min=6, max=40, min_err=_("Saisissez le code à 6 chiffres.")),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


class TwoStepCodeSchema(CSRFSchema):
    """The second step of a login: the application's code, or a recovery code."""

    code = code_node(
        _("Code de vérification"),
        _(
            "Le code à 6 chiffres affiché par votre application d'authentification, ou l'un de "
            "vos codes de secours (par exemple abcd-efgh-jkmn-pqrs)."
        ),
    )


class TwoStepEnrolSchema(CSRFSchema):
    """Enrolment, and the actions that need a current code (new codes, turning it off)."""

    code = code_node(
        _("Code affiché par l'application"),
        _("Saisissez le code à 6 chiffres que l'application affiche maintenant."),
    )
