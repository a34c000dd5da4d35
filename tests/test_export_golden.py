"""Every export kind in every format, on the shipped data, byte for byte.

The golden files are made by `python tests/update_golden.py`: after a
deliberate change to an export or to data/, run it and read the diff.
"""

from __future__ import annotations

import re

import pytest
import update_golden

CASES = update_golden.cases()


@pytest.fixture
def shipped():
    return update_golden.shipped()


def test_every_kind_and_format_has_a_golden_file():
    from pvtui.export import FORMATS, KINDS

    assert len(CASES) == len(KINDS) * len(FORMATS) == 27
    missing = [str(path.name) for _, _, path in CASES if not path.exists()]
    assert not missing, f"fichiers de référence manquants : {missing} (python tests/update_golden.py)"


@pytest.mark.parametrize("kind,fmt,path", CASES, ids=[f"{k}-{f}" for k, f, _ in CASES])
def test_export_matches_golden_file(kind, fmt, path):
    got = update_golden.render(kind, fmt)
    expected = path.read_bytes()
    if got != expected:
        got_lines, expected_lines = got.decode("utf-8").splitlines(), expected.decode("utf-8").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got_lines, expected_lines)) if a != b),
                     min(len(got_lines), len(expected_lines)))
        pytest.fail(
            f"{path.name} differs from line {first + 1}:\n"
            f"  expected: {expected_lines[first] if first < len(expected_lines) else '<end>'!r}\n"
            f"  got:      {got_lines[first] if first < len(got_lines) else '<end>'!r}\n"
            "If the change is deliberate: python tests/update_golden.py"
        )


def _row(text: str, *cells: str) -> bool:
    """Whether a line of `text` holds these cells, in this order, apart by spaces only."""
    return re.search(r"^\s*" + r"\s{1,}".join(map(re.escape, cells)) + r"\s*$", text, re.M) is not None


def test_golden_figures_are_the_reports():
    """A few figures of the 2019 report, read in the golden texts."""
    read = lambda kind: (update_golden.GOLDEN / f"{kind}.txt").read_text("utf-8")  # noqa: E731
    fiche = read("fiche")
    assert _row(fiche, "Coût total", ":", "43 655 €")
    assert _row(fiche, "C.A.", "5 000 € (11,5 %)")  # the report: 5 000 (11,5 %)
    assert _row(fiche, "État", "4 000 €", "(9,2 %)")  # the report: 4 000 (9,2 %)
    financements = read("financements")
    assert _row(financements, "C.A.", "25", "155 000 €", "6,6 %", "155 000 €", "0 €", "100,0 %")
    # The report prints 910 253 € for inter-contrats, its fiches add up to more: shown, not copied.
    assert _row(financements, "Inter-contrats", "11", "11", "910 253 €", "913 823 €", "3 570 €")
    assert _row(financements, "Complément ANRU", ":", "1 223 812 €")
    objectifs = read("objectifs")
    assert _row(objectifs, "I-H", "6", "I-H-3 (3)")  # inter-contrats, as on page 54
    assert _row(objectifs, "III-B", "9", "—")  # intercommunal
    tfpb = read("tfpb")
    assert _row(tfpb, "Total", "122 227 €", "59 163 €", "48,4 %")  # BATIGERE, Côte des Roses
    assert _row(tfpb, "Total", "75 414 €", "75 414 €", "100,0 %")  # OPH, Saint-Pierre
