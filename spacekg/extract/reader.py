"""Reading documents: bytes on disk -> `Document` (text, blocks, sections) with exact offsets.

`Document.text` is the text every offset refers to: the decoded file itself for .txt and .md, the
visible text for .html (scripts, styles and navigation removed) and the text layer for .pdf.
`Document.text[block.start:block.end]` is a block as written; `block.clean` is the same block
with bullet markers dropped and whitespace collapsed, which is what the language model reads.
`block.to_source(i, j)` maps a span of `clean` back to `Document.text`.

Structure is recognised from layout: headings (short stand-alone lines, markdown `#`), bullet and
numbered lists, runs of short lines (lists without bullets), a table of contents (numbered topic
lines), and menu text. Each heading opens a `Section` whose kind ("players", "developments",
"segmentation" ...) comes from the lexicon's section cues.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .lexicon import Lexicon, load_lexicon

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES

#: Documents larger than this are refused (bytes on disk); spaCy needs ~1 GB per 1M words.
MAX_BYTES = int(os.environ.get("SPACEKG_MAX_BYTES", 20 * 1024 * 1024))

BULLET = re.compile(r"[ \t]*(?:[•·▪●◦‣■□➢►▶✓✔\-*+–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
MD_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")
# A Markdown table row ("| Acme | Denver |") and the rule under its header ("| --- | :---: |").
MD_TABLE_ROW = re.compile(r"[ \t]*\|(?P<cells>.*\S.*)\|[ \t]*$")
MD_TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?$")
TOC_LINE = re.compile(r"\s*(?:\d{1,3}(?=[A-Z][a-z])|\d{1,3}(?:\.\d+)*[ \t]+.{2,80}?[ \t.]{3,}\d+\s*$)")
SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")
# "CITY -- ", "CITY — ", "CITY- " (a hyphen glued to the city), "CITY (wire.com) – ", "Town, Region — "
# before a story's first sentence
DATELINE = re.compile(r"(?P<line>[A-Z][A-Z.'’ -]{2,30}\b(?:,[^\n!?]{0,60}?)?(?:\s*/[^/\n]{2,40}/)?(?:\s*\([^()\n]{2,40}\))?"
                      # or a town written in title case, its region and a wire's credit: "Lorvik, Tarnshire (AB PR) —"
                      r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, [A-Z][a-z.]+(?: [A-Z][a-z.]+){0,2}(?: \([^()\n]{2,30}\))?"
                      r"(?=\s*(?:--|—|–)))"
                      r"(?:\s*(?:--|—|–)|-(?=\s))\s*"
                      # then perhaps a wire's credit and a cashtag: "Town, Fla.–(ANY WIRE)–$TARN–"
                      r"(?:\([^()\n]{2,40}\)\s*(?:--|—|–)\s*)?(?:\$[A-Z]{1,5}\s*(?:--|—|–)\s*)?")
WORD = re.compile(r"[^\W\d_][\w'’&.-]*", re.UNICODE)
# A saved page's first line naming where it was saved from ("# source: https://example.org/a"): metadata.
SOURCE_LINE = re.compile(r"[ \t]*(?:#+[ \t]*)?source:[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t]*$", re.I)


@dataclass
class OffsetMap:
    """Maps positions in a cleaned string back to the source text, piece by piece."""
    clean_starts: list[int] = field(default_factory=list)
    source_starts: list[int] = field(default_factory=list)

    def add(self, clean_start: int, source_start: int) -> None:
        self.clean_starts.append(clean_start)
        self.source_starts.append(source_start)

    def __call__(self, i: int) -> int:
        k = bisect_right(self.clean_starts, i) - 1
        return self.source_starts[k] + (i - self.clean_starts[k])


@dataclass
class Section:
    heading: str
    kind: str | None               # a key of the lexicon's `sections`, or None
    start: int
    level: int = 1
    parent: Section | None = None

    def kinds(self) -> list[str]:
        """This section's kind and its ancestors' kinds, innermost first."""
        out, s = [], self
        while s is not None:
            if s.kind:
                out.append(s.kind)
            s = s.parent
        return out


@dataclass
class Block:
    kind: str                      # heading | title | item | paragraph | toc | boilerplate | dateline | source
    start: int                     # span in Document.text
    end: int
    clean: str                     # bullet removed, whitespace collapsed
    offsets: OffsetMap
    section: Section | None = None
    title: str | None = None       # a paragraph's title: "• Trend name\n  body" is a title block + a paragraph

    def to_source(self, i: int, j: int) -> tuple[int, int]:
        """The span of Document.text that clean[i:j] was made from."""
        if j <= i:
            s = self.offsets(i) if i < len(self.clean) else self.end
            return s, s
        return self.offsets(i), self.offsets(j - 1) + 1


@dataclass
class Document:
    name: str                      # file name: identifies the document in the store
    path: str
    format: str                    # txt | md | html | pdf
    text: str
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    source_url: str | None = None  # the address a "# source: URL" first line names (not text to read)

    @property
    def sections(self) -> list[Section]:
        seen: dict[int, Section] = {}
        for b in self.blocks:
            s = b.section
            while s is not None and id(s) not in seen:
                seen[id(s)] = s
                s = s.parent
        return sorted(seen.values(), key=lambda s: s.start)


# ---------------------------------------------------------------- reading files

def read_document(path: str | os.PathLike, lexicon: Lexicon | None = None) -> Document:
    """Read one file into a Document. Raises InputError with a clear message on bad input."""
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise InputError(shown, "no such file")
    if p.is_dir():
        raise InputError(shown, "is a directory (give files, or use `spacekg build DIR`)")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(shown, f"unsupported format '{suffix or '(none)'}' "
                                f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    try:
        data = read_regular_file(p, shown)
    except OSError as e:
        raise InputError(shown, f"cannot read: {e.strerror or e}") from None
    return read_bytes(data, p.name, suffix, shown, lexicon)


def read_regular_file(p: Path, shown: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. A FIFO, device or socket (or a symlink to
    one) is refused before a byte is read: reading it would wait forever or never end."""
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)   # a FIFO opens without waiting
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(shown, "is not a regular file (a FIFO, device or socket): give a file")
        if st.st_size > MAX_BYTES:
            raise InputError(shown, too_large(st.st_size))
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:                                  # it grew while being read
        raise InputError(shown, too_large(len(data)))
    return data


