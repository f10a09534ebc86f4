"""The payment gateway contract: backends registered by plugins, chosen per régie.

``base`` holds :class:`PaymentBackend` (the class a gateway plugin subclasses), ``types``
the values exchanged with it, ``registry`` the backends found at start-up, ``http`` the
client for server-to-server calls and ``simulation`` what gateway simulators share.
"""


class NoOnlinePayment(LookupError):
    """The régie has no payment backend (or does not exist for this tenant)."""


def backend_for(registry, tenant, regie_id, http=None):
    """The backend serving ``regie_id`` of ``tenant``, configured with its settings.

    :param registry: the Pyramid registry (``request.registry``).
    :param http: a client for server-to-server calls (tests pass a double).
    """
    regie = tenant.regies.get(regie_id)
    if regie is None or regie.payment is None:
        message = (
            f"{tenant.id}: la régie « {regie_id} » n'a pas de paiement en ligne"  # i18n: ignore
        )
        raise NoOnlinePayment(message)
    backend_class = registry.payment_backends.get(regie.payment)
    return backend_class(regie.payment_settings, tenant_id=tenant.id, regie_id=regie.id, http=http)
