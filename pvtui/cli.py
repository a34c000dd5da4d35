"""The `pvtui` command: the TUI, `check`, `export`, `annee nouvelle`, `import`, `init`,
and git's `sync`, `git-setup`, `merge-driver`.

`check` and `export` never import Textual: over SSH they must start at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path

import pvtui
from pvtui.domain.fmt import count_of, reason

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
    from pvtui.workspace.folder import check_output

    # The last output is reused while no file changed: instant with 10 000 actions.
    out, errors, warnings = check_output(_data_dir(args.data_dir), args.format)
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
    root = _data_dir(args.data_dir)
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
    from pvtui.workspace.folder import check_folder

    if warning := errors_in_folder(check_folder(root), "pvtui check", told):
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
        plan, results = open_year(Workspace(_data_dir(args.data_dir)), args.annee, args.depuis, ids)
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
    if applied.warning:
        print(f"pvtui import : {applied.warning}", file=sys.stderr)
    print(f"Appliqué : {count_of(len(applied.saved), 'fichier écrit')} ; {summary(plan)}")
    return 1 if applied.problems else 0


def cmd_sync(args: argparse.Namespace) -> int:
    from pvtui.git.repo import GitError, Repo
    from pvtui.git.sync import sync

    root = _data_dir(args.data_dir)
    repo = Repo.find(root)
    if repo is None:
        print(f"pvtui sync : {root} n'est pas dans un dépôt git (voir « Travailler à plusieurs sites »)", file=sys.stderr)
        return 2
    try:
        print(sync(repo, root))
    except GitError as error:
        print(f"pvtui sync : {error}", file=sys.stderr)
        return 1
    from pvtui.git.pending import pending_problems

    for problem in pending_problems(root):
        print(f"pvtui sync : {problem}", file=sys.stderr)
    return 0


def cmd_git_setup(args: argparse.Namespace) -> int:
    from pvtui.git.repo import GitError
    from pvtui.git.setup import setup

    try:
        for line in setup(_data_dir(args.data_dir)):
            print(line)
    except GitError as error:
        print(f"pvtui git-setup : {error}", file=sys.stderr)
        return 2
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from pvtui.git.driver import merge_file

    return merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.name, Path.cwd())


def cmd_historique(args: argparse.Namespace) -> int:
    from pvtui.domain.fmt import date_time
    from pvtui.domain.kinds import ACTIONS, BAILLEURS, PORTEURS
    from pvtui.domain.problem import printable
    from pvtui.git.history import NoHistory, history
    from pvtui.git.repo import GitError
    from pvtui.storage.layout import StoreError
    from pvtui.storage.store import Store

    root = _data_dir(args.data_dir)
    kind, id = next((k, v) for k, v in ((ACTIONS, args.action), (BAILLEURS, args.bailleur), (PORTEURS, args.porteur))
                    if v)
    try:
        versions = history(root, kind, id, Store(root).load())
    except NoHistory as error:
        print(f"pvtui historique : {error}", file=sys.stderr)
        return 1
    except (GitError, StoreError) as error:
        print(f"pvtui historique : {error}", file=sys.stderr)
        return 2
    if not versions:
        print(f"pvtui historique : {kind}/{id}.toml n'a aucune version dans git (jamais enregistré par git commit)",
              file=sys.stderr)
        return 1
    print(f"{kind}/{id}.toml : {count_of(len(versions), 'version')}, de la plus récente à la plus ancienne")
    for version in versions:
        commit = f"  ({version.commit[:8]})" if version.commit else ""
        # Names, messages and values are anyone's text: never a terminal sequence.
        print(f"\n{date_time(version.when)}  {printable(version.author)}  « {printable(version.subject)} »{commit}")
        for change in version.changes:
            print(f"    {printable(change)}")
    return 0


def cmd_corbeille(args: argparse.Namespace) -> int:
    from pvtui.domain.fmt import date_time
    from pvtui.domain.problem import printable
    from pvtui.workspace.corbeille import entries

    listed = entries(_data_dir(args.data_dir))
    print(f"Corbeille : {count_of(len(listed), 'fichier')}, du plus récent au plus ancien" if listed
          else "La corbeille est vide.")
    for entry in listed:
        who = f", par {printable(entry.who)}" if entry.who else ""
        print(f"{date_time(entry.when)}  {entry.kind}  « {printable(entry.title)} » {entry.what}{who}  {entry.rel}")
    return 0


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

    PvtuiApp(_data_dir(args.data_dir)).run()
    return 0


KIND_HELP = {
    "actions": "la liste des actions par secteur : coût, subventions, part",
    "fiche": "chaque action comme dans le rapport (--action pour une seule)",
    "synthese": "par financeur : actions, enveloppe, engagé, déclaré au rapport",
    "financements": "chiffres clés, parts des financeurs par secteur et par pilier",
    "objectifs": "photographie des piliers : objectifs nommés, absents",
    "tfpb": "bilan de l'abattement de TFPB par bailleur et quartier",
    "beneficiaires": "les personnes touchées par sexe et tranche d'âge, par secteur",
    "rapport": "le rapport annuel entier, dans l'ordre du rapport",
    "evolution": "les années côte à côte, avec l'écart à l'année précédente",
    "echeances": "ce qui est dû ou en retard dans la vie des subventions",
    "opendata": "les subventions au format SCDL pour l'open data (CSV)",
}
"""One line per export kind in `pvtui export --help`."""

DATA_HELP = "le dossier de données (par défaut : $PVTUI_DATA, sinon le rapport 2019 livré)"


def parser() -> argparse.ArgumentParser:
    from pvtui.argfr import FrenchParser, annee
    from pvtui.domain.export_kinds import FORMATS, KINDS  # not pvtui.export: `check` never imports it

    # FrenchParser: argparse's own words in French; the sub-parsers inherit it.
    root = FrenchParser(
        prog="pvtui",
        description="Suivi d'un programme politique de la ville. "
        "« pvtui [DOSSIER] » ouvre l'interface (par défaut sur le rapport 2019 livré).",
    )
    commands = root.add_subparsers(dest="command", metavar="COMMANDE", help="la commande à lancer (COMMANDE --help la décrit)")

    check = commands.add_parser("check", help="vérifier les fichiers du dossier de données",
                                description="Vérifier les fichiers du dossier de données : une ligne par problème.")
    check.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    check.add_argument("--format", choices=("text", "json"), default="text", help="text (par défaut) ou json")
    check.set_defaults(func=cmd_check)

    kinds = KINDS + LIFE_KINDS
    width = max(map(len, kinds)) + 2
    export = commands.add_parser(
        "export", help="écrire une synthèse (texte, CSV ou JSON)",
        description="Écrire une synthèse du dossier (sur la sortie standard, ou -o FICHIER).\n\nTYPE :\n"
        + "\n".join(f"  {kind:<{width}}{KIND_HELP.get(kind, '')}" for kind in kinds))
    export.add_argument("kind", choices=kinds, metavar="TYPE", help="le type de synthèse (voir la liste plus haut)")
    export.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    export.add_argument("--annee", type=annee, metavar="ANNÉE",
                        help="l'année de la programmation (par défaut : la plus récente)")
    for name, what in (("secteur", "un secteur (code ou libellé, ou son début)"),
                       ("financeur", "un financeur (code ou nom, ou son début)"),
                       ("pilier", "un pilier (1, 2, 3… ou son nom)"),
                       ("bailleur", "un bailleur (TFPB)"), ("action", "une action (son identifiant ou son titre)"),
                       ("porteur", "un porteur (identifiant, nom, sigle ou alias)")):
        export.add_argument(f"--{name}", metavar=name.upper(), help=f"seulement {what}")
    export.add_argument("--format", choices=FORMATS, default="text", help="text (par défaut), csv ou json")
    export.add_argument("-o", "--output", metavar="FICHIER", help="fichier à écrire (par défaut : la sortie standard)")
    export.add_argument("--au", metavar="DATE", help="echeances : la date du jour (2020-07-01 ; par défaut aujourd'hui)")
    export.add_argument("--incomplet", action="store_true",
                        help="opendata : écrire les lignes complètes même si d'autres sont incomplètes")
    export.set_defaults(func=cmd_export)

    annee_parser = commands.add_parser("annee", help="les années du programme", description="Les années du programme.")
    years = annee_parser.add_subparsers(dest="annee_command", required=True, metavar="SOUS-COMMANDE",
                                        help="nouvelle : préparer une nouvelle année")
    nouvelle = years.add_parser("nouvelle", help="préparer la programmation d'une nouvelle année depuis la précédente",
                                description="Préparer la programmation d'une nouvelle année depuis la précédente.")
    nouvelle.add_argument("annee", type=annee, metavar="ANNÉE", help="l'année à créer (ex. 2020)")
    nouvelle.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    nouvelle.add_argument("--depuis", type=annee, metavar="ANNÉE", help="l'année reprise (par défaut : la précédente)")
    which = nouvelle.add_mutually_exclusive_group()
    which.add_argument("--reconduire", nargs="+", metavar="ID", help="les actions reconduites (leurs identifiants)")
    which.add_argument("--reconduire-tout", action="store_true", help="reconduire toutes les actions de l'année reprise")
    nouvelle.set_defaults(func=cmd_annee_nouvelle)


    init = commands.add_parser("init", help="créer un dossier de données pour son propre contrat",
                               description="Créer un dossier de données pour son propre contrat.")
    init.add_argument("data_dir", metavar="DOSSIER", help="le dossier à créer")
    init.add_argument("--annee", type=annee, metavar="ANNÉE",
                      help="l'année de la première programmation (par défaut : l'année en cours)")
    init.set_defaults(func=cmd_init)

    imp = commands.add_parser("import", help="importer un tableur (CSV, XLSX, ODS) : aperçu, puis --appliquer",
                              description="Importer un tableur (CSV, XLSX, ODS) : un aperçu, puis --appliquer.")
    imp.add_argument("fichier", metavar="FICHIER", help="le tableur à importer")
    imp.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    imp.add_argument("--correspondance", metavar="FICHIER.toml", help="vos colonnes -> les champs de pvtui")
    imp.add_argument("--annee", type=annee, metavar="ANNÉE",
                     help="l'année des lignes qui n'en donnent pas (et seules celles-là)")
    imp.add_argument("--appliquer", action="store_true", help="faire ce que l'aperçu annonce")
    imp.set_defaults(func=cmd_import)

    sync = commands.add_parser("sync", help="synchroniser avec le dépôt git partagé (git pull --rebase, puis git push)",
                               description="Synchroniser le dossier avec le dépôt git partagé : git pull --rebase, "
                               "puis git push, sans jamais rien demander (20 s au plus par commande git).")
    sync.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    sync.set_defaults(func=cmd_sync)

    setup = commands.add_parser("git-setup", help="installer la fusion clé par clé des fiches dans le dépôt git",
                                description="Installer dans le dépôt git la fusion clé par clé des fiches "
                                "(.gitattributes, .gitignore, pilote de fusion dans .git/config).")
    setup.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    setup.set_defaults(func=cmd_git_setup)

    driver = commands.add_parser("merge-driver", help="(appelé par git) fusionner trois versions d'une fiche",
                                 description="Appelé par git : fusionner clé par clé trois versions d'une fiche.")
    driver.add_argument("base", metavar="O", help="la version commune (ancêtre)")
    driver.add_argument("ours", metavar="A", help="notre version, où le résultat est écrit")
    driver.add_argument("theirs", metavar="B", help="leur version")
    driver.add_argument("name", metavar="P", nargs="?", help="le chemin du fichier dans le dépôt")
    driver.set_defaults(func=cmd_merge_driver)

    hist = commands.add_parser("historique", help="l'historique d'un enregistrement (dossier suivi par git)",
                               description="Les versions d'une action, d'un bailleur ou d'un porteur que git garde : "
                               "qui, quand, et ce qui a changé, champ par champ.")
    hist.add_argument("data_dir", nargs="?", metavar="DOSSIER", help="le dossier de données, dans un dépôt git")
    which = hist.add_mutually_exclusive_group(required=True)
    which.add_argument("--action", metavar="ID", help="l'identifiant de l'action (son fichier actions/ID.toml)")
    which.add_argument("--bailleur", metavar="ID", help="l'identifiant du bailleur")
    which.add_argument("--porteur", metavar="ID", help="l'identifiant du porteur")
    hist.set_defaults(func=cmd_historique)

    trash = commands.add_parser("corbeille", help="les enregistrements supprimés et les versions non retenues",
                                description="La corbeille du dossier : enregistrements supprimés et versions "
                                "qu'un conflit n'a pas retenues, du plus récent au plus ancien.")
    trash.add_argument("data_dir", nargs="?", metavar="DOSSIER", help=DATA_HELP)
    trash.set_defaults(func=cmd_corbeille)
    return root


SUBCOMMANDS = ("check", "export", "annee", "init", "import", "sync", "git-setup", "merge-driver", "historique",
               "corbeille")


INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl+C


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        return _main(argv)
    finally:
        if ours and signal.getsignal(signal.SIGINT) is _interrupt:  # called in process (tests): put it back
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _main(argv: list[str]) -> int:
    try:
        # `pvtui DATA_DIR` opens the TUI on a folder: only subcommands go to subparsers.
        if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
            args = argparse.Namespace(data_dir=argv[0] if argv else None, func=cmd_tui)
        else:
            args = parser().parse_args(argv)
        if args.func is cmd_tui:
            return cmd_tui(args)
        if sys.stdout is None:  # started with stdout closed (>&-)
            print("pvtui : la sortie standard est fermée : rien n'a pu être écrit", file=sys.stderr)
            return 2
        status = args.func(args)
        sys.stdout.flush()  # here, not at exit: a full disk is told, not a traceback
        return status
    except BrokenPipeError:  # `| head`: the reader had enough
        _drop_stdout()
        return 0
    except KeyboardInterrupt:
        return interrupted()
    except OSError as error:
        if error.filename is not None:  # a file's error that no command expected: still no traceback
            print(f"pvtui : {error.filename} : {reason(error)}", file=sys.stderr)
            return 1
        _drop_stdout()
        print(f"pvtui : écriture sur la sortie standard impossible ({reason(error)}) : la sortie est incomplète",
              file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """What stdout still buffers goes nowhere: flushed at exit into a full disk, it would print a traceback."""
    with contextlib.suppress(OSError):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)


def _interrupt(signum, frame) -> None:
    """The first Ctrl+C stops the command; those that follow must not break its cleaning up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def interrupted() -> int:
    """Ctrl+C: one line, no traceback; writes are atomic, so nothing is left half written."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not interrupt the goodbye
    if (parallel := sys.modules.get("pvtui.storage.parallel")) is not None:
        parallel.end_all()
    with contextlib.suppress(OSError, ValueError):
        print(pvtui.INTERRUPTED, file=sys.stderr)
    return INTERRUPTED


def run() -> None:
    """The `pvtui` command: `main()`, and after a Ctrl+C an exit that skips the interpreter's finalization.

    Finalization puts back the default SIGINT action: a Ctrl+C landing then
    killed the process by the signal (status -2) after its one line.
    """
    status = main()
    if status == INTERRUPTED:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    raise SystemExit(status)