def too_large(size: int) -> str:
    return (f"too large ({size / 2**20:.1f} MiB; the limit is {MAX_BYTES / 2**20:g} MiB, "
            f"set SPACEKG_MAX_BYTES to change it)")


def read_bytes(data: bytes, name: str, suffix: str, shown: str | None = None,
               lexicon: Lexicon | None = None) -> Document:
    """Read a document from bytes; `suffix` picks the format."""
    shown = shown or name
    if not data.strip():
        raise InputError(shown, "empty file")
    if suffix in PDF_SUFFIXES:
        text, fmt = pdf_text(data, shown), "pdf"
    else:
        text = decode(data, shown)
        if suffix in HTML_SUFFIXES:
            text, fmt = html_text(text), "html"
        else:
            fmt = "md" if suffix in MARKDOWN_SUFFIXES else "txt"
    if not WORD.search(text):
        raise InputError(shown, "no text to read" + (" (a PDF without a text layer?)" if fmt == "pdf" else ""))
    doc = Document(name=name, path=shown, format=fmt, text=text, sha256=hashlib.sha256(data).hexdigest())
    doc.blocks = split_blocks(text, lexicon or load_lexicon(), markdown=fmt in ("md", "html"))
    doc.title = next((b.clean for b in doc.blocks if b.kind == "heading"), None)
    doc.source_url = source_url(doc)
    return doc


