"""The English translation (resources/i18n): every string of the .ts file is finished, keeps its placeholders,
line breaks and mnemonic, and the built .qm answers for screens beyond the main window."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator

from reception.resources import resource_path

_PLACEHOLDER = re.compile(r"\{\d+\}|%n|%\d+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Data examples a clerk types in Chinese whatever the interface language (placeholders of the registration form
# and the settings): the English keeps the Chinese sample value after "e.g.".
_CHINESE_EXAMPLES = {"如 省公（信）转〔2026〕12号", "问题发生地，如 湖北省武汉市武昌区", "文书编号用，如 ××公"}


def _messages() -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(resource_path("i18n", "reception_en.ts"))
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    ]


def test_every_string_has_a_finished_english_translation() -> None:
    missing = []
    for context, source, message in _messages():
        translation = message.find("translation")
        if translation is None or not translation.text or translation.get("type") == "unfinished":
            missing.append(f"{context}: {source}")
    assert not missing, missing


def test_translations_keep_placeholders_line_breaks_and_one_mnemonic() -> None:
    problems = []
    for context, source, message in _messages():
        english = message.findtext("translation") or ""
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(english)):
            problems.append(f"placeholders {context}: {source!r} -> {english!r}")
        if source.count("\n") != english.count("\n"):
            problems.append(f"line breaks {context}: {source!r} -> {english!r}")
        if "(&" in source and english.replace("&&", "").count("&") != 1:
            problems.append(f"mnemonic {context}: {source!r} -> {english!r}")
        if _HAN.search(english) and source not in _CHINESE_EXAMPLES:
            problems.append(f"Chinese left {context}: {source!r} -> {english!r}")
    assert not problems, problems


def test_mnemonics_keep_the_letter_of_the_chinese() -> None:
    """The Chinese labels of a screen already have distinct Alt letters; the English keeps each letter, so no two
    fields of one screen share an Alt key in English either."""
    changed = []
    for context, source, message in _messages():
        wanted = re.search(r"\(&(\w)\)", source)
        if wanted is None:
            continue
        got = re.search(r"&(\w)", (message.findtext("translation") or "").replace("&&", ""))
        if got is None or got.group(1).lower() != wanted.group(1).lower():
            changed.append(f"{context}: {source!r} -> {message.findtext('translation')!r}")
    assert not changed, changed


def test_the_built_translation_answers_for_dialogs_and_pages(qtbot: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("i18n", "reception_en.qm")))
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("BackupDialog", "口令(&P)") == "&Passphrase"
        assert QCoreApplication.translate("AccountsPanel", "添加账户(&A)") == "&Add account"
        assert QCoreApplication.translate("SupervisionBoard", "逾期 {0} 天").format(3) == "3 days overdue"
        assert QCoreApplication.translate("Dashboard", "同比") == "vs last year"
        assert QCoreApplication.translate("LeaderDaysView", "新增 (Ins)") == "New (Ins)"
    finally:
        app.removeTranslator(translator)
