"""`pvtui export opendata`: the SCDL « subventions » 2.1.1 CSV, validated with frictionless."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import REPO, run_pvtui

from pvtui.export.opendata import COLUMNS, SCHEMA

A = "actions/alpha.toml"


def complete(mini):
    """alpha's C.A. line, conventionned, from a porteur with a SIRET, and a funder with one."""
    mini.edit("referentiel/financeurs.toml", 'libelle = "C.A."', 'libelle = "C.A."\nsiret = "20001234500017"')
    mini.write("porteurs/association-a.toml", 'nom = "Association A"\nsiret = "38047555800058"\n')
    mini.edit(A, 'porteur = "Association A"', 'porteur = "association-a"')
    mini.edit(A, "capft = 3000\n", 'capft = { vote = 3000, date_convention = 2019-05-02, nature = "numéraire", '
              'conditions_versement = "unique", versements = [{ date = 2019-06-01, montant = 3000 }] }\n')


def validate(frictionless, path):
    """The file against the shipped descriptor, with its custom check (SIRET or RNA on each row)."""
    descriptor = json.loads(SCHEMA.read_text("utf-8"))
    checks = [frictionless.Check.from_descriptor(c) for c in descriptor.pop("custom_checks")]
    resource = frictionless.Resource(path=path.name, basepath=str(path.parent), format="csv",
                                     schema=frictionless.Schema.from_descriptor(descriptor))
    return frictionless.validate(resource, checklist=frictionless.Checklist(checks=checks))


def test_a_complete_record_gives_a_valid_file(mini, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    complete(mini)
    out = tmp_path / "subventions.csv"
    result = run_pvtui("export", "opendata", str(mini.root), "--financeur", "capft", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1] == ["Communauté d'agglomération", "20001234500017", "2019-05-02", "", "Association A",
                       "38047555800058", "", "Atelier alpha", "3000", "aide en numéraire", "unique",
                       "2019-06-01", "", "non", "1.00", ""]
    report = validate(frictionless, out)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_descriptor_refuses_a_row_without_siret_nor_rna(mini, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    complete(mini)
    out = tmp_path / "subventions.csv"
    run_pvtui("export", "opendata", str(mini.root), "-o", str(out))
    bad = tmp_path / "bad.csv"
    bad.write_text(out.read_text("utf-8").replace("38047555800058", ""), "utf-8")
    report = validate(frictionless, bad)
    assert [e[0] for e in report.flatten(["type"])] == ["row-constraint"]


def test_the_shipped_data_is_refused_row_by_row():
    result = run_pvtui("export", "opendata", str(REPO / "data"), "--financeur", "capft")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("pvtui export : actions/accompagnement-a-la-scolarite.toml, capft : manque ")
    assert "date de convention (date_convention)" in lines[0]
    assert "siret du financeur (referentiel/financeurs.toml, [capft] siret = …)" in lines[0]
    assert "SIRET ou RNA du porteur (porteurs/apsis-emergence.toml)" in lines[0]
    assert lines[-1] == ("pvtui export : 4 lignes incomplètes sur 4 : rien n'a été exporté "
                         "(--incomplet pour écrire les lignes complètes)")


def test_incomplet_writes_the_complete_rows_only():
    result = run_pvtui("export", "opendata", str(REPO / "data"), "--incomplet")
    assert result.returncode == 0 and result.stdout.splitlines() == [",".join(COLUMNS)]


def test_echeances_at_two_dates():
    early = run_pvtui("export", "echeances", str(REPO / "data"), "--au", "2018-12-01")
    late = run_pvtui("export", "echeances", str(REPO / "data"), "--au", "2020-07-01")
    assert early.stdout.startswith("Échéances au 2018-12-01 : 7 échéances, dont 0 en retard\n")
    assert late.stdout.startswith("Échéances au 2020-07-01 : 7 échéances, dont 7 en retard\n")
    assert "APSIS Emergence" in late.stdout


def test_a_bad_date_is_refused():
    result = run_pvtui("export", "echeances", str(REPO / "data"), "--au", "01/07/2020")
    assert result.returncode == 2
    assert result.stderr == ("pvtui export : --au « 01/07/2020 » n'est pas une date (attendue : 2020-07-01) ; "
                             "rien n'a été exporté\n")


def test_the_synthesis_shows_asked_voted_paid_where_the_records_say_it(mini):
    plain = run_pvtui("export", "synthese", str(mini.root)).stdout
    assert "Demandé / voté / versé" not in plain
    mini.edit(A, "capft = 3000\n", "capft = { demande = 3500, vote = 3000, versements = [{ montant = 1000 }] }\n")
    out = run_pvtui("export", "synthese", str(mini.root)).stdout
    assert "Demandé / voté / versé : 3 500 € / 4 500 € / 1 000 €" in " ".join(out.replace("\u00a0", " ").split())
