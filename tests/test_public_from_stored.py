"""A public profile read straight from its stored document (`from_stored`, one validation) is
the one the full document gives (two validations): same public JSON, same search document."""

from __future__ import annotations

from directory.context import Services
from directory.profiles.documents import MODEL_BY_KIND
from directory.profiles.public import OrganizationPublic, TalentPublic, from_stored

PUBLIC = {"organization": OrganizationPublic, "talent": TalentPublic}


async def test_the_seeds_read_the_same_either_way(seeded_services: Services) -> None:
    compared = registered = 0
    for kind, model in MODEL_BY_KIND.items():
        async for raw in seeded_services.profiles.collection(kind).find({}):
            # the way it was read before: the whole stored document first, then the public
            # model from its attributes
            fast, full = from_stored(kind, raw), PUBLIC[kind].model_validate(
                model.model_validate(raw))
            if isinstance(full, OrganizationPublic):
                full.registered = bool(raw.get("nib"))
            assert fast.model_dump(mode="json") == full.model_dump(mode="json"), raw["slug"]
            assert fast.search_document() == full.search_document(), raw["slug"]
            assert "nib" not in fast.model_dump() and "contact" not in fast.model_dump()
            compared += 1
            registered += bool(getattr(fast, "registered", False))
    assert compared > 400 and registered > 0  # the seeds have NIBs on file
