"""The command line's grammar, in French: every command, argument and option with its help."""

from __future__ import annotations

import argparse

from pvtui.cli.records import (LIFE_KINDS, cmd_annee_nouvelle, cmd_check, cmd_export, cmd_import, cmd_init)
from pvtui.cli.sites import cmd_corbeille, cmd_git_setup, cmd_historique, cmd_merge_driver, cmd_sync


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
    from pvtui.cli.argfr import FrenchParser, annee
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
