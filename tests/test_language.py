"""Korean blocks declare their language (`language.mark_korean`): what a screen reader and the browser go by."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import properties.conftest  # noqa: F401  (registers the Hypothesis profiles when this file runs on its own)
from notes_kb.language import BLOCKS, is_korean, mark_korean
from notes_kb.sanitize import sanitize_html
from properties.prop_strategies import profile


def test_a_korean_line_naming_aws_in_english_is_korean_and_an_english_line_with_a_gloss_is_not() -> None:
    assert is_korean("ALB와 Target Group이 HTTP로 통신하는 이유는 ALB가 HTTPS를 대신 해주기 때문")
    assert is_korean("Instance Profile 과 Task Role 차이를 이해하자")  # 3 Korean words of 7
    assert not is_korean("EC2 Hibernate 기능")  # an English heading with a one-word gloss
    assert not is_korean("Security groups are stateful &amp; NACLs are not (상태)")
    assert not is_korean("30 seconds")  # no Hangul, nothing to decide


def test_each_block_is_judged_by_its_own_words_not_its_sub_items() -> None:
    html = (
        '<h2 id="x">EC2 종류</h2><ul><li>ALB와 Target Group이 HTTP로 통신하는 이유는<ul><li>Health checks on port 80'
        '</li></ul></li><li class="tip">EC2 Hibernate 기능</li></ul><p>An English line.</p><table><tr><td>리전마다 '
        "가격이 다름</td><td>Per hour</td></tr></table>"
    )
    assert mark_korean(html) == (
        '<h2 id="x" lang="ko">EC2 종류</h2><ul><li lang="ko">ALB와 Target Group이 HTTP로 통신하는 이유는<ul><li>'
        'Health checks on port 80</li></ul></li><li class="tip">EC2 Hibernate 기능</li></ul><p>An English line.</p>'
        '<table><tr><td lang="ko">리전마다 가격이 다름</td><td>Per hour</td></tr></table>'
    )


def test_a_block_s_korean_after_a_nested_block_counts_for_it() -> None:
    html = "<li>See<ul><li>English item</li></ul>그리고 나머지 설명은 한국어로 씀</li>"
    assert mark_korean(html) == '<li lang="ko">See<ul><li>English item</li></ul>그리고 나머지 설명은 한국어로 씀</li>'


def test_a_page_without_hangul_is_returned_as_it_is() -> None:
    html = "<p>Only English, <strong>some bold</strong>.</p>"
    assert mark_korean(html) is html


PIECES = [
    "<p>",
    "</p>",
    '<li class="x">',
    "</li>",
    "<ul>",
    "</ul>",
    "<h2>",
    "</h2>",
    "<b>",
    "</b>",
    "한국어 문장",
    "Words",
    " ",
]


@settings(profile())
@given(st.lists(st.sampled_from(PIECES)))
def test_marking_only_adds_the_attribute_and_keeps_what_sanitising_writes(parts: list[str]) -> None:
    """Whatever the nesting, marking adds `lang="ko"` to start tags and changes nothing else, so the page reads the
    same; it runs on sanitised HTML, the only HTML it is given."""
    clean = sanitize_html("".join(parts))
    marked = mark_korean(clean)
    assert marked.replace(' lang="ko"', "") == clean
    if "한국어" not in clean:
        assert marked == clean  # no Hangul, no mark
    for start in re.finditer(r'<(\w+)[^>]*? lang="ko">', marked):  # each mark on a start tag, its attributes kept
        assert start.group(1) in BLOCKS and marked[: start.end()].replace(' lang="ko"', "") in clean
