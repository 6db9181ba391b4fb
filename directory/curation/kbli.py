"""KBLI 2020 business-classification groups and the creative subsectors they belong to.

A working reference for the curators' verification check, not an official concordance: codes are
matched by their longest known prefix (5-digit code, else 4-, else 3-digit group). Nothing is
fetched from the internet; extend the table here when curators meet a group it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.i18n import gettext as _

# prefix: (group title in Bahasa Indonesia, subsector codes)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "107": ("Industri makanan lainnya", ("kuliner",)),
    "110": ("Industri minuman", ("kuliner",)),
    "139": ("Industri tekstil lainnya", ("kriya", "fesyen")),
    "141": ("Industri pakaian jadi", ("fesyen",)),
    "142": ("Industri pakaian jadi dari kulit berbulu", ("fesyen",)),
    "143": ("Industri pakaian jadi rajutan", ("fesyen",)),
    "151": ("Industri kulit dan barang dari kulit", ("fesyen", "kriya")),
    "152": ("Industri alas kaki", ("fesyen",)),
    "162": ("Industri barang dari kayu, gabus dan anyaman", ("kriya",)),
    "181": ("Percetakan", ("penerbitan",)),
    "321": ("Industri perhiasan", ("kriya", "fesyen")),
    "4771": ("Perdagangan eceran pakaian dan alas kaki", ("fesyen",)),
    "561": ("Restoran dan penyediaan makanan keliling", ("kuliner",)),
    "562": ("Penyediaan jasa boga", ("kuliner",)),
    "563": ("Penyediaan minuman", ("kuliner",)),
    "581": ("Penerbitan buku, terbitan berkala dan lainnya", ("penerbitan",)),
    "582": ("Penerbitan piranti lunak", ("aplikasi", "pengembang-permainan")),
    "591": ("Produksi gambar bergerak, video dan program televisi",
            ("film-animasi-video", "televisi-radio")),
    "592": ("Perekaman suara dan penerbitan musik", ("musik",)),
    "601": ("Penyiaran radio", ("televisi-radio",)),
    "602": ("Penyiaran dan pemrograman televisi", ("televisi-radio",)),
    "620": ("Pemrograman, konsultasi komputer dan kegiatan ybdi", ("aplikasi",)),
    "62011": ("Pengembangan video game", ("pengembang-permainan", "aplikasi")),
    "631": ("Pengolahan data, hosting, portal web dan platform digital", ("aplikasi",)),
    "711": ("Arsitektur dan keinsinyuran", ("arsitektur",)),
    "731": ("Periklanan", ("periklanan",)),
    "741": ("Aktivitas perancangan khusus (desain)",
            ("desain-interior", "desain-produk", "dkv", "fesyen")),
    "742": ("Aktivitas fotografi", ("fotografi",)),
    "900": ("Aktivitas hiburan, kesenian dan kreativitas",
            ("seni-pertunjukan", "seni-rupa", "musik")),
}


@dataclass(frozen=True)
class KbliCheck:
    code: str
    group: str | None  # the matched group's title; None when the code is in no known group
    subsectors: tuple[str, ...]  # subsectors of that group
    matches: tuple[str, ...]  # of those, the profile's own subsectors

    @property
    def ok(self) -> bool:
        return bool(self.matches)


def group_of(code: str) -> tuple[str, tuple[str, ...]] | None:
    for length in (5, 4, 3):
        if code[:length] in GROUPS:
            return GROUPS[code[:length]]
    return None


def check_codes(codes: list[str], subsectors: list[str]) -> list[KbliCheck]:
    rows = []
    for code in codes:
        group = group_of(code)
        linked = group[1] if group else ()
        rows.append(KbliCheck(code, group[0] if group else None, linked,
                              tuple(s for s in linked if s in subsectors)))
    return rows


def summary(rows: list[KbliCheck]) -> str:
    if not rows:
        return _("Belum ada kode KBLI.")
    if any(r.ok for r in rows):
        return _("Setidaknya satu kode KBLI sesuai dengan subsektor profil.")
    return _("Tidak ada kode KBLI yang sesuai dengan subsektor profil.")
