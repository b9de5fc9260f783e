"""Regenerate reception_en.ts (pyside6-lupdate over reception/ui and reception/app.py), fill the English in
translations_en.py, and build reception_en.qm (pyside6-lrelease).

    python resources/i18n/build_translations.py

Translations already in the .ts file (e.g. typed in Qt Linguist for other screens) are kept.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from translations_en import EN

TS = HERE / "reception_en.ts"
QM = HERE / "reception_en.qm"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "reception" / "ui").rglob("*.py"))
    sources.append("reception/app.py")
    subprocess.run(
        [
            "pyside6-lupdate",
            *sources,
            "-ts",
            str(TS.relative_to(ROOT)),
            "-no-obsolete",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
        ],
        cwd=ROOT,
        check=True,
    )
    tree = ET.parse(TS)
    filled = missing = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if source in EN:
            translation.text = EN[source]
            translation.attrib.pop("type", None)
            filled += 1
        elif not translation.text:
            missing += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(QM)], check=True)
    print(f"{filled} strings translated, {missing} left in Chinese; wrote {QM.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
