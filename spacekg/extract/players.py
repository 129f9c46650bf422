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
from .tables import Header, is_row, player_cell

PROSE_BLOCKS = {"item", "paragraph"}
NO_PLAYERS_SECTIONS = {"questions", "related_reports", "toc", "boilerplate", "segment_dimension", "contact",
                       "disclaimer"}
LEADING = re.compile(r"^(?:the|a|an|and|or|by|with|from)\s+", re.I)
PARENTHETICAL = re.compile(r"\s*[\(\[][^)\]]*[\)\]]\s*")
PAIRED = re.compile(r"\s+(?:x|×|\+)\s+")
# Small words inside organisation names, in English and the languages names are often kept in.
NAME_CONNECTORS = {"of", "and", "the", "for", "de", "del", "la", "des", "du", "der", "di", "da", "y", "et", "und"}
ACRONYM_DEF = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&-]{1,10})\)$")


def abbreviates(short: str, long: str) -> bool:
    """"OSRA" of "Office of Space Resource Administration", "LXA" of "Lunar eXploration Agency":
    the short form's letters start the long form's words, in order."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", long) if w.casefold() not in NAME_CONNECTORS]
    letters = short.upper().replace("&", "").replace("-", "")
    if len(letters) < 2 or not short[:2].isupper() and not short.isupper():
        return False

    def fit(i: int, j: int) -> bool:            # letters[i:] from words[j:], each word giving a prefix
        if i == len(letters):
            return True
        for k in range(j, len(words)):
            w = words[k].upper()
            for n in range(min(len(w), len(letters) - i), 0, -1):
                if letters[i:i + n] == w[:n] and fit(i + n, k + 1):
                    return True
        return False
    if not words or letters[0] != words[0][0].upper():
        return False
    if fit(0, 0):
        return True
    rest = iter("".join(words).upper())             # "LXA": Lunar eXploration Agency
    return all(c in rest for c in letters) and letters[-1] in words[-1].upper()


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
    products: set[str] = field(default_factory=set)            # names used as product names

    def key(self, name: str) -> str:
        suffixes = self.lexicon.words("legal_suffixes") | {"the"}
        words = normalise(name).split()
        kept = [w for w in words if w.rstrip(".") not in suffixes and w not in suffixes]
        return " ".join(kept or words)

    def add(self, surface: str, rule: str, confidence: float, listed: bool = False,
            lowercase: bool = False) -> str | None:
        surface = clean_name(surface)
        parts = PAIRED.split(surface)
        if len(parts) > 1 and all(p[:1].isupper() for p in parts):      # "Acme Orbital x Beta Robotics"
            return [self.add(p, rule, confidence, listed, lowercase) for p in parts][0]
        m = ACRONYM_DEF.match(surface)
        if m and abbreviates(m.group("short"), m.group("long")):   # "Office of ... Administration (OSRA)"
            long_key = self.add(m.group("long"), rule, confidence, listed)
            if long_key and self.acceptable(m.group("short")):
                short_key = self.key(m.group("short"))
                self.acronyms[short_key] = long_key
                if short_key != long_key and short_key in self.forms:      # seen alone before its definition
                    for surface, cand in self.forms.pop(short_key).items():
                        self.forms[long_key].setdefault(surface, cand)
                self.forms[long_key].setdefault(m.group("short"), Candidate(m.group("short"), rule, confidence))
            return long_key
        surface = PARENTHETICAL.sub(" ", surface).strip()
        if not self.acceptable(surface, lowercase):
            return None
        core = self.key(surface)
        if core in self.lexicon.words("generic_org_nouns") and rule in WEAK_RULES:
            return None                         # "Limited Partners": a suffix and a generic noun
        if rule in WEAK_RULES and core != normalise(surface) and \
                all(self._lexicon_word(w) for w in core.split()):
            return None                         # "Regolith Co." cut out of "Ares Regolith Co."
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

    def acceptable(self, name: str, lowercase: bool = False) -> bool:
        """The filter every candidate passes before it becomes a player."""
        words = name.split()
        if not words or len(words) > 7 or len(name) < 2 or len(name) > 80:
            return False
        if not any(c.isalpha() for c in name) or re.search(r"\d{3,}", name):
            return False
        norm = normalise(name)
        if norm in self.lexicon.normalised("not_players", "phrases"):
            return False
        norm_words = norm.split()
        if norm_words and norm_words[-1] in self.lexicon.normalised("not_players", "words"):
            return False
        if len(norm_words) == 1 and norm_words[0] in self.lexicon.normalised("not_players", "words"):
            return False
        if self.lexicon.vocabulary.lookup(name) is not None or norm in self.lexicon.technology_forms:
            return False
        if norm_words and norm_words[-1] in self.lexicon.words("publisher_words") and len(norm_words) > 1 and \
                not self.lexicon.words("institution_words") & set(norm_words):     # not "Agency of Space Research"
            return False                        # "Deep Horizon Analytics": who wrote the report
        if norm_words and norm_words[0] in self.lexicon.words("generic_org_nouns"):
            return False
        if all(w.rstrip(".") in self.lexicon.words("legal_suffixes") or w in self.lexicon.words("legal_suffixes")
               for w in norm_words):
            return False                        # "Ltd.", "SAS": a suffix without a name
        heading_words = self.lexicon.heading_words()
        if all(self._lexicon_word(w) for w in norm_words) and any(w in heading_words for w in norm_words):
            return False                        # "Platform Asteroids", "Aerospace & Defense"
        if norm in self.lexicon.words("generic_org_nouns"):
            return False
        if all(w in self.lexicon.words("person_roles") or w in ("and", "of", "&") for w in norm_words):
            return False                        # "Founder & CEO"
        if "#" in name or "@" in name or words[0].casefold().rstrip(".") in self.lexicon.words("honorifics"):
            return False                        # "#NewSpace #ISRU", "Dr. Ana Vidal"
        if len(norm_words) >= 3 and norm_words[1] == "of" and norm_words[0] in self.lexicon.words("state_words"):
            return False                        # "Republic of Paraguay": a country
        if len(norm_words) == 1 and norm in self.lexicon.words("org_head_words") and not name.isupper():
            return False                        # "the Authority's": a reference back, not a name
        return lowercase or name[0].isupper() or name[0].isdigit() or any(c.isupper() for c in name[1:]) or \
            (len(words) == 2 and words[1].casefold() in self.lexicon.words("legal_suffixes"))   # "espace, inc."

    def headed(self, key: str) -> bool:
        """A name of two or more words ending in an organisation head word ("Wadi Minerals"): an
        organisation even where the model calls it a place."""
        words = key.split()
        return len(words) >= 2 and words[-1] in self.lexicon.words("org_head_words") and \
            words[-1] not in self.lexicon.words("place_heads") and not self._lexicon_word(words[0])

    def _lexicon_word(self, word: str) -> bool:
        """A word of the domain vocabulary, a dimension heading, or a not-player word."""
        return (self.lexicon.vocabulary.lookup(word) is not None or word in {"and", "of", "the", "for", "by", "in"}
                or word in self.lexicon.heading_words())

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
    if surface.count("(") > surface.count(")"):
        surface = surface[:surface.rindex("(")]     # "Acme (Canada": a cut parenthesis
    surface = re.split(r"\s[-–—]\s|:\s", surface, maxsplit=1)[0]   # "Acme Ice - Develops drills", "Acme: MoU ..."
    s = " ".join(surface.replace("\u00a0", " ").split()).strip(" ,;:.-–—•*\"'“”‘’")
    if surface.rstrip().endswith(".") and re.search(r"\b(?:Inc|Ltd|Co|Corp|S\.A|N\.V|B\.V)$", s):
        s += "."
    s = LEADING.sub("", s)
    s = re.sub(r"['’]s$", "", s)
    s = re.sub(r"\s*-\s*(?:led|based|backed|owned|built|run|funded|made)$", "", s)   # "the Acme-led consortium"
    return s.strip()


def canonical_name(name: str, index: PlayerIndex) -> str:
    """Drop one trailing legal suffix: "Acme Lunar, Inc." -> "Acme Lunar".

    Not when what is left is a generic word ("Space Corporation" stays as it is)."""
    suffixes = index.lexicon.words("legal_suffixes")
    suffixes = suffixes | {w.rstrip(".") for w in suffixes}
    generic = index.lexicon.words("org_head_words") | index.lexicon.words("generic_org_nouns")
    abbreviations = {w.rstrip(".") for w in suffixes if len(w.rstrip(".")) <= 4}
    for attempt in range(2):
        words = name.split()
        if len(words) >= 2 and words[-1].casefold() in suffixes and \
                (attempt == 0 or words[-1].casefold().rstrip(".") in abbreviations):   # "Pvt. Ltd.", not "Corporation Ltd."
            shorter = " ".join(words[:-1]).rstrip(" ,")
            if len(shorter.split()) > 1 or shorter.casefold() not in generic:
                name = shorter
                continue
        break
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

def list_candidates(block, doc: Doc, index: PlayerIndex) -> None:
    """Items of a key-players section: "Selenara Robotics, Inc.", "OSRA (in collaboration with ...)".
    Not a place ("Denver" in a table's headquarters column)."""
    text = block.clean.split(" | ")[0]            # a table row: the first cell names the company
    text = re.split(r"\s+[–—-]\s+|:\s", text, maxsplit=1)[0]
    if len(text.split()) > 8 or any(e.label_ in ("GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "CARDINAL")
                                    and e.start == 0 and e.end >= len(doc) - 1 for e in doc.ents):
        return
    index.add(text, "players_list", 0.95, listed=True)


def plain_list(block, doc: Doc, index: PlayerIndex) -> None:
    """A key-players paragraph that is only a list: "Acme Lunar, Beta Orbital; Gamma Mining and Delta"."""
    if any(t.pos_ in ("VERB", "AUX") for t in doc) or len(re.findall(r"[,;]", block.clean)) < 2:
        return
    _enumerated(block.clean, index)


ENUM_CUE = re.compile(
    r"\b(?:companies|players|vendors|manufacturers|firms|participants|competitors|operators|startups|"
    r"suppliers|providers|organizations|organisations)\b[^.:;]{0,80}\b(?:are|include|includes|including|such as|"
    r"like|namely|comprise|profiled)\b:?\s*", re.I)
ENUM_STOP = re.compile(r",?\s+(?:along with|among others|as well as|together with|etc|and others|and many others|"
                       r"and a\b|and several\b|and other\b|and various\b)\b.*$", re.I)


ABBREVIATED_END = re.compile(r"(?:\b(?:Inc|Ltd|Corp|Co|Bhd|Pvt|Pte|Pty|Plc|Ltda|S\.A|N\.V|B\.V|[A-Z])\.|[.!?])(?=\s|$)",
                             re.I)


def enumeration_candidates(text: str, index: PlayerIndex) -> None:
    """"Major companies operating in the market are A, B, C and D" (to the end of the sentence,
    which a model may wrongly end at "Acme, Inc.")."""
    for m in ENUM_CUE.finditer(text):
        end = len(text)
        for stop in ABBREVIATED_END.finditer(text, m.end()):
            if re.match(r"(?:Inc|Ltd|Corp|Co|Bhd|Pvt|Pte|Pty|Plc|Ltda|S\.A|N\.V|B\.V|[A-Z])\.$", stop.group(), re.I):
                continue                        # an abbreviation, not the end of the sentence
            end = stop.end()
            break
        _enumerated(text[m.end():end], index)


def _enumerated(rest: str, index: PlayerIndex) -> None:
    rest = ENUM_STOP.sub("", rest.rstrip())
    if not re.search(r"\b(?:Inc|Ltd|Corp|Co|Bhd|Pvt|Pte|Pty|Plc|Ltda|S\.A|N\.V|B\.V)\.$", rest):
        rest = rest.rstrip(".")
    rest = re.split(r":|\s[–—-]\s", rest)[0]
    suffixes = "|".join(re.escape(w.rstrip(".")) for w in sorted(index.lexicon.words("legal_suffixes"), key=len,
                                                                  reverse=True))
    rest = re.sub(rf",\s*((?:{suffixes})\.?)(?=\s*(?:,|and\b|or\b|$))", r" \1", rest, flags=re.I)  # "Acme, Inc."
    items = re.split(r"[,;]\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", rest)
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2:
        return
    for item in items:
        item = re.split(r"\s+(?:among|in|which|that|who|have|has|are|is)\s+", item)[0]
        words = item.split()
        lower_name = item[:1].islower() and (
            (len(words) == 1 and any(c.isupper() for c in item[1:])) or          # "eSpace"
            (len(words) == 2 and words[1].casefold().rstrip(".") in {w.rstrip(".") for w in
                                                                       index.lexicon.words("legal_suffixes")}))
        if item[:1].isupper() or lower_name:                                    # "espace, inc."
            index.add(item, "players_enumeration", 0.85)


ALIAS_DEF = re.compile(r"(?P<long>[A-Z][\w&.'’-]*(?:\s+(?:&\s+|of\s+|de\s+|del\s+|la\s+|des\s+|du\s+|der\s+|for\s+|"
                       r"and\s+|on\s+)?[A-Z][\w&.'’-]*)"
                       r"{0,7}),?\s*"
                       r"\(\s*(?P<q>[\"“'‘])?(?P<short>[A-Za-z][\w&.-]{1,20})[\"”'’]?\s*\)")


def alias_definitions(text: str, index: PlayerIndex) -> None:
    """"European Space Agency (ESA)", "Acme Lunar Inc. (\"Acme\")": the short form is an alias."""
    heads = index.lexicon.words("org_head_words") | index.lexicon.words("legal_suffixes")
    for m in ALIAS_DEF.finditer(text):
        long, short = m.group("long").strip(), m.group("short")
        key = index.resolve(index.key(clean_name(long)))
        known = key in index.forms or any(key.startswith(k + " ") for k in index.forms)
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", long) if w.casefold() not in
                           NAME_CONNECTORS | {"inc", "ltd", "llc", "corp", "co"}).upper()
        fits = short.upper() == initials or short.upper().rstrip("S") == initials or \
            abbreviates(short, long) or (m.group("q") and short.casefold() in long.casefold())
        if fits and (known or (m.group("q") is not None) or long.split()[-1].casefold().rstrip(".") in heads):
            index.add(f"{clean_name(long)} ({short})", "alias_definition", 0.8)


def short_forms(parsed: list[tuple], index: PlayerIndex) -> None:
    """"Argent Lunar Logistics ... Argent is one of ...": a leading part of a name, used as a subject or a
    possessive elsewhere in the document, is an alias of the player."""
    prefixes: dict[tuple[str, ...], str] = {}
    for key, forms in index.forms.items():
        for surface in forms:
            words = canonical_name(surface, index).split()
            for n in range(len(words) - 1, 0, -1):
                head = tuple(words[:n])
                if len(head) == 1 and (len(head[0]) < 3 or not head[0][:1].isupper() or head[0].isupper()):
                    continue
                if all(index._lexicon_word(w.casefold()) for w in head):
                    continue
                prefixes.setdefault(head, key)
    if not prefixes:
        return
    longest = max(len(p) for p in prefixes)
    first_words = {p[0] for p in prefixes}
    found: dict[tuple[str, ...], str] = {}
    for block, doc in parsed:
        if not in_prose(block):
            continue
        for i in range(len(doc)):
            if doc[i].text not in first_words:
                continue
            for n in range(min(longest, len(doc) - i), 0, -1):
                words = tuple(t.text for t in doc[i:i + n])
                key = prefixes.get(words)
                if key is None:
                    continue
                nxt = doc[i + n] if i + n < len(doc) else None
                full = canonical_name(next(iter(index.forms[key])), index).split()
                if nxt is not None and len(full) > n and nxt.text == full[n]:
                    break                           # the full name, not a short form
                span = doc[i:i + n]
                if place_context(span):
                    break                           # "Luxembourg followed in 2017": the country
                if (nxt is not None and nxt.lower_ in ("'s", "’s")) or \
                        span.root.dep_ in ("nsubj", "nsubjpass") and span.root.pos_ == "PROPN":
                    found[words] = key
                break
    ambiguous = {w for w in found if sum(1 for p, k in prefixes.items() if p == w) > 1}
    for words, key in found.items():
        if words not in ambiguous and index.key(" ".join(words)) not in index.forms:
            index.forms[key].setdefault(" ".join(words), Candidate(" ".join(words), "short_form", 0.6))


WEAK_RULES = {"ner_org", "org_subject", "org_cue", "short_form", "org_head", "org_partner", "lowercase_brand",
              "org_role", "org_context", "author_heading", "org_conj"}


def prune(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drop what only weak rules found and the document contradicts; merge short forms.

    - "Oxygen makes up ...": a capitalised word that the document also writes in lower case;
    - "Glacier Point" beside "Glacier Point Robotics": the leading part of exactly one other name."""
    lower_words = {t.text for _, doc in parsed for t in doc if t.text.islower()}
    for key in list(index.forms):
        forms = index.forms[key]
        weak = all(c.rule in WEAK_RULES for c in forms.values())
        if weak and all(len(f.split()) == 1 and f[:1].isupper() and f.lower() in lower_words for f in forms):
            del index.forms[key]
        elif weak and all(_product_form(f, index.products) for f in forms):
            del index.forms[key]                # "IceProbe combines ...": named as a product elsewhere
    for key in list(index.forms):
        forms = index.forms[key]
        if not all(c.rule in WEAK_RULES for c in forms.values()):
            continue
        if any(k.endswith(" " + key) and not all(c.rule in WEAK_RULES for c in index.forms[k].values())
               for k in index.forms if k != key):
            del index.forms[key]                # "Orbital Systems" cut out of a listed "Beta Orbital Systems"
            continue
        tails = [k for k in index.forms if k != key and k.endswith(" " + key)]
        if len(tails) == 1 and (len(key.split()) >= 2 or not index._lexicon_word(key)):
            for surface, cand in index.forms.pop(key).items():    # "the Brazilian Space Resources Office"
                index.forms[tails[0]].setdefault(surface, cand)   # later "Space Resources Office"
            continue
        longer = [k for k in index.forms if k != key and k.startswith(key + " ")]
        if len(longer) == 1:
            for surface, cand in index.forms.pop(key).items():
                index.forms[longer[0]].setdefault(surface, cand)


PRODUCT_VERSION = re.compile(r"^(?P<name>.+?)(?:[\s-]+(?:[IVX]{1,4}|\d{1,3}|Mk\.?\s?\d+|Mark\s\d+))$")


def _product_form(form: str, products: set[str]) -> bool:
    """A product's name, or a version of it ("Storm II" beside "the Storm prototype")."""
    m = PRODUCT_VERSION.match(form)
    return form in products or (m is not None and m.group("name") in products)


def split_merged(index: PlayerIndex) -> None:
    """"Lodestar Lunar and Perihelion Robotics" is two players when both halves are players; so is
    "Marlow Mining, Quillon Robotics" (an enumeration the model read as one name)."""
    for key in list(index.forms):
        parts = re.split(r"\s+and\s+", key)
        enumerations = [[index.key(p) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", surface) if p.strip()]
                        for surface in index.forms[key] if "," in surface]
        if any(len(e) >= 2 and all(index.resolve(p) in index.forms and index.resolve(p) != key for p in e)
               for e in enumerations):
            del index.forms[key]
        elif len(parts) == 2 and all(index.resolve(p) in index.forms for p in parts):
            del index.forms[key]


def after_dateline(span: Span) -> Span:
    """"LISBON - Marisco Space": a news story's dateline (a city in capitals and a dash) read into
    the name that follows it."""
    if span.start == 0 and len(span) > 2 and span[0].is_upper and span[0].is_alpha and len(span[0]) > 1 and \
            span[1].text in ("-", "--", "–", "—") and all(t.pos_ == "PROPN" for t in span[2:]):
        return span[2:]
    return span


def ner_candidates(doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    if len(doc) < 4:
        return                  # a table cell or a bare list item: the model has no context to judge
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        ent = with_place_of(after_person_of(after_dateline(ent), people, lexicon), lexicon)
        if person_before_of(ent, lexicon):
            continue
        if not not_an_org(ent, lexicon, people) and not _modifier(ent):
            index.add(ent.text, "ner_org", 0.75)
    for span in doc.spans.get(ORGS_KEY, []):
        if not product_context(span, lexicon) and not place_context(span, lexicon):
            index.add(span.text, "org_suffix", 0.85)


def cue_candidates(doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """"startup X" / "X, a Y-based company" / "X Robotics" / subjects of organisation verbs."""
    cues = lexicon.words("org_cue_nouns")
    verbs = lexicon.words("org_subject_verbs")
    heads = lexicon.words("org_head_words")
    for chunk in proper_chunks(doc):
        chunk = after_person_of(chunk, people, lexicon)
        if len(chunk) >= 2 and chunk[0].lower_ in cues and chunk[0].text[:1].isupper() and \
                chunk[1].text[:1].isupper():
            chunk = chunk[1:]                   # "Company Aral Orbit is occupied with ...": a cue in capitals
            if not not_an_org(chunk, lexicon, people):
                index.add(chunk.text, "org_cue", 0.7)
            continue
        if not_an_org(chunk, lexicon, people):
            if not (person_context(chunk, lexicon, people) or product_context(chunk, lexicon) or
                    source_context(chunk)) and \
                    (role_of(chunk, lexicon) or appositive_cue(chunk, lexicon, head_only=True)):
                index.add(chunk.text, "org_context", 0.7)    # the context beats the model's place label
            continue
        before = doc[max(chunk.start - 2, 0):chunk.start]
        if (any(t.lower_ in cues for t in before) and not any(t.lower_ in ("of", "'s", "’s") for t in before)) or \
                named_org(chunk, lexicon):
            index.add(chunk.text, "org_cue", 0.7)
        elif appositive_cue(chunk, lexicon):
            index.add(chunk.text, "org_cue", 0.75)
        elif role_of(chunk, lexicon):
            index.add(chunk.text, "org_role", 0.7)
        elif len(chunk) >= 2 and chunk[-1].lower_ in heads and not index._lexicon_word(chunk[0].lower_):
            index.add(chunk.text, "org_head", 0.7)
        elif _subject_of(chunk, verbs):
            index.add(chunk.text, "org_subject", 0.6)
        elif chunk.root.dep_ == "pobj" and chunk.root.head.lower_ == "with" and \
                _with_partner(chunk.root.head, lexicon):
            index.add(chunk.text, "org_partner", 0.6)            # "a partnership with Xyz"


def with_place_of(span: Span, lexicon: Lexicon) -> Span:
    """"the Federal Institute of Lunar Engineering of Recife": an institution's name goes on
    through "of" and a place the model left outside it."""
    doc = span.doc
    if not any(t.lower_ in lexicon.words("institution_words") for t in span) or span.end + 1 >= len(doc) or \
            doc[span.end].lower_ != "of":
        return span
    end = span.end + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    if not 1 <= end - span.end - 1 <= 2 or any(e.label_ in ("ORG", "PERSON") and e.start == span.end + 1
                                               for e in doc.ents):
        return span
    return doc[span.start:end]


def person_before_of(span: Span, lexicon: Lexicon) -> bool:
    """"Ivo Brandt of Sierra Orbital" read as two names: the first, person-like, is the person."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].lower_ != "of":
        return False
    tail = next((c for c in proper_chunks(doc[span.end + 1:]) if c.start == span.end + 1), None)
    return tail is not None and after_person_of(doc[span.start:tail.end], set(), lexicon).start == tail.start


def after_person_of(chunk: Span, people: set[str], lexicon: Lexicon) -> Span:
    """"Tom Ward of Castor Launch": a person of an organisation names the organisation.

    The part before "of" is a person when the model tags it PERSON, the document names that person
    elsewhere, or it is two or three title-case words before a name that ends in an organisation
    head word; "University of X", "Institute of X" are untouched."""
    doc = chunk.doc
    for t in chunk:
        if t.lower_ != "of" or t.i == chunk.start or t.i + 1 >= chunk.end:
            continue
        head, tail = doc[chunk.start:t.i], doc[t.i + 1:chunk.end]
        if any(w.lower_ in lexicon.words("institution_words") for w in head):
            continue                            # "University of X", "School of X"
        person_like = 2 <= len(head) <= 3 and all(w.text.istitle() and w.is_alpha for w in head) and \
            maker_name(tail, lexicon) and \
            not any(w.lower_ in lexicon.words("org_head_words") for w in head)
        if person_like or head.text in people or \
                any(e.label_ == "PERSON" and e.start <= head.start and e.end == t.i for e in doc.ents):
            return tail
    return chunk


def lowercase_brands(doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    """"oreline will mature its software": a sentence that opens with a lower-case word acting as the
    subject of an organisation verb names a lower-case brand (prose sentences start with a capital);
    so does a lower-case word with an organisation appositive ("nemora, a Nairobi startup")."""
    verbs = lexicon.words("org_subject_verbs") | lexicon.words("technology_verbs")
    cues = lexicon.words("org_cue_nouns")
    for t in doc:                               # "nemora, a Nairobi startup that builds probes"
        if t.is_alpha and t.text.islower() and len(t) >= 3 and t.pos_ in ("NOUN", "PROPN", "ADJ") and \
                appositive_cue(doc[t.i:t.i + 1], lexicon) and doc[t.i + 2].lower_ in ("a", "an") and \
                not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in t.children) and \
                (t.i == 0 or doc[t.i - 1].pos_ not in ("DET", "ADJ", "PRON", "NUM")) and \
                t.lower_ not in cues and t.lower_ not in lexicon.words("generic_org_nouns") and \
                lexicon.vocabulary.lookup(t.text) is None and t.lower_ not in lexicon.technology_forms:
            index.add(t.text, "lowercase_brand", 0.6, lowercase=True)
    for sent in doc.sents:
        first = sent[0]
        if not (first.is_alpha and first.text.islower() and len(first) >= 3) or first.pos_ in ("PRON", "DET"):
            continue
        if first.dep_ != "nsubj" or first.head.lemma_.casefold() not in verbs or \
                any(c.dep_ in ("det", "amod", "compound", "poss") for c in first.children):
            continue
        if lexicon.vocabulary.lookup(first.text) is not None or first.lower_ in lexicon.technology_forms:
            continue
        index.add(first.text, "lowercase_brand", 0.6, lowercase=True)


def role_of(chunk: Span, lexicon: Lexicon) -> bool:
    """"chief executive of X", "Founder & CEO at X": the organisation a person's role is held at."""
    doc = chunk.doc
    if chunk.start < 2 or doc[chunk.start - 1].lower_ not in ("of", "at"):
        return False
    return doc[chunk.start - 2].lower_ in lexicon.words("person_roles")


def _modifier(span: Span) -> bool:
    """A one-word adjective-like "name" before a common noun: "Sovereign funds", "National agencies"."""
    root = span.root
    return len(span) == 1 and not root.text.isupper() and root.dep_ in ("amod", "compound") and \
        root.head.pos_ == "NOUN" and root.head.text.islower() and root.head.i == span.end   # not "an OSRA contract"


def _with_partner(prep, lexicon: Lexicon) -> bool:
    """"with" after a word of working together: "a joint mission with X", "partnered with X"."""
    head = prep.head
    return lexicon.has(head, "collaboration_cues", "joint_work_nouns", "joint_work_verbs") or \
        any(c.lower_ in ("joint", "shared", "common") for c in head.children)


def appositive_cue(chunk: Span, lexicon: Lexicon, head_only: bool = False) -> bool:
    """"X, a Seattle-based asteroid mining startup, ..." / "X, a maker of dust shields". With
    `head_only`, the cue must head the appositive ("X, a Lisbon startup", not "X, a team from the
    University of Y")."""
    doc = chunk.doc
    if chunk.end + 2 >= len(doc) or doc[chunk.end].text != "," or doc[chunk.end + 1].lower_ not in ("a", "an", "the"):
        return False
    for t in doc[chunk.end + 2:chunk.end + 14]:
        if t.is_punct and t.text not in ("-", "–"):
            return False
        if head_only and t.lower_ in ("of", "from", "at", "in", "with", "for", "that", "which", "who"):
            return False
        if lexicon.has(t, "org_cue_nouns"):
            return True
    return False


def _subject_of(chunk: Span, verbs: set[str]) -> bool:
    """The subject of an organisation verb, directly or through ", which has ..."."""
    root = chunk.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.casefold() in verbs:
        return True
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_.casefold() in verbs and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that") for c in child.children):
            return True
    return False


def proper_chunks(doc: Doc):
    """Maximal runs of proper nouns (and '&', "of" between them): name candidates."""
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].text[:1].isalpha():
            j = i + 1
            while j < len(doc) and (doc[j].pos_ == "PROPN" or (doc[j].text in ("&", "of") and j + 1 < len(doc)
                                                                and doc[j + 1].pos_ == "PROPN")):
                j += 1
            yield doc[i:j]
            i = j
        else:
            i += 1


# ---------------------------------------------------------------- what is not an organisation

def not_an_org(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    return person_context(span, lexicon, people) or product_context(span, lexicon) or place_context(span, lexicon) \
        or source_context(span) or facility_context(span, lexicon)


def source_context(span: Span) -> bool:
    """Who is quoted as a source or publishes the text: "analysts at X", "according to X",
    "X is published by Y"."""
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0):span.start])
    if before.endswith(("analysts at", "analyst at", "analysts from", "according to", "economists at",
                        "published by")):
        return True
    root = span.root                            # "The Orbital Ledger is published by ...": a publication
    return root.dep_ == "nsubjpass" and root.head.lemma_ == "publish"


def facility_context(span: Span, lexicon: Lexicon) -> bool:
    """A station, programme or mission, not its operator: "an International Lunar Research Station",
    "the Artemis III mission", "Chang'e-7"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") and \
            span.root.dep_ not in ("compound", "amod", "npadvmod", "nmod"):
        return True                             # not "an OSRA-led framework"
    if span[-1].lower_ in lexicon.words("facility_heads"):
        return True
    return any(c.isdigit() for c in span.text) or bool(re.search(r"\b[IVX]{1,4}$", span.text))


def person_context(span: Span, lexicon: Lexicon, people: set[str] = frozenset()) -> bool:
    """A person: a known person's name or surname, or a name next to a role ("Its chief executive,
    Jane Roe, said"; "Jane Roe, the agency's head of exploration"). "Acme's chief executive" is Acme's."""
    if span.text in people:
        return True
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return False
    roles = lexicon.words("person_roles")
    before = doc[max(span.start - 4, 0):span.start]
    after = doc[span.end:span.end + 6]
    if any(t.lower_ in roles for t in before) and (not before or before[-1].text == "," or
                                                  before[-1].lower_ in roles):
        return True
    if len(after) >= 2 and after[0].text == ",":
        for t in after[1:]:
            if t.is_punct:
                break
            if t.lower_ in roles:
                return True
    said = lexicon.words("speech_verbs")
    near = [t.lower_ for t in doc[max(span.start - 1, 0):span.start]] + [t.lower_ for t in doc[span.end:span.end + 1]]
    if len(span) < 2 or not any(w in said for w in near):
        return False
    # inside one PERSON entity (read from the tokens: doc.ents makes every entity's span anew)
    return span[0].ent_type_ == "PERSON" and all(t.ent_type_ == "PERSON" and t.ent_iob_ == "I" for t in span[1:])


def product_context(span: Span, lexicon: Lexicon) -> bool:
    """A product name: "its PolarScout drill", "the Halley-class lander", "Acme's Pathfinder bus"."""
    doc = span.doc
    heads = lexicon.words("technology_heads")
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in heads and maker_name(span, lexicon):
        return False                                        # "a Tui Aerospace lander": who made it
    if nxt is not None and (nxt.lower_ in heads or nxt.lower_ in ("-class", "class") or
                            (nxt.text == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "class")):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in ("its", "their", "'s", "’s"):
        return True
    head = span.root.head
    if span.root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and \
            lexicon.has(head, "technology_heads"):
        return True                                         # "its first tug, Kittiwake,"
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0):span.start])
    if not before.endswith(("known as", "called", "named", "dubbed", "codenamed", "code-named")):
        return False
    return not (named_org(span, lexicon) or (span.end < len(doc) and doc[span.end].lower_ == "as"))  # "known as LUPEX"


