"""Saved web pages: the article's text only, with its title, date, source and address.

The real pages are read from ``../shared/real/kremlin`` (never copied here): what is kept of
them in ``fixtures/real/kremlin_pages.json`` is short hashes of titles and of the first and
last sentences, worked out against the pages' own article markup.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.corpus import load
from dipreader.core.formats.webpage import PageError, looks_like_page, read_page
from dipreader.core.notes.anchor import Anchor, AnchorStatus, MeetingIndex, resolve

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
KREMLIN = REAL / "kremlin"
EXPECTED = json.loads(
    (Path(__file__).parent / "fixtures" / "real" / "kremlin_pages.json").read_text()
)
LIMIT = 8 * 1024 * 1024
ELISIONS = {"<…>", "* * *"}
# Furniture of the Kremlin's pages that must never reach an article's text: the labels of
# its menus, tag lists, "see also" boxes, publication status and licence footer.
FURNITURE_PARAGRAPHS = {"See also", "Geography", "Topics", "Persons", "Publication status"}
FURNITURE_PHRASES = (
    "Published in section",
    "Direct link",
    "Text version",
    "Creative Commons",
    "Press Esc to close",
    "Share",
)


def real_or_skip(folder: Path) -> Path:
    """The real readouts are beside the checkout on every machine of the project; only a
    copy of the repository elsewhere lacks them, and CI must never skip for that."""
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing on CI")
        pytest.skip(f"{folder} is not here")
    return folder


def fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def short_hash(text: str) -> str:
    return hashlib.sha256(fold(text).encode()).hexdigest()[:12]


def read(path: Path) -> Any:
    meetings, problems = load_file(str(path), LIMIT)
    assert meetings, problems
    return meetings[0]


def body_sentences(meeting: Any) -> list[str]:
    texts = [meeting.sentence_text(i) for i in range(len(meeting.sentences))]
    return [text for text in texts if fold(text) not in ELISIONS]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_kremlin_page_gives_its_title_date_and_whole_body(name: str) -> None:
    meeting = read(real_or_skip(KREMLIN) / name)
    expected = EXPECTED[name]
    assert short_hash(meeting.title) == expected["title"]
    assert meeting.date.isoformat() == expected["date"]
    sentences = body_sentences(meeting)
    assert short_hash(sentences[0]) == expected["first"]
    assert short_hash(sentences[-1]) == expected["last"]
    assert meeting.source == "President of\u00a0Russia" or fold(meeting.source) == (
        "President of Russia"
    )
    assert meeting.url
    assert meeting.url.startswith("http://en.kremlin.ru/")


def test_no_menu_footer_or_see_also_in_any_kremlin_page() -> None:
    pages = sorted(real_or_skip(KREMLIN).glob("*.html"))
    assert len(pages) == 150
    result = load(pages, cache=False, workers=1)
    assert len(result.meetings) == 150
    assert not result.errors
    for meeting in result.meetings:
        paragraphs = {fold(p) for p in meeting.text.split("\n\n")}
        assert not paragraphs & FURNITURE_PARAGRAPHS, meeting.path
        for phrase in FURNITURE_PHRASES:
            assert phrase not in fold(meeting.text), (meeting.path, phrase)
        assert fold(meeting.title) not in paragraphs or len(paragraphs) == 1
        assert meeting.date is not None
        assert meeting.title
        assert meeting.url


def test_attribute_json_gives_whole_sentences_of_the_body(tmp_path: Path) -> None:
    pages = sorted(real_or_skip(KREMLIN).glob("*.html"))[:12]
    result = subprocess.run(
        [sys.executable, "-m", "dipreader", "attribute", *map(str, pages), "--json"],
        capture_output=True,
        env={**os.environ, "DIPREADER_CACHE_DIR": str(tmp_path)},
        check=True,
    )
    articles = json.loads(result.stdout)
    assert len(articles) == len(pages)
    for article in articles:
        text = article["text"]
        assert "<" not in text.replace("<…>", "")  # no markup in the text offsets index
        paragraphs = set(text.split("\n\n"))
        pieces = []
        last_end = 0
        for sentence in article["sentences"]:
            start, end = sentence["start"], sentence["end"]
            assert last_end <= start < end <= len(text)
            piece = text[start:end]
            # A whole sentence: it ends as sentences do, or it is a paragraph of its own.
            assert piece == piece.strip(), piece
            assert piece[-1] in '.!?…:;"“”‘’)>' or piece in paragraphs, piece
            pieces.append(piece)
            last_end = end
        # Nothing of the text is outside a sentence (and so nothing else is in it).
        assert "".join("".join(pieces).split()) == "".join(text.split())


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Minister Alvarez meets Minister Okafor | Ministry of Examples</title>
<meta property="og:site_name" content="Ministry of Examples">
<meta property="article:published_time" content="2024-03-05T10:00:00+00:00">
<link rel="canonical" href="https://example.org/news/alvarez-okafor">
<script>var tracking = "Alvarez said nothing here";</script>
<style>.x { color: red }</style>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<main><article>
<h1>Minister Alvarez meets Minister Okafor</h1>
<div class="share-bar"><a href="#">Share on social media</a></div>
<p>Minister Alvarez met Minister Okafor in Lisbon on Tuesday.</p>
<p>Alvarez said the talks were <a href="/p/okafor">constructive<span class="tooltip hidden">
Profile card text</span></a>, and Okafor agreed.</p>
<p style="display:none">A hidden paragraph.</p>
<div class="related-news"><h3>Related news</h3>
<ul><li><a href="/a">Another story</a></li></ul></div>
<p>The two ministers agreed to meet again next year.</p>
</article></main>
<footer>Copyright Ministry of Examples. All rights reserved.</footer>
</body></html>
"""