def read_text(text: str, name: str = "text.txt", lexicon: Lexicon | None = None) -> Document:
    """A Document from a string already in memory (notebooks, tests)."""
    doc = Document(name=name, path=name, format="txt", text=text,
                   sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    doc.blocks = split_blocks(text, lexicon or load_lexicon(), markdown=name.endswith(".md"))
    doc.title = next((b.clean for b in doc.blocks if b.kind == "heading"), None)
    doc.source_url = source_url(doc)
    return doc


def source_url(doc: Document) -> str | None:
    """The address the document's "# source: URL" first line names, or None."""
    first = doc.blocks[0] if doc.blocks else None
    if first is None or first.kind != "source":
        return None
    m = SOURCE_LINE.match(doc.text[first.start:first.end])
    return m.group("url") if m else None


BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"%PDF", b"\x7fELF", b"BM", b"II*\x00",
                b"MM\x00*", b"\x1f\x8b", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00")


def decode(data: bytes, shown: str) -> str:
    """Bytes -> str: BOMs first, then UTF-8, then a detected legacy encoding; binary is refused."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(shown, f"not valid {enc.upper()} text despite its byte-order mark") from None
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise InputError(shown, "binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:1_000_000]).best()
        if best is None:
            raise InputError(shown, "binary file, not text (no text encoding fits it)") from None
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            raise InputError(shown, f"cannot decode as {best.encoding}") from None
    sample = text[:100_000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise InputError(shown, "binary file, not text (too many control characters)")
    return text


def html_text(markup: str) -> str:
    """Visible text of an HTML page, in markdown-like lines: `# ` headings, `• ` list items, paragraphs."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
                     "nav", "header", "footer", "aside", "form", "button", "select", "input", "head"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "menu", "search"]}):
        tag.decompose()
    lines: list[str] = []
    headings = {f"h{i}" for i in range(1, 7)}
    blocks = headings | {"p", "li", "tr", "td", "th", "dt", "dd", "blockquote", "pre", "figcaption", "caption"}

    def text_of(tag) -> str:
        return " ".join(tag.get_text(" ", strip=True).split())

    for tag in soup.find_all(blocks):
        if tag.find_parent(blocks - {"blockquote"}) is not None:
            continue                      # nested in a block already written
        text = text_of(tag)
        if not text:
            continue
        if tag.name in headings:
            lines += ["", "#" * int(tag.name[1]) + " " + text, ""]
        elif tag.name == "li":
            lines.append("• " + text)
        elif tag.name == "tr":                # a table row: one item, its cells separated by " | "
            cells = [text_of(c) for c in tag.find_all(["td", "th"]) if text_of(c)]
            if cells:
                lines.append("• " + " | ".join(cells))
        elif tag.name in ("td", "th"):
            lines.append(text)
        else:
            lines += ["", text, ""]
    if not lines:                         # no block markup at all: the page's plain text
        lines = [text_of(soup)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def pdf_text(data: bytes, shown: str) -> str:
    """The text layer of a PDF, page by page."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise InputError(shown, f"not a readable PDF ({e})") from None
    text = "\n\n".join(p.strip() for p in drop_running_lines(pages))
    if not WORD.search(text):
        raise InputError(shown, "PDF has no text layer (scanned image?); run OCR first")
    return text + "\n"


def drop_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers: lines near a page's top or bottom that recur, up to
    their page numbers, on at least half the pages (and on two or more)."""
    if len(pages) < 2:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).casefold())

    edges = []
    for page in pages:
        lines = [ln for ln in page.splitlines() if ln.strip()]
        edges.append({key(ln) for ln in lines[:2] + lines[-2:]})
    counts: dict[str, int] = {}
    for keys in edges:
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages) and k}
    if not running:
        return pages
    return ["\n".join(ln for ln in page.splitlines() if key(ln) not in running) for page in pages]


# ---------------------------------------------------------------- layout -> blocks

@dataclass
class _Line:
    start: int          # offset of the line's first char in text
    end: int            # offset past its last non-newline char
    raw: str

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip())


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if m.start() == len(text) and m.group() == "":
            break
        body = m.group().rstrip("\r\n")
        out.append(_Line(m.start(), m.start() + len(body), body))
        pos = m.end()
    return out


