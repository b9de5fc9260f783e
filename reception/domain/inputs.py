"""What a clerk's input may be: the field limits and the error that names the field to correct.

Apart from :mod:`reception.domain.matter` so that the desk's start, which shows the registration form but does not
yet register anything, need not build the matter's dataclasses: the form and the services import these from here,
and :mod:`reception.domain.matter` (which re-exports them) is imported where a matter is parsed or loaded.
"""

from __future__ import annotations

__all__ = [
    "MAX_ADDRESS",
    "MAX_DEMANDS",
    "MAX_HEADCOUNT",
    "MAX_NAME",
    "MAX_REPRESENTATIVES",
    "MAX_SHORT",
    "MAX_SUMMARY",
    "InvalidInput",
]

# Field limits: generous for real Chinese text, small enough that a pasted file is refused rather than stored.
MAX_NAME = 50
MAX_ADDRESS = 200
MAX_SUMMARY = 20_000
MAX_DEMANDS = 5_000
MAX_SHORT = 200
MAX_REPRESENTATIVES = 5  # 条例 art 20 ¶3
MAX_HEADCOUNT = 10_000


class InvalidInput(ValueError):  # noqa: N818  (a refusal the clerk corrects, named so by every layer and the tests)
    """A registration or action input a clerk must correct; ``field`` names where to show it."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
