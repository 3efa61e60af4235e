"""Every problem has a code, and every code its three texts (core/codes.py): the English an
editor reads in `make check` when asking for English, the Dutch the same editor reads by
default, and the plain Dutch a corporation's sender reads from the receiver.

The plugin's source is read (not run), so a code no test happens to trigger is checked too:
a problem is made by a *maker* (a function whose last positional parameter is ``code`` and
that takes ``**values``: ``Problem.of``, ``Document.problem``, ``Output.problem`` …), and the
code is the last positional argument of every call to one.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from datetime import date

import pytest
from intake_support import GOOD
from receiver_support import Receiver, form_pairs

from conftest import ROOT, TEST_DAY, copy_content
from huurwijzer.core.codes import (
    CODES,
    SCHEMA_RULES,
    Texts,
    english,
    placeholders,
    rule_code,
)
from huurwijzer.intake.clean import SubmissionError, check_document
from huurwijzer.reading.content_schema import ARTICLE_SCHEMA, PAGE_SCHEMA
from huurwijzer.reading.frontmatter import Document
from huurwijzer.stances.register_schema import SCHEMAS, export_schema
from huurwijzer.stances.submission_schema import INTAKE_SCHEMA

PLUGIN = ROOT / "plugins" / "huurwijzer"
# Where a code is not written out at the call: the schemas' rules, found by their wording
# (test_every_rule_of_every_schema_has_its_own_code covers them).
DYNAMIC = {("reading/validation.py", "_rule_problem")}
FALLBACK = "Dit klopt niet."  # what the receiver said before codes, for anything unmatched


@dataclass(frozen=True)
class Call:
    where: str  # file:line
    function: str  # the enclosing function
    code: str | None  # None: not written out
    names: frozenset[str]  # the values passed by name
    spread: bool  # **values passed on
    forwards: bool  # the code is the enclosing function's own ``code`` parameter


def _is_maker(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    positional = [*node.args.posonlyargs, *node.args.args]
    return bool(positional) and positional[-1].arg == "code" and node.args.kwarg is not None


def _name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def scan(source: str, path: str, makers: set[str]) -> tuple[list[Call], list[str]]:
    """The calls to makers in ``source``, and every place that builds a Problem directly."""
    calls: list[Call] = []
    direct: list[str] = []

    def visit(node: ast.AST, function: ast.FunctionDef | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node
        if isinstance(node, ast.Call):
            look(node, function)
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    def look(node: ast.Call, function: ast.FunctionDef | None) -> None:
        name, where = _name_of(node), f"{path}:{node.lineno}"
        inside = function.name if function else ""
        if name == "Problem" or (name == "cls" and inside == "of"):
            if path != "core/problems.py":
                direct.append(where)
            return
        if name not in makers or not node.args:
            return
        last = node.args[-1]
        params = (
            {a.arg for a in [*function.args.posonlyargs, *function.args.args]}
            if function
            else set()
        )
        written = isinstance(last, ast.Constant) and isinstance(last.value, str)
        calls.append(
            Call(
                where=where,
                function=inside,
                code=last.value if written else None,
                names=frozenset(k.arg for k in node.keywords if k.arg),
                spread=any(k.arg is None for k in node.keywords),
                forwards=isinstance(last, ast.Name) and last.id == "code" and "code" in params,
            )
        )

    visit(ast.parse(source), None)
    return calls, direct


def scan_plugin() -> tuple[set[str], list[Call], list[str]]:
    """The plugin's makers, every call to one, and every Problem built directly."""
    sources = {
        str(p.relative_to(PLUGIN)): p.read_text(encoding="utf-8")
        for p in sorted(PLUGIN.rglob("*.py"))
    }
    trees = [ast.parse(text) for text in sources.values()]
    makers = {n.name for tree in trees for n in ast.walk(tree) if _is_maker(n)}
    calls: list[Call] = []
    direct: list[str] = []
    for path, text in sources.items():
        found, built = scan(text, path, makers)
        calls += found
        direct += built
    return makers, calls, direct


