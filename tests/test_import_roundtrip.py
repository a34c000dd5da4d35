"""Round trip: the shipped actions exported as a sheet, imported into a fresh `pvtui init` folder."""

from __future__ import annotations

import shutil

from conftest import DATA, DataDir, run_pvtui


def _totals(data, year: int) -> dict:
    """Euros to the unit: count, total cost, each funder's subsidies, and each action's."""
    actions = [a for a in data.actions if a.annee == year]
    funders: dict[str, int] = {}
    for a in actions:
        for f in a.financements:
            funders[f.financeur] = funders.get(f.financeur, 0) + (f.montant or 0)
    each = sorted((a.titre, a.cout_total, a.secteur, sorted(a.financement.items())) for a in actions)
    return {"count": len(actions), "cout": sum(a.cout_total or 0 for a in actions), "funders": funders,
            "actions": each}


def test_an_exported_sheet_imports_into_an_empty_folder_with_the_same_totals(tmp_path):
    sheet = tmp_path / "actions.csv"
    assert run_pvtui("export", "actions", str(DATA), "--annee", "2019", "--format", "csv",
                     "-o", str(sheet)).returncode == 0
    root = tmp_path / "contrat"
    assert run_pvtui("init", str(root), "--annee", "2019").returncode == 0
    for ref in (DATA / "referentiel").glob("*.toml"):  # the contract's own sectors and funders
        shutil.copy(ref, root / "referentiel" / ref.name)
    result = run_pvtui("import", str(sheet), str(root), "--appliquer")
    assert result.returncode == 0, result.stderr
    assert "0 ignorée" in result.stdout
    assert _totals(DataDir(root).load(), 2019) == _totals(DataDir(DATA).load(), 2019)
