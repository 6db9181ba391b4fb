"""Who may publish: an account whose email is not verified may create and save drafts, but may
not make a profile public (a published or ceased profile is public). Checked by the profile
editor inside every write, so the form, the API and any other caller get the same refusal;
staff (curators, admins, the system) are not held back. A profile that is already public stays
editable by its people: only the step to public is refused."""

from __future__ import annotations

from directory.accounts.service import User
from directory.errors import FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.taxonomy import PUBLIC_STATUSES


def check_publish(user: User, new_status: str, old_status: str | None) -> None:
    """`old_status`: None for a new profile."""
    if user.verified or user.is_staff:
        return
    if new_status in PUBLIC_STATUSES and old_status not in PUBLIC_STATUSES:
        raise InvalidInput([FieldError("status", _(
            "email akun Anda belum terverifikasi, jadi profil belum bisa diterbitkan. "
            "Simpan sebagai draf sekarang, buka tautan verifikasi yang kami kirim ke "
            "%(email)s (atau kirim ulang dari halaman akun), lalu terbitkan.")
            % {"email": user.email})], title="Invalid profile", status=422)
