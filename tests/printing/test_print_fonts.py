"""The font chain: bundled font, roles, per-character fallback, missing characters."""

from __future__ import annotations

import sys

import pytest
from reportlab.pdfbase import pdfmetrics

from reception.printing import fonts
from reception.printing.fonts import (
    BUNDLED,
    BUNDLED_EXT,
    FontChain,
    MissingGlyphsError,
    check_printable,
    ensure_printable,
    get_chain,
    markup,
)
from reception.resources import resource_path

EXT_B = "\U0002020c"  # 𠈌, CJK Extension B, in people's names
NO_FONT = "\U0010fffd"  # private use, plane 16: no font has it
UNASSIGNED = "\u0378"  # unassigned in the Greek block


def ext_b_chain(role="body") -> FontChain:
    chain = get_chain(role)
    if chain.font_for(EXT_B) is None:
        pytest.skip("no CJK Ext-B font on this machine (Debian: fonts-arphic-uming; Windows: SimSun-ExtB)")
    return chain


def test_bundled_font_and_licence_are_in_resources():
    font = resource_path("fonts", "wqy-microhei.ttc")
    assert font.is_file()
    assert font.stat().st_size < 6 * 1024 * 1024
    licence = resource_path("fonts", "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "WenQuanYi" in licence


def test_bundled_ext_b_subset_and_its_licence_are_in_resources():
    font = resource_path("fonts", "uming-cn-ext-subset.ttf")
    assert font.is_file()
    assert font.stat().st_size < 3 * 1024 * 1024
    licence = resource_path("fonts", "ARPHICPL.TXT").read_text(encoding="latin-1")
    assert "ARPHIC PUBLIC LICENSE" in licence
    notice = resource_path("fonts", "NOTICE-uming-cn-ext-subset.txt").read_text(encoding="utf-8")
    assert "0.2.20080216" in notice and "Extension B" in notice
    from reportlab.pdfbase.ttfonts import TTFont

    face = TTFont("UMingCNExtCheck", str(font)).face
    assert face.charToGlyph.get(ord(EXT_B))  # 𠈌
    assert face.charToGlyph.get(0x4DAE)  # 䶮, Ext-A
    assert not face.charToGlyph.get(ord("信"))  # the subset carries only what WQY lacks


def test_resource_path_honours_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"


@pytest.mark.parametrize("role", ["body", "title", "plain"])
def test_every_role_has_the_bundled_font_and_is_cached(role):
    chain = get_chain(role)
    assert BUNDLED in chain.names
    assert get_chain(role) is chain
    for name in chain.names:
        font = pdfmetrics.getFont(name)
        assert font.face.charToGlyph, name  # a TrueType font, embedded and subset by reportlab


def test_plain_role_starts_with_the_bundled_font():
    assert get_chain("plain").primary == BUNDLED


def test_unknown_role():
    with pytest.raises(ValueError):
        get_chain("fancy")


def test_ttc_subfont_index_selects_the_face():
    from reportlab.pdfbase.ttfonts import TTFontFace

    path = str(resource_path("fonts", "wqy-microhei.ttc"))
    assert TTFontFace(path, subfontIndex=0).name == b"WenQuanYiMicroHei"
    assert TTFontFace(path, subfontIndex=1).name == b"WenQuanYiMicroHeiMono"


def test_font_for_reads_the_fonts_character_map():
    chain = get_chain("plain")
    for ch in "信访喆堃昇犇，。A1":
        font = chain.font_for(ch)
        assert font is not None
        assert pdfmetrics.getFont(font).face.charToGlyph.get(ord(ch))
    assert chain.font_for(NO_FONT) is None


def test_ext_b_falls_back_to_a_font_that_has_it():
    chain = ext_b_chain("plain")
    font = chain.font_for(EXT_B)
    assert font != chain.primary  # the bundled font has no Ext-B
    assert pdfmetrics.getFont(font).face.charToGlyph[0x2020C]


def test_missing_ignores_whitespace_and_controls_and_reports_each_char_once():
    chain = get_chain("plain")
    text = f"张三 \t\n\u3000\u200b\ufeff{NO_FONT}李{UNASSIGNED}{NO_FONT}"
    assert chain.missing(text) == [NO_FONT, UNASSIGNED]
    assert chain.missing("信访事项 ABC 123。") == []


def test_runs_split_per_font_and_keep_every_printable_char():
    chain = ext_b_chain("plain")
    text = f"张{EXT_B} 喆、堃\u200b"
    runs = chain.runs(text)
    assert "".join(r for _, r in runs) == text.replace("\u200b", "")  # format characters dropped
    assert runs[0] == (chain.primary, "张")
    assert runs[1][0] == chain.font_for(EXT_B) and runs[1][1].startswith(EXT_B)
    for font, run in runs:
        for ch in run:
            assert ch.isspace() or chain.has(font, ch)


def test_runs_of_plain_text_are_one_run():
    chain = get_chain("plain")
    assert chain.runs("信访接待 2026年") == [(chain.primary, "信访接待 2026年")]
    assert chain.runs("") == []


def test_markup_escapes_and_wraps_fallback_runs():
    chain = ext_b_chain("plain")
    fallback = chain.font_for(EXT_B)
    assert markup("A<B & C>", chain) == "A&lt;B &amp; C&gt;"
    assert markup(f"张{EXT_B}", chain) == f'张<font face="{fallback}">{EXT_B}</font>'


def test_check_printable_and_error_message():
    assert check_printable(["信访", "喆堃昇犇", ""]) == []
    assert check_printable(["甲" + NO_FONT, UNASSIGNED + NO_FONT]) == [NO_FONT, UNASSIGNED]
    with pytest.raises(MissingGlyphsError) as exc:
        ensure_printable(["张" + NO_FONT])
    assert exc.value.chars == [NO_FONT]
    assert str(exc.value).startswith("以下字符无字体可印：" + NO_FONT)
    assert "U+10FFFD" in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_check_printable_knows_ext_b():
    ext_b_chain()
    assert check_printable([EXT_B]) == []


def _clear_caches():
    for cached in (fonts._load, fonts._chain, fonts._all_fonts):
        cached.cache_clear()


def test_without_system_fonts_every_role_uses_the_bundled_fonts(monkeypatch):
    real_path = fonts.FontSource.path
    monkeypatch.setattr(fonts.FontSource, "path", lambda self: real_path(self) if self.bundled else None)
    monkeypatch.setattr(fonts.pdfmetrics, "getRegisteredFontNames", list)
    _clear_caches()
    try:
        for role in fonts.ROLES:
            assert get_chain(role).names == [BUNDLED, BUNDLED_EXT]
        # the bundled Ext-A/B subset prints rare name characters on any PC
        assert check_printable(["信访" + EXT_B + "\u4dae"]) == []
        assert get_chain("body").font_for(EXT_B) == BUNDLED_EXT
        assert check_printable(["信访" + NO_FONT]) == [NO_FONT]
    finally:
        monkeypatch.undo()
        _clear_caches()


def test_chains_keep_the_role_order_of_the_fonts_present():
    for role, order in fonts.ROLES.items():
        names = get_chain(role).names
        assert names == [n for n in order if n in names]


def test_windows_system_faces_come_first_when_present(monkeypatch, tmp_path):
    # A fake Windows font folder whose "simfang.ttf" and "simhei.ttf" are the bundled face (a .ttc:
    # reportlab reads the collection header, not the file name).
    fonts_dir = tmp_path / "Fonts"
    fonts_dir.mkdir()
    for name in ("simfang.ttf", "simhei.ttf"):
        (fonts_dir / name).symlink_to(resource_path("fonts", "wqy-microhei.ttc"))
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.setattr(fonts.pdfmetrics, "_fonts", dict(fonts.pdfmetrics._fonts))  # restored afterwards
    _clear_caches()
    try:
        # Then the Linux Song face where fonts-arphic-uming is installed, else the bundled face.
        second = "UMingCN" if fonts.SOURCES["UMingCN"].path() else BUNDLED
        assert get_chain("body").names[:2] == ["FangSong", second]
        assert get_chain("title").names[:2] == ["SimHei", second]
        assert get_chain("plain").primary == BUNDLED
        assert markup("信访", get_chain("body")) == "信访"
    finally:
        monkeypatch.undo()
        _clear_caches()
    if fonts.SOURCES["FangSong"].path() is None:  # the fake did not leak
        assert "FangSong" not in get_chain("body").names
