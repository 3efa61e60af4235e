"""The vocabulary is defined once: every word a tenant reads about a stance comes from scales.py."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from huurwijzer.stances import scales

VOCABULARIES = (*scales.VOCABULARIES, scales.VERDICT)


def spelled_words() -> set[str]:
    """Levels, statuses, verdicts and field titles: what no other file may write itself."""
    words = {v.title for v in VOCABULARIES} | set(scales.FIELD_TITLES.values())
    words |= {o.label for v in VOCABULARIES for o in v.options}
    return words


def files_to_scan() -> list[Path]:
    plugin = ROOT / "plugins" / "huurwijzer"
    return [
        *sorted((ROOT / "theme" / "templates").glob("*.html")),
        *sorted((ROOT / "theme" / "static" / "js").glob("*.js")),
        *sorted(p for p in plugin.rglob("*.py") if p.name != "scales.py"),
    ]


def test_no_template_script_or_module_spells_a_level_status_or_field_title():
    found = []
    for path in files_to_scan():
        text = path.read_text(encoding="utf-8")
        for word in spelled_words():
            for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {word!r}")
    assert not found, "write these through scales.py:\n" + "\n".join(sorted(found))


def test_every_value_has_a_label_and_an_explanation_and_unknown_is_outside_every_ranking():
    for vocabulary in VOCABULARIES:
        assert vocabulary.title and vocabulary.question, vocabulary.field
        assert len(set(vocabulary.values)) == len(vocabulary.values), vocabulary.field
        for option in vocabulary.options:
            assert option.label.strip() and option.explanation.strip(), option
            assert option.explanation.endswith("."), option  # a full sentence
            if option.value == scales.UNKNOWN:
                assert option.rank is None, vocabulary.field


def test_measures_are_independent_yes_no_facts_and_scales_are_ranked():
    for measure in scales.MEASURES:
        assert measure.kind == scales.MEASURE
        assert measure.values == [scales.YES, scales.NO, scales.UNKNOWN]
    for scale in scales.SCALES:
        ranks = [o.rank for o in scale.ranked]
        assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks), scale.field


def test_every_fact_needs_a_basis_and_has_a_field_in_the_record_schema():
    from huurwijzer.stances.register_schema import BASIS_FIELDS, STANCE_SCHEMA

    for vocabulary in scales.STANCE_FACTS:
        assert vocabulary.field in BASIS_FIELDS
        assert vocabulary.field in STANCE_SCHEMA["properties"]
