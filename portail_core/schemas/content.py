"""Forms of the agents' content tools: news, information pages and sections, downloads."""

import colander
import deform

from portail_core.calendar import now_paris
from portail_core.i18n import _
from portail_core.models.content import FAMILIES, PUBLIC
from portail_core.schemas import CSRFSchema

REQUIRED = _("Ce champ est obligatoire.")
RICH_TEXT_HELP = _(
    "Utilisez les boutons au-dessus du texte pour le gras, les titres, les listes et les "
    "liens ; sans eux, une ligne vide sépare deux paragraphes. Les scripts, styles et "
    "images insérés sont retirés à l'enregistrement."
)


def single_line(value):
    """Strip, and fold every run of spaces or line breaks into one space."""
    return " ".join(value.split()) if isinstance(value, str) else value


def title_node(title=_("Titre"), **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        preparer=single_line,
        validator=colander.Length(min=1, max=200, min_err=REQUIRED),
        missing_msg=REQUIRED,
        **kwargs,
    )


def rich_text_node(title):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=RICH_TEXT_HELP,
        validator=colander.Length(min=1, max=100_000, min_err=REQUIRED),
        missing_msg=REQUIRED,
        widget=deform.widget.TextAreaWidget(
            template="content_textarea", rows=14, css_class="rich-text"
        ),
    )


def published_node(title, default=True):
    return colander.SchemaNode(
        colander.Boolean(),
        title=title,
        default=default,
        missing=False,
        widget=deform.widget.CheckboxWidget(),
    )


class FrenchDate(colander.Date):
    err_template = _("Date invalide : choisissez un jour (jj/mm/aaaa).")


@colander.deferred
def today(node, kw):
    return now_paris().date()


class NewsSchema(CSRFSchema):
    title = title_node()
    published_on = colander.SchemaNode(
        FrenchDate(),
        title=_("Date de publication"),
        description=_("La nouvelle apparaît à partir de ce jour."),
        default=today,
        widget=deform.widget.TextInputWidget(input_type="date"),
    )
    visibility = colander.SchemaNode(
        colander.String(),
        title=_("Qui peut la lire ?"),
        default=PUBLIC,
        validator=colander.OneOf((PUBLIC, FAMILIES)),
        widget=deform.widget.RadioChoiceWidget(
            values=[
                (PUBLIC, _("Tout le monde (page d'accueil publique)")),
                (FAMILIES, _("Seulement les familles connectées")),
            ]
        ),
    )
    body = rich_text_node(_("Texte"))
    published = published_node(_("Publiée (décochez pour la garder en brouillon)"))


class SectionSchema(CSRFSchema):
    title = title_node(_("Titre de la rubrique"))


@colander.deferred
def section_widget(node, kw):
    return deform.widget.SelectWidget(values=[(s.id, s.title) for s in kw["sections"]])


@colander.deferred
def section_validator(node, kw):
    return colander.OneOf([s.id for s in kw["sections"]], msg_err=_("Choisissez une rubrique."))


class PageSchema(CSRFSchema):
    title = title_node(_("Titre de la page"))
    section_id = colander.SchemaNode(
        colander.Int(),
        title=_("Rubrique du menu"),
        widget=section_widget,
        validator=section_validator,
    )
    body = rich_text_node(_("Contenu de la page"))
    published = published_node(_("Publiée (visible dans le menu)"))


class RequestTempStore(dict):
    """Deform's upload store for one request: a refused form asks for the file again.

    Keeping a 10 Mo PDF across requests (in the signed-cookie session) is not possible,
    and the only other field, the title, is optional, so little is lost.
    """

    def preview_url(self, uid):
        return None


@colander.deferred
def pdf_upload_widget(node, kw):
    return deform.widget.FileUploadWidget(
        RequestTempStore(), template="content_file_upload", accept="application/pdf,.pdf"
    )


def file_node(**kwargs):
    return colander.SchemaNode(
        deform.FileData(),
        title=_("Fichier PDF"),
        description=_("Un fichier PDF de 10 Mo au plus."),
        widget=pdf_upload_widget,
        **kwargs,
    )


class NewDownloadSchema(CSRFSchema):
    upload = file_node()
    title = colander.SchemaNode(
        colander.String(),
        title=_("Titre affiché"),
        description=_("Par exemple « Règlement ALP ALE ». Laissé vide : le nom du fichier."),
        preparer=single_line,
        validator=colander.Length(max=200),
        missing="",
    )
    published = published_node(_("Publié (visible dans « Téléchargements »)"))


class EditDownloadSchema(CSRFSchema):
    title = title_node(_("Titre affiché"))
    published = published_node(_("Publié (visible dans « Téléchargements »)"))
    upload = file_node(missing=None)
    upload.title = _("Remplacer le fichier (facultatif)")
