"""The feed reader: RSS 0.9x/1.0/2.0 and Atom items as articles, and the feeds it refuses
(entity bombs, XXE, what is not a feed), without ever reaching the network. Every feed here
is invented, except the State Department's own, read where they are at hand."""

from __future__ import annotations

import html
import socket
import time
import urllib.request
import xml.etree.ElementTree as ElementTree
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.formats import feed, webpage
from dipreader.core.formats.extracted import Extracted, squeeze
from dipreader.core.formats.feed import (
    ENTITIES_REFUSED,
    MAX_ITEMS,
    FeedError,
    FeedItem,
    looks_like_feed,
    read_feed,
)

# feedparser's dictionaries warn when asked for a key they map to another (``updated`` for a
# missing ``published``): the reader asks only for what is there.
pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning:feedparser")

REAL_FEEDS = Path("/work/shared/real/state")

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_NS = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
CHANNEL = (
    "<title>Ministry of Foreign Affairs of Freedonia</title>\n"
    "<link>https://mfa.freedonia.example/</link>\n"
    "<description>Readouts</description>\n"
)


def rss(items: str, channel: str = CHANNEL, prolog: str = DECLARATION) -> bytes:
    return (
        f'{prolog}<rss version="2.0" {CONTENT_NS}>\n<channel>\n{channel}{items}</channel>\n</rss>\n'
    ).encode()


def atom(entries: str, feed_title: str = "<title>Sylvanian Press Office</title>") -> bytes:
    return (
        f'{DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom">\n{feed_title}\n'
        '<link href="https://press.sylvania.example/"/>\n'
        "<id>urn:uuid:5e1f0c43-9c0a-4d53-8e57-8d4a3f0b2a11</id>\n"
        f"<updated>2024-03-06T00:00:00Z</updated>\n{entries}</feed>\n"
    ).encode()


def articles(items: list[FeedItem]) -> list[Extracted]:
    found = [item.article for item in items]
    assert all(article is not None for article in found), items
    return [article for article in found if article is not None]


def read_sound(data: bytes) -> list[Extracted]:
    items, warning = read_feed(data)
    assert warning is None
    assert [item.number for item in items] == list(range(1, len(items) + 1))
    return articles(items)


# -- RSS 2.0 ---------------------------------------------------------------------------------


def test_rss2_content_encoded_is_preferred_over_the_description() -> None:
    data = rss(
        "<item>\n<title>Foreign Minister Vasquez meets Minister Okonkwo</title>\n"
        "<link>https://mfa.freedonia.example/readouts/vasquez-okonkwo</link>\n"
        "<pubDate>Tue, 05 Mar 2024 14:30:00 +0000</pubDate>\n"
        "<description>&lt;p&gt;A short teaser only.&lt;/p&gt;</description>\n"
        "<content:encoded><![CDATA[<p>Foreign Minister Vasquez met Minister Okonkwo in "
        "Port Elena.</p>\n<p>The two ministers discussed fishing rights.</p>]]>"
        "</content:encoded>\n</item>\n"
    )
    [article] = read_sound(data)
    assert article.text == (
        "Foreign Minister Vasquez met Minister Okonkwo in Port Elena.\n\n"
        "The two ministers discussed fishing rights."
    )
    assert "teaser" not in article.text
    assert article.title == "Foreign Minister Vasquez meets Minister Okonkwo"
    assert article.date == date(2024, 3, 5)
    assert article.url == "https://mfa.freedonia.example/readouts/vasquez-okonkwo"
    assert article.source == "Ministry of Foreign Affairs of Freedonia"


def test_rss2_with_only_a_description() -> None:
    data = rss(
        "<item><title>Statement on the harbour accord</title>\n"
        "<link>https://mfa.freedonia.example/statements/harbour</link>\n"
        "<description>&lt;p&gt;The ministry welcomes the accord.&lt;/p&gt;"
        "&lt;p&gt;Talks resume in May.&lt;/p&gt;</description></item>\n"
    )
    [article] = read_sound(data)
    assert article.text == "The ministry welcomes the accord.\n\nTalks resume in May."


