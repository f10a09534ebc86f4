"""Balaruc-le-Vieux: its branding and its establishments, as in its portal's user guide.

Branding and establishments are data, in ``commune.toml`` beside this file; the core's
``CommunePlugin`` answers their hooks. The modules below hold what is the commune's own.
"""

from portail_commune_balaruc.absences import portail_absence_policy
from portail_commune_balaruc.campaigns import portail_campaign_priorities
from portail_commune_balaruc.content import portail_content_defaults
from portail_commune_balaruc.demo import portail_demo_data
from portail_commune_balaruc.family_lists import portail_family_lists
from portail_core.commune_plugin import CommunePlugin

PLUGIN_ID = "commune_balaruc"

commune = CommunePlugin(__name__, PLUGIN_ID)
portail_branding = commune.portail_branding
portail_establishments = commune.portail_establishments
portail_pyramid_configure = commune.portail_pyramid_configure

__all__ = [
    "portail_absence_policy",
    "portail_campaign_priorities",
    "portail_branding",
    "portail_content_defaults",
    "portail_demo_data",
    "portail_establishments",
    "portail_family_lists",
    "portail_pyramid_configure",
]