MAKERS, CALLS, DIRECT = scan_plugin()
WRITTEN = [c for c in CALLS if c.code is not None]


def schema_rules() -> set[str]:
    """Every ``x-message`` of every schema the plugin validates or publishes."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("x-message"), str):
                found.add(node["x-message"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in [*SCHEMAS.values(), ARTICLE_SCHEMA, PAGE_SCHEMA, INTAKE_SCHEMA, export_schema()]:
        walk(schema)
    return found


# -- the catalog against the code ----------------------------------------------------------


def test_the_source_was_read():
    assert {"of", "problem", "_unread"} <= MAKERS
    assert len(WRITTEN) > 80 and len({c.code for c in WRITTEN}) > 70


def test_every_problem_is_made_by_code():
    """No Problem built with a free message, and every code written out at its call."""
    assert DIRECT == []
    hidden = [
        c.where
        for c in CALLS
        if c.code is None and not c.forwards and (c.where.split(":")[0], c.function) not in DYNAMIC
    ]
    assert hidden == []


def without_a_text(catalog) -> list[str]:
    """The codes of ``catalog`` whose English, sender's Dutch or editor's Dutch is blank."""
    return [
        code
        for code, texts in catalog.items()
        if not all(
            isinstance(t, str) and t.strip()
            for t in (texts.english, texts.dutch_for_senders, texts.dutch_for_editors)
        )
    ]


def test_every_code_used_has_its_english_and_both_its_dutch_texts():
    missing = sorted({f"{c.where}: {c.code}" for c in WRITTEN if c.code not in CODES})
    assert missing == []
    for code in CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
    assert without_a_text(CODES) == []


def test_a_code_cannot_be_written_without_all_three_texts():
    with pytest.raises(TypeError):
        Texts("this field is required but missing", "Vul dit veld in.")  # no editors' Dutch
    blank = {
        "a": Texts("english", "Nederlands.", " "),
        "b": Texts("english", "", "Nederlands"),
        "c": Texts("english", "Nederlands.", "Nederlands"),
    }
    assert without_a_text(blank) == ["a", "b"]


def test_every_catalog_entry_is_used():
    used = {c.code for c in WRITTEN}
    used |= {found[0] for rule in schema_rules() if (found := rule_code(rule))}
    assert sorted(set(CODES) - used) == []


def test_every_rule_of_every_schema_has_its_own_code():
    """An x-message reads the same through its code, and no rule falls back to a generic one."""
    rules = schema_rules()
    assert len(rules) > 15
    assert all(t.english.startswith("{value}: ") for t in SCHEMA_RULES.values())
    for rule in rules:
        found = rule_code(rule)
        assert found is not None, f"no code in core/codes.py for the schema rule {rule!r}"
        code, values = found
        assert english(code, {"value": "'x'", **values}) == f"'x': {rule}"


# Wrong values of every kind an editor's YAML or a sender's JSON can hold.
WRONG = [None, "", " ", "x", "2020-13-01", "2020-02-30", "none", 0, 1.5, True, [], [""]]
WRONG += [["x", "x"], [1], [None], [{}], {}, {"x": 1}, {"x": ""}, "a" * 5000, date(2020, 1, 1)]


def _groups(schema: dict) -> list[dict]:
    """The groups of fields a property holds: itself, a nullable one, or a list of them."""
    if not isinstance(schema, dict):
        return []
    found = [schema] if "properties" in schema else []
    for option in schema.get("anyOf", []):
        found += _groups(option)
    return found + _groups(schema.get("items"))


def _values(schema: dict) -> list:
    """Every wrong value for a property, and for each field of a group it holds."""
    values = list(WRONG)
    for group in _groups(schema):
        inner = [{name: wrong} for name in group["properties"] for wrong in WRONG]
        values += inner + [[item] for item in inner]
    return values


VALIDATED = {**SCHEMAS, "article": ARTICLE_SCHEMA, "page": PAGE_SCHEMA, "intake": INTAKE_SCHEMA}


@pytest.mark.parametrize("kind", sorted(VALIDATED))
def test_no_wrong_value_gets_the_generic_message(kind):
    """Each schema an editor's file or a sender's document is checked against words every
    wrong value with a code of its own: none falls back to 'schema-error' ("klopt niet: …"
    for the editor, "Dit klopt niet." for the sender), as a translation's empty basis did."""
    from huurwijzer.reading.validation import schema_problems, validator_for

    schema = VALIDATED[kind]
    generic = []
    for name, rule in schema["properties"].items():
        for wrong in _values(rule):
            document = Document("f.md", {name: wrong}, {})
            for problem in schema_problems(document, validator_for(schema), TEST_DAY):
                if problem.code == "schema-error":
                    generic.append(f"{name}: {wrong!r:.40} → {problem.message}")
    assert generic == []


