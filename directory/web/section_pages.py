"""Saving one section of the profile editor (web/sections.py): only that section's fields
change; the profile is validated whole, by the same rules as every other write; on an error the
page comes back with the posted section as typed and the message next to each field."""

from __future__ import annotations

from typing import Any

from litestar import Response, post
from litestar.params import FromPath
from litestar.response import Redirect

from directory.errors import NotFound
from directory.web.auth import CurrentUser, EditRole, known_kind
from directory.web.common import AnyRequest, ServicesDep, form_data
from directory.web.forms import form_from_profile
from directory.web.manage_pages import save_form
from directory.web.sections import SECTIONS, merged_form


@post("/kelola/{kind:str}/{slug:str}/bagian/{section:str}", name="manage_section",
      guards=[known_kind()], include_in_schema=False)
async def save_section(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       edit_role: EditRole, kind: FromPath[str], slug: FromPath[str],
                       section: FromPath[str]) -> Response[Any]:
    if section not in SECTIONS:
        raise NotFound(f"section {section!r}")
    current = await services.editor.current(kind, slug)
    form = merged_form(kind, section, form_from_profile(current), await form_data(request))
    done = Redirect(f"/kelola/{kind}/{slug}?tersimpan={section}#bagian-{section}",
                    status_code=303)
    return await save_form(request, services, user, edit_role, kind, slug, form, done)


ROUTES = [save_section]
