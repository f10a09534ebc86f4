"""The « Contactez-nous » form."""

import colander
import deform

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema, email_node
from portail_core.schemas.content import REQUIRED, single_line

PHONE_RE = r"^[0-9+().\s-]{6,30}$"


def _text(title, max_length, **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        preparer=single_line,
        validator=colander.Length(min=1, max=max_length, min_err=REQUIRED),
        missing_msg=REQUIRED,
        **kwargs,
    )


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ContactSchema(CSRFSchema):
    name = _text(
        _("Nom et prénom"),
        200,
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "name"}),
    )
    email = email_node(
        title=_("Votre adresse e-mail"),
        description=_(
            "Le service vous répondra à cette adresse ; une copie de votre message "
            "vous y est envoyée."
        ),
    )
    phone = colander.SchemaNode(
        colander.String(),
        title=_("Téléphone (facultatif)"),
        preparer=single_line,
        missing="",
        validator=colander.Regex(PHONE_RE, _("Numéro invalide (exemple : 04 67 18 23 64).")),
        widget=deform.widget.TextInputWidget(input_type="tel", attributes={"autocomplete": "tel"}),
    )
    subject = _text(_("Objet"), 150)
    message = colander.SchemaNode(
        colander.String(),
        title=_("Votre message"),
        preparer=_strip,
        validator=colander.Length(
            min=1, max=5000, min_err=REQUIRED, max_err=_("Votre message dépasse 5000 caractères.")
        ),
        missing_msg=REQUIRED,
        widget=deform.widget.TextAreaWidget(template="content_textarea", rows=8),
    )
