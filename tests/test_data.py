"""The shipped data (the 2019 report) through compute.py and `pvtui check`.

Every figure below is printed in the report (rapport-annuel-politique-de-la-
ville-2019), or added up by hand from figures printed there.
"""

from __future__ import annotations

import pytest
from conftest import DATA, run_pvtui

from pvtui.domain import compute
from pvtui.domain.fmt import euros, percent
from pvtui.domain.problem import AVERTISSEMENT
from pvtui.storage.store import Store


@pytest.fixture(scope="module")
def data():
    return Store(DATA, cache=False).load()


@pytest.fixture(scope="module")
def checked():
    return run_pvtui("check", "data")


def test_every_file_loads(data):
    assert data.problems == ()


def test_52_action_files(data):
    assert len(list((DATA / "actions").glob("*.toml"))) == 52
    assert len(data.actions) == 52


def test_capft_subsidies_add_up_to_its_envelope(data):
    assert compute.engaged_by_funder(data.actions)["capft"] == 155000
    assert data.programmations[2019].enveloppe["capft"] == 155000


def test_intercommunal_sector(data):
    rows = {r.code: r for r in compute.by_sector(data.actions)}
    assert (rows["intercommunal"].actions, rows["intercommunal"].cout_total) == (11, 1385981)


# Each quartier's printed total row: (réalisée, valorisée), and the abatement where printed.
QUARTIERS = {
    ("BATIGERE", "cote-des-roses"): (122227, 59163, 59163),
    ("OPH", "cote-des-roses"): (32183, 32183, 25440),
    ("MOSELIS", "cote-des-roses"): (77671, 18000, None),
    ("BATIGERE", "saint-pierre-milliaire"): (13504, 11232, 11232),
    ("OPH", "saint-pierre-milliaire"): (75414, 75414, 88941),
    ("LOGIEST", "terrasses-des-provinces"): (26928, 26928, None),
}


def test_each_bailleur_quartier_adds_up_to_its_printed_total(data):
    rows = {(r.bailleur, r.secteur): (r.realisee, r.valorisee, r.abattement) for r in compute.quartiers(data.bailleurs)}
    assert rows == QUARTIERS


# Lines 1772-1781 of the report, as printed (tabs between columns).
SYNTHESE = """\
Animation, lien social, vivre ensemble\tBATIGERE / OPH / LOGIEST\t11\t141 341\t121 894\t86,20%
Petits travaux d'amélioration de la qualité de service (hors quartier NPNRU)\tBATIGERE\t2\t45 749\t15 332\t26,50%
Renforcement de la présence du personnel de proximité (par rapport à présence dans patrimoine hors QPV)\tBATIGERE\t6\t32 232\t19 281\t59,80%
Sur - entretien\tBATIGERE / LOGIEST\t2\t16 993\t16 993\t100%
Concertation/sensibilisation des locataires\tBATIGERE / OPH\t5\t12 469\t11 747\t94,20%
Tranquilité résidentielle\tOPH\t1\t10 520\t10 520\t100%
Gestion des déchets et encombrants/épaves\tBATIGERE / OPH\t3\t7 988\t7 988\t100%
Formation / soutien des personnels de proximité\tBATIGERE\t2\t2 964\t1 165\t39,30%
\t\t32\t270 256\t204 920\t75,80%"""


def _printed():
    rows = []
    for line in SYNTHESE.splitlines():
        axe, porteurs, n, realisee, valorisee, taux = line.split("\t")
        rows.append((axe, set(porteurs.split(" / ")) if porteurs else set(), int(n),
                     int(realisee.replace(" ", "")), int(valorisee.replace(" ", "")),
                     float(taux.rstrip("%").replace(",", "."))))
    return rows


def test_synthesis_by_axe_matches_the_report_line_by_line(data):
    ref = data.referentiel.axes
    code_of = {spelling: code for code, axe in ref.items() for spelling in (axe.libelle, *axe.variantes)}
    counted = [b for b in data.bailleurs if b.nom in ("BATIGERE", "OPH", "LOGIEST")]
    rows = compute.synthese_axes(counted)
    *printed, total = _printed()
    assert len(rows) == len(printed)
    for row, (axe, porteurs, n, realisee, valorisee, taux) in zip(rows, printed):
        assert row.axe == code_of[axe]
        assert (set(row.porteurs), row.lignes, row.realisee, row.valorisee) == (porteurs, n, realisee, valorisee)
        if row.axe != "petits-travaux":
            assert round(100 * row.taux, 1) == taux
    whole = compute.total_axes(rows)
    assert (whole.lignes, whole.realisee, whole.valorisee) == total[2:5] == (32, 270256, 204920)
    assert percent(whole.valorisee, whole.realisee) == "75,8 %"


