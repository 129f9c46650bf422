"""Technologies stated in one sentence: the product or system a player builds, uses, offers or owns.

The noun phrase that names it (as the page names it, trimmed of determiners and extended by its
purpose or "of" phrase), the vetoes that drop vague phrases, parts and payloads, and its maker
("built by Y", "Y's rover", "its drill", "Y, the maker of ..."). Named products are credited in
product_makers.py.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .clauses import (agents, cached, coordination_head, governor, in_quotes, is_verb, mention_at, noun_chunks,
                      sentence_start, subject_side)
from .facts import Evidence, TechnologyUse
from .inventory import abbreviates
from .lexicon import Lexicon
from .products import products_of
from .relation_helpers import _declined, _joint_work, credited, pronoun_owner, sentence_terms, unique_players
from .rules import rule, stamp
from .targets import owner_of_player
from .types import Mention


@rule("technology_object", "relations", lexicon=("technology_heads", "technology_verbs", "generic_technology_heads", "agreement_nouns",
                                                "responsibility_adjectives", "membership_verbs", "cargo_verbs",
                                                "carriage_verbs"))
def technologies_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                    lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: Technologies the sentence credits to players: what they build, use, offer or own."""
    evidence = stamp(evidence, technologies_in.rule_id)
    active = [m for m in agents(mentions, lexicon) if not owner_of_player(m, mentions, lexicon)]
    if not active:
        return []
    terms = sentence_terms(sent, mentions).get("technology", [])
    out: list[TechnologyUse] = []
    if sent.text.count("|") >= 2:
        return []                                   # an infobox's or a table's cells (tables.py reads those)
    order: list[tuple[int, str]] = []              # where each technology is named (for "respectively")
    weak_verbs = lexicon.union("membership_verbs", "cargo_verbs", "carriage_verbs")
    product_tokens = named_product_tokens(sent.doc, lexicon)
    for phrase in technology_phrases(sent, terms, mentions, lexicon):
        if product_tokens & set(range(phrase.start, phrase.end)):
            continue                                # a named product: technology_product credits it
        if product_description(phrase, product_tokens) and not passive_makers(phrase, mentions, lexicon):
            continue                                # "the K-Trek, a low-mass rover": the product, described
        role = role_holder(phrase, mentions, lexicon)
        stated = role or passive_makers(phrase, mentions, lexicon)     # the maker as the words name it
        maker = stated or maker_of(phrase, mentions, lexicon)
        who = maker or possessor_of(phrase, mentions) or pronoun_owner(phrase, mentions, active) or \
            earlier_owner(phrase, active) or relative_antecedent(phrase, mentions)
        weak = who is None and governor(phrase.root).lemma_.casefold() in weak_verbs
        if who is None:
            who = credited(phrase.root, mentions, active, lexicon, through_appositive=False)
            commissioning = [m for m in who if _commissions(m, lexicon)]
            if commissioning and len(commissioning) < len(who):
                who = [m for m in who if m not in commissioning]   # "X awarded Y a contract to build Z": Y builds
            elif commissioning and commissioned_work(phrase, commissioning):
                who = []            # "X awarded $2 million to a small firm to build Z": the builder is unnamed
            elif any(subject_side(m) for m in who) and not _joint_work(phrase.root, lexicon):
                # "X signed an agreement with Y to fly its payload": X's; "X partnered with Y to build": both
                who = [m for m in who if subject_side(m) or _joint_worker(m, lexicon)]
            elif any(_customer(m, lexicon) for m in who) and not _joint_work(phrase.root, lexicon):
                who = [m for m in who if not _customer(m, lexicon)]   # "..., under contract with Y": Y's order
            elif who and phrase.root.dep_ in ("nsubj", "nsubjpass") and \
                    not any(c.dep_ == "poss" for c in phrase.root.children):      # not "X, whose thrusters"
                # "drills tested at Y": the subject's owner is not the place it is tested at; in a
                # list entry ("Acme - ... drills tested at Y") it is the entry's name
                who = [m for m in mentions if m.span.start == 0 and m not in who]
        who = [m for m in who if not (_recipient(m, lexicon) or not_the_maker(m, lexicon))]
        # a lexicon term is named by its canonical name ("CubeSats" -> CubeSat)
        named = _with_of_phrase(phrase, lexicon)
        text = phrase.id_ if phrase.label_ == "technology" and phrase.id_ else _strip_determiners(named)
        if vague_technology(named, lexicon, described=maker is not None):   # "its camera comes from Y"
            continue
        said = stamp(evidence, (role_holder if role else passive_makers).rule_id) if stated else evidence
        out += [TechnologyUse(names[m.key], text, said, weak) for m in unique_players(who) if text]
        order.append((phrase.start, text))
    out = respectively(sent, out, order, mentions, names)
    out += made_by_compound(sent, mentions, names, evidence, lexicon)
    out += offered_as(sent, mentions, names, evidence, lexicon)
    out += creator_appositive(sent, mentions, names, evidence, lexicon)
    # "In-Situ Resource Utilization (ISRU)": one technology, not two
    return [t for t in out if not any(u.player == t.player and u.technology != t.technology and
                                      abbreviates(t.technology, u.technology) for u in out)]


def named_product_tokens(doc: Doc, lexicon: Lexicon) -> frozenset[int]:
    """The tokens of the block's named products (their names and head nouns), worked out once per
    block: every sentence of it asks."""
    return cached(doc, "named_product_tokens", lambda d: frozenset(
        {i for p in products_of(d, lexicon) for n in p.names() for i in range(n.start, n.end)} |
        {p.head.i for p in products_of(d, lexicon) if p.head is not None}))


@rule("veto_product_description", "relations")
def product_description(phrase: Span, product_tokens: set[int]) -> bool:
    """Vetoes as a technology of its own the phrase in apposition to a named product: "X's Kestrel
    Trekker or K-Trek, a light cargo rover, would ..." (the rover is the Kestrel
    Trekker, which technology_product credits)."""
    root = phrase.root
    return root.dep_ == "appos" and root.head.i in product_tokens


