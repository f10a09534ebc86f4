"""E-mail through the durable outbox: enqueue (:mod:`.outbox`), deliver (:mod:`.delivery`),
and the agents' « Courriels » list (:mod:`.listing`)."""

from portail_core.services.mail.outbox import enqueue, enqueue_bulk, render_mail

__all__ = ["enqueue", "enqueue_bulk", "render_mail"]
