"""Project briefs as pages: post one, see its matches, teams and answers, choose; a profile's
"briefs for you" and its answer; the client's list; the curators' list. Thin: each handler calls
`services.briefs` (directory/hiring/briefs.py) and renders."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from directory.context import Services
from directory.errors import InvalidInput
from directory.hiring import brief_input
from directory.hiring.brief_shapes import BriefAnswerPrivate, BriefPrivate, BriefViewPrivate
from directory.hiring.shapes import EngagementPrivate
from directory.i18n import current_language
from directory.stats import regions
from directory.web.auth import STAFF, CurrentUser, EditRole, Viewer, client_ip, known_kind
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    field_errors,
    form_data,
    html,
    send_mail,
)

KIND = [known_kind()]


async def _single(request: AnyRequest) -> dict[str, str]:
    """A posted form of single values (the first of each)."""
    return {k: v[0] for k, v in (await form_data(request)).items() if v}


class BriefChoices(regions.OriginChoices):
    """What every brief page shows codes and choices with, in the reader's language."""

    labels: dict[str, dict[str, str]]
    languages: tuple[str, ...]
    bands: dict[str, dict[str, int | None]]


def _context() -> BriefChoices:
    return {"labels": brief_input.labels(), "languages": brief_input.WORK_LANGUAGES,
            "bands": brief_input.BANDS, **regions.form_choices(current_language.get())}


async def deliver(services: Services, brief: BriefPrivate, answers: list[BriefAnswerPrivate]
                  ) -> None:
    """One email per person of each profile the brief was just sent to, in their language."""
    for answer in answers:
        for address, lang in await services.briefs.recipients(answer):
            await send_mail(services, address, "brief_routed", lang=lang, brief=brief,
                            answer=answer, labels=brief_input.labels)


async def tell_chosen(services: Services, brief: BriefPrivate, answer: BriefAnswerPrivate
                      ) -> None:
    for address, lang in await services.briefs.recipients(answer):
        await send_mail(services, address, "brief_chosen", lang=lang, brief=brief,
                        answer=answer)


async def tell_client(services: Services, brief_id: str, answer: BriefAnswerPrivate) -> None:
    """An interested answer reaches the client by email (the note, never a contact)."""
    if answer["state"] == "interested":
        brief = await services.briefs.get(brief_id)
        await send_mail(services, brief["client_email"], "brief_answered",
                        lang=brief.get("client_lang", "id"), brief=brief, answer=answer)


@get("/brief/baru", name="brief_new", include_in_schema=False)
async def brief_form(request: AnyRequest, viewer: Viewer) -> Response[Any]:
    """Anyone may read why an account is needed; the form is for verified accounts."""
    return html(request, "briefs/form.html", values={"route_count": ["5"], "languages": ["id"],
                                                     "client_country": ["ID"]},
                errors={}, viewer=viewer, **_context())


@post("/brief/baru", include_in_schema=False)
async def post_brief(request: AnyRequest, services: ServicesDep, user: CurrentUser
                     ) -> Response[Any]:
    form = await form_data(request)
    try:
        brief = await services.briefs.post(user, form, client_ip(request))
    except InvalidInput as exc:
        return html(request, "briefs/form.html", status=400, values=form,
                    errors=field_errors(exc.errors), viewer=user, **_context())
    await deliver(services, brief, brief["routed"])
    return Redirect(f"/brief/{brief['_id']}?terkirim=1", status_code=303)


async def _page(request: AnyRequest, services: Services, viewer: Any, brief_id: str,
                status: int = 200, **extra: Any) -> Response[Any]:
    view = await services.briefs.view(viewer, brief_id)
    return html(request, "briefs/page.html", status=status, view=view,
                projects=await _projects(services, view), flags=request.query_params,
                errors={}, values={}, **extra, **_context())


async def _projects(services: Services, view: BriefViewPrivate
                    ) -> dict[str, EngagementPrivate]:
    """For the client: the engagement each chosen answer opened, by "kind/slug" (the link
    from the brief to marking the project done and reviewing it)."""
    if view["role"] != "client" or not view["contacts"]:
        return {}
    sources = {f"{view['brief']['_id']}:{key}": key for key in view["contacts"]}
    found = await services.engagements.of_sources("brief", list(sources))
    return {sources[source]: engagement for source, engagement in found.items()}


@get("/brief/{brief_id:str}", name="brief", include_in_schema=False)
async def brief_page(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                     brief_id: FromPath[str]) -> Response[Any]:
    return await _page(request, services, viewer, brief_id)


@post("/brief/{brief_id:str}/jawab/{kind:str}/{slug:str}", name="brief_answer", guards=KIND,
      include_in_schema=False)
async def answer_brief(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       brief_id: FromPath[str], kind: FromPath[str], slug: FromPath[str]
                       ) -> Response[Any]:
    form = await _single(request)
    try:
        answer = await services.briefs.answer(user, brief_id, kind, slug, form)
    except InvalidInput as exc:
        return await _page(request, services, user, brief_id, status=400,
                           answer_errors={f"{kind}/{slug}": field_errors(exc.errors)},
                           answer_values={f"{kind}/{slug}": form})
    await tell_client(services, brief_id, answer)
    return Redirect(f"/brief/{brief_id}?dijawab=1", status_code=303)


@post("/brief/{brief_id:str}/pilih", name="brief_choose", include_in_schema=False)
async def choose(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 brief_id: FromPath[str]) -> Response[Any]:
    form = await _single(request)
    answer = await services.briefs.choose(user, brief_id, form.get("kind", ""),
                                          form.get("slug", ""))
    await tell_chosen(services, await services.briefs.get(brief_id), answer)
    return Redirect(f"/brief/{brief_id}?dipilih=1", status_code=303)


@post("/brief/{brief_id:str}/tim", name="brief_team", include_in_schema=False)
async def send_to_team(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       brief_id: FromPath[str]) -> Response[Any]:
    form = await _single(request)
    raw = form.get("team", "")
    index = int(raw) if raw.isdigit() else -1
    new = await services.briefs.send_to_team(user, brief_id, index)
    await deliver(services, await services.briefs.get(brief_id), new)
    return Redirect(f"/brief/{brief_id}?tim=1", status_code=303)


@post("/brief/{brief_id:str}/tutup", name="brief_close", include_in_schema=False)
async def close(services: ServicesDep, user: CurrentUser, brief_id: FromPath[str]
                ) -> Response[Any]:
    await services.briefs.close(user, brief_id)
    return Redirect(f"/brief/{brief_id}?ditutup=1", status_code=303)


@get("/akun/brief", name="my_briefs", include_in_schema=False)
async def my_briefs(request: AnyRequest, services: ServicesDep, user: CurrentUser
                    ) -> Response[Any]:
    return html(request, "briefs/mine.html", briefs=await services.briefs.of_client(user),
                **_context())


@get("/kelola/{kind:str}/{slug:str}/brief", name="profile_briefs", guards=KIND,
     include_in_schema=False)
async def briefs_for_profile(request: AnyRequest, services: ServicesDep, edit_role: EditRole,
                             kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    profile = await services.editor.private(kind, slug)
    return html(request, "briefs/for_profile.html", profile=profile, kind=kind, slug=slug,
                items=await services.briefs.for_profile(kind, slug), **_context())


@get("/kurasi/brief", name="curator_briefs", guards=[STAFF], include_in_schema=False)
async def curator_briefs(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    return html(request, "briefs/curator.html", items=await services.briefs.all(),
                **_context())


ROUTES = [brief_form, post_brief, brief_page, answer_brief, choose, send_to_team, close,
          my_briefs, briefs_for_profile, curator_briefs]