def clean_span(text: str, start: int, end: int, drop: re.Pattern | None = None) -> tuple[str, OffsetMap]:
    """Collapse whitespace (and drop markup matched by `drop`) in text[start:end], keeping an offset map.

    Every word of the result is a contiguous slice of the source: markup inside a word splits it.
    The map holds an entry where the clean text's offset from the source changes (its first word,
    and each word after a run of two or more whitespace characters): a run of one becomes the one
    space as it is, so the words after it keep their offset."""
    segment = text[start:end]
    if drop is not None:
        segment = drop.sub(lambda m: " " * len(m.group()), segment)
    segment = MISTYPED_POSSESSIVE.sub("’", segment)
    offsets = OffsetMap()
    clean = " ".join(segment.split())
    if not clean:
        offsets.add(0, start)
        return clean, offsets
    lead = len(segment) - len(segment.lstrip())
    offsets.add(0, start + lead)
    last = len(segment.rstrip())
    removed = lead                      # source characters left out before the current position
    for m in _WHITESPACE_RUN.finditer(segment, lead, last):
        removed += m.end() - m.start() - 1
        offsets.add(m.end() - removed, start + m.end())
    return clean, offsets


_WHITESPACE_RUN = re.compile(r"\s\s+")
# "Acme‘s rover": an opening quote typed for the apostrophe of a possessive (one character for one).
MISTYPED_POSSESSIVE = re.compile(r"(?<=\w)‘(?=s\b)")


# A wiki's footnote markers ("... Review.[16]", "Perdix [1][2]"): not words of the text.
# Footnote markers ("[12]") and stock tickers in square brackets after a name ("Tarn Corp. [TRN]"):
# dropped from the clean text, so that a ticker's bracket does not break a sentence in two.
NOTE_MARKERS = re.compile(r"(?:\[\d{1,3}\])+|(?<=[\w.’'])\s\[[A-Z]{1,5}\](?=[\s,.;:])")
MD_MARKUP = re.compile(r"\*{1,3}|`+|(?<!\w)_{1,3}|_{1,3}(?!\w)|!?\[|\]\([^)]*\)|\]|^\s*>+", re.M)


MD_AND_NOTES = re.compile(NOTE_MARKERS.pattern + "|" + MD_MARKUP.pattern, re.M)


def looks_like_heading(clean: str) -> bool:
    words = clean.split()
    if not words or len(words) > 14 or len(clean) > 110:
        return False
    if len(re.findall(r"[,;|]", clean)) >= 2:
        return False                    # a list: "Acme Lunar, Beta Orbital; Gamma Works"
    if SENTENCE_END.search(clean) and not clean.endswith("?"):
        return False
    if not (clean[0].isupper() or clean[0].isdigit()):
        return False
    return True


