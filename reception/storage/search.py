"""The one search box: matter number, ID number (full or last digits), phone, or any fragment of a name or summary.

SQLite's trigram tokenizer finds nothing for 1–2 character queries, and Chinese names are 2–3 characters.  So the
storage layer writes its own tokens into an FTS5 table: every character (unigram) and every pair of adjacent
characters (bigram) of the names, summary and location.  A query of one character is one unigram lookup, two
characters one bigram lookup, and a longer query the AND of its bigrams; every candidate is then verified against
the text with ``instr`` so a hit always really contains the fragment.  detail=none stores no positions, which keeps
the index small since verification does what positions would.

On PostgreSQL the same tokens are a ``TEXT[]`` column under a GIN index, and a query is ``tokens @> ARRAY[…]`` of
:func:`query_tokens`: exact like FTS5 with tokenize='ascii' (a tsvector would drop symbols such as ×).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Characters that split tokens: whitespace, control characters and punctuation of both widths.  Not 々〆〇
# (U+3005-3007): they sit in the CJK punctuation block but are written inside words (二〇二六年).
_SPLIT = re.compile(
    r"[\s\x00-\x1f\x7f\u3000-\u3004\u3008-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65!-/:-@\[-`{-~\u2010-\u206f·•]+"
)
# FTS5 query syntax characters we never pass through.
_UNSAFE = re.compile(r'["*^:()+\-{}\[\]]')

MAX_QUERY = 50


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width) and lower case, the same for indexing and querying."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _runs(text: str) -> list[str]:
    return [run for run in _SPLIT.split(normalize_text(text)) if run]


def tokens(texts: Iterable[str]) -> str:
    """The space-separated unigrams and bigrams of ``texts`` for the FTS row (each token once)."""
    seen: set[str] = set()
    for text in texts:
        if not text:
            continue
        for run in _runs(text):
            seen.update(run)
            seen.update(map(str.__add__, run, run[1:]))
    return " ".join(seen)


def query_tokens(query: str) -> list[str]:
    """The tokens every hit's row must hold: each 1-character run, else each bigram of the run (each once)."""
    parts: list[str] = []
    for raw in _runs(query[:MAX_QUERY]):
        run = _UNSAFE.sub("", raw)
        if not run:
            continue
        if len(run) == 1:
            parts.append(run)
        else:
            parts.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(parts))


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a free-text fragment, or None when nothing searchable is left."""
    unique = query_tokens(query)
    if not unique:
        return None
    return " AND ".join(f'"{p}"' for p in unique)


def verify_terms(query: str) -> list[str]:
    """The fragments every hit must contain literally (the query split at spaces and punctuation)."""
    return [run for run in _runs(query[:MAX_QUERY]) if _UNSAFE.sub("", run)]
