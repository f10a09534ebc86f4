"""Tenants (communes): loaded from one TOML file each, validated at start, found by host.

An unknown host gets a plain 404 before any view runs, revealing nothing of other tenants.
"""

import os
import re
import tomllib
from pathlib import Path

import colander
from pyramid.httpexceptions import HTTPNotFound
from pyramid.i18n import make_localizer
from pyramid.path import AssetResolver
from pyramid.response import Response

from portail_core.plugins import TenantHooks, installed_plugin_ids, settings_schemas
from portail_core.tenant import CORE_PLUGIN_ID, Regie, Tenant, TenantConfigError

HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
TENANT_ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def _hosts_validator(node, value):
    for host in value:
        if not HOST_RE.match(host):
            raise colander.Invalid(
                node, f"« {host} » n'est pas un nom d'hôte valide"
            )  # i18n: ignore


class _Strings(colander.SequenceSchema):
    item = colander.SchemaNode(colander.String())


def _invoice_number_format_validator(node, value):
    from portail_core.services.billing.numbering import check_number_format

    try:
        check_number_format(value)
    except ValueError as exc:
        raise colander.Invalid(node, str(exc)) from None


class RegieSchema(colander.MappingSchema):
    label = colander.SchemaNode(colander.String())
    payment = colander.SchemaNode(colander.String(), missing=None)
    payment_settings = colander.SchemaNode(colander.Mapping(unknown="preserve"), missing={})
    invoice_number_format = colander.SchemaNode(
        colander.String(), missing="{seq:05d}", validator=_invoice_number_format_validator
    )


class TenantSchema(colander.MappingSchema):
    """The keys of a tenant file; plugin sections are checked by each plugin's schema."""

    def __init__(self, *args, **kwargs):
        super().__init__(colander.Mapping(unknown="raise"), *args, **kwargs)

    name = colander.SchemaNode(colander.String())
    hosts = _Strings(validator=colander.All(colander.Length(min=1), _hosts_validator))
    plugins = _Strings(missing=())
    mail_sender = colander.SchemaNode(colander.String())
    contact_email = colander.SchemaNode(colander.String(), validator=colander.Email())
    regies = colander.SchemaNode(colander.Mapping(unknown="preserve"), missing={})
    settings = colander.SchemaNode(colander.Mapping(unknown="preserve"), missing={})


_localizer = None


def _french(message):
    global _localizer
    if _localizer is None:
        resolver = AssetResolver()
        dirs = [resolver.resolve("colander:locale").abspath()]
        _localizer = make_localizer("fr", dirs)
    return _localizer.translate(message)


def _error(source, exc, prefix=""):
    details = "; ".join(
        f"clé « {prefix}{key} » : {_french(msg)}"
        for key, msg in sorted(exc.asdict().items())  # i18n: ignore
    )
    return TenantConfigError(f"{source} : {details}")


