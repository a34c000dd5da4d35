"""The `pvtui` command: the TUI, `check`, `export` and `annee nouvelle`.

`check` and `export` never import Textual: over SSH they must start at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pvtui.domain.fmt import count_of

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def default_data_dir() -> Path:
    """PVTUI_DATA, else the data folder shipped beside the package (the 2019 report)."""
    return Path(os.environ.get("PVTUI_DATA") or DEFAULT_DATA)


def _data_dir(value: str | None) -> Path:
    path = Path(value) if value else default_data_dir()
    if not path.is_dir():
        raise SystemExit(f"pvtui : dossier de données introuvable : {path} (pvtui init {path} en crée un)")
    return path


def cmd_check(args: argparse.Namespace) -> int:
    from pvtui.workspace.folder import check_folder
    from pvtui.domain.problem import ERREUR

    # The last result is reused while no file changed: instant with 10 000 actions.
    problems = check_folder(_data_dir(args.data_dir))
    if args.format == "json":
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem)
        errors = sum(p.niveau == ERREUR for p in problems)
        print(f"{count_of(errors, 'erreur')}, {count_of(len(problems) - errors, 'avertissement')}", file=sys.stderr)
    return 1 if any(p.niveau == ERREUR for p in problems) else 0


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from pvtui.export import ExportError, Filtres
    from pvtui.workspace.folder import export_folder

    from pvtui.storage.layout import unreadable_folders

    filtres = Filtres(annee=args.annee, secteur=args.secteur, financeur=args.financeur,
                      pilier=args.pilier, bailleur=args.bailleur, action=args.action, porteur=args.porteur)
    root = _data_dir(args.data_dir)
    for folder, error in unreadable_folders(root):  # not a summary of "0 actions"
        print(f"pvtui export : dossier {folder}/ illisible ({error.strerror or error}) : rien n'a été exporté",
              file=sys.stderr)
        return 1
    try:
        # The last render is reused while no file changed: instant with 10 000 actions.
        data = export_folder(root, args.kind, filtres, args.format, now=datetime.now())
    except ExportError as error:
        print(f"pvtui export : {error}", file=sys.stderr)
        return 2
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
        print(f"pvtui export : impossible d'écrire {output} ({error.strerror or error})", file=sys.stderr)
        return 1
    return 0


def cmd_annee_nouvelle(args: argparse.Namespace) -> int:
    from pvtui.domain.years import YearError
    from pvtui.workspace.changes import Saved
    from pvtui.workspace.workspace import Workspace
    from pvtui.workspace.years import open_year

    ids = None if args.reconduire_tout else (args.reconduire or [])
    try:
        plan, results = open_year(Workspace(_data_dir(args.data_dir)), args.annee, args.depuis, ids)
    except YearError as error:
        print(f"pvtui annee nouvelle : {error}", file=sys.stderr)
        return 2
    done = [r for r in results if isinstance(r, Saved)]
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

    ws = Workspace(_data_dir(args.data_dir))
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
    print(f"Appliqué : {count_of(len(applied.saved), 'fichier écrit')} ; {summary(plan)}")
    return 1 if applied.problems else 0


def cmd_tui(args: argparse.Namespace) -> int:
    from pvtui.ui.app import PvtuiApp

    PvtuiApp(_data_dir(args.data_dir)).run()
    return 0


def parser() -> argparse.ArgumentParser:
    from pvtui.export import FORMATS, KINDS

    root = argparse.ArgumentParser(
        prog="pvtui",
        description="Suivi d'un programme politique de la ville. "
        "« pvtui [DOSSIER] » ouvre l'interface (par défaut sur le rapport 2019 livré).",
    )
    commands = root.add_subparsers(dest="command")

    check = commands.add_parser("check", help="vérifier les fichiers du dossier de données")
    check.add_argument("data_dir", nargs="?")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=cmd_check)

    export = commands.add_parser("export", help="écrire une synthèse (texte, CSV ou JSON)")
    export.add_argument("kind", choices=KINDS)
    export.add_argument("data_dir", nargs="?")
    export.add_argument("--annee", type=int)
    for name in ("secteur", "financeur", "pilier", "bailleur", "action", "porteur"):
        export.add_argument(f"--{name}")
    export.add_argument("--format", choices=FORMATS, default="text")
    export.add_argument("-o", "--output", help="fichier à écrire (par défaut : la sortie standard)")
    export.set_defaults(func=cmd_export)

    annee = commands.add_parser("annee", help="les années du programme")
    years = annee.add_subparsers(dest="annee_command", required=True)
    nouvelle = years.add_parser("nouvelle", help="préparer la programmation d'une nouvelle année depuis la précédente")
    nouvelle.add_argument("annee", type=int, help="l'année à créer (ex. 2020)")
    nouvelle.add_argument("data_dir", nargs="?")
    nouvelle.add_argument("--depuis", type=int, help="l'année reprise (par défaut : la précédente)")
    which = nouvelle.add_mutually_exclusive_group()
    which.add_argument("--reconduire", nargs="+", metavar="ID", help="les actions reconduites (leurs identifiants)")
    which.add_argument("--reconduire-tout", action="store_true", help="reconduire toutes les actions de l'année reprise")
    nouvelle.set_defaults(func=cmd_annee_nouvelle)


    init = commands.add_parser("init", help="créer un dossier de données pour son propre contrat")
    init.add_argument("data_dir", metavar="DOSSIER")
    init.add_argument("--annee", type=int, help="l'année de la première programmation (par défaut : l'année en cours)")
    init.set_defaults(func=cmd_init)

    imp = commands.add_parser("import", help="importer un tableur (CSV, XLSX, ODS) : aperçu, puis --appliquer")
    imp.add_argument("fichier", metavar="FICHIER")
    imp.add_argument("data_dir", nargs="?", metavar="DOSSIER")
    imp.add_argument("--correspondance", metavar="FICHIER.toml", help="vos colonnes -> les champs de pvtui")
    imp.add_argument("--annee", type=int, help="l'année des lignes qui n'en donnent pas (et seules celles-là)")
    imp.add_argument("--appliquer", action="store_true", help="faire ce que l'aperçu annonce")
    imp.set_defaults(func=cmd_import)
    return root


SUBCOMMANDS = ("check", "export", "annee", "init", "import")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `pvtui DATA_DIR` opens the TUI on a folder: only subcommands go to subparsers.
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        args = argparse.Namespace(data_dir=argv[0] if argv else None, func=cmd_tui)
    else:
        args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
