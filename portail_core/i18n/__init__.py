"""Interface languages: the message factory, the languages a portal offers, localizers.

French is the reference text: message ids *are* the French text, so a page renders in
French with no catalog at all, and every other language is a gettext catalog translating
those ids (``portail_core/locale/<lang>/LC_MESSAGES/portail_core.po``). Each plugin
translates its own texts in a domain named after its package, from its own ``locale``
folder, which the core adds to the translation directories when the plugin is installed.

In Python, mark a text with ``_`` and translate it with the request's localizer (or let
a template do it: Chameleon translates a ``TranslationString`` it inserts)::

    from portail_core.i18n import _
    request.session.flash(request.localizer.translate(_("Réservation enregistrée.")))
"""

import importlib
from functools import lru_cache
from pathlib import Path

from pyramid.i18n import Localizer, TranslationString, TranslationStringFactory, make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.path import AssetResolver

from portail_core import formatting

DOMAIN = "portail_core"
_ = TranslationStringFactory(DOMAIN)

#: The languages the core has a catalog for (French needs none: it is the reference).
AVAILABLE = ("fr", "en")
DEFAULT = "fr"
#: Each language named in itself: a switch is read by someone who does not read the page.
NATIVE_NAMES = {"fr": "Français", "en": "English"}

BASE_TRANSLATION_DIRS = ("colander:locale/", "deform:locale/", "portail_core:locale/")


def offered_languages(tenant):
    """The languages a tenant's portal offers, its default first (``[settings.core]
    languages``); every available one, French first, where there is no tenant (the
    operators' pages: the browser's ``Accept-Language`` chooses)."""
    if tenant is None:
        return AVAILABLE
    return tuple(tenant.plugin_settings("core").get("languages") or AVAILABLE)


def translation_dirs(registry):
    dirs = registry.queryUtility(ITranslationDirectories)
    if dirs:
        return tuple(dirs)
    resolver = AssetResolver()
    return tuple(resolver.resolve(spec).abspath() for spec in BASE_TRANSLATION_DIRS)


class PortailLocalizer(Localizer):
    """Pyramid's localizer, which also formats the dates, datetimes and amounts of a
    message's mapping in its language (``formatting.Formats.value``)."""

    def __init__(self, locale_name, translations):
        super().__init__(locale_name, translations)
        self.formats = formatting.for_language(locale_name)

    def translate(self, tstring, domain=None, mapping=None):
        if isinstance(tstring, TranslationString) and mapping is None and tstring.mapping:
            mapping = tstring.mapping
        if mapping:
            mapping = {key: self._text(value) for key, value in mapping.items()}
        return super().translate(tstring, domain=domain, mapping=mapping)

    def _text(self, value):
        if isinstance(value, TranslationString):
            return self.translate(value)
        return self.formats.value(value)


@lru_cache(maxsize=32)
def _localizer(language, dirs):
    translations = make_localizer(language, list(dirs)).translations
    return PortailLocalizer(language, translations)


def request_localizer(request):
    return localizer_for(request.registry, request.locale_name)


def localizer_for(registry, language):
    """A localizer for ``language`` outside a request in that language: e-mails and PDFs
    go out in their recipient's language, whoever triggered them."""
    if language not in AVAILABLE:
        language = DEFAULT
    return _localizer(language, translation_dirs(registry))


def recipient_language(user, tenant=None):
    """The language to write to ``user`` in: the one chosen on the account if the portal
    still offers it, else the portal's default."""
    offered = offered_languages(tenant if tenant is not None else getattr(user, "tenant", None))
    chosen = getattr(user, "language", None)
    return chosen if chosen in offered else offered[0]


def plugin_translation_dirs(pm):
    """The ``locale`` folder of each installed plugin's package that has one."""
    dirs = []
    for name, plugin in pm.list_name_plugin():
        package = getattr(plugin, "__name__", "").partition(".")[0]
        if name == "core" or not package:
            continue
        folder = Path(importlib.import_module(package).__file__).parent / "locale"
        if folder.is_dir() and f"{package}:locale/" not in dirs:
            dirs.append(f"{package}:locale/")
    return dirs


def includeme(config):
    """After ``.plugins``: the core's catalogs, then every installed plugin's."""
    config.add_translation_dirs(*BASE_TRANSLATION_DIRS)
    pm = getattr(config.registry, "plugin_manager", None)
    if pm is not None:
        dirs = plugin_translation_dirs(pm)
        if dirs:
            config.add_translation_dirs(*dirs)
    config.add_request_method(request_localizer, "localizer", reify=True)
    config.include(".negotiation")
