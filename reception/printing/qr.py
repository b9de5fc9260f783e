"""QR codes for the receipts: the ``qrcode`` package's symbol, made quickly.

``qrcode`` picks the mask the standard way (ISO/IEC 18004 §7.8.3: lay the symbol out with each of
the eight masks and keep the one with the lowest penalty), but it does so by placing every module
nine times and scoring the grids cell by cell in Python, and its bit buffer and Reed–Solomon code
go bit by bit and polynomial by polynomial: 1.7 ms of a receipt that prints in about 6 ms.
:func:`qr_rows` gives the same symbol, module for module (tested against ``qrcode`` for every
error-correction level and data mode, versions 1 to beyond 7). It keeps ``qrcode``'s tables and
its choice of data chunks (numeric, alphanumeric and byte runs), and

* writes the bit stream as one integer and the error correction with per-generator product tables,
* places the data bits once, through a per-version table of where each bit goes (made once per
  process, from ``qrcode``'s own function patterns and format-information cells),
* applies each mask as one XOR on the symbol held as a single integer, and
* scores the four penalty rules with integer bit operations, with the same rules and the same
  arithmetic as ``qrcode.util.lost_point`` (format cells light while scoring, as ``qrcode`` scores
  them), so the same mask wins.

It uses ``qrcode`` below its documented surface (``util``, ``base``, the ``setup_*`` methods); the
tests compare whole symbols with ``qrcode``'s, so an upstream change shows there first.
"""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import qrcode
import qrcode.base
import qrcode.exceptions
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

__all__ = ["qr_rows"]

#: rule 3: the finder-like pattern 1:1:3:1:1 with four light modules after or before it
_FINDER_PATTERNS = tuple(tuple(c == "1" for c in p) for p in ("10111010000", "00001011101"))


@dataclass(frozen=True)
class _Version:
    """What every symbol of one version and error-correction level shares."""

    n: int  # modules per side
    data_cells: int  # how many modules carry data bits
    pick: Callable[[str], tuple[str, ...]]  # data bits + "01" -> every module, row-major (function modules: "0"/"1")
    masks: tuple[int, ...]  # per mask pattern: the data modules it inverts, as a symbol integer
    formats: tuple[int, ...]  # per mask pattern: the dark format/version modules of the final symbol
    blocks: int  # modules that are the top-left of a 2×2 block (rule 2)
    right_ok: int  # modules with a right neighbour (rule 2)
    below_ok: int  # modules with a neighbour below (rule 2)
    fits_right: int  # modules with ten more to their right (rule 3)
    fits_below: int  # modules with ten more below them (rule 3)


def _empty(version: int, error_correction: int) -> qrcode.QRCode:
    q = qrcode.QRCode(version=version, error_correction=error_correction, border=0)
    q.modules_count = n = version * 4 + 17
    q.modules = [[None] * n for _ in range(n)]
    return q


def _as_int(cells: list[bool]) -> int:
    """Row-major booleans as an integer whose most significant bit is the top-left module."""
    return int("".join("1" if c else "0" for c in cells), 2) if cells else 0


@functools.cache
def _version(version: int, error_correction: int) -> _Version:
    q = _empty(version, error_correction)
    n = q.modules_count
    q.setup_position_probe_pattern(0, 0)
    q.setup_position_probe_pattern(n - 7, 0)
    q.setup_position_probe_pattern(0, n - 7)
    q.setup_position_adjust_pattern()
    q.setup_timing_pattern()
    q.setup_type_info(True, 0)  # the format cells, light while the mask is chosen
    if version >= 7:
        q.setup_type_number(True)
    grid = q.modules
    # the data modules in the order qrcode's map_data fills them
    walk: list[tuple[int, int]] = []
    inc, row = -1, n - 1
    for right in range(n - 1, 0, -2):
        col = right - 1 if right <= 6 else right  # the timing column (6) is skipped
        while True:
            for c in (col, col - 1):
                if grid[row][c] is None:
                    walk.append((row, c))
            row += inc
            if row < 0 or row >= n:
                row -= inc
                inc = -inc
                break
    d = len(walk)
    position = {cell: i for i, cell in enumerate(walk)}
    order = [
        position[(r, c)] if grid[r][c] is None else d + (1 if grid[r][c] else 0) for r in range(n) for c in range(n)
    ]
    masks = []
    for pattern in range(8):
        inverts = util.mask_func(pattern)
        masks.append(_as_int([grid[r][c] is None and bool(inverts(r, c)) for r in range(n) for c in range(n)]))
    formats = []
    for pattern in range(8):
        f = _empty(version, error_correction)
        f.setup_type_info(False, pattern)
        if version >= 7:
            f.setup_type_number(False)
        formats.append(_as_int([bool(f.modules[r][c]) for r in range(n) for c in range(n)]))
    cells = [(r, c) for r in range(n) for c in range(n)]
    return _Version(
        n=n,
        data_cells=d,
        pick=operator.itemgetter(*order),
        masks=tuple(masks),
        formats=tuple(formats),
        blocks=_as_int([r < n - 1 and c < n - 1 for r, c in cells]),
        right_ok=_as_int([c < n - 1 for r, c in cells]),
        below_ok=_as_int([r < n - 1 for r, c in cells]),
        fits_right=_as_int([c < n - 10 for r, c in cells]),
        fits_below=_as_int([r < n - 10 for r, c in cells]),
    )