def test_an_empty_content_encoded_falls_back_to_the_description() -> None:
    data = rss(
        "<item><title>Call with the envoy</title><description>The envoy called.</description>"
        "<content:encoded></content:encoded></item>"
    )
    [article] = read_sound(data)
    assert article.text == "The envoy called."


def test_a_plain_text_description_keeps_its_paragraphs() -> None:
    data = rss(
        "<item><title>Two paragraphs</title><description>The first one,\nwrapped.\n\n"
        "The second &amp;amp; last.</description></item>"
    )
    [article] = read_sound(data)
    assert article.text == "The first one, wrapped.\n\nThe second & last."


def test_html_entities_in_titles_and_text() -> None:
    data = rss(
        "<item><title>Vasquez &#8211; Okonkwo talks &amp; a dinner</title>\n"
        "<description>&lt;p&gt;Trade &amp;amp; fisheries &#8211; and the "
        "&amp;#8220;harbour&amp;#8221; file.&lt;/p&gt;</description></item>",
        channel="<title>Ministry &#8211; Freedonia</title>",
    )
    [article] = read_sound(data)
    assert article.title == "Vasquez \u2013 Okonkwo talks & a dinner"
    assert article.text == "Trade & fisheries \u2013 and the \u201charbour\u201d file."
    assert article.source == "Ministry \u2013 Freedonia"


def test_curly_quotes_and_non_breaking_spaces_survive_the_html_cleaning() -> None:
    data = rss(
        "<item><title>Minister\u2019s visit</title><content:encoded><![CDATA["
        "<p>The minister\u2019s visit\u00a0ended\u202fearly \u2014 caf\u00e9 talk.</p>"
        "]]></content:encoded></item>"
    )
    [article] = read_sound(data)
    assert article.text == "The minister\u2019s visit\u00a0ended\u202fearly \u2014 caf\u00e9 talk."
    assert article.title == "Minister\u2019s visit"


def test_dates_are_the_publishers_own_day() -> None:
    """21:16 in Washington is the next day in UTC (feedparser's *_parsed): the readout's day
    is the one it was published on."""
    data = rss(
        "<item><title>A</title><description>a</description>"
        "<pubDate>Wed, 30 Jun 2021 21:16:21 -0500</pubDate></item>"
        "<item><title>B</title><description>b</description>"
        "<pubDate>Thu, 01 Jul 2021 09:00:00 GMT</pubDate></item>"
        "<item><title>C</title><description>c</description>"
        "<pubDate>not a date at all</pubDate></item>"
        "<item><title>D</title><description>d</description></item>"
    )
    assert [a.date for a in read_sound(data)] == [date(2021, 6, 30), date(2021, 7, 1), None, None]


def test_links_must_be_web_addresses() -> None:
    data = rss(
        "<item><title>A</title><description>a</description>"
        "<link>javascript:alert(1)</link></item>"
        "<item><title>B</title><description>b</description><link>/relative/path</link></item>"
        "<item><title>C</title><description>c</description>"
        "<link>http://mfa.freedonia.example/c</link></item>"
    )
    assert [a.url for a in read_sound(data)] == [None, None, "http://mfa.freedonia.example/c"]


def test_source_falls_back_to_the_channel_link_then_the_item_link() -> None:
    by_channel_link = rss(
        "<item><title>A</title><description>a</description></item>",
        channel="<link>https://www.mfa.freedonia.example/</link>",
    )
    assert read_sound(by_channel_link)[0].source == "mfa.freedonia.example"
    by_item_link = rss(
        "<item><title>A</title><description>a</description>"
        "<link>https://press.sylvania.example/a</link></item>",
        channel="<description>no title, no link</description>",
    )
    assert read_sound(by_item_link)[0].source == "press.sylvania.example"


# -- RSS 1.0 and Atom ----------------------------------------------------------------------------


