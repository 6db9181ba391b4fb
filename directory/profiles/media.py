"""Logos, avatars and portfolio images: at most 15 MB (a photo straight from a phone),
JPEG/PNG/WebP/HEIC recognised by their content (never by file name), downscaled and re-encoded with
Pillow (which also drops EXIF data such as GPS position), and stored in MongoDB GridFS. Served at
a stable URL with long-lived caching headers. A JPEG is decoded at a reduced scale (Pillow's
`draft`): a 12-megapixel photo for a 512 px logo costs a fraction of a full decode.

The pixel count is checked from the header before anything is decoded (Pillow's own
`MAX_IMAGE_PIXELS` guard set to the same limit, so a header claiming 60000×60000 is refused
too), and decoding runs in a worker thread, never on the event loop."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypedDict, cast

from bson import ObjectId
from bson.errors import InvalidId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from directory.accounts.service import User, now
from directory.db import IMAGE_BUCKET, PUBLIC_READS, Database, Session
from directory.errors import FieldError, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.documents import MODEL_BY_KIND, ProfileImage
from search import sync

MAX_MB = 15
MAX_BYTES = MAX_MB * 1024 * 1024
ACCEPTED = ("JPEG", "PNG", "WEBP", "HEIF")  # HEIF: an iPhone's HEIC photos (pillow-heif)
register_heif_opener()
MAX_SIDE = {"logo": 512, "portfolio": 1600}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow raises DecompressionBombError above twice this


@dataclass(frozen=True)
class Processed:
    data: bytes
    width: int
    height: int
    source_format: str


class ImageMetaPrivate(TypedDict):
    """A stored image's GridFS metadata: who uploaded it (a user id) stays private; `kind` and
    `slug` decide who may see the image (/media/{id})."""

    contentType: str  # GridFS's own key
    kind: str
    slug: str
    slot: str  # logo | cover
    uploaded_by: str
    width: int
    height: int


class ImageRef(TypedDict):
    """A profile's reference to one of its images (`profile_images`)."""

    _id: ObjectId
    kind: str
    slug: str
    slot: str
    file_id: ObjectId


