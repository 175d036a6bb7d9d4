"""The one exception type users see: a clear, one-sentence message."""

__all__ = ["NucmassError"]


class NucmassError(ValueError):
    """Bad input or impossible request (unknown nuclide, malformed table, bad config).

    The command-line interface prints the message on one line and exits non-zero.
    """