@rule("technology_respectively", "relations")
def respectively(sent: Span, found: list[TechnologyUse], order: list[tuple[int, str]], mentions: list[Mention],
                 names: dict[str, str]) -> list[TechnologyUse]:
    """Trims technologies: "X and Y build the hopper and the drill, respectively" gives X the hopper
    and Y the lander, not each both (when the sentence says "respectively" and names as many players
    as technologies, paired in the order they are named)."""
    if not any(t.lower_ == "respectively" for t in sent):
        return found
    players = list(dict.fromkeys(names[m.key] for m in sorted(mentions, key=lambda m: m.span.start)
                                 if names[m.key] in {t.player for t in found}))
    techs = list(dict.fromkeys(text for _, text in sorted(order)))
    if len(players) < 2 or len(players) != len(techs):
        return found
    pairs = set(zip(players, techs))
    return [t for t in found if (t.player, t.technology) in pairs]


@rule("drop_vague_technology", "relations", lexicon=("broad_technology_heads", "vague_technology_modifiers",
                                                    "cargo_verbs", "sky_phrases"))
def vague_technology(phrase: Span, lexicon: Lexicon, described: bool = False) -> bool:
    """Drops a technology the page does not name: a broad class noun alone ("spacecraft", "the
    instruments", "satellites") or any technology head with only vague or evaluative words before it
    ("a commercial rover", "multiple instruments", "a similar camera", "its Russian instrument",
    "not only the instruments"). A name ("Pathfinder bus"), a descriptive modifier ("prospecting
    satellite", "mass spectrometer") or a lexicon term keeps it. A part of the sky written with a
    technology head ("the solar system") is never one."""
    root = phrase.root
    if root.i > phrase.start and f"{phrase.doc[root.i - 1].lower_} {root.lower_}" in lexicon.words("sky_phrases"):
        return True                     # "the early solar system": a part of the sky, not a machine
    if phrase.label_ == "technology" and phrase.id_:
        return False
    if root.pos_ == "PROPN" or root.is_upper or any(c.isdigit() for c in root.text):
        return False
    vague = lexicon.words("vague_technology_modifiers")
    words = [t for t in phrase if t.i != root.i and not (t.pos_ in ("DET", "PRON", "PUNCT", "NUM", "CCONJ") or
                                                          t.dep_ == "poss" or t.lower_ in ("'s", "’s"))]
    if any(t.lower_ not in vague and t.ent_type_ != "NORP" and not t.like_num for t in words):
        return False
    if words:
        return True                     # "a commercial rover", "multiple instruments"
    carrying = lexicon.words("cargo_verbs")
    if described or any((c.dep_ in ("relcl", "acl") and c.lemma_.casefold() not in carrying) or
                        (c.dep_ == "prep" and c.lower_ == "for") for c in root.children):
        return False                    # "a spacecraft that will prospect ...", "sensors for mine safety", "its camera comes from Y"
    return root.lower_ in lexicon.words("broad_technology_heads")


@rule("veto_source_or_sponsor", "relations", lexicon=("sponsorship_preps", "facility_heads", "funding_nouns",
                                                     "fundraising_verbs", "award_nouns", "passive_maker_verbs"))
def not_the_maker(m: Mention, lexicon: Lexicon) -> bool:
    """Vetoes crediting a technology to a player the sentence names only as its source ("According to X,
    the mission will demonstrate ..."), as the sponsor of the programme it is made under ("to develop
    rovers under X's Kestrel initiative"), as the giver of the money ("X announced grants for
    two consortia to develop rovers", "won an X grant for its drill"; not "X received a grant to
    develop rovers") or as the customer it is made for ("a drill developed for X")."""
    root = m.span.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.tag_ == "VBN" and \
            root.head.head.lemma_.casefold() in lexicon.words("passive_maker_verbs"):
        return True                             # "a drill developed for X": X's order, not X's make
    noun = root.head if root.dep_ in ("poss", "compound") else None
    while noun is not None and noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head                        # "an X Small Business Research grant"
    if noun is not None and noun.lemma_.casefold() in lexicon.words("award_nouns"):
        return True                             # "won an X grant for its drill": X gave the money
    if root.dep_ in ("poss", "compound") and root.head.lemma_.casefold() in lexicon.words("facility_heads"):
        noun = root.head
        if noun.dep_ == "pobj" and noun.head.lower_ in lexicon.words("sponsorship_preps"):
            return True
    if root.dep_ == "nsubj":
        verb = root.head
        funding = lexicon.words("funding_nouns")
        return verb.lemma_.casefold() not in lexicon.words("fundraising_verbs") and \
            any(c.dep_ == "dobj" and c.lemma_.casefold() in funding for c in verb.children)
    return False


