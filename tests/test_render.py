"""The renderer is the one place note text is escaped: nothing a note says can become live HTML."""

from __future__ import annotations

import markdown

from notes_kb.model import Callout, Code, ListBlock, ListItem, Paragraph, Quiz, QuizOption, Section, Span, Table
from notes_kb.render import render_chapter, render_inline, render_quoted_item, render_title

SPAN = Span("n.md", 1, 1)
EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]


def to_html(md: str) -> str:
    return markdown.markdown(
        md,
        extensions=[*EXTENSIONS, "pymdownx.escapeall"],
        extension_configs={"pymdownx.escapeall": {"hardbreak": True}},
    )


def test_html_in_text_is_escaped_but_code_spans_are_left_alone() -> None:
    assert render_inline("a <script>x</script> `<b>`") == "a &lt;script>x&lt;/script> `<b>`"
    html = to_html(render_inline("a <img src=x onerror=alert(1)> b"))
    assert "<img" not in html and "&lt;img" in html


def test_unsafe_link_destinations_keep_only_their_text() -> None:
    assert render_inline("[click](javascript:alert(1))") == "click"
    assert render_inline("[x](data:text/html,hi)") == "x"
    assert render_inline("[aws](https://aws.amazon.com)") == "[aws](https://aws.amazon.com)"


def test_commonmark_hard_breaks_and_escapes_render_in_python_markdown() -> None:
    html = to_html(render_inline("**Question**:\\\nnext line costs \\$10"))
    assert "<br />" in html or "<br>" in html
    assert "$10" in html and "\\$" not in html


def test_a_short_line_that_ends_a_statement_keeps_its_break() -> None:
    """dva-c02-notes/notes.md:16576-16577 and 16658-16659 ran on as one sentence ("... to that table 1 RCU means");
    a line wrapped at the notes' width (94-95) or on a joining word (1571-1572) goes on in the next."""
    own_lines = "1 WCU means you can write 1KB per second to that table\n1 RCU means you can read 4KB per second"
    assert render_inline(own_lines) == own_lines.replace("\n", "\\\n")
    assert "<br" in to_html(render_inline(own_lines))
    wrapped = "AWS Private Zone: No direct connectivity is allowed between the AWS Private\nZone and the public cloud"
    assert render_inline(wrapped) == wrapped.replace("\n", " ")
    joined = "You can only have one **master accounts** and zero or more\n**member accounts**"
    assert render_inline(joined) == joined.replace("\n", " ")
    through = "Requests reach the bucket through\nCloudFront edge locations"  # "through", "via" go on as "to" does
    assert render_inline(through) == through.replace("\n", " ")
    in_aws = "**Zone files** in AWS\nHosted on four managed name servers"  # dva-c02-notes/notes.md:809-810
    assert render_inline(in_aws) == in_aws.replace("\n", "\\\n")
    in_code = "Run `aws s3\nLs` now"
    assert render_inline(in_code) == "Run `aws s3 Ls` now"
    # A line bold from end to end is a point of its own at any length (udemy-saa-ko/notes.md:3947-3948, quoted whole
    # in a "Sources may disagree" box); one that only opens in bold still wraps.
    bold = "**AWS Owned Keys (free): SSE-S3, SSE-SQS, SSE-DDB (default key)**\n**AWS-managed KMS Key: every 1 year**"
    assert render_inline(bold) == bold.replace("\n", "\\\n")
    opens = "**Zone files** are hosted on four managed name servers for every hosted zone\nRoute 53 runs for you"
    assert render_inline(opens) == opens.replace("\n", " ")


def test_text_that_looks_like_block_markup_stays_text() -> None:
    assert "<h1" not in to_html(render_inline("# not a heading"))
    assert "<ol" not in to_html(render_inline("1. not a list"))


def test_titles_are_literal() -> None:
    html = to_html("## " + render_title("IAM & <b>CLI</b> *x* {#id}"))
    assert "IAM &amp; &lt;b&gt;CLI&lt;/b&gt; *x* {#id}" in html


def test_chapter_anchors_are_unique_and_readable_for_korean() -> None:
    chapter = Section(
        "EC2 기초",
        1,
        SPAN,
        children=(Section("문제", 2, SPAN, (Paragraph("q", SPAN),)), Section("문제", 2, SPAN, (Paragraph("q", SPAN),))),
    )
    md = render_chapter(chapter)
    assert "# EC2 기초 { #ec2-기초 }" in md
    assert "## 문제 { #문제 }" in md and "## 문제 { #문제-2 }" in md


