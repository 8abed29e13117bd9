"""Search without a browser: sections cut from HTML, the compact index against lunr.py's own builder, query parsing,
ranking behaviour on a tiny index, the files a site gets and the `notes-kb search` command.

Everything runs on small hand-written pages (no site build), so the file stays fast. The browser half (the same
index behind Material's search box, and its ranking against this one) is `tests/browser/test_search_ui.py`, which also
checks the real site's index against lunr.py's builder.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lunr.builder import Builder

import properties.conftest  # noqa: F401  (registers the Hypothesis profiles when this file runs on its own)
from notes_kb.cli import main
from notes_kb.search import documents, index, reference, shards
from notes_kb.search import query as ranking
from notes_kb.search.analysis import analyse
from notes_kb.search.documents import RenderedPage, Section, split_sections
from notes_kb.search.shards import HEAD_PATH
from notes_kb.search.site import ASSET_FILES, ASSETS_DIR, OFFLINE_INDEX, OFFLINE_SHIM, search_files
from properties.prop_strategies import profile

TOLERANCE = 0.0011
"""lunr.py rounds field-vector scores with `round` (half to even), the index with floor(x + 0.5): 0.001 apart."""


def terms(text: str) -> list[str]:
    return [token.term for token in analyse(text)]


# --- split_sections -------------------------------------------------------------------------------------------------


def test_lead_document_is_h1_and_text_before_first_subheading() -> None:
    page = RenderedPage(
        "services/ec2/",
        "EC2 (nav title)",
        '<h1 id="amazon-ec2">Amazon EC2<a class="headerlink" href="#amazon-ec2">¶</a></h1>'
        "<p>Virtual servers in the cloud.</p><p>Pay per second.</p>"
        '<h2 id="pricing">Pricing<a class="headerlink" href="#pricing">¶</a></h2><p>Spot is cheapest.</p>',
    )
    lead, pricing = split_sections(page)
    assert lead == Section("services/ec2/", "", "Amazon EC2", "Virtual servers in the cloud.\nPay per second.", 1)
    assert lead.location == "services/ec2/"  # no anchor: the result opens the page at its top
    assert pricing == Section("services/ec2/", "pricing", "Pricing", "Spot is cheapest.", 2)
    assert pricing.location == "services/ec2/#pricing"


def test_page_without_h1_takes_its_title_from_the_page() -> None:
    page = RenderedPage("about/", "About this site", '<p>Intro text.</p><h2 id="why">Why</h2><p>Because.</p>')
    lead, why = split_sections(page)
    assert (lead.anchor, lead.title, lead.text, lead.level) == ("", "About this site", "Intro text.", 0)
    assert (why.anchor, why.title, why.text) == ("why", "Why", "Because.")


def test_every_heading_with_an_id_starts_a_section_at_any_level() -> None:
    html = "".join(f'<h{level} id="s{level}">Heading {level}</h{level}><p>Body {level}</p>' for level in range(2, 7))
    sections = split_sections(RenderedPage("p/", "P", "<h1>P</h1>" + html))
    assert [(s.anchor, s.level, s.title, s.text) for s in sections[1:]] == [
        (f"s{level}", level, f"Heading {level}", f"Body {level}") for level in range(2, 7)
    ]


def test_heading_without_id_joins_the_section_before_it() -> None:
    page = RenderedPage(
        "p/",
        "P",
        '<h1 id="p">P</h1><p>Lead.</p><h3>Untitled part</h3><p>More lead.</p>'
        '<h2 id="a">A</h2><p>Text of A.</p><h3>Sub of A</h3><p>Tail of A.</p><h2 id="b">B</h2><p>Text of B.</p>',
    )
    assert [(s.anchor, s.title, s.text) for s in split_sections(page)] == [
        ("", "P", "Lead.\nUntitled part\nMore lead."),
        ("a", "A", "Text of A.\nSub of A\nTail of A."),
        ("b", "B", "Text of B."),
    ]


@pytest.mark.parametrize("skipped", ["headerlink", "nkb-from", "nkb-origin", "nkb-also"])
def test_provenance_and_permalinks_are_not_indexed(skipped: str) -> None:
    page = RenderedPage(
        "p/",
        "P",
        f'<h1 id="p">P</h1><p>Kept lead.</p><div class="note {skipped}">SKIPPED <b>SKIPPED</b></div>'
        f'<h2 id="a">Heading <span class="{skipped}">SKIPPED</span>kept</h2><p>Kept <em class="{skipped}">'
        "SKIPPED</em>text.</p>",
    )
    sections = split_sections(page)
    assert [(s.title, s.text) for s in sections] == [("P", "Kept lead."), ("Heading kept", "Kept text.")]


def test_the_headings_a_from_line_names_are_indexed_and_the_rest_of_it_is_not() -> None:
    """A section merged into a topic of another title names its own heading only in its "from" line: DVA's
    "CloudFront Functions vs. Lambda@Edge - Use Cases", whose service-page copy lacked "vs", so the search listed
    the source page first (a user-level review). The source and the lines stay out; so does a skipped part inside
    the headings, and skipping goes on after them."""
    page = RenderedPage(
        "p/",
        "P",
        '<h1 id="p">P</h1><p class="nkb-from"><a href="s/">Notes</a> · <span class="nkb-path">Functions vs. Edge'
        '<em class="nkb-also">SKIPPED</em></span> · <a href="r/">lines 1–2</a></p><p>Kept text.</p>',
    )
    assert [(s.title, s.text) for s in split_sections(page)] == [("P", "Functions vs. Edge\nKept text.")]


def test_no_pilcrow_and_no_script_text_in_any_section() -> None:
    page = RenderedPage(
        "p/",
        "P",
        '<h1 id="p">Title<a class="headerlink" href="#p" title="Permanent link">¶</a></h1>'
        "<script>var hidden = 1;</script><style>p { color: red }</style><p>Visible.</p>"
        '<h2 id="x">X<a class="headerlink" href="#x">¶</a></h2><p>Text<button>Copy</button>.</p>',
    )
    sections = split_sections(page)
    joined = " ".join(f"{s.title} {s.text}" for s in sections)
    assert "¶" not in joined
    assert "hidden" not in joined and "color" not in joined and "Copy" not in joined
    assert [(s.title, s.text) for s in sections] == [("Title", "Visible."), ("X", "Text.")]


def test_unclosed_tags_are_tolerated() -> None:
    page = RenderedPage(
        "p/",
        "P",
        '<h1 id="p">P</h1><ul><li>EBS<li>EFS<li><b>FSx</ul><p>A <span class="headerlink">¶</p><p>B<br>C'
        '<h2 id="next">Next<em>!</h2><p>After &amp; &lt;tags&gt;</p><div class="nkb-also">unclosed to the end',
    )
    lead, after = split_sections(page)
    assert lead.text == "EBS\nEFS\nFSx\nA\nB\nC"  # a block or <br> is a line break; the closing </p> ends the skip
    assert (after.anchor, after.title, after.text) == ("next", "Next!", "After & <tags>")


def test_text_is_whitespace_collapsed_and_entities_decoded() -> None:
    page = RenderedPage("p/", "P", "<h1>P</h1><p>  one\n\n two&nbsp;&amp;\tthree </p><td>cell</td><td>next</td>")
    (lead,) = split_sections(page)
    assert lead.text == "one two & three\ncell | next"  # a block's end is a line break, the HTML's own a space


def test_a_table_reads_a_row_to_a_line() -> None:
    """ "Security Group · NACL · Operates at the instance level · Operates at the subnet level": every cell a block of
    its own, a result read a comparison table as one list (a blind review). A row is a line, its cells apart."""
    table = (
        "<table><thead><tr><th>Service</th><th>Port</th></tr></thead><tbody>"
        "<tr><td>FTP</td><td>21</td></tr><tr><td>SSH</td><td>22</td></tr></tbody></table><p>Memorise them.</p>"
    )
    (lead,) = split_sections(RenderedPage("p/", "P", f"<h1>Ports</h1>{table}"))
    assert lead.text == "Service | Port\nFTP | 21\nSSH | 22\nMemorise them."
    gaps = "<table><tr><th></th><th>A</th><th>B</th></tr><tr><td>Once</td><td></td><td>Yes</td></tr></table>"
    (lead,) = split_sections(RenderedPage("p/", "P", f"<h1>Gaps</h1>{gaps}"))
    assert lead.text == "| A | B\nOnce | | Yes"  # an empty cell keeps its column (a review)
    stock, plain = runs_both_ways(table)
    assert plain == stock


def test_stray_end_tag_does_not_end_a_skipped_element() -> None:
    page = RenderedPage("p/", "P", '<h1>P</h1><p>Kept.</p><div class="nkb-from">from notebook</span> LEAKED</div>')
    (lead,) = split_sections(page)
    assert lead.text == "Kept."


def runs_both_ways(html: str) -> tuple[list[Any], list[Any] | None]:
    """The splitter's runs read by HTMLParser, and by the plain-HTML reader (None where it declines the page)."""
    stock = documents._Splitter()
    stock.feed(html)
    stock.close()
    plain = documents._Splitter()
    return stock.runs, plain.runs if plain.feed_plain(html) else None


