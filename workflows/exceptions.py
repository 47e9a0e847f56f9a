"""Named workflow errors. Each has a machine ``code`` (stable, for the API) and a message for people.

The admin shows ``message`` as an error message; the API maps ``code`` to a status:
invalid_state → 409, forbidden → 403, conflict → 409, invalid → 400, not_found → 404.
"""


class WorkflowError(Exception):
    code = "workflow_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


class TransitionNotAllowed(WorkflowError):
    """The action does not exist from the claim's current state (the transition table says no)."""

    code = "invalid_state"


class ActionForbidden(WorkflowError):
    """The actor's role, or their relation to this claim (assignment, authorship), does not allow it."""

    code = "forbidden"


class StaleEdit(WorkflowError):
    """The caller edited an older version than the one stored: someone else saved in between."""

    code = "conflict"

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version

    def as_dict(self) -> dict:
        return {**super().as_dict(), "current_version": self.current_version}


class ValidationFailed(WorkflowError):
    """The input is wrong; ``errors`` maps field names to lists of messages."""

    code = "invalid"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": self.errors}


class NotVisible(WorkflowError):
    """The object does not exist, or this user may not see it (a reviewer asking for another's draft)."""

    code = "not_found"
