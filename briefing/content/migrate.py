"""Content written for earlier versions, read as today's.

Review editions carry the content they were made from, and ``--since`` reads
it back; an office's own content folder may also predate a change. So a file
in an older shape is upgraded as it is read, with a warning that says what to
rename, rather than refused.
"""

from __future__ import annotations

import datetime
from typing import Any

from .articletext import dates_in
from .checks import BACKGROUND_FILE

# What the old background.yaml called "the conference": one review event.
OLD_EVENT_ID = "hoi-nghi"


def upgrade(filename: str, data: Any) -> list[tuple[tuple, str]]:
    """Rewrite ``data`` (one file's) in today's shape; return (path, what was renamed) for each change."""
    if not isinstance(data, dict):
        return []
    if filename == BACKGROUND_FILE:
        return _background(data)
    organisation = data.get("organisation")
    if isinstance(organisation, dict):
        return _participants(organisation)
    return []


def _background(data: dict) -> list[tuple[tuple, str]]:
    conference = data.get("conference")
    if not isinstance(conference, dict) or "events" in data:
        return []
    event = {key: value for key, value in conference.items() if key != "opening"}
    event["id"] = OLD_EVENT_ID
    if _year_not_quoted(conference.get("date"), conference.get("quote")):
        event["year_inferred"] = True  # earlier versions printed the year without saying whose it was
    if isinstance(conference.get("opening"), dict):
        event["summary"] = [conference["opening"]]
    data["events"] = [event]
    del data["conference"]
    return [
        (("conference",), f"“conference” nay là một mục của “events” (id: {OLD_EVENT_ID}, “opening” thành “summary”)")
    ]


def _year_not_quoted(date, quote) -> bool:
    if not isinstance(date, datetime.date) or not isinstance(quote, str):
        return False
    mentions = dates_in(" ".join(quote.split()))
    return not any(m.matches(date.day, date.month, date.year) for m in mentions)


def _participants(organisation: dict) -> list[tuple[tuple, str]]:
    people = organisation.get("participants")
    if not isinstance(people, list) or not people or "meetings" in organisation:
        return []
    first = people[0] if isinstance(people[0], dict) else {}
    meeting = {"title": "Những người dự", "people": people, "quote": first.get("quote")}
    if "source" in first:
        meeting["source"] = first["source"]
    if organisation.get("participants_others"):
        meeting["others"] = organisation["participants_others"]
    organisation["meetings"] = [meeting]
    organisation.pop("participants")
    organisation.pop("participants_others", None)
    return [(("organisation", "participants"),
             "“participants” nay là “meetings”, mỗi cuộc họp có “title” nói ai dự với tư cách gì; hãy ghi "
             "“title” đúng như bài báo")]  # fmt: skip
