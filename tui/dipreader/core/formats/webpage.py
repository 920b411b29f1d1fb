"""A saved web page -> the article on it: its main text, title, date, source and address.

The page is parsed by lxml (libxml2's HTML parser: no network, no external entities, depth
bounded). Where the page marks its article (schema.org ``articleBody``, an h-entry's
``e-content``, a single ``<article>``), that is the text; elsewhere trafilatura, the field's
standard extractor, finds it. Either way the menus, footers, share buttons, hidden
tooltips, "related" blocks and cookie banners are dropped, and paragraphs stay paragraphs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from dipreader.core.formats.extracted import (
    Extracted,
    host,
    join_paragraphs,
    parse_date,
    squeeze,
    web_url,
)


class PageError(Exception):
    """The page holds no article; the message says why."""


# Elements that are never article text.
_NEVER = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "menu",
    "dialog",
    "aside",
    "footer",
    "figure",
    "picture",
    "video",
    "audio",
    "map",
)
# Parts of class names and ids that mark furniture inside an article: share bars, tag lists,
# "related" and "see also" blocks, bylines' metadata, banners (the kinds readability and
# boilerplate removers look for).
_FURNITURE = re.compile(
    r"share|social|related|see-?also|tags?(?:$|[-_ ])|taglist|breadcrumb|comment|promo|advert|"
    r"(?:^|[-_ ])ads?(?:$|[-_ ])|sponsor|banner|cookie|consent|gdpr|newsletter|subscribe|"
    r"signup|popup|modal|toolbar|tooltip|widget|sidebar|print|bottommeta|status|pagination|"
    r"(?:^|[-_ ])nav|menu|footer|masthead|(?:^|[-_ ])meta(?:$|[-_ ])|byline|author-?info|"
    r"recommend|more-?stories|read-?more|gallery|caption|(?:^|[-_ ])media(?:$|[-_ ])|"
    r"(?:^|[-_ ])hidden(?:$|[-_ ])|visually-hidden|sr-only|screen-reader|skip-?link",
    re.IGNORECASE,
)
# ARIA roles of what is beside, above or below an article, never in it.
_FURNITURE_ROLES = frozenset(
    "complementary navigation banner contentinfo search menu menubar toolbar dialog "
    "alertdialog tablist".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Elements whose start and end break a paragraph.
_BLOCKS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre "
    "table thead tbody tfoot tr td th caption address hr center details summary".split()
)
# Where pages mark their article's body, most specific first.
_BODY_PATHS = (
    '//*[@itemprop="articleBody"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " e-content ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " entry-content ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article-body ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article__body ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " story-body ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " post-content ")]',
    "//article",
    '//*[@role="main"]',
    "//main",
)
# A lead or standfirst that pages set apart from the body, above it.
_LEAD_PATHS = (
    '//*[@itemprop="description"][not(self::meta)]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " p-summary ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " entry-summary ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " standfirst ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article-lead ")]',
)
_TITLE_SEPARATORS = re.compile(r"\s+[|•·–—:\-]{1,2}\s+")
_MAX_JSON_LD = 256 * 1024
_ARTICLE_TYPES = frozenset(
    "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle BlogPosting WebPage "
    "PressRelease GovernmentPermit Report".split()
)


def looks_like_page(head: str) -> bool:
    """Whether text (its first few kilobytes) is an HTML document."""
    start = head.lstrip("\ufeff \t\r\n")[:2048].lower()
    if start.startswith("<?xml"):
        return "<html" in start
    return start.startswith(("<!doctype html", "<html")) or (
        start.startswith("<") and ("<head" in start or "<body" in start)
    )


def read_page(text: str) -> Extracted:
    """The article on a page. Raises :class:`PageError` when there is none."""
    import lxml.html  # a page's reader only: plain-text corpora never import it
    from lxml import etree

    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise PageError(f"not a readable web page ({error})") from None
    if root is None:
        raise PageError("not a readable web page")
    meta = _meta(root)
    linked = _json_ld(root)
    url = _url(root, meta, linked)
    source = _source(meta, linked, url)
    title = _title(root, meta, linked, source)
    day = _date(root, meta, linked)
    _drop(root, _NEVER)
    _drop_hidden(root)
    body = _body(root)
    notes: list[str] = []
    if body is not None:
        _drop_furniture(body)
        paragraphs = _paragraphs(body)
    else:
        paragraphs = _fallback(root)
    paragraphs = [p for p in paragraphs if not _same(p, title)]
    lead = _lead(root, body)
    if lead and not any(_same(lead, p) or _fold(lead) in _fold(p) for p in paragraphs):
        paragraphs.insert(0, lead)
    if not paragraphs:
        if any("depth" in entry.message for entry in parser.error_log):
            raise PageError("elements nested too deeply to read (libxml2 stops at 256 levels)")
        if body is None or not title:
            raise PageError(
                "no article text on this page (an index, a list of links or an error page?)"
            )
        paragraphs = [title]
        notes.append("the page has no article text, only its title")
    return Extracted(join_paragraphs(paragraphs), title, day, source, url, notes)


def _parser() -> Any:
    """libxml2's HTML parser as dipreader uses it: fed UTF-8 (the text is decoded already,
    whatever charset the page's ``<meta>`` names), no network, comments dropped."""
    import lxml.html

    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True
    )