def _recipient(m: Mention, lexicon: Lexicon) -> bool:
    """"shipped two drills to Y", "sells spectrometers to Y": Y receives the thing, it does not make it."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "to" and \
        (prep.head.lemma_.casefold() in lexicon.words("transfer_verbs") or
         prep.head.lemma_.casefold() in lexicon.words("cargo_verbs"))


def names_its_maker(chunk: Span, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """"a lander supplied by Y", "a Tui Aerospace lander": the phrase names its maker."""
    return (maker_of(chunk, mentions, lexicon) or possessor_of(chunk, mentions)) is not None


def _once(fn, *args):
    """A function of no arguments that works out `fn(*args)` on its first call and returns that
    answer from then on (lighter than `functools.cache` for a value asked once per noun phrase)."""
    answer = []

    def ask():
        if not answer:
            answer.append(fn(*args))
        return answer[0]
    return ask


def technology_phrases(sent: Span, terms: list[Span], mentions: list[Mention], lexicon: Lexicon) -> list[Span]:
    """Noun phrases naming a technology a player builds, uses or offers."""
    heads = lexicon.words("technology_heads")
    player_tokens = {i for m in mentions for i in range(m.span.start, m.span.end)}
    found: list[Span] = []
    for chunk in noun_chunks(sent) + _misread_nouns(sent, lexicon):
        whole = _with_coordinated_modifiers(chunk)
        chunk = _after_possessor(whole, mentions)
        if chunk is None or player_tokens & set(range(chunk.start, chunk.end)) or in_quotes(chunk.root):
            continue
        root = chunk.root
        named = lexicon.has(root, "technology_heads")
        role = coordination_head(root)                 # "builds drills and rovers": "rovers" is built too
        # "a lander supplied by Y", "a Tui Aerospace lander": the phrase names its maker (worked out
        # once, and only when a test below asks: most noun phrases are dropped before any does)
        made = _once(names_its_maker, chunk, mentions, lexicon)
        specific = named and not lexicon.has(root, "generic_technology_heads") and \
            (role.dep_ in ("dobj", "nsubj", "nsubjpass", "appos", "attr", "dative") or made() or
             (role.dep_ == "pobj" and role.head.lower_ in ("with", "on", "of", "including")) or _such_as(role) or
             (role.dep_ == "pobj" and role.head.lower_ in ("for", "of") and
              role.head.head.lemma_.casefold() in lexicon.words("responsibility_adjectives")))
        if not (specific or _governed_by(root, lexicon) or _possessed(whole) or _offered(chunk, lexicon)):
            continue
        if _declined(root):
            continue                                # "rather than build its own landers"
        if (_destination(chunk, lexicon) and not made()) or \
                _other_clause_subject(root) or _hypothetical_use(root):
            continue                                # "fly on a lander", "where robots will need power"
        if (_carried(root, lexicon) and not made()) or _test_site(root, lexicon):
            continue                                # "X will take the drill to the Moon": someone else's
        if _part_of_thing(chunk, lexicon) and not _governed_by(root, lexicon):
            continue                                # "partner with Y on the plant's power systems"
        if component_of_described(root, lexicon):
            continue                                # "a plant that combines digging robots": its parts
        if used_by_machine(root, lexicon) and not made():
            continue                                # "These robots use drills": the robots' parts
        if class_with_examples(root, lexicon):
            continue                                # "technologies such as X": X are named instead
        if _cargo_of_vehicle(root, lexicon) and not made():
            continue                                # "launched a rocket carrying a telescope": a payload
        if procured(root, lexicon):
            continue                                # "procurement of hardware, including batteries": bought in
        if any(f.start <= chunk.start and chunk.end <= f.end for f in found):
            continue
        chunk = _with_purpose(_extend_of_phrase(chunk, lexicon), lexicon)
        inner_terms = [t for t in terms if chunk.start <= t.start and t.end <= chunk.end]
        content = [t for t in chunk if t.pos_ not in ("DET", "PRON", "PUNCT") and t.dep_ != "poss"]
        if named:
            if not specific and len(content) < 2:
                continue                            # "its machines": too vague to be a technology
            found.append(chunk)
        elif root.lower_ in ("series", "family", "fleet", "line", "constellation", "network") and \
                any(t.lower_ in heads for t in chunk):
            found.append(chunk)
        elif any(t.start <= root.i < t.end for t in inner_terms):
            found.append(chunk)                     # "molten salt electrolysis": the term heads the phrase
        elif inner_terms:
            found += inner_terms                    # "a CubeSat-based program": the term alone
    return found


@rule("technology_purpose", "relations", lexicon=("generic_technology_heads", "facility_heads"))
def _with_purpose(chunk: Span, lexicon: Lexicon) -> Span:
    """Yields a technology named by its purpose (a class noun and what it is for): "technology for
    comet coring and orbital refuelling", "technology to pull neon out of regolith"
    ("technology to pull neon"), "the tools for regolith excavation"; not a plural before "to"
    ("technologies to produce oxygen": a class, no product). The phrase runs to the end of the
    purpose (its object for "to", without what follows it), at most eight words."""
    root = chunk.root
    if not lexicon.has(root, "generic_technology_heads") or chunk.end != root.i + 1:
        return chunk
    doc = chunk.doc
    c = doc[root.i + 1] if root.i + 1 < chunk.sent.end else None
    if c is not None and c.dep_ == "prep" and c.lower_ == "for":     # (the model may hang it on the verb)
        obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp") and o.pos_ in ("NOUN", "VERB")), None)
        if obj is not None and _activity(obj, lexicon):
            end = obj.right_edge.i + 1
            stop = next((t.i for t in doc[obj.i:end] if t.is_punct or t.dep_ in ("relcl", "acl")), end)
            return doc[chunk.start:min(stop, c.i + 9)] if min(stop, c.i + 9) > obj.i else chunk
    verb = doc[root.i + 2] if root.i + 2 < chunk.sent.end else None
    if root.tag_ == "NNS":
        return chunk                    # "technologies to produce oxygen": a class of them, no product
    if verb is not None and doc[root.i + 1].lower_ == "to" and verb.tag_ == "VB" and \
            (verb.head.i == root.i or verb.dep_ == "advcl" and verb.head.i == root.head.i):
        # "technology to extract X" (the model may hang the purpose on the verb before the noun)
        obj = next((o for o in verb.children if o.dep_ == "dobj"), None)
        if obj is not None and obj.i - verb.i <= 4:
            end = max([obj.i] + [k.i for k in obj.children if k.i > obj.i and k.dep_ in ("nummod", "compound")]) + 1
            return doc[chunk.start:end]
    return chunk


@rule("veto_component_technology", "relations", lexicon=("component_verbs", "technology_heads"))
def component_of_described(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes as a technology of its own a part named in the relative clause that describes another
    technology: "a mobile plant that combines digging robots with ice ovens", "a lander which
    houses two drills" (the robots, ovens and drills are parts of the plant or lander)."""
    t = coordination_head(token)
    hops = 0
    while t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ == "NOUN" and hops < 3:
        t = coordination_head(t.head.head)          # "rovers with ISRU units"
        hops += 1
    if t.dep_ == "pobj" and t.head.lower_ == "with" and is_verb(t.head.head):
        t = t.head                                  # "integrates drills with heating units"
    verb = t.head
    return t.dep_ in ("dobj", "prep") and verb.dep_ in ("relcl", "acl") and \
        verb.lemma_.casefold() in lexicon.words("component_verbs") and lexicon.has(verb.head, "technology_heads")