def split_blocks(text: str, lexicon: Lexicon, markdown: bool = False) -> list[Block]:
    """Split text into blocks and attach each to the section it stands in."""
    lines = _lines(text)
    drop = MD_AND_NOTES if markdown else NOTE_MARKERS
    raw_blocks: list[tuple[str, int, int, int]] = []   # kind, start, end, heading level
    i = 0
    while i < len(lines) and lines[i].blank:
        i += 1
    if i < len(lines) and SOURCE_LINE.match(lines[i].raw):
        raw_blocks.append(("source", lines[i].start, lines[i].end, 0))   # where the page was saved from
        i += 1
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if markdown and MD_TABLE_RULE.match(line.raw):
            i += 1
            continue
        t = MD_TABLE_ROW.match(line.raw) if markdown else None
        if t:                               # a table row: one item, cells separated by " | " (as in HTML)
            raw_blocks.append(("item", line.start + t.start("cells"), line.start + t.end("cells"), 0))
            i += 1
            continue
        m = MD_HEADING.match(line.raw) if markdown else None
        if m:
            level = line.raw.strip().index(" ")
            raw_blocks.append(("heading", line.start + m.end(), line.end, level))
            i += 1
            continue
        if TOC_LINE.match(line.raw) and not BULLET.match(line.raw):
            raw_blocks.append(("toc", line.start, line.end, 0))
            i += 1
            continue
        b = BULLET.match(line.raw)
        if b and _numbered_heading(lines, i, b, markdown):
            raw_blocks.append(("heading", line.start + b.end(), line.end, 0))
            i += 1
            continue
        if b:
            # a bullet item runs on over wrapped lines that are neither bullets nor blank
            j = i + 1
            body_start = None
            while j < len(lines) and not lines[j].blank and not BULLET.match(lines[j].raw) \
                    and not (markdown and MD_HEADING.match(lines[j].raw)):
                if body_start is None and _starts_body(lines[i].raw[b.end():], lines[j].raw):
                    body_start = j
                j += 1
            if body_start is not None:
                raw_blocks.append(("title", line.start + b.end(), lines[body_start - 1].end, 0))
                raw_blocks.append(("body", lines[body_start].start, lines[j - 1].end, 0))
            else:
                raw_blocks.append(("item", line.start + b.end(), lines[j - 1].end, 0))
            i = j
            continue
        # a paragraph: consecutive non-blank, non-bullet lines; or a run of short lines (a list without bullets)
        j = i
        while j < len(lines) and not lines[j].blank and not BULLET.match(lines[j].raw) \
                and not (markdown and (MD_HEADING.match(lines[j].raw) or MD_TABLE_ROW.match(lines[j].raw))) \
                and not TOC_LINE.match(lines[j].raw):
            j += 1
        for kind, start, end, level in _paragraphs(lines[i:j]):
            m = DATELINE.match(text, start, end) if kind == "paragraph" else None
            if m:                           # "DENVER, Feb. 12, 2026 /PRNewswire/ -- Acme ..."
                raw_blocks.append(("dateline", start, m.end("line"), 0))
                start = m.end()
            raw_blocks.append((kind, start, end, level))
        i = j

    raw_blocks = _items_after_colon(raw_blocks, text)
    blocks: list[Block] = []
    section: Section | None = None
    for kind, start, end, level in raw_blocks:
        clean, offsets = clean_span(text, start, end, drop)
        if not clean:
            continue
        if kind != "source" and lexicon.is_boilerplate(clean):
            kind = "boilerplate"
        if kind == "heading":
            section = _open_section(section, clean, start, level, lexicon)
        title = None
        if kind == "body":              # the text under a titled bullet
            kind = "paragraph"
            title = blocks[-1].clean if blocks and blocks[-1].kind == "title" else None
        blocks.append(Block(kind, offsets(0), offsets(len(clean) - 1) + 1, clean, offsets, section, title))
    return blocks


def _items_after_colon(raw_blocks: list[tuple[str, int, int, int]], text: str) -> list[tuple[str, int, int, int]]:
    """Short lines, one a paragraph, after a line that ends in a colon ("The selected companies
    are:" then "Tarn Mining", "Velmora Orbital"): a list without bullets, not a run of headings."""
    out = list(raw_blocks)
    k = 0
    while k < len(out):
        run = k + 1
        while run < len(out) and out[run][0] == "heading" and out[run][3] == 0:
            run += 1
        if out[k][0] == "paragraph" and run - k > 2 and text[out[k][1]:out[k][2]].rstrip().endswith(":"):
            out[k + 1:run] = [("item", start, end, 0) for _, start, end, _ in out[k + 1:run]]
        k = run
    return out


# A directory entry: a capitalised name, a spaced dash, its description ("Acme Lunar - Builds drills").
ENTRY_LINE = re.compile(r"[A-Z][^.:;!?\n]{1,70}?\s[-–—]\s\S")


