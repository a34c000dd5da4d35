"""A realistic synthetic data folder: `python -m bench.generate N DIR`.

Copies the shipped referentials and programmations, then writes N actions
spread evenly over 2015-2024 (sectors, funders and objectives drawn from the
referentials; each shaped like a shipped action drawn at random: a
description of the same length stitched from the shipped prose, 0.5-1.8 KB,
and as many beneficiary rows, 1 to 6; no objective when the shipped one
names none), a programmation per year whose envelopes cover what its actions
are granted, and the shipped bailleurs once per year for every 10 000
actions (4 a year up to 10 000, 20 at 50 000, 40 at 100 000).

Most files are in pvtui's canonical layout, as pvtui itself writes them
(a save takes the fast path); one action file in four and one bailleur file
in four is written as a technician would by hand: comments above and beside
the keys, blank lines, and Windows line ends (CRLF) in half of them. Their
data is the same (checked with tomllib). Deterministic for a given seed.
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
                                  rng.choice((1, 1, 2, 2, 3, 4)))) if template.objectifs else []
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
        pilier_suppose=template.pilier_suppose,
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


HEADERS = (
    "# Fiche saisie à la main d'après le bilan transmis par le porteur\n",
    "# Relue en comité technique ; montants en euros\n\n",
    "# Saisie : service politique de la ville\n# À vérifier avec le financeur avant le comité\n",
)


def handwritten(text: str, rng: random.Random, crlf: bool) -> str:
    """The same TOML as a technician would type it: comments, blank lines, CRLF if asked.

    Comments go only above the first multi-line string (a description), so that
    none lands inside a value.
    """
    head, quote, rest = text.partition('"""')
    out = [rng.choice(HEADERS).rstrip("\n")]
    for line in head.split("\n"):
        if line.startswith("cout_total = "):
            out += ["", "# coût total prévisionnel, d'après le budget de la fiche", line + "  # TTC"]
        elif line.startswith(("secteur = ", "annee = ")):
            out.append(line + "  # d'après la fiche")
        elif line.startswith("[[quartiers]]"):
            out += ["", "# quartier prioritaire", line]
        else:
            out.append(line)
    text = "\n".join(out) + quote + rest
    if quote:
        text = text.replace("\n[financements]\n", "\n\n# Répartition des subventions\n[financements]\n", 1)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text


def _write(path: Path, data: dict, hand: tuple[random.Random, bool] | None = None) -> None:
    """`data` in the canonical layout, or by hand (`hand` = rng, crlf) when its data stays the same."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = canonical(data)
    if hand is not None:
        typed = handwritten(text, *hand)
        if tomllib.loads(typed) == tomllib.loads(text):
            path.write_bytes(typed.encode("utf-8"))
            return
    path.write_text(text, "utf-8")


def _hand(rng: random.Random, index: int) -> tuple[random.Random, bool] | None:
    """One file in four by hand, half of those with CRLF line ends."""
    return (rng, index % 8 == 3) if index % 4 == 3 else None


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
        _write(target / "actions" / f"{action.id}.toml", model.action_to_dict(action), _hand(rng, index))

    copies = max(1, math.ceil(n / 10_000))  # the bailleurs grow with the actions
    written = 0
    for year in YEARS:
        # Envelopes a little above what is granted: a clean folder, as after a real programme year.
        envelopes = {code: int(math.ceil(amount * rng.uniform(1.0, 1.15) / 1000) * 1000)
                     for code, amount in sorted(engaged[year].items())}
        path = target / "programmations" / f"{year}.toml"
        data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {"annee": year}
        data["enveloppes"] = envelopes
        _write(path, data)
        for copy in range(copies):
            for bailleur in shipped.bailleurs:
                made = _bailleur(rng, bailleur, year)
                if copy:
                    made = replace(made, id=f"{made.id}-{copy + 1}", nom=f"{made.nom} {copy + 1}")
                _write(target / "bailleurs" / f"{made.id}.toml", model.bailleur_to_dict(made), _hand(rng, written))
                written += 1


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
