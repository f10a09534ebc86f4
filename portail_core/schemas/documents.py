"""The form to send a supporting document (a raw HTML form: the file is checked apart)."""

import colander

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.schemas.family_nodes import REQUIRED, choice_node
from portail_core.services.family.documents import name_problem

FAMILY_FILE = "famille"


def _safe_name(node, value):
    problem = name_problem(value)
    if problem:
        raise colander.Invalid(node, problem)


def document_schema(children, lists):
    """What a document is about (the family file or a child), its name and its type."""
    schema = CSRFSchema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="concerns",
            title=_("Ce document concerne"),
            missing_msg=_("Indiquez ce que concerne ce document."),
            validator=colander.OneOf(
                [FAMILY_FILE] + [str(child.id) for child in children],
                msg_err=_("Indiquez ce que concerne ce document."),
            ),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="name",
            title=_("Nom du document"),
            preparer=lambda value: value.strip() if isinstance(value, str) else value,
            missing_msg=REQUIRED,
            validator=colander.All(
                colander.Length(
                    min=1, max=150, min_err=REQUIRED, max_err=_("Au plus 150 caractères.")
                ),
                _safe_name,
            ),
        )
    )
    types = lists.document_types
    schema.add(choice_node(_("Type de document"), types, required=bool(types), name="doc_type"))
    if types:
        schema["doc_type"].missing_msg = _("Choisissez le type de document.")
    return schema
