"""The player inventory: candidate names merged, normalised and resolved into players.

Candidates come from the candidate rules (candidates.py), each with the id of the rule that proposed
it. `PlayerIndex.add` passes a name through the name vetoes (vetoes.py), cleans it ("the Acme-led
consortium" -> "Acme"), splits paired names ("A x B"), resolves an acronym defined beside its long
form ("Office of ... (OSRA)") and merges every surface form on a normalised key ("Acme Lunar, Inc."
and "Acme Lunar" are one player). The inventory rules below then add short forms and drop or merge
what only weak rules proposed and the document contradicts. Every refusal is kept as a `Rejection`
with the id of the rule that refused it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..vocabulary import normalise
from .facts import Player
from .clauses import cached, token_texts
from .geography import gazetteer
from .lexicon import Lexicon
from .pipeline import FIRM_JOINS
from .rules import organisation_evidence, rank, rule, weak_rules
from .structure import in_prose
from .types import Candidate, Rejection, Source
from .vetoes import is_legal_suffix, lexicon_word, name_veto, place_context

GLUED_WORD = re.compile(r"(?<=[a-z]{3})([A-Z][a-z]{1,5})$")     # the last word's tail: "...sWill"
LEADING = re.compile(r"^(?:the|a|an|and|or|by|with|from|this|that|these|those)\s+", re.I)
PARENTHETICAL = re.compile(r"\s*[\(\[][^)\]]*[\)\]]\s*")
PAIRED = re.compile(r"\s+(?:x|×|\+)\s+|\s*/\s+|\s+/\s*")
# Small words inside organisation names, in English and the languages names are often kept in.
NAME_CONNECTORS = {"of", "and", "the", "for", "de", "del", "la", "des", "du", "der", "di", "da", "y", "et", "und"}
URL = re.compile(r"\b(?:https?://|www\.)\S*", re.I)
# Candidate rules that judge the name's own context, which beats the model's entity label.
CONTEXT_RULES = {"org_context", "org_defined", "org_appositive", "org_role", "org_suffix", "org_affiliation",
                 "players_intro_list", "players_membership", "players_peer_list", "org_unit", "org_place_subject", "org_employer",
                 "org_cue", "org_led", "span_cue_noun", "span_role_modifier", "span_product_owner", "span_employer",
                 "span_round_leader", "span_award_recipient"}
WIRE_DATELINE = re.compile(r"\)\s*(?:--|—|–)\s*(?=\w)")   # "(Tarn Wire)--Acme University"
ACRONYM_DEF = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&-]{1,10})\)$")


def abbreviated_suffix(lexicon: Lexicon) -> str:
    """A regular expression of the legal suffixes written as abbreviations ("Inc", "S.A", "Bhd"), from
    the lexicon's `abbreviated_legal_suffixes`: a dot after one does not end a sentence."""
    return _alternatives(lexicon.words("abbreviated_legal_suffixes"))


