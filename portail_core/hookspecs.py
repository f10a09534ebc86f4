"""Every hook specification of Portail Familles, the contract between the core and plugins.

Plugins implement these with ``@portail_core.hookimpl``. Arguments may be added to a spec
in a later version, never renamed nor removed; an implementation may accept any subset of
them. The core always calls hooks with keyword arguments, and per tenant only on the
plugins that tenant enabled (see :mod:`portail_core.plugins`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import colander
    from pyramid.config import Configurator

    from portail_core.branding import Branding
    from portail_core.demo.builder import DemoBuilder
    from portail_core.payments.registry import PaymentBackendRegistry
    from portail_core.services.bookings.establishments import Establishment
    from portail_core.services.bookings.policies import AbsencePolicy, BookingPolicy
    from portail_core.services.campaigns.priorities import Priority
    from portail_core.services.content.defaults import ContentDefaults
    from portail_core.services.family.lists import FamilyLists
    from portail_core.tenant import Tenant

PROJECT = "portail"
ENTRY_POINT_GROUP = "portail.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def portail_pyramid_configure(config: Configurator) -> None:
    """Add a plugin's routes, views, templates and static assets to the Pyramid application.

    :param config: the application's Configurator, after the core has set up its own
        routes, security and rendering.

    Called once at start-up for **every installed** plugin, whatever the tenants enabled,
    because a WSGI application has one route table. A plugin therefore guards its views
    with the ``tenant_plugin="<plugin id>"`` view predicate (or route predicate) so that a
    tenant that did not enable it gets a 404. The usual body is
    ``config.include("portail_<id>.web")``.

    Return nothing. Since 0.1.
    """


@hookspec
def portail_plugin_settings_schema() -> colander.SchemaNode | None:
    """Publish the schema of this plugin's per-tenant settings.

    Called once at start-up, per plugin, before the tenant files are validated. The
    settings a tenant gives under ``[settings.<plugin id>]`` are deserialised with this
    schema: its defaults fill what the tenant left out, and a wrong value stops the start
    with a message naming the tenant file and the key. The validated mapping is then
    ``tenant.plugin_settings("<plugin id>")``.

    Return a ``colander.MappingNode`` (``colander.SchemaNode(colander.Mapping())``), or
    ``None`` when the plugin takes no settings. Each plugin's own answer is used for its
    own section only. Since 0.1.
    """


@hookspec(firstresult=True)
def portail_branding(tenant: Tenant) -> Branding | None:
    """Give the branding of a tenant's portal: names, contact block, logo, colours.

    :param tenant: the tenant whose page is being rendered.

    Called once per tenant at start-up (the result is kept for the tenant's life).
    The first non-``None`` answer wins; the core's default, registered ``trylast``, builds a
    plain branding from the tenant file, so a commune plugin overrides it simply by
    answering. Return a :class:`portail_core.branding.Branding`. Since 0.1.
    """


@hookspec
def portail_establishments(tenant: Tenant) -> list[Establishment] | None:
    """List the establishments a commune runs, each with its units of attendance.

    :param tenant: the tenant asking.

    Called when the core needs the tenant's establishments (agent screens, demo data,
    synchronisation into the database). Every enabled plugin may contribute: the lists are
    concatenated in plugin order; an establishment ``code`` must be unique within a tenant,
    or the start fails. Return a list of
    :class:`portail_core.services.bookings.establishments.Establishment` or ``None``. Since 0.1.
    """


@hookspec(firstresult=True)
def portail_booking_policy(tenant: Tenant, establishment: Establishment) -> BookingPolicy | None:
    """Choose the booking policy that rules an establishment of a tenant.

    :param tenant: the tenant.
    :param establishment: the establishment whose bookings are being checked: either the
        plugin's
        :class:`portail_core.services.bookings.establishments.Establishment` or the tenant's
        ``establishment`` row (:class:`portail_core.models.bookings.Establishment`); rely
        only on the attributes both have: ``code``, ``name``, ``regie`` and ``kind``.

    Called each time a planning is shown, a request is checked or confirmed, a place is
    freed for the waiting list. The first non-``None`` answer wins; the core's default
    (``trylast``) builds a
    :class:`portail_core.services.bookings.policies.BookingPolicy` from the tenant
    file's ``[settings.core.booking]`` parameters, with the keys of
    ``[settings.core.booking_by_establishment.<code>]`` replacing them. A commune returns
    its own policy object (the same frozen dataclass with other parameters, or a subclass
    overriding a rule); a period may then override ``auto_accept`` and ``when_full``
    (``dataclasses.replace``), and adds its own opening days, closed days and last booking
    day. Since 0.1.
    """


@hookspec
def portail_register_payment_backends(registry: PaymentBackendRegistry) -> None:
    """Register the payment gateway backends a plugin provides.

    :param registry: call ``registry.add(BackendClass)`` for each backend, a subclass of
        :class:`portail_core.payments.base.PaymentBackend`.

    Called once at start-up for every installed plugin. Two backends with the same ``id``
    stop the start. Which backend serves which régie is chosen in each tenant file
    (``[regies.<id>] payment = "<backend id>"``), whose ``payment_settings`` are validated
    with the backend's settings schema; a tenant may only choose a backend whose plugin it
    enabled. See ``docs/plugins.md``. Return nothing. Since 0.1.
    """


@hookspec
def portail_demo_data(tenant: Tenant, demo: DemoBuilder) -> None:
    """Load a commune's demonstration data (families, agents…) into an empty database.

    :param tenant: the tenant being filled.
    :param demo: a :class:`portail_core.demo.builder.DemoBuilder` bound to the session and the
        tenant; use its methods rather than building rows by hand.

    Called by ``portail-demo`` once per tenant, for the plugins that tenant enabled, in a
    transaction that is committed when every plugin has answered, and only when the
    tenant has no account yet. Return nothing. Since 0.1.
    """


@hookspec(firstresult=True)
def portail_content_defaults(tenant: Tenant) -> ContentDefaults | None:
    """Give a commune's content labels and the information pages it proposes by default.

    :param tenant: the tenant whose portal is being rendered or set up.

    Called when the home page and the information pages are rendered (for the headings
    « Nouvelles » or « Actualités », « Téléchargements SEJ » and the menu's title), when
    the legal page is rendered (for the commune's extra legal text), and when the default
    information pages are installed — by the demo, or by an agent on an empty menu. The
    first non-``None`` answer wins; the core's default (``trylast``) has the generic
    headings and no page. Return a
    :class:`portail_core.services.content.defaults.ContentDefaults`; its pages
    are copied into the database once, after which agents edit them there.
    Since 0.1.
    """


@hookspec(firstresult=True)
def portail_family_lists(tenant: Tenant) -> FamilyLists | None:
    """Give the lists a commune offers in its family files.

    :param tenant: the tenant whose family file or child sheet is shown or checked.

    Called each time a child sheet, the documents form or an agent's child form is shown
    or validated: the vaccines of the « Vaccinations » table, the yes/no authorisations
    (« AUTORISATION DE FILMER/PHOTOGRAPHIER »…), the document types, the school levels and
    the diets. The first non-``None`` answer wins; the core's default (``trylast``) has
    empty lists, since these are the commune's choices. Afterwards, each list the tenant
    file gives under ``[settings.core.family_lists]`` replaces the answer's list whole
    (see :func:`portail_core.services.family.lists.family_lists`). Return a
    :class:`portail_core.services.family.lists.FamilyLists`; its labels are what is stored.
    Since 0.1.
    """


@hookspec(firstresult=True)
def portail_absence_policy(tenant: Tenant) -> AbsencePolicy | None:
    """Choose what a commune gives back for an absence justified by a medical certificate.

    :param tenant: the tenant whose absence is declared, decided or invoiced.

    Called when a parent opens or sends « Déclarer une absence » (the delay of grace: a
    certificate sent later than ``grace_days`` after the first day of absence is refused)
    and when an agent accepts an absence (``waiting_days``: the first booked days of the
    absence, the "jours de carence", are not given back; the others become « absence
    justifiée »). The invoice runs then leave a justified day out when it was not
    invoiced yet, or put a credit line (a negative amount) on the family's next invoice
    when it was; a day of carence is invoiced as booked. The first non-``None`` answer
    wins; the core's default (``trylast``) is ``AbsencePolicy()``: 2 days of grace, every
    day given back. Return a :class:`portail_core.services.bookings.policies.AbsencePolicy`
    (the frozen dataclass with other parameters, or a subclass overriding
    ``credited(booked_days)`` or ``declaration_deadline(first_day)``). Since 0.2.
    """


@hookspec
def portail_campaign_priorities(tenant: Tenant) -> list[Priority] | None:
    """List the priorities a commune's agents may choose for a registration campaign.

    :param tenant: the tenant whose campaign is being set up, drawn or shown.

    Called when an agent opens a campaign's form or page, when a lottery is drawn, and
    when parents read a campaign's priorities. Every enabled plugin may answer; the core's
    default (``trylast``) answers five: ``both_working``, ``sibling_enrolled``,
    ``resident``, ``pai`` and ``earlier_refusal``
    (:func:`portail_core.services.campaigns.priorities.core_priorities`). The answers
    are concatenated, the commune plugins' first and in their order: that is the order
    proposed to agents for a new campaign. A priority whose ``code`` was already given
    (a commune answering a core code) replaces the later one, so a commune can reword or
    redefine a core priority. Agents then choose which priorities apply, and in which
    order; the draw ranks requests by the first priority, then the second…, and breaks
    ties by a seeded random draw recorded with the campaign.

    Return a list of :class:`portail_core.services.campaigns.priorities.Priority`
    (``code``, ``label`` in plain words for parents, ``rule(facts) -> bool`` over a
    :class:`~portail_core.services.campaigns.priorities.FamilyFacts`), or ``None``. A
    rule must read only the facts it is given (they are loaded in bulk for thousands of
    requests) and be deterministic: a draw is replayed from its recorded matches, but a
    rule that changes between the draw and a new campaign changes only the latter.
    Since 0.2.
    """
