"""The plugin's messages, in its own translation domain (``locale/`` beside this file)."""

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("portail_commune_batz")
