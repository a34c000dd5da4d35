"""The commands on a data folder's records: the TUI, `check`, `export`, `annee nouvelle`, `init`, `import`.

`check` and `export` never import Textual: over SSH they must start at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pvtui.cli.common import data_dir
from pvtui.domain.fmt import count_of, reason


def cmd_check(args: argparse.Namespace) -> int:
    from pvtui.workspace.folder import check_output

    # The last output is reused while no file changed: instant with 10 000 actions.
    out, errors, warnings = check_output(data_dir(args.data_dir), args.format)
    sys.stdout.buffer.write(out)
    if args.format != "json":
        print(f"{count_of(errors, 'erreur')}, {count_of(warnings, 'avertissement')}", file=sys.stderr)
    return 1 if errors else 0


LEFT_OUT = 3  # the export is written, but files it should hold could not be read


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from pvtui.export import ExportError, Filtres
    from pvtui.workspace.folder import export_folder, left_out

    from pvtui.storage.layout import unreadable_folders

    filtres = Filtres(annee=args.annee, secteur=args.secteur, financeur=args.financeur,
                      pilier=args.pilier, bailleur=args.bailleur, action=args.action, porteur=args.porteur)
    root = data_dir(args.data_dir)
    for folder, error in unreadable_folders(root):  # not a summary of "0 actions"
        print(f"pvtui export : dossier {folder}/ illisible ({reason(error)}) : rien n'a été exporté",
              file=sys.stderr)
        return 1
    if args.kind in LIFE_KINDS:
        status = _export_life(args, root)
        _warn_errors(root, ())
        return status
    from pvtui.storage.store import Store

    store = Store(root)  # the export, what it left out and the check, from one read of the folder
    try:
        # The last render is reused while no file changed: instant with 10 000 actions.
        data = export_folder(store, args.kind, filtres, args.format, now=datetime.now())
    except ExportError as error:
        print(f"pvtui export : {error}", file=sys.stderr)
        return 2
    if args.output:
        status = _write_output(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        status = 0
    missing = left_out(store)
    for problem in missing:
        print(f"pvtui export : {problem} ; ce fichier manque à l'export et à ses totaux", file=sys.stderr)
    _warn_errors(store, missing)
    return status or (LEFT_OUT if missing else 0)


def _warn_errors(root, told) -> None:
    """The export is made, but its figures may rest on wrong files: one line counts the errors not `told`."""
    from pvtui.domain.problem import errors_in_folder
    from pvtui.workspace.folder import folder_errors

    if warning := errors_in_folder(folder_errors(root), "pvtui check", told):
        print(f"pvtui export : {warning}", file=sys.stderr)


LIFE_KINDS = ("echeances", "opendata")
"""Exports of a subsidy's life: read afresh (what is late depends on the day), with their own options."""


def _export_life(args: argparse.Namespace, root) -> int:
    from datetime import date

    from pvtui.export import echeances, opendata
    from pvtui.storage.store import Store

    data_set = Store(root).load()
    if args.kind == "echeances":
        try:
            au = date.fromisoformat(args.au) if args.au else date.today()
        except ValueError:
            print(f"pvtui export : --au « {args.au} » n'est pas une date (attendue : 2020-07-01) ; "
                  "rien n'a été exporté", file=sys.stderr)
            return 2
        data = echeances.render(data_set, au)
    else:
        rows = opendata.lignes(data_set, args.financeur, args.annee)
        incomplete = [row for row in rows if row.manque]
        for row in incomplete:
            print(f"pvtui export : actions/{row.action}.toml, {row.financeur} : manque {', '.join(row.manque)}",
                  file=sys.stderr)
        if incomplete and not args.incomplet:
            print(f"pvtui export : {count_of(len(incomplete), 'ligne incomplète', 'lignes incomplètes')} "
                  f"sur {len(rows)} : rien n'a été exporté (--incomplet pour écrire les lignes complètes)",
                  file=sys.stderr)
            return 1
        data = opendata.render([row for row in rows if not row.manque])
    if args.output:
        return _write_output(args.output, data)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def _write_output(output: str, data: bytes) -> int:
    """`-o FICHIER`: a new file renamed into place, never written through what sits there.

    A symlink there (say one left in /tmp by another user, pointing at
    ~/.bashrc) is refused rather than followed, and so is anything that is
    not a regular file (a FIFO, a device): what replaces it is a new file,
    so a link planted after this look is replaced, not followed.
    """
    import stat

    from pvtui.storage.atomic import atomic_write

    try:
        st = os.lstat(output)
    except OSError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        print(f"pvtui export : {output} est un lien symbolique : refusé (rien n'a été écrit) ; "
              "donnez le chemin du fichier lui-même, ou redirigez la sortie standard", file=sys.stderr)
        return 1
    if st is not None and not stat.S_ISREG(st.st_mode):
        print(f"pvtui export : {output} n'est pas un fichier ordinaire : refusé (rien n'a été écrit) ; "
              "redirigez plutôt la sortie standard", file=sys.stderr)
        return 1
    try:
        atomic_write(Path(os.path.abspath(output)), data, shared=False)
    except OSError as error:
        print(f"pvtui export : impossible d'écrire {output} ({reason(error)})", file=sys.stderr)
        return 1
    return 0


