"""A 2-3 sentence summary: the lead, then the sentences of the deadliest incidents."""

from __future__ import annotations

from generator.model import Incident

MAX_SENTENCES = 3
MAX_CHARS = 600


def summarise(sentences: list[str], incidents: list[Incident]) -> str:
    """The article's lead sentence, then the evidence of its deadliest counted
    incidents, in the order the article tells them, at most three sentences."""
    body = [s.strip() for s in sentences if len(s.split()) >= 8]
    if not body:
        return " ".join(s.strip() for s in sentences[:2]).strip()[:MAX_CHARS]
    chosen = [body[0]]
    ranked = sorted(
        (i for i in incidents if not i.aggregate),
        key=lambda i: (-(i.killed.best_total or 0), i.id),
    )
    for inc in ranked:
        first = next((s for s in body if s and s in inc.evidence), None)
        if first and first not in chosen:
            chosen.append(first)
        if len(chosen) >= MAX_SENTENCES:
            break
    if len(chosen) < 2 and len(body) > 1:
        chosen.append(body[1])
    ordered = list(dict.fromkeys(s for s in body if s in chosen))
    # whole sentences only: drop the last ones rather than cut one in half
    while len(ordered) > 1 and len(" ".join(ordered)) > MAX_CHARS:
        ordered.pop()
    text = " ".join(ordered)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
