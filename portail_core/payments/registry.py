"""Registry of the payment backends that plugins register at start-up."""


class DuplicateBackendError(RuntimeError):
    """Two plugins registered a payment backend under the same id."""


class PaymentBackendRegistry:
    """Maps a backend id (``systempay``, ``tipi``…) to the class that implements it."""

    def __init__(self):
        self._backends = {}

    def add(self, backend_class):
        backend_id = backend_class.id
        if backend_id in self._backends:
            raise DuplicateBackendError(
                f"Deux plugins déclarent le moyen de paiement « {backend_id} » : "
                f"{self._backends[backend_id].__module__} et {backend_class.__module__}"
            )
        self._backends[backend_id] = backend_class

    def get(self, backend_id):
        return self._backends.get(backend_id)

    def ids(self):
        return sorted(self._backends)

    def __contains__(self, backend_id):
        return backend_id in self._backends
