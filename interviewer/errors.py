"""The one base class of errors a user can act on: the CLI prints their message, never a traceback."""


class InterviewerError(Exception):
    """Something the user can fix (bad input, a busy port, an unwritable folder); the message says what to do."""