def test_rss1_rdf() -> None:
    data = (
        DECLARATION + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        '<channel rdf:about="https://mfa.freedonia.example/">\n'
        "<title>Freedonian Readouts</title><link>https://mfa.freedonia.example/</link>\n"
        "<description>d</description></channel>\n"
        '<item rdf:about="https://mfa.freedonia.example/r/1"><title>Envoys meet</title>\n'
        "<link>https://mfa.freedonia.example/r/1</link>\n"
        "<description>The envoys met in Port Elena.</description>\n"
        "<dc:date>2023-11-02T23:10:00-05:00</dc:date></item>\n"
        "</rdf:RDF>\n"
    ).encode()
    [article] = read_sound(data)
    assert article.title == "Envoys meet"
    assert article.text == "The envoys met in Port Elena."
    assert article.date == date(2023, 11, 2)
    assert article.url == "https://mfa.freedonia.example/r/1"
    assert article.source == "Freedonian Readouts"


def test_atom_html_content() -> None:
    data = atom(
        "<entry><title>Prime Minister Lindqvist receives Ambassador Moreau</title>\n"
        '<link rel="alternate" href="https://press.sylvania.example/2024/lindqvist-moreau"/>\n'
        "<id>urn:uuid:1</id><updated>2024-03-05T23:30:00-08:00</updated>\n"
        "<summary>Only the summary.</summary>\n"
        '<content type="html">&lt;p&gt;The Prime Minister received the Ambassador.&lt;/p&gt;'
        "&lt;ul&gt;&lt;li&gt;Energy&lt;/li&gt;&lt;li&gt;Rail &amp;amp; roads&lt;/li&gt;"
        "&lt;/ul&gt;</content></entry>\n"
    )
    [article] = read_sound(data)
    assert article.text == "The Prime Minister received the Ambassador.\n\nEnergy\n\nRail & roads"
    assert article.date == date(2024, 3, 5)  # 07:30 on the 6th in UTC
    assert article.url == "https://press.sylvania.example/2024/lindqvist-moreau"
    assert article.source == "Sylvanian Press Office"


def test_atom_text_content_is_split_at_blank_lines() -> None:
    data = atom(
        "<entry><title>Joint statement</title><id>urn:uuid:2</id>\n"
        "<published>2024-02-29T10:00:00Z</published><updated>2024-03-01T10:00:00Z</updated>\n"
        '<content type="text">The two governments\n  agree on three points.\n\n'
        "First, &lt;trade&gt; &amp; tariffs.\n \nSecond, visas.</content></entry>\n"
    )
    [article] = read_sound(data)
    assert article.text == (
        "The two governments agree on three points.\n\nFirst, <trade> & tariffs.\n\nSecond, visas."
    )
    assert article.date == date(2024, 2, 29)  # published before updated


def test_atom_html_title() -> None:
    data = atom(
        '<entry><title type="html">Talks &lt;em&gt;resume&lt;/em&gt; &amp;amp; end</title>'
        "<id>urn:uuid:3</id><updated>2024-03-01T10:00:00Z</updated>"
        "<summary>They resumed.</summary></entry>",
        feed_title='<title type="html">Press &amp;amp; Media</title>',
    )
    [article] = read_sound(data)
    assert article.title == "Talks resume & end"
    assert article.source == "Press & Media"


# -- Broken feeds and items ------------------------------------------------------------------


def test_a_malformed_feed_gives_what_was_recovered_and_says_so() -> None:
    data = (
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title>\n'
        b"<item><title>One</title><description>First text.</description></item>\n"
        b"<item><title>Two</title><description>Second <i>text.</description></item>\n"
        b"<item><title>Three</title><description>Third text.</description></item>\n"
        b"</channel></rss>\n"
    )
    items, warning = read_feed(data)
    assert [a.title for a in articles(items)] == ["One", "Two", "Three"]
    assert articles(items)[2].text == "Third text."
    assert warning == "not well-formed XML (line 4: mismatched tag); read what could be recovered"


