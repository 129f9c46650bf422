"""The player decision: a small trained model that weighs all the evidence the rules gathered about a name.

The candidate rules propose names and the vetoes refuse them one clause at a time; each is right
most of the time and wrong in its own way on pages nobody wrote a rule for. This step looks at every
name the document proposed, admitted or refused, and reads the evidence as a whole: which rules
admitted it, which vetoes refused which of its forms, how the model labelled its mentions, how often
and where the page names it, the sentences it stands in (beside another player, joined to one by
"and", among words of working together, before ", which" or ", who"), its shape (an acronym, a legal form, an organisation head
word, the kind of thing its last word names) and whether the page writes its words in lower case
elsewhere. Nothing in it is a name: the features say how a name was found, never what it is, so what
it learns carries to organisations no page in training named.

The shipped model (data/player_model.json, trained by training/player_model.py on 692 annotated
pages) is gradient-boosted regression trees over those features; it gives each name a probability
of being a player, and an admitted name below `drop_below` is dropped (rule `veto_player_model`,
shown by `extract --explain`). A model may also admit a refused name above `admit_above` (rule
`player_model`); the shipped one does not (1.0). Pages shorter than any it was trained on
(`min_page_chars`) are left to the rules, and `Extractor(player_model=None)` turns the step off.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..vocabulary import normalise
from .clauses import cached, sentence_start
from .inventory import PlayerIndex
from .rules import rank, rule
from .types import Candidate, Rejection

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "player_model.json"
# Lexicon lists whose words may end a name: the kind of thing the name's last word says it is.
HEAD_KINDS = ("unit_words", "association_heads", "unit_heads", "device_heads", "programme_nouns",
              "facility_heads", "launch_site_heads", "degree_words", "event_words", "caption_words",
              "generic_org_nouns", "industry_words", "publisher_name_words", "body_nouns")
RELATIVE_PRONOUNS = {"which": "which", "that": "which", "who": "who", "whose": "who", "whom": "who"}
ENTITY_LABELS = ("ORG", "GPE", "PERSON", "PRODUCT", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT", "LAW")


@dataclass
class NameEvidence:
    """What the document says about one candidate name (one inventory key)."""
    key: str
    admitted: bool
    surfaces: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)

    @property
    def surface(self) -> str:
        return self.surfaces.most_common(1)[0][0]


def gather(index: PlayerIndex, parsed: list[tuple]) -> dict[str, NameEvidence]:
    """Every name the rules admitted or refused, keyed like the inventory, with its features."""
    names: dict[str, NameEvidence] = {}
    for key, forms in index.forms.items():
        if forms:
            ev = names[key] = NameEvidence(key, True)
            for surface, cand in forms.items():
                ev.surfaces[surface] += 1
                ev.features[f"rule:{cand.rule}"] = 1.0
                ev.features["listed"] = max(ev.features.get("listed", 0.0), float(cand.listed))
    for r in index.rejected:
        key = index.resolve(index.key(r.name))
        if not key or len(r.name) > 80:
            continue
        ev = names.setdefault(key, NameEvidence(key, False))
        ev.rejections.append(r)
        if not ev.admitted:             # an admitted name is known by its admitted forms
            ev.surfaces[r.name] += 1
        ev.features[f"veto:{r.rule}"] = 1.0
        ev.features[f"proposed:{r.proposed_by}"] = 1.0
    labels: dict[str, Counter] = defaultdict(Counter)
    for _, spacy_doc in parsed:
        for ent in spacy_doc.ents:
            key = index.resolve(index.key(ent.text))
            if key in names:
                labels[key][ent.label_] += 1
    admitted = {s for ev in names.values() if ev.admitted for s in ev.surfaces if s and len(s) <= 60}
    texts = [(spacy_doc, spacy_doc.text) for _, spacy_doc in parsed]     # Doc.text joins its tokens anew
    for key, ev in names.items():
        ev.features.update(context_features(ev, texts, admitted, index.lexicon))
    text = index.text
    head = text[:400]
    lex = index.lexicon
    org_heads = lex.words("org_head_words")
    institution_words = lex.union("unit_words", "association_heads")
    lowered = set(re.findall(r"\b[a-z][a-z-]*\b", text))
    suffixes = lex.words("legal_suffixes")
    after_the = [m.end() for m in THE.finditer(text)]
    for key, ev in names.items():
        f = ev.features
        f["admitted"] = float(ev.admitted)
        f["refused"] = float(bool(ev.rejections))
        seen = labels.get(key, Counter())
        total = sum(seen.values())
        for label in ENTITY_LABELS:
            if seen[label]:
                f[f"ner:{label}"] = seen[label] / total
        if not total:
            f["ner:none"] = 1.0
        surface = ev.surface
        words = surface.split()
        count = sum(1 for _ in whole_word_starts(text, surface)) if surface else 0
        f["mentions"] = math.log1p(count)
        f["once"] = float(count <= 1)
        f["in_head"] = float(bool(surface) and surface in head)
        f[f"words:{min(len(words), 4)}"] = 1.0
        f["acronym"] = float(len(words) == 1 and surface.isupper() and len(surface) >= 2)
        f["digit"] = float(any(c.isdigit() for c in surface))
        f["lower_start"] = float(surface[:1].islower())
        norm_words = normalise(surface).split()
        f["org_head"] = float(len(norm_words) > 1 and norm_words[-1] in org_heads)
        f["institution_word"] = float(len(norm_words) > 1 and bool(set(norm_words) & institution_words))
        f["legal_form"] = float(any(w in suffixes or w.rstrip(".") in suffixes for w in norm_words[1:]))
        f["defined_acronym"] = float(key in index.acronyms.values())
        f["forms"] = math.log1p(len(ev.surfaces))
        if norm_words:
            for kind in HEAD_KINDS:
                if norm_words[-1] in lex.words(kind):
                    f[f"last:{kind}"] = 1.0
        f["the_before"] = float(follows_the(text, after_the, surface)) if surface else 0.0
        plain = [w for w in words if w[:1].isupper() and w.casefold() not in org_heads]
        if plain:       # words the page also writes in lower case are common words, not a coined name
            f["common_words"] = sum(w.casefold() in lowered for w in plain) / len(plain)
        f["page_size"] = math.log1p(len(text) / 1000)
    return names


WORD_CHARACTER = re.compile(r"\w")
THE = re.compile(r"(?i)\bthe")


def whole_word_starts(text: str, surface: str) -> Iterator[int]:
    """Where the non-empty `surface` stands in `text` with no word character (`\\w`) on either
    side: the starts of `re.finditer(r"(?<!\\w)" + re.escape(surface) + r"(?!\\w)", text)`,
    found with `str.find`. (The regular expression, starting with a look-behind, is tried at
    every character of the page, for every name.)"""
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if not (start and WORD_CHARACTER.match(text, start - 1)) and not WORD_CHARACTER.match(text, end):
            yield start
            start = text.find(surface, end)
        else:
            start = text.find(surface, start + 1)


def follows_the(text: str, after_the: list[int], surface: str) -> bool:
    """Whether `text` writes the non-empty `surface` after "the" and white space, in any case:
    `re.search(r"(?i)\\bthe\\s+" + re.escape(surface), text)`, asked only where "the" ends
    (`after_the`: the ends of `THE`'s matches, found once per page, not once per name)."""
    rest = re.compile(r"(?i)\s+" + re.escape(surface))
    return any(rest.match(text, end) for end in after_the)


def context_features(ev: NameEvidence, texts: list[tuple], admitted: set[str], lex) -> dict[str, float]:
    """How the page uses the name, over all its mentions: the word before and after it, its syntactic
    role and the lemma of the word it hangs on ("signed", "by", "aboard"), the relative pronoun after
    it (", which ..." or ", who ..."); whether its sentence names another admitted player, joins it to
    one by "and" or a comma, or speaks of working together (lexicon `collaboration_cues`) or of members
    (`member_nouns`); each as the share of the mentions that have it. The name's own words are never a
    feature. `texts` are the page's parsed blocks with their text."""
    seen: Counter = Counter()
    mentions = 0
    surfaces = [s for s in ev.surfaces if s and len(s) <= 60]
    others = [s for s in admitted if s not in ev.surfaces]
    for spacy_doc, text in texts:
        for surface in surfaces:
            if surface not in text:
                continue
            for start in whole_word_starts(text, surface):
                span = spacy_doc.char_span(start, start + len(surface), alignment_mode="expand")
                if span is None:
                    continue
                mentions += 1
                before = spacy_doc[span.start - 1] if span.start > 0 else None
                after = spacy_doc[span.end] if span.end < len(spacy_doc) else None
                seen[f"prev:{_word(before)}"] += 1
                seen[f"next:{_word(after)}"] += 1
                clause = spacy_doc[span.end:span.end + 2]       # ", which ..." is a thing's, ", who ..." a person's
                if len(clause) == 2 and clause[0].text == "," and clause[1].lower_ in RELATIVE_PRONOUNS:
                    seen[f"relative:{RELATIVE_PRONOUNS[clause[1].lower_]}"] += 1
                root = span.root
                seen[f"dep:{root.dep_}"] += 1
                if root.head is not root and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss",
                                                           "appos", "compound", "conj"):
                    seen[f"head:{root.dep_}:{root.head.lemma_.lower()}"] += 1
                sent_text, cue, member = _sentence(spacy_doc[span.start], lex)
                named = [o for o in others if o in sent_text]
                if named:
                    seen["sent:other_player"] += 1
                    joined = {t.text for t in root.conjuncts}
                    if any(w in o.split() for o in named for w in joined):
                        seen["sent:joined_player"] += 1
                if cue:
                    seen["sent:collaboration_cue"] += 1
                if member:
                    seen["sent:member_noun"] += 1
    return {k: v / mentions for k, v in seen.items()} if mentions else {"no_mention": 1.0}


