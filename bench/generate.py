"""A realistic synthetic data folder: `python -m bench.generate N DIR`.

Copies the shipped referentials and programmations, then writes N actions
spread evenly over 2015-2024 (sectors, funders and objectives drawn from the
referentials; each shaped like a shipped action drawn at random: a
description of the same length stitched from the shipped prose, 0.5-1.8 KB,
and as many beneficiary rows, 1 to 6), a programmation per year whose envelopes cover what its
actions are granted, and the shipped bailleurs once per year. Files are
written in pvtui's canonical layout, as pvtui itself would write them, so
that a save takes the fast path. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

from pvtui.domain import model
from pvtui.domain.model import Action, Bailleur, Beneficiaires, Financement, LigneTFPB
from pvtui.storage.store import Store, unique_id
from pvtui.storage.tomlio import canonical

SHIPPED = Path(__file__).resolve().parent.parent / "data"
YEARS = tuple(range(2015, 2025))
AGES = ("0 à 5 ans", "6 à 15 ans", "16 à 25 ans", "26 à 64 ans", "65 ans et plus", "11 à 17 ans")


def _paragraphs(actions: list[Action]) -> list[str]:
    found = [p.strip() for a in actions for p in a.description.split("\n\n") if len(p.strip()) > 80]
    return found or ["Action de proximité conduite avec les habitants du quartier. " * 4]


def _description(rng: random.Random, paragraphs: list[str], target: int) -> str:
    """About `target` characters of the shipped prose, paragraph by paragraph."""
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < target:
        parts.append(rng.choice(paragraphs))
    text = "\n\n".join(parts)
    return text[:target].rsplit(" ", 1)[0] + "."


def _beneficiaires(rng: random.Random, count: int) -> tuple[tuple[Beneficiaires, ...], Beneficiaires]:
    rows = []
    for age in rng.sample(AGES, count):
        hommes, femmes = rng.randint(0, 120), rng.randint(0, 140)
        rows.append(Beneficiaires(age=age, hommes=hommes, femmes=femmes, total=hommes + femmes,
                                  part_qpv=rng.choice((100, 90, 80, 75, 60, 50, 38))))
    total = Beneficiaires(hommes=sum(r.hommes for r in rows), femmes=sum(r.femmes for r in rows),
                          total=sum(r.total for r in rows), part_qpv=rows[0].part_qpv)
    return tuple(rows), total


def _action(rng: random.Random, index: int, year: int, template: Action, porteurs: list[str],
            paragraphs: list[str], ref, taken: set[str]) -> Action:
    """An action shaped like `template`: its description length and number of beneficiary rows."""
    funders = rng.sample(list(ref.financeurs), rng.choice((1, 1, 2, 2, 2, 3)))
    financements = tuple(Financement(code, rng.randrange(500, 40_000, 100)) for code in funders)
    cost = int(sum(f.montant for f in financements) * rng.uniform(1.3, 4.0)) // 100 * 100
    objectifs = sorted(rng.sample([c for c in ref.objectifs if c.count("-") == 2] or list(ref.objectifs),
                                  rng.choice((1, 1, 2, 2, 3, 4))))
    rows, total = _beneficiaires(rng, min(max(len(template.beneficiaires), 1), len(AGES)))
    renewed = rng.random() < 0.6
    titre = f"{template.titre} – {index + 1}"
    id = unique_id(titre, taken)
    taken.add(id)
    return Action(
        id=id,
        titre=titre,
        porteur=rng.choice(porteurs),
        annee=year,
        secteur=rng.choice(list(ref.secteurs)),
        statut="renouvellement" if renewed else "nouvelle",
        renouvele_depuis=rng.randint(2015, year) if renewed and year > 2015 and rng.random() < 0.5 else None,
        cout_total=cost,
        objectifs=tuple(objectifs),
        description=_description(rng, paragraphs, max(len(template.description), 400)),
        indicateurs=template.indicateurs,
        nombre_beneficiaires=total.total if rng.random() < 0.3 else None,
        financements=financements,
        beneficiaires=rows,
        beneficiaires_total=total,
    )


def _bailleur(rng: random.Random, template: Bailleur, year: int) -> Bailleur:
    factor = rng.uniform(0.8, 1.2)

    def scale(value):
        return None if value is None else int(value * factor)

    quartiers = tuple(
        replace(q, abattement=scale(q.abattement), lignes=tuple(
            LigneTFPB(axe=l.axe, action=l.action, realisee=scale(l.realisee), valorisee=scale(l.valorisee))
            for l in q.lignes))
        for q in template.quartiers
    )
    return replace(template, id=f"{template.id}-{year}", annee=year, quartiers=quartiers)


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(canonical(data), "utf-8")


def generate(n: int, target: Path, source: Path = SHIPPED, seed: int = 2019) -> None:
    """Write a data folder of `n` actions into `target` (which must be empty or absent)."""
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} n'est pas vide : choisissez un dossier neuf")
    shipped = Store(source, cache=False).load()
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "referentiel", target / "referentiel")
    shutil.copytree(source / "programmations", target / "programmations")

    paragraphs = _paragraphs(list(shipped.actions))
    porteurs = sorted({a.porteur for a in shipped.actions if a.porteur})
    taken: set[str] = set()
    engaged: dict[int, dict[str, int]] = {year: {} for year in YEARS}
    for index in range(n):
        year = YEARS[index % len(YEARS)]
        action = _action(rng, index, year, rng.choice(shipped.actions), porteurs, paragraphs,
                         shipped.referentiel, taken)
        for line in action.financements:
            engaged[year][line.financeur] = engaged[year].get(line.financeur, 0) + line.montant
        _write(target / "actions" / f"{action.id}.toml", model.action_to_dict(action))

    for year in YEARS:
        # Envelopes a little above what is granted: a clean folder, as after a real programme year.
        envelopes = {code: int(math.ceil(amount * rng.uniform(1.0, 1.15) / 1000) * 1000)
                     for code, amount in sorted(engaged[year].items())}
        path = target / "programmations" / f"{year}.toml"
        data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {"annee": year}
        data["enveloppes"] = envelopes
        _write(path, data)
        for bailleur in shipped.bailleurs:
            _write(target / "bailleurs" / f"{bailleur.id}-{year}.toml",
                   model.bailleur_to_dict(_bailleur(rng, bailleur, year)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of actions")
    parser.add_argument("dir", type=Path, help="folder to create (empty or absent)")
    parser.add_argument("--source", type=Path, default=SHIPPED, help="data folder to take referentials from")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args(argv)
    generate(args.n, args.dir, args.source, args.seed)
    print(f"{args.n} actions écrites dans {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