def named_org(span: Span, lexicon: Lexicon) -> bool:
    """"The venture, named Selene Partners,", "a new company called Ironhold": the name of an
    organisation a cue noun introduces."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].lower_ not in ("named", "called", "dubbed"):
        return False
    i -= 1
    if doc[i].text == ",":
        i -= 1
    return i >= 0 and doc[i].pos_ == "NOUN" and lexicon.has(doc[i], "org_cue_nouns")


def maker_name(span: Span, lexicon: Lexicon) -> bool:
    """A name of two or more words ending in an organisation head word ("Tui Aerospace"), not in a
    word of the domain vocabulary: the maker's name even when it only modifies a product noun."""
    words = [t.lower_ for t in span]
    return len(words) >= 2 and words[-1] in lexicon.words("org_head_words") and \
        lexicon.vocabulary.lookup(span[0].text) is None and span[0].text[:1].isupper() and \
        words[-1] not in lexicon.words("technology_heads")


def place_context(span: Span, lexicon: Lexicon | None = None) -> bool:
    """A place: "based in Toulouse", or a GPE/LOC/NORP entity, unless the name ends in an
    organisation head word ("Wadi Minerals", "Andes Orbital": the model reads the place word)."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0):span.start]]
    if len(before) == 2 and before[1] == "in" and before[0] in ("based", "headquartered", "located", "headquarters"):
        return True
    if lexicon is not None and maker_name(span, lexicon) and span[-1].lower_ not in lexicon.words("place_heads"):
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if lexicon is not None and span.start >= 2 and prev.lower_ == "of" and \
            doc[span.start - 2].lower_ in lexicon.words("state_words"):
        return True                             # "the Republic of Paraguay"
    if len(span) == 1 and prev is not None and prev.head.i < prev.i and (
            (prev.lower_ in ("in", "near") and prev.head.pos_ == "NOUN") or
            (prev.lower_ == "from" and prev.head.text[:1].isupper())):
        return True                             # "their chamber in Lyon", "Pollux Dynamics from Accra"
    return any(e.label_ in ("GPE", "LOC", "NORP", "FAC") and e.start <= span.start and span.end <= e.end
               for e in doc.ents)


def products_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Proper names the document uses as product names ("its IceProbe instrument")."""
    out: set[str] = set()
    for block, doc in parsed:
        for chunk in proper_chunks(doc):
            if product_context(chunk, lexicon) or defined_as_thing(chunk, lexicon):
                out.add(chunk.text)
        out |= {e.text for e in doc.ents if e.label_ == "ORG" and defined_as_thing(e, lexicon)}
    return out