@lru_cache(maxsize=8)
def _alternatives(words: frozenset[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


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


# The rules that split a list into names ("partners include A, B and C"): a list's commas may also
# run through one institution's name. Not org_conj: "X and Tarn Outpost" names a firm the model may
# read as a person.
LIST_RULES = ("players_membership", "players_peer_list")


@dataclass
class PlayerIndex:
    """All surface forms seen for each player, keyed by a normalised name."""
    lexicon: Lexicon
    forms: dict[str, dict[str, Candidate]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)     # acronym key -> long-form key
    products: set[str] = field(default_factory=set)            # names used as product names
    rejected: list[Rejection] = field(default_factory=list)    # what a veto or inventory rule refused
    places: set[str] = field(default_factory=set)              # the document's place names (GPE/LOC entities)
    text: str = ""                                             # the document's text (its line breaks)
    source_url: str | None = None                              # where the page was saved from (its header line)
    things: set[str] = field(default_factory=set)              # names written as missions, spacecraft, bodies
    actors: set[str] = field(default_factory=set)              # names a verb only an organisation takes has as subject
    whole: set[str] = field(default_factory=set)               # names with "and" an acronym defines whole

    def key(self, name: str) -> str:
        """The name normalised, without legal suffixes and "the" (worked out once per name and lexicon:
        the rules ask for the same few hundred names' keys tens of thousands of times)."""
        return self.lexicon.memoised("player_key", name, lambda n: _key(n, self.lexicon))

    def reject(self, name: str, rule_id: str, proposed_by: str, source: Source | None = None) -> None:
        self.rejected.append(Rejection(name, rule_id, proposed_by, source))

    def drop(self, key: str, rule_id: str) -> None:
        """Take the player `key` out, every form recorded as refused by `rule_id`."""
        for cand in self.forms.pop(key).values():
            self.reject(cand.surface, rule_id, cand.rule, cand.source)

    def add(self, surface: str, rule: str, listed: bool = False, lowercase: bool = False,
            source: Source | None = None) -> str | None:
        """Take a candidate that the rule `rule` proposed; its key, or None when a veto refuses it."""
        surface = without_place(clean_name(surface, self.lexicon), self)
        piece = line_piece(surface, source, self)
        if piece != surface:
            self.reject(surface, line_piece.rule_id, rule, source)
            return self.add(piece, rule, listed, lowercase, source) if piece else None
        unit = owned_unit(surface, self.lexicon)
        if unit != surface:
            self.reject(surface, owned_unit.rule_id, rule, source)
            return self.add(unit, rule, listed, lowercase, source)
        two = joined_names(surface, self)
        if two:
            self.reject(surface, joined_names.rule_id, rule, source)
            return [self.add(p, rule, listed, lowercase, source) for p in two][0]
        parts = PAIRED.split(surface)
        if len(parts) > 1 and all(p[:1].isupper() for p in parts):      # "Acme Orbital x Beta Robotics"
            return [self.add(p, rule, listed, lowercase, source) for p in parts][0]
        m = ACRONYM_DEF.match(surface)
        if m and abbreviates(m.group("short"), m.group("long")):   # "Office of ... Administration (OSRA)"
            if " and " in m.group("long") and not abbreviates(m.group("short"), m.group("long").split(" and ")[0]):
                self.whole.add(m.group("long"))         # the acronym needs the words after "and" too
            long_key = self.add(m.group("long"), rule, listed, source=source)
            if long_key and self.acceptable(m.group("short"), rule=rule, source=source):
                short_key = self.key(m.group("short"))
                self.acronyms[short_key] = long_key
                if short_key != long_key and short_key in self.forms:      # seen alone before its definition
                    for surface, cand in self.forms.pop(short_key).items():
                        self.forms[long_key].setdefault(surface, cand)
                self.forms[long_key].setdefault(m.group("short"), Candidate(m.group("short"), rule, rank(rule),
                                                                            source=source))
            return long_key
        surface = PARENTHETICAL.sub(" ", surface).strip()
        if not self.acceptable(surface, lowercase, rule, source):
            return None
        weak = rule in weak_rules()
        if weak and weak_generic(surface, self):
            self.reject(surface, weak_generic.rule_id, rule, source)
            return None
        if weak and weak_cut_out(surface, self):
            self.reject(surface, weak_cut_out.rule_id, rule, source)
            return None
        k = self.resolve(self.key(surface))
        forms = self.forms.setdefault(k, {})
        old = forms.get(surface)
        strength = rank(rule)
        if old is None or (strength > old.rank and not (old.rule in CONTEXT_RULES and rule not in CONTEXT_RULES)) or \
                (rule == "org_cue" and old.rule not in CONTEXT_RULES):
            # the cue noun before the name ("the startup Mondego") vouches for it over the model's place
            # label, so `vouched` must see that rule, and a higher-ranked rule that read no context (the
            # model's ORG label in a later sentence) does not take its place; other context rules keep
            # rank order, as a list rule vouching for a country ("players include the US, China and
            # ...") would be wrong
            forms[surface] = Candidate(surface, rule, max(strength, old.rank if old else strength),
                                       listed or (old.listed if old else False), source)
        elif listed:
            old.listed = True
        return k

    def resolve(self, key: str) -> str:
        return self.acronyms.get(key, key)

    def acceptable(self, name: str, lowercase: bool = False, rule: str | None = None,
                   source: Source | None = None) -> bool:
        """No name veto refuses `name` (the refusal is recorded when a proposing `rule` is given)."""
        veto = name_veto(name, self.lexicon, lowercase)
        if veto is not None and rule is not None:
            self.reject(name, veto, rule, source)
        return veto is None

    def weakly_held(self, key: str) -> bool:
        """Only weak rules (data/rules.yaml, `weak`) proposed the player `key`; False for no such player."""
        return key in self.forms and all(c.rule in weak_rules() for c in self.forms[key].values())

    def part_held(self, key: str) -> bool:
        """Only weak rules, or only the rules that split a list into names (`LIST_RULES`), proposed the
        player `key`: a part of a longer name may be dropped for it."""
        listed = key in self.forms and all(c.rule in LIST_RULES for c in self.forms[key].values())
        return listed or self.weakly_held(key)

    def headed(self, key: str) -> bool:
        """A name of two or more words ending in an organisation head word ("Wadi Minerals"): an
        organisation even where the model calls it a place."""
        words = key.split()
        return len(words) >= 2 and words[-1] in self.lexicon.words("org_head_words") and \
            words[-1] not in self.lexicon.words("place_heads") and not self._lexicon_word(words[0])

    def vouched(self, key: str) -> bool:
        """A rule that read the name's own context says it is an organisation ("Wadi is a start-up",
        "Wadi, a Lisbon firm", "CEO of Wadi", "Wadi Ltd."): the model's place label does not hold."""
        return any(c.rule in CONTEXT_RULES for c in self.forms.get(key, {}).values())

    def _lexicon_word(self, word: str) -> bool:
        """A word of the domain vocabulary, a dimension heading, or a not-player word."""
        return lexicon_word(word, self.lexicon)

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

    def candidates(self, key: str) -> list[Candidate]:
        """The surface forms of one player with the rules that admitted them, strongest first."""
        return sorted(self.forms.get(key, {}).values(), key=lambda c: -c.rank)


LINE_BREAK = re.compile(r"\s*(?:\n|\s\|\s|^\|\s|\s\|$|;\s)\s*")


@rule("cut_at_line_break", "inventory", lexicon=("furniture_words", "org_head_words", "legal_suffixes"))
def line_piece(surface: str, source: Source | None, index: PlayerIndex) -> str:
    """Trims a name read across a line break, a cell border or a semicolon (a profile page's
    "Updated" line above "Acme Lunar Co., Ltd.", an infobox's "Website | www | Acme", a list's
    "Tarn Institute; Velm"): the line that is a name, the one
    the document already names, else one ending in an organisation word or a legal form, else the
    longest; and a page's furniture word opening its line ("Industry Aerospace") is cut off."""
    raw = surface
    if source is not None and index.text:
        clean = source.block.clean
        at = clean.find(surface, max(source.start - 2, 0))
        if 0 <= at <= source.end:
            a, b = source.block.to_source(at, at + len(surface))
            raw = index.text[a:b]
    pieces = [clean_name(p, index.lexicon) for p in LINE_BREAK.split(raw)]
    pieces = [p for p in pieces if p]
    furniture = index.lexicon.words("furniture_words")
    trimmed = []
    for p in pieces:
        words = p.split()
        while words and words[0].casefold().rstrip(":") in furniture and not (len(words) > 1 and words[1][:1].isdigit()):
            words = words[1:]                   # "Industry Aerospace": a field name and its value; not "Type 1 Ventures"
        if words:
            trimmed.append(" ".join(words))
    if len(trimmed) == 1 and len(pieces) == 1:
        return trimmed[0] if trimmed[0] != pieces[0] and len(surface.split()) > len(trimmed[0].split()) else surface
    if not trimmed:
        return ""
    known = [p for p in trimmed if index.resolve(index.key(p)) in index.forms]
    if known:
        return known[0]
    heads = index.lexicon.words("org_head_words") | index.lexicon.words("legal_suffixes")
    headed = [p for p in trimmed if len(p.split()) >= 2 and p.split()[-1].casefold() in heads]
    return (headed or sorted(trimmed, key=lambda p: -len(p.split())))[0]


OWNED = re.compile(r"^(?P<owner>[A-Z][^'’]*?)['’]s\s+(?P<unit>[A-Z].*)$")


@rule("trim_unit_owner", "inventory", lexicon=("unit_words", "field_words", "org_head_words"))
def owned_unit(surface: str, lexicon: Lexicon) -> str:
    """Trims the owner's possessive from a unit's own name: "Tarn Agency's Velm Space Center" ->
    "Velm Space Center", "the Tarn University's Dust Sciences Laboratory" -> "Dust Sciences
    Laboratory" (the unit is the player; its owner is a player where the page names it). Not a unit
    that its owner's name alone tells apart: two words or fewer, none but fields and organisation
    words ("Tarn University's Space Laboratory" stays whole), nor a thing that holds no unit word
    ("Tarn's Dust Hub")."""
    m = OWNED.match(surface)
    if m is None:
        return surface
    words = [w.casefold() for w in m.group("unit").split() if w.casefold() not in ("of", "for", "and", "the", "&")]
    units = lexicon.words("unit_words")
    if not any(w in units for w in words):
        return surface
    plain = lexicon.words("field_words") | units | lexicon.words("org_head_words")
    if len(words) <= 2 and all(w in plain for w in words):
        return surface
    return m.group("unit")


PLACE_OF = re.compile(r"^(?P<name>.+?)\s+of\s+(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})$")
PLACE_BEFORE = re.compile(r"^(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)(?:['’]s\s+|\s*-\s*based\s+)(?P<name>.+)$")


@rule("trim_place", "inventory", lexicon=("institution_words", "state_words", "unit_words"))
def without_place(surface: str, index: PlayerIndex) -> str:
    """Trims a place attached to a name, when the document names that place elsewhere (a GPE or LOC
    entity) or a legal form ends the name before it: "Acme Robotics of Houston" -> "Acme Robotics",
    "Acme Energy LLC of Korvel" -> "Acme Energy LLC", "Japan's Acme" and "Tokyo-based Acme" ->
    "Acme". Not an institution's or a state's own "of" ("University of Eastvale", "Republic of X"),
    nor a country after one of the lexicon's `national_heads` ("Export Bank of Norway")."""
    from .geography import gazetteer
    m = PLACE_OF.match(surface)
    national = m is not None and m.group("name").split()[-1].casefold() in index.lexicon.words("national_heads") and \
        gazetteer(index.lexicon).regions.get(m.group("place").casefold()) == m.group("place")
    legal = m is not None and m.group("name").split()[-1].casefold() in index.lexicon.words("legal_suffixes")
    words = m.group("name").split()[:-1] if legal else m.group("name").split() if m else []
    if m and (m.group("place") in index.places or legal) and not national and \
            not any(w.casefold() in index.lexicon.words("institution_words") | index.lexicon.words("state_words") |
                    index.lexicon.words("unit_words") for w in words):
        return m.group("name")
    m = PLACE_BEFORE.match(surface)
    if m and m.group("place") in index.places and m.group("name")[:1].isalpha():
        return m.group("name")
    return surface


@rule("veto_weak_generic", "vetoes", lexicon=("generic_org_nouns", "org_head_words"))
def weak_generic(surface: str, index: PlayerIndex) -> bool:
    """Vetoes, for a weak rule's candidate, a generic noun once the legal suffix is dropped ("Limited
    Partners"), or a place, a nationality or words of the domain before one ("The California Startup
    raised ...", "the Chinese Firm", "Asteroid-Mining Startup Plans ..."): a description written in
    capitals, not a name."""
    key = index.key(surface)
    generic = index.lexicon.words("generic_org_nouns")
    words = key.split()
    if key in generic or len(words) < 2 or words[-1] not in generic:
        return key in generic
    before = " ".join(words[:-1])
    heads = index.lexicon.words("org_head_words")
    return before in gazetteer(index.lexicon).regions or \
        all(index._lexicon_word(w) or w in heads for w in re.split(r"[\s-]+", before) if w)   # "Asteroid-Mining Startup"


@rule("veto_weak_cut_out", "vetoes")
def weak_cut_out(surface: str, index: PlayerIndex) -> bool:
    """Vetoes, for a weak rule's candidate, domain words with a legal suffix cut out of a longer name
    ("Regolith Co." out of "Ares Regolith Co.")."""
    core = index.key(surface)
    return core != normalise(surface) and all(index._lexicon_word(w) for w in core.split())


def _best_canonical(names: list[str], index: PlayerIndex) -> str:
    """The fullest form that is not an acronym (its legal suffix is dropped by `canonical_name`), unless
    it is a shorter form read with words no organisation's name adds (`overread_name`)."""
    longs = [n for n in names if not re.fullmatch(r"[A-Z0-9&-]{2,10}", n)]
    pool = longs or names
    best = max(pool, key=lambda s: (len(s), s))
    while True:
        inner = [n for n in pool if len(n) < len(best) and overread_name(best, n, index.lexicon)]
        if not inner:
            return best
        best = max(inner, key=lambda s: (len(s), s))


JOINS = {"&", "in"}         # "Acme Agency & Tarncorp", "Acme Centre in Korvel": a second name, a place


def overread_name(longer: str, shorter: str, lexicon: Lexicon) -> bool:
    """Whether `longer` is the name `shorter` read together with words around it that are not part of
    it: a product after a company's head word ("Acme Robotics NovaVac"; not "Acme School Of Mines",
    nor "Acme College Korvel", as colleges are named), another name or a place joined after an
    organisation's head word ("Acme Agency & Tarncorp", "Acme Centre in Korvel"), a possession of one
    word ("Acme's Loon"; not "Acme's Space Hub"), a phrase ending in "of" before it with no
    organisation word ("Development of Acme"; not "University of Tarn"), or its own first word again
    ("Acme Acme Robotics")."""
    at = re.search(r"(?<!\w)" + re.escape(shorter) + r"(?!\w)", longer)
    if at is None:
        return False
    before, tail = longer[:at.start()].split(), longer[at.end():].split()
    words = shorter.split()
    org = lexicon.cached("org_name_words", lambda lex: lex.union("org_head_words", "legal_suffixes",
                                                                 "industry_words", "unit_words"))
    company_heads = lexicon.cached("company_head_words", lambda lex: lex.words("org_head_words") -
                                   lex.words("unit_words"))
    if not before and tail:
        headed = len(words) >= 2 and words[0].casefold() not in org and words[-1].casefold() in org
        plain_tail = not any(w.casefold() in org for w in tail)
        if re.match(r"['’]s$", tail[0]) and len(tail) == 2 and plain_tail:
            return True                                 # "Acme's Loon"
        if headed and tail[0] in JOINS and plain_tail:
            return True                                 # "Acme Agency & Tarncorp"
        return headed and words[-1].casefold() in company_heads and tail[0][:1].isupper() and plain_tail
    if before and not tail and before[-1] == "of" and not any(w.casefold() in org for w in before):
        return True                                     # "Development of Acme"
    return not tail and before == words[:1] and len(words) >= 2     # "Acme Acme Robotics"


def _key(name: str, lexicon: Lexicon) -> str:
    """`PlayerIndex.key`, computed."""
    suffixes = lexicon.words("legal_suffixes") | {"the"}
    words = normalise(name).split()
    kept = [w for w in words if w.rstrip(".") not in suffixes and w not in suffixes]
    return " ".join(kept or words)


def clean_name(surface: str, lexicon: Lexicon) -> str:
    """`_clean_name`, worked out once per surface and lexicon (every rule cleans the names it proposes,
    and the same names come back sentence after sentence)."""
    return lexicon.memoised("clean_name", surface, lambda s: _clean_name(s, lexicon))


def _clean_name(surface: str, lexicon: Lexicon) -> str:
    """A candidate as a name: no cut parenthesis, description, wrapping punctuation, leading article,
    possessive, "ex-" head ("ex-Acme"), a headline's opener ("Meet Acme"), a US state's dotted code
    left by a lost sentence break ("N.J. Acme"), a field before "at" its employer ("Spacecraft at
    Acme", not "University of Tarn at Korvel"), a link's tag ("[PDF] Acme"), dangling small word ("Acme Lunar and"), "-led"/"-based" tail, "Ohio-Based" head, a plural owner's product ("Tarn Machines’ Nova"), a name written twice ("Acme Lunar Acme Lunar") or an
    infobox label glued to it ("HeadquartersTarnfield"), a wire service's dateline before it ("(Tarn
    Press)--Acme"); the dot of an abbreviated legal suffix kept ("Acme, Inc.")."""
    if surface.count("(") > surface.count(")"):
        surface = surface[:surface.rindex("(")]     # "Acme (Canada": a cut parenthesis
    surface = re.split(r"\s[-–—]\s|:\s", surface, maxsplit=1)[0]   # "Acme Ice - Develops drills", "Acme: MoU ..."
    surface = URL.sub(" ", surface)                 # "https://example.org/page Acme Agency": the address is not the name
    surface = WIRE_DATELINE.split(surface)[-1]      # "(Tarn Press)--Acme University": a wire story's dateline
    s = " ".join(surface.replace("\u00a0", " ").split()).strip(" ,;:.-–—•*\"'“”‘’")
    if surface.rstrip().endswith(".") and re.search(rf"\b(?=(?-i:[A-Z])){abbreviated_suffix(lexicon)}$", s, re.I):
        s += "."
    s = LEADING.sub("", s)
    s = re.sub(r"^(?:ex|former)-(?=[A-Z])", "", s)   # "ex-Acme engineers": the former employer's name
    opener = re.match(r"(\w+):?\s+(?=[A-Z])", s)
    if opener and opener.group(1).casefold() in lexicon.words("headline_openers"):
        s = s[opener.end():]                        # "Meet Acme": a headline's opener
    at = re.match(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})\s+at\s+(?=[A-Z])", s)
    if at and not any(w.casefold() in lexicon.words("institution_words") for w in at.group(1).split()):
        s = s[at.end():]                            # "(Vice President of) Spacecraft at Acme": the employer
    s = re.sub(r"^(?:N\.[CDHJMY]|S\.[CD]|R\.I|D\.C|W\.Va)\.\s+(?=[A-Z])", "", s)   # "Edison, N.J. Acme has ...": a state
    s = re.sub(r"^\[?[A-Za-z]{2,6}\]\s+", "", s)      # "[PDF] Acme": a link's file-type tag
    s = re.sub(r"['’]s$", "", s)
    s = re.sub(r"(?:\s+(?:and|or|to|of|for|the|&|with|at|in))+$", "", s, flags=re.I)   # "Acme and", cut at a line's end
    s = re.sub(r"\s*-\s*(?:led|based|backed|owned|built|run|funded|made)$", "", s)   # "the Acme-led consortium"
    s = re.sub(r"^(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*-[Bb]ased\s+(?=[A-Z])", "", s)   # "Ohio-Based Acme": a headline's place
    s = re.sub(r"(?<=\ws)['’]\s+[A-Z].*$", "", s)   # "Tarn Machines’ Nova Hopper": the owner, not its product
    s = re.sub(r"^([A-Z]\S*(?:\s+\S+)+?)\s+\1$", r"\1", s)   # "Acme Lunar Acme Lunar": a link's title glued to its text
    openers = lexicon.words("glued_openers")       # "VelmoraWill": a table's cell glued to the next sentence
    s = GLUED_WORD.sub(lambda m: "" if m.group(1).casefold() in openers else m.group(0), s)
    glued = re.match(r"([A-Z][a-z]+)(?=[A-Z][a-z])", s)
    if glued and glued.group(1).casefold() in lexicon.words("furniture_words"):
        s = "" if glued.group(1).casefold() in ("headquarters", "location") else s[glued.end():]
        # "HeadquartersTarnfield": an infobox label glued to its value (a place, after those two labels)
    return s.strip()


def canonical_name(name: str, index: PlayerIndex) -> str:
    """Drop one trailing legal suffix: "Acme Lunar, Inc." -> "Acme Lunar".

    Not when what is left is a generic word ("Space Corporation" stays as it is). (A pure function
    of the name and the lexicon: worked out once per name.)"""
    return index.lexicon.memoised("canonical_name", name, lambda n: _canonical_name(n, index.lexicon))


def _canonical_name(name: str, lexicon: Lexicon) -> str:
    suffixes = lexicon.words("legal_suffixes")
    suffixes = suffixes | {w.rstrip(".") for w in suffixes}
    generic = lexicon.words("org_head_words") | lexicon.words("generic_org_nouns")
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


@rule("short_form", "candidates")
def short_forms(parsed: list[tuple], index: PlayerIndex) -> None:
    """Yields aliases: "Argent Lunar Logistics ... Argent is one of ...": a leading part of a name, used as a subject or a
    possessive elsewhere in the document, is an alias of the player."""
    prefixes: dict[tuple[str, ...], str] = {}
    for key, forms in index.forms.items():
        for surface in forms:
            words = canonical_name(surface, index).split()
            for n in range(len(words) - 1, 0, -1):
                head = tuple(words[:n])
                if len(head) == 1 and (len(head[0]) < 3 or not head[0][:1].isupper() or head[0].isupper()):
                    continue
                if not head[-1][:1].isupper():      # "Ministry of": a name cut before its field is no name
                    continue
                if all(index._lexicon_word(w.casefold()) for w in head):
                    continue
                prefixes.setdefault(head, key)
    if not prefixes:
        return
    longest = max(len(p) for p in prefixes)
    first_words = {p[0] for p in prefixes}
    found: dict[tuple[str, ...], str] = {}
    sources: dict[tuple[str, ...], Source] = {}
    for block, doc in parsed:
        if not in_prose(block):
            continue
        texts = token_texts(doc)
        for i in range(len(doc)):
            if texts[i] not in first_words:
                continue
            for n in range(min(longest, len(doc) - i), 0, -1):
                words = tuple(texts[i:i + n])
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
                    sources.setdefault(words, Source.of(block, span))
                break
    ambiguous = {w for w in found if sum(1 for p, k in prefixes.items() if p == w) > 1}
    for words, key in found.items():
        if words not in ambiguous and index.key(" ".join(words)) not in index.forms:
            index.forms[key].setdefault(" ".join(words), Candidate(" ".join(words), short_forms.rule_id,
                                                                           rank(short_forms.rule_id),
                                                                           source=sources[words]))


@rule("drop_lower_case_word", "inventory")
def lower_case_word(forms: dict[str, Candidate], lower_words: set[str]) -> bool:
    """Drops what only weak rules proposed as one capitalised word that the document also writes in
    lower case ("Oxygen makes up ..." beside "oxygen"), outside a block written all in lower case (an
    image's keywords: "tarnx booster moon render" says nothing of how the text writes "TarnX"); or
    two or three such words the prose writes in lower case (`lower_case_phrase`). An acronym ("TSA")
    and a brand with a capital inside ("TarnX") are no common words, however keywords spell them."""
    return all(len(f.split()) == 1 and COMMON_SHAPE.fullmatch(f) and f.lower() in lower_words for f in forms)


# A common word capitalised ("Oxygen"), or spelt with its acronym's capitals ("OXYgen"); not "TSA", "TarnX".
COMMON_SHAPE = re.compile(r"[A-Z]+[a-z][a-z-]*")


def lower_case_phrase(forms: dict[str, Candidate], prose: str) -> bool:
    """What only weak rules proposed as two or three capitalised words (no acronym) that the
    document's prose also writes in lower case: a topic in a heading ("Asteroid Mining", "On-Orbit
    Refueling" beside "asteroid mining", "on-orbit refueling"), not a name."""
    def topic(form: str) -> bool:
        words = form.split()
        return 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*", w) for w in words) and \
            re.search(rf"(?<![\w-]){re.escape(form.lower())}(?![\w-])", prose) is not None
    return all(topic(f) for f in forms)


@rule("drop_product_name", "inventory", lexicon=("generic_org_nouns",))
def product_name(forms: dict[str, Candidate], products: set[str]) -> bool:
    """Drops what only weak rules proposed and the document names as a product elsewhere ("IceProbe
    combines ..." beside "its IceProbe instrument"), or a version of it ("Storm II"); not a name the
    document makes the subject of a verb only an organisation takes ("Tarn has asked ..." beside "a
    Tarn payload": the agency written attributively; `PlayerIndex.actors`), nor one the document calls
    a company (`named_a_company`)."""
    return all(_product_form(f, products) for f in forms)


def named_a_company(forms: dict[str, Candidate], index: PlayerIndex) -> bool:
    """"lunar exploration company Tarnix", "the start-up Tarnix" (beside "a Tarnix lander"): a name the
    document writes right after a company noun (the lexicon's generic_org_nouns, singular)."""
    nouns = "|".join(re.escape(w) for w in index.lexicon.words("generic_org_nouns") if not w.endswith("s"))
    return any(re.search(rf"\b(?:{nouns})\s+{re.escape(f)}\b", index.text, re.I) for f in forms)


@rule("drop_cut_from_listed", "inventory")
def cut_from_listed(key: str, index: PlayerIndex) -> bool:
    """Drops what only weak rules proposed and ends a name a strong rule proposed ("Orbital Systems"
    cut out of a listed "Beta Orbital Systems")."""
    return any(k.endswith(" " + key) and not index.weakly_held(k) for k in index.forms if k != key)


@rule("merge_short_form", "inventory")
def merge_into(key: str, index: PlayerIndex) -> str | None:
    """Merges what only weak rules proposed into the one longer name it ends or begins ("Space
    Resources Office" into "the Brazilian Space Resources Office", "Glacier Point" into "Glacier
    Point Robotics"): the key it joins, or None. Not into its unit named by a place ("Acme" and
    "Acme Europe" are two players: a subsidiary is its own player), nor an acronym into a longer name
    it opens ("TSA" and "TSA Kessel", the agency and its centre)."""
    tails = [k for k in index.forms if k != key and k.endswith(" " + key)]
    if len(tails) == 1 and (len(key.split()) >= 2 or not index._lexicon_word(key)):
        return tails[0]
    if all(f.isupper() and len(f) >= 2 for f in index.forms[key]):
        return None                     # "TSA" and "TSA Kessel": an acronym is a whole name, the longer its unit
    longer = [k for k in index.forms if k != key and k.startswith(key + " ")]
    return longer[0] if len(longer) == 1 and not unit_of(key, longer[0], index) else None


def unit_of(key: str, longer: str, index: PlayerIndex) -> bool:
    """`longer` is `key` followed by a place, or a region of a market: a subsidiary or a unit; or
    by a unit's name ("Tarn" and "Tarn Kessel Research Center": the agency and its centre)."""
    rest = longer[len(key):].strip()
    words = rest.split()
    if words and words[0] != "and" and (words[-1] in index.lexicon.words("unit_words") or
                                        words[-1] in index.lexicon.words("unit_heads")):
        return True
    places = {normalise(p) for p in index.places} | {normalise(str(r)) for r in index.lexicon.raw["market_regions"]}
    return any(rest == p or rest.startswith(p + " ") for p in places if p)     # "europe s a": its legal form after it


def prune(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drop what only weak rules found and the document contradicts; merge short forms."""
    lower_words = {text for block, doc in parsed if not block.clean.islower() for text in token_texts(doc)
                   if text.islower()}
    prose = "\n".join(block.clean for block, _ in parsed if not block.clean.islower())
    for key in list(index.forms):
        forms = index.forms[key]
        weak = index.weakly_held(key)
        if weak and (lower_case_word(forms, lower_words) or lower_case_phrase(forms, prose)):
            index.drop(key, lower_case_word.rule_id)
        elif weak and product_name(forms, index.products) and not any(f in index.actors for f in forms) and \
                not index.headed(key) and not named_a_company(forms, index):
            index.drop(key, product_name.rule_id)
        elif weak and not any(c.rule == "author_heading" for c in forms.values()) and headline_only(forms, parsed, index.lexicon):
            index.drop(key, headline_only.rule_id)
        elif weak and row_label(forms, parsed):
            index.drop(key, row_label.rule_id)
    for key in list(index.forms):
        if not index.weakly_held(key):
            continue
        if cut_from_listed(key, index):
            index.drop(key, cut_from_listed.rule_id)
            continue
        into = merge_into(key, index)
        if into is not None:
            for surface, cand in index.forms.pop(key).items():
                index.forms[into].setdefault(surface, cand)


INITIALS = re.compile(r"[A-Z]{3,6}")


def initials(name: str, with_connectors: bool) -> str:
    """"Velm Orbital Technology Ltd": "VOTL"; "Office of Lunar Affairs": "OLA", or "OOLA" `with_connectors`;
    "Centre National d'Études Orbitales": "CNEO" (the elided article and the accent set aside)."""
    words = [re.sub(r"^[dl]['’]", "", w) for w in re.findall(r"[^\W\d_][\w'’.&-]*", name)
             if with_connectors or w.casefold() not in NAME_CONNECTORS]   # "d'Études": "Études"
    if any(w.isupper() and len(w) > 1 for w in words):
        return ""                               # "Tarn Space Agency" spells "TSA", "ZRA Space Agency" nothing
    return "".join(unicodedata.normalize("NFKD", w[0])[0].upper() for w in words if w)


@rule("alias_initials", "inventory", lexicon=("common_acronyms", "never_players"))
def join_initials(index: PlayerIndex) -> None:
    """Merges a player named by an acronym the page never defines into the one player whose name it
    spells by initials ("Velm Orbital Systems Ltd" ... "VOSL is leading the study"): one player, the
    acronym an alias of the longer name, as "Full Name (ACR)" would make it. Three to six capitals;
    not a common acronym ("GPS", lexicon `common_acronyms`); not when two players' names spell it, nor
    by a name that holds an acronym of its own ("ZRA Space Agency" spells no "ZSA")."""
    spelled: dict[str, set[str]] = {}
    for key, forms in index.forms.items():
        for form in forms:
            if not INITIALS.fullmatch(form):
                for connectors in (False, True):
                    spelled.setdefault(initials(form, connectors), set()).add(key)
    never = index.lexicon.words("common_acronyms") | index.lexicon.words("never_players")
    for key in list(index.forms):
        forms = index.forms[key]
        if not forms or not all(INITIALS.fullmatch(f) and f.casefold() not in never for f in forms):
            continue
        owners = {k for f in forms for k in spelled.get(f, ())} - {key}
        if len(owners) != 1:
            continue
        owner = owners.pop()
        joined_rank = rank(join_initials.rule_id)
        for surface, cand in index.forms.pop(key).items():
            index.forms[owner].setdefault(surface, Candidate(surface, join_initials.rule_id, joined_rank,
                                                             listed=cand.listed, source=cand.source))


@rule("drop_thing_name", "inventory", lexicon=("speech_verbs", "unit_words", "association_heads"))
def drop_things(index: PlayerIndex) -> None:
    """Drops a name the document writes somewhere as a mission, a programme, a spacecraft or a
    heavenly body (`veto_thing_name`: "missions such as Perdix", "asteroid Vellum", "Perdix 12"),
    whichever rule proposed it, unless the document gives it organisation evidence: a rule that reads
    one proposed it (a legal form, "X, a start-up", a person's employer: rules.yaml
    `organisation_evidence`), it speaks ("X said") or acts ("X has asked ...": `PlayerIndex.actors`)."""
    if not index.things:
        return
    things = {index.key(t) for t in index.things}
    evidence = organisation_evidence()
    said = "|".join(re.escape(w) for w in index.lexicon.words("speech_verbs"))
    for key in list(index.forms):
        forms = index.forms[key]
        if key not in things and not all(index.key(f) in things or _thing_and_acronym(index.key(f), things)
                                         for f in forms):
            continue
        if any(c.rule in evidence for c in forms.values()) or any(f in index.actors for f in forms) or \
                any(re.search(rf"(?<![\w-]){re.escape(f)}\s+(?:{said})\b", index.text) for f in forms) or \
                any(_institution_name(f, index.lexicon) for f in forms):
            continue
        index.drop(key, drop_things.rule_id)


def _institution_name(form: str, lexicon: Lexicon) -> bool:
    """"Tarn Launch Alliance (TLA)", "the Tarn Space Agency": a name of two or more words that ends
    in a unit word or an association's head names an institution, not a thing, wherever the document
    puts it ("aboard a Tarn Launch Alliance rocket")."""
    words = re.sub(r"\s*\([^()]*\)$", "", form).split()
    heads = lexicon.words("unit_words") | lexicon.words("association_heads")
    return len(words) >= 2 and words[-1].casefold() in heads and words[-1][:1].isupper()


def _thing_and_acronym(key: str, things: set[str]) -> bool:
    """"polar tarn ptm": a thing's words followed by its acronym (an infobox's name line)."""
    words = key.split()
    rest = " ".join(words[:-1])
    return len(words) >= 2 and words[-1] in things and any(t.startswith(rest) for t in things if t != words[-1])


def headline_sentence(sent, stop_ok: bool = False) -> bool:
    """Written like a headline: no closing full stop (unless `stop_ok`), and three or more words of
    four letters or more (after a leading address), at most one of them, and one in four, not
    capitalised ("acme Awarded Two Contracts for Lunar Ice"); a sentence naming a list of firms ends
    in a full stop or has common nouns among the names. A line cut by separators is a byline or a
    row, not a headline ("Acme Lunar · blog · 2 June")."""
    tokens = [t for t in sent if not t.is_space]
    if not tokens or (not stop_ok and (tokens[-1].text in (".", "!", "?", ";", ":", "…") or tokens[-1].text.endswith("."))):
        return False
    urls = [i for i, t in enumerate(tokens) if t.like_url]
    if any(t.text in ("·", "|", "•", "—", "–") for t in tokens):
        return False
    words = [t.text for t in tokens[urls[-1] + 1 if urls else 0:] if t.is_alpha and len(t) > 3]
    lower = sum(not w[0].isupper() for w in words)
    return len(words) >= 3 and lower <= 1 and lower <= 0.25 * len(words)


def _institution_like(form: str, lexicon: Lexicon) -> bool:
    """"TSA", "Tarnfield State University": an acronym, or a name ending in a unit word."""
    words = form.split()
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words) or \
        (len(words) >= 2 and words[-1].casefold() in lexicon.words("unit_words"))


def headline_block(doc) -> bool:
    """A paragraph of two or more sentences each written like a headline, whatever closes them: a
    title and its deck on one line ("Ice Miners: The Next Frontier? Robots to Explore Asteroids")."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    return len(sents) >= 2 and all(headline_sentence(s, stop_ok=True) for s in sents)


@rule("drop_headline_only", "inventory")
def headline_only(forms: dict[str, Candidate], parsed: list[tuple], lexicon: Lexicon) -> bool:
    """Drops a name only weak rules proposed that the document writes only in headline-style lines (a
    heading, or the opening line of a paragraph, most words capitalised and no full stop), never in
    prose or a list: the words of a title or a slogan ("Acme Awarded Two Contracts", "Shaping the
    Future of Ice Extraction") read as a name; so does a title with its deck on one line
    (`headline_block`), where acronyms and units' names still count as seen. Where a line sits and
    how it is written decide, not its words. (author_heading's names, read from the opening on
    purpose, are not judged by it.)"""
    seen = False
    for block, doc in parsed:
        deck = block.kind in ("paragraph", "title", "heading") and cached(doc, "headline_block", headline_block)
        for form in forms:
            start = doc.text.find(form)
            while start >= 0:
                span = doc.char_span(start, start + len(form), alignment_mode="expand")
                if span is not None and len(span):
                    seen = True
                    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
                    if deck and not _institution_like(form, lexicon):
                        start = doc.text.find(form, start + 1)
                        continue            # a deck's title-case words, not an acronym nor a unit's name
                    if block.kind == "item" or (block.kind not in ("heading", "title") and sent.start > 0) or \
                            not headline_sentence(sent):
                        return False        # a list's item, or a sentence inside a paragraph: not a headline
                start = doc.text.find(form, start + 1)
    return seen


@rule("drop_row_label", "inventory")
def row_label(forms: dict[str, Candidate], parsed: list[tuple]) -> bool:
    """Drops a one-word name only weak rules proposed that the document writes only as the label cell of a
    key | value row ("Mass | 15 kg | Dimensions | 2 m"): an infobox's field name, not a name. Only
    where the row is regular (no empty cell, no rule line), so that the cells' order can be read."""
    if any(len(f.split()) > 1 for f in forms):
        return False                            # field names read as names are single words
    seen = False
    for block, _ in parsed:
        if " | " not in block.clean:
            if any(f in block.clean for f in forms):
                return False
            continue
        cells = [c.strip() for c in block.clean.strip(" |").split(" | ")]
        regular = all(c and not set(c) <= set("-|: ") for c in cells)    # no empty cell, no rule line
        for i, cell in enumerate(cells):
            if any(f in cell for f in forms):
                if i % 2 or cell not in forms or not regular:
                    return False                # a value, or a name inside a longer cell
                seen = True
    return seen


PRODUCT_VERSION = re.compile(r"^(?P<name>.+?)(?:[\s-]+(?:[IVX]{1,4}|\d{1,3}|Mk\.?\s?\d+|Mark\s\d+))$")


def _product_form(form: str, products: set[str]) -> bool:
    """A product's name, or a version of it ("Storm II" beside "the Storm prototype")."""
    m = PRODUCT_VERSION.match(form)
    return form in products or (m is not None and m.group("name") in products)


@rule("drop_merged_names", "inventory")
def split_merged(index: PlayerIndex) -> None:
    """Drops a name that is two players read as one: "Lodestar Lunar and Perihelion Robotics" is two players when both halves are players; so is
    "Marlow Mining, Quillon Robotics" (an enumeration the model read as one name; a list of
    institutions, "University of Tarn, University of Velde", splits into them), "OSRA-LXA" (two
    players' names hyphenated before a noun) and "Tarn Capital/Velmora Ventures" (a slash list). Not "Lunar Survey and Space Engineering Center", one
    unit that holds both fields (`one_name_with_and`), nor "Ministry of Oceans, Forests and Fisheries"
    (`field_list_name`): their parts are dropped instead where only weak rules or a list's split
    proposed them ("Orbits" of "Centre for Dust, Orbits, and Tides", `part_held`), as are the parts
    of a firm named for its founders ("Orlan, Brask and Associates Ltd.", `firm_of_partners`) that the
    page names nowhere else."""
    for key in list(index.forms):
        if key not in index.forms:
            continue                            # dropped as half of a name that holds "and"
        firm = next((s for s in index.forms[key] if firm_of_partners(s, index.lexicon)), None)
        if firm is not None:                    # "Orlan, Brask and Associates Ltd.": one firm, its parts no players
            for part in _firm_parts(firm, key, index):
                index.drop(part, split_merged.rule_id)
            continue
        fields = next((s for s in index.forms[key] if field_list_name(s, index.lexicon)), None)
        if fields is not None:                  # "Ministry of Oceans, Forests and Fisheries": one ministry
            for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", fields):
                part = index.resolve(index.key(p))
                if part != key and index.part_held(part):
                    index.drop(part, split_merged.rule_id)
            continue
        listed = next((s for s in index.forms[key] if institution_list(s, index.lexicon)), None)
        if listed is not None:                  # "University of Tarn, University of Velde": two universities
            cand = max(index.forms[key].values(), key=lambda c: c.rank)
            index.drop(key, split_merged.rule_id)
            for part in re.split(r"\s*,\s*(?:and\s+)?", listed):
                index.add(part, cand.rule, cand.listed, source=cand.source)
            continue
        parts = re.split(r"\s+and\s+", key)
        enumerations = [[index.key(p) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", surface) if p.strip()]
                        for surface in index.forms[key] if "," in surface]
        if any(len(e) >= 2 and all(index.resolve(p) in index.forms and index.resolve(p) != key for p in e)
               for e in enumerations):
            index.drop(key, split_merged.rule_id)
        elif any(_hyphen_pair(surface, key, index) for surface in index.forms[key]):
            index.drop(key, split_merged.rule_id)     # "a first Tarn-OSRA workshop": two players
        elif (other := _other_half(key, index)) is not None:   # "Tarn and Velmora", Tarn a player: Velmora too
            cand = max(index.forms[key].values(), key=lambda c: c.rank)
            index.drop(key, split_merged.rule_id)
            index.add(other, cand.rule, cand.listed, source=cand.source)
        elif len(parts) == 2 and all(index.resolve(p) in index.forms for p in parts):
            if any(one_name_with_and(surface, index.lexicon) or surface in index.whole for surface in index.forms[key]):
                for p in parts:                 # "Lunar Survey and Space Engineering Center": one centre
                    if index.part_held(index.resolve(p)):
                        index.drop(index.resolve(p), split_merged.rule_id)
                continue
            index.drop(key, split_merged.rule_id)


def institution_list(surface: str, lexicon: Lexicon) -> bool:
    """"University of Tarn, University of Velde": names joined by commas, each a capitalised name with
    an institution word of its own (a place after a comma has none: "University of Tarn, Lisbon")."""
    parts = re.split(r"\s*,\s*(?:and\s+)?", surface)
    institutions = lexicon.words("institution_words")
    return len(parts) >= 2 and all(
        p[:1].isupper() and len(p.split()) >= 2 and any(w.casefold() in institutions for w in p.split())
        for p in parts)


def _other_half(key: str, index: PlayerIndex) -> str | None:
    """"Tarn and Velmora" read as one name where the document names Tarn alone too: the half that is
    not yet a player (a capitalised name of at most three words), or None. Not one unit holding
    both fields (`one_name_with_and`)."""
    for surface in index.forms[key]:
        halves = re.split(r"\s+and\s+", surface)
        if len(halves) != 2 or not all(h[:1].isupper() for h in halves) or one_name_with_and(surface, index.lexicon) or \
                re.search(r"\s(?:of|for)\s", halves[0]):
            continue                            # "Tarn Institute of Science and Technology": one name
        known = [h for h in halves if index.resolve(index.key(h)) in index.forms and index.resolve(index.key(h)) != key]
        if len(known) == 1:
            other = halves[1 - halves.index(known[0])]
            if len(other.split()) <= 3 and not all(index._lexicon_word(w.casefold()) for w in other.split()):
                return other
    return None


def _hyphen_pair(surface: str, key: str, index: PlayerIndex) -> bool:
    """"OSRA-LXA": two players' names joined by a hyphen (or a slash: "Tarn Capital/Velmora
    Ventures"), each a player of the document."""
    halves = surface.split("/") if surface.count("/") == 1 else surface.split("-")
    return len(halves) == 2 and all(h[:1].isupper() for h in halves) and \
        all(index.resolve(index.key(h)) in index.forms and index.resolve(index.key(h)) != key for h in halves)


def field_list_name(surface: str, lexicon: Lexicon) -> bool:
    """"the Ministry of Oceans, Forests, Rivers and Fisheries", "Interdisciplinary Centre for Dust,
    Orbits, and Tides": an institution's name whose "of" or "for" runs on through a list of one-word
    fields."""
    m = re.fullmatch(r"(?:the\s+)?(?:[A-Z]\w*\s+)*?(\w+)\s+(?:of|for)\s+[A-Z]\w*(?:,\s*[A-Z]\w*)+,?\s+and\s+[A-Z]\w*",
                     surface)
    return m is not None and m.group(1).casefold() in lexicon.words("institution_words")


def one_name_with_and(surface: str, lexicon: Lexicon) -> bool:
    """"the Lunar Survey and Space Engineering Center": the last half ends in a unit word and the
    first has none, so the unit's name holds both fields (not two organisations); "the Institute of
    Geology and Space Physics": an institution's fields run on past "and" (every word after its "of"
    or "for" is one of the lexicon's field_words); "Tarn Research and Development Inc.", "Tarn Defence
    and Space": fields on both sides of "and", the last half nothing but fields (and a legal form)."""
    parts = re.split(r"\s+and\s+", surface)
    if len(parts) != 2:
        return False
    units = lexicon.words("unit_words")
    if parts[1].split()[-1].casefold() in units and not any(w.casefold() in units for w in parts[0].split()):
        return True
    of = re.search(r"\s(?:of|for)\s+(.+)$", parts[0])
    fields = lexicon.words("field_words")
    if fields_joined(surface, lexicon):
        return True
    return of is not None and \
        any(w.casefold() in lexicon.words("institution_words") for w in parts[0][:of.start()].split()) and \
        all(w.strip(",").casefold() in fields for w in of.group(1).split() + parts[1].split())


def fields_joined(surface: str, lexicon: Lexicon) -> bool:
    """"Tarn Research and Development Inc.", "Centre for Lunar and Space Resources": fields on both
    sides of "and" (or a unit's "for"/"of" before it), the last half nothing but fields and a legal form."""
    parts = re.split(r"\s+and\s+", surface)
    if len(parts) != 2 or not parts[0].split():
        return False
    fields, units = lexicon.words("field_words"), lexicon.words("unit_words")
    of = re.search(r"\s(?:of|for)\s+(.+)$", parts[0])
    second = [w.casefold() for w in parts[1].split() if not is_legal_suffix(w.casefold(), lexicon)]
    return bool(second) and all(w in fields for w in second) and \
        (parts[0].split()[-1].casefold() in fields or
         (of is not None and any(w.casefold() in units for w in parts[0][:of.start()].split())))


LISTED_NAME = re.compile(r"[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}")


def _field_tail(parts: list[str], index: PlayerIndex) -> bool:
    """"the Tarn Institute of Dust and Crater Engineering": the half after "and" ends in a field word,
    the first names its unit's field after "of"/"for", and the page never names the second half
    but after this "and" (a second organisation would be named on its own somewhere)."""
    first, second = parts
    if not re.search(r"\s(?:of|for)\s+\S", first) or \
            second.split()[-1].casefold() not in index.lexicon.words("field_words"):
        return False
    return index.text.count(second) == index.text.count(f"and {second}") > 0


def firm_of_partners(surface: str, lexicon: Lexicon) -> bool:
    """"Orlan, Brask and Associates", "Tarn & Sons Ltd.": a firm's name that ends in "and" and a word
    of partners (lexicon `firm_partner_words`), a legal suffix after it or not."""
    words = surface.replace(",", " ").split()
    if words and is_legal_suffix(words[-1].casefold(), lexicon):
        words = words[:-1]
    return len(words) >= 3 and words[-2].casefold() in FIRM_JOINS and \
        words[-1].casefold() in lexicon.words("firm_partner_words")


def _firm_parts(firm: str, key: str, index: PlayerIndex) -> list[str]:
    """The players read out of the firm's name `firm` ("Orlan", "Brask", "Brask and Associates",
    "Associates Ltd.") that the page never names outside it."""
    out = []
    for other, forms in index.forms.items():
        if other == key or not forms or not all(f in firm for f in forms):
            continue
        if all(sum(1 for _ in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", index.text)) <=
               index.text.count(firm) for f in forms):
            out.append(other)
    return out


@rule("split_joined_names", "inventory", lexicon=("unit_words", "org_head_words", "legal_suffixes", "field_words",
                                              "firm_partner_words"))
def joined_names(surface: str, index: PlayerIndex) -> list[str]:
    """Trims two names read as one into both: "Eastvale Institute of Technology and Tarn Robotics"
    (joined by "and": the first holds a unit word or ends in an organisation word, the second ends
    in one, and the second is not the unit whose name holds both fields), "Tarn Propulsion
    Laboratory Velmora Energy" (a list cell whose line break was lost: an organisation or unit
    word, then a new capitalised name of two or more words ending in one, not a unit named by its
    fields: "Tarn University Applied Geology Laboratory"), or "Velmora Orbital,
    Tarnwick" (the model runs two items of a list into one entity: capitalised names of at most four
    words between commas, none a legal suffix or a place, the first no unit's name that a campus
    follows, as in "University of Tarn, Lisbon"). [] when it is one name, as where an acronym's letters
    need the words after "and" ("Tarn Institute of Soil Mechanics and Road Design (TISR)") or a firm is
    named for its founders ("Orlan, Brask and Associates")."""
    lex = index.lexicon
    if firm_of_partners(surface, lex):
        return []       # "Orlan, Brask and Associates Ltd.": one firm, named for its founders
    heads, units = lex.words("org_head_words"), lex.words("unit_words")
    ends = heads | units
    words = surface.split()
    commas = [p.strip() for p in surface.split(",")]
    if len(commas) >= 2 and all(LISTED_NAME.fullmatch(p) for p in commas) and \
            not any(w.casefold() in units for w in commas[0].split()):
        from .geography import gazetteer
        suffixes = {w.rstrip(".") for w in lex.words("legal_suffixes")}
        regions = gazetteer(lex).regions
        if not any(p.casefold().rstrip(".") in suffixes or p.casefold() in regions or p in index.places
                   for p in commas):
            return commas
    parts = re.split(r"\s+and\s+", surface)
    if surface in index.whole:
        parts = []      # "Tarn Institute of Soil Mechanics and Road Design (TISR)": one name
    if len(parts) == 2 and all(len(p.split()) >= 2 and p[:1].isupper() for p in parts) and \
            not one_name_with_and(surface, lex) and not _field_tail(parts, index):
        first, second = parts[0].split(), parts[1].split()
        if (any(w.casefold() in units for w in first) or first[-1].casefold() in heads) and \
                second[-1].casefold() in ends and not index._lexicon_word(second[0].casefold()):
            return parts
    for i in range(1, len(words) - 2):
        left, right = words[:i + 1], words[i + 1:]
        if words[i].casefold() in units and right[0][:1].isupper() and right[-1].casefold() in ends and \
                right[0].casefold() not in ends and not index._lexicon_word(right[0].casefold()) and \
                not any(w.casefold() in NAME_CONNECTORS for w in right) and \
                not all(w.casefold() in lex.words("field_words") for w in right[:-1]):   # "... University Applied Geology Laboratory"
            return [" ".join(left), " ".join(right)]
    return []


SECOND_LEVEL = {"com", "co", "org", "net", "gov", "ac", "edu", "or", "ne"}     # "example.com.au", "example.co.uk"


def site_names(url: str) -> set[str]:
    """What a site's address calls its owner: "https://www.example-news.com/a" -> {"examplenews",
    "examplenewscom"} (the name before the top-level domain, with and without it)."""
    host = re.sub(r"^[a-z]+://", "", url.casefold()).split("/")[0].split(":")[0]
    labels = [x for x in host.split(".") if x and x != "www"]
    if len(labels) < 2 or all(x.isdigit() for x in labels):
        return set()
    i = len(labels) - 2
    if i > 0 and labels[i] in SECOND_LEVEL:
        i -= 1
    name = re.sub(r"[^a-z0-9+]", "", labels[i])
    return {name, name + "".join(labels[i + 1:])}


def page_address(parsed: list[tuple], index: PlayerIndex) -> str | None:
    """The page's own address: its "# source: URL" header line, else a URL in its first two blocks."""
    if index.source_url:
        return index.source_url
    found = URL.search(" ".join(block.clean for block, _ in parsed[:2]))
    return found.group() if found else None


@rule("drop_publisher", "inventory")
def drop_publisher(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drops the page's publisher: a name that is the site in the page's own address (a URL in its
    opening lines: "MENAFN" of menafn.com) or after the bar of its title line ("... | Orbit Ledger"),
    named at most twice (with or without its legal form) and never as a clause's subject: an
    agency's or a company's own page about what it does keeps it as a player, and so does an
    institution's own page that spells out its name ("the Tarn Institute of Technology (TIT)")."""
    sites = site_names(page_address(parsed, index) or "") | title_site(parsed)
    if not sites:
        return
    text = " ".join(block.clean for block, _ in parsed)
    defined = set(index.acronyms.values())
    for key in list(index.forms):
        forms = index.forms[key]
        named = {canonical_name(f, index) for f in forms} | set(forms)       # "acme" as often as "acme, inc."
        if key not in defined and any(re.sub(r"[^a-z0-9+]", "", f.casefold()) in sites for f in forms) and \
                max(len(re.findall(rf"(?<!\w){re.escape(n)}(?!\w)", text)) for n in named) <= 2 and \
                not any(_subject_somewhere(f, parsed) for f in named):
            index.drop(key, drop_publisher.rule_id)


def title_site(parsed: list[tuple]) -> set[str]:
    """The site a page's title line names after a bar ("Moon startup raises new funding | Orbit
    Ledger" -> {"orbitledger"}): the publisher, as its address would name it."""
    if not parsed:
        return set()
    head, bar, site = parsed[0][0].clean.rpartition(" | ")     # the page's first line, its title
    if bar and head and 1 <= len(site.split()) <= 4 and site[:1].isupper() and not site.endswith("."):
        return {re.sub(r"[^a-z0-9+]", "", site.casefold())}
    return set()


def _subject_somewhere(form: str, parsed: list[tuple]) -> bool:
    """`form` is a clause's subject somewhere in the document (or joined to one: "X and Y contribute")."""
    for _, doc in parsed:
        start = doc.text.find(form)
        while start >= 0:
            span = doc.char_span(start, start + len(form), alignment_mode="expand")
            root = span.root if span is not None and len(span) else None
            if root is not None and (root.dep_ in ("nsubj", "nsubjpass") or
                                     (root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"))):
                return True
            start = doc.text.find(form, start + 1)
    return False
