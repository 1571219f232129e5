"""The article in a saved web page: its main text without the site around it, and the page's metadata.

trafilatura finds the main text (no menus, “Tin khác”, comments, share
buttons or footer) and reads the metadata the page declares: Open Graph and
other ``<meta>`` tags, JSON-LD, the byline. A site that declares no name is
named by its address's host name, and said to be. The date is read only from the
markup: htmldate's extensive search would take any date in the page's text,
even the year of its copyright line. A browser's “saved from url” comment
gives the address when the page declares none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TREE_SIZE = 500_000  # elements: a news page has a few thousand
_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+?) -->")


@dataclass(frozen=True)
class PageText:
    paragraphs: list[str]  # the main text, headline first, one entry per line
    title: str | None
    outlet: str | None  # the site's name, as the page declares it, or else its address's host name
    outlet_declared: bool  # whether the page declares it (Open Graph, JSON-LD), not just its host name
    author: str | None
    date: str | None  # NĂM-THÁNG-NGÀY
    url: str | None
    saved_from: str | None  # the address in the browser's “saved from url” comment


def page_text(data: bytes) -> PageText | None:
    """The article in the saved page ``data``; None if the page has no main text."""
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()  # the packaged settings, read afresh: no settings file of the user's is consulted
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    found = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
        config=config,
    )
    if found is None or not (found.text or "").strip():
        return None
    lines = found.text.splitlines()
    title = found.title or None
    near_the_top = {" ".join(line.split()) for line in lines[:3]}
    if title and " ".join(title.split()) not in near_the_top:  # the headline sat outside the main text
        lines.insert(0, title)  # (one found just below a kicker stays there: the text is never reordered)
    if not any(line.strip() for line in lines[1:]):  # a headline alone (a home page's menu, a photo page)
        return None
    saved_from = _SAVED_FROM.search(data[:4096])
    return PageText(
        lines,
        title,
        found.sitename or None,
        bool(found.sitename) and found.sitename != found.hostname,
        found.author or None,
        found.date or None,
        found.url or None,
        saved_from.group(1).decode("ascii", "replace") if saved_from else None,
    )
