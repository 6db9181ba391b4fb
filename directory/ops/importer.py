"""`directory import`: validate every line of a JSON Lines file first, then write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from directory.errors import FieldError
from directory.profiles.schema import PROFILE_ADAPTER, OrganizationIn
from directory.profiles.service import ProfileService, WriteSummary
from directory.profiles.stored import ProfileInput
from directory.profiles.validation import field_errors
from directory.taxonomy import COMMUNITY_TYPES


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass
class ParsedFile:
    profiles: list[ProfileInput] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse_lines(lines: Iterable[str | bytes], progress: Callable[[int], None] | None = None
                ) -> ParsedFile:
    """Validate each line on its own and within the file (duplicate kind+slug). Pure."""
    parsed = ParsedFile()
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        if progress:
            progress(1)
        if not line.strip():
            continue
        try:
            profile = PROFILE_ADAPTER.validate_json(line)
        except ValidationError as exc:
            parsed.errors.extend(LineError(number, e.field, e.reason) for e in field_errors(exc))
            continue
        key = (profile.kind, profile.slug)
        if key in seen:
            parsed.errors.append(LineError(
                number, "slug", f"{profile.kind} {profile.slug!r} already appears on line "
                                f"{seen[key]}"))
            continue
        seen[key] = number
        parsed.profiles.append(profile)
        parsed.lines.append(number)
    return parsed


async def check_references(parsed: ParsedFile, service: ProfileService) -> None:
    """Each `communities` entry must name a community, incubator or campus organization that
    exists in the database or in the same file."""
    in_file = {p.slug: p.org_type for p in parsed.profiles if isinstance(p, OrganizationIn)}
    wanted = {c for p in parsed.profiles for c in p.communities if c not in in_file}
    in_db = await service.community_types(sorted(wanted)) if wanted else {}
    known = {**in_db, **in_file}
    for number, profile in zip(parsed.lines, parsed.profiles, strict=True):
        for i, slug in enumerate(profile.communities):
            org_type = known.get(slug)
            if org_type is None:
                reason = f"{slug!r} is not an organization in the directory or in this file"
            elif org_type not in COMMUNITY_TYPES:
                reason = (f"{slug!r} is an organization of type {org_type!r}, not a community, "
                          "incubator or campus")
            else:
                continue
            parsed.errors.append(LineError(number, f"communities[{i}]", reason))
    parsed.errors.sort(key=lambda e: e.line)


class ImportFailed(Exception):
    def __init__(self, errors: list[LineError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s); nothing was written")


async def import_file(
    path: Path,
    service: ProfileService,
    on_validate: Callable[[int], None] | None = None,
    on_write: Callable[[int], None] | None = None,
) -> WriteSummary:
    with path.open("rb") as handle:
        parsed = parse_lines(handle, on_validate)
    await check_references(parsed, service)
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    return await service.write(parsed.profiles, on_write)


def to_field_errors(errors: list[LineError]) -> list[FieldError]:
    return [FieldError(f"line {e.line}: {e.field}", e.reason) for e in errors]