def test_plain_html_is_read_without_htmlparser_and_the_same() -> None:
    html = (
        '<h1 id="p">P<a class="headerlink" href="#p">¶</a></h1><p>A &amp; B<br/>C</p>'
        '<svg viewBox="0 0 1 1"><g class="edges"><path d="M0"/></g><TEXT>label</TEXT></svg>'
        '<h2 id="q" class="x\ty">Q</h2><ul><li>one<li>two</ul></span><input disabled><p>tail'
    )
    stock, plain = runs_both_ways(html)
    assert plain == stock
    assert stock[1][0] == "p" and "".join(stock[2][3]).replace(documents.BREAK, " ").split() == ["one", "two", "tail"]


@pytest.mark.parametrize(
    "construct",
    [
        "<!-- a comment with <p>tags</p> -->",
        "<script>if (a <b) {}</script>",
        "<style>p > a {}</style>",
        "<p class=unquoted>text</p>",
        "<p title='single'>text</p>",
        "a < b",
        "<!DOCTYPE html>",
        "<?php ?>",
    ],
)
def test_anything_but_plain_html_goes_to_htmlparser(construct: str) -> None:
    html = f'<h1 id="p">P</h1><p>before</p>{construct}<h2 id="a">A</h2><p>after</p>'
    assert runs_both_ways(html)[1] is None
    assert [(section.anchor, section.text) for section in split_sections(RenderedPage("p/", "P", html))][-1] == (
        "a",
        "after",
    )


# --- a tiny knowledge base ------------------------------------------------------------------------------------------


def html_page(title: str, lead: str, *sections: tuple[str, str, str]) -> str:
    """A page as MkDocs renders it: h1 with a permalink, lead paragraph, then (id, heading, text) sections."""
    out = f'<h1 id="top">{escape(title)}<a class="headerlink" href="#top">¶</a></h1><p>{escape(lead)}</p>'
    for anchor, heading, text in sections:
        out += f'<h2 id="{anchor}">{escape(heading)}<a class="headerlink" href="#{anchor}">¶</a></h2>'
        out += f'<p>{escape(text)}</p><p class="nkb-from">from: Chapter 9 of some notebook</p>'
    return out


PAGES = (
    RenderedPage(
        "services/asg/",
        "ASG",
        html_page(
            "Amazon EC2 Auto Scaling",
            "Adds and removes instances as load changes.",
            ("cooldown", "Cooldown", "After a scaling activity the group waits before it launches more instances."),
            ("launch-templates", "Launch templates", "A launch template holds the AMI, instance type and key pair."),
        ),
    ),
    RenderedPage(
        "services/vpc/",
        "VPC",
        html_page(
            "Amazon VPC",
            "A private network in a region.",
            ("security-groups", "Security groups", "보안그룹은 인스턴스 수준의 방화벽입니다. They are stateful."),
            ("nacl", "Network ACLs", "Stateless rules for a subnet."),
        ),
    ),
    RenderedPage(
        "services/ec2/",
        "EC2",
        html_page("Amazon EC2", "Virtual servers.", ("instance-types", "Instance types", "Compute optimised.")),
    ),
    RenderedPage(
        "sources/course/chapter-3/",
        "Chapter 3",
        html_page(
            "Chapter 3",
            "Notes from the course.",
            ("scaling-policies", "Scaling policies", "Target tracking keeps a metric at a target value."),
            ("glacier", "Glacier", "Vault lock makes archives immutable."),
        ),
    ),
    RenderedPage("report/", "Build report", html_page("Build report", "Scaling notes merged, Glacier notes kept.")),
)
HINTS = index.SearchHints(
    services={
        "services/asg/": "asg",
        "services/vpc/": "vpc",
        "services/ec2/": "ec2",
        "sources/course/chapter-3/#scaling-policies": "asg",  # a chapter section about a service
    },
    aliases={
        "asg": "Amazon EC2 Auto Scaling ASG 오토 스케일링",
        "vpc": "Amazon Virtual Private Cloud VPC",
        "ec2": "Amazon Elastic Compute Cloud EC2",
    },
    boosts=(("report/", 0.2), ("services/", 1.5)),
)


def compact_index(pages: Iterable[RenderedPage], hints: index.SearchHints) -> dict[str, Any]:
    """The index exactly as shipped: encoded, through JSON and back."""
    ordered, documents = index.collect_documents(pages)
    compact = index.encode(index.count_terms(ordered, documents, hints), ordered, documents)
    loaded: dict[str, Any] = json.loads(index.dumps(compact))
    return loaded


def index_files(pages: Iterable[RenderedPage], hints: index.SearchHints) -> dict[str, Any]:
    """The index files exactly as shipped (`shards.py`): by site path, through JSON and back."""
    ordered, documents = index.collect_documents(pages)
    files = shards.shard(index.count_terms(ordered, documents, hints), ordered, documents)
    return {path: json.loads(index.dumps(content)) for path, content in files.items()}


def open_engine(files: Mapping[str, Any]) -> ranking.Engine:
    return ranking.engine(files.__getitem__)


@pytest.fixture(scope="module")
def tiny() -> dict[str, Any]:
    return compact_index(PAGES, HINTS)


@pytest.fixture(scope="module")
def tiny_files() -> dict[str, Any]:
    return index_files(PAGES, HINTS)


# --- encode / decode against lunr.py's Builder ----------------------------------------------------------------------


def term_lists(compact: Mapping[str, Any]) -> list[dict[str, list[str]]]:
    """Per document and field, its terms (each repeated as often as counted), read back from the postings."""
    fields = [name for name, _ in compact["fields"]]
    lists: list[dict[str, list[str]]] = [{name: [] for name in fields} for _ in compact["docs"]]
    for term, per_field in zip(compact["terms"], compact["postings"], strict=True):
        for name, flat in zip(fields, per_field, strict=True):
            ref = 0
            for delta, count in zip(flat[::2], flat[1::2], strict=True):
                ref += delta
                lists[ref][name] += [term] * count
    return lists


def document_boosts(compact: Mapping[str, Any]) -> list[float]:
    runs = compact["boosts"]
    return [runs[at] for at in range(0, len(runs), 2) for _ in range(int(runs[at + 1]))]


