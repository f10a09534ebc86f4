"""The plugin manager, the per-tenant hook facade and the bridge into Pyramid.

Plugins are found through the ``portail.plugins`` entry points; the entry-point name is the
plugin id that tenant files enable. The core's own defaults are a plugin too, registered
first and ``trylast``, so that a commune plugin overrides a default simply by answering.
"""

import importlib
from importlib import metadata

import pluggy

from portail_core import defaults, hookspecs
from portail_core.payments.registry import PaymentBackendRegistry, PluginRegistrar
from portail_core.tenant import CORE_PLUGIN_ID


class PluginError(RuntimeError):
    """A plugin cannot be loaded: misspelt hook, wrong arguments, duplicate id…"""


def build_plugin_manager(extra_plugins=()):
    """Create the plugin manager: core defaults, installed entry points, then extras.

    :param extra_plugins: ``(plugin_id, module_or_object)`` pairs to register besides the
        entry points (tests register throw-away plugins this way; operators may too).
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    try:
        pm.register(defaults, name=CORE_PLUGIN_ID)
        pm.load_setuptools_entrypoints(hookspecs.ENTRY_POINT_GROUP)
        for plugin_id, plugin in extra_plugins:
            if isinstance(plugin, str):
                plugin = importlib.import_module(plugin)
            pm.register(plugin, name=plugin_id)
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"Plugin « {exc.plugin!r} » invalide : {exc}") from exc  # i18n: ignore
    return pm


def parse_extra_plugins(value):
    """Read the ``portail.extra_plugins`` setting: lines of ``plugin_id = dotted.module``."""
    pairs = []
    for line in (value or "").splitlines():
        line = line.strip()
        if line:
            plugin_id, _, dotted = line.partition("=")
            pairs.append((plugin_id.strip(), dotted.strip()))
    return pairs


def installed_plugin_ids(pm):
    return sorted(name for name, _ in pm.list_name_plugin() if name != CORE_PLUGIN_ID)


def plugin_report(pm, tenants):
    """Installed plugins with distribution, version, hooks and the tenants enabling them."""
    distributions = {}
    for entry_point in metadata.entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        dist = entry_point.dist
        distributions[entry_point.name] = (dist.name, dist.version) if dist else ("", "")
    report = []
    for plugin_id in installed_plugin_ids(pm):
        plugin = pm.get_plugin(plugin_id)
        dist_name, version = distributions.get(plugin_id, (getattr(plugin, "__name__", ""), ""))
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ())
        report.append(
            {
                "id": plugin_id,
                "distribution": dist_name,
                "version": version,
                "hooks": hooks,
                "tenants": sorted(t.id for t in tenants if plugin_id in t.plugins),
            }
        )
    return report


def settings_schemas(pm):
    """Each plugin's settings schema, keyed by plugin id (``portail_plugin_settings_schema``)."""
    schemas = {}
    for impl in pm.hook.portail_plugin_settings_schema.get_hookimpls():
        schema = impl.function()
        if schema is not None:
            schemas[pm.get_name(impl.plugin)] = schema
    return schemas


def collect_payment_backends(pm):
    """Every plugin's payment backends, each remembered with the id of its plugin."""
    registry = PaymentBackendRegistry()
    for impl in pm.hook.portail_register_payment_backends.get_hookimpls():
        registrar = PluginRegistrar(registry, pm.get_name(impl.plugin))
        impl.function(**{name: registrar for name in impl.argnames if name == "registry"})
    return registry


class TenantHooks:
    """Calls hooks on the core and on the plugins one tenant enabled, and on no other.

    Core code goes through this facade (``request.tenant.hooks.branding()``) and never
    spells ``pm.hook.x(...)``, so that a plugin a tenant has not enabled has no effect.
    """

    def __init__(self, pm, tenant):
        self._pm = pm
        self._tenant = tenant
        enabled = set(tenant.plugins) | {CORE_PLUGIN_ID}
        self._disabled = [plugin for name, plugin in pm.list_name_plugin() if name not in enabled]
        self._callers = {}

    def _hook(self, name):
        caller = self._callers.get(name)
        if caller is None:
            caller = self._pm.subset_hook_caller(name, remove_plugins=self._disabled)
            self._callers[name] = caller
        return caller

    def branding(self):
        return self._hook("portail_branding")(tenant=self._tenant)

    def establishments(self):
        establishments = []
        for contribution in self._hook("portail_establishments")(tenant=self._tenant):
            establishments.extend(contribution or ())
        return establishments

    def booking_policy(self, establishment):
        return self._hook("portail_booking_policy")(
            tenant=self._tenant, establishment=establishment
        )

    def absence_policy(self):
        return self._hook("portail_absence_policy")(tenant=self._tenant)

    def call(self, name, **kwargs):
        """Call any hook for this tenant (for hooks added after this facade was written)."""
        return self._hook(name)(**kwargs)


class TenantPluginPredicate:
    """View/route predicate ``tenant_plugin="<id>"``: true only where the tenant enabled it."""

    def __init__(self, plugin_id, config):
        self.plugin_id = plugin_id

    def text(self):
        return f"tenant_plugin = {self.plugin_id}"

    phash = text

    def __call__(self, context_or_info, request):
        tenant = request.tenant_or_none
        return tenant is not None and tenant.enabled(self.plugin_id)


def includeme(config):
    settings = config.get_settings()
    extras = parse_extra_plugins(settings.get("portail.extra_plugins"))
    # Plugin objects handed in by code (tests register throw-away plugins this way).
    extras += list(settings.get("portail.extra_plugin_objects", ()))
    pm = build_plugin_manager(extras)
    config.registry.plugin_manager = pm
    config.registry.payment_backends = collect_payment_backends(pm)
    config.add_view_predicate("tenant_plugin", TenantPluginPredicate)
    config.add_route_predicate("tenant_plugin", TenantPluginPredicate)


def bridge(config):
    """Let every installed plugin add its routes, views and templates (after the core)."""
    config.registry.plugin_manager.hook.portail_pyramid_configure(config=config)
