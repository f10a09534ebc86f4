"""Balaruc-le-Vieux's rule for absences with a medical certificate.

The SEJ's rule (règlement ALP ALE): the certificate reaches the service within 2 days of
the first day of absence, and the first booked day of an absence stays due (« jour de
carence »); the following days are given back.
"""

from portail_core import hookimpl
from portail_core.services.bookings.policies import AbsencePolicy

POLICY = AbsencePolicy(grace_days=2, waiting_days=1)


@hookimpl
def portail_absence_policy(tenant):
    return POLICY