def _sentence(token, lex) -> tuple[str, bool, bool]:
    """The text of the sentence holding `token`, and whether it has a word of working together
    (lexicon `collaboration_cues`) and of members (`member_nouns`), as lemma or as written; worked out
    once per sentence (kept with the parsed block, as clauses.cached keeps what rules ask again)."""
    start = sentence_start(token)

    def facts(doc) -> tuple[str, bool, bool]:
        sent = next(s for s in doc.sents if s.start == start)
        words = {t.lemma_.casefold() for t in sent} | {t.lower_ for t in sent}
        return sent.text, bool(words & lex.words("collaboration_cues")), bool(words & lex.words("member_nouns"))
    return cached(token.doc, f"decision_sentence:{start}", facts)


def _word(token) -> str:
    """A neighbouring token as a feature value: its lower-cased word, or its kind when it is not a word."""
    if token is None:
        return "<edge>"
    if token.is_punct:
        return token.text if token.text in ",.:;()'\"-" else "<punct>"
    if token.like_num:
        return "<num>"
    if token.text[:1].isupper():
        return "<Cap>"
    return token.lower_


@dataclass
class PlayerModel:
    """A player's probability from `gather`'s features, with the two thresholds that act on it.

    The score is `bias` plus a linear part (`weights`, a logistic regression) plus the leaf values of
    regression `trees` (gradient-boosted trees, which weigh features together rather than one by
    one); the probability is its logistic. A model file holds either part or both."""
    weights: dict[str, float]
    bias: float
    drop_below: float
    admit_above: float
    trained_on: str = ""
    trees: list[dict] = field(default_factory=list)
    min_page_chars: int = 0

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PlayerModel | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(data.get("weights", {}), data["bias"], data["drop_below"], data["admit_above"],
                   data.get("trained_on", ""), data.get("trees", []), data.get("min_page_chars", 0))

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {"trained_on": self.trained_on, "bias": round(self.bias, 6), "drop_below": self.drop_below,
                "admit_above": self.admit_above, "min_page_chars": self.min_page_chars,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) > 1e-6}}
        if self.trees:          # 200 trees: one compact line, not 100,000 indented ones
            data["trees"] = self.trees
            path.write_text(json.dumps(data, separators=(",", ":")) + "\n", "utf-8")
        else:
            path.write_text(json.dumps(data, indent=1) + "\n", "utf-8")

    def score(self, ev: NameEvidence) -> float:
        """The probability that the name `ev` is a player."""
        return self.probability(ev.features)

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(tree_value(tree, features) for tree in self.trees)
        if self.weights:
            z += sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def tree_value(tree: dict, features: dict[str, float]) -> float:
    """The leaf value one regression tree gives `features`. A tree is parallel lists over its nodes:
    `feature` (None at a leaf), `threshold` (a value at or below it goes `left`), `right`, `value`;
    a feature the name does not have counts 0, as in training."""
    feature, threshold, left, right = tree["feature"], tree["threshold"], tree["left"], tree["right"]
    node = 0
    while feature[node] is not None:
        node = left[node] if features.get(feature[node], 0.0) <= threshold[node] else right[node]
    return tree["value"][node]


