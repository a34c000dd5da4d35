"""`pvtui init DOSSIER`: a data folder a team can fill.

What is national is written whole (the three pillars, the eight TFPB axes
with their usual spellings, the programme 147 funder); what is local (the
contract's name and years, its funders, its sectors and QPV, its objective
grid) gets placeholders marked « À compléter », which `pvtui check` lists
one by one until they are filled. Every file is written with the storage's
atomic write; a folder that is not empty is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pvtui.domain.fmt import reason
from pvtui.domain.kinds import KINDS
from pvtui.storage.atomic import atomic_write


class InitError(Exception):
    """The folder was not created; the message says why, in French."""


PILIERS = """\
# Les trois piliers des contrats de ville (national).

[I]
libelle = "Cohésion sociale"

[II]
libelle = "Cadre de vie et renouvellement urbain"

[III]
libelle = "Développement économique et emploi"
"""

AXES = """\
# Les huit axes du cadre national d'utilisation de l'abattement de TFPB,
# avec les autres graphies que l'on rencontre dans les bilans des bailleurs.

[renforcement-presence]
libelle = "Renforcement de la présence du personnel de proximité"
variantes = [
    "Renforcement de la présence du personnel de proximité (par rapport à présence dans patrimoine hors QPV)",
]

[formation-personnels]
libelle = "Formation/soutien des personnels de proximité"
variantes = [
    "Formation / soutien des personnels de proximité",
]

[sur-entretien]
libelle = "Sur-entretien"
variantes = [
    "Sur - entretien",
]

[dechets-encombrants]
libelle = "Gestion des déchets et encombrants/épaves"
variantes = [
    "Gestion des déchets et encombrants / épaves",
]

[tranquillite]
libelle = "Tranquillité résidentielle"
variantes = [
    "Tranquilité résidentielle",
]

[concertation]
libelle = "Concertation/sensibilisation des locataires"
variantes = [
    "Concertation / sensibilisation des locataires",
]

[animation-lien-social]
libelle = "Animation, lien social, vivre ensemble"

[petits-travaux]
libelle = "Petits travaux d'amélioration de la qualité de service"
"""

FINANCEURS = """\
# Les financeurs du contrat : code = ce qu'écrivent les actions (`[financements]`).
# L'État (programme 147) est national ; ajoutez les financeurs locaux et
# remplacez les « À compléter ». nature : credits-specifiques ou droit-commun.

[etat]
nom = "État (programme 147)"
libelle = "État"
nature = "credits-specifiques"

[intercommunalite]
nom = "À compléter : nom de l'intercommunalité"
libelle = "À compléter : libellé court (« C.A. »)"
nature = "droit-commun"

[commune]
nom = "À compléter : « Ville de … »"
libelle = "À compléter : libellé court"
nature = "droit-commun"
"""

SECTEURS = """\
# Les secteurs du contrat : ses quartiers prioritaires (qpv = true) et les
# secteurs hors QPV (intercommunal, interquartiers…). Renommez les codes à
# votre guise tant qu'aucune action ne les cite.

[intercommunal]
libelle = "Intercommunal"
qpv = false

[qpv-1]
libelle = "À compléter : nom du quartier prioritaire"
commune = "À compléter : commune du quartier"
qpv = true
"""

OBJECTIFS = """\
# La grille des objectifs stratégiques du contrat : un code par objectif
# (« I-A ») et par sous-objectif (« I-A-3 », compté sous « I-A »).
# transversal = true pour un sous-objectif transversal aux valeurs de la République.

["I-A"]
pilier = "I"
libelle = "À compléter : premier objectif du pilier cohésion sociale"

["II-A"]
pilier = "II"
libelle = "À compléter : premier objectif du pilier cadre de vie"

["III-A"]
pilier = "III"
libelle = "À compléter : premier objectif du pilier développement économique"
"""

PROGRAMMATION = """\
# La programmation {annee} : les enveloppes de chaque financeur (code = montant en euros).
annee = {annee}
contrat = "À compléter : nom du contrat de ville"
periode = "À compléter : années du contrat (2024-2030)"

[enveloppes]
# etat = 100000
"""

LISEZMOI = """\
# Dossier de données pvtui

Ce dossier contient la programmation « politique de la ville » de votre
contrat, un fichier TOML par enregistrement :

- `referentiel/` : les piliers, les axes TFPB et le financeur État
  (programme 147) sont nationaux ; les financeurs locaux, les secteurs et
  quartiers prioritaires, la grille des objectifs sont à compléter ;
- `programmations/<année>.toml` : les enveloppes de l'année ;
- `actions/`, `porteurs/`, `bailleurs/` : un fichier par action, par
  porteur, par bailleur.

Pour commencer :

1. remplacez chaque « À compléter » des fichiers de `referentiel/` et de
   `programmations/` ; `pvtui check {dossier}` liste ce qui reste à faire ;
2. importez votre tableur : `pvtui import programmation.xlsx {dossier}`
   montre ce qui serait fait, `--appliquer` le fait ; une table de
   correspondance (`--correspondance colonnes.toml`) associe vos colonnes
   aux champs de pvtui ;
3. ouvrez l'interface : `pvtui {dossier}`.
"""


OK, EMPTY, FOREIGN = "ok", "vide", "autre"


def folder_state(root: str | Path) -> str:
    """OK: a data folder; EMPTY: nothing in it (init can fill it); FOREIGN: something else."""
    root = Path(root)
    try:
        names = {entry.name for entry in root.iterdir()}
    except OSError:
        return FOREIGN
    if not names:
        return EMPTY
    if names & {"referentiel", "programmations", *KINDS}:
        return OK
    return FOREIGN


def init_folder(root: str | Path, annee: int | None = None) -> list[str]:
    """Create the folder's files; returns what was written (relative paths). Refuses a non-empty folder."""
    root = Path(root)
    annee = annee or date.today().year
    if root.exists() and not root.is_dir():
        raise InitError(f"{root} existe et n'est pas un dossier : rien n'a été créé")
    if root.is_dir() and any(root.iterdir()):
        raise InitError(f"le dossier {root} n'est pas vide : rien n'a été créé "
                        "(pvtui init crée un dossier neuf, ou remplit un dossier vide)")
    files = {
        "referentiel/piliers.toml": PILIERS,
        "referentiel/axes-tfpb.toml": AXES,
        "referentiel/financeurs.toml": FINANCEURS,
        "referentiel/secteurs.toml": SECTEURS,
        "referentiel/objectifs.toml": OBJECTIFS,
        f"programmations/{annee}.toml": PROGRAMMATION.format(annee=annee),
        "LISEZMOI.md": LISEZMOI.format(dossier=root),
    }
    try:
        root.mkdir(parents=True, exist_ok=True)
        for folder in ("referentiel", "programmations", *KINDS):
            (root / folder).mkdir(exist_ok=True)
        for rel, text in files.items():
            atomic_write(root / rel, text.encode("utf-8"))
    except OSError as error:
        raise InitError(f"impossible de créer {root} ({reason(error)})") from None
    return list(files)
