"""What a commune's portal looks like: the value the ``portail_branding`` hook returns."""

from dataclasses import dataclass, field

from portail_core.i18n import _


@dataclass(frozen=True)
class Branding:
    """Names, contact block, logo and colours of one commune's portal.

    ``logo`` and ``stylesheet`` are Pyramid asset specs (``package:static/file``) served by
    the plugin's own static view; ``fragments`` maps a fragment name of the layout
    (``header``, ``contact``, ``footer``, ``welcome``) to a Chameleon template asset spec
    that replaces the core's.
    """

    town: str
    service: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    welcome_title: str = _("Bienvenue sur notre portail familles")
    welcome_text: str = ""
    logo: str = ""
    logo_alt: str = ""
    primary_colour: str = "#1d4f91"
    accent_colour: str = "#b3261e"
    stylesheet: str = ""
    fragments: dict[str, str] = field(default_factory=dict)