def _runs(same: int, step: int) -> int:
    """Rule 1 along one direction: a run of L ≥ 5 modules of one colour costs L − 2, counted as one
    per five-module window it holds (L − 4) plus two per run. ``same`` marks modules equal to their
    neighbour ``step`` bits further on (right: 1, below: n)."""
    window = same & (same << step) & (same << 2 * step) & (same << 3 * step)
    starts = window & ~(same >> step)
    return window.bit_count() + 2 * starts.bit_count()


def _finder_like(symbol: int, step: int, fits: int) -> int:
    """Rule 3 along one direction: how many 1:1:3:1:1 patterns with four light modules on one side
    start at a module of ``fits`` (those with ten more modules after them in that direction)."""
    shifted = [symbol << (k * step) for k in range(11)]
    found = 0
    for pattern in _FINDER_PATTERNS:
        hits = fits
        for dark, moved in zip(pattern, shifted, strict=False):
            hits &= moved if dark else ~moved
            if not hits:
                break
        found += hits.bit_count()
    return found


def _penalty(symbol: int, v: _Version) -> int:
    """``qrcode.util.lost_point`` of the symbol (rules 1–4 of ISO/IEC 18004 §7.8.3.1).

    The symbol is an integer whose most significant bit is the top-left module, so ``symbol << k``
    brings the module k places to the right (or k/n rows below) into each module's place."""
    n = v.n
    same_right = ~(symbol ^ (symbol << 1)) & v.right_ok
    same_below = ~(symbol ^ (symbol << n)) & v.below_ok
    lost = _runs(same_right, 1) + _runs(same_below, n)
    lost += 3 * (same_right & same_below & (same_right << n) & v.blocks).bit_count()
    lost += 40 * (_finder_like(symbol, 1, v.fits_right) + _finder_like(symbol, n, v.fits_below))
    percent = float(symbol.bit_count()) / (n**2)
    lost += int(abs(percent * 100 - 50) / 5) * 10
    return lost


def _data_bits(chunk: util.QRData) -> tuple[int, int]:
    """A chunk's data as (value, number of bits), as ``QRData.write`` puts it in the bit buffer."""
    data = chunk.data
    if chunk.mode == util.MODE_NUMBER:
        value = bits = 0
        for i in range(0, len(data), 3):
            group = data[i : i + 3]
            width = util.NUMBER_LENGTH[len(group)]
            value, bits = (value << width) | int(group), bits + width
        return value, bits
    if chunk.mode == util.MODE_ALPHA_NUM:
        value = bits = 0
        for i in range(0, len(data), 2):
            pair = data[i : i + 2]
            if len(pair) > 1:
                value, bits = (
                    (value << 11) | (util.ALPHA_NUM.find(pair[:1]) * 45 + util.ALPHA_NUM.find(pair[1:])),
                    bits + 11,
                )
            else:
                value, bits = (value << 6) | util.ALPHA_NUM.find(pair), bits + 6
        return value, bits
    return int.from_bytes(data, "big"), 8 * len(data)


#: a data chunk's mode indicator: numeric, alphanumeric, 8-bit bytes or kanji (qrcode.util.MODE_*)
Mode = Literal[1, 2, 4, 8]
#: ``(mode, length, value, bits)`` of one data chunk
Chunk = tuple[Mode, int, int, int]


def _chunk(c: util.QRData) -> Chunk:
    mode = c.mode
    if mode not in (1, 2, 4, 8):
        raise ValueError(f"QR data mode {mode} unknown")
    return (mode, len(c), *_data_bits(c))


