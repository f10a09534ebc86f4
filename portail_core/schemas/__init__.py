"""Colander schemas, one module per area. They know nothing of deform's rendering."""

import colander
import deform
from pyramid.csrf import get_csrf_token

from portail_core.i18n import _


@colander.deferred
def deferred_csrf_token(node, kw):
    return get_csrf_token(kw["request"])


class CSRFSchema(colander.MappingSchema):
    """Base of every form schema: carries the CSRF token Pyramid checks on each POST."""

    csrf_token = colander.SchemaNode(
        colander.String(),
        widget=deform.widget.HiddenWidget(),
        default=deferred_csrf_token,
        missing="",
    )


def email_node(title=_("Adresse e-mail"), **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        preparer=lambda value: value.strip().lower() if isinstance(value, str) else value,
        validator=colander.All(
            colander.Length(max=254),
            colander.Email(msg=_("Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).")),
        ),
        widget=deform.widget.TextInputWidget(
            input_type="email", attributes={"autocomplete": "email"}
        ),
        **kwargs,
    )
