"""Domain errors: raised by services, mapped to HTTP (problem+json or an HTML page) in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: str


class DomainError(Exception):
    """Base of every error the services raise on purpose."""


class InvalidInput(DomainError):
    """Input failed validation; `errors` names each field (or parameter) and why."""

    def __init__(self, errors: list[FieldError], title: str = "Invalid input",
                 status: int = 400) -> None:
        self.errors = errors
        self.title = title
        self.status = status
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in errors))


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"{what} not found")


class Unauthenticated(DomainError):
    """No valid session or API token."""


class Forbidden(DomainError):
    """Authenticated, but not allowed to do this."""


class Conflict(DomainError):
    """The thing already exists (e.g. a slug that is taken)."""


class TooManyAttempts(DomainError):
    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)