def test_an_empty_basis_in_a_translation_says_it_is_empty():
    from huurwijzer.reading.validation import schema_problems, validator_for

    document = Document("a.en.md", {"basis": {}, "sources": [{}]}, {("basis",): 2})
    problems = schema_problems(document, validator_for(SCHEMAS["stance_translation"]), TEST_DAY)
    assert {(p.field, p.code) for p in problems} >= {("basis", "empty"), ("sources.0", "empty")}
    (basis,) = [p for p in problems if p.field == "basis"]
    assert basis.line_in("nl") == "a.en.md:2: basis: mag niet leeg zijn"


def test_the_values_passed_at_each_call_fill_its_template():
    wrong = []
    for call in WRITTEN:
        texts = CODES.get(call.code)
        if texts is None or call.spread:
            continue
        wanted = placeholders(texts.english)
        if call.names != wanted:
            wrong.append(
                f"{call.where}: {call.code} takes {sorted(wanted)}, got {sorted(call.names)}"
            )
    assert wrong == []
    for code, texts in CODES.items():  # the Dutch uses only what the English is given
        assert placeholders(texts.dutch_for_senders) <= placeholders(texts.english), code
        assert placeholders(texts.dutch_for_editors) <= placeholders(texts.english), code


def test_the_check_finds_an_unknown_code_wrong_values_and_a_free_message():
    source = (
        "def f(doc):\n"
        "    doc.problem((), 'no-such-code')\n"
        "    doc.problem(('x',), 'before-start', end=1)\n"
        "    Problem('p', 1, '', 'a message', 'required')\n"
    )
    calls, direct = scan(source, "site/example.py", MAKERS)
    assert [c.code for c in calls] == ["no-such-code", "before-start"]
    assert "no-such-code" not in CODES
    assert calls[1].names != placeholders(CODES["before-start"].english)
    assert direct == ["site/example.py:4"]


def test_a_dutch_text_is_short_plain_and_never_the_old_fallback():
    for code, texts in CODES.items():
        assert texts.dutch_for_senders != FALLBACK, code
        for sentence in re.split(r"(?<=[.?!])\s+", texts.dutch_for_senders):
            assert len(sentence.split()) <= 15, (code, sentence)


def test_each_made_problem_keeps_the_values_its_template_names():
    doc = Document("verzoek", {"effective_from": "2090-01-01"}, {("effective_from",): 3})
    problem = doc.problem(
        ("effective_from",),
        "date-out-of-range",
        value="'2090-01-01'",
        first=date(1900, 1, 1),
        last=date(2027, 11, 29),
    )
    assert (problem.path, problem.line, problem.field) == ("verzoek", 3, "effective_from")
    assert problem.code == "date-out-of-range"
    assert set(problem.values) == placeholders(CODES["date-out-of-range"].english)
    assert str(problem) == (
        "verzoek:3: effective_from: '2090-01-01' is outside the dates the site accepts "
        "(1900-01-01 to 2027-11-29); check the year"
    )
    assert problem.for_sender == "Kies een datum tussen 1900 en 29-11-2027. Kijk het jaar na."
    with pytest.raises(ValueError, match="unknown problem code"):
        doc.problem((), "no-such-code")