def test_the_line_of_a_malformed_feed_is_the_files_own() -> None:
    """feedparser adds an XML declaration and drops the DOCTYPE of its copy."""
    body = (
        "<rss version='2.0'><channel><title>t</title>\n"
        "<item><title>x</title><description>a <b>b</description></item>\n"
        "</channel></rss>"
    )
    _, bare = read_feed(body.encode())
    assert bare is not None
    assert bare.startswith("not well-formed XML (line 2:")
    doctype = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n "x.dtd">\n'
    _, with_doctype = read_feed((DECLARATION + doctype + body).encode())
    assert with_doctype is not None
    assert with_doctype.startswith("not well-formed XML (line 5:")


def test_an_item_without_text_is_named() -> None:
    data = rss(
        "<item><title>Has text</title><description>Some text.</description></item>"
        "<item><title>Empty one</title><description>  </description></item>"
        "<item><link>https://mfa.freedonia.example/x</link></item>"
        '<item><title>Picture only</title><description>&lt;img src="a.png"&gt;</description></item>'
    )
    items, warning = read_feed(data)
    assert warning is None
    assert items[0].article is not None
    assert items[0].problem is None
    assert [(i.number, i.article, i.problem) for i in items[1:]] == [
        (2, None, 'item 2 ("Empty one") has no text'),
        (3, None, "item 3 has no text"),
        (4, None, 'item 4 ("Picture only") has no text'),
    ]


def test_an_item_that_fails_costs_only_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    real = webpage.read_fragment

    def fragile(markup: str) -> list[str]:
        if "BOOM" in markup:
            raise RuntimeError("reader bug")
        return real(markup)

    monkeypatch.setattr(feed, "read_fragment", fragile)
    data = rss(
        "<item><title>A</title><description>&lt;p&gt;fine&lt;/p&gt;</description></item>"
        "<item><title>B</title><description>&lt;p&gt;BOOM&lt;/p&gt;</description></item>"
        "<item><title>C</title><description>&lt;p&gt;also fine&lt;/p&gt;</description></item>"
    )
    items, _ = read_feed(data)
    assert [i.problem for i in items] == [None, "item 2 could not be read: RuntimeError", None]
    assert items[2].article is not None
    assert items[2].article.text == "also fine"


def test_feedparser_failing_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(feedparser, "parse", broken)
    with pytest.raises(FeedError, match=r"could not be read as a feed \(RuntimeError\)"):
        read_feed(rss("<item><title>A</title><description>a</description></item>"))


def test_items_past_the_bound_are_skipped_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_ITEMS == 10_000
    monkeypatch.setattr(feed, "MAX_ITEMS", 3)
    data = rss(
        "".join(f"<item><title>T{n}</title><description>d</description></item>" for n in range(5))
    )
    items, warning = read_feed(data)
    assert [i.number for i in items] == [1, 2, 3]
    assert warning == "the feed has 5 items: read the first 3, skipped the rest"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a feed: the file is empty"),
        (b" \n\t", "not a feed: the file is empty"),
        (
            b"<html><head><title>Our RSS feeds</title></head><body><p>rss</p></body></html>",
            "not a feed: no RSS or Atom channel and no items in it",
        ),
        (b"\x00\xff\xfe garbage", "not a feed: not well-formed XML (line 1:"),
        (b"just some text about rss", "not a feed: not well-formed XML (line 1: syntax error)"),
    ],
)
def test_what_is_not_a_feed_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as refused:
        read_feed(data)
    assert str(refused.value).startswith(reason)


def test_a_channel_without_items_is_an_empty_feed() -> None:
    assert read_feed(rss("")) == ([], None)


def test_a_str_is_never_handed_to_feedparser() -> None:
    with pytest.raises(TypeError):
        read_feed("https://mfa.freedonia.example/feed")  # type: ignore[arg-type]


