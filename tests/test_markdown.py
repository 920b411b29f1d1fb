"""The Markdown reader: front matter (YAML and TOML) to metadata, the body to plain text.

Every text here is invented for the test; the last test reads the real White House readouts
in /work/shared/real/whitehouse when that folder is there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.formats import markdown
from dipreader.core.formats.extracted import squeeze
from dipreader.core.formats.markdown import read_markdown

REAL = Path("/work/shared/real/whitehouse")
NBSP = "\u00a0"

# Markdown that must never be left in the text a reader shows.
HEADING_MARK = re.compile(r"^#{1,6}[ \t]+[^#\s]", re.MULTILINE)
TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def assert_no_markup(text: str) -> None:
    assert not HEADING_MARK.search(text), text
    assert "](" not in text, text
    assert "![" not in text, text
    assert "**" not in text, text
    assert "__" not in text, text
    assert not TAG.search(text), text


# Front matter.


def test_yaml_front_matter_gives_title_date_url_and_the_host_as_source() -> None:
    article = read_markdown(
        "---\n"
        "title: Readout of the Envoy's Call with the Harbour Council\n"
        "date: '2031-04-09'\n"
        "source_url: https://www.example.org/readouts/harbour-council/\n"
        "tags: readouts\n"
        "---\n"
        "The envoy spoke today with the chair of the harbour council.\n"
    )
    assert article.title == "Readout of the Envoy's Call with the Harbour Council"
    assert article.date == date(2031, 4, 9)
    assert article.url == "https://www.example.org/readouts/harbour-council/"
    assert article.source == "example.org"
    assert article.text == "The envoy spoke today with the chair of the harbour council."
    assert article.notes == []


def test_yaml_bare_date_and_timestamp_are_dates() -> None:
    bare = read_markdown("---\ndate: 2029-11-30\n---\nText.\n")
    assert bare.date == date(2029, 11, 30)
    stamp = read_markdown("---\npublished_time: 2029-12-01 09:30:00-05:00\n---\nText.\n")
    assert stamp.date == date(2029, 12, 1)
    # ``date`` comes before the other keys, whatever their order in the file.
    both = read_markdown("---\npubdate: 2001-01-01\ndate: 2002-02-02\n---\nText.\n")
    assert both.date == date(2002, 2, 2)
    # A date that cannot be read gives way to the next key.
    fallback = read_markdown("---\ndate: soon\npublished: '2003-03-03'\n---\nText.\n")
    assert fallback.date == date(2003, 3, 3)


def test_yaml_folded_title_with_escaped_non_breaking_spaces() -> None:
    article = read_markdown(
        '---\ntitle: "Readout of the Minister\\_Call with the Mayor\\\n  \\ of\\_Lakeside"\n---\n'
        "Body.\n"
    )
    assert article.title == f"Readout of the Minister{NBSP}Call with the Mayor of{NBSP}Lakeside"


def test_only_web_addresses_are_urls_and_a_source_key_wins_over_the_host() -> None:
    article = read_markdown(
        "---\n"
        "url: ftp://files.example.net/readout.txt\n"
        "link: /relative/path\n"
        "permalink: https://news.example.net/2030/readout\n"
        "publisher: The Lakeside Gazette\n"
        "---\n"
        "Text.\n"
    )
    assert article.url == "https://news.example.net/2030/readout"
    assert article.source == "The Lakeside Gazette"
    # A ``source`` that is an address names its site and gives the address.
    linked = read_markdown("---\nsource: https://www.ministry.example/readout/7\n---\nText.\n")
    assert linked.source == "ministry.example"
    assert linked.url == "https://www.ministry.example/readout/7"


def test_keys_are_read_whatever_their_case() -> None:
    article = read_markdown("---\nTitle: Upper Case Keys\nDate: 2030-05-05\n---\nText.\n")
    assert (article.title, article.date) == ("Upper Case Keys", date(2030, 5, 5))


def test_toml_front_matter() -> None:
    article = read_markdown(
        "+++\n"
        'title = "Readout of the Trade Delegation Meeting"\n'
        "date = 2030-02-14\n"
        'canonical_url = "https://trade.example.com/readouts/14"\n'
        'site_name = "Trade Desk"\n'
        "[extra]\n"
        'tags = ["trade"]\n'
        "+++\n"
        "\n"
        "The delegation met in the afternoon.\n"
    )
    assert article.title == "Readout of the Trade Delegation Meeting"
    assert article.date == date(2030, 2, 14)
    assert article.url == "https://trade.example.com/readouts/14"
    assert article.source == "Trade Desk"
    assert article.text == "The delegation met in the afternoon."


def test_toml_datetime_and_broken_toml() -> None:
    stamp = read_markdown("+++\npublishdate = 2030-02-14T08:00:00Z\n+++\nText.\n")
    assert stamp.date == date(2030, 2, 14)
    broken = read_markdown('+++\ntitle = "unclosed\n+++\nThe body is still here.\n')
    assert broken.text == "The body is still here."
    assert broken.title is None
    assert len(broken.notes) == 1
    assert "could not be read" in broken.notes[0]
    assert "TOML" in broken.notes[0]


def test_broken_yaml_is_left_out_with_a_note_and_the_body_is_read() -> None:
    article = read_markdown(
        "---\ntitle: The Talks\nsummary: [unclosed, list\n: stray colon\n---\n"
        "The two ministers agreed to meet again.\n"
    )
    assert article.text == "The two ministers agreed to meet again."
    assert article.title is None
    assert len(article.notes) == 1
    assert "could not be read" in article.notes[0]
    assert "YAML" in article.notes[0]
    assert "\n" not in article.notes[0]


def test_yaml_a_constructor_refuses_is_a_note() -> None:
    # PyYAML reads 2030-13-45 as a timestamp and its constructor raises ValueError.
    article = read_markdown("---\ndate: 2030-13-45\n---\nText.\n")
    assert article.text == "Text."
    assert article.date is None
    assert "could not be read" in article.notes[0]


def test_front_matter_that_is_not_a_mapping() -> None:
    listed = read_markdown("---\n- first item\n- second item\n---\nThe body.\n")
    assert listed.text == "The body."
    assert "not keys and values" in listed.notes[0]
    assert "a list" in listed.notes[0]
    scalar = read_markdown("---\njust a line of words\n---\nThe body.\n")
    assert scalar.text == "The body."
    assert "words" not in scalar.text
    assert "not keys and values" in scalar.notes[0]


def test_empty_front_matter_is_no_problem() -> None:
    article = read_markdown("---\n---\nThe body.\n")
    assert (article.text, article.notes) == ("The body.", [])


def test_deeply_nested_yaml_is_refused_quickly() -> None:
    started = time.perf_counter()
    article = read_markdown("---\nkey: " + "[" * 60_000 + "\n---\nThe body.\n")
    assert time.perf_counter() - started < 2
    assert article.text == "The body."
    assert "nested too deeply" in article.notes[0]


def test_oversized_front_matter_is_read_as_text_with_a_note() -> None:
    lines = "".join(f"key{i}: value number {i}\n" for i in range(4000))
    assert len(lines) > 64 * 1024
    article = read_markdown(f"---\n{lines}---\n\nThe body after it.\n")
    assert len(article.notes) == 1
    assert "64 KiB" in article.notes[0]
    assert article.title is None
    assert "key3999: value number 3999" in article.text
    assert article.text.endswith("The body after it.")


def test_front_matter_only_at_the_very_start() -> None:
    article = read_markdown("\n---\ntitle: Not Front Matter\n---\n\nThe body.\n")
    assert article.title is None
    assert "title: Not Front Matter" in article.text
    assert article.notes == []


def test_windows_line_endings() -> None:
    article = read_markdown("---\r\ntitle: Crlf Title\r\n---\r\nFirst line\r\nsecond line.\r\n")
    assert article.title == "Crlf Title"
    assert article.text == "First line second line."


# Headings and the title.


def test_first_level_one_heading_is_the_title_without_front_matter() -> None:
    article = read_markdown(
        "Dateline: the capital.\n\n# Readout of the Summit\n\nThe leaders met.\n\n"
        "## Next steps\n\nThey will meet again.\n"
    )
    assert article.title == "Readout of the Summit"
    assert (
        article.text
        == "Dateline: the capital.\n\nThe leaders met.\n\nNext steps\n\nThey will meet again."
    )


def test_a_heading_that_opens_the_document_is_the_title_at_any_level() -> None:
    article = read_markdown("### Readout of the Call\n\nThe call lasted an hour.\n")
    assert article.title == "Readout of the Call"
    assert article.text == "The call lasted an hour."
    later = read_markdown("The call lasted an hour.\n\n## Background\n\nMore.\n")
    assert later.title is None
    assert later.text == "The call lasted an hour.\n\nBackground\n\nMore."


def test_setext_heading_is_a_heading() -> None:
    article = read_markdown("Readout of the Visit\n====================\n\nThe visit went well.\n")
    assert article.title == "Readout of the Visit"
    assert article.text == "The visit went well."


def test_front_matter_title_wins_and_a_heading_repeating_it_is_dropped() -> None:
    article = read_markdown(
        f"---\ntitle: Readout of the Call with the{NBSP}Governor\n---\n\n"
        "# readout of the call  with the governor\n\n"
        "The governor thanked the minister.\n\n# Annex\n\nA list of attendees.\n"
    )
    assert article.title == f"Readout of the Call with the{NBSP}Governor"
    assert article.text == "The governor thanked the minister.\n\nAnnex\n\nA list of attendees."


def test_heading_markup_is_gone() -> None:
    article = read_markdown("# *Readout* of the [Call](https://example.org) ##\n\nText.\n")
    assert article.title == "Readout of the Call"


# Inline markup.


def test_soft_breaks_join_hard_wrapped_lines() -> None:
    article = read_markdown(
        "The foreign minister welcomed her counterpart to the capital and\n"
        "thanked him for the visit. The two discussed the shared border,\n"
        "   trade and the coming elections.\n"
    )
    assert article.text == (
        "The foreign minister welcomed her counterpart to the capital and thanked him for the "
        "visit. The two discussed the shared border, trade and the coming elections."
    )


def test_emphasis_links_images_and_inline_html_are_rendered_away() -> None:
    article = read_markdown(
        "The *envoy* and the **minister** met _twice_ in __one__ week ***today***.\n"
        'See [the joint statement](https://example.org/statement "Statement") and\n'
        "[a reference link][ref]. ![A photo of the delegation](photo.jpg)\n"
        'It was the 21<sup>st</sup> meeting, <span class="x">held</span> at noon;\n'
        "the `code` stays and <https://example.org/auto> shows its address.\n"
        "\n[ref]: https://example.org/ref\n"
    )
    assert article.text == (
        "The envoy and the minister met twice in one week today. See the joint statement and "
        "a reference link. It was the 21st meeting, held at noon; the code stays and "
        "https://example.org/auto shows its address."
    )
    assert "photo" not in article.text.lower()
    assert_no_markup(article.text)


def test_html_blocks_keep_only_their_text() -> None:
    article = read_markdown(
        "Before.\n\n"
        '<div class="note">\n<p>An <b>important</b> note.</p>\n<p>Second note.</p>\n'
        "<script>alert('no')</script>\n</div>\n\n"
        "<!-- an editor's comment -->\n\n"
        "After.\n"
    )
    assert article.text == "Before.\n\nAn important note.\n\nSecond note.\n\nAfter."


def test_escaped_markup_is_kept_as_the_characters() -> None:
    article = read_markdown("The talks ended at six.\n\n\\###\n\nA \\*starred\\* word.\n")
    assert article.text == "The talks ended at six.\n\n###\n\nA *starred* word."
    spaced = read_markdown("Text.\n\n\\# \\# \\#\n")
    assert spaced.text == "Text.\n\n# # #"


def test_entities_are_characters() -> None:
    article = read_markdown("Trade &amp; security&nbsp;talks &copy; the ministry.\n")
    assert article.text == f"Trade & security{NBSP}talks © the ministry."


def test_non_breaking_spaces_are_kept() -> None:
    article = read_markdown(
        f"# Talks in New{NBSP}Haven\n\nThe President{NBSP}met the mayor.{NBSP} They spoke.\n"
    )
    assert article.title == f"Talks in New{NBSP}Haven"
    assert article.text == f"The President{NBSP}met the mayor.{NBSP} They spoke."


def test_hard_breaks_end_the_paragraph() -> None:
    article = read_markdown(
        "First line with two spaces  \nSecond line with a backslash\\\nThird line<br>Fourth line\n"
    )
    assert article.text == (
        "First line with two spaces\n\nSecond line with a backslash\n\nThird line\n\nFourth line"
    )


# Blocks.


def test_lists_and_blockquotes_are_paragraphs() -> None:
    article = read_markdown(
        "The agenda:\n\n"
        "- trade and\n  investment\n"
        "- security\n"
        "  1. the border\n"
        "  2. the coast\n\n"
        "> The minister said the talks\n> were useful.\n>\n> A second quoted paragraph.\n"
    )
    assert article.text == (
        "The agenda:\n\ntrade and investment\n\nsecurity\n\nthe border\n\nthe coast\n\n"
        "The minister said the talks were useful.\n\nA second quoted paragraph."
    )


def test_code_blocks_tables_and_rules() -> None:
    article = read_markdown(
        "Intro.\n\n"
        "```text\nline one\n  line two\n```\n\n"
        "    indented code\n\n"
        "***\n\n"
        "| Delegation | Head |\n|---|---|\n| North | A. *Minister* |\n| South | B. Envoy |\n"
    )
    assert article.text == (
        "Intro.\n\nline one line two\n\nindented code\n\n"
        "Delegation · Head\n\nNorth · A. Minister\n\nSouth · B. Envoy"
    )


def test_empty_and_markup_only_documents() -> None:
    assert read_markdown("").text == ""
    assert read_markdown("---\ntitle: Only Metadata\n---\n").text == ""
    assert read_markdown("![](a.png)\n\n---\n\n<!-- x -->\n").text == ""


# Size and speed: a linear reading, and a bound on markdown-it-py's work.


def test_a_megabyte_of_prose_is_read_quickly() -> None:
    paragraph = (
        "The minister spoke today with her counterpart about trade, security and the\n"
        "shared commitment of both governments to *closer* coordination in the region,\n"
        "and the two agreed to [meet again](https://example.org/next) before the summer\n"
        "to review the progress made by the joint commission on the new border posts.\n"
    )
    text = "---\ntitle: Long\n---\n" + "\n".join([paragraph] * (1_000_000 // len(paragraph)))
    started = time.perf_counter()
    article = read_markdown(text)
    assert time.perf_counter() - started < 5  # well under a second here; generous for CI
    assert article.notes == []
    assert article.text.count("closer coordination") == 1_000_000 // len(paragraph)
    assert_no_markup(article.text)


@pytest.mark.parametrize(
    "unit", ["[", "![", "*a", "[a](b) ", "- a\n", "# a\n", "|x|y|\n", "> a\n", "a\n"]
)
def test_a_megabyte_dense_with_markup_is_stripped_roughly_and_quickly(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    article = read_markdown(text)
    assert time.perf_counter() - started < 5
    assert any("too much markup" in note for note in article.notes)
    assert "](" not in article.text
    assert not HEADING_MARK.search(article.text)


def test_the_rough_reading_strips_the_common_marks() -> None:
    body = "\n".join(
        [
            "# A heading",
            "",
            "Some *words* with [a link](https://example.org) and ![a picture](p.png),",
            "a <b>tag</b>, a \\*kept\\* star.",
            "",
            "- an item",
        ]
        * 4000
    )
    article = read_markdown(body)
    assert any("too much markup" in note for note in article.notes)
    assert article.text.startswith(
        "A heading\n\nSome words with a link and , a tag, a *kept* star.\n\nan item"
    )
    assert_no_markup(article.text)


def test_importing_the_reader_imports_no_parser() -> None:
    code = (
        "import sys, dipreader.core.formats.markdown; "
        "print(sorted(m for m in ('markdown_it', 'yaml', 'lxml') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


# Properties.

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1)
LABEL = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
TARGET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/", max_size=20).map(
    lambda path: "https://example.org/" + path
)
MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"#*_[]()!<>`\\-+=|~:&;/.\"' \t\nab1", NBSP, "---\n", "+++\n", "<br>", "<!--", "    "]
    )
).map("".join)


@pytest.mark.fuzz
@given(st.one_of(st.text(), MARKDOWNISH))
def test_never_raises(text: str) -> None:
    article = read_markdown(text)
    assert isinstance(article.text, str)
    assert all(isinstance(note, str) and "\n" not in note for note in article.notes)


@pytest.mark.fuzz
@given(st.one_of(st.text(), MARKDOWNISH), st.sampled_from(["---", "+++"]))
def test_never_raises_on_any_front_matter(inside: str, fence: str) -> None:
    article = read_markdown(f"{fence}\n{inside}\n{fence}\nThe body.\n")
    assert isinstance(article.text, str)


@st.composite
def prose_with_links(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Paragraphs of words, hard-wrapped, with links and images among them; and the labels
    of the links (which the text must show)."""
    paragraphs: list[str] = []
    labels: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        pieces: list[str] = []
        for _ in range(draw(st.integers(1, 8))):
            kind = draw(st.sampled_from(["word", "link", "image", "newline"]))
            if kind == "word":
                pieces.append(draw(WORD))
            elif kind == "newline":
                pieces.append("\n")
            else:
                label, target = draw(LABEL), draw(TARGET)
                pieces.append(f"{'!' if kind == 'image' else ''}[{label}]({target})")
                if kind == "link":
                    labels.append(label)
        paragraphs.append(" ".join(pieces).strip())
    return "\n\n".join(paragraphs), labels


