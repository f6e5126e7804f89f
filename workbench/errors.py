"""Errors a user can cause and fix: shown as one line, never as a traceback."""


class WorkbenchError(Exception):
    """A problem with the user's input or environment, with a message for them."""


class ReadError(WorkbenchError):
    """An input (file, URL, stdin) could not be turned into an article."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class NotFoundError(WorkbenchError):
    """A record the user named by id does not exist."""


class StoreError(WorkbenchError):
    """The database cannot be opened or upgraded."""
