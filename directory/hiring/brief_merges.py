"""Briefs in a merge of duplicates: those sent to the merged-away profile belong to the kept one,
and back to it when the merge is undone (directory/curation/merge_undo.py: `HandsOver`)."""

from __future__ import annotations

from typing import Any

from directory.db import Collection, Session


class BriefHandOver:
    moves = "briefs"

    def __init__(self, briefs: Collection, answers: Collection) -> None:
        self.briefs, self.answers = briefs, answers

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """The merged-away profile's answers become the kept one's (where both received the
        same brief, the kept profile's answer stays and the other is dropped), and so do the
        briefs that chose it. Returns what moved and what was dropped, for the undo."""
        both = await self.answers.distinct("brief_id", {"kind": kind, "slug": to_slug},
                                           session=session)
        dropped = [d async for d in self.answers.find(
            {"kind": kind, "slug": from_slug, "brief_id": {"$in": both}}, session=session)]
        await self.answers.delete_many({"_id": {"$in": [d["_id"] for d in dropped]}},
                                       session=session)
        moved = await self.answers.distinct("_id", {"kind": kind, "slug": from_slug},
                                            session=session)
        await self.answers.update_many({"_id": {"$in": moved}}, {"$set": {"slug": to_slug}},
                                       session=session)
        chosen = await self.briefs.distinct("_id", {"chosen": f"{kind}/{from_slug}"},
                                            session=session)
        await self.briefs.update_many({"_id": {"$in": chosen}, "chosen": f"{kind}/{from_slug}"},
                                      {"$set": {"chosen.$": f"{kind}/{to_slug}"}},
                                      session=session)
        return [{"answers": moved, "dropped": dropped, "chosen": chosen}]

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        """The merge undone: the answers and choices are the restored profile's again, and a
        dropped answer comes back (answers given since stay where they are)."""
        for entry in moved:
            await self.answers.update_many(
                {"_id": {"$in": entry["answers"]}, "kind": kind, "slug": keep},
                {"$set": {"slug": other}}, session=session)
            for answer in entry["dropped"]:
                await self.answers.replace_one({"_id": answer["_id"]}, answer, upsert=True,
                                               session=session)
            await self.briefs.update_many(
                {"_id": {"$in": entry["chosen"]}, "chosen": f"{kind}/{keep}"},
                {"$set": {"chosen.$": f"{kind}/{other}"}}, session=session)