# -- what a sender reads -----------------------------------------------------------------

# (what is sent, the field, the code, the Dutch a sender reads)
SENT = [
    ({"effective_from": "2090-01-01"}, "effective_from", "date-out-of-range", "Kies een datum"),
    ({"effective_until": "1 maart 2027"}, "effective_until", "bad-date", "JJJJ-MM-DD"),
    ({"effective_from": "2026-02-30"}, "effective_from", "no-such-date", "bestaande datum"),
    ({"exceptions": "criminal_activity"}, "exceptions", "expected-list", "een lijst"),
]


def _refused(changes: dict) -> list:
    document = Document("verzoek", {**json.loads(json.dumps(GOOD)), **changes}, {})
    with pytest.raises(SubmissionError) as caught:
        check_document(document, TEST_DAY)
    return caught.value.problems


@pytest.mark.parametrize(("changes", "field", "code", "words"), SENT)
def test_the_receivers_check_gives_each_problem_its_own_dutch(changes, field, code, words):
    (problem,) = _refused(changes)
    assert (problem.field, problem.code) == (field, code)
    assert words in problem.for_sender and problem.for_sender != FALLBACK


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("codes")
    running = Receiver(tmp / "r", copy_content(tmp), "http://127.0.0.1:1").start()
    yield running
    running.stop()


@pytest.mark.slow
def test_a_sender_reads_the_specific_dutch_over_http(receiver):
    for changes, field, code, words in SENT:
        document = {**GOOD, "statement": f"Codes: {code}.", **changes}
        status, _, body = receiver.post_json(document)
        assert status == 400, body
        (problem,) = json.loads(body)["problems"]
        assert problem["field"] == field and words in problem["bericht"], problem
        assert problem["bericht"] != FALLBACK
    pairs = form_pairs({**GOOD, "statement": "Codes: form.", "effective_from": "2090-01-01"})
    status, _, body = receiver.post_form(pairs)
    assert status == 400
    assert 'id="s-effective-from-error">Kies een datum tussen 1900 en ' in body.decode()


# -- phrases: words of the site's own filled into a message, in the message's language -----


def test_every_phrase_is_used_and_its_dutch_fills_from_its_english_values():
    from huurwijzer.core.codes import PHRASES

    makers = [p for p in PLUGIN.rglob("*.py") if p != PLUGIN / "core" / "codes.py"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in makers)
    used = set(re.findall(r"\"([a-z0-9-]+)\"", text))
    rules = {t.english for t in PHRASES.values()} & schema_rules_text()
    unused = {k for k, t in PHRASES.items() if k not in used and t.english not in rules}
    assert unused == set()
    for key, texts in PHRASES.items():
        assert placeholders(texts.dutch) <= placeholders(texts.english), key


def schema_rules_text() -> set[str]:
    """Every English a schema's rule can fill into its message (the ``{what}`` of a rule)."""
    found = set()
    for rule in schema_rules():
        code = rule_code(rule)
        found |= set(code[1].values()) if code else set()
    return found


def test_a_filled_in_description_and_a_number_are_in_the_messages_language():
    from huurwijzer.core.codes import Phrase
    from huurwijzer.core.problems import Problem

    listed = Problem.of(
        "a.md", 2, "title", "expected-text", expected="text", found=Phrase.named("a-list")
    )
    assert listed.line_in("nl") == "a.md:2: title: hier hoort tekst; gevonden: een lijst"
    assert listed.line_in("en") == "a.md:2: title: expected text, found a list"
    long = Problem.of("a.md", 5, "body", "text-too-long", length=100002, limit=100000)
    assert "de tekst is 100.002 tekens; hoogstens 100.000 " in long.line_in("nl")
    assert "the text is 100,002 characters; at most 100,000 " in long.line_in("en")
