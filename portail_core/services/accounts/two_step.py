"""Two-step login: a TOTP application's code after the password (RFC 6238, with pyotp),
and ten single-use recovery codes for a lost phone.

A code is accepted one 30-second step either side of now (clocks drift), and only for a
step later than the last accepted one, so an overheard code cannot serve twice. Recovery
codes carry 79 random bits; only their SHA-256 is kept, and each serves once.
"""

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update

from portail_core.i18n import _
from portail_core.models.accounts import RecoveryCode, User
from portail_core.models.types import utcnow

ISSUER = "Portail Familles"  # i18n: ignore (the product's name in authenticator apps)
RECOVERY_CODES = 10
TOLERANCE = 1  # steps either side of now
# Recovery codes: no 0/o, 1/l/i to misread; 16 characters of 31 ≈ 79 random bits.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class TwoStepError(Exception):
    """A refusal with a French message for the user."""


def _digest(code):
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _normalise(code):
    return "".join(code.split()).replace("-", "").lower()


def new_recovery_code():
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class TwoStepService:
    def __init__(self, dbsession, tenant_id):
        self.dbsession = dbsession
        self.tenant_id = tenant_id

    # -- enrolment ------------------------------------------------------------------
    def pending_secret(self, user):
        """The secret of an enrolment under way, made on first call; ``None`` once enabled."""
        if user.two_step_enabled:
            return None
        if user.totp_secret is None:
            user.totp_secret = pyotp.random_base32()
        return user.totp_secret

    def provisioning_uri(self, user, issuer):
        return pyotp.TOTP(self.pending_secret(user)).provisioning_uri(
            name=user.email, issuer_name=f"{ISSUER} {issuer}".strip()
        )

    def qr_data_uri(self, user, issuer):
        """The enrolment QR code as an SVG ``data:`` URI (an image: the CSP allows it)."""
        qr = segno.make(self.provisioning_uri(user, issuer), error="m")
        return qr.svg_data_uri(scale=5, dark="#000", light="#fff", border=2)

    def confirm_enrolment(self, user, code, now=None):
        """Turn two-step login on when ``code`` matches the pending secret; return the new
        recovery codes (in clear, to be shown once)."""
        if user.two_step_enabled or user.totp_secret is None:
            raise TwoStepError(_("La validation en deux étapes est déjà activée."))
        if not self._accept_totp(user, code, now):
            raise TwoStepError(
                _(
                    "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et "
                    "saisissez le code affiché maintenant par l'application."
                )
            )
        user.totp_enabled_at = utcnow()
        return self.new_recovery_codes(user)

    def disable(self, user):
        user.totp_secret = None
        user.totp_enabled_at = None
        user.totp_last_step = None
        self._delete_codes(user)

    # -- verification ---------------------------------------------------------------
    def verify(self, user, code, now=None):
        """``"totp"`` or ``"recovery"`` when ``code`` is accepted (and spent), else ``None``."""
        if not user.two_step_enabled:
            return None
        if _normalise(code).isdigit():
            return "totp" if self._accept_totp(user, code, now) else None
        return "recovery" if self._use_recovery_code(user, code) else None

    def _matching_step(self, secret, code, now):
        totp = pyotp.TOTP(secret)
        step = totp.timecode(now or time.time())
        code = _normalise(code)
        for candidate in range(step - TOLERANCE, step + TOLERANCE + 1):
            if hmac.compare_digest(totp.generate_otp(candidate), code):
                return candidate
        return None

    def _accept_totp(self, user, code, now):
        step = self._matching_step(user.totp_secret, code, now)
        if step is None:
            return False
        # One conditional UPDATE: of two requests bearing the same code, one wins.
        accepted = self.dbsession.execute(
            update(User)
            .where(
                User.id == user.id,
                User.tenant_id == self.tenant_id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ).rowcount
        if accepted:
            user.totp_last_step = step
        return bool(accepted)

    def _use_recovery_code(self, user, code):
        spent = self.dbsession.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.tenant_id == self.tenant_id,
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _digest(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
        ).rowcount
        return bool(spent)

    # -- recovery codes -------------------------------------------------------------
    def new_recovery_codes(self, user):
        """Replace the account's recovery codes; the clear codes are returned only here."""
        self._delete_codes(user)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
        self.dbsession.add_all(
            RecoveryCode(tenant_id=self.tenant_id, user_id=user.id, code_hash=_digest(code))
            for code in codes
        )
        self.dbsession.flush()
        return codes

    def remaining_codes(self, user):
        return self.dbsession.scalar(
            select(func.count(RecoveryCode.id)).where(
                RecoveryCode.tenant_id == self.tenant_id,
                RecoveryCode.user_id == user.id,
                RecoveryCode.used_at.is_(None),
            )
        )

    def _delete_codes(self, user):
        self.dbsession.execute(
            delete(RecoveryCode).where(
                RecoveryCode.tenant_id == self.tenant_id, RecoveryCode.user_id == user.id
            )
        )