def cmd_annee_nouvelle(args: argparse.Namespace) -> int:
    from pvtui.domain.years import YearError
    from pvtui.workspace.changes import Saved
    from pvtui.workspace.workspace import Workspace
    from pvtui.workspace.years import open_year

    ids = None if args.reconduire_tout else (args.reconduire or [])
    try:
        plan, results = open_year(Workspace(data_dir(args.data_dir)), args.annee, args.depuis, ids)
    except YearError as error:
        print(f"pvtui annee nouvelle : {error}", file=sys.stderr)
        return 2
    done = [r for r in results if isinstance(r, Saved)]
    for result in done:
        if result.warning:
            print(f"pvtui annee nouvelle : {result.warning}", file=sys.stderr)
    for result in done:
        record = result.record
        where = f"{result.change.kind}/{record.id}.toml"
        print(f"créé : {where}" + (f" (reconduit de {record.reconduit_de})" if getattr(record, "reconduit_de", "") else ""))
    for skipped in plan.already:
        print(f"déjà reconduite en {plan.annee} : {skipped}")
    if len(done) < len(results):
        print(f"pvtui annee nouvelle : {results[-1].message}", file=sys.stderr)
        return 1
    renewed = len(plan.actions)
    print(f"Programmation {plan.annee} créée depuis {plan.depuis} : {count_of(renewed, 'action reconduite')}"
          + (f" ; enveloppes reprises de {plan.depuis}, à confirmer" if plan.programmation.enveloppes_reprises_de else ""),
          file=sys.stderr)
    if ids == [] and not plan.already:
        print("Aucune action reconduite : --reconduire ID … ou --reconduire-tout pour en reprendre.", file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from pvtui.imports.init import InitError, init_folder

    try:
        written = init_folder(args.data_dir, args.annee)
    except InitError as error:
        print(f"pvtui init : {error}", file=sys.stderr)
        return 2
    print(f"Dossier créé : {args.data_dir} ({len(written)} fichiers).")
    print(f"Remplacez chaque « À compléter » (pvtui check {args.data_dir} les liste), "
          f"puis importez votre tableur : pvtui import FICHIER {args.data_dir}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pvtui.imports.apply import apply_plan, prepare
    from pvtui.imports.columns import CorrespondanceError
    from pvtui.imports.plan import PlanError
    from pvtui.imports.render import preview_lines, summary
    from pvtui.imports.sheet import SheetError
    from pvtui.workspace.workspace import Workspace

    ws = Workspace(data_dir(args.data_dir))
    try:
        plan = prepare(ws, args.fichier, args.correspondance, args.annee)
    except (SheetError, CorrespondanceError, PlanError) as error:
        print(f"pvtui import : {error} ; rien n'a été écrit", file=sys.stderr)
        return 2
    for line in preview_lines(plan):
        print(line)
    if not args.appliquer:
        print("Rien n'a été écrit : relancez avec --appliquer pour le faire.")
        return 0
    applied = apply_plan(ws, plan)
    for problem in applied.problems:
        print(f"pvtui import : {problem}", file=sys.stderr)
    if applied.warning:
        print(f"pvtui import : {applied.warning}", file=sys.stderr)
    print(f"Appliqué : {count_of(len(applied.saved), 'fichier écrit')} ; {summary(plan)}")
    return 1 if applied.problems else 0


def cmd_tui(args: argparse.Namespace) -> int:
    # Textual reads keys from stdin and draws on stdout: closed or not a terminal, it fails with a traceback.
    for name in ("stdin", "stdout"):
        stream = getattr(sys, name)
        if stream is None or stream.closed or not stream.isatty():
            print(f"pvtui : l'interface a besoin d'un terminal (l'entrée et la sortie standard en sont un) ; "
                  f"ici, {'entrée' if name == 'stdin' else 'sortie'} standard fermée ou redirigée. "
                  "Pour un script : pvtui check, pvtui export", file=sys.stderr)
            return 2
    from pvtui.ui.app import PvtuiApp

    PvtuiApp(data_dir(args.data_dir)).run()
    return 0
