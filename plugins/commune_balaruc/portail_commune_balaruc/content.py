# i18n: ignore-file  (the commune's own content, written by its town hall; its headings
# are labels of the portal, translated in the commune's domain)
"""Balaruc-le-Vieux's portal content: « Nouvelles » and « Téléchargements SEJ » headings.

The commune's user guide shows no information menu, so none is proposed.
"""

from portail_commune_balaruc.i18n import _
from portail_core import hookimpl
from portail_core.services.content.defaults import ContentDefaults


@hookimpl
def portail_content_defaults(tenant):
    return ContentDefaults(
        news_heading=_("Nouvelles"),
        downloads_heading=_("Téléchargements SEJ"),
        legal_notice=("<h2>Directeur de la publication</h2><p>Le Maire de Balaruc-le-Vieux.</p>"),
    )