def _fit(chunks: list[Chunk], error_correction: int) -> int:
    """The smallest version holding the chunks ``(mode, length, value, bits)`` (``QRCode.best_fit``)."""
    version = 1
    while True:
        sizes = util.mode_sizes_for_version(version)
        needed = sum(4 + sizes[mode] + bits for mode, _, _, bits in chunks)
        found = bisect.bisect_left(util.BIT_LIMIT_TABLE[error_correction], needed, version)
        if found == 41:
            raise qrcode.exceptions.DataOverflowError()
        if util.mode_sizes_for_version(found) is sizes:
            return found
        version = found


@functools.cache
def _generator(degree: int) -> tuple[tuple[int, ...], ...]:
    """The Reed–Solomon generator polynomial of ``degree`` (∏ x − αⁱ), as one product table per
    coefficient after the leading 1, highest first: ``table[f]`` is the coefficient times ``f``."""
    poly = [1]
    for i in range(degree):
        nxt = [*poly, 0]
        for j, c in enumerate(poly):
            if c:
                nxt[j + 1] ^= _EXP[(_LOG[c] + i) % 255]
        poly = nxt
    return tuple(tuple([0] + [_EXP[(_LOG[c] + _LOG[f]) % 255] if c else 0 for f in range(1, 256)]) for c in poly[1:])


def _ec_codewords(data: bytes, degree: int) -> list[int]:
    """The remainder of data·x^degree divided by the generator: the block's error-correction codewords."""
    tables = _generator(degree)
    last = tables[-1]
    rem = [0] * degree
    for byte in data:
        factor = byte ^ rem[0]
        if factor:
            rem = [r ^ t[factor] for r, t in zip(rem[1:], tables, strict=False)]
            rem.append(last[factor])
        else:
            rem = rem[1:]
            rem.append(0)
    return rem


_EXP = qrcode.base.EXP_TABLE
_LOG = qrcode.base.LOG_TABLE


def _codewords(version: int, error_correction: int, chunks: list[Chunk]) -> bytes:
    """``qrcode.util.create_data``: the bit stream (mode, length, data; terminator, padding) cut into
    the version's blocks, each followed by its error correction, interleaved."""
    value = bits = 0
    for mode, length, data, width in chunks:
        count = util.length_in_bits(mode, version)
        value = (((value << 4 | mode) << count | length) << width) | data
        bits += 4 + count + width
    blocks = qrcode.base.rs_blocks(version, error_correction)
    limit = 8 * sum(b.data_count for b in blocks)
    if bits > limit:
        raise qrcode.exceptions.DataOverflowError(
            f"Code length overflow. Data size ({bits}) > size available ({limit})"
        )
    pad = min(limit - bits, 4)  # terminator
    pad += (8 - (bits + pad) % 8) % 8  # to a whole codeword
    stream = (value << pad).to_bytes((bits + pad) // 8, "big")
    stream += bytes((util.PAD0, util.PAD1) * (limit // 16 + 1))[: limit // 8 - len(stream)]
    data_blocks: list[bytes] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for b in blocks:
        block = stream[offset : offset + b.data_count]
        offset += b.data_count
        data_blocks.append(block)
        ec_blocks.append(_ec_codewords(block, b.total_count - b.data_count))
    out = bytearray()
    for i in range(max(len(b) for b in data_blocks)):
        out.extend(b[i] for b in data_blocks if i < len(b))
    for i in range(max(len(b) for b in ec_blocks)):
        out.extend(b[i] for b in ec_blocks if i < len(b))
    return bytes(out)


def qr_rows(data: str, *, border: int = 4, error_correction: int = ERROR_CORRECT_M) -> tuple[str, ...]:
    """The QR code of ``data`` (UTF-8, qrcode's mode optimisation, smallest version that fits) as rows
    of ``"1"`` (dark) and ``"0"``, top row first, with a quiet zone of ``border`` modules: the matrix
    ``qrcode.QRCode(error_correction=..., border=...).get_matrix()`` returns, without its cost."""
    chunks = [_chunk(c) for c in util.optimal_data_chunks(data.encode("utf-8"), minimum=20)]
    version = _fit(chunks, error_correction)
    codewords = _codewords(version, error_correction, chunks)
    v = _version(version, error_correction)
    n = v.n
    stream = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    source = stream.ljust(v.data_cells, "0") + "01"
    plain = int("".join(v.pick(source)), 2)
    penalties = [_penalty(plain ^ mask, v) for mask in v.masks]
    best = penalties.index(min(penalties))  # the lowest penalty; the first of equals, as qrcode
    bits = format((plain ^ v.masks[best]) | v.formats[best], f"0{n * n}b")
    side = "0" * border
    blank = "0" * (n + 2 * border)
    return (blank,) * border + tuple(side + bits[i : i + n] + side for i in range(0, n * n, n)) + (blank,) * border
