"""The desk's look: the bundled CJK font, quiet colours with one accent, and the clock-level colours.

A reception PC often has no Chinese font Qt can find (or only a bitmap one), so the bundled WenQuanYi Micro Hei
is loaded and made the application font.  Colours carry meaning only together with a word (预警, 超期...), never
alone, so the level colours live here next to nothing else that is red or orange.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from reception.resources import resource_path

__all__ = [
    "ACCENT",
    "BASE_POINT_SIZE",
    "ERROR",
    "LEVEL_COLOURS",
    "MUTED",
    "OK",
    "STYLE",
    "apply_theme",
    "level_colours",
    "load_fonts",
]

# Qt's Fusion style: the same look on every platform, and the one the style sheet below was written against.
STYLE = "Fusion"
# 10.5 pt is 五号, the smallest size a clerk reads all day; 11 pt reads calmer on a 1366×768 panel.
BASE_POINT_SIZE = 11.0
ACCENT = "#2d6a8f"  # the one accent: a quiet steel blue
ACCENT_SOFT = "#e3eef5"
TEXT = "#1f2933"
MUTED = "#5f6b76"
BORDER = "#c5ccd3"
WINDOW = "#f5f6f7"
ERROR = "#b42318"
OK = "#1e6b3a"

# (background, text) per warning level of a running clock; always shown with the level's word.
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    "normal": ("#e8f1ea", "#1e4d2b"),
    "warn": ("#f7e7a1", "#4a3b00"),
    "alert": ("#f3b36b", "#3d2200"),
    "severe": ("#d64541", "#ffffff"),
    "overdue": ("#7a1313", "#ffffff"),
}


def level_colours(level: str | None) -> tuple[QColor, QColor] | None:
    """Background and text colour for a clock level, or None for no running clock."""
    if not level or level not in LEVEL_COLOURS:
        return None
    bg, fg = LEVEL_COLOURS[level]
    return QColor(bg), QColor(fg)


def load_fonts() -> str:
    """Register the bundled fonts; returns the family to use ("" when the file is missing)."""
    family = ""
    for name in ("wqy-microhei.ttc", "uming-cn-ext-subset.ttf"):
        path = resource_path("fonts", name)
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and not family:
            family = families[0]
    return family


WARNING_TEXT = "#8a5a00"


def _icon(name: str) -> str:
    return resource_path("icons", name).as_posix()


def _stylesheet() -> str:
    down, up, check = _icon("chevron-down.svg"), _icon("chevron-up.svg"), _icon("check.svg")
    return f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {WINDOW}; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QDateEdit, QTableWidget, QListWidget, QTreeWidget {{
    background: #ffffff; border: 1px solid {BORDER}; border-radius: 4px;
    selection-background-color: {ACCENT}; selection-color: #ffffff;
}}
QLineEdit, QComboBox, QSpinBox, QDateEdit {{ padding: 4px 6px; min-height: 1.6em; }}
QPlainTextEdit {{ padding: 4px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus,
QTableWidget:focus, QListWidget:focus, QTreeWidget:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"] {{
    border: 2px solid {ERROR};
}}
QLineEdit:read-only {{ background: {WINDOW}; }}
QComboBox {{ padding-right: 24px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none; }}
QComboBox::down-arrow {{ image: url({down}); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ border: 1px solid {BORDER}; selection-background-color: {ACCENT_SOFT};
    selection-color: {TEXT}; outline: none; }}
QSpinBox, QDateEdit {{ padding-right: 22px; }}
QSpinBox::up-button, QDateEdit::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 20px; border: none; }}
QSpinBox::down-button, QDateEdit::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 20px; border: none; }}
QSpinBox::up-arrow, QDateEdit::up-arrow {{ image: url({up}); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDateEdit::down-arrow {{ image: url({down}); width: 10px; height: 10px; }}
QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none; }}
QCheckBox {{ spacing: 6px; }}
QCheckBox::indicator {{ width: 16px; height: 16px; border: 1px solid {BORDER}; border-radius: 3px;
    background: #ffffff; }}
QCheckBox::indicator:checked {{ background: {ACCENT}; border-color: {ACCENT}; image: url({check}); }}
QCheckBox:focus {{ color: {ACCENT}; }}
QCheckBox::indicator:focus {{ border: 2px solid {ACCENT}; }}
QListWidget#HistoryList::item {{ border-bottom: 1px solid #e6e9ec; }}
QListWidget#HistoryList::item:selected {{ background: {ACCENT_SOFT}; border-left: 3px solid {ACCENT}; }}
QLabel[role="warning"] {{ color: {WARNING_TEXT}; }}
QGroupBox {{
    border: 1px solid {BORDER}; border-radius: 6px; margin-top: 1.1em; padding: 10px 8px 8px 8px;
    background: #ffffff; font-weight: bold;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT}; }}
QGroupBox QLabel, QGroupBox QCheckBox {{ font-weight: normal; }}
QLabel[role="hint"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="ok"] {{ color: {OK}; }}
QLabel[role="page-title"] {{ font-size: 14pt; font-weight: bold; color: {TEXT}; }}
QPushButton {{
    padding: 5px 14px; border: 1px solid {BORDER}; border-radius: 4px; background: #ffffff;
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; font-weight: bold; }}
QPushButton[primary="true"]:disabled {{ background: #9fb6c5; border-color: #9fb6c5; }}
QToolButton[page="true"] {{
    padding: 6px 16px; border: none; border-bottom: 3px solid transparent; color: {MUTED};
}}
QToolButton[page="true"]:checked {{ color: {ACCENT}; border-bottom: 3px solid {ACCENT}; font-weight: bold; }}
QToolButton[page="true"]:hover {{ color: {TEXT}; }}
QFrame#TopBar {{ background: #ffffff; border-bottom: 1px solid {BORDER}; }}
QFrame#Card {{ background: #ffffff; border: 1px solid #d5dadf; border-radius: 6px; }}
QFrame#ActionBar {{ background: #ffffff; border-top: 1px solid {BORDER}; }}
QStatusBar {{ background: #eceff1; color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QHeaderView::section {{
    background: {WINDOW}; border: none; border-bottom: 1px solid {BORDER}; padding: 4px 6px; color: {MUTED};
}}
QTableWidget, QListWidget, QTreeWidget {{ gridline-color: #e6e9ec; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QSplitter::handle {{ background: transparent; }}
QMenu::item:selected, QMenuBar::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
"""


def apply_theme(app: QApplication, family: str = "", *, set_style: bool = True) -> None:
    """Font, palette and style sheet for the whole application (call once, before the window is built).

    ``set_style=False`` when the application was created with ``-style`` :data:`STYLE` (app.py does, so that
    Python never wraps a QStyle at start-up).
    """
    font = QFont(family) if family else app.font()
    font.setPointSizeF(BASE_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    if set_style:
        app.setStyle(STYLE)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a949d"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    app.setStyleSheet(_stylesheet())