def defined_as_thing(chunk: Span, lexicon: Lexicon) -> bool:
    """"Storm is a 25 kg hopper", "LVAP is the Authority's first flight programme": a name defined by
    "is a/the ..." with a thing's head noun (technology or programme) names that thing."""
    root = chunk.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    heads = lexicon.words("technology_heads") | lexicon.words("facility_heads")
    generic = lexicon.words("generic_technology_heads")
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.i > root.i and attr.lower_ in heads and attr.lower_ not in generic:
            return True
    return False


def people_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Names of people in the document (and their surnames): PERSON entities next to a role."""
    out: set[str] = set()
    for block, doc in parsed:
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2 and person_context(ent, lexicon):
                out.add(ent.text)
                out.add(ent[-1].text)
    return out


def in_prose(block) -> bool:
    return block.kind in PROSE_BLOCKS and not (set(block.section.kinds()) & NO_PLAYERS_SECTIONS
                                               if block.section else False)


# ---------------------------------------------------------------- finding mentions

@dataclass
class Mention:
    key: str
    span: Span


def find_players(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon, rows: dict[int, Header | None]) -> None:
    """Run every candidate rule over the parsed blocks, filling `index`; `rows` are the blocks'
    table rows (`tables.table_rows`), which the extractor reads too."""
    people = people_in(parsed, lexicon)
    index.products = products_in(parsed, lexicon)
    for position, (block, doc) in enumerate(parsed):
        kinds = block.section.kinds() if block.section else []
        header = rows.get(position)
        name = player_cell(block.clean, header) if header is not None and in_prose(block) else None
        if name:
            index.add(name, "players_table", 0.9, listed=True)     # a company landscape table's row
            continue
        if block.kind == "item" and "players" in kinds and "segment_dimension" not in kinds:
            list_candidates(block, doc, index)
            continue
        if block.kind == "paragraph" and "players" in kinds:
            plain_list(block, doc, index)
        if not in_prose(block):
            continue
        ner_candidates(doc, index, lexicon, people)
        cue_candidates(doc, index, lexicon, people)
        lowercase_brands(doc, index, lexicon)
        enumeration_candidates(block.clean, index)
    author_candidates(parsed, index, lexicon)
    for block, doc in parsed:
        if in_prose(block):
            coordinated_candidates(doc, index, lexicon, people)
    for block, doc in parsed:
        if in_prose(block):
            alias_definitions(block.clean, index)
    short_forms(parsed, index)
    split_merged(index)
    prune(parsed, index)


def coordinated_candidates(doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """"Both Gannet Space and Kestrel Drill focus on Mars": a name joined by "and"/"or" to a player
    shares its role, so it is an organisation too."""
    chunks = [c for c in proper_chunks(doc) if len(c) >= 2]
    known = [c for c in chunks if index.resolve(index.key(clean_name(c.text))) in index.forms]
    for chunk in chunks:
        if chunk in known or not_an_org(chunk, lexicon, people) or person_at(chunk):
            continue
        root = chunk.root
        partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
        if any(k.start <= p.i < k.end for p in partners for k in known):
            index.add(chunk.text, "org_conj", 0.6)


def person_at(chunk: Span) -> bool:
    """"Ana Ruiz from X and Ben Ortiz of the Y Agency": a name the model calls a person, followed by
    the organisation it is of, from or at."""
    doc = chunk.doc
    return chunk.end < len(doc) and doc[chunk.end].lower_ in ("of", "from", "at") and \
        all(t.ent_type_ == "PERSON" for t in chunk)


def opening_blocks(parsed: list[tuple]) -> list[tuple]:
    """The document's opening: its headings, title, byline and up to three short header lines
    ("Founder & CEO at X"), up to the first sentence of prose."""
    out = []
    lines = 0
    for block, doc in parsed:
        short = block.kind in ("paragraph", "item") and len(block.clean.split(" | ")[0].split()) <= 12
        if block.kind not in ("heading", "title") and not short:
            break
        out.append((block, doc))
        lines += short and block.kind == "paragraph"
        if lines == 3 or is_row(block.clean):
            break                   # "Jane Roe" / "Founder & CEO at Acme" / "2d": a post's header lines;
                                    # an infobox's first row names its subject, the others its facts
    return out


FIRST_PERSON = {"we", "us", "our", "ours"}


def author_candidates(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """A document written as "we" (a fund's letter, a company's post) names its author in its
    opening: an organisation-headed name there ("X Ventures: portfolio notes") or the organisation of
    the writer's role ("Founder & CEO at X") is a player."""
    if not any(t.lower_ in FIRST_PERSON and t.pos_ == "PRON" for block, doc in parsed if block.kind == "paragraph"
               for t in doc):
        return
    for block, doc in opening_blocks(parsed):
        for chunk in proper_chunks(doc):
            if (maker_name(chunk, lexicon) or role_of(chunk, lexicon) or index.headed(index.key(chunk.text))) and \
                    not index._lexicon_word(chunk[0].lower_):
                index.add(chunk.text, "author_heading", 0.7)
        for span in doc.spans.get(ORGS_KEY, []):    # "Acme Space Systems, Inc. - Annual Report 2025"
            index.add(span.text, "org_suffix", 0.85)


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