@pytest.mark.fuzz
@given(prose_with_links())
def test_links_and_images_never_survive(case: tuple[str, list[str]]) -> None:
    text, labels = case
    article = read_markdown(text)
    assert "](" not in article.text
    assert "![" not in article.text
    assert "https://example.org/" not in article.text
    shown = f"{article.title or ''} {article.text}"
    for label in labels:
        assert label in shown


@pytest.mark.fuzz
@given(prose_with_links(), st.one_of(st.text(), MARKDOWNISH))
def test_the_rough_reading_never_raises_and_drops_links(
    case: tuple[str, list[str]], noise: str
) -> None:
    text, labels = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "_BUDGET", -1)  # every body is too dense
        article = read_markdown(text)
        assert isinstance(read_markdown(noise).text, str)
    assert any("too much markup" in note for note in article.notes)
    assert "](" not in article.text
    assert "![" not in article.text
    assert "https://example.org/" not in article.text
    for label in labels:
        assert label in article.text


# The real readouts.


def _front_matter(text: str) -> dict[str, object]:
    import yaml

    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    data = yaml.safe_load(text[4:end])
    assert isinstance(data, dict)
    return data


def test_real_white_house_readouts() -> None:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is not here")
    files = sorted(REAL.glob("*.md"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fields = _front_matter(text)
        article = read_markdown(text)
        assert article.notes == [], path.name
        assert article.title, path.name
        assert article.title == squeeze(str(fields["title"])), path.name
        raw_date = fields["date"]
        expected = date.fromisoformat(raw_date) if isinstance(raw_date, str) else raw_date
        assert article.date == expected, path.name
        assert article.url, path.name
        assert article.url.startswith("https://"), path.name
        assert article.source, path.name
        assert len(article.text) > 100, path.name
        assert "\n\n\n" not in article.text, path.name
        assert_no_markup(article.text)