def test_encodings() -> None:
    item = "<item><title>Caf\u00e9 talks</title><description>\u201cYes\u201d</description></item>"
    utf16 = rss(item).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert [a.title for a in read_sound(utf16)] == ["Caf\u00e9 talks"]
    no_declaration = rss(item, prolog="").decode().encode("utf-16")  # a BOM only
    assert [a.text for a in read_sound(no_declaration)] == ["\u201cYes\u201d"]
    cp1252 = rss(item, prolog='<?xml version="1.0" encoding="windows-1252"?>\n').decode()
    assert read_sound(cp1252.encode("cp1252"))[0].title == "Caf\u00e9 talks"
    mislabelled = rss(
        "<item><title>Caf\xe9</title><description>The caf\xe9 \xe0 la carte and "
        "the na\xefve cr\xe8me br\xfbl\xe9e.</description></item>"
    ).decode()
    items, warning = read_feed(mislabelled.encode("cp1252"))
    assert articles(items)[0].title == "Caf\u00e9"
    assert warning is not None
    assert "not in the encoding it declares" in warning


# -- Entities and the network ------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    '<rss version="2.0"><channel><title>Leak</title>'
    "<item><title>x</title><description>&xxe;</description></item></channel></rss>\n"
)


def _must_be_refused(data: bytes) -> FeedError:
    with pytest.raises(FeedError) as refused:
        read_feed(data)
    assert str(refused.value) == ENTITIES_REFUSED
    assert "declares its own XML entities" in ENTITIES_REFUSED
    return refused.value


def test_billion_laughs_is_refused_quickly() -> None:
    assert "&lol8;&lol8;" in BILLION_LAUGHS
    start = time.perf_counter()
    _must_be_refused(BILLION_LAUGHS.encode())
    assert time.perf_counter() - start < 1.0


def test_xxe_is_refused_and_reads_nothing() -> None:
    passwd = Path("/etc/passwd")
    secret = passwd.read_text(errors="replace").splitlines()[0] if passwd.exists() else "root:x:"
    error = _must_be_refused(XXE.encode())
    assert secret not in str(error)
    assert "root:" not in str(error)


@pytest.mark.parametrize(
    "declarations",
    [
        # On the DOCTYPE's own line (feedparser's own stripping looks at the start of lines).
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        # A parameter entity, an external DTD fetched through it.
        '<!DOCTYPE rss [\n<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;\n]>',
        # After a quoted "]>" that must not end the subset.
        '<!DOCTYPE rss [\n<!ATTLIST rss note CDATA "]>">\n<!ENTITY a "b">\n]>',
        # After a comment holding an element.
        '<!-- <rss> --><!DOCTYPE rss [<!-- ]> --><!ENTITY a "b">]>',
        # Never closed.
        '<!DOCTYPE rss [<!ENTITY a "b">',
        # Lower case, which a lenient parser might still take.
        '<!doctype rss [<!entity a "b">]>',
    ],
)
def test_entity_declarations_anywhere_in_the_prolog_are_refused(declarations: str) -> None:
    body = '<rss version="2.0"><channel><title>t</title></channel></rss>'
    _must_be_refused(f'<?xml version="1.0"?>\n{declarations}\n{body}'.encode())


def test_an_encoding_cannot_hide_the_declarations() -> None:
    as_utf16 = XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    _must_be_refused(as_utf16.encode("utf-16"))
    _must_be_refused(as_utf16.encode("utf-16-le"))  # no BOM: told by its NULs
    # UTF-7 spells "<" as "+ADw-": an ASCII search for "<!ENTITY" would not see it.
    prolog, rest = XXE.split("<rss", 1)
    hidden = prolog.replace('<?xml version="1.0"?>', "").replace("<", "+ADw-").replace(">", "+AD4-")
    utf7 = f'<?xml version="1.0" encoding="utf-7"?>{hidden}<rss{rest}'.encode("ascii")
    assert "<!ENTITY" in utf7.decode("utf-7")
    assert b"<!ENTITY" not in utf7
    _must_be_refused(utf7)