def test_a_page_gives_the_article_and_nothing_around_it() -> None:
    article = read_page(PAGE)
    assert article.text.split("\n\n") == [
        "Minister Alvarez met Minister Okafor in Lisbon on Tuesday.",
        "Alvarez said the talks were constructive, and Okafor agreed.",
        "The two ministers agreed to meet again next year.",
    ]
    assert article.title == "Minister Alvarez meets Minister Okafor"
    assert article.source == "Ministry of Examples"
    assert article.date is not None
    assert article.date.isoformat() == "2024-03-05"
    assert article.url == "https://example.org/news/alvarez-okafor"


def test_metadata_from_json_ld_and_the_host_when_the_page_names_no_site() -> None:
    page = """<html><head><title>Talks in Hanoi - Daily Example</title>
<link rel="canonical" href="https://www.daily.example.com/2023/talks">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Talks in Hanoi", "datePublished": "2023-11-02"}]}
</script></head><body><div itemprop="articleBody"><p>The leaders held talks.</p>
<p>They agreed to cooperate.</p></div></body></html>"""
    article = read_page(page)
    assert article.title == "Talks in Hanoi"
    assert article.date is not None
    assert article.date.isoformat() == "2023-11-02"
    assert article.source == "daily.example.com"
    assert article.text == "The leaders held talks.\n\nThey agreed to cooperate."


def test_a_time_element_dates_a_page_without_metadata() -> None:
    page = """<html><body><article><h1>A call</h1><time datetime="2019-06-30">June 30</time>
<p>The presidents spoke by telephone.</p></article></body></html>"""
    article = read_page(page)
    assert article.date is not None
    assert article.date.isoformat() == "2019-06-30"
    assert article.text == "June 30\n\nThe presidents spoke by telephone."


def test_a_page_without_markup_for_its_article_is_read_by_trafilatura() -> None:
    paragraphs = [
        f"Paragraph {n}: the foreign ministers discussed trade, climate and security at "
        "length, and agreed that their deputies would meet again before the summer."
        for n in range(6)
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        "<html><head><title>Talks</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/x">Contact</a></div>'
        f'<div class="column">{body}</div><div class="foot">Site map</div></body></html>'
    )
    article = read_page(page)
    assert article.text.split("\n\n") == paragraphs


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Index</title></head><body><ul>"
        + "".join(f'<li><a href="/{n}">Story {n}</a></li>' for n in range(30))
        + "</ul></body></html>",
        "<html><head><script>document.write('hello')</script></head><body>"
        "<script>var a = 1;</script></body></html>",
        "<html><head><title>404 Not Found</title></head><body></body></html>",
    ],
    ids=["index", "only-a-script", "not-found"],
)
def test_a_page_with_no_article_is_refused_with_a_reason(page: str, tmp_path: Path) -> None:
    with pytest.raises(PageError, match="no article text"):
        read_page(page)
    path = tmp_path / "page.html"
    path.write_text(page)
    meetings, problems = load_file(str(path), LIMIT)
    assert not meetings
    assert "no article text" in problems[0].reason
    assert problems[0].severity == "error"


def test_a_saved_page_named_txt_is_still_a_page(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(PAGE)
    meeting = read(path)
    assert meeting.title == "Minister Alvarez meets Minister Okafor"
    assert "<" not in meeting.text
    assert "cookies" not in meeting.text


def test_a_page_in_a_legacy_encoding_it_declares(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
        "<title>Rozmowy</title></head><body><article><p>Minister Radosław Sikorski spotkał "
        "się z ministrem w Łodzi.</p></article></body></html>"
    )
    path = tmp_path / "pl.html"
    path.write_bytes(page.encode("cp1250"))
    meetings, problems = load_file(str(path), LIMIT)
    assert "Radosław Sikorski spotkał" in meetings[0].text
    assert any("cp1250" in p.reason for p in problems)


def deep_page(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "</body>"


def test_hostile_pages_are_read_safely_and_never_reach_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "hahahahaha">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=False)
        )
        + "]><html><body><article><p>Laughs &i; here.</p></article></body></html>"
    )
    external = (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><article><p>Secret: &xxe; end.</p>"
        '<img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/s.css">'
        "</article></body></html>"
    )
    pages = {"deep.html": deep_page(100_000), "laughs.html": laughs, "xxe.html": external}
    for name, page in pages.items():
        (tmp_path / name).write_text(page)
    start = time.perf_counter()
    result = load([tmp_path], cache=False, workers=1)
    assert time.perf_counter() - start < 60  # a bound against a hang, not a speed target
    texts = {Path(m.path).name: m.text for m in result.meetings}
    reasons = {Path(p.path).name: p.reason for p in result.problems}
    assert "nested too deeply" in reasons["deep.html"]
    assert "root:" not in "".join(texts.values())
    assert len(texts.get("laughs.html", "")) < 10_000