@rule("veto_machine_part", "relations", lexicon=("use_verbs", "technology_heads"))
def used_by_machine(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes as a player's technology what a machine the sentence is about uses: "These robots use
    drilling tools", "The haulers will shuttle ..., recharging using solar arrays" (the subject is the
    machine, not a player; its parts are not products the page credits)."""
    t = coordination_head(token)
    verb = t.head
    if t.dep_ != "dobj" or verb.lemma_.casefold() not in lexicon.words("use_verbs"):
        return False
    hops = 0
    while verb is not None and hops < 4:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject.pos_ == "NOUN" and lexicon.has(subject, "technology_heads") and \
                not any(c.dep_ == "poss" for c in subject.children)
        if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
        hops += 1
    return False


@rule("veto_class_with_examples", "relations", lexicon=("generic_technology_heads", "carriage_verbs"))
def class_with_examples(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes a class noun followed by its examples: "polar survey technologies such as crawler
    haulage", "systems including drills and rovers" (the examples are what the page names)."""
    if not lexicon.has(token, "generic_technology_heads"):
        return False
    doc = token.doc
    nxt = doc[token.i + 1:token.i + 3]
    return (len(nxt) == 2 and nxt[0].lower_ == "such" and nxt[1].lower_ == "as") or \
        (len(nxt) >= 1 and nxt[0].lower_ in ("including", "like"))


def _cargo_of_vehicle(token: Token, lexicon: Lexicon) -> bool:
    """"sent up a booster carrying a gamma-ray imager": what a launched vehicle carries (not "a
    spacecraft carrying a spectrometer" said of what a player builds)."""
    t = coordination_head(token)
    verb = t.head
    vehicle = verb.head
    return t.dep_ == "dobj" and verb.dep_ == "acl" and verb.lemma_.casefold() in lexicon.words("cargo_verbs") and \
        lexicon.has(vehicle, "technology_heads") and vehicle.dep_ == "dobj" and \
        vehicle.head.lemma_.casefold() in lexicon.words("carriage_verbs")


@rule("veto_procured_part", "relations", lexicon=("procurement_words",))
def procured(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes what a player buys in, not what it makes: "procurement of flight hardware, including
    solar arrays and batteries", "sourcing key components such as tanks and thrusters": read from the
    words back to the procurement word (the parse of such lists is no guide), through nouns, adjectives,
    commas, "of", "and", "including" and "such as", never past a verb."""
    doc = token.doc
    words = lexicon.words("procurement_words")
    start = sentence_start(token) if doc.has_annotation("SENT_START") else 0
    for t in reversed(doc[max(start, token.i - 14):token.i]):
        if t.lower_ in words or t.lemma_.casefold() in words:
            return True
        if t.pos_ in ("VERB", "AUX") and t.lower_ != "including":
            return False
    return False


ACTIVITY = re.compile(r"(?:ing|tion|sion|ment|ery|ysis)$")


def _activity(token: Token, lexicon: Lexicon) -> bool:
    """"for asteroid sampling", "for regolith excavation": a purpose is an activity (not "for their next
    mission", "for a polar outpost": what the thing is made for)."""
    return not any(c.dep_ == "poss" for c in token.children) and \
        token.lower_ not in lexicon.words("facility_heads") and \
        (token.pos_ == "VERB" or token.tag_ == "VBG" or bool(ACTIVITY.search(token.lower_)))


def _misread_nouns(sent: Span, lexicon: Lexicon) -> list[Span]:
    """"building lunar communication relays" with "relays" tagged as a verb: an object that is a
    technology head the model gave no noun chunk."""
    chunked = {i for c in noun_chunks(sent) for i in range(c.start, c.end)}
    return [sent.doc[t.left_edge.i:t.i + 1] for t in sent
            if t.pos_ == "VERB" and t.dep_ in ("dobj", "pobj", "nsubjpass") and t.i not in chunked and
            lexicon.has(t, "technology_heads") and all(c.i < t.i for c in t.children)]


def _such_as(token) -> bool:
    """"sensors such as spectrometers": an example of what the list before names."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "as" and prep.i > 0 and token.doc[prep.i - 1].lower_ == "such"


def _with_coordinated_modifiers(chunk: Span) -> Span:
    """"anchoring and grinding robots": the model's chunk may start at "grinding"."""
    root = chunk.root
    starts = [t.left_edge.i for t in root.lefts if t.dep_ in ("amod", "compound", "nmod") and t.i < chunk.start]
    return chunk.doc[min(starts):chunk.end] if starts else chunk


def _extend_of_phrase(chunk: Span, lexicon: Lexicon) -> Span:
    """"a prototype of the excavator", "a constellation of smallsats": the whole phrase (whose name
    `_with_of_phrase` trims to the product)."""
    root = chunk.root
    if root.lower_ in lexicon.words("instance_nouns"):
        for prep in root.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
            if prep.dep_ == "prep" and objects:
                return chunk.doc[chunk.start:objects[0].i + 1]
    return chunk


@rule("technology_of_phrase", "relations", lexicon=("instance_nouns",))
def _with_of_phrase(chunk: Span, lexicon: Lexicon) -> Span:
    """Trims a technology named as "a prototype of X", "a fleet of 50 X", "a constellation of X" to X, the
    product the page names ("a half-size prototype of its regolith digger": "regolith digger"); a
    phrase that stops at the group noun stays as it is."""
    root = chunk.root
    if root.lower_ in lexicon.words("instance_nouns"):
        for prep in root.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
            if prep.dep_ == "prep" and objects:
                obj = objects[0]
                start = obj.left_edge.i
                while start < obj.i and (chunk.doc[start].pos_ in ("DET", "PRON", "NUM", "ADV", "PUNCT") or
                                         chunk.doc[start].dep_ == "poss" or chunk.doc[start].like_num):
                    start += 1
                return chunk.doc[start:obj.i + 1]
    return chunk


def _after_possessor(chunk: Span, mentions: list[Mention]) -> Span | None:
    """"Acme's Pathfinder bus" -> "Pathfinder bus", "a Tui Aerospace lander" -> "lander" (the
    possessor is the owner, not the name)."""
    for m in mentions:
        if chunk.start <= m.span.start < chunk.end and _owner_dep(m, chunk.root):
            rest = m.span.end
            while rest < chunk.end and chunk.doc[rest].dep_ == "case":
                rest += 1
            return chunk.doc[rest:chunk.end] if rest < chunk.end else None
    return chunk


def possessor_of(phrase: Span, mentions: list[Mention]) -> list[Mention] | None:
    """"Acme's anchoring robots" belong to Acme; "a Tui Aerospace lander" to Tui Aerospace; so does
    what an appositive calls them ("Acme's Pathfinder, a small spacecraft")."""
    heads = [phrase.root] + ([phrase.root.head] if phrase.root.dep_ == "appos" else [])
    for head in heads:
        for t in head.children:
            m = mention_at(t, mentions)
            if m is not None and _owner_dep(m, head):
                return [m]
    for t in phrase.root.lefts:         # "X's cutting-edge sintering technology": the model may hang
        for d in t.subtree:             # the possessive on a modifier
            m = mention_at(d, mentions) if d.dep_ == "poss" else None
            if m is not None:
                return [m]
    return None


def _owner_dep(m: Mention, head: Token) -> bool:
    """The mention owns `head`: "Acme's drill", or a maker's name before the noun ("a Tui Aerospace
    lander"; not a name inside the noun's own modifiers, "the Acme-class lander")."""
    root = m.span.root
    if root.dep_ == "poss":
        return True
    return root.dep_ in ("compound", "nmod") and root.head.i == head.i and m.span.end == head.i and \
        head.pos_ == "NOUN" and not in_quotes(root)


def earlier_owner(phrase: Span, active: list[Mention]) -> list[Mention] | None:
    """"Y announced that instruments for its lander were delivered from Z": "its" that no clause
    subject resolves is the last subject named before it (or nobody), never the suppliers the clause names."""
    poss = next((c for c in phrase.root.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if poss is None:
        return None
    verb = governor(phrase.root)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.left_edge.i <= m.span.start <= s.right_edge.i for s in subjects for m in active):
        return None                     # "rivals such as Y pursue their own landers": Y's
    return [m for m in active if m.span.end <= poss.i and subject_side(m)][-1:]


@rule("technology_relative_antecedent", "relations")
def relative_antecedent(phrase: Span, mentions: list[Mention]) -> list[Mention] | None:
    """Yields the owner of a technology named in a relative clause about a player, read from the words:
    "A, B and Kestrel Space, which is building ice prospectors" (Kestrel Space, the name right
    before ", which"; the model often hangs the clause on the first name of the list)."""
    verb = governor(phrase.root)
    doc = phrase.doc
    wh = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "who", "that")),
              None)
    if wh is None or wh.i < 2 or doc[wh.i - 1].text != ",":
        return None
    m = next((m for m in mentions if m.span.end == wh.i - 1), None)
    return [m] if m is not None else None