def read_fragment(html: str) -> list[str]:
    """The paragraphs of a piece of HTML (a feed item's content): the same cleaning as a
    page's, without looking for an article in it."""
    import lxml.html
    from lxml import etree

    parser = _parser()
    wrapped = f"<html><body><div>{html}</div></body></html>"
    try:
        root = lxml.html.document_fromstring(wrapped.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return []
    if root is None:
        return []
    _drop(root, _NEVER)
    _drop_hidden(root)
    body = root.find("body")
    return _paragraphs(body if body is not None else root)


def _drop(root: Any, tags: tuple[str, ...]) -> None:
    for element in list(root.iter(*tags)):
        if element.getparent() is not None:
            element.drop_tree()


def _drop_hidden(root: Any) -> None:
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (
            element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(element.get("style") or "")
            or "hidden" in (element.get("class") or "").lower().split()
        )
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _drop_furniture(body: Any) -> None:
    """Drop the blocks inside the article that are furniture by their class, id or ARIA role.

    Only blocks: an inline element (a person's name linked to their page) is text whatever
    its class. And a block that holds most of the article's prose is the article, whatever
    its class says (``text-media``, ``story-tools-wrapper``).
    """
    whole = _prose(body)
    doomed = []
    for element in body.iterdescendants():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if element.get("itemprop") == "articleBody":
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        furniture = (element.get("role") or "").strip().lower() in _FURNITURE_ROLES or (
            marks.strip() and _FURNITURE.search(marks)
        )
        if furniture and (whole == 0 or 2 * _prose(element) <= whole):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _prose(element: Any) -> int:
    """How much of the element's text is in paragraphs long enough to be prose."""
    sizes = (len(squeeze(p.text_content())) for p in element.iter("p"))
    return sum(size for size in sizes if size >= 80)


def _body(root: Any) -> Any:
    for path in _BODY_PATHS:
        found = [element for element in root.xpath(path) if _text_size(element) > 0]
        if found:
            # Several (a page of teasers): the one with the most text.
            return max(found, key=_text_size)
    return None


def _text_size(element: Any) -> int:
    return len(squeeze(element.text_content()))


def _paragraphs(container: Any) -> list[str]:
    """The container's text, a paragraph for each block, without recursion (a page nested
    thousands deep cannot overflow the stack)."""
    from lxml import etree

    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = squeeze("".join(current))
        if joined.strip():  # not a paragraph of non-breaking spaces only
            paragraphs.append(joined)
        current.clear()

    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                flush()
            if element.text and tag:
                current.append(element.text)
        else:
            if tag in _BLOCKS:
                flush()
            if element is not container and element.tail:
                current.append(element.tail)
    flush()
    return paragraphs


def _fallback(root: Any) -> list[str]:
    """trafilatura's reading of a page that does not mark its article."""
    import trafilatura

    try:
        found = trafilatura.extract(
            root, favor_precision=True, include_comments=False, include_tables=True
        )
    except (RecursionError, ValueError, TypeError):
        return []
    return [squeeze(line) for line in (found or "").splitlines() if squeeze(line)]


def _lead(root: Any, body: Any) -> str | None:
    for path in _LEAD_PATHS:
        for element in root.xpath(path):
            # The body's own summary is in its paragraphs already.
            if body is not None and (element is body or body in element.iterancestors()):
                continue
            text = squeeze(element.text_content())
            if len(text) >= 20:
                return text
    return None


def _meta(root: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), squeeze(value))
    return found