@rule("veto_player_model", "vetoes")
def drop_unlikely(ev: NameEvidence, p: float, model: PlayerModel) -> bool:
    """Vetoes an admitted name that the player model (data/player_model.json), weighing every rule
    that admitted or refused its forms, its entity labels, how often and where it is named and its
    shape, scores below its `drop_below` threshold."""
    return ev.admitted and p < model.drop_below


@rule("player_model", "candidates")
def admit_likely(ev: NameEvidence, p: float, model: PlayerModel) -> bool:
    """Yields a refused name that the player model scores above its `admit_above` threshold: the
    evidence across the page outweighs the one clause that refused it (a company the entity model
    labels a place, a name first met in a list a veto read as people)."""
    return not ev.admitted and p > model.admit_above and any(r.source is not None for r in ev.rejections)


def decide(index: PlayerIndex, parsed: list[tuple], model: PlayerModel | None) -> None:
    """Apply the model to every name the rules admitted or refused. Nothing changes with no model, or
    on a page shorter than any the model was trained on (`min_page_chars`): a snippet of a sentence or
    two has none of the evidence across a page that the model weighs, and names every player once."""
    if model is None or len(index.text) < model.min_page_chars:
        return
    for key, ev in gather(index, parsed).items():
        p = model.score(ev)
        if drop_unlikely(ev, p, model):
            index.drop(key, drop_unlikely.rule_id)
        elif admit_likely(ev, p, model):
            r = next(r for r in ev.rejections if r.source is not None)
            surface = ev.surface
            index.forms[key] = {surface: Candidate(surface, admit_likely.rule_id, rank(admit_likely.rule_id),
                                                   source=r.source)}