def _paragraphs(group: list[_Line]) -> list[tuple[str, int, int, int]]:
    """A run of non-blank lines: a heading, a list without bullets, or paragraphs.

    Hard-wrapped text (PDF text layers, press releases) has no blank line between a heading and
    its text, or between paragraphs: a short heading-like line opens a heading, and a markedly
    short line that ends a sentence ends a paragraph."""
    def flat(g: _Line) -> str:
        return " ".join(g.raw.split())

    if len(group) >= 3 and all(looks_like_heading(flat(g)) for g in group):
        return [("item", g.start + g.indent, g.end, 0) for g in group]
    if len(group) >= 2 and all(ENTRY_LINE.match(flat(g)) for g in group):
        return [("item", g.start + g.indent, g.end, 0) for g in group]   # "Acme Lunar - Builds drills." lines
    if len(group) == 1 and looks_like_heading(flat(group[0])):
        return [("heading", group[0].start + group[0].indent, group[0].end, 0)]
    out: list[tuple[str, int, int, int]] = []
    width = max(len(flat(g)) for g in group)
    first = 0
    for k, g in enumerate(group):
        text = flat(g)
        nxt = flat(group[k + 1]) if k + 1 < len(group) else ""
        opens = k == first and not (out and out[-1][0] == "heading")      # never two headings in a row
        if opens and nxt and _heading_line(text, nxt, width):
            out.append(("heading", g.start + g.indent, g.end, 0))
            first = k + 1
        elif nxt and SENTENCE_END.search(text) and len(text) < 0.7 * width and nxt[:1].isupper():
            out.append(("paragraph", group[first].start + group[first].indent, g.end, 0))
            first = k + 1
        elif k > first and width >= UNWRAPPED and len(nxt) >= UNWRAPPED // 2 and _heading_line(text, nxt, width):
            # lines not wrapped (a saved web page, one paragraph a line): a heading-like line above a
            # long one closes the lines before it and heads the paragraph after it
            out.append(("paragraph", group[first].start + group[first].indent, group[k - 1].end, 0))
            out.append(("heading", g.start + g.indent, g.end, 0))
            first = k + 1
    if first < len(group):
        out.append(("paragraph", group[first].start + group[first].indent, group[-1].end, 0))
    return out


UNWRAPPED = 200          # a line this long was not wrapped: the text writes one paragraph a line


def _heading_line(text: str, nxt: str, width: int) -> bool:
    """The first line of a run is its heading: "About Acme Lunar" above "Acme Lunar builds ..."."""
    if text.endswith(":") and len(text.split()) <= 4:
        return looks_like_heading(text[:-1])
    return looks_like_heading(text) and len(text.split()) <= 10 and len(text) < 0.7 * width \
        and nxt[:1].isupper() and not text.endswith(",")


def _numbered_heading(lines: list[_Line], i: int, bullet: re.Match, markdown: bool) -> bool:
    """"3. Key Players" over running text is a numbered heading, not a list item."""
    marker = bullet.group().strip()
    if not marker[:1].isdigit() and not marker[1:2].isdigit():
        return False
    text = " ".join(lines[i].raw[bullet.end():].split())
    if not looks_like_heading(text) or len(text.split()) > 8:
        return False
    k = i + 1
    while k < len(lines) and lines[k].blank:
        k += 1
    if k >= len(lines) or BULLET.match(lines[k].raw) or (markdown and MD_HEADING.match(lines[k].raw)):
        return False
    nxt = " ".join(lines[k].raw.split())
    return nxt[:1].isupper() and len(nxt.split()) > 6


def _starts_body(bullet_text: str, next_line: str) -> bool:
    """'• Trend Title' followed by an indented sentence: the next line opens the item's body."""
    title = " ".join(bullet_text.split())
    nxt = next_line.strip()
    return looks_like_heading(title) and bool(nxt) and nxt[0].isupper() and len(nxt.split()) > 6


def _open_section(current: Section | None, heading: str, start: int, level: int, lexicon: Lexicon) -> Section:
    """A heading opens a section; a segment-dimension heading ("By Platform") nests in segmentation."""
    kind = lexicon.section_kind(heading)
    if level:                                   # explicit markdown levels
        parent = current
        while parent is not None and parent.level >= level:
            parent = parent.parent
        return Section(heading, kind, start, level, parent)
    if current is not None and "segmentation" in current.kinds() and lexicon.segment_dimension(heading):
        seg = current if current.kind == "segmentation" else current.parent
        return Section(heading, "segment_dimension", start, (seg.level if seg else 1) + 1, seg)
    return Section(heading, kind, start, 1, None)