def resolve_secrets(value, source, allow_defaults, path=""):
    """Replace ``{ env = "NAME" }`` tables by the environment variable's value.

    ``default`` is honoured only where the settings allow it (development and tests), so
    that a production deployment fails at start rather than run with a demo secret.
    """
    if isinstance(value, dict):
        if set(value) <= {"env", "default"} and "env" in value:
            if value["env"] in os.environ:
                return os.environ[value["env"]]
            if allow_defaults and "default" in value:
                return value["default"]
            raise TenantConfigError(
                f"{source} : clé « {path} » : la variable d'environnement "
                f"{value['env']} n'est pas définie"
            )
        return {
            key: resolve_secrets(item, source, allow_defaults, f"{path}.{key}" if path else key)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [resolve_secrets(item, source, allow_defaults, path) for item in value]
    return value


def load_tenant(path, schemas, installed, payment_backends, allow_secret_defaults):
    """Read and validate one tenant file; raise :class:`TenantConfigError` on any mistake."""
    source = str(path)
    tenant_id = Path(path).stem
    if not TENANT_ID_RE.match(tenant_id):
        raise TenantConfigError(f"{source} : le nom du fichier doit être un identifiant simple")
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise TenantConfigError(f"{source} : TOML invalide : {exc}") from exc
    raw = resolve_secrets(raw, source, allow_secret_defaults)
    try:
        data = TenantSchema().deserialize(raw)
    except colander.Invalid as exc:
        raise _error(source, exc) from exc

    for index, plugin_id in enumerate(data["plugins"]):
        if plugin_id not in installed:
            raise TenantConfigError(
                f"{source} : clé « plugins.{index} » : le plugin « {plugin_id} » n'est pas "
                f"installé (installés : {', '.join(installed) or 'aucun'})"
            )
    enabled = set(data["plugins"]) | {CORE_PLUGIN_ID}
    for plugin_id in data["settings"]:
        if plugin_id not in enabled:
            raise TenantConfigError(
                f"{source} : clé « settings.{plugin_id} » : ce plugin n'est pas activé "
                "pour cette commune (liste « plugins »)"
            )
    settings = {}
    for plugin_id in enabled:
        schema = schemas.get(plugin_id)
        values = data["settings"].get(plugin_id, {})
        if schema is None:
            settings[plugin_id] = values
            continue
        try:
            settings[plugin_id] = schema.deserialize(values)
        except colander.Invalid as exc:
            raise _error(source, exc, f"settings.{plugin_id}.") from exc

    regies = {}
    for regie_id, regie_values in data["regies"].items():
        try:
            regie = RegieSchema().deserialize(regie_values)
        except colander.Invalid as exc:
            raise _error(source, exc, f"regies.{regie_id}.") from exc
        regie["payment_settings"] = _payment_settings(
            source, regie_id, regie, payment_backends, enabled
        )
        regies[regie_id] = Regie(id=regie_id, **regie)

    return Tenant(
        id=tenant_id,
        name=data["name"],
        hosts=tuple(host.lower() for host in data["hosts"]),
        plugins=tuple(data["plugins"]),
        mail_sender=data["mail_sender"],
        contact_email=data["contact_email"],
        regies=regies,
        settings=settings,
        source=source,
    )


def _payment_settings(source, regie_id, regie, payment_backends, enabled):
    """Check a régie's backend (installed, its plugin enabled) and validate its settings
    with the backend's own schema."""
    key = f"regies.{regie_id}.payment"
    backend = regie["payment"]
    if backend is None:  # no online payment for this régie: nothing to validate against
        return regie["payment_settings"]
    if backend not in payment_backends:
        raise TenantConfigError(
            f"{source} : clé « {key} » : aucun moyen de paiement « {backend} » n'est installé"
        )
    plugin_id = payment_backends.plugin_of(backend)
    if plugin_id is not None and plugin_id not in enabled:
        raise TenantConfigError(
            f"{source} : clé « {key} » : le moyen de paiement « {backend} » vient du plugin "
            f"« {plugin_id} », qui n'est pas activé pour cette commune (liste « plugins »)"
        )
    try:
        return payment_backends.get(backend).validate_settings(regie["payment_settings"])
    except colander.Invalid as exc:
        raise _error(source, exc, f"{key}_settings.") from exc


class TenantRegistry:
    """Every tenant of the deployment, by id and by host name."""

    def __init__(self, tenants):
        self._by_id = {}
        self._by_host = {}
        for tenant in tenants:
            for host in tenant.hosts:
                if host in self._by_host:
                    raise TenantConfigError(
                        f"{tenant.source} : clé « hosts » : l'hôte « {host} » est déjà celui "
                        f"de {self._by_host[host].source}"
                    )
                self._by_host[host] = tenant
            self._by_id[tenant.id] = tenant

    def __iter__(self):
        return iter(sorted(self._by_id.values(), key=lambda t: t.id))

    def __len__(self):
        return len(self._by_id)

    def get(self, tenant_id):
        return self._by_id.get(tenant_id)

    def for_host(self, host):
        return self._by_host.get(host)


def load_tenants(directory, pm, payment_backends, allow_secret_defaults=False):
    """Load every ``*.toml`` of ``directory``, attach each tenant's hook facade, check it."""
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise TenantConfigError(f"{directory} : aucun fichier de commune (*.toml)")
    schemas = settings_schemas(pm)
    installed = installed_plugin_ids(pm)
    tenants = []
    for path in files:
        tenant = load_tenant(path, schemas, installed, payment_backends, allow_secret_defaults)
        tenant.hooks = TenantHooks(pm, tenant)
        _check_establishments(tenant)
        tenants.append(tenant)
    return TenantRegistry(tenants)


def _check_establishments(tenant):
    seen = set()
    for establishment in tenant.hooks.establishments():
        if establishment.code in seen:
            raise TenantConfigError(
                f"{tenant.source} : l'établissement « {establishment.code} » est déclaré "
                "deux fois par les plugins activés"
            )
        if tenant.regies and establishment.regie not in tenant.regies:
            raise TenantConfigError(
                f"{tenant.source} : clé « regies » : l'établissement « {establishment.code} » "
                f"dépend de la régie « {establishment.regie} », absente de ce fichier"
            )
        seen.add(establishment.code)


def host_of(request):
    return (request.host or "").rsplit(":", 1)[0].lower()


def _tenant_or_none(request):
    return request.registry.tenants.for_host(host_of(request))


def _tenant(request):
    tenant = request.tenant_or_none
    if tenant is None:
        raise HTTPNotFound()
    return tenant


def is_operator_request(request):
    operator_host = request.registry.settings.get("portail.operator_host", "")
    return bool(operator_host) and host_of(request) == operator_host


def unknown_host_tween_factory(handler, registry):
    """Answer a bare 404 to any host that is neither a tenant nor the operator's."""

    def unknown_host_tween(request):
        if request.tenant_or_none is None:
            operator_path = request.path.startswith(("/-/", "/static/"))
            if not (is_operator_request(request) and operator_path):
                return Response("Not Found", status=404, content_type="text/plain")
        return handler(request)

    return unknown_host_tween


class OperatorHostPredicate:
    """Route predicate ``operator_host=True``: the route exists on the operator host only."""

    def __init__(self, value, config):
        self.value = value

    def text(self):
        return f"operator_host = {self.value}"

    phash = text

    def __call__(self, info, request):
        return is_operator_request(request) == self.value


def includeme(config):
    settings = config.get_settings()
    registry = config.registry
    config.add_route_predicate("operator_host", OperatorHostPredicate)
    registry.tenants = load_tenants(
        settings["portail.tenants_dir"],
        registry.plugin_manager,
        registry.payment_backends,
        allow_secret_defaults=settings["portail.allow_secret_defaults"],
    )
    config.add_request_method(_tenant_or_none, "tenant_or_none", reify=True)
    config.add_request_method(_tenant, "tenant", reify=True)
    config.add_tween(
        "portail_core.tenancy.unknown_host_tween_factory",
        under="portail_core.headers.security_headers_tween_factory",
    )
