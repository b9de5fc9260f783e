"""Cut the bundled Ext-A/Ext-B font out of AR PL UMing CN (build-time tool, not used at run time).

    pip install fonttools            # only for this script; not a dependency of the desk
    python resources/fonts/subset_uming.py /usr/share/fonts/truetype/arphic/uming.ttc \
        resources/fonts/uming-cn-ext-subset.ttf

Keeps the TrueType (glyf) outlines of every character UMing CN has in the ranges below, drops the
embedded bitmaps, hinting, OpenType layout and vertical metrics, renames the face (the Arphic Public
License allows renaming and requires a notice of the change inside the modified file: it goes in the
name table's copyright, version and description records). See README.md beside this file.
"""

from __future__ import annotations

import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

#: (first, last, what) — the ranges kept
RANGES = [
    (0x2F00, 0x2FDF, "Kangxi Radicals"),  # text copied out of PDFs often carries these for 人, 口 ...
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    # (0xF900-0xFAFF CJK Compatibility Ideographs: the bundled WQY has the common ones)
    (0x20000, 0x2A6DF, "CJK Unified Ideographs Extension B"),
    (0x2F800, 0x2FA1F, "CJK Compatibility Ideographs Supplement"),
]

FAMILY = "AR PL UMing CN ExtB Subset"
PS_NAME = "UMingCN-ExtBSubset"
FACE_INDEX = 0  # uming.ttc: 0 = AR PL UMing CN, 1 = HK, 2 = TW, 3 = TW MBE
DATE = "2026-11-28"


def main(src: str, dst: str) -> None:
    # fontTools stamps head.modified with the current time unless SOURCE_DATE_EPOCH is set: fix it so that
    # running the script again gives the same bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795824000")  # 2026-11-28T00:00:00Z
    font = TTCollection(src).fonts[FACE_INDEX]
    source_version = font["name"].getDebugName(5).strip()
    cmap = font.getBestCmap()
    unicodes = [cp for cp in cmap if any(a <= cp <= b for a, b, _ in RANGES)]

    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: reportlab does not shape
    options.drop_tables += ["BDF ", "EBDT", "EBLC", "EBSC", "FFTM", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF"]
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 10, 11, 13, 14]
    options.name_languages = [0x409]  # English records only (Macintosh records dropped too)
    options.name_legacy = False
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)

    kept = ", ".join(f"U+{a:04X}–U+{b:04X} {what}" for a, b, what in RANGES)
    notice = (
        f"Modified on {DATE} for the reception desk (信访接待台): subset of AR PL UMing CN "
        f"{source_version} (Debian fonts-arphic-uming 0.2.20080216.2-11, uming.ttc face {FACE_INDEX}) "
        f"to the {len(unicodes)} characters it has in {kept}; bitmaps, hinting, OpenType layout and "
        f'vertical metrics removed; renamed "{FAMILY}". Made with fontTools {_fonttools_version()} '
        "(resources/fonts/subset_uming.py). Distributed under the Arphic Public License (ARPHICPL.TXT)."
    )
    name = font["name"]
    copyright_ = name.getDebugName(0)
    for rec in list(name.names):
        if rec.platformID != 3:
            name.removeNames(platformID=rec.platformID)
    name.setName(f"{copyright_}\n\n{notice}", 0, 3, 1, 0x409)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Light", 2, 3, 1, 0x409)
    name.setName(f"{PS_NAME}: {source_version}; subset {DATE}", 3, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName(f"{source_version}; subset {DATE}", 5, 3, 1, 0x409)
    name.setName(PS_NAME, 6, 3, 1, 0x409)
    name.setName(notice, 10, 3, 1, 0x409)
    font.save(dst)
    print(f"{dst}: {len(unicodes)} characters, {os.path.getsize(dst):,} bytes")


def _fonttools_version() -> str:
    import fontTools

    return fontTools.version


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
