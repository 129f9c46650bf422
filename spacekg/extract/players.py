"""Finding the players (organisations) a document names, merging their aliases.

Candidates come from several independent rules, each named in the evidence:
- `players_list`: the items of a key-players section;
- `players_enumeration`: "major companies operating in the market are A, B and C";
- `ner_org`: the trained model's ORG entities in prose;
- `org_suffix`: "Capitalised Words Inc./Ltd./Corporation";
- `org_cue`: "the startup X", "X, a Luxembourg-based company";
- `org_subject`: a proper-noun subject of an organisation verb ("X announced ...").
Every candidate passes the same filter (not a market name, a heading word, a technology, a
segment value, a region, a person), then all surface forms are merged on a normalised key
("Acme Lunar, Inc." and "Acme Lunar" are one player). A matcher built from the merged names
then finds every mention, including those the model missed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..vocabulary import normalise
from .facts import Player
from .lexicon import Lexicon
from .pipeline import ORGS_KEY, TERMS_KEY

PROSE_BLOCKS = {"item", "paragraph"}
NO_PLAYERS_SECTIONS = {"questions", "related_reports", "toc", "boilerplate", "segment_dimension"}
LEADING = re.compile(r"^(?:the|a|an|and|or|by|with|from)\s+", re.I)
PARENTHETICAL = re.compile(r"\s*[\(\[][^)\]]*[\)\]]\s*")
ACRONYM_DEF = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&-]{1,10})\)$")


@dataclass
class Candidate:
    surface: str
    rule: str
    confidence: float
    listed: bool = False


@dataclass
class PlayerIndex:
    """All surface forms seen for each player, keyed by a normalised name."""
    lexicon: Lexicon
    forms: dict[str, dict[str, Candidate]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)     # acronym key -> long-form key

    def key(self, name: str) -> str:
        suffixes = self.lexicon.words("legal_suffixes") | {"the"}
        words = normalise(name).split()
        kept = [w for w in words if w.rstrip(".") not in suffixes and w not in suffixes]
        return " ".join(kept or words)

    def add(self, surface: str, rule: str, confidence: float, listed: bool = False) -> str | None:
        surface = clean_name(surface)
        m = ACRONYM_DEF.match(surface)
        if m:                                   # "National ... Administration (NASA)"
            long_key = self.add(m.group("long"), rule, confidence, listed)
            if long_key and self.acceptable(m.group("short")):
                self.acronyms[self.key(m.group("short"))] = long_key
                self.forms[long_key].setdefault(m.group("short"), Candidate(m.group("short"), rule, confidence))
            return long_key
        surface = PARENTHETICAL.sub(" ", surface).strip()
        if not self.acceptable(surface):
            return None
        k = self.resolve(self.key(surface))
        forms = self.forms.setdefault(k, {})
        old = forms.get(surface)
        if old is None or confidence > old.confidence:
            forms[surface] = Candidate(surface, rule, confidence, listed or (old.listed if old else False))
        elif listed:
            old.listed = True
        return k

    def resolve(self, key: str) -> str:
        return self.acronyms.get(key, key)

    def acceptable(self, name: str) -> bool:
        """The filter every candidate passes before it becomes a player."""
        words = name.split()
        if not words or len(words) > 7 or len(name) < 2 or len(name) > 80:
            return False
        if not any(c.isalpha() for c in name) or re.search(r"\d{3,}", name):
            return False
        norm = normalise(name)
        raw = self.lexicon.raw["not_players"]
        if norm in {normalise(p) for p in raw["phrases"]}:
            return False
        norm_words = norm.split()
        if norm_words and (norm_words[-1] in {normalise(w) for w in raw["words"]}):
            return False
        if len(norm_words) == 1 and norm_words[0] in {normalise(w) for w in raw["words"]}:
            return False
        if self.lexicon.vocabulary.lookup(name) is not None or norm in self.lexicon.words("technology_terms"):
            return False
        if norm_words and norm_words[0] in self.lexicon.words("generic_org_nouns"):
            return False
        if norm in self.lexicon.words("generic_org_nouns"):
            return False
        return name[0].isupper() or name[0].isdigit() or any(c.isupper() for c in name[1:])

    def players(self) -> list[Player]:
        out = []
        for key, forms in self.forms.items():
            if not forms:
                continue
            names = sorted(forms, key=lambda s: (len(s), s))
            canonical = canonical_name(_best_canonical(names, self), self)
            aliases = sorted({n for n in names if n != canonical})
            listed = any(c.listed for c in forms.values())
            out.append(Player(canonical, aliases, kind_of(" ".join(names), self.lexicon), listed))
        return out


def _best_canonical(names: list[str], index: PlayerIndex) -> str:
    """The fullest form that is not an acronym: its legal suffix is dropped by `canonical_name`."""
    longs = [n for n in names if not re.fullmatch(r"[A-Z0-9&-]{2,10}", n)]
    return max(longs or names, key=lambda s: (len(s), s))


def clean_name(surface: str) -> str:
    s = " ".join(surface.replace("\u00a0", " ").split()).strip(" ,;:.-–—•*\"'“”‘’")
    if surface.rstrip().endswith(".") and re.search(r"\b(?:Inc|Ltd|Co|Corp|S\.A|N\.V|B\.V)$", s):
        s += "."
    s = LEADING.sub("", s)
    s = re.sub(r"['’]s$", "", s)
    return s.strip()


def canonical_name(name: str, index: PlayerIndex) -> str:
    """Drop one trailing legal suffix: "Acme Lunar, Inc." -> "Acme Lunar".

    Not when what is left is a generic word ("Space Corporation" stays as it is)."""
    suffixes = index.lexicon.words("legal_suffixes")
    words = name.split()
    if len(words) >= 2 and words[-1].casefold() in suffixes | {w.rstrip(".") for w in suffixes}:
        shorter = " ".join(words[:-1]).rstrip(" ,")
        generic = index.lexicon.words("org_head_words") | index.lexicon.words("generic_org_nouns")
        if len(shorter.split()) > 1 or shorter.casefold() not in generic:
            return shorter
    return name


def kind_of(names: str, lexicon: Lexicon) -> str:
    text = " " + normalise(names) + " "
    for kind, cues in lexicon.raw["org_kinds"].items():
        if any(" " + normalise(c) + " " in text for c in cues):
            return kind
    if re.search(r"\b[A-Z]{2,5}SA\b", names):      # space-agency acronyms end in "SA"
        return "agency"
    return "company"


# ---------------------------------------------------------------- candidate rules

def list_candidates(block, index: PlayerIndex) -> None:
    """Items of a key-players section: "Planetary Resources, Inc.", "NASA (in collaboration with ...)"."""
    text = block.clean
    text = re.split(r"\s+[–—-]\s+|:\s", text, maxsplit=1)[0]
    if len(text.split()) <= 8:
        index.add(text, "players_list", 0.95, listed=True)


ENUM_CUE = re.compile(
    r"\b(?:companies|players|vendors|manufacturers|firms|participants|competitors|operators|startups|"
    r"suppliers|providers)\b[^.:]{0,80}?\b(?:are|include|includes|including|such as|like|namely|comprise)\b:?\s*"
    r"(?P<list>[^.;]+)", re.I)


def enumeration_candidates(sent: Span, index: PlayerIndex) -> None:
    """"Major companies operating in the market are A, B, C and D"."""
    m = ENUM_CUE.search(sent.text)
    if not m:
        return
    items = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|;\s*", m.group("list"))
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2:
        return
    for item in items:
        item = re.split(r"\s+(?:among|in|which|that|who|have|has|are|is)\s+", item)[0]
        if item[:1].isupper() or (item[:1].islower() and any(c.isupper() for c in item[1:])):
            index.add(item, "players_enumeration", 0.85)


def ner_candidates(doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    for ent in doc.ents:
        if ent.label_ == "ORG" and not _person_context(ent, lexicon):
            index.add(ent.text, "ner_org", 0.75)
    for span in doc.spans.get(ORGS_KEY, []):
        index.add(span.text, "org_suffix", 0.85)


def cue_candidates(doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    """"startup X" / "X, a Y-based company" / subjects of organisation verbs."""
    cues = lexicon.words("org_cue_nouns")
    verbs = lexicon.words("org_subject_verbs")
    for chunk in proper_chunks(doc):
        before = doc[max(chunk.start - 2, 0):chunk.start]
        if any(t.lower_ in cues for t in before):
            index.add(chunk.text, "org_cue", 0.7)
            continue
        after = doc[chunk.end:chunk.end + 6]
        if len(after) >= 3 and after[0].text == "," and after[1].lower_ in ("a", "an", "the") \
                and any(t.lower_ in cues for t in after[2:]):
            index.add(chunk.text, "org_cue", 0.7)
            continue
        root = chunk.root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.casefold() in verbs \
                and not _is_person_or_place(chunk) and not _person_context(chunk, lexicon):
            index.add(chunk.text, "org_subject", 0.6)


def proper_chunks(doc: Doc):
    """Maximal runs of proper nouns (and '&', "of" between them): name candidates."""
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].text[:1].isalpha():
            j = i + 1
            while j < len(doc) and (doc[j].pos_ == "PROPN" or (doc[j].text in ("&",) and j + 1 < len(doc)
                                                                and doc[j + 1].pos_ == "PROPN")):
                j += 1
            yield doc[i:j]
            i = j
        else:
            i += 1


def _is_person_or_place(span: Span) -> bool:
    return any(e.label_ in ("PERSON", "GPE", "LOC", "NORP", "FAC") and e.start <= span.start and span.end <= e.end
               for e in span.doc.ents)


def _person_context(span: Span, lexicon: Lexicon) -> bool:
    """A name followed or preceded by a role ("said", "CEO") is a person, not an organisation."""
    roles = lexicon.words("person_roles")
    doc = span.doc
    near = [t.lower_ for t in doc[max(span.start - 2, 0):span.start]] + \
           [t.lower_ for t in doc[span.end:span.end + 2]]
    return any(w in roles for w in near) and any(e.label_ == "PERSON" and e.start == span.start for e in doc.ents)


def in_prose(block) -> bool:
    return block.kind in PROSE_BLOCKS and not (set(block.section.kinds()) & NO_PLAYERS_SECTIONS
                                               if block.section else False)


# ---------------------------------------------------------------- finding mentions

@dataclass
class Mention:
    key: str
    span: Span


def find_players(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Run every candidate rule over the parsed blocks, filling `index`."""
    for block, doc in parsed:
        kinds = block.section.kinds() if block.section else []
        if block.kind == "item" and "players" in kinds and "segment_dimension" not in kinds:
            list_candidates(block, index)
            continue
        if not in_prose(block):
            continue
        ner_candidates(doc, index, lexicon)
        cue_candidates(doc, index, lexicon)
        for sent in doc.sents:
            enumeration_candidates(sent, index)


def mention_matcher(nlp, index: PlayerIndex) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, forms in index.forms.items():
        patterns = []
        for surface in forms:
            patterns.append(nlp.make_doc(surface))
            short = canonical_name(surface, index)
            if short != surface:
                patterns.append(nlp.make_doc(short))
        matcher.add(key, patterns)
    return matcher


def mentions_in(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    """Longest non-overlapping player mentions in a doc, skipping those inside a segment term."""
    found = []
    for match_id, start, end in matcher(doc):
        found.append(Mention(doc.vocab.strings[match_id], doc[start:end]))
    found.sort(key=lambda m: (-(m.span.end - m.span.start), m.span.start))
    taken: set[int] = set()
    out = []
    for m in found:
        if taken & set(range(m.span.start, m.span.end)):
            continue
        if _inside_term(m.span):
            continue
        taken |= set(range(m.span.start, m.span.end))
        out.append(m)
    return sorted(out, key=lambda m: m.span.start)


def _inside_term(span: Span) -> bool:
    return any(t.start <= span.start and span.end <= t.end and (t.end - t.start) > (span.end - span.start)
               for t in span.doc.spans.get(TERMS_KEY, []))