def test_nested_list_with_code_renders_nested() -> None:
    inner = ListBlock((ListItem("child", SPAN),), SPAN)
    items = (ListItem("parent", SPAN, (inner, Code('{"a": 1}', SPAN, "json"))), ListItem("next", SPAN))
    html = to_html(render_chapter(Section("T", 1, SPAN, (ListBlock(items, SPAN),))))
    assert html.count("<ul>") == 2
    assert "<p>next</p>" in html, "the fence must not swallow the next item"
    assert html.index('class="highlight"') < html.index("<p>next</p>")


def test_a_quoted_item_keeps_its_sub_items_a_list_with_the_source_after_its_own_text() -> None:
    """cheat-sheet.txt:342-352, quoted in ELB's "Sources may disagree" box: its six points had run together as one
    line ("... in all enabled Availability Zones When cross-zone load balancing is disabled: ...")."""
    points = ListBlock((ListItem("Each node spreads traffic", SPAN), ListItem("Each node keeps to its AZ", SPAN)), SPAN)
    item = ListItem("Cross-Zone Load Balancing", SPAN, (points,))
    lines = render_quoted_item(item, "([cheat sheet](x.md))")
    assert lines == [
        "- Cross-Zone Load Balancing ([cheat sheet](x.md))",
        "    - Each node spreads traffic",
        "    - Each node keeps to its AZ",
    ]
    html = to_html("\n".join(["- first", *lines]))
    assert html.count("<li>") == 4 and html.count("<ul>") == 2
    assert "Load Balancing (<a" in html and "spreads traffic</li>" in html
    loose = render_quoted_item(ListItem("Steps:", SPAN, (Paragraph("Then more.", SPAN),)), "(src)")
    assert loose == ["- Steps: (src)", "", "    Then more."]  # a paragraph under the item stays inside it


def test_table_pipes_and_breaks_stay_inside_cells() -> None:
    md = "\n".join(render_chapter(Section("T", 1, SPAN, (Table(("a", "b"), (("x|y", "1\\\n2"),), SPAN),))).split("\n"))
    html = to_html(md)
    assert html.count("<td>") == 2 and "x|y" in html


def test_quiz_hides_the_answer_in_a_collapsed_block() -> None:
    quiz = Quiz("Which?", (QuizOption("A"), QuizOption("B", correct=True)), SPAN)
    html = to_html(render_chapter(Section("T", 1, SPAN, (quiz,))))
    assert "<details" in html and "<strong>B</strong>" in html
    assert html.index("<details") < html.index("<strong>B</strong>")


def test_callouts() -> None:
    html = to_html(
        render_chapter(Section("T", 1, SPAN, (Callout("important", (Paragraph("careful", SPAN),), SPAN, "Important"),)))
    )
    assert 'class="admonition warning"' in html and "careful" in html


def test_an_item_after_a_loose_sub_list_is_not_swallowed_by_its_last_paragraph() -> None:
    """dva-c02-notes/notes.md:7780-7812: "2." holds sub-items with a fence and a paragraph; "3." came right after that
    paragraph and Python-Markdown read it as more of it ("... Session Token. 3. **Using the Temporary ...**")."""
    code = Code("curl http://169.254.169.254/latest/meta-data/", SPAN, "bash")
    sub = ListBlock(
        (ListItem("The script calls the metadata endpoint:", SPAN, (code, Paragraph("It returns keys.", SPAN))),), SPAN
    )
    items = (ListItem("**Accessing the Metadata**:", SPAN, (sub,)), ListItem("**Using the Credentials**:", SPAN))
    html = to_html(render_chapter(Section("T", 1, SPAN, (ListBlock(items, SPAN, ordered=True),))))
    assert html.count("<li>") == 3
    assert "It returns keys.</p>" in html and "<strong>Using the Credentials</strong>" in html
    assert "keys. 2." not in html


def test_two_lists_in_a_row_stay_two_lists() -> None:
    numbered = ListBlock((ListItem("a", SPAN),), SPAN, ordered=True)
    bullets = ListBlock((ListItem("b", SPAN),), SPAN)
    html = to_html(render_chapter(Section("T", 1, SPAN, (numbered, bullets))))
    assert html.count("<ol>") == 1 and html.count("<ul>") == 1


def test_attribute_list_syntax_in_a_note_sets_no_attribute() -> None:
    html = to_html(render_inline('**bold**{: onmouseover="alert(1)" } and `{: kept}`'))
    assert "onmouseover=" not in html.replace("{: onmouseover=", "")
    assert '{: onmouseover="alert(1)" }' in html.replace("&quot;", '"')