def test_entity_talk_after_the_root_is_not_refused() -> None:
    data = rss(
        "<item><title>On XML</title><description>&lt;p&gt;Write &amp;lt;!ENTITY a&amp;gt; "
        "to declare one.&lt;/p&gt;</description>"
        '<content:encoded><![CDATA[<p>Write <code>&lt;!ENTITY a "b"&gt;</code>.</p>]]>'
        "</content:encoded></item>"
    )
    [article] = read_sound(data)
    assert article.text == 'Write <!ENTITY a "b">.'


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every way out to the network raises, and is recorded."""
    attempts: list[object] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def test_an_external_dtd_is_not_fetched(no_network: list[object]) -> None:
    data = rss(
        "<item><title>Harbour talks</title><description>They talked.</description></item>",
        prolog=DECLARATION + '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">\n',
    )
    [article] = read_sound(data)
    assert article.text == "They talked."
    assert no_network == []


def test_images_in_content_are_not_fetched(no_network: list[object]) -> None:
    data = rss(
        "<item><title>With a photo</title><content:encoded><![CDATA["
        '<p>The ministers met.</p><img src="http://127.0.0.1:9/photo.jpg">'
        '<p><img src="https://127.0.0.1:9/b.png" srcset="http://127.0.0.1:9/c.png 2x"> '
        "Then they ate.</p>]]></content:encoded></item>"
    )
    [article] = read_sound(data)
    assert article.text == "The ministers met.\n\nThen they ate."
    assert no_network == []


# -- looks_like_feed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '<rss version="2.0"><channel>',
        '\ufeff  \n<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">',
        '<?xml version="1.0"?><!-- generated --><?xml-stylesheet href="s.xsl"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">'
        "<rss version='0.91'>",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>">]><rss>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<channel>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item rdf:about="x">',
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>',
        '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">',
        # A DOCTYPE longer than the head: a feed by its name, for read_feed to refuse.
        '<?xml version="1.0"?><!DOCTYPE rss [' + '<!ENTITY a "b">' * 400,
    ],
)
def test_looks_like_feed(head: str) -> None:
    assert looks_like_feed(head)


@pytest.mark.parametrize(
    "head",
    [
        "",
        "rss",
        "<!DOCTYPE html><html><head><title>RSS</title>"
        '<link rel="alternate" type="application/rss+xml" href="/rss"></head>',
        '<html><body><a href="/feed.rss">Our <rss> feed</a></body></html>',
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "http://www.w3.org/2005/Atom <rss>",
        "<!-- <rss> --><html><body>rss</body></html>",
        "<feed><title>not Atom: no namespace</title></feed>",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>',
        "<rssfeed><item/></rssfeed>",
        '{"title": "rss", "text": "<rss>"}',
        "Readout: the ministers discussed <rss> feeds.",
        "<?xml version='1.0'?><!DOCTYPE html [" + "x" * 5000,
    ],
)
def test_does_not_look_like_a_feed(head: str) -> None:
    assert not looks_like_feed(head)


# -- Properties ----------------------------------------------------------------------------------


@pytest.mark.fuzz
@given(st.binary(max_size=2000))
def test_read_feed_raises_only_feed_error_on_any_bytes(data: bytes) -> None:
    _only_feed_error(data)


_PIECES = st.sampled_from(
    [
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<description>",
        "</description>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lol;",
        "&#8211;",
        "&#0;",
        "<p>",
        "<!ENTITY a 'b'>",
        "<!DOCTYPE rss [",
        "]>",
        "<?xml version='1.0' encoding='utf-16'?>",
        "<rss>",
        '<rss version="2.0">',
        "<channel>",
        "\x00",
        "\n\n",
        "text",
    ]
)


@pytest.mark.fuzz
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join))
def test_read_feed_raises_only_feed_error_on_feed_like_text(text: str) -> None:
    _only_feed_error(text.encode("utf-8", "surrogatepass"))


def _only_feed_error(data: bytes) -> None:
    refusal: str | None = None
    try:
        items, warning = read_feed(data)
    except FeedError as error:
        refusal = str(error)
    if refusal is not None:
        assert refusal  # a refusal always says why
        return
    assert warning is None or isinstance(warning, str)
    for number, item in enumerate(items, start=1):
        assert item.number == number
        assert (item.article is None) != (item.problem is None)


# Text as it is typed: letters, digits, punctuation, symbols, spaces (no control characters,
# which XML cannot hold, and no other spaces, which feedparser strips at the ends).
_TYPED = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), include_characters=" "),
    max_size=120,
)


@pytest.mark.fuzz
@given(st.lists(st.tuples(_TYPED, _TYPED, st.booleans()), max_size=6))
def test_generated_rss_gives_every_item_its_text(items: list[tuple[str, str, bool]]) -> None:
    parts = []
    for title, text, in_cdata in items:
        as_html = html.escape(text)
        body = f"<![CDATA[<p>{as_html}</p>]]>" if in_cdata else escape(f"<p>{as_html}</p>")
        parts.append(
            f"<item><title>{escape(title)}</title><description>{body}</description></item>\n"
        )
    read, warning = read_feed(rss("".join(parts)))
    assert warning is None
    assert len(read) == len(items)
    for item, (_, text, _) in zip(read, items, strict=True):
        if squeeze(text):
            assert item.article is not None, item
            assert item.article.text == squeeze(_as_feedparser_repairs(text))
        else:
            assert item.article is None
            assert item.problem is not None


def _as_feedparser_repairs(text: str) -> str:
    """feedparser takes text whose Latin-1 bytes are UTF-8 (``Ã©``) for UTF-8 read as Latin-1
    by mistake, and repairs it."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


