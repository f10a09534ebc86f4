"""Batz-sur-Mer's rule for absences with a medical certificate.

The certificate may reach the service within 7 days of the first day of absence, and
every booked day of the absence is given back (no « jour de carence »).
"""

from portail_core import hookimpl
from portail_core.services.bookings.policies import AbsencePolicy

POLICY = AbsencePolicy(grace_days=7, waiting_days=0)


@hookimpl
def portail_absence_policy(tenant):
    return POLICY