def test_looks_like_page() -> None:
    assert looks_like_page("<!DOCTYPE html><html>")
    assert looks_like_page("\ufeff  <html lang='en'><head>")
    assert looks_like_page('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">')
    assert not looks_like_page(" date 2023-07-15 Talks <b>in</b> Jakarta")
    assert not looks_like_page('<?xml version="1.0"?><rss version="2.0">')


def test_a_note_on_a_page_survives_a_resave_with_other_markup(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    before = read(path)
    quote = "the talks were constructive"
    start = before.text.index(quote)
    anchor = Anchor.from_span(before, start, start + len(quote))
    resaved = (
        PAGE.replace("<p>", '<p class="para">')
        .replace('<div class="share-bar">', '<div class="share-bar new-share">')
        .replace("<header>", "<header><div>Breaking: other news</div>")
    )
    path.write_text(resaved)
    after = read(path)
    assert after.text == before.text
    resolution = resolve(anchor, MeetingIndex([after]))
    assert resolution.status == AnchorStatus.EXACT
    assert after.text[resolution.start : resolution.end] == quote


def test_the_real_folder_opens_every_page_readout_and_feed_item() -> None:
    result = load([real_or_skip(REAL)], cache=False, workers=2)
    by_folder: dict[str, list[Any]] = {}
    for meeting in result.meetings:
        by_folder.setdefault(Path(meeting.path).parent.name, []).append(meeting)
    assert len(by_folder["kremlin"]) == 150
    assert len(by_folder["whitehouse"]) == 40
    assert len(by_folder["state"]) == 40
    assert sorted({m.line for m in by_folder["state"]}) == list(range(1, 11))
    for meeting in result.meetings:
        if Path(meeting.path).parent.name in ("kremlin", "whitehouse", "state"):
            assert meeting.date is not None, meeting.location
            assert meeting.title, meeting.location
            assert meeting.source, meeting.location
            assert meeting.url, meeting.location
    assert not [p for p in result.errors if "/real/" in p.path and "README" not in p.path]


def test_search_finds_a_phrase_typed_from_a_page(tmp_path: Path) -> None:
    page = sorted(real_or_skip(KREMLIN).glob("*.html"))[40]
    meeting = read(page)
    words = meeting.sentence_text(len(meeting.sentences) // 2).replace("\u00a0", " ").split()
    phrase = " ".join(words[:6])
    typo = phrase[:5] + phrase[6] + phrase[5] + phrase[7:]  # two letters swapped
    result = subprocess.run(
        [sys.executable, "-m", "dipreader", "search", typo, str(KREMLIN), "--json"],
        capture_output=True,
        env={**os.environ, "DIPREADER_CACHE_DIR": str(tmp_path)},
        check=True,
    )
    hits = json.loads(result.stdout)
    assert any(
        hit["path"] == str(page) and fold(phrase) in fold(hit["text"]) for hit in hits[:10]
    ), (typo, hits[:3])


def test_a_block_holding_most_of_the_prose_is_the_article_whatever_its_class() -> None:
    prose = [
        f"Paragraph {n} of the article: the two delegations reviewed trade, energy and "
        "security, and agreed that their experts would meet again within a month."
        for n in range(3)
    ]
    page = (
        "<html><body><div itemprop='articleBody'><div class='story-media-wrapper'>"
        + "".join(f"<p>{p}</p>" for p in prose)
        + "</div><div class='share-tools'><p>Share this story</p></div></div></body></html>"
    )
    assert read_page(page).text.split("\n\n") == prose


def test_a_pages_url_survives_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    fresh = load([path]).meetings[0]
    cached = load([path]).meetings[0]
    assert fresh.url == cached.url == "https://example.org/news/alvarez-okafor"


def test_the_last_line_of_an_extracted_article_is_never_taken_for_a_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "readout.md"
    path.write_text(
        "# Talks in Oslo\n\nThe ministers met in Oslo.\n\nThey agreed to meet again.\n\n"
        "Foreign Ministry Press Office\n",
        encoding="utf-8",
    )
    meeting = read(path)
    assert meeting.source is None
    assert meeting.text.endswith("Foreign Ministry Press Office")
