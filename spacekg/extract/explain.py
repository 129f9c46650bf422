"""What produced each fact of an extraction, and what refused each rejected name (`spacekg extract --explain`).

`explain(extraction)` gives plain JSON: every player with the rules that admitted its surface forms
and the sentence each was read in; every target, collaboration, technology, development and market
figure with the rule that produced it and its evidence sentence; every rejected candidate name with
the rule that refused it, the rule that proposed it and its sentence; and the one-line description
of every rule named. `render(explained)` is the same as text for a terminal.
"""
from __future__ import annotations

from typing import Any

from ..text import shorten
from .acronyms import definitions
from .facts import Evidence, Extraction
from .rules import REGISTRY, load_rule_modules


def _ev(e: Evidence | None) -> dict[str, Any]:
    if e is None:
        return {"rule": None, "evidence": None}
    return {"rule": e.rule, "confidence": e.confidence, "evidence": e.sentence, "start": e.start, "end": e.end}


def explain(ex: Extraction) -> dict[str, Any]:
    load_rule_modules()
    players = [{"name": p.name, "kind": p.kind, "aliases": list(p.aliases),
                "rules": list(dict.fromkeys(a.evidence.rule for a in p.admitted)),
                "admitted": [{"form": a.form, **_ev(a.evidence)} for a in p.admitted]} for p in ex.players]
    relations = {
        "targets": [{"player": t.player, "resources": list(t.resources), "platforms": list(t.platforms),
                     **_ev(t.evidence)} for t in ex.targets],
        "collaborations": [{"players": list(c.players), **_ev(c.evidence)} for c in ex.collaborations],
        "technologies": [{"player": t.player, "technology": t.technology, **_ev(t.evidence)} for t in ex.technologies],
        "developments": [{"participants": list(d.participants), "date": d.date, **_ev(d.evidence)}
                         for d in ex.developments],
        "market": [{"metric": m.metric, "value": m.value, "unit": m.unit, "year": m.year, "from": m.from_year,
                    "to": m.to_year, **_ev(m.evidence)} for m in ex.market],
    }
    rejected = [{"name": r.name, "rule": r.rule, "proposed_by": r.proposed_by,
                 "evidence": r.evidence.sentence if r.evidence else None,
                 "start": r.evidence.start if r.evidence else None} for r in ex.rejected]
    used = {p_rule for p in players for p_rule in p["rules"]}
    used |= {f["rule"] for facts in relations.values() for f in facts if f["rule"]}
    used |= {r["rule"] for r in rejected} | {r["proposed_by"] for r in rejected}
    acronyms = [{"acronym": d.acronym, "player": d.long_form, **_ev(d.evidence)} for d in definitions(ex)]
    used |= {a["rule"] for a in acronyms}
    rules = {rid: REGISTRY[rid].summary for rid in sorted(used) if rid in REGISTRY}
    return {"doc": ex.doc, "players": players, **relations, "rejected": rejected, "acronyms": acronyms,
            "rules": rules}


def render(explained: dict[str, Any], width: int = 100) -> str:
    """The explanation as text: one block per fact, the rule id first, then the evidence sentence."""
    def sentence(text: str | None) -> str:
        text = " ".join((text or "").split())
        return f'    "{shorten(text, width)}"' if text else "    (no sentence)"

    lines = [f"{explained['doc']}"]
    lines.append(f"\nplayers ({len(explained['players'])})")
    for p in explained["players"]:
        lines.append(f"  {p['name']} [{p['kind']}]")
        for a in p["admitted"]:
            lines.append(f"    {a['form']!r} admitted by {a['rule']}")
            lines.append("  " + sentence(a["evidence"]))
    labels = {
        "targets": lambda f: f"{f['player']} -> {', '.join(f['resources'] + f['platforms'])}",
        "collaborations": lambda f: " <-> ".join(f["players"]),
        "technologies": lambda f: f"{f['player']} -> {f['technology']}",
        "developments": lambda f: ", ".join(f["participants"]) + (f" ({f['date']})" if f["date"] else ""),
        "market": lambda f: f"{f['metric']} {f['value']:g} {f['unit']}" +
                            (f" ({f['year']})" if f["year"] else f" ({f['from']}-{f['to']})"),
    }
    for kind, label in labels.items():
        lines.append(f"\n{kind} ({len(explained[kind])})")
        for f in explained[kind]:
            lines.append(f"  {label(f)}  by {f['rule']}")
            lines.append(sentence(f["evidence"]))
    lines.append(f"\nrejected candidates ({len(explained['rejected'])})")
    for r in explained["rejected"]:
        lines.append(f"  {r['name']!r} refused by {r['rule']} (proposed by {r['proposed_by']})")
        lines.append(sentence(r["evidence"]))
    acronyms = explained.get("acronyms", [])
    lines.append(f"\nacronyms defined, joined across the store ({len(acronyms)})")
    for a in acronyms:
        lines.append(f"  {a['acronym']} = {a['player']}  by {a['rule']}")
        lines.append(sentence(a["evidence"]))
    lines.append("\nrules")
    for rid, summary in explained["rules"].items():
        lines.append(f"  {rid}: {shorten(summary, width)}")
    return "\n".join(lines)
