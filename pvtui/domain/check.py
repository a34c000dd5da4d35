"""The rules: a loaded data folder -> the problems a technician must see.

Pure functions over a `Dataset`; file text is read only to give the line
of a problem. Errors are what must be fixed (a wrong code, an amount above
the cost); warnings are what the report prints that does not add up.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

from pvtui.domain import compute
from pvtui.domain.dataset import ACTIONS, BAILLEURS, Dataset
from pvtui.domain.fmt import count_of, euros
from pvtui.domain.model import NC, Action, Bailleur, is_todo
from pvtui.domain.names import LOOKALIKE, lookalike, norm, porteur_names
from pvtui.domain.problem import AVERTISSEMENT, ERREUR, Problem, locate
from pvtui.domain.ids import IdError, check_id
from pvtui.domain.years_check import check_years
from pvtui.domain.vie_check import check_vie

REQUIRED = ("titre", "porteur", "annee", "secteur", "cout_total")
STATUTS = ("nouvelle", "renouvellement")
MAX_AMOUNT = 10**12
"""Above a thousand billion euros an amount is a typing error, not a subsidy."""


def _lookalikes(value: str) -> list[str]:
    """Codes typed with 1 for I or I for 1, as the report prints "I-1" for I-I and "I-F-I" for I-F-1."""
    head, *rest = value.upper().split("-")
    if len(rest) > 3:  # codes have at most three parts; 3**n combinations would never end
        return []
    variants = [[part, part.replace("1", "I"), part.replace("I", "1")] for part in rest]
    out = []
    for combo in itertools.product(*variants):
        out.append("-".join([head, *combo]))
    return out


def _q(value: object, limit: int = 80) -> str:
    """A value from a file, cut short enough to fit on one line of a report."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(value: str, choices: Iterable[str], n: int = 1) -> str:
    """' : vouliez-vous dire « X » ?' for the closest valid value (n of them: « X » ou « Y »), or ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    close = [c for c in _lookalikes(value) if c in choices and c != value]
    close += [c for c in choices if value and c.lower().startswith(value.lower())]
    close += [lowered[c] for c in difflib.get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.5)]
    close = list(dict.fromkeys(close))[:n]
    if not close:
        return ""
    return " : vouliez-vous dire " + " ou ".join(f"« {_q(c)} »" for c in close) + " ?"


def _read(root: Path, rel: str) -> str:
    """The file's text as the load decoded it (its CRs kept: a file with a bare CR is not TOML).

    Bytes read and decoded, not `Path.read_text`: half the cost per file, for
    the 50 000 files a cold check of 50 000 actions points into."""
    try:
        with open(os.path.join(root, rel), "rb") as file:
            return file.read().decode("utf-8", "replace")
    except OSError:
        return ""


def check(data: Dataset, au: dt.date | None = None) -> list[Problem]:
    """Every problem of the folder: what loading found, then every rule (what is late: as of `au`, today)."""
    out = list(data.problems)
    # Lines are found at the end, file by file: each file read once, then let go (the
    # texts kept for the whole check held every file of 50 000 at once).
    found: dict[str, list[tuple[tuple[str | int, ...], str, str]]] = defaultdict(list)

    def add(rel: str, key: tuple[str | int, ...], niveau: str, message: str) -> None:
        found[rel].append((key, niveau, message))

    _check_referentiels(data, add)
    _check_ids(data, add)
    for action in data.actions:
        _check_action(data, action, add)
    _check_porteurs(data, add)
    for bailleur in data.bailleurs:
        _check_bailleur(data, bailleur, add)
    by_year: dict[int | None, list[Action]] = defaultdict(list)  # one pass, not one per programme year
    for action in data.actions:
        by_year[action.annee].append(action)
    _check_envelopes(data, by_year, add)
    _check_declared(data, by_year, add)
    check_years(data, by_year, add)
    check_vie(data, add, au or dt.date.today())
    for rel, items in found.items():
        text = _read(data.root, rel)
        out += (Problem(rel, locate(text, key), niveau, message) for key, niveau, message in items)
    return sorted(out, key=lambda p: (p.path, p.line, p.niveau, p.message))


REFERENTIEL_FILES = (("objectifs", "objectifs"), ("piliers", "piliers"), ("financeurs", "financeurs"),
                     ("secteurs", "secteurs"), ("axes", "axes-tfpb"))


def _check_referentiels(data: Dataset, add) -> None:
    """A referential missing or empty is an error; each « À compléter » left by `pvtui init` a warning."""
    ref = data.referentiel
    unreadable = {p.path for p in data.problems}  # already said, at its line: not "absent" too
    for field_name, name in REFERENTIEL_FILES:
        rel = f"referentiel/{name}.toml"
        entries = getattr(ref, field_name)
        if not entries and rel not in unreadable:
            hint = " (pvtui init DOSSIER crée un dossier prêt à remplir)" if rel not in data.versions else ""
            add(rel, (), ERREUR, f"référentiel {'absent' if hint else 'vide'} : {rel}{hint}")
            continue
        for code, entry in entries.items():
            for key in ("libelle", "nom", "commune", "court"):
                if is_todo(getattr(entry, key, "")):
                    add(rel, (code, key), AVERTISSEMENT, f"« {_q(code)} » : {key} à compléter")
    for annee, prog in data.programmations.items():
        for key in ("contrat", "periode"):
            if is_todo(getattr(prog, key)):
                add(data.programmation_file(annee), (key,), AVERTISSEMENT, f"programmation {annee} : {key} à compléter")


def _check_porteurs(data: Dataset, add) -> None:
    """Once a folder has porteur records, an action naming none of them is said: its name should get a
    record, or join a record's aliases, so that one organisation's actions are seen together."""
    if not data.porteurs:
        return
    known = {name: p.nom or p.id for p in data.porteurs for name in porteur_names(p)}
    names = list(known)

    def closest(name: str) -> str:
        score, found = lookalike(norm(name), names, LOOKALIKE)
        return f" : vouliez-vous dire « {_q(known[found])} » ?" if found else ""

    said: dict[str, str] = {}  # one normalisation and suggestion per spelling, not per action
    for action in data.actions:
        name = action.porteur
        if not name.strip():
            continue  # "champ obligatoire manquant", said already
        if name not in said:
            said[name] = "" if norm(name) in known else (
                f"porteur « {_q(name)} » : aucune fiche de porteurs/ n'a ce nom, ce sigle ni cet alias "
                f"(créez-la, ou ajoutez ce nom aux aliases de sa fiche){closest(name)}")
        if said[name]:
            add(f"{ACTIONS}/{action.id}.toml", ("porteur",), AVERTISSEMENT, said[name])


def porteur_problems(porteur) -> list[str]:
    """What is wrong in a porteur record (a form shows it; pure): SIRET 14 digits, RNA W + 9 digits."""
    out = []
    if not porteur.nom.strip():
        out.append("le nom du porteur est obligatoire")
    siret = porteur.siret.replace(" ", "")
    if siret and not (siret.isdigit() and len(siret) == 14):
        out.append(f"SIRET « {_q(porteur.siret)} » : il faut 14 chiffres")
    rna = porteur.rna.strip().upper()
    if rna and not (len(rna) == 10 and rna[0] == "W" and rna[1:].isdigit()):
        out.append(f"RNA « {_q(porteur.rna)} » : il faut W suivi de 9 chiffres")
    return out


def _check_ids(data: Dataset, add) -> None:
    for kind, records in ((ACTIONS, data.actions), (BAILLEURS, data.bailleurs)):
        for record in records:
            try:
                check_id(record.id)
            except IdError as error:
                add(f"{kind}/{record.id}.toml", (), ERREUR, f"nom de fichier : {error}")
        lowered = Counter(r.id.lower() for r in records)
        for record in records:
            if lowered[record.id.lower()] > 1:
                add(f"{kind}/{record.id}.toml", (), ERREUR, f"identifiant « {_q(record.id.lower())} » en double")
    same = defaultdict(list)
    for action in data.actions:
        if action.titre:
            same[(action.titre.strip().lower(), action.porteur.strip().lower(), action.annee)].append(action.id)
    for ids in same.values():
        for id in ids[1:]:
            add(f"{ACTIONS}/{id}.toml", ("titre",), ERREUR,
                f"doublon : même titre, porteur et année que {ACTIONS}/{ids[0]}.toml")


def amount_problem(value: object, what: str) -> str:
    if value < 0:
        return f"{what} doit être un montant positif ou nul (lu : {value})"
    if value > MAX_AMOUNT:
        return f"{what} est invraisemblable (lu : {value:.3g}) : vérifiez la saisie"
    return ""


def _check_action(data: Dataset, a: Action, add) -> None:
    rel = f"{ACTIONS}/{a.id}.toml"
    ref = data.referentiel
    for key in REQUIRED:
        if getattr(a, key) in (None, ""):
            add(rel, (), ERREUR, f"champ obligatoire manquant : {key}")
    if a.secteur and a.secteur not in ref.secteurs:
        add(rel, ("secteur",), ERREUR, f"secteur inconnu « {_q(a.secteur)} »{suggest(a.secteur, ref.secteurs)}")
    if a.statut and a.statut not in STATUTS:
        add(rel, ("statut",), ERREUR, f"statut inconnu « {_q(a.statut)} »{suggest(a.statut, STATUTS)}")
    if a.pilier_suppose and a.pilier_suppose not in ref.piliers:
        add(rel, ("pilier_suppose",), ERREUR,
            f"pilier inconnu « {_q(a.pilier_suppose)} »{suggest(a.pilier_suppose, ref.piliers)}")
    for index, code in enumerate(a.objectifs):
        if code not in ref.objectifs:
            add(rel, ("objectifs", index), ERREUR, f"objectif inconnu « {_q(code)} »{suggest(code, ref.objectifs)}")
    # Subsidies are compared with the cost only when both are plausible:
    # a negative cost is one error, not one more per subsidy.
    cost_msg = amount_problem(a.cout_total, "cout_total") if a.cout_total is not None else ""
    cost_ok = a.cout_total is not None and not cost_msg
    if cost_msg:
        add(rel, ("cout_total",), ERREUR, cost_msg)
    subsidies_ok = True
    for line in a.financements:
        code, amount = line.financeur, line.montant
        if code not in ref.financeurs:
            add(rel, ("financements", code), ERREUR, f"financeur inconnu « {_q(code)} »{suggest(code, ref.financeurs)}")
        # amount_problem's own test first: its message is worth building only for a problem.
        if (amount < 0 or amount > MAX_AMOUNT) and (msg := amount_problem(amount, f"la subvention {_q(code)}")):
            subsidies_ok = False
            add(rel, ("financements", code), ERREUR, msg)
        elif cost_ok and amount > a.cout_total:
            add(rel, ("financements", code), ERREUR,
                f"la subvention {_q(code)} ({euros(amount)}) dépasse le coût total ({euros(a.cout_total)})")
    if cost_ok and subsidies_ok and len(a.financements) > 1 and a.total_subventions > a.cout_total:
        add(rel, ("financements",), ERREUR,
            f"la somme des subventions ({euros(a.total_subventions)}) dépasse le coût total ({euros(a.cout_total)})")
    _check_beneficiaires(a, rel, add)
    for index, c in enumerate(a.corrections):
        add(rel, ("corrections", index), AVERTISSEMENT,
            f"valeur corrigée ({_q(c.champ)}) : imprimé « {_q(c.imprime)} », retenu « {_q(c.retenu)} »"
            + (f" — {_q(c.note, 200)}" if c.note else ""))


_NUMBER = (int, float)


def _check_beneficiaires(a: Action, rel: str, add) -> None:
    # Written for speed (it runs for every row of every action): plain tests, no generators.
    for index, row in enumerate(a.beneficiaires):
        h, f, t = row.hommes, row.femmes, row.total
        numbers = (isinstance(h, _NUMBER), isinstance(f, _NUMBER), isinstance(t, _NUMBER))
        if numbers == (True, True, True) and h + f != t:
            add(rel, ("beneficiaires", index), AVERTISSEMENT,
                f"bénéficiaires « {_q(row.age)} » : hommes + femmes = {h + f}, total imprimé {t}")
        if (numbers[0] and h < 0) or (numbers[1] and f < 0) or (numbers[2] and t < 0):
            for key, value, number in (("hommes", h, numbers[0]), ("femmes", f, numbers[1]), ("total", t, numbers[2])):
                if number and value < 0:
                    add(rel, ("beneficiaires", index, key), ERREUR, f"bénéficiaires « {_q(row.age)} » : {key} négatif")
    total = a.beneficiaires_total
    if a.nombre_beneficiaires is not None and total is not None and isinstance(total.total, int) \
            and total.total != a.nombre_beneficiaires:
        add(rel, ("nombre_beneficiaires",), AVERTISSEMENT,
            f"bénéficiaires : le texte en annonce {a.nombre_beneficiaires}, le tableau en totalise {total.total}")
    if total is None or not a.beneficiaires:
        return
    for key in ("hommes", "femmes", "total"):
        printed = getattr(total, key)
        if not isinstance(printed, _NUMBER):
            continue
        values = [getattr(row, key) for row in a.beneficiaires]
        if None in values or NC in values:
            continue
        if (summed := sum(values)) != printed:
            add(rel, ("beneficiaires_total", key), AVERTISSEMENT,
                f"bénéficiaires : la somme des lignes ({key} = {summed}) ne fait pas le total imprimé ({printed})")


def _check_bailleur(data: Dataset, b: Bailleur, add) -> None:
    rel = f"{BAILLEURS}/{b.id}.toml"
    ref = data.referentiel
    for key in ("nom", "annee"):
        if getattr(b, key) in (None, ""):
            add(rel, (), ERREUR, f"champ obligatoire manquant : {key}")
    for qi, q in enumerate(b.quartiers):
        if q.secteur not in ref.secteurs:
            add(rel, ("quartiers", qi, "secteur"), ERREUR,
                f"quartier inconnu « {_q(q.secteur)} »{suggest(q.secteur, ref.secteurs)}")
        if q.abattement is not None and (msg := amount_problem(q.abattement, "abattement")):
            add(rel, ("quartiers", qi, "abattement"), ERREUR, msg)
        for li, line in enumerate(q.lignes):
            key = ("quartiers", qi, "lignes", li)
            if line.axe not in ref.axes:
                add(rel, key, ERREUR, f"axe TFPB inconnu « {_q(line.axe)} »{suggest(line.axe, ref.axes)}")
            valid = True
            for name, label in (("realisee", "réalisée"), ("valorisee", "valorisée")):
                value = getattr(line, name)
                if value is None:
                    valid = False
                    add(rel, key, ERREUR, f"ligne « {_q(line.action)} » : dépense {label} manquante")
                elif msg := amount_problem(value, f"la dépense {label}"):
                    valid = False
                    add(rel, key, ERREUR, msg)
            if valid and line.valorisee > line.realisee:
                add(rel, key, ERREUR,
                    f"ligne « {_q(line.action)} » : dépense valorisée ({euros(line.valorisee)}) "
                    f"supérieure à la dépense réalisée ({euros(line.realisee)})")
        secteur = ref.secteurs.get(q.secteur)
        name = secteur.libelle if secteur else q.secteur
        if q.abattement is None or q.logements is None:
            missing = " ni ".join(k for k in ("logements", "abattement") if getattr(q, k) is None)
            add(rel, ("quartiers", qi), AVERTISSEMENT,
                f"{b.nom} ({name}) : {missing} non renseigné{'s' if ' ni ' in missing else ''} : ce quartier ne peut entrer dans la synthèse")
        else:
            valorisee = sum(line.valorisee or 0 for line in q.lignes)
            if valorisee < q.abattement:
                add(rel, ("quartiers", qi, "abattement"), AVERTISSEMENT,
                    f"{b.nom} ({name}) : dépense valorisée ({euros(valorisee)}) inférieure "
                    f"à l'abattement ({euros(q.abattement)})")


def _check_envelopes(data: Dataset, by_year: dict[int | None, list[Action]], add) -> None:
    for annee, prog in data.programmations.items():
        engaged = compute.engaged_by_funder(by_year.get(annee, []))
        for code, envelope in prog.enveloppes:
            if engaged.get(code, 0) > envelope:
                add(data.programmation_file(annee), ("enveloppes", code), ERREUR,
                    f"{_q(code)} : subventions {annee} ({euros(engaged[code])}) au-delà de l'enveloppe ({euros(envelope)})")


def _check_declared(data: Dataset, by_year: dict[int | None, list[Action]], add) -> None:
    """What the report declares against what the fiches add up to: warnings."""
    for annee, prog in data.programmations.items():
        rel = data.programmation_file(annee)
        by_sector = compute.group_by(by_year.get(annee, []), lambda a: a.secteur)  # one pass, any number of sectors
        # `declare` is free-form: a shape pvtui cannot read is reported, never a crash.
        secteurs = prog.declare.get("secteurs", [])
        if not isinstance(secteurs, list):
            add(rel, ("declare", "secteurs"), ERREUR, "« declare.secteurs » doit être une liste de tables")
            secteurs = []
        for index, entry in enumerate(secteurs):
            codes = entry.get("secteurs", []) if isinstance(entry, dict) else None
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                add(rel, ("declare", "secteurs", index), ERREUR,
                    "« declare.secteurs » : chaque entrée doit être une table dont « secteurs » est une liste de codes")
                continue
            chosen = [a for code in dict.fromkeys(codes) for a in by_sector.get(code, ())]
            cost = sum(a.cout_total or 0 for a in chosen)
            declared = entry.get("cout_total")
            if isinstance(declared, (int, float)) and declared != cost:
                add(rel, ("declare", "secteurs", index), AVERTISSEMENT,
                    f"{_q(entry.get('libelle', '?'))} : le rapport déclare {euros(declared)}, "
                    f"les fiches de ces secteurs font {euros(cost)} ({count_of(len(chosen), 'fiche')})")
        financeurs = prog.declare.get("financeurs") or {}
        if not isinstance(financeurs, dict):
            add(rel, ("declare", "financeurs"), ERREUR, "« declare.financeurs » doit être une table par financeur")
            financeurs = {}
        for code, entry in financeurs.items():
            if not isinstance(entry, dict):
                add(rel, ("declare", "financeurs", code), ERREUR, f"« declare.financeurs.{_q(code)} » doit être une table")
                continue
            n, new, renewed = (entry.get(k) for k in ("nombre_actions", "nouvelles", "renouvellements"))
            if all(isinstance(v, int) for v in (n, new, renewed)) and new + renewed != n:
                add(rel, ("declare", "financeurs", code), AVERTISSEMENT,
                    f"{_q(code)} : le rapport déclare {n} actions dont {new} nouvelles et {renewed} "
                    f"renouvellements ({new + renewed} ≠ {n})")
