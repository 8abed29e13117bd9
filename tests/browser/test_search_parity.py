"""The browser analyses queries exactly as the build analysed the index: proved in headless Chromium.

`nkb-analysis.js` and the vendored lunr.js 2.3.9 are loaded into a blank page, then every distinct word and every
distinct non-blank line of the real notes (plus every character the word pattern knows and a seeded random
sample of mixed-script text) is analysed in both languages: terms and spans must be identical (Python's code-point
spans converted to JavaScript's UTF-16 units). And for every English word of the notes, the Python port of the
stemmer must agree with lunr.js's own `lunr.stemmer`, so the port is faithful to the real thing, not to a copy.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from chromium import start_chromium
from selenium.webdriver.remote.webdriver import WebDriver

from notes_kb.search.analysis import _WORD, analyse, stem

pytestmark = pytest.mark.slow  # a browser: `make test` runs it, `make check` does not

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "plugins" / "notes_kb" / "search" / "assets"
BATCH = 2000
"""Texts per `execute_script` call: each call's JSON stays around a megabyte."""
TIME_LIMIT = 20.0

INJECT = """
const script = document.createElement('script');
script.textContent = arguments[0];
document.head.appendChild(script);
"""
ANALYSE = """
return JSON.stringify(arguments[0].map(text => self.nkbAnalysis.analyse(text).map(t => [t.term, t.start, t.end])));
"""
STEM = """
return JSON.stringify(arguments[0].map(w => [self.nkbAnalysis.stem(w), lunr.stemmer(new lunr.Token(w)).toString()]));
"""

Analysed = list[tuple[str, int, int]]


@pytest.fixture(scope="module")
def page() -> Iterator[WebDriver]:
    """A blank page with lunr.js and nkb-analysis.js loaded as page scripts."""
    driver = start_chromium()
    try:
        driver.get("about:blank")
        for script in (ASSETS / "vendor" / "lunr.min.js", ASSETS / "nkb-analysis.js"):
            driver.execute_script(INJECT, script.read_text(encoding="utf-8"))
        assert driver.execute_script("return typeof lunr.stemmer + ' ' + typeof self.nkbAnalysis.analyse") == (
            "function function"
        )
        yield driver
    finally:
        driver.quit()


def _notes() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "notes_src").rglob("*")) if p.is_file()]


def _utf16(text: str, index: int) -> int:
    """A code-point offset of `text` in UTF-16 units, JavaScript's string indices."""
    return len(text[:index].encode("utf-16-le")) // 2


def _python(text: str) -> Analysed:
    astral = any(ord(ch) > 0xFFFF for ch in text)
    return [
        (t.term, _utf16(text, t.start), _utf16(text, t.end)) if astral else (t.term, t.start, t.end)
        for t in analyse(text)
    ]


def _browser(page: WebDriver, texts: Sequence[str]) -> list[Analysed]:
    results: list[Analysed] = []
    for i in range(0, len(texts), BATCH):
        batch: list[list[Any]] = json.loads(page.execute_script(ANALYSE, list(texts[i : i + BATCH])))
        results += [[(term, start, end) for term, start, end in tokens] for tokens in batch]
    return results


def _mismatches(page: WebDriver, texts: Sequence[str]) -> list[str]:
    return [
        f"{text!r}: python {expected} != js {got}"
        for text, expected, got in zip(texts, map(_python, texts), _browser(page, texts), strict=True)
        if expected != got
    ]


def _report(what: str, count: int, mismatches: list[str]) -> str:
    return f"{len(mismatches)} of {count} {what} differ; first 20:\n" + "\n".join(mismatches[:20])


def _every_pattern_character() -> list[str]:
    """Every character the word pattern accepts and its neighbours, each inside a word (for case mapping)."""
    ranges = [(0x20, 0x2FF), (0x10F0, 0x1210), (0x3120, 0x31A0), (0xABF0, 0xAC10), (0xD790, 0xD7B0)]
    return [f"x{chr(code)}Y {chr(code)}" for low, high in ranges for code in range(low, high)]


def _random_texts(count: int) -> list[str]:
    """Seeded mixed-script text: Latin with accents, Hangul words with particles, jamo, digits, emoji, CJK."""
    rng = random.Random(20240)
    pieces = [
        *"abcdefghijklmnopqrstuvwxyzABCXYZ0123456789éÉßİıǅŸ×÷",
        *"인스턴스보안그룹사용권한게이트웨이ㄱㅏ각",
        "은",
        "를",
        "에서는",
        "합니다",
        "하는",
        "gateway",
        "yield",
        "KB",  # a number's unit: its own term and, glued or a space after a number, a joined one ("400kb")
        "MiB",
        "Gbps",
        "ms",
        " ",
        " ",
        "-",
        "'",
        "_",
        ".",
        "\n",
        "🙂",
        "東京",
        "\u0301",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def test_python_and_browser_analyse_the_notes_alike(page: WebDriver) -> None:
    started = time.monotonic()
    notes = _notes()
    words = sorted({word for text in notes for word in text.split()})
    lines = sorted({line for text in notes for line in text.splitlines() if line.strip()})
    extra = _every_pattern_character() + _random_texts(3000)

    bad_words = _mismatches(page, words)
    assert not bad_words, _report("distinct words", len(words), bad_words)
    bad_lines = _mismatches(page, lines)
    assert not bad_lines, _report("distinct lines", len(lines), bad_lines)
    bad_extra = _mismatches(page, extra)
    assert not bad_extra, _report("synthetic texts", len(extra), bad_extra)
    assert len(words) > 20_000
    assert len(lines) > 15_000
    assert time.monotonic() - started < TIME_LIMIT


def test_stemmer_port_agrees_with_lunr_js(page: WebDriver) -> None:
    latin = sorted(
        {
            word
            for text in _notes()
            for match in _WORD.finditer(text)
            if (word := match.group().lower()).isalpha() and word[0] < "\u1100"
        }
    )
    results: list[list[str]] = []
    for i in range(0, len(latin), BATCH):
        results += json.loads(page.execute_script(STEM, latin[i : i + BATCH]))
    mismatches = [
        f"{word!r}: python {stem(word)!r}, nkbAnalysis {ours!r}, lunr.js {theirs!r}"
        for word, (ours, theirs) in zip(latin, results, strict=True)
        if not stem(word) == ours == theirs
    ]
    assert not mismatches, _report("English words' stems", len(latin), mismatches)
    assert len(latin) > 5000
