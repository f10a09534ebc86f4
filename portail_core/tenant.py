"""The ``Tenant`` type: one commune's validated configuration.

It imports nothing of the plugin machinery, so hook specifications, plugins and services can
name it without an import circle; ``tenancy`` loads and validates tenant files into it.
"""

from dataclasses import dataclass, field

#: The plugin id under which the core's own hook implementations are registered.
CORE_PLUGIN_ID = "core"


class TenantConfigError(ValueError):
    """A tenant file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class Regie:
    """A billing office of a commune and the payment backend chosen for it."""

    id: str
    label: str
    payment: str | None = None
    payment_settings: dict = field(default_factory=dict)
    #: invoice numbers: ``{seq}`` (with a width, e.g. ``{seq:05d}``), optional ``{year}``.
    invoice_number_format: str = "{seq:05d}"


@dataclass(eq=False)
class Tenant:
    """One commune's configuration, as validated from its file under ``config/tenants``."""

    id: str
    name: str
    hosts: tuple[str, ...]
    plugins: tuple[str, ...]
    mail_sender: str
    contact_email: str
    regies: dict[str, Regie]
    settings: dict
    source: str
    #: the tenant's ``plugins.TenantHooks`` facade, set by ``tenancy`` once loaded.
    hooks: object = field(init=False, repr=False)
    _branding: object = field(init=False, default=None, repr=False)

    def enabled(self, plugin_id):
        return plugin_id == CORE_PLUGIN_ID or plugin_id in self.plugins

    def plugin_settings(self, plugin_id):
        """The validated settings of a plugin for this tenant (its schema's defaults filled)."""
        return self.settings.get(plugin_id, {})

    @property
    def branding(self):
        if self._branding is None:
            self._branding = self.hooks.branding()
        return self._branding