def vectors(serialised: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Field vectors keyed by term (not by term number: lunr.py numbers terms as it meets them, the index sorts)."""
    names = {entry["_index"]: term for term, entry in serialised["invertedIndex"]}
    out = {}
    for field_ref, elements in serialised["fieldVectors"]:
        if elements:  # lunr.py keeps a vector for an empty field too; a query never reaches it
            out[field_ref] = {names[number]: score for number, score in zip(elements[::2], elements[1::2], strict=True)}
    return out


def postings(serialised: Mapping[str, Any]) -> dict[str, dict[str, set[str]]]:
    return {
        term: {field: set(entry[field]) for field in serialised["fields"] if entry[field]}
        for term, entry in serialised["invertedIndex"]
    }


def lunr_builder_index(compact: Mapping[str, Any], lists: Sequence[Mapping[str, list[str]]]) -> dict[str, Any]:
    """What lunr.py builds from the same terms, field boosts, document boosts and BM25 parameters."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, field_boost in compact["fields"]:
        builder.field(name, boost=field_boost)
    builder.k1(compact["k1"])
    builder.b(compact["b"])
    for ref, (fields, doc_boost) in enumerate(zip(lists, document_boosts(compact), strict=True)):
        builder.add({"id": str(ref), **fields}, {"boost": doc_boost})
    serialised: dict[str, Any] = builder.build().serialize()
    return serialised


def assert_decode_matches_lunr(compact: Mapping[str, Any]) -> None:
    """The decoded index is what lunr.py builds from the terms the compact form counts, score by score."""
    ours = index.decode(compact)
    theirs = lunr_builder_index(compact, term_lists(compact))
    assert ours["fields"] == theirs["fields"]
    assert postings(ours) == postings(theirs)
    ours_vectors, theirs_vectors = vectors(ours), vectors(theirs)
    assert ours_vectors.keys() == theirs_vectors.keys()
    wrong = [
        (field_ref, term, ours_vectors[field_ref].get(term), score)
        for field_ref, scores in theirs_vectors.items()
        for term, score in scores.items()
        if abs(ours_vectors[field_ref].get(term, -1.0) - score) > TOLERANCE
    ]
    assert wrong == [], f"{len(wrong)} scores differ, first: {wrong[:5]}"
    assert all(ours_vectors[ref].keys() == theirs_vectors[ref].keys() for ref in theirs_vectors)


def check_against_lunr(pages: Sequence[RenderedPage], hints: index.SearchHints) -> int:
    """The shipped index says what lunr.py would build from the pages; returns the number of documents."""
    ordered, documents = index.collect_documents(pages)
    compact = compact_index(pages, hints)
    lists = term_lists(compact)
    assert len(lists) == len(documents) == len(compact["docs"])

    # Counting: the postings hold exactly the analysed terms of each field, the lengths and boosts agree.
    for document, fields in zip(documents, lists, strict=True):
        section, page = document.section, ordered[document.page]
        service = hints.service_of(page.key or page.url, section.anchor)
        expected = {
            "title": terms(section.title),
            "aliases": terms(hints.aliases.get(service, "")) if service else [],
            "text": terms(section.text),
        }
        assert {name: Counter(found) for name, found in fields.items()} == {
            name: Counter(found) for name, found in expected.items()
        }, section.location
    width = len(index.FIELDS)
    assert compact["lengths"] == [len(fields[name]) for fields in lists for name, _ in index.FIELDS]
    assert len(compact["lengths"]) == width * len(documents)
    assert document_boosts(compact) == [
        hints.boost_of(ordered[d.page].key or ordered[d.page].url, d.section.anchor) for d in documents
    ]

    assert compact["fields"] == [[name, boost] for name, boost in index.FIELDS]
    assert_decode_matches_lunr(compact)
    return len(documents)


def test_decoded_index_equals_lunr_builder(tiny: dict[str, Any]) -> None:
    """lunr loads the decoded index as if it had built it itself: the scores must be the ones lunr would compute."""
    assert check_against_lunr(PAGES, HINTS) == len(tiny["docs"]) == 12
    # The hints really reached the index: aliases only on the service's sections, boosts by URL prefix.
    lists = term_lists(tiny)
    locations = [
        f"{tiny['pages'][page][0]}#{anchor}" if anchor else tiny["pages"][page][0] for page, anchor, *_ in tiny["docs"]
    ]
    with_asg = {location for location, fields in zip(locations, lists, strict=True) if "asg" in fields["aliases"]}
    assert with_asg == {
        "services/asg/",
        "services/asg/#cooldown",
        "services/asg/#launch-templates",
        "sources/course/chapter-3/#scaling-policies",
    }
    assert set(document_boosts(tiny)) == {0.2, 1.0, 1.5}


def test_decode_scores_change_with_boosts() -> None:
    """The comparison above can fail: other boosts give other scores than the same builder run."""
    plain = compact_index(PAGES, index.SearchHints(HINTS.services, HINTS.aliases))
    boosted = compact_index(PAGES, HINTS)
    assert vectors(index.decode(plain)) != vectors(index.decode(boosted))
    assert vectors(index.decode(plain)) != vectors(lunr_builder_index(boosted, term_lists(boosted)))


_VOCABULARY = [
    *["scaling", "groups", "instance", "instances", "gateway", "gateways", "replication", "policies", "running"],
    *["happy", "yield", "cooldown"],
    *["the", "a", "is", "of", "and", "what", "to", "not"],  # stop words
    *["EC2", "S3", "t2.micro", "Multi-AZ", "us-east-1", "2024", "ASG", "VPC"],
    *["보안그룹은", "인스턴스를", "권한", "암호화된", "게이트웨이", "사용한다", "가", "ㄱ", "스냅샷을", "보안", "그룹"],
    *["DB인스턴스를", "élevé", "Über", "&", "<b>", "—", "🙂", "東京", "x"],
]
_text = st.lists(st.sampled_from(_VOCABULARY), max_size=7).map(" ".join)
_section = st.tuples(_text, st.booleans(), _text)
_page = st.tuples(
    st.sampled_from(["services/", "sources/", "report/"]),
    st.booleans(),  # an h1
    _text,
    _text,
    st.lists(_section, max_size=3),
    st.sampled_from([None, "asg", "vpc"]),  # the page's service
    st.sampled_from([None, "asg", "vpc"]),  # the first section's own service
)


PageSpec = tuple[str, bool, str, str, list[tuple[str, bool, str]], "str | None", "str | None"]


def _random_page(number: int, spec: PageSpec) -> RenderedPage:
    prefix, has_h1, title, lead, sections, _, _ = spec
    html = f"<h1>{escape(title)}</h1>" if has_h1 else ""
    html += f"<p>{escape(lead)}</p>"
    for at, (heading, has_id, text) in enumerate(sections):
        html += f'<h2 id="s{at}">' if has_id else "<h2>"
        html += f'{escape(heading)}<a class="headerlink" href="#s{at}">¶</a></h2><p>{escape(text)}</p>'
    return RenderedPage(f"{prefix}p{number}/", title, html)


@settings(profile(), max_examples=max(20, profile().max_examples // 5))  # each example builds two indexes
@given(
    st.lists(_page, min_size=1, max_size=4),
    st.fixed_dictionaries({"asg": _text, "vpc": _text}),
    st.sampled_from([0.2, 1.0, 1.5, 3.0]),
)
def test_decoded_index_equals_lunr_builder_for_any_pages(
    specs: list[Any], aliases: dict[str, str], services_boost: float
) -> None:
    pages = [_random_page(number, spec) for number, spec in enumerate(specs)]
    services: dict[str, str] = {}
    for page, (*_, service, first_section_service) in zip(pages, specs, strict=True):
        if service:
            services[page.url] = service
        if first_section_service:
            services[f"{page.url}#s0"] = first_section_service
    hints = index.SearchHints(services, aliases, (("report/", 0.2), ("services/", services_boost)))
    _, documents = index.collect_documents(pages)
    assume(documents)
    check_against_lunr(pages, hints)


def test_index_of_pages_without_text_can_be_searched() -> None:
    files = index_files([RenderedPage("empty/", "", "<p> </p>")], HINTS)
    assert files[HEAD_PATH]["documents"] == 0 and files[HEAD_PATH]["terms"] == []
    assert ranking.search(open_engine(files), "anything") == []


def test_a_heading_with_no_text_is_a_result_only_over_subsections_and_shows_theirs() -> None:
    """A heading whose text was a lost picture ("ElastiCache – Redis vs Memcached") answered a query on its title
    alone, first, with an empty result; a parent heading ("SSL Offload and Session Stickiness") showed nothing, its
    text being its subsections'. The page's own lead stays a result whatever it holds."""
    html = (
        '<h1 id="elasticache">ElastiCache</h1>'
        '<h2 id="redis-vs-memcached">Redis vs Memcached</h2>'
        '<h2 id="ssl-offload">SSL Offload and Stickiness</h2>'
        '<h3 id="offload">Offload</h3><p>Clients connect over HTTPS.</p>'
    )
    engine = open_engine(index_files([RenderedPage("services/elasticache/", "ElastiCache", html)], HINTS))
    described = ranking.describe(ranking.search(engine, "redis memcached ssl offload elasticache"), engine)
    shown = {r["location"]: r["text"] for r in described}
    assert "services/elasticache/#redis-vs-memcached" not in shown
    assert shown["services/elasticache/#ssl-offload"] == "Clients connect over HTTPS."
    assert shown["services/elasticache/"] == ""  # the lead, kept: no text, and none in the heading after it


# --- the index in files against lunr itself -------------------------------------------------------------------------

QUERIES = [
    *["ASG", "asg cooldown", "scalling ", "scalin", "scaling", "instance scaling", "launch template", "vault lock"],
    *[
        "보안 그룹",
        "보안그룹을",
        "그룹",
        "오토 스케일링",
        "S3 버킷",
        "what is the cooldown",
        "glac",
        "zzzz",
        "EC2 insta",
    ],
]


def assert_same_ranking(files: Mapping[str, Any], compact: Mapping[str, Any], queries: Iterable[str]) -> None:
    """The ranking over the files equals lunr's over the whole index: same documents, order, scores, words."""
    ours, lunrs = open_engine(files), reference.engine(compact)
    for text in queries:
        got, expected = ranking.search(ours, text), reference.search(lunrs, text)
        assert [hit.ref for hit in got] == [hit.ref for hit in expected], text
        assert [hit.matched for hit in got] == [hit.matched for hit in expected], text
        assert [hit.score for hit in got] == pytest.approx([hit.score for hit in expected], rel=1e-9), text


def test_ranking_over_files_equals_lunr(tiny: dict[str, Any], tiny_files: dict[str, Any]) -> None:
    assert_same_ranking(tiny_files, tiny, QUERIES)


def test_postings_cut_into_many_files_rank_the_same(
    tiny_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "POSTINGS_BUDGET", 3)
    monkeypatch.setattr(shards, "DOCS_PER_FILE", 2)
    cut = index_files(PAGES, HINTS)
    assert len(cut[HEAD_PATH]["postingFiles"]) > 10
    assert len([path for path in cut if "/d/" in path]) == -(-cut[HEAD_PATH]["documents"] // 2)
    for text in QUERIES:
        fine, coarse = open_engine(cut), open_engine(tiny_files)
        assert ranking.describe(ranking.search(fine, text), fine) == ranking.describe(
            ranking.search(coarse, text), coarse
        )


def test_a_query_fetches_only_the_files_of_its_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "POSTINGS_BUDGET", 3)
    files = index_files(PAGES, HINTS)
    fetched: list[str] = []

    def fetch(path: str) -> Any:
        fetched.append(path)
        return files[path]

    engine = ranking.engine(fetch)
    assert fetched == [HEAD_PATH]
    hits = ranking.search(engine, "vault ")  # a finished word: no completion
    assert hits
    number = engine.numbers["vault"]
    expected = {shards.postings_path(n) for n in range(len(files[HEAD_PATH]["postingFiles"]))}
    assert set(fetched[1:]) <= expected and 1 <= len(fetched) - 1 < len(expected) / 3
    assert engine.postings(number)  # in one of the files fetched
    ranking.describe(hits, engine)
    assert {path for path in fetched if "/d/" in path} == {
        shards.docs_path(h.ref // shards.DOCS_PER_FILE) for h in hits
    }


@settings(profile(), max_examples=max(20, profile().max_examples // 5))
@given(st.lists(_page, min_size=1, max_size=4), st.lists(_text, min_size=1, max_size=4))
def test_ranking_over_files_equals_lunr_for_any_pages_and_queries(specs: list[Any], queries: list[str]) -> None:
    pages = [_random_page(number, spec) for number, spec in enumerate(specs)]
    _, documents = index.collect_documents(pages)
    assume(documents)
    assert_same_ranking(index_files(pages, HINTS), compact_index(pages, HINTS), [*queries, *(q[:-1] for q in queries)])


# --- parse ----------------------------------------------------------------------------------------------------------


def test_parse_drops_stop_words_and_keeps_each_words_terms() -> None:
    words = ranking.parse("What is the Auto Scaling group")
    assert [(w.text, w.terms) for w in words] == [("auto", ("auto",)), ("scaling", ("scale",)), ("group", ("group",))]
    assert ranking.parse("the a of") == []
    assert ranking.parse("") == []


def test_parse_drops_the_words_a_question_is_asked_with() -> None:
    """ "how many read replicas" listed a section on audit logs first, for "many" (a blind review); "vs" stays: it
    finds the comparison sections ("NAT Gateway vs NAT Instance"), and dropping it cost the benchmark 3 queries."""
    assert [w.text for w in ranking.parse("how many read replicas")] == ["read", "replicas"]
    assert [w.text for w in ranking.parse("How much storage")] == ["storage"]
    assert [w.text for w in ranking.parse("nat gateway vs nat instance")] == ["nat", "gateway", "vs", "nat", "instance"]


def test_a_word_cut_short_looks_for_the_word_in_full_and_back() -> None:
    """The notes write "max" 56 times and "maximum" 43: a query with either finds both."""
    pages = (
        RenderedPage("a/", "A", html_page("SQS", "Messages.", ("size", "Size", "The maximum message size is 256 KB."))),
        RenderedPage("b/", "B", html_page("Lambda", "Functions.", ("timeout", "Timeout", "Max timeout: 15 minutes."))),
    )
    engine = open_engine(index_files(pages, index.SearchHints(services={}, aliases={})))
    assert engine.acronyms["max"] == ["maximum"] and engine.acronyms["maximum"] == ["max"]
    assert {r["location"] for r in ranking.describe(ranking.results(engine, "max "), engine)} == {
        "a/#size",
        "b/#timeout",
    }
    assert {r["location"] for r in ranking.describe(ranking.results(engine, "maximum "), engine)} == {
        "a/#size",
        "b/#timeout",
    }


def test_parse_only_the_last_word_is_a_prefix_while_typing() -> None:
    assert [w.prefix for w in ranking.parse("auto scal")] == [False, True]
    assert [w.prefix for w in ranking.parse("auto scal ")] == [False, False]  # a space: the word is finished
    assert [w.prefix for w in ranking.parse("auto scal\t")] == [False, False]
    assert [w.prefix for w in ranking.parse("auto s")] == [False, False]  # too short to complete


def test_a_word_with_a_digit_tolerates_no_typo() -> None:
    """One edit of "400kb" is "40kb" or "400mb", another quantity (a review of the joined quantities)."""
    words = ranking.parse("400 kb route53 scaling ")
    assert [(w.text, w.edits) for w in words] == [("400", 0), ("400 kb", 0), ("kb", 0), ("route53", 0), ("scaling", 1)]


def test_parse_hangul_words_are_bigrams_and_never_prefixes() -> None:
    words = ranking.parse("보안 그룹")
    assert [(w.text, w.terms, w.hangul, w.prefix) for w in words] == [
        ("보안", ("보안",), True, False),
        ("그룹", ("그룹",), True, False),
    ]
    (glued,) = ranking.parse("보안그룹은")
    assert glued.terms == ("보안", "안그", "그룹") and glued.hangul and not glued.prefix
    mixed = ranking.parse("S3 버킷")
    assert [(w.text, w.hangul, w.prefix) for w in mixed] == [("s3", False, False), ("버킷", True, False)]


def test_a_korean_word_looks_for_the_english_of_the_words_it_is_glued_from() -> None:
    """Most of the notes are English: "버전관리를" (its particle stripped) also looks for "versioning", and a compound
    for each dictionary word in it, the longest at each place; a one-letter word only as a whole word."""
    english = {"버전관리": ["version"], "버전": ["v"], "보안": ["secur"], "그룹": ["group"], "키": ["key"]}
    (versioning,) = ranking.parse("버전관리를", english)
    assert versioning.expansion == ("version",)  # the longest entry, not 버전 + 관리
    (compound,) = ranking.parse("보안그룹은", english)
    assert compound.expansion == ("secur", "group")
    assert ranking.parse("키", english)[0].expansion == ("key",)
    assert ranking.parse("스키마", english)[0].expansion == ()  # 키 inside another word is not 키
    assert ranking.parse("NACL", {"nacl": ["network", "access"], **english})[0].expansion == ("network", "access")


def test_korean_words_written_apart_that_the_dictionary_holds_as_one_look_for_its_english() -> None:
    """Korean spaces compound nouns as the writer likes: "수명 주기" (lifecycle) looked for 수명 and 주기 apart, and the
    dictionary's 수명주기 never matched. Each word of such a run looks for the compound's English and keeps its own
    bigrams; a word the dictionary joins with nothing keeps what it had."""
    english = {"수명주기": ["lifecycl"], "장애조치": ["failov"], "가용영역": ["avail", "zone"], "보안": ["secur"]}
    words = ranking.parse("수명 주기를", english)
    assert [(w.text, w.terms, w.expansion) for w in words] == [
        ("수명", ("수명",), ("lifecycl",)),
        ("주기를", ("주기",), ("lifecycl",)),  # its particle stripped
    ]
    assert [w.expansion for w in ranking.parse("RDS 장애 조치 시간", english)] == [(), ("failov",), ("failov",), ()]
    assert [w.expansion for w in ranking.parse("가용 영역 보안", english)][1:] == [("avail", "zone"), ("secur",)]
    assert [w.expansion for w in ranking.parse("수명 S3 주기", english)] == [(), (), ()]  # not side by side
    assert [w.expansion for w in ranking.parse("보안 그룹", english)] == [("secur",), ()]  # 보안그룹 is no entry here


def test_a_korean_query_finds_the_english_section_that_answers_it() -> None:
    """A blind review of search: "람다 동시성 제한" (Lambda concurrency limit) found only quiz blocks, the notes
    answering it in English. The shipped dictionary (korean.yml) gives the English words."""
    limits = RenderedPage(
        "services/lambda/",
        "Lambda",
        html_page(
            "AWS Lambda",
            "Functions run on demand.",
            ("limits", "Limits to know", "Concurrency executions: 1000, can be increased."),
            ("layers", "Layers", "Share code between functions."),
        ),
    )
    quiz = RenderedPage("practice/", "Practice", html_page("Practice", "문제: 제한된 권한으로 무엇을 할 수 있나요?"))
    engine = open_engine(index_files([limits, quiz], HINTS))
    assert locations(ranking.results(engine, "람다 동시성 제한"), engine)[0] == "services/lambda/#limits"
    assert "동시성" in index.korean_words() and "람다" in index.korean_words()


def test_an_everyday_word_also_finds_the_word_the_notes_use() -> None:
    """Blind exam-eve questions in a student's own words: "largest row dynamodb can store" is answered by "Items can
    be at most 400KB", and the notes never say "row" of DynamoDB. The shipped dictionary (english.yml) gives "row" →
    item, "disk" → volume, "servers" → instance: such a word also looks for the notes' word, as an acronym does."""
    tables = RenderedPage(
        "services/dynamodb/",
        "DynamoDB",
        html_page(
            "Amazon DynamoDB",
            "A NoSQL database.",
            ("streams", "DynamoDB Streams", "DynamoDB Streams capture every change made to a table."),
            ("tables", "DynamoDB Tables", "Items can be at most 400KB in size."),
        ),
    )
    engine = open_engine(index_files([tables], HINTS))
    assert locations(ranking.results(engine, "largest row in dynamodb"), engine)[0] == "services/dynamodb/#tables"
    words = {word.text: word.expansion for word in ranking.parse("largest rows on one disk", engine.acronyms)}
    assert words == {"largest": (), "rows": ("item",), "one": (), "disk": ()}  # only words this index holds
    assert {"row": "item", "disk": "volume", "servers": "instance"}.items() <= index.english_words().items()


def test_a_korean_word_the_notes_never_use_is_looked_for_as_its_english() -> None:
    """A blind review: "스팟 인스턴스 할인율" (spot instance discount rate) listed quiz blocks holding "인스턴스" and
    no section on Spot Instances. 스팟 and 할인율 are in no note: their English counted as an expansion only, and
    their weight in how much of the query a section covers was nil."""
    spot = RenderedPage(
        "services/ec2/",
        "EC2",
        html_page(
            "Amazon EC2",
            "Virtual servers.",
            ("spot", "Spot Instances", "Spot instances: up to 90% discount compared to On-Demand instances."),
            ("types", "Instance types", "Compute, memory and storage optimised instances."),
        ),
    )
    quiz = RenderedPage(
        "practice/",
        "Practice",
        html_page("Practice", "문제: 인스턴스 두 대와 인스턴스 스토어, 어떤 인스턴스 유형을 고를까요?"),
    )
    engine = open_engine(index_files([spot, quiz], HINTS))
    assert locations(ranking.results(engine, "스팟 인스턴스 할인율"), engine)[0] == "services/ec2/#spot"
    words = ranking.parse("스팟 인스턴스 할인율", engine.acronyms)
    english = [ranking.in_english(engine, word) for word in words]
    assert [word.terms for word in english] == [("spot",), words[1].terms, ("discount",)]  # 인스턴스 is in the quiz
    assert english[1].expansion == ("instanc",) and not english[0].expansion


def test_typos_are_tolerated_only_in_longer_words() -> None:
    edits = {w.text: w.edits for w in ranking.parse("ec2 bucket cloudfront 보안그룹 ")}
    assert edits["ec2"] == 0  # short: one edit already makes another word
    assert edits["bucket"] >= 1
    assert edits["cloudfront"] >= edits["bucket"]
    assert edits["보안그룹"] == 0  # a bigram with a typo is another word


# --- search on the tiny index ---------------------------------------------------------------------------------------


def locations(hits: Sequence[ranking.Hit], engine: ranking.Engine) -> list[str]:
    return [result["location"] for result in ranking.describe(hits, engine)]


def run(files: Mapping[str, Any], text: str) -> list[str]:
    engine = open_engine(files)
    return locations(ranking.search(engine, text), engine)


def test_acronym_in_the_aliases_reaches_every_section_of_the_service(tiny_files: dict[str, Any]) -> None:
    """Notes rarely spell a service's acronym in every section; the aliases field makes each section answer it."""
    assert not any("ASG" in page.html for page in PAGES)  # only the aliases say "ASG"
    found = run(tiny_files, "ASG")
    assert set(found) == {
        "services/asg/",
        "services/asg/#cooldown",
        "services/asg/#launch-templates",
        "sources/course/chapter-3/#scaling-policies",  # a chapter section the hints assign to the service
    }
    assert found[0].startswith("services/asg/")  # the service page is boosted above the chapter
    assert run(tiny_files, "오토 스케일링")[0].startswith("services/asg/")  # the Korean alias as well


def test_typo_finds_the_word(tiny_files: dict[str, Any]) -> None:
    terms = tiny_files[HEAD_PATH]["terms"]
    assert "scalling" not in terms and "scall" not in terms
    found = run(tiny_files, "scalling ")
    assert "services/asg/#cooldown" in found  # "After a scaling activity ..."
    assert "sources/course/chapter-3/#scaling-policies" in found
    assert "services/vpc/#nacl" not in found


def test_korean_word_finds_the_compound_with_a_particle(tiny_files: dict[str, Any]) -> None:
    for text in ("보안 그룹", "보안그룹", "보안그룹을", "그룹"):
        found = run(tiny_files, text)
        assert found and found[0] == "services/vpc/#security-groups", (text, found)
        # no other section has these bigrams; the cooldown's "group" is 그룹's English (korean.yml), ranked below
        assert set(found) <= {"services/vpc/#security-groups", "services/asg/#cooldown"}, text


def test_every_word_of_the_query_counts(tiny_files: dict[str, Any]) -> None:
    """A section with both words ranks above sections with only one of them."""
    found = run(tiny_files, "launch template")
    assert found[0] == "services/asg/#launch-templates"
    found = run(tiny_files, "vault lock")
    assert found[0] == "sources/course/chapter-3/#glacier"


def test_the_word_being_typed_completes(tiny_files: dict[str, Any]) -> None:
    assert "sources/course/chapter-3/#glacier" in run(tiny_files, "glac")
    assert run(tiny_files, "glac ") == []  # finished word: "glac" is no term and too short for a typo


def test_every_prefix_of_a_word_finds_it_while_typing(tiny_files: dict[str, Any]) -> None:
    word = "scaling"
    missing = [
        word[:end] for end in range(3, len(word) + 1) if "services/asg/#cooldown" not in run(tiny_files, word[:end])
    ]
    assert missing == []


def test_a_completion_backs_off_to_three_letters_at_fewest(tiny_files: dict[str, Any]) -> None:
    """A blind review of search: "x-ray", which the notes never name, completed "ray" as "ra" and listed sections for
    RAM, range and rate. Typing goes on past a term's stem ("scalin" finds "scale") down to three letters, no further;
    two letters typed complete as typed."""
    engine = open_engine(tiny_files)
    assert ranking.stub_of(engine, "scalin") == "scal" and ranking.stub_of(engine, "glacie") == "glacie"
    assert [ranking.stub_of(engine, typed) for typed in ("vau", "vaz", "vazz")] == ["vau", "vaz", "vazz"]  # not "va"
    assert ranking.stub_of(engine, "va") == "va"


def test_results_are_deterministic_and_ties_go_to_the_lower_ref() -> None:
    """The browser and the command line must order equal scores alike: by document number, itself by page URL."""
    twin = html_page("Glacier vault", "Vault lock makes archives immutable.")
    engine = open_engine(index_files([RenderedPage("twin-b/", "B", twin), RenderedPage("twin-a/", "A", twin)], HINTS))
    hits = ranking.search(engine, "vault lock")
    assert len(hits) == 2 and hits[0].score == hits[1].score
    assert [hit.ref for hit in hits] == [0, 1]
    assert locations(hits, engine) == ["twin-a/", "twin-b/"]  # pages numbered by URL, not by input order


def test_same_query_same_ranking(tiny_files: dict[str, Any]) -> None:
    first = ranking.search(open_engine(tiny_files), "instance scaling")
    again = ranking.search(open_engine(index_files(PAGES, HINTS)), "instance scaling")
    assert first == again and len(first) >= 3
    assert [hit.score for hit in first] == sorted((hit.score for hit in first), reverse=True)
    assert ranking.search(open_engine(tiny_files), "instance scaling", limit=2) == first[:2]


def test_describe_shows_page_title_heading_and_snippet(tiny_files: dict[str, Any]) -> None:
    engine = open_engine(tiny_files)
    (lead, *_) = ranking.describe(ranking.search(engine, "virtual servers"), engine)
    assert lead["location"] == "services/ec2/"
    assert lead["page"] == lead["title"] == "Amazon EC2"  # the h1, not the navigation title "EC2"
    cooldown = next(r for r in ranking.describe(ranking.search(engine, "cooldown"), engine))
    assert cooldown["location"] == "services/asg/#cooldown"
    assert (cooldown["page"], cooldown["title"]) == ("Amazon EC2 Auto Scaling", "Cooldown")
    assert cooldown["text"].startswith("After a scaling activity")
    assert "notebook" not in cooldown["text"]  # provenance is not shown either


# --- typos --------------------------------------------------------------------------------------------------------


def test_a_typo_that_changes_the_stem_is_undone_as_typed(tiny_files: dict[str, Any]) -> None:
    """ "secruity" stems to "secruiti", two edits and a cut from "secur": no fuzzy form finds it, the word one typo
    away ("security") does."""
    engine = open_engine(tiny_files)
    assert "secur" in engine.numbers and "secruiti" not in engine.numbers
    assert not engine.fuzzy("secruiti", 1)
    assert run(tiny_files, "secruity ") == run(tiny_files, "security ") != []
    (word,) = ranking.parse("secruity ")
    assert ranking.corrections(engine, word) == ("secur",)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("scalling ", "the fuzzy form finds it (scale): no correction needed"),
        ("securit", "a term starts with it, and it is the word being typed"),
        ("bought ", "shorter than CORRECTION_MIN: more often a word the notes lack than a typo"),
        ("instances ", "the index has it"),
        ("secruity2 ", "not a Latin word"),
    ],
)
def test_no_correction_where_the_index_has_the_word_in_some_form(
    tiny_files: dict[str, Any], text: str, why: str
) -> None:
    engine = open_engine(tiny_files)
    (word,) = ranking.parse(text)
    word = replace(word, stub=ranking.stub_of(engine, word.text)) if word.prefix else word
    assert ranking.corrections(engine, word) == (), why
    assert ranking.corrections(engine, replace(word, prefix=False)) != () or text != "securit", "finished: a typo"


TIMEOUT_PAGES = (
    RenderedPage(
        "services/lambda/",
        "Lambda",
        html_page(
            "AWS Lambda",
            "Runs code without servers.",
            ("limits", "Limits", "A Lambda function times out after 15 minutes: its timeout is 900 seconds."),
        ),
    ),
    RenderedPage(
        "services/sqs/",
        "SQS",
        html_page(
            "Amazon SQS",
            "Queues.",
            ("visibility", "Visibility timeout", "A message is hidden for 30 seconds by default."),
        ),
    ),
    *PAGES,  # sections that name neither: "lambda" is rare enough to weigh
)


def test_a_misspelt_word_weighs_as_the_word_would() -> None:
    """ "lamda timeout" listed SQS's visibility timeout above every Lambda section (a blind review of search): the
    misspelt word's fuzzy form weighed a tenth of an exact word, so "timeout" alone decided. A finished word the index
    has in no form now counts its typo forms fully; a word the index has keeps them at a tenth."""
    files = index_files(TIMEOUT_PAGES, index.SearchHints(services={}, aliases={}))
    assert run(files, "lamda timeout ")[0] == run(files, "lambda timeout ")[0] == "services/lambda/#limits"
    engine = open_engine(files)
    lamda, timeout = ranking.parse("lamda timeout ")
    assert ranking.misspelt(engine, lamda) and not ranking.misspelt(engine, timeout)
    assert not ranking.misspelt(engine, ranking.parse("lamda")[0])  # being typed: completed, not corrected
    assert not ranking.misspelt(engine, replace(lamda, expansion=("lambda",)))  # something else stands for it
    fuzzy = [c for c in ranking.clauses([replace(lamda, misspelt=True)]) if c.edits]
    assert [c.boost for c in fuzzy] == [ranking.EXACT_BOOST]
    assert [c.boost for c in ranking.clauses([lamda]) if c.edits] == [ranking.FUZZY_BOOST]


def test_a_misspelt_word_looks_one_typo_away_first() -> None:
    """ "cloudfromt " is one letter from "cloudfront" and two from "cloudform" (CloudFormation's stem): with the typo
    forms weighing as the word would, CloudFormation came first. A misspelt word with forms one typo away looks no
    further."""
    pages = (
        RenderedPage(
            "services/cloudfront/", "CF", html_page("Amazon CloudFront", "A CDN.", ("edge", "Edges", "Edge."))
        ),
        RenderedPage(
            "services/cloudformation/",
            "CFN",
            html_page(
                "AWS CloudFormation", "Templates.", ("stacks", "CloudFormation stacks", "CloudFormation stacks.")
            ),
        ),
        *PAGES,
    )
    files = index_files(pages, index.SearchHints(services={}, aliases={}))
    engine = open_engine(files)
    (word,) = ranking.parse("cloudfromt ")
    word = replace(word, misspelt=ranking.misspelt(engine, word))
    assert word.edits == 2 and ranking.nearest_typos(engine, word).edits == 1
    found = run(files, "cloudfromt ")
    assert found[0].startswith("services/cloudfront/") and not any("cloudformation" in place for place in found)


def test_two_words_the_notes_write_as_one_name_also_look_for_it() -> None:
    """ "cloud watch logs" listed CloudWatch's Namespace, then VPC route tables matched on "cloud" and "logs" (a blind
    review of search): the notes write "CloudWatch", one term. Two Latin words the index holds joined also look for
    the joined term; each stays a word, so a section writing them apart still matches."""
    pages = (
        RenderedPage(
            "services/cloudwatch/",
            "CloudWatch",
            html_page("Amazon CloudWatch", "Metrics.", ("logs", "Logs", "CloudWatch Logs keep logs for months.")),
        ),
        RenderedPage(
            "services/vpc/",
            "VPC",
            html_page("Amazon VPC", "Networks.", ("flow", "Flow logs", "Flow logs record traffic to the cloud.")),
        ),
        *PAGES,
    )
    files = index_files(pages, index.SearchHints(services={}, aliases={}))
    assert run(files, "cloud watch logs ")[0] == run(files, "cloudwatch logs ")[0] == "services/cloudwatch/#logs"
    engine = open_engine(files)
    cloud, watch, logs = ranking.joined_names(engine, ranking.parse("cloud watch logs "))
    assert cloud.expansion == watch.expansion == ("cloudwatch",) and logs.expansion == ()
    assert "services/vpc/#flow" in run(files, "cloud watch logs ")  # the words still match apart ("cloud", "logs")
    assert ranking.joined_names(engine, ranking.parse("flow logs ")) == ranking.parse("flow logs ")  # no "flowlog"


def test_a_joined_name_weighs_as_a_word_typed() -> None:
    """ "cloud front" listed "Front-End Web & Mobile" first and CloudFront's page below the top 5 (a blind review):
    the joined term weighed an acronym's expansion, less than "front" in a heading. It now weighs one word, half from
    each of the two typed apart."""
    pages = (
        RenderedPage(
            "services/cloudfront/",
            "CloudFront",
            html_page("Amazon CloudFront", "A CDN.", ("edge", "Edge locations", "CloudFront caches at the edge.")),
        ),
        RenderedPage("services/amplify/", "Amplify", html_page("Front-End Web & Mobile", "Amplify builds front ends.")),
        RenderedPage("services/general/", "General", html_page("Cloud computing", "Renting computers in a cloud.")),
        *(  # the notes name CloudFront often, "front" seldom: it weighs less
            RenderedPage(f"services/s{n}/", "S", html_page(f"Origin {n}", f"Origin {n} serves CloudFront."))
            for n in range(6)
        ),
        *PAGES,
    )
    files = index_files(pages, index.SearchHints(services={}, aliases={}))
    assert run(files, "cloud front ")[0].startswith("services/cloudfront/")
    engine = open_engine(files)
    cloud, front = ranking.prepared(engine, ranking.parse("cloud front "))
    assert cloud.joined and front.joined
    joined = [c.boost for c in ranking.clauses([cloud, front]) if c.term == "cloudfront"]
    assert sum(joined) == ranking.EXACT_BOOST  # one word's worth, not two: "auto scaling" is often a phrase
    (asg,) = ranking.parse("asg", {"asg": ["auto", "scale", "group"]})
    assert {c.boost for c in ranking.clauses([asg]) if c.term != "asg"} == {ranking.EXPANSION_BOOST}


# --- the window of text a result shows -----------------------------------------------------------------------------

QUEUE_FILLER = "Queues hold messages for consumers. " * 12
QUEUE_FACT = "The visibility timeout is 30 seconds by default."


def test_window_moves_to_the_place_holding_the_most_matched_words() -> None:
    text = "A timeout can be set. " + QUEUE_FILLER + QUEUE_FACT + " " + QUEUE_FILLER
    shown = ranking.window(text, frozenset(terms("visibility timeout default")))
    assert QUEUE_FACT in shown  # three words there, one at the start
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) <= ranking.SHOWN_CHARS + len("… ") + len(" …") + len("consumers.")


def test_window_weighs_the_words_it_holds_by_their_rarity() -> None:
    """ "dynamodb item size limit" showed "There is no limit to the number of items", not "Items can be at most 400KB
    in size" (a blind review): two matched words each, the earliest won. "size" is the rarer word asked for."""
    text = "There is no limit to the number of items. " + QUEUE_FILLER + "Items can be at most 400KB in size."
    found = frozenset(terms("item size limit"))
    assert ranking.window(text, found).startswith("There is no limit")  # equals: the earliest
    weights = {"size": ("w2", 2.0), "item": ("w1", 1.0), "limit": ("w3", 1.0)}
    assert ranking.window(text, found, weights=weights).endswith("Items can be at most 400KB in size.")


def test_window_counts_a_word_once_however_many_of_its_forms_it_holds() -> None:
    text = "Scaling scales the fleet. " + QUEUE_FILLER + "The cooldown waits."
    weights = {"scale": ("w0", 1.0), "scales": ("w0", 1.0), "cooldown": ("w1", 1.5)}
    found = frozenset({"scale", "scales", "cooldown"})
    assert ranking.window(text, found, weights=weights).endswith("The cooldown waits.")  # 1.5 beats 1.0, not 2.0


def test_window_near_the_end_shows_its_full_length_but_never_loses_its_match() -> None:
    """Weighed, the window holding "Reader Endpoint" at the end of a snippet had shown "… Reader Endpoint - allows
    …"; a review then found a long token (a URL) that moved such a window off its match."""
    text = QUEUE_FILLER + "Reader Endpoint - allows reads."
    shown = ranking.window(text, frozenset({"reader"}), weights={"reader": ("w0", 1.0)})
    assert shown.endswith("Reader Endpoint - allows reads.") and len(shown) > ranking.SHOWN_CHARS
    text = (
        "Amazon SQS queues keep messages. Docs: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloper"
        "Guide/sqs-configure-queue-parameters.html#message-retention-period-and-visibility-timeout-settings The "
        "default is four days, and you can change the retention period to anything from one minute to 14 days."
    )
    found = ranking.marks(text, frozenset({"retent"}), ())
    late = max(found)  # the sentence's "retention", after the URL's
    start, end = ranking.window_span(text, [late], ranking.SHOWN_CHARS, {"retent": ("w0", 1.0)})
    assert start <= late[0] and late[1] <= end


def test_window_weights_count_a_word_once_and_an_expansion_by_its_own_rarity() -> None:
    """A review: "dlq", which the notes never write, weighed nothing, so the window for "sqs dlq" left out "dead
    letter queue"; and a word counted again for each of its forms a window held."""
    pages = (
        RenderedPage(
            "services/sqs/",
            "SQS",
            html_page("Amazon SQS", "Queues.", ("dlq", "Failures", "Failed messages go to a dead letter queue.")),
        ),
        *PAGES,
    )
    engine = open_engine(index_files(pages, index.SearchHints(services={}, aliases={})))
    (dlq,) = ranking.prepared(engine, ranking.parse("dlq", {"dlq": ["dead", "letter", "queue"]}))
    weights = ranking.term_weights(engine, [dlq])
    assert weights["dlq"][1] == 0.0  # the notes lack the acronym
    assert all(weights[term] == (f"x:{term}", ranking._weight(engine, [{term}])) for term in ("dead", "letter"))
    assert weights["dead"][1] > 0
    (scaling,) = ranking.prepared(engine, ranking.parse("scal"))  # being typed: its completions are its forms
    forms = ranking.term_weights(engine, [scaling])
    assert len(forms) > 1 and len({key for key, _ in forms.values()}) == 1  # one word, counted once


def test_window_stays_at_the_start_when_no_place_holds_more() -> None:
    text = "A timeout can be set. " + QUEUE_FILLER + "Another timeout. " + QUEUE_FILLER
    shown = ranking.window(text, frozenset(terms("timeout")))
    assert shown.startswith("A timeout can be set.") and shown.endswith(" …")
    assert ranking.window("Short text.", frozenset(terms("timeout"))) == "Short text."
    assert ranking.window(text, frozenset()).startswith("A timeout")  # nothing matched: the start


def test_window_counts_words_typed_as_prefixes() -> None:
    text = QUEUE_FILLER + "Visibility is what a consumer sees."
    assert ranking.window(text, frozenset(), ["visib"]).endswith("Visibility is what a consumer sees.")


VISIBILITY_ITEMS = (
    "After a message is polled by a consumer, it becomes invisible to other consumers",
    "By default, the message visibility timeout is 30 seconds",
    "That means the message has 30 seconds to be processed",
    "After the message visibility timeout is over, the message is visible in SQS",
    "If a message is not processed within the visibility timeout, it will be processed twice",
)


def test_window_starts_where_the_list_item_or_sentence_of_its_first_match_does() -> None:
    """A window had started 40 characters before its match, mid-item: "… seconds to be processed After the message
    visibility timeout is over", the 30 of "30 seconds" cut off (a blind review of search)."""
    text = "\n".join(VISIBILITY_ITEMS)
    shown = ranking.window(text, frozenset(terms("visibility timeout sqs")))
    assert shown.startswith("… After the message visibility timeout is over")
    flat = " ".join(VISIBILITY_ITEMS).replace("30 seconds to", "30 seconds. So, to")  # a sentence, no list
    assert ranking.window(flat, frozenset(terms("visibility timeout sqs"))).startswith("… So, to be processed")
    abbreviated = " ".join(VISIBILITY_ITEMS).replace("30 seconds to", "30 seconds, e.g. to")  # no sentence's end
    assert ranking.window(abbreviated, frozenset(terms("visibility timeout sqs"))).startswith("… e.g. to be")
    unbroken = " ".join(VISIBILITY_ITEMS)  # nowhere to start but a word
    assert ranking.window(unbroken, frozenset(terms("visibility timeout sqs"))).startswith("… seconds to be")


def test_window_moved_to_a_sentence_start_holds_every_match_it_held() -> None:
    text = "\n".join(VISIBILITY_ITEMS)
    for query in ("visibility timeout sqs", "processed twice", "default consumers", "polled"):
        found = ranking.marks(text, frozenset(terms(query)), ())
        start, end = ranking.window_span(text, found, ranking.SHOWN_CHARS)
        first, last = ranking.window_span(text.replace("\n", " "), found, ranking.SHOWN_CHARS)  # no place to move to
        assert start >= first and end >= last  # moved on, never back
        held_before = {mark for mark in found if first <= mark[0] and mark[1] <= last}
        assert held_before <= {mark for mark in found if start <= mark[0] and mark[1] <= end}


@settings(profile())
@given(st.text(alphabet=st.sampled_from("ab c.\n가"), max_size=2 * index.TEXT_CHARS))
def test_a_snippet_and_its_rest_are_the_text_as_far_as_it_is_kept(text: str) -> None:
    document = index.SearchDocument(0, 0, Section("p/", "a", "A", text, 2))
    snippet, rest = index.snippet(text), index.document_rest(document)
    if rest is None:
        assert snippet == text and len(text) <= index.SNIPPET_CHARS
        return
    kept = snippet.removesuffix(index.ELLIPSIS) + rest
    if len(text) <= index.TEXT_CHARS:
        assert kept == text
    else:
        assert kept.endswith(index.ELLIPSIS) and text.startswith(kept.removesuffix(index.ELLIPSIS))
        assert len(kept) <= index.TEXT_CHARS + len(index.ELLIPSIS)


def test_a_result_fetches_the_rest_of_its_text_only_when_it_matched_past_its_snippet() -> None:
    deep = html_page("Amazon SQS", "Queues.", ("polling", "Polling", QUEUE_FILLER + QUEUE_FACT))
    files = index_files([RenderedPage("services/sqs/", "SQS", deep), *PAGES], HINTS)
    assert any("/t/" in path for path in files)
    fetched: list[str] = []

    def fetch(path: str) -> Any:
        fetched.append(path)
        return files[path]

    engine = ranking.engine(fetch)
    early = ranking.results(engine, "queues hold")
    assert ranking.describe(early, engine)[0]["location"] == "services/sqs/#polling"
    assert not [path for path in fetched if "/t/" in path]  # its words are in the snippet
    hits = ranking.results(engine, "visibility default")
    described = zip(hits, ranking.describe(hits, engine), strict=True)
    ((hit, polling),) = [(h, r) for h, r in described if "polling" in r["location"]]
    assert QUEUE_FACT in polling["text"] and polling["text"].startswith("… ")
    assert [path for path in fetched if "/t/" in path] == [shards.texts_path(hit.ref // shards.TEXTS_PER_FILE)]


# --- a section shown twice -----------------------------------------------------------------------------------------

VAULT = "Vault lock makes archives immutable: a locked vault policy can never change."
GWLB = "Gateway load balancer runs third party appliances and inspects packets."
GWLB_TOLD = f"{GWLB} GENEVE."  # the service page hides the last line as another passage's duplicate
SPOT = "Spot instances run on spare capacity at a discount."
SPOT_SHOWN = f"{SPOT} The capacity goes back to AWS after a two minute warning."
SPOT_TOLD = f"{SPOT} Two minute warning, then the capacity goes back."  # hidden there: the line above tells it
ADVICE = "Advice: bake a ready AMI to shorten the cooldown."
COOLDOWN = f"After scaling, the cooldown lasts 300 seconds by default. Nothing launches meanwhile. {ADVICE}"
"""A source section whose first two lines the service page hides in another source's: it shows only the third."""
COPY_PAGES = (
    RenderedPage(
        "services/s3/",
        "S3",
        html_page(
            "Amazon S3",
            "Object storage.",
            ("vault-lock", "Vault lock", f"Another course: archives sit in vaults. {VAULT}"),
            ("object-lock", "Object lock", "Object lock blocks deletes for a retention period."),
        ),
    ),
    RenderedPage(
        "sources/course/ch-1/",
        "Chapter 1",
        html_page(
            "Chapter 1",
            "Course notes.",
            ("glacier", "Glacier vault lock", VAULT),
            ("object-lock", "Object lock", "Object lock blocks deletes; in governance mode admins may lift it."),
        ),
    ),
    RenderedPage("sources/other/ch-2/", "Chapter 2", html_page("Chapter 2", "Vault lock and object lock compared.")),
    RenderedPage(
        "services/elb/",
        "ELB",
        html_page("Elastic Load Balancing", "Spreads traffic.", ("gwlb", "GWLB", f"{GWLB} Appliances inspect them.")),
    ),
    RenderedPage(
        "sources/course/ch-2/", "Chapter 2", html_page("Chapter 2", "Course notes.", ("gwlb", "GWLB", GWLB_TOLD))
    ),
    RenderedPage("services/ec2/", "EC2", html_page("Amazon EC2", "Compute.", ("spot", "Spot instances", SPOT_SHOWN))),
    RenderedPage("sources/course/ch-3/", "Chapter 3", html_page("Chapter 3", "Notes.", ("spot", "Spot", SPOT_TOLD))),
    RenderedPage(
        "services/asg/",
        "ASG",
        html_page("EC2 Auto Scaling", "Scales.", ("cooldown", "Cooldowns and warm pools", ADVICE)),
    ),
    RenderedPage(
        "sources/course/ch-4/", "Chapter 4", html_page("Chapter 4", "Notes.", ("cooldown", "Cooldowns", COOLDOWN))
    ),
)
COPY_HINTS = index.SearchHints(
    {},
    {},
    copies={
        "sources/course/ch-1/#glacier": "services/s3/#vault-lock",
        "sources/course/ch-1/#object-lock": "services/s3/#object-lock",  # says more than the service page
        "sources/other/ch-2/": "services/s3/#nowhere",  # a location the site lacks
        "sources/course/ch-2/#gwlb": "services/elb/#gwlb",
        "sources/course/ch-3/#spot": "services/ec2/#spot",
        "sources/course/ch-4/#cooldown": "services/asg/#cooldown",
    },
    abridged=frozenset({"sources/course/ch-3/#spot", "sources/course/ch-4/#cooldown"}),
)


@pytest.fixture(scope="module")
def copy_engine() -> ranking.Engine:
    files = {path: json.loads(content) for path, content in search_files(COPY_PAGES, COPY_HINTS) if "/nkb/" in path}
    return open_engine(files)


def test_a_section_a_service_page_shows_again_is_listed_once_at_the_better_rank(copy_engine: ranking.Engine) -> None:
    """Every kept passage is on its source page and its service page: a query must not list it twice."""
    found = locations(ranking.search(copy_engine, "vault lock policy"), copy_engine)
    listed = ranking.results(copy_engine, "vault lock policy")
    assert {"services/s3/#vault-lock", "sources/course/ch-1/#glacier"} <= set(found)
    better = min(found.index("services/s3/#vault-lock"), found.index("sources/course/ch-1/#glacier"))
    expected = [place for place in found if place != "sources/course/ch-1/#glacier"]
    expected.remove("services/s3/#vault-lock")
    expected.insert(better, "services/s3/#vault-lock")
    assert locations(listed, copy_engine) == expected
    assert [hit.score for hit in listed] == sorted((hit.score for hit in listed), reverse=True)
    (shown,) = [r for r in ranking.describe(listed, copy_engine) if r["location"] == "services/s3/#vault-lock"]
    assert shown["text"] == VAULT  # the words found, which the copy holds after another source's


def test_a_copy_hiding_some_of_its_sections_passages_shows_its_own_words(copy_engine: ranking.Engine) -> None:
    """The source section's second line is hidden on the service page as the first's duplicate: quoted, it would
    be a line the reader does not find after clicking.
    """
    found = locations(ranking.search(copy_engine, "spot warning"), copy_engine)
    assert {"services/ec2/#spot", "sources/course/ch-3/#spot"} <= set(found)
    listed = ranking.results(copy_engine, "spot warning")
    assert locations(listed, copy_engine) == ["services/ec2/#spot"]
    (shown,) = ranking.describe(listed, copy_engine, "spot warning")
    assert shown["text"] == SPOT_SHOWN
    assert listed[0].score == max(hit.score for hit in ranking.search(copy_engine, "spot warning"))


def test_a_service_section_showing_part_of_a_section_listed_below_it_is_dropped(copy_engine: ranking.Engine) -> None:
    """ "ASG cooldown" listed the Udemy notes' "Scaling Cooldowns" and then the service page's, which shows one of its
    three lines, the other two hidden in another source's: the same heading twice, the second saying nothing new."""
    found = locations(ranking.search(copy_engine, "cooldown default seconds"), copy_engine)
    assert found.index("sources/course/ch-4/#cooldown") < found.index("services/asg/#cooldown")
    listed = locations(ranking.results(copy_engine, "cooldown default seconds"), copy_engine)
    assert "sources/course/ch-4/#cooldown" in listed and "services/asg/#cooldown" not in listed
    source = ranking.search(copy_engine, "cooldown default seconds")[0]
    assert copy_engine.shows_part(source.ref) and copy_engine.abridged(source.ref)


def test_a_part_matching_a_word_its_section_lacks_stays(copy_engine: ranking.Engine) -> None:
    """A review: the part's heading may hold a word its source section lacks ("warm"); then it is another answer."""
    found = locations(ranking.search(copy_engine, "cooldown default seconds warm"), copy_engine)
    assert found.index("sources/course/ch-4/#cooldown") < found.index("services/asg/#cooldown")
    listed = locations(ranking.results(copy_engine, "cooldown default seconds warm"), copy_engine)
    assert {"sources/course/ch-4/#cooldown", "services/asg/#cooldown"} <= set(listed)


def test_a_service_section_showing_part_of_a_section_listed_above_it_stays(copy_engine: ranking.Engine) -> None:
    """Listed first, the part is what a reader meets first, and it may be all the query asked for."""
    found = locations(ranking.search(copy_engine, "bake ready ami"), copy_engine)
    assert found.index("services/asg/#cooldown") < found.index("sources/course/ch-4/#cooldown")
    listed = locations(ranking.results(copy_engine, "bake ready ami"), copy_engine)
    assert listed[:2] == ["services/asg/#cooldown", "sources/course/ch-4/#cooldown"]


def test_a_section_that_says_more_than_its_service_page_is_no_copy(copy_engine: ranking.Engine) -> None:
    listed = locations(ranking.results(copy_engine, "object lock"), copy_engine)
    assert {"services/s3/#object-lock", "sources/course/ch-1/#object-lock"} <= set(listed)


def test_a_copy_the_query_does_not_find_leaves_its_source_listed(copy_engine: ranking.Engine) -> None:
    """ "glacier" is in the source section's heading only: the service page's copy is no answer, the source is."""
    assert locations(ranking.results(copy_engine, "glacier"), copy_engine) == ["sources/course/ch-1/#glacier"]


def test_a_copy_lacking_a_word_its_section_matched_does_not_stand_for_it(copy_engine: ranking.Engine) -> None:
    """The copy holds 9 of the section's 10 words, but not the one the query asks for: it is no answer."""
    assert copy_engine.copy_of(ranking.search(copy_engine, "geneve")[0].ref) is not None  # recorded as a copy
    listed = locations(ranking.results(copy_engine, "gateway geneve"), copy_engine)
    assert listed[:2] == ["sources/course/ch-2/#gwlb", "services/elb/#gwlb"]


def test_only_sections_a_service_page_shows_again_are_recorded_as_copies(copy_engine: ranking.Engine) -> None:
    hits = ranking.search(copy_engine, "vault lock object")
    copies = {
        place: copy_engine.copy_of(hit.ref) for hit, place in zip(hits, locations(hits, copy_engine), strict=True)
    }
    assert {place for place, copy in copies.items() if copy is not None} == {"sources/course/ch-1/#glacier"}
    assert "sources/course/ch-2/#gwlb" not in copies  # "vault lock object" is not in it


# --- site files -----------------------------------------------------------------------------------------------------


def test_search_files_are_the_index_the_stub_and_the_assets() -> None:
    files = dict(search_files(PAGES, HINTS))
    assets = resources.files("notes_kb.search") / "assets"
    shipped = index_files(PAGES, HINTS)
    assert set(files) == {*shipped, "search/search_index.json", *(f"{ASSETS_DIR}/{name}" for name in ASSET_FILES)}
    for name in ASSET_FILES:
        assert files[f"{ASSETS_DIR}/{name}"] == (assets / name).read_bytes()
    assert {path: json.loads(files[path]) for path in shipped} == shipped
    stub = json.loads(files["search/search_index.json"])
    assert stub["docs"] == [] and len(files["search/search_index.json"]) < 1024  # downloaded before every search


def test_offline_adds_script_forms_of_the_index_and_the_stub() -> None:
    online, offline = dict(search_files(PAGES, HINTS)), dict(search_files(PAGES, HINTS, offline=True))
    assert set(offline) - set(online) == {OFFLINE_INDEX, "search/search_index.js"}
    assert all(offline[path] == content for path, content in online.items())
    shim = offline[OFFLINE_SHIM].decode()
    script = re.fullmatch(r"self\.(\w+)=(.*);\n", offline[OFFLINE_INDEX].decode(), re.S)
    assert script and script.group(1) in shim  # the global offline.js reads
    assert json.loads(script.group(2)) == {path: json.loads(online[path]) for path in index_files(PAGES, HINTS)}
    stub = re.fullmatch(r"var __index=(.*);\n", offline["search/search_index.js"].decode(), re.S)  # Material's name
    assert stub and json.loads(stub.group(1)) == json.loads(online["search/search_index.json"])


def test_search_files_are_reproducible() -> None:
    """The same notes give the same bytes (reproducible builds), whatever order MkDocs renders pages in."""
    first = dict(search_files(PAGES, HINTS, offline=True))
    assert dict(search_files(list(reversed(PAGES)), HINTS, offline=True)) == first  # page order does not matter
    changed = dict(search_files([*PAGES[:-1], RenderedPage("report/", "Build report", "<h1>Other</h1>")], HINTS))
    assert changed[HEAD_PATH] != first[HEAD_PATH]


def test_skipped_anchors_are_not_indexed() -> None:
    files = dict(search_files(PAGES, HINTS, skip_anchors=frozenset({"cooldown"})))
    rows = [row for path, content in files.items() if "/d/" in path for row in json.loads(content)["docs"]]
    assert rows and "cooldown" not in [anchor for _, anchor, *_ in rows]
    assert "cooldown" not in json.loads(files[HEAD_PATH])["terms"]


# --- the command line -----------------------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Path:
    for path, content in search_files(PAGES, HINTS):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    return tmp_path


def test_cli_without_an_index_says_which_file_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "x", "--site", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert str(tmp_path / HEAD_PATH) in err


def test_cli_with_a_broken_index_fails_cleanly(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / HEAD_PATH).write_text("{not json", encoding="utf-8")
    assert main(["search", "x", "--site", str(built)]) == 2
    assert str((built / HEAD_PATH).parent) in capsys.readouterr().err


def test_cli_with_a_missing_postings_file_fails_cleanly(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / shards.postings_path(0)).unlink()
    assert main(["search", "cooldown", "--site", str(built)]) == 2
    assert str((built / HEAD_PATH).parent) in capsys.readouterr().err


def test_cli_prints_ranked_results(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "cooldown", "--site", str(built)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(" 1. Amazon EC2 Auto Scaling › Cooldown\n    services/asg/#cooldown\n    After a scaling")
    assert main(["search", "zzzzqqq", "--site", str(built)]) == 0
    assert capsys.readouterr().out == "no results for 'zzzzqqq'\n"


def test_cli_json_is_the_ranking(built: Path, capsys: pytest.CaptureFixture[str], tiny_files: dict[str, Any]) -> None:
    assert main(["search", "scaling", "--site", str(built), "--json", "--limit", "3"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["location"] for r in results] == run(tiny_files, "scaling")[:3]
    assert len(results) == 3
    assert all(set(r) >= {"location", "page", "title", "text", "score"} for r in results)


def test_a_window_shows_the_matched_words_its_titles_do_not() -> None:
    """A reader sees the result's heading above its window: "global accelerator vs cloudfront tcp udp" under "AWS
    Global Accelerator vs CloudFront" showed the section's start, which repeats the heading's words, and cut the
    line on TCP and UDP (a blind review of search). With no match but the titles', the window is chosen as before."""
    text = (
        "Global Accelerator and CloudFront both use the AWS global network and its edge locations around the world. "
        "Both integrate with AWS Shield for DDoS protection. "
        "Of the two, only one improves performance for a wide range of applications over TCP or UDP, and proxies "
        "packets at the edge to applications running in one or more AWS Regions."
    )
    terms = frozenset({"global", "acceler", "cloudfront", "tcp", "udp"})
    titled = frozenset({"aw", "global", "acceler", "cloudfront"})
    assert "TCP or UDP" not in ranking.window(text, terms)
    assert "TCP or UDP" in ranking.window(text, terms, titled=titled)
    only_titles = frozenset({"global", "acceler", "cloudfront"})
    assert ranking.window(text, only_titles, titled=titled) == ranking.window(text, only_titles)
