"""``portail-worker CONFIG [--once]``: deliver the e-mail outbox, for every commune.

Claims due messages in batches, sends them through the ini's mailer (SMTP in production,
files under ``var/mail/`` in the demo) at most ``portail.outbox.rate_per_minute`` a
minute, retries a failed try later with an exponential back-off, and marks a message
``failed`` after ``portail.outbox.max_attempts`` tries (agents see it in « Courriels »).
SIGTERM or Ctrl-C stops it after the message being sent; ``--once`` stops when nothing
more is due. Run one (or several: they never take the same message) under systemd.
"""

import argparse
import logging
import signal
import sys
import time

from pyramid.paster import bootstrap, setup_logging
from pyramid_mailer.interfaces import IMailer

from portail_core.mail.delivery import Deliverer, Pacer

log = logging.getLogger(__name__)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument(
        "--once", action="store_true", help="s'arrêter quand plus aucun message n'est à envoyer"
    )
    return parser.parse_args(argv)


class Worker:
    """The delivery loop around a :class:`Deliverer`."""

    def __init__(self, deliverer, sleep=time.sleep):
        self.deliverer = deliverer
        self.settings = deliverer.settings
        self.pacer = Pacer(self.settings.rate_per_minute, sleep=sleep)
        self.sleep = sleep
        self.stopping = False

    def stop(self, *args):
        self.stopping = True

    def run(self, once=False):
        """Deliver until stopped (or, with ``once``, until nothing is due); returns totals."""
        totals = {}
        while not self.stopping:
            counts = self.deliverer.run_batch(self.pacer, should_stop=lambda: self.stopping)
            for outcome, count in counts.items():
                totals[outcome] = totals.get(outcome, 0) + count
            if counts:
                log.info("outbox batch: %s", counts)
            if not counts or "unreachable" in counts:
                if once:
                    break
                self._idle()
        return totals

    def _idle(self):
        end = time.monotonic() + self.settings.poll_seconds
        while not self.stopping and time.monotonic() < end:
            self.sleep(min(0.2, self.settings.poll_seconds))


def main(argv=None):
    args = parse(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        registry = env["registry"]
        deliverer = Deliverer(
            registry["dbsession_factory"],
            registry.getUtility(IMailer),
            registry["outbox_settings"],
        )
        worker = Worker(deliverer)
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        log.info("portail-worker %s started", deliverer.worker_id)
        totals = worker.run(once=args.once)
        print(
            f"Courriels : {totals.get('sent', 0)} envoyé(s), "
            f"{totals.get('retry', 0) + totals.get('unreachable', 0)} à réessayer, "
            f"{totals.get('failed', 0)} en échec."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
