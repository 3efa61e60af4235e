"""Parse one submitted document and clean every text in it; the rules of a submission.

The same functions serve `make submit` (a file or standard input) and the receiver (a JSON
body or a form post), so both accept and refuse exactly the same documents. Nothing a sender
writes is trusted: every text becomes plain text, invisible and direction-changing characters
are removed, and the schema decides what is valid. Every problem names its line and field.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from datetime import date
from decimal import Decimal
from json.decoder import JSONDecodeError, scanstring
from typing import Any, BinaryIO

from huurwijzer.core.codes import Phrase
from huurwijzer.core.problems import ContentError, Problem
from huurwijzer.reading.frontmatter import Document, load_mapping
from huurwijzer.reading.markup import clean_text
from huurwijzer.reading.validation import schema_problems
from huurwijzer.stances.submission_schema import INTAKE_SCHEMA, OTHER, PROPOSED, intake_validator

MAX_BYTES = 64 * 1024
MAX_DEPTH = 32
# Fields that hold addresses: invisible characters are removed, but no HTML cleaning.
URL_FIELDS = frozenset({"policy_url", "website", "help_page", "source_url"})
_BIDI_CONTROLS = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"})
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_TAGS = range(0xE0020, 0xE0080)  # emoji tag sequences (subdivision flags)
_BLACK_FLAG = "\U0001f3f4"


class SubmissionError(ContentError):
    """A submission that cannot be accepted; nothing was stored or written."""


def read_limited(stream: BinaryIO, path: str, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes from a stream; refuse (without reading on) when there is more."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise SubmissionError([Problem.of(path, 1, "", "too-large", limit=limit)])
    return b"".join(chunks)


# -- text --------------------------------------------------------------------------------


def _emoji_side(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f"


def _letter_side(char: str) -> bool:
    return unicodedata.category(char)[0] in ("L", "M")


def neutralise(text: str) -> str:
    """Remove what a reader cannot see but a browser obeys; keep what real text needs.

    Decided by Unicode category and bidi class: control, private-use, unassigned and
    surrogate code points go; of the format characters (Cf), bidi embeddings, overrides and
    isolates go, and so do the invisible ones (zero-width space, word joiner, soft hyphen …),
    except the direction marks Arabic and Persian text uses (LRM, RLM, ALM, number signs),
    a zero-width joiner inside an emoji sequence or between letters, a non-joiner between
    letters, and the tag characters of a flag sequence. Line separators become newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    out: list[str] = []
    for i, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cc":
            if char in "\n\t":
                out.append(char)
            continue
        if category in ("Cs", "Co", "Cn"):
            continue
        if category == "Cf":
            bidi = unicodedata.bidirectional(char)
            before = out[-1] if out else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if bidi in _BIDI_CONTROLS:
                continue
            if char == _ZWJ and before and after:
                if (_emoji_side(before) and _emoji_side(after)) or (
                    _letter_side(before) and _letter_side(after)
                ):
                    out.append(char)
                continue
            if char == _ZWNJ:
                if before and after and _letter_side(before) and _letter_side(after):
                    out.append(char)
                continue
            if ord(char) in _TAGS:
                if before == _BLACK_FLAG or (before and ord(before) in _TAGS):
                    out.append(char)
                continue
            if bidi in ("L", "R", "AL", "AN"):  # LRM, RLM, ALM, Arabic number signs
                out.append(char)
            continue
        out.append(char)
    result = "".join(out)
    visible = any(
        not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn", "Me") for c in result
    )
    return result if visible else ""


def plain(text: str) -> str:
    """Plain, visible text: no markup (not even as entities), no invisible characters."""
    for _ in range(8):
        cleaned = neutralise(clean_text(neutralise(text))).strip()
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _clean(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, key) for v in value]
    if isinstance(value, str):
        return neutralise(value).strip() if key in URL_FIELDS else plain(value)
    return value


