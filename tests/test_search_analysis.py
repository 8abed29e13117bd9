"""Search text analysis: golden examples checked against lunr.js 2.3.9, and properties over any text.

Parity with the JavaScript twin (and with lunr.js's own stemmer) is proved in a browser by
`tests/browser/test_search_parity.py`; the expected stems here were read off lunr.js 2.3.9 run in node.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import properties.conftest  # noqa: F401  (registers the Hypothesis profiles when this file runs on its own)
from notes_kb.search import analysis
from notes_kb.search.analysis import KOREAN_SUFFIXES, STOP_WORDS, Token, analyse, stem
from properties.prop_strategies import arbitrary_text, note_text, profile

ASSETS = Path(__file__).resolve().parents[1] / "plugins" / "notes_kb" / "search" / "assets"


def terms(text: str) -> list[str]:
    return [token.term for token in analyse(text)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("gateway", "gateway"),  # lunr.py's stemmer says "gatewai": lunr.js keeps a y after a vowel
        ("scaling", "scale"),
        ("groups", "group"),
        ("replication", "replic"),
        ("policies", "polici"),
        ("running", "run"),
        ("happy", "happi"),
        ("yield", "yield"),  # a leading y is a consonant
        ("caresses", "caress"),
        ("agreed", "agre"),
        ("generalization", "gener"),
        ("relational", "relat"),
        ("cloudfront", "cloudfront"),
        ("as", "as"),  # shorter than 3: untouched
        ("élevé", "élevé"),
    ],
)
def test_stem_matches_lunr_js(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_english_words() -> None:
    assert terms("Auto Scaling groups") == ["auto", "scale", "group"]
    assert terms("What is an EC2 instance?") == ["ec2", "instanc"]  # stop words dropped, digits kept unstemmed
    assert terms("Multi-AZ t2.micro S3 2024 us-east-1") == ["multi", "az", "t2", "micro", "s3", "2024", "east", "1"]
    assert terms("it's ap_northeast") == ["s", "ap", "northeast"]  # apostrophes and underscores separate
    assert terms("Café × Über ÷ naïve") == ["café", "über", "naïv"]  # Latin-1 letters, but not × and ÷
    assert terms("THE GATEWAYS") == ["gateway"]


def test_words_ending_in_ful_keep_it() -> None:
    """The stemmer cuts "stateful" to "state": security groups' statefulness is not EC2's instance states."""
    assert stem("stateful") == "state"  # lunr's own stemmer, kept as it is
    assert terms("Stateful firewalls keep state; useful uses") == [
        "stateful",
        "firewal",
        "keep",
        "state",
        "useful",
        "us",
    ]


def test_stop_words_are_lunr_js_list() -> None:
    """The vendored lunr.min.js holds the list it filters with: ours must be that list."""
    source = (ASSETS / "vendor" / "lunr.min.js").read_text(encoding="utf-8")
    match = re.search(r"stopWordFilter=\w+\.generateStopWordFilter\(\[([^\]]*)\]\)", source)
    assert match
    assert frozenset(re.findall(r'"([^"]+)"', match.group(1))) == STOP_WORDS
    assert len(STOP_WORDS) == 119
    assert terms("the and of to a") == []


def test_korean_bigrams_after_one_particle() -> None:
    assert terms("DB인스턴스를") == ["db", "인스", "스턴", "턴스"]
    assert terms("보안그룹은") == ["보안", "안그", "그룹"]
    assert terms("그룹") == ["그룹"]
    assert terms("앱") == ["앱"]  # one syllable: the word itself
    assert terms("서버에서는 서버에서 서버") == ["서버", "서버", "서버"]  # longest particle first
    assert terms("사용한다 사용하는 사용할 사용해야한다") == ["사용"] * 4  # 하다 verb endings
    assert terms("암호화된") == ["암호", "호화"]


def test_korean_stems_keep_two_syllables() -> None:
    assert terms("권한을") == ["권한"]
    assert terms("권한") == ["권한"]  # 한 is an ending, but stripping it would leave one syllable
    assert terms("결과") == ["결과"]
    assert terms("있습니다") == ["있습", "습니", "니다"]


def test_korean_nouns_ending_like_particles_are_not_stripped() -> None:
    assert terms("인증서 스토리지 사용자 로그인 런타임") == [
        "인증",
        "증서",
        "스토",
        "토리",
        "리지",
        "사용",
        "용자",
        "로그",
        "그인",
        "런타",
        "타임",
    ]


def test_spans_cover_the_original_word() -> None:
    text = "DB인스턴스를, the Gateways!"
    tokens = analyse(text)
    assert tokens[0] == Token("db", 0, 2)
    assert {(t.start, t.end) for t in tokens[1:4]} == {(2, 7)}  # the whole word, particle included
    assert text[tokens[-1].start : tokens[-1].end] == "Gateways"
    assert analyse("🙂 ec2") == [Token("ec2", 2, 5)]  # code points: the emoji is one


def test_a_number_and_its_unit_are_two_words_and_one_joined_term() -> None:
    """DynamoDB's "at most 400KB" and a query "400 kb" (a blind review of search: "400 kb" missed it, "400kb" found
    it): glued or a space apart, the number and the unit are words of their own, and together one more term."""
    assert terms("at most 400KB") == terms("at most 400 KB") == ["400", "400kb", "kb"]
    assert analyse("5 TB")[1] == Token("5tb", 0, 4)  # spans the quantity, right after the number's own
    assert terms("10Gbps, 64 KiB, 5ms") == ["10", "10gbp", "gbp", "64", "64kib", "kib", "5", "5ms", "ms"]
    assert terms("ec2 s3 2xlarge 1000s x400kb 5  TB") == ["ec2", "s3", "2xlarge", "1000s", "x400kb", "5", "tb"]
    assert terms("1.5 TB, 1,000 MiB") == ["1", "5", "tb", "1", "000", "mib"]  # no "5tb": the digits after a point


def test_other_scripts_separate_and_vanish() -> None:
    assert terms("東京リージョン ap-northeast-1") == ["ap", "northeast", "1"]
    assert terms("") == []
    assert terms(" \n\t—…") == []


def test_suffixes_longest_first() -> None:
    lengths = [len(s) for s in KOREAN_SUFFIXES]
    assert lengths == sorted(lengths, reverse=True)
    assert len(set(KOREAN_SUFFIXES)) == len(KOREAN_SUFFIXES)
    assert {"은", "는", "을", "를", "에서", "으로", "입니다", "합니다"} <= set(KOREAN_SUFFIXES)
    assert not {"서", "지", "고", "기", "자", "인", "임", "다"} & set(KOREAN_SUFFIXES)


_korean_word = st.builds(
    lambda stem_, suffix: stem_ + suffix,
    st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=5),
    st.sampled_from(("", *KOREAN_SUFFIXES)),
)
_search_text = st.one_of(
    arbitrary_text,
    note_text,
    st.lists(
        st.one_of(
            _korean_word,
            st.text(st.characters(min_codepoint=0x1100, max_codepoint=0x11FF), max_size=3),
            st.text(st.characters(min_codepoint=0x3130, max_codepoint=0x318F), max_size=3),
            st.text(st.characters(min_codepoint=0x30, max_codepoint=0x24F), max_size=8),
            st.sampled_from(("gateway", "EC2", "Auto-Scaling", " ", "-", "'", "_", ".", "\n", "🙂", "東")),
        ),
        max_size=12,
    ).map("".join),
)


@profile()
@given(_search_text)
def test_any_text_gives_terms_inside_word_spans(text: str) -> None:
    tokens = analyse(text)
    previous_start = 0
    for token in tokens:
        assert token.term
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous_start  # in text order
        previous_start = token.start
        word = text[token.start : token.end]
        assert token.term in terms(word)  # the span alone gives the term: it is the whole word
        assert word.lower() not in STOP_WORDS  # stop words go before stemming ("usful" may stem to "us")


@profile()
@given(_search_text)
def test_terms_without_spans_are_the_analysed_terms(text: str) -> None:
    assert analysis.terms(text) == tuple(terms(text))