def maker_of(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """"a drill supplied by Acme", "a rover built by Acme", "a drill from Acme": the maker, not
    whoever carries it."""
    passive = passive_makers(phrase, mentions, lexicon)
    if passive:
        return passive
    root = phrase.root
    role = coordination_head(root)                  # "its camera and spectrometer come from Y"
    places = list(root.children) + (list(role.head.children) if role.dep_ in ("dobj", "nsubj") else [])
    for child in places:
        if child.dep_ == "prep" and child.lower_ == "from":
            found = [m for m in (mention_at(t, mentions) for t in child.children if t.dep_ == "pobj") if m]
            if found:
                return found[:1]
        if child.dep_ == "acl" and child.lemma_.casefold() in lexicon.words("technology_verbs"):
            for agent in child.children:
                if agent.dep_ == "agent":
                    found = [mention_at(t, mentions) for t in agent.subtree]
                    found = [m for m in found if m is not None]
                    if found:
                        return found[:1]
    return None


@rule("technology_passive_maker", "relations", lexicon=("passive_maker_verbs", "co_maker_words"))
def passive_makers(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """Yields the makers of a technology named as the subject of a passive verb of making: "the drill
    will be developed by X" (X), "by X and Y" (both), "by X in partnership with Z" (X and Z), and
    the gapped second half of such a sentence, "..., and the analyser by Y" (Y). Read from the words
    as well as the parse (the model often attaches such a subject to the phrase before it). The
    owner of the maker ("by Y's Kestrel Center") is not the maker."""
    doc, sent = phrase.doc, phrase.sent
    verbs = lexicon.words("passive_maker_verbs")
    role = coordination_head(phrase.root)
    if role.dep_ == "nsubjpass" and role.head.lemma_.casefold() in verbs:
        agent = next((c for c in role.head.children if c.dep_ == "agent"), None)
        if agent is not None:
            return _makers_after(agent, mentions, lexicon) or None
    j, be = phrase.end, False
    while j < sent.end and doc[j].pos_ in ("AUX", "PART", "ADV") and doc[j].lower_ not in ("not", "never", "n't"):
        be = be or doc[j].lemma_ == "be"
        j += 1
    if be and j + 1 < sent.end and doc[j].tag_ == "VBN" and doc[j].lemma_.casefold() in verbs:
        k = j + 1
        if doc[k].lower_ == "for":          # "manufactured for us by Y", "built for the agency by Y"
            k = next((b.i for b in doc[k + 1:min(k + 5, sent.end)] if b.lower_ == "by"), k)
        if k < sent.end and doc[k].lower_ == "by":
            return _makers_after(doc[k], mentions, lexicon) or None
    if phrase.end < sent.end and doc[phrase.end].lower_ == "by" and _gapped(phrase, verbs):
        return _makers_after(doc[phrase.end], mentions, lexicon) or None
    return None


@rule("technology_role_holder", "relations", lexicon=("work_role_nouns",))
def role_holder(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """Yields the maker of a technology named as the object of a role the text gives a player:
    "with X in Tarnland as main contractor for the Kestrel drill", "Y as lead of the Tern
    instrument", "X joined as the builder of the lander". The player is the name just before "as"
    (a place after it may intervene: "X in Tarnland as ..."), however the model attached "as", or else
    the subject of the verb "as" belongs to."""
    doc = phrase.doc
    t = coordination_head(phrase.root)
    if t.dep_ != "pobj" or t.head.lower_ not in ("of", "for"):
        return None
    role = t.head.head
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head                        # "main contractor and design lead of X"
    if role.lower_ not in lexicon.words("work_role_nouns") or role.dep_ != "pobj" or role.head.lower_ != "as":
        return None
    as_ = role.head
    before = [m for m in mentions if m.span.end <= as_.i and as_.i - m.span.end <= 5]
    if before:
        holder = max(before, key=lambda m: m.span.end)
        between = doc[holder.span.end:as_.i]
        if all(w.lower_ in ("in", "the", ",") or w.pos_ == "PROPN" or w.ent_type_ in ("GPE", "LOC") for w in between):
            return [holder]
    if is_verb(as_.head):                       # "X joined the project as the builder of the drill"
        subjects = [m for m in mentions if m.span.root.dep_ == "nsubj" and m.span.root.head.i == as_.head.i]
        return subjects or None
    return None


@rule("technology_maker_compound", "relations", lexicon=("passive_maker_verbs",))
def made_by_compound(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                     lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: "the X-contributed Kestrel camera", "an X-built drill", "the X-supplied
    Osprey": X made what the phrase names (a proper name, or a technology head with a word that
    says what it is; not "X-built spacecraft")."""
    doc = sent.doc
    verbs = lexicon.words("passive_maker_verbs")
    out: list[TechnologyUse] = []
    for m in mentions:
        e = m.span.end
        if not (e + 2 < sent.end and doc[e].text == "-" and doc[e - 1].whitespace_ == "" and
                doc[e].whitespace_ == "" and doc[e + 1].lemma_.casefold() in verbs and doc[e + 1].tag_ in ("VBN", "VBD", "JJ")):
            continue
        chunk = next((c for c in noun_chunks(sent) if c.start <= e + 2 < c.end), None)
        head = chunk.root if chunk is not None else doc[e + 1].head
        if head.i <= e + 1 or head.pos_ not in ("NOUN", "PROPN") or head.i >= sent.end:
            continue
        phrase = doc[e + 2:head.i + 1]
        if head.pos_ == "NOUN" and (not lexicon.has(head, "technology_heads") or vague_technology(phrase, lexicon)):
            continue
        out.append(TechnologyUse(names[m.key], phrase.text, stamp(evidence, made_by_compound.rule_id)))
    return out


@rule("technology_offering", "relations", lexicon=("offering_nouns", "offering_focus_verbs"))
def offered_as(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
               lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: what a player's product or technology is said to be: "X's main product
    is a modular ice harvesting plant", "X's technology centers on autonomous digging robots"
    (the predicate, read from the words: the model often takes "centers" for a noun)."""
    doc = sent.doc
    nouns = lexicon.words("offering_nouns")
    focus = lexicon.words("offering_focus_verbs")
    out: list[TechnologyUse] = []
    for m in mentions:
        i = m.span.end
        if not (i + 3 < sent.end and doc[i].lower_ in ("'s", "’s")):
            continue
        i += 1
        k = i
        while k < min(i + 3, sent.end) and doc[k].lower_ not in nouns:
            k += 1
        if k >= sent.end or doc[k].lower_ not in nouns or any(t.pos_ not in ("NOUN", "ADJ", "PROPN") for t in doc[i:k]):
            continue
        j = k + 1
        while j < sent.end and doc[j].pos_ in ("AUX", "ADV", "PART") and doc[j].lemma_ != "be":
            j += 1
        if j < sent.end and doc[j].lemma_ == "be" and j + 1 < sent.end and doc[j + 1].lemma_.casefold() not in focus:
            start = j + 1                           # "... product is a modular system"
        elif j + 1 < sent.end and doc[j].lemma_.casefold() in focus | {"be"} and doc[j].lower_ not in nouns:
            while j < sent.end and doc[j].lower_ not in ("on", "around", "upon"):
                j += 1
            start = j + 1                           # "... technology centers on robotic systems"
            if j >= sent.end or j - k > 4:
                continue
        else:
            continue
        chunk = next((c for c in noun_chunks(sent) if c.start <= start < c.end or
                      (c.start > start and all(t.pos_ in ("DET", "ADJ", "VERB", "ADV") for t in doc[start:c.start]))),
                     None)
        if chunk is None or not lexicon.has(chunk.root, "technology_heads"):
            continue
        phrase = doc[start:chunk.end]
        text = _strip_determiners(phrase)
        if text and not vague_technology(phrase, lexicon):
            out.append(TechnologyUse(names[m.key], text, stamp(evidence, offered_as.rule_id)))
    return out


@rule("technology_maker_appositive", "relations", lexicon=("creator_nouns",))
def creator_appositive(sent: Span, mentions: list[Mention], names: dict[str, str],
                       evidence: Evidence, lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: "X, creator of the Kestrel Control Complex (KCC)", "X, the maker of
    Osprey": the named thing after "of" is X's, as the page names it (a place before it, "Erewhon's
    Kestrel ...", is not part of the name). A lower-case class ("maker of drills") is left to
    technology_object."""
    doc = sent.doc
    nouns = lexicon.words("creator_nouns")
    out: list[TechnologyUse] = []
    for m in mentions:
        i = m.span.end
        if not (i + 2 < sent.end and doc[i].text == ","):
            continue
        i += 1
        if doc[i].lower_ in ("a", "an", "the"):
            i += 1
        if not (i + 2 < sent.end and doc[i].lower_ in nouns and doc[i + 1].lower_ == "of"):
            continue
        start = i + 2 + (doc[i + 2].lower_ == "the")
        if start + 1 < sent.end and doc[start].ent_type_ in ("GPE", "LOC", "NORP") and doc[start + 1].lower_ in ("'s", "’s"):
            start += 2                              # "Erewhon's Kestrel Complex": the place is not the name
        end = _proper_name_end(doc, start, sent.end)
        if end > start:
            out.append(TechnologyUse(names[m.key], doc[start:end].text, stamp(evidence, creator_appositive.rule_id)))
    return out


def _proper_name_end(doc, start: int, limit: int) -> int:
    """The end of a capitalised name starting at `start`, through "&", "-", small joining words, a
    comma before another capitalised word and a parenthesised acronym ("Kestrel Automation, AI &
    Robotics Complex (KARC)")."""
    def capital(t) -> bool:
        return t.text[:1].isupper() or (t.text[:1].isdigit() and t.i > start)

    end = start
    while end < limit:
        t = doc[end]
        nxt = doc[end + 1] if end + 1 < limit else None
        if capital(t):
            end += 1
        elif t.text in ("&", "-") or (t.lower_ in ("of", "for", "and", ",") and nxt is not None and capital(nxt)):
            end += 1
        elif t.text == "(" and end > start:
            close = next((k for k in range(end + 1, min(end + 6, limit)) if doc[k].text == ")"), None)
            if close is None or not all(capital(w) or w.text in ("-", "&") for w in doc[end + 1:close]):
                break
            end = close + 1
            break
        else:
            break
    while end > start and (doc[end - 1].text in ("&", "-", ",") or doc[end - 1].lower_ in ("of", "for", "and")):
        end -= 1
    return end if end > start and capital(doc[start]) else start


def _gapped(phrase: Span, verbs: set[str]) -> bool:
    """"the drill will be built by X, and the analyser by Y": the phrase opens a conjunct after a
    passive verb of making whose verb it leaves out."""
    doc, sent = phrase.doc, phrase.sent
    k = phrase.start - 1
    while k >= sent.start and doc[k].pos_ in ("DET", "PRON"):
        k -= 1
    if k < sent.start or doc[k].lower_ not in ("and", ",", ";"):
        return False
    return any(t.lower_ == "by" and t.i > sent.start and doc[t.i - 1].tag_ == "VBN" and
               doc[t.i - 1].lemma_.casefold() in verbs for t in doc[sent.start:k])


def _makers_after(by: Token, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players named right after "by": "by X", "by the X", "by Y's X" (X), "by X and Y", and a
    co-maker after them ("in partnership with Z", "together with Z")."""
    doc, sent = by.doc, by.sent

    def named_at(i: int) -> Mention | None:
        while i < sent.end and doc[i].pos_ == "DET":
            i += 1
        return next((m for m in mentions if m.span.start == i), None)

    found: list[Mention] = []
    m = named_at(by.i + 1)
    while m is not None:
        while m.span.end + 1 < sent.end and doc[m.span.end].lower_ in ("'s", "’s"):
            owned = named_at(m.span.end + 1)     # "by Y's Kestrel Center": the centre
            if owned is None:
                break
            m = owned
        found.append(m)
        k = m.span.end
        if k < sent.end and doc[k].lower_ == ",":
            k += 1
        m = named_at(k + 1) if k < sent.end and doc[k].lower_ in ("and", "&") else None
    if not found:
        return []
    cues = lexicon.words("co_maker_words")
    end = found[-1].span.end
    window = doc[end:min(end + 5, sent.end)]
    w = next((t for t in window if t.lower_ == "with"), None)
    if w is not None and any(t.lower_ in cues for t in doc[end:w.i]) and \
            all(t.lower_ in cues or t.pos_ in ("ADP", "DET", "PUNCT") for t in doc[end:w.i]):
        partner = named_at(w.i + 1)
        if partner is not None:
            found.append(partner)
    return found


def _customer(m: Mention, lexicon: Lexicon) -> bool:
    """"X integrates the system under contract with Y", "X builds it under an agreement with Y": Y
    ordered the work (the other party of a contract or agreement, not a partner's "joint" one)."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "with" and prep.head.lemma_.casefold() in lexicon.words("agreement_nouns") \
        and not any(c.lower_ in ("joint", "shared") for c in prep.head.children)


def _joint_worker(m: Mention, lexicon: Lexicon) -> bool:
    """"... partnered with X", "working with X": X shares the work."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "with" and \
        (governor(prep).lemma_.casefold() in lexicon.words("joint_work_verbs") or
         prep.head.lemma_.casefold() in lexicon.words("joint_work_nouns"))


@rule("veto_commissioner_technology", "relations", lexicon=("commissioning_verbs",))
def commissioned_work(phrase: Span, commissioning: list[Mention]) -> bool:
    """Vetoes crediting a technology to the player that chose or paid someone else to make it, when
    the sentence does not name who that is: "X awarded $2 million to a drilling firm to design a
    sieve", "X selected ten proposals to build ice traps". The technology's verb sits in a
    clause below the commissioning verb, not on it ("X ordered two landers" stays X's)."""
    verb = governor(phrase.root)
    return all((chooser := governor(m.span.root)).i != verb.i and chooser in verb.ancestors for m in commissioning)


def _commissions(m: Mention, lexicon: Lexicon) -> bool:
    """The subject of "award", "select", "fund" ...: a customer, not the developer."""
    verb = governor(m.span.root)
    return verb.lemma_.casefold() in lexicon.words("commissioning_verbs") and m.span.root.dep_ in ("nsubj",)


DESTINATION_PREPS = {"to", "into", "onto", "aboard", "as", "toward", "towards", "via", "atop"}


def _destination(chunk: Span, lexicon: Lexicon) -> bool:
    """"deliver it to a processing plant", "fly it as a rideshare payload", "fly on a lander": the
    destination, role or vehicle of what the sentence is about, not a technology its subject
    builds (unless someone owns it: "integrate it into its plant")."""
    root = chunk.root
    if root.dep_ != "pobj" or any(c.dep_ == "poss" for c in root.children):
        return False
    prep = root.head.lower_
    if prep == "of" and root.head.head.lower_ == "top":
        return True                     # "on top of a heavy rocket"
    return prep in DESTINATION_PREPS or \
        (prep == "on" and governor(root.head).lemma_.casefold() in lexicon.words("carriage_verbs"))


def _other_clause_subject(root) -> bool:
    """"... craters, where mining robots will need energy": the subject of a subordinate clause
    that names no player speaks of other things than the player's own hardware."""
    verb = root.head
    return root.dep_ in ("nsubj", "nsubjpass") and verb.dep_ in ("relcl", "advcl") and \
        not any(c.dep_ == "poss" for c in root.children) and \
        any(c.dep_ == "advmod" and c.lower_ in ("where", "when", "once", "until") or
            c.dep_ == "mark" for c in verb.children)


def _carried(root, lexicon: Lexicon) -> bool:
    """The object of an organisation's verb of carrying ("Acme will take the drill to the Moon"): the
    cargo of someone else. Not "its drill", not what a vehicle carries ("the spacecraft carries a
    spectrometer": its own instrument)."""
    verb = root.head
    if root.dep_ != "dobj" or verb.lemma_.casefold() not in lexicon.words("cargo_verbs") or \
            any(c.dep_ == "poss" for c in root.children):
        return False
    heads = lexicon.words("technology_heads")
    return any(c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.lemma_.casefold() not in heads for c in verb.children)


def _test_site(root, lexicon: Lexicon) -> bool:
    """"tests drills in a vacuum chamber", "qualified at a test stand": where a test runs, not what the
    player builds (unless it says whose: "in its chamber")."""
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in ("in", "at", "inside", "within") and \
        not any(c.dep_ == "poss" for c in root.children) and \
        governor(prep).lemma_.casefold() in lexicon.words("testing_verbs")


def _part_of_thing(chunk: Span, lexicon: Lexicon) -> bool:
    """"the plant's power systems": a part of a thing (not of a player, not "the company's"), which
    the sentence does not say anyone builds or uses."""
    cues = lexicon.words("org_cue_nouns")
    return any(t.dep_ == "poss" and t.pos_ == "NOUN" and t.lemma_.casefold() not in cues for t in chunk)


def _hypothetical_use(root) -> bool:
    """"a powder that could be used for 3D printing", "a station that would use ISRU": what a
    relative clause says something could do is not a technology the player has."""
    verb = governor(root)
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ in ("could", "would", "might", "may")
                                        for c in verb.children)


def subsumed(technologies: list[str]) -> set[str]:
    """One player's technologies that another of its technologies already names in more words
    ("autonomous robots" beside "autonomous mining robots", "lander" beside "mid-size lunar landers")."""
    def words(text: str) -> frozenset[str]:
        return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                         for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in TECH_FILLER)
    sets = {t: words(t) for t in technologies}
    out = {t for t, w in sets.items() if w and any(u != t and w < v for u, v in sets.items())}
    seen: set[frozenset[str]] = set()
    for t, w in sets.items():           # "drill" and "drills": the first stays
        if w in seen:
            out.add(t)
        seen.add(w)
    return out


TECH_FILLER = {"the", "a", "an", "of", "and", "for", "its", "their"}


def _possessed(chunk: Span) -> bool:
    """"its PolarScout drill", "Acme's Pathfinder bus"."""
    return any(t.dep_ == "poss" for t in chunk)


def _offered(chunk: Span, lexicon: Lexicon) -> bool:
    """"a maker of dust shields", "a developer of prospecting spacecraft"."""
    head = chunk.root.head
    return chunk.root.dep_ == "pobj" and head.lower_ == "of" and \
        head.head.lemma_.casefold() in lexicon.words("maker_nouns")


def _governed_by(token, lexicon: Lexicon) -> bool:
    """The token is the object of a technology verb or of a "development of" phrase (the items
    of a list count as one step: "offers sensors including cameras, lidars and spectrometers")."""
    hops = 0
    responsibility = lexicon.words("responsibility_adjectives")
    t = coordination_head(token)
    while t.head.i != t.i and hops < 5:
        head = t.head
        if t.dep_ == "prep" and t.lower_ in ("for", "of") and head.lemma_.casefold() in responsibility:
            return True                 # "X will be responsible for the crane"
        if t.dep_ in ("dobj", "pobj", "conj", "nsubjpass", "appos", "attr", "oprd", "compound", "nmod", "amod",
                      "npadvmod", "dative", "prep") and (lexicon.has(head, "technology_verbs") or
                                                 head.lemma_.casefold() in ("development", "deployment", "launch",
                                                                             "test", "tests", "prototype")):
            return True
        if t.dep_ in ("advcl", "relcl", "acl") and hops:
            return False
        t = coordination_head(head)
        hops += 1
    return False


UNIT = re.compile(r"^(?:[kKmM]?[gWt]|kWe|kWh|[kcm]?m|tonnes?|tons?|kN|N|[lL]|U)$")    # "300 kg", "6 kW", "12 U"
ORDINAL_WORDS = {"first", "second", "third", "fourth", "next", "new", "own", "latest", "last", "former"}


def _strip_determiners(chunk: Span) -> str:
    """"its second lander" -> "lander"; "Acme's Pathfinder bus" -> "Pathfinder bus"; "a 300 kg lander"
    and "a four-kg rover" -> "lander", "rover"; "its Danish-made lander" and "an indigenously developed
    and privately-funded rover" -> "lander", "rover" (where it was made and who paid say nothing of what it is)."""
    doc = chunk.doc
    tokens = list(chunk)
    while tokens and (tokens[0].pos_ in ("DET", "PRON", "NUM") or
                      (tokens[0].pos_ == "ADV" and len(tokens) > 1 and tokens[1].like_num) or tokens[0].dep_ == "poss" or tokens[0].is_punct
                      or tokens[0].lower_ in ("'s", "’s") or tokens[0].lower_ in ORDINAL_WORDS or
                      (tokens[0].i > chunk.start and UNIT.match(tokens[0].text) and
                       (doc[tokens[0].i - 1].like_num or
                        (doc[tokens[0].i - 1].text == "-" and tokens[0].i - 2 >= chunk.start and
                         doc[tokens[0].i - 2].like_num)))):
        tokens = tokens[1:]
    if not tokens:
        return ""
    tokens = _from_name(tokens)
    text = doc[tokens[0].i:chunk.end].text
    rest = PROVENANCE.sub("", text)
    return rest if rest.strip() else text


def _from_name(tokens: list[Token]) -> list[Token]:
    """"a deployable, low-cost Kestrel system" -> "Kestrel system": words that describe a named
    product before its name say how big, how good or what kind it is, and the page's name for it
    starts at the name (a capitalised word before it belongs to the name: "Korean Pathfinder
    Orbiter")."""
    for k, t in enumerate(tokens[1:-1], start=1):
        if t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start and \
                t.ent_type_ not in ("GPE", "NORP", "LOC") and \
                all(not w.text[:1].isupper() and w.pos_ in ("ADJ", "NUM", "ADV", "NOUN", "PUNCT")
                    for w in tokens[:k]):
            return tokens[k:]
        if t.pos_ == "PROPN":
            break
    return tokens


# "Danish-made", "privately-funded and", "indigenously developed": how a thing came about, before its name.
PROVENANCE = re.compile(r"^(?:(?:\w+ly\s+\w+ed|\w+\s*-\s*(?:made|built|funded|developed|designed|financed|backed))"
                        r"(?:\s*,\s*|\s+and\s+|\s+))+", re.I)