def _emptied(raw: Any, clean: Any, location: tuple = ()) -> list[tuple]:
    """Where a text had content that cleaning removed entirely (markup or invisible only)."""
    if isinstance(raw, dict) and isinstance(clean, dict):
        return [loc for k in raw for loc in _emptied(raw[k], clean.get(k), (*location, k))]
    if isinstance(raw, list) and isinstance(clean, list):
        return [
            loc
            for i, (a, b) in enumerate(zip(raw, clean, strict=False))
            for loc in _emptied(a, b, (*location, i))
        ]
    if isinstance(raw, str) and raw.strip() and clean == "":
        return [location]
    return []


# -- strict JSON with lines --------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")


def _number(text: str) -> int | Decimal:
    """A JSON number: a whole one of ordinary size as int (as YAML gives it), else exact."""
    value = Decimal(text)
    if value.is_finite() and value == value.to_integral_value() and abs(value) < 10**18:
        return int(value)
    return value


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


class _Json:
    """RFC 8259 JSON, every value with its line; duplicate names refused as in YAML."""

    def __init__(self, text: str, path: str):
        self.text, self.path = text, path
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[tuple, int] = {(): 1}
        self.problems: list[Problem] = []

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def fail(self, pos: int, message: Phrase) -> SubmissionError:
        return SubmissionError(
            [Problem.of(self.path, self.line(pos), "", "malformed-json", detail=message)]
        )

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def string(self, pos: int) -> tuple[str, int]:
        try:
            value, end = scanstring(self.text, pos + 1, True)
        except JSONDecodeError as error:
            raise self.fail(error.pos, Phrase.named("json-string", detail=error.msg)) from None
        return value.encode("utf-8", "replace").decode("utf-8", "replace"), end

    def value(self, pos: int, location: tuple, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise self.fail(pos, Phrase.named("json-nested"))
        self.lines.setdefault(location, self.line(pos))
        char = self.text[pos : pos + 1]
        if char == "{":
            return self.object(pos, location, depth)
        if char == "[":
            return self.array(pos, location, depth)
        if char == '"':
            return self.string(pos)
        for word, meaning in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, pos):
                return meaning, pos + len(word)
        number = _NUMBER.match(self.text, pos)
        if number:
            return _number(number.group()), number.end()
        found = repr(char) if char else Phrase.named("json-end")
        raise self.fail(pos, Phrase.named("json-value", found=found))

    def object(self, pos: int, location: tuple, depth: int) -> tuple[dict, int]:
        result: dict[str, Any] = {}
        pos = self.ws(pos + 1)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise self.fail(pos, Phrase.named("json-name"))
            key_line = self.line(pos)
            key, pos = self.string(pos)
            pos = self.ws(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(pos, Phrase.named("json-colon"))
            pos = self.ws(pos + 1)
            where = (*location, key)
            if key in result:
                self.problems.append(
                    Problem.of(self.path, key_line, ".".join(map(str, where)), "given-twice")
                )
                _, pos = self.value(pos, ("duplicate", *where), depth + 1)
            else:
                self.lines[where] = key_line
                result[key], pos = self.value(pos, where, depth + 1)
            pos = self.ws(pos)
            if self.text.startswith(",", pos):
                pos = self.ws(pos + 1)
                continue
            if self.text.startswith("}", pos):
                return result, pos + 1
            raise self.fail(pos, Phrase.named("json-object-next"))

    def array(self, pos: int, location: tuple, depth: int) -> tuple[list, int]:
        result: list[Any] = []
        pos = self.ws(pos + 1)
        if self.text.startswith("]", pos):
            return result, pos + 1
        while True:
            item, pos = self.value(pos, (*location, len(result)), depth + 1)
            result.append(item)
            pos = self.ws(pos)
            if self.text.startswith(",", pos):
                pos = self.ws(pos + 1)
                continue
            if self.text.startswith("]", pos):
                return result, pos + 1
            raise self.fail(pos, Phrase.named("json-array-next"))

    def document(self) -> tuple[dict, dict]:
        pos = self.ws(0)
        if not self.text.startswith("{", pos):
            raise SubmissionError([Problem.of(self.path, self.line(pos), "", "not-json-object")])
        data, pos = self.value(pos, (), 0)
        pos = self.ws(pos)
        if pos != len(self.text):
            raise self.fail(pos, Phrase.named("json-after"))
        if self.problems:
            raise SubmissionError(self.problems)
        return data, self.lines


def load_json(text: str, path: str) -> tuple[dict, dict]:
    """A JSON object and the line of every value; strings stay strings, numbers numbers."""
    return _Json(text, path).document()


# -- documents ---------------------------------------------------------------------------


def load_document(raw: bytes, path: str) -> Document:
    """The submitted mapping (JSON or YAML) with its lines, not yet checked or cleaned."""
    if len(raw) > MAX_BYTES:
        raise SubmissionError([Problem.of(path, 1, "", "too-large", limit=MAX_BYTES)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = Phrase.named("utf8", detail=error.reason)
        raise SubmissionError([Problem.of(path, 1, "", "not-utf8", reason=reason)]) from None
    if text.lstrip().startswith(("{", "[")):
        data, lines = load_json(text, path)
    else:
        try:
            data, lines = load_mapping(text, path)
        except ContentError as error:
            raise SubmissionError(error.problems) from None
    return Document(path, data, lines)


def check_document(doc: Document, today: date) -> Document:
    """Clean every text, then validate what would be stored (dates against the clock's
    ``today``). Raises SubmissionError.

    Text that was only markup or invisible characters is refused where it is required and
    dropped (null) where it is optional.
    """
    clean = _clean(doc.data)
    emptied = _emptied(doc.data, clean)
    checked = Document(doc.path, clean, doc.lines)
    emptied_names = {".".join(map(str, loc)) for loc in emptied}
    problems = [
        p
        for p in schema_problems(checked, intake_validator(), today)
        if p.field not in emptied_names
    ]
    for location in emptied:
        if _required(location):
            problems.append(checked.problem(location, "emptied"))
        else:
            _set(clean, location, None)
    if not problems and emptied:  # check again what was set to null
        problems = schema_problems(checked, intake_validator(), today)
    if not problems:
        start, until = clean["effective_from"], clean.get("effective_until")
        if until and until < start:
            problems.append(
                checked.problem(("effective_until",), "before-start", end=until, start=start)
            )
    if not problems:
        if clean.get("corporation") == OTHER and not clean.get(PROPOSED):
            problems.append(checked.problem((PROPOSED,), "proposed-name-missing"))
        elif clean.get("corporation") != OTHER:
            clean[PROPOSED] = None  # only meaningful for another corporation
    if problems:
        raise SubmissionError(problems)
    # a field left out and a field sent empty mean the same: same document, same hash
    for key in INTAKE_SCHEMA["properties"]:
        clean.setdefault(key, None)
    if clean.get("contact") is not None and not any(clean["contact"].values()):
        clean["contact"] = None
    return checked


def read_submission(raw: bytes, path: str, today: date) -> Document:
    """A checked, cleaned submission with the line of every field."""
    try:
        return check_document(load_document(raw, path), today)
    except RecursionError:
        raise SubmissionError([Problem.of(path, 1, "", "nested-too-deeply")]) from None


def parse_submission(raw: bytes, path: str, today: date) -> dict[str, Any]:
    """Validate a submission document (YAML or JSON); return it with every text cleaned."""
    return read_submission(raw, path, today).data


def _required(location: tuple) -> bool:
    schema = INTAKE_SCHEMA
    for part in location[:-1]:
        schema = schema.get("properties", {}).get(part, {})
        schema = next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)
    return location[-1] in schema.get("required", [])


def _set(data: Any, location: tuple, value: Any) -> None:
    for part in location[:-1]:
        data = data[part]
    data[location[-1]] = value


def digest(submission: dict[str, Any]) -> str:
    """The content hash that recognises a submission sent twice (the sender aside)."""
    content = {k: v for k, v in submission.items() if k != "sender"}
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def public_part(submission: dict[str, Any]) -> dict[str, Any]:
    """The submission without the sender: what may ever reach content/ (after approval)."""
    return {k: v for k, v in submission.items() if k != "sender"}
