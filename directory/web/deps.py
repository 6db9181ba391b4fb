"""Typed dependencies of the web layer."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency

from directory.context import Services

ServicesDep = NamedDependency[Services]


def provide_services(state: State) -> Services:
    return state.services  # type: ignore[no-any-return]