def _json_ld(root: Any) -> list[dict[str, Any]]:
    """Every schema.org object of the page's JSON-LD that describes an article or page."""
    found: list[dict[str, Any]] = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if len(raw) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        found.extend(item for item in _objects(data) if _is_article(item))
    return found


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    seen = 0
    while stack and seen < 10_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
        elif isinstance(item, list):
            stack.extend(item)


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def _first_string(items: list[dict[str, Any]], key: str) -> str | None:
    for item in items:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return squeeze(value)
    return None


def _url(root: Any, meta: dict[str, str], linked: list[dict[str, Any]]) -> str | None:
    candidates: list[object] = [
        element.get("href") for element in root.xpath('//link[@rel="canonical"]')
    ]
    candidates += [meta.get("og:url"), _first_string(linked, "url")]
    for item in linked:
        page = item.get("mainEntityOfPage")
        candidates.append(page.get("@id") if isinstance(page, dict) else page)
    for candidate in candidates:
        found = web_url(candidate)
        if found:
            return found
    return None


def _source(meta: dict[str, str], linked: list[dict[str, Any]], url: str | None) -> str | None:
    for key in ("og:site_name", "application-name", "publisher", "dc.publisher"):
        if meta.get(key):
            return meta[key]
    for item in linked:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return squeeze(publisher["name"]) or None
    return host(url)


def _title(
    root: Any, meta: dict[str, str], linked: list[dict[str, Any]], source: str | None
) -> str | None:
    headings = [squeeze(h.text_content()) for h in root.iter("h1")]
    heading = next((h for h in headings if h), None)
    titles = [squeeze(t.text_content()) for t in root.iter("title")]
    for candidate in (
        meta.get("og:title"),
        _first_string(linked, "headline"),
        next((t for t in titles if t), None),
        heading,
    ):
        if candidate:
            return _without_site(candidate, source, heading)
    return None


def _without_site(title: str, source: str | None, heading: str | None) -> str:
    """``Talks with X • President of Russia`` -> ``Talks with X``: the site's name is the
    source, not part of the title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        site = _fold(source or "")
        if site and _fold(parts[-1]) == site:
            return _rejoin(title, -1)
        if site and _fold(parts[0]) == site:
            return _rejoin(title, 0)
        if heading and _fold(title).startswith(_fold(heading)):
            return heading
    return title


def _rejoin(title: str, drop: int) -> str:
    """``title`` without its first (``drop=0``) or last (``-1``) separated part."""
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if drop == 0:
        return title[separators[0].end() :]
    return title[: separators[-1].start()]


def _date(root: Any, meta: dict[str, str], linked: list[dict[str, Any]]) -> date | None:
    candidates: list[object] = [
        meta.get(key)
        for key in (
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "pubdate",
            "publish-date",
            "parsely-pub-date",
            "sailthru.date",
        )
    ]
    candidates.append(_first_string(linked, "datePublished"))
    candidates += [t.get("datetime") for t in root.xpath('//time[@itemprop="datePublished"]')]
    candidates += [t.get("datetime") for t in root.xpath("//article//time[@datetime]")]
    candidates += [t.get("datetime") for t in root.xpath("//time[@pubdate][@datetime]")]
    candidates += [t.get("datetime") for t in root.xpath("//time[@datetime]")[:1]]
    for candidate in candidates:
        day = parse_date(candidate)
        if day is not None:
            return day
    return None


def _fold(text: str) -> str:
    return squeeze(text.replace("\u00a0", " ")).casefold()


def _same(paragraph: str, title: str | None) -> bool:
    return bool(title) and _fold(paragraph) == _fold(title or "")
