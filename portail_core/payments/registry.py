"""Registry of the payment backends that plugins register at start-up."""

from portail_core.payments.base import PaymentBackend


class DuplicateBackendError(RuntimeError):
    """Two plugins registered a payment backend under the same id."""


class PaymentBackendRegistry:
    """Maps a backend id (``systempay``, ``tipi``…) to the class that implements it, and
    remembers which plugin registered it (a tenant must enable that plugin to use it)."""

    def __init__(self):
        self._backends = {}
        self._plugins = {}

    def add(self, backend_class, plugin_id=None):
        if not (isinstance(backend_class, type) and issubclass(backend_class, PaymentBackend)):
            raise TypeError(f"{backend_class!r} n'est pas une sous-classe de PaymentBackend")
        backend_id = backend_class.id
        if backend_id in self._backends:
            raise DuplicateBackendError(
                f"Deux plugins déclarent le moyen de paiement « {backend_id} » : "  # i18n: ignore
                f"{self._backends[backend_id].__module__} et {backend_class.__module__}"
            )
        self._backends[backend_id] = backend_class
        self._plugins[backend_id] = plugin_id

    def get(self, backend_id):
        return self._backends.get(backend_id)

    def plugin_of(self, backend_id):
        """The id of the plugin that registered ``backend_id`` (``None`` if unknown)."""
        return self._plugins.get(backend_id)

    def ids(self):
        return sorted(self._backends)

    def __contains__(self, backend_id):
        return backend_id in self._backends


class PluginRegistrar:
    """What one plugin's ``portail_register_payment_backends`` receives as ``registry``:
    ``add(cls)`` registers the class under that plugin's id."""

    def __init__(self, registry, plugin_id):
        self._registry = registry
        self._plugin_id = plugin_id

    def add(self, backend_class):
        self._registry.add(backend_class, plugin_id=self._plugin_id)
