"""Parting words a slide PDF ran together (readers/glued.py), against the real English word list."""

from __future__ import annotations

import pytest

from notes_kb.readers.glued import GluedWords

NOTES = [
    "Attackers send malicious web requests to the VPC. Each VPC has route tables.",
    "Use CloudFront to filter requests and hide AWS resources; AWS Shield detects attacks.",
    "Global Accelerator gives lower latency. MariaDB and ECS run in a VPC; ECS tasks too.",
    "Peered VPCs can reach each other.",
]
"""The file's own words: a part of three letters ("can") must be one of them."""


@pytest.mark.parametrize(
    ("token", "parted"),
    [
        # a lowercase run of three or more words
        ("Detectandfiltermaliciousweb", "Detect and filter malicious web"),
        # an acronym the notes write alone, glued to a word on either side
        ("yourVPC", "your VPC"),
        ("ObfuscatingAWSresources", "Obfuscating AWS resources"),
        ("limitwhichVPCcantalkwithotherVPC", "limit which VPC can talk with other VPC"),
        # two words the notes also write apart
        ("lowerlatency", "lower latency"),
    ],
)
def test_a_token_the_pdf_glued_gets_its_spaces_back(token: str, parted: str) -> None:
    assert GluedWords(NOTES).part(token) == parted


@pytest.mark.parametrize(
    "token",
    [
        "inappropriate",  # an English word
        "FullyManaged",  # CamelCase: how names and API actions are written
        "MariaDB",  # a name ending in an acronym
        "ECSTask",  # would need "ECST", which the notes never write
        "VPCStack",  # would need "VPCS"
        "highlatency",  # two words the notes never write apart: maybe a term
        "authentificator",  # a typo splits only into fragments ("aut henti fic at or")
        "Permssions",
        "aVirtual",  # one letter is no part: "Dat aTransfer" is a shifted space
        "macOS",  # too short a word before the acronym to be sure
        "TTLsecs",  # an acronym the notes never write alone
    ],
)
def test_words_names_typos_and_camel_case_stay_as_written(token: str) -> None:
    assert GluedWords(NOTES).part(token) is None


def test_a_token_the_file_writes_several_times_is_its_own_term() -> None:
    notes = [*NOTES, "filterwebrequests " * 3]
    assert GluedWords(NOTES).part("filterwebrequests") == "filter web requests"
    assert GluedWords(notes).part("filterwebrequests") is None


def test_a_line_is_parted_outside_code_spans_and_links_only() -> None:
    line = "- Detectandfiltermaliciousweb requests, not `detectandfiltermaliciousweb` or /Detectandfiltermaliciousweb"
    assert GluedWords(NOTES).part_line(line) == (
        "- Detect and filter malicious web requests, not `detectandfiltermaliciousweb` or /Detectandfiltermaliciousweb"
    )