# -- The State Department's feeds --------------------------------------------------------------


def _real_feeds() -> list[Path]:
    if not REAL_FEEDS.is_dir():
        pytest.skip(f"{REAL_FEEDS} is not here")
    found = sorted(REAL_FEEDS.glob("*.rss"))
    assert len(found) == 4
    return found


def test_the_state_department_feeds() -> None:
    for path in _real_feeds():
        data = path.read_bytes()
        assert looks_like_feed(data[:4096].decode("utf-8"))
        items, warning = read_feed(data)
        assert warning is None, path
        assert len(items) == 10, path
        channel = ElementTree.fromstring(data).find("channel")
        assert channel is not None
        expected = [
            (parsedate_to_datetime(item.findtext("pubDate") or "").date(), item.findtext("link"))
            for item in channel.findall("item")
        ]
        found = articles(items)
        assert [(a.date, a.url) for a in found] == expected, path
        for article in found:
            assert article.title
            assert article.text.strip()
            assert article.url is not None
            assert article.url.startswith("https://www.state.gov/")
            assert article.source is not None
            assert "Department of State" in article.source
            assert "\u00c2" not in article.text  # mojibake
            assert "\u00e2\u0080" not in article.text


def test_a_note_on_a_feed_item_names_the_items_link_as_its_source(tmp_path: Path) -> None:
    from dipreader.core.corpus.corpus import load
    from dipreader.core.notes.annotation import resolve_items
    from dipreader.core.notes.export import to_annotation
    from dipreader.core.notes.store import Store

    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Ministry</title>'
        "<item><title>Talks</title><link>https://ministry.example/talks</link>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>"
        "<description>The ministers met. They agreed to meet again.</description></item>"
        "<item><title>Call</title><link>https://ministry.example/call</link>"
        "<description>The leaders spoke by telephone.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    meetings = load([feed], cache=False).meetings
    second = next(m for m in meetings if m.line == 2)
    with Store(tmp_path / "notes.sqlite3") as store:
        store.add_note(second, 0, 10, "worth a look")
        items = resolve_items(store.all(), meetings)
    assert to_annotation(items[0])["target"]["source"] == "https://ministry.example/call"