def test_the_printed_rate_of_petits_travaux_is_not_its_figures(data):
    """The report prints 26,50 % for 15 332 / 45 749, which is 33,5 %: the figures are kept, the rate derived."""
    [row] = [r for r in compute.synthese_axes(data.bailleurs) if r.axe == "petits-travaux"]
    assert (row.realisee, row.valorisee) == (43964 + 1785, 13908 + 1424)
    assert percent(row.valorisee, row.realisee) == "33,5 %"


# --- pvtui check data/ -------------------------------------------------------------


def _line(rel: str, needle: str) -> int:
    lines = (DATA / rel).read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if needle in line) + 1


def _warnings(done) -> list[str]:
    return done.stdout.splitlines()


def test_check_data_exits_zero_with_warnings_only(checked):
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout
    assert all(": avertissement: " in line for line in checked.stdout.splitlines())
    assert checked.stderr.startswith("0 erreur,")


@pytest.mark.parametrize("rel, needle, printed, kept", [
    ("actions/salon-atelier.toml", 'imprime = "I-1"', "I-1", "I-I"),
    ("actions/moment-en-familles.toml", 'imprime = "I-2"', "I-2", "I-I-2"),
])
def test_check_lists_the_corrected_objective_codes(checked, rel, needle, printed, kept):
    expected = f"{rel}:{_line(rel, needle)}: avertissement: valeur corrigée (objectifs) : imprimé « {printed} », retenu « {kept} »"
    assert expected in _warnings(checked)


def test_check_lists_the_lost_heading(checked):
    rel = "actions/cafe-associatif.toml"
    line = _line(rel, "[[corrections]]")
    assert any(w.startswith(f"{rel}:{line}: avertissement: valeur corrigée (titre) : imprimé «  », retenu « Café associatif »")
               for w in _warnings(checked))


def test_check_lists_the_yutz_synthesis(checked):
    rel = "programmations/2019.toml"
    assert (f"{rel}:{_line(rel, '[declare.financeurs.yutz]')}: avertissement: yutz : le rapport déclare "
            "15 actions dont 5 nouvelles et 15 renouvellements (20 ≠ 15)") in _warnings(checked)


def test_check_lists_the_inter_contrats_total(checked, data):
    fiches = [a for a in data.actions if a.secteur == "inter-contrats"]
    cost = sum(a.cout_total for a in fiches)
    assert cost != 910253
    rel = "programmations/2019.toml"
    assert (f"{rel}:{_line(rel, '[[declare.secteurs]]')}: avertissement: Inter-contrats : le rapport déclare "
            f"910 253 €, les fiches de ces secteurs font {euros(cost)} ({len(fiches)} fiches)") in _warnings(checked)


def test_check_lists_moselis_outside_the_synthesis(checked):
    rel = "bailleurs/moselis.toml"
    assert (f"{rel}:{_line(rel, '[[quartiers]]')}: avertissement: MOSELIS (Côte des Roses) : logements ni "
            "abattement non renseignés : ce quartier ne peut entrer dans la synthèse") in _warnings(checked)


def test_check_lists_agir_dynamiquement_beneficiaries(checked):
    """Text: « 25 personnes ont participé à ce projet. »; the table's total row: 12."""
    rel = "actions/agir-dynamiquement-sur-sa-recherche-d-emploi.toml"
    text = (DATA / rel).read_text("utf-8")
    assert "nombre_beneficiaires = 25" in text, "nombre_beneficiaires not transcribed yet"
    assert (f"{rel}:{_line(rel, 'nombre_beneficiaires')}: avertissement: bénéficiaires : le texte en annonce 25, "
            "le tableau en totalise 12") in _warnings(checked)


def test_check_json_on_data_agrees_with_text(checked):
    import json

    done = run_pvtui("check", "data", "--format", "json")
    assert done.returncode == 0
    problems = json.loads(done.stdout)
    assert {p["niveau"] for p in problems} == {AVERTISSEMENT}
    assert [f"{p['fichier']}:{p['ligne']}: {p['niveau']}: {p['message']}" for p in problems] == _warnings(checked)