def process(raw: bytes, purpose: str, field: str = "file") -> Processed:
    if not raw:
        raise InvalidInput([FieldError(field, _("pilih berkas gambar"))])
    if len(raw) > MAX_BYTES:
        raise InvalidInput([FieldError(field, _("gambar maksimal %(n)d MB") % {"n": MAX_MB})])
    too_large = InvalidInput([FieldError(field, _(
        "resolusi gambar terlalu besar (maksimal %(n)d megapiksel)") % {"n": MAX_PIXELS // 10**6})])
    try:
        with Image.open(io.BytesIO(raw), formats=ACCEPTED) as probe:
            source_format = str(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise too_large
            probe.verify()
        side = MAX_SIDE[purpose]
        with Image.open(io.BytesIO(raw), formats=ACCEPTED) as opened:
            if opened.format == "JPEG":
                opened.draft("RGB", (side, side))  # decode at 1/2, 1/4 or 1/8 scale
            image = ImageOps.exif_transpose(opened)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((side, side))
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=82, method=4)
            return Processed(out.getvalue(), image.width, image.height, source_format)
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput([FieldError(field, _("bukan gambar JPEG, PNG atau WebP yang valid"))]) \
            from exc


class MediaService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.bucket = AsyncGridFSBucket(db, bucket_name=IMAGE_BUCKET)
        self.refs = db[ProfileImage.Settings.name]
        self.on_change: Callable[[], None] = lambda: None  # the app kicks the search sync

    async def _logo_changed(self, kind: str, slug: str, slot: str) -> None:
        """The logo is part of the profile's search document: re-index it."""
        if slot == "logo":
            await sync.record(self.db, [(kind, slug)])
            self.on_change()

    @staticmethod
    async def prepare(raw: bytes, slot: str, field: str = "file") -> Processed:
        """Check and downscale an upload in a worker thread (never on the event loop);
        InvalidInput naming `field` when it is not an acceptable image."""
        return await asyncio.to_thread(process, raw, "logo" if slot == "logo" else "portfolio",
                                       field)

    async def store(self, user: User, kind: str, slug: str, slot: str, raw: bytes,
                    processed: Processed | None = None) -> str:
        """slot: 'logo' (logo or avatar) or 'portfolio:<item title>'. Replaces the old image.
        `processed`: the upload as `prepare` already made it (checked before a profile was
        created), else `raw` is prepared here."""
        processed = processed or await self.prepare(raw, slot)
        file_id = await self.bucket.upload_from_stream(
            f"{kind}-{slug}-{slot}.webp", processed.data,
            metadata={"contentType": "image/webp", "kind": kind, "slug": slug, "slot": slot,
                      "uploaded_by": user.id, "width": processed.width,
                      "height": processed.height})
        old = await self.refs.find_one_and_update(
            {"kind": kind, "slug": slug, "slot": slot},
            {"$set": {"file_id": file_id, "at": now()}}, upsert=True)
        if old is not None:
            with contextlib.suppress(NoFile):
                await self.bucket.delete(old["file_id"])
        await self._logo_changed(kind, slug, slot)
        return str(file_id)

    async def remove(self, kind: str, slug: str, slot: str) -> None:
        old = await self.refs.find_one_and_delete({"kind": kind, "slug": slug, "slot": slot})
        if old is not None:
            await self.delete_files([old["file_id"]])
            await self._logo_changed(kind, slug, slot)

    async def delete_files(self, file_ids: list[Any]) -> None:
        for file_id in file_ids:
            with contextlib.suppress(NoFile):
                await self.bucket.delete(file_id)

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """Give `from_slug`'s images to `to_slug` (a merge, inside its transaction); where both
        have one in the same slot, `to_slug`'s stays. Returns the files nothing refers to any
        more: delete them after the commit."""
        kept = {ref["slot"] async for ref in self.refs.find(
            {"kind": kind, "slug": to_slug}, {"slot": 1}, session=session)}
        unused = []
        async for ref in self.refs.find({"kind": kind, "slug": from_slug}, session=session):
            if ref["slot"] in kept:
                unused.append(ref["file_id"])
                await self.refs.delete_one({"_id": ref["_id"]}, session=session)
                continue
            await self.refs.update_one({"_id": ref["_id"]}, {"$set": {"slug": to_slug}},
                                       session=session)
            # /media/{id} decides who may see an image from the file's own metadata.
            await self.db[f"{IMAGE_BUCKET}.files"].update_one(
                {"_id": ref["file_id"]}, {"$set": {"metadata.slug": to_slug}}, session=session)
        return unused

    async def loose_ends(self) -> tuple[list[Any], list[ImageRef]]:
        """Files no reference points to, and references whose profile is gone: what a crash
        between a commit and its file clean-up leaves behind. Files younger than an hour are
        left out (an upload writes its file before its reference)."""
        referenced = set(await self.refs.distinct("file_id"))
        cutoff = now() - timedelta(hours=1)
        files = [f["_id"] async for f in self.db[f"{IMAGE_BUCKET}.files"].find(
            {"uploadDate": {"$lt": cutoff}}, {"_id": 1}) if f["_id"] not in referenced]
        stale = []
        for kind, model in MODEL_BY_KIND.items():
            collection = model.Settings.name
            slugs = await self.refs.distinct("slug", {"kind": kind})
            alive = set(await self.db[collection].distinct("slug", {"slug": {"$in": slugs}}))
            stale += [cast(ImageRef, ref) async for ref in self.refs.find(
                {"kind": kind, "slug": {"$in": [s for s in slugs if s not in alive]}})]
        return files, stale

    async def tie_loose_ends(self, files: list[Any], stale: list[ImageRef]) -> None:
        for ref in stale:
            await self.refs.delete_one({"_id": ref["_id"]})
        await self.delete_files([*files, *(ref["file_id"] for ref in stale)])

    async def remove_all(self, kind: str, slug: str) -> None:
        async for ref in self.refs.find({"kind": kind, "slug": slug}):
            await self.remove(kind, slug, ref["slot"])

    async def urls(self, kind: str, slug: str) -> dict[str, str]:
        return {ref["slot"]: f"/media/{ref['file_id']}"
                async for ref in self.refs.with_options(read_preference=PUBLIC_READS).find(
                    {"kind": kind, "slug": slug})}

    async def logos(self, profiles: list[tuple[str, str]]) -> dict[str, str]:
        """The public logo URL of each listed (kind, slug) that has one, keyed `kind-slug`
        (one indexed query per kind: the search documents carry them)."""
        out: dict[str, str] = {}
        for kind in dict.fromkeys(k for k, _slug in profiles):
            query = {"slot": "logo", "kind": kind,
                     "slug": {"$in": [s for k, s in profiles if k == kind]}}
            out.update({f"{kind}-{ref['slug']}": f"/media/{ref['file_id']}"
                        async for ref in self.refs.find(query, {"slug": 1, "file_id": 1})})
        return out

    async def read(self, file_id: str) -> tuple[bytes, ImageMetaPrivate]:
        try:
            stream = await self.bucket.open_download_stream(ObjectId(file_id))
        except (NoFile, InvalidId, TypeError) as exc:  # malformed ids are simply unknown
            raise NotFound("image") from exc  # a database error stays one (503)
        data = await stream.read()
        # as `store` wrote it (GridFS metadata is an untyped document)
        return data, cast(ImageMetaPrivate, dict(stream.metadata or {}))
