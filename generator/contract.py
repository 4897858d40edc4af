"""The JSON contract of ``sitrep extract --json`` (schema ``sitrep.incidents/1``).

The evaluation scorer and the site's ``incidents.json`` download both read this
shape, so it is extended, never broken. See ``shared/eval/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.events import Event, event_json
from generator.model import Casualties, CodedArticle, Faction, Incident

SCHEMA = "sitrep.incidents/1"


def casualties_json(c: Casualties) -> dict[str, int | None]:
    return {
        "total": c.total,
        "civilians": c.civilians,
        "combatants": c.combatants,
        "children": c.children,
        "women": c.women,
    }


def incident_json(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "date": inc.date.isoformat() if inc.date else None,
        "date_precision": inc.date_precision,
        "place": inc.place.name,
        "province": inc.place.province,
        "latitude": inc.place.latitude,
        "longitude": inc.place.longitude,
        "geo_precision": inc.place.precision,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "means": inc.means,
        "perpetrator": inc.perpetrator,
        "target": inc.target,
        "killed": casualties_json(inc.killed),
        "injured": {"total": inc.injured.total},
        "aggregate": inc.aggregate,
        "attribution": inc.attribution,
        "evidence": inc.evidence,
    }


def article_json(coded: CodedArticle) -> dict[str, Any]:
    a = coded.article
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "source": a.source,
        "url": a.url,
        "path": a.path,
        "summary": coded.summary,
        "incidents": [incident_json(i) for i in coded.incidents],
    }


def contract_json(
    coded: Iterable[CodedArticle],
    factions: Mapping[str, Faction],
    events: Iterable[Event] | None = None,
) -> dict[str, Any]:
    """The whole document, articles sorted by id so the file diffs cleanly; with
    ``events``, the incidents merged across articles (one per real-world event)."""
    doc = {
        "schema": SCHEMA,
        "factions": {fid: {"name": f.name, "bloc": f.bloc} for fid, f in sorted(factions.items())},
        "articles": [article_json(c) for c in sorted(coded, key=lambda c: c.article.id)],
    }
    if events is not None:
        doc["events"] = [event_json(e) for e in events]
    return doc
