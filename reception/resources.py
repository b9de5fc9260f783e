"""Where the bundled resources (fonts, translations, icons, default data) live.

Every layer may use this module: it imports nothing but the standard library.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_path"]


def _root() -> Path:
    # PyInstaller unpacks the bundle into sys._MEIPASS; build.spec copies the
    # repository's resources/ folder there as "resources".
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under ``resources/``, e.g. ``resource_path("fonts", "wqy-microhei.ttc")``.

    The path is not checked for existence.
    """
    return _root().joinpath(*parts)
