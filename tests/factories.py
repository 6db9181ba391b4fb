"""Test data in the interchange format: valid by default, any field overridable."""

from __future__ import annotations

import itertools
from typing import Any

_counter = itertools.count(1)


def org(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    data: dict[str, Any] = {
        "kind": "organization",
        "slug": f"org-{n}",
        "name": f"Studio Nomor {n}",
        "headline": "Software house di Malang",
        "subsectors": ["aplikasi"],
        "kecamatan": "klojen",
        "org_type": "service_firm",
        "services": ["web_app"],
        "contact": {"email": f"rahasia{n}@studio.example", "phone": f"+62 812-0000-{n:04d}",
                    "whatsapp": f"+62 813-0000-{n:04d}"},
    }
    data.update(overrides)
    return data


def talent(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    data: dict[str, Any] = {
        "kind": "talent",
        "slug": f"talent-{n}",
        "name": f"Talenta Nomor {n}",
        "headline": "Pengembang lepas",
        "subsectors": ["aplikasi"],
        "kecamatan": "lowokwaru",
        "roles": ["web_developer"],
        "contact": {"email": f"pribadi{n}@talenta.example", "phone": f"+62 857-0000-{n:04d}"},
    }
    data.update(overrides)
    return data
