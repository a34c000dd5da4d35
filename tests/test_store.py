"""The data folder: loading despite bad files, byte-exact saves, durable and safe writes."""

from __future__ import annotations

import difflib
import errno
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, Conflicted, DataDir, Editor, tree_hash

from pvtui.storage import atomic, cache
from pvtui.domain import model
from pvtui.storage.atomic import atomic_write
from pvtui.domain.model import Action, Financement
from pvtui.domain.problem import ERREUR
from pvtui.storage.store import (
    LOCK,
    TRASH,
    Store,
    StoreError,
)
from pvtui.domain.ids import check_id, slugify, unique_id
from pvtui.storage.tomlio import canonical

A = "actions/alpha.toml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def strays(root: Path) -> list[str]:
    """Files a save may have left behind: temporary files anywhere in the folder."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name.endswith(".tmp"))


# --- loading -----------------------------------------------------------------


def test_load_the_fixture(mini):
    data = mini.load()
    assert [a.id for a in data.actions] == ["alpha", "beta", "delta", "gamma"]
    assert [b.id for b in data.bailleurs] == ["habitat", "logis"]
    assert data.problems == ()
    alpha = data.action("alpha")
    assert alpha.financement == {"capft": 3000, "etat": 2000}
    assert alpha.objectifs == ("I-A-3", "III-A")
    assert data.programmations[2019].enveloppe == {"capft": 10000, "etat": 8000, "ville": 5000}
    assert data.referentiel.objectifs["III-B-2"].transversal is True
    assert data.referentiel.objectifs["I-A-3"].pilier == "I"


def test_a_broken_toml_file_among_good_ones(mini):
    text = mini.read(A).replace('titre = "Atelier alpha"', 'titre = "Atelier alpha')
    mini.write(A, text)
    data = mini.load()
    assert [a.id for a in data.actions] == ["beta", "delta", "gamma"]
    assert [b.id for b in data.bailleurs] == ["habitat", "logis"]
    [problem] = data.problems
    assert (problem.path, problem.line, problem.niveau) == (A, 1, ERREUR)
    assert problem.column == len('titre = "Atelier alpha') + 1  # the end of the line the string never closes on
    assert problem.message.startswith("TOML invalide : ")
    assert str(problem).startswith(f"{A}:1:{problem.column}: erreur: TOML invalide")


def test_a_broken_line_further_down(mini):
    mini.edit("bailleurs/habitat.toml", "logements = 50", "logements = = 50")
    data = mini.load()
    [problem] = data.problems
    assert problem.path == "bailleurs/habitat.toml"
    assert problem.line == mini.line_of("bailleurs/habitat.toml", "logements = = 50")
    assert problem.column == len("logements = ") + 1
    assert [b.id for b in data.bailleurs] == ["logis"]


@pytest.mark.parametrize("how", ["replace", "in-place"])
@pytest.mark.parametrize("age", ["fresh", "old"])
def test_the_cache_sees_a_same_size_rewrite_with_the_same_mtime(mini, how, age):
    """Two versions of one size and one mtime (one clock tick, or `cp -p`) are not confused."""
    path = mini.path(A)
    if age == "fresh":
        path.write_bytes(path.read_bytes())
    s = mini.store()
    assert s.load().action("alpha").cout_total == 10000
    before = path.stat()
    new = mini.read(A).replace("cout_total = 10000", "cout_total = 12000").encode()
    if how == "replace":
        atomic_write(path, new)
    else:
        with open(path, "r+b") as handle:
            handle.write(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert s.load().action("alpha").cout_total == 12000
    assert Store(mini.root).load().action("alpha").cout_total == 12000  # the on-disk cache too


def test_a_byte_order_mark_is_named(mini):
    mini.write(A, "\ufeff" + mini.read(A))
    [problem] = mini.load().problems
    assert (problem.path, problem.line) == (A, 1)
    assert problem.message == ("le fichier commence par une marque d'ordre des octets (BOM) : "
                               "enregistrez-le en UTF-8 sans BOM")


def test_invalid_utf8_is_named_on_its_line(mini):
    mini.write(A, mini.read(A).replace("Association A", "Association \udcff", 1).encode("utf-8", "surrogateescape"))
    [problem] = mini.load().problems
    assert (problem.path, problem.line) == (A, 2)  # the porteur line holds the bad byte
    assert problem.message == "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8"


def test_the_cache_is_reused_for_unchanged_files(mini, monkeypatch):
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # the fixture's files were just copied
    Store(mini.root).load()
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    assert Store(mini.root).load().action("alpha").cout_total == 10000
    assert reads == []


# --- round trip --------------------------------------------------------------


def _all_records(root: Path):
    s = Editor(root, cache=False)
    data = s.load()
    return s, [("actions", a) for a in data.actions] + [("bailleurs", b) for b in data.bailleurs]


@pytest.mark.parametrize("source", ["mini", "shipped"])
def test_saving_an_unchanged_record_changes_nothing(tmp_path, source):
    root = tmp_path / "data"
    shutil.copytree(DATA if source == "shipped" else Path(__file__).parent / "fixtures" / "mini", root)
    before = tree_hash(root)
    stats = {p: p.stat() for p in root.rglob("*.toml")}
    s, records = _all_records(root)
    assert len(records) >= 6
    for kind, record in records:
        s.save(kind, record, record)
    after = tree_hash(root)
    after.pop(LOCK)
    assert after == before
    for path, st in stats.items():  # not even rewritten with the same bytes
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == (st.st_ino, st.st_mtime_ns)


def test_changing_one_field_changes_only_its_line(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    before = mini.read(A)
    s.save("actions", replace(alpha, cout_total=12000), alpha)
    assert changed_lines(before, mini.read(A)) == ["- cout_total = 10000", "+ cout_total = 12000"]


def test_changing_one_paragraph_changes_only_its_lines(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    before = mini.read(A)
    s.save("actions", replace(alpha, description=alpha.description.replace("enfants", "familles")), alpha)
    assert changed_lines(before, mini.read(A)) == [
        "- Un atelier pour les enfants.", "+ Un atelier pour les familles."]


def test_changing_one_tfpb_line_changes_only_its_line(mini):
    s = mini.workspace()
    habitat = s.load().bailleur("habitat")
    q = habitat.quartiers[1]
    new_q = replace(q, lignes=(replace(q.lignes[0], valorisee=600),))
    before = mini.read("bailleurs/habitat.toml")
    s.save("bailleurs", replace(habitat, quartiers=(habitat.quartiers[0], new_q)), habitat)
    after = mini.read("bailleurs/habitat.toml")
    assert changed_lines(before, after) == [
        '-     { axe = "animation", action = "Jardins partagés", realisee = 1000, valorisee = 500 },',
        '+     { axe = "animation", action = "Jardins partagés", realisee = 1000, valorisee = 600 },',
    ]


def test_a_new_record_is_written_canonically(mini):
    s = mini.workspace()
    s.load()
    record = Action(id=s.new_id("actions", "Atelier alpha"), titre="Atelier alpha", porteur="P", annee=2020,
                    secteur="nord", cout_total=100, financements=(Financement("ville", 50),))
    assert record.id == "atelier-alpha"
    s.save("actions", record)
    assert mini.read("actions/atelier-alpha.toml") == canonical(model.action_to_dict(record))
    assert mini.load().action("atelier-alpha") == record
    assert s.new_id("actions", "Atelier alpha") == "atelier-alpha-2"


# --- hand-written files --------------------------------------------------------


HAND = """\
# Fiche saisie à la main par le service.
titre = "Atelier alpha"
porteur = "Association A"   # à confirmer
annee = 2019
secteur = "centre"
cout_total = 10000 # devis de mars
objectifs = ["I-A-3", "III-A"]
referent = "Mme Martin"     # clé inconnue de pvtui

[financements]
capft = 3000
etat   = 2000
"""


def test_hand_comments_and_unknown_keys_survive_a_save(mini):
    mini.write(A, HAND)
    s = mini.workspace()
    alpha = s.load().action("alpha")
    s.save("actions", replace(alpha, titre="Atelier alpha 2", cout_total=12000, financements=(Financement("capft", 3500), Financement("etat", 2000))), alpha)
    text = mini.read(A)
    assert changed_lines(HAND, text) == [
        '- titre = "Atelier alpha"', '+ titre = "Atelier alpha 2"',
        "- cout_total = 10000 # devis de mars", "+ cout_total = 12000 # devis de mars",
        "- capft = 3000", "+ capft = 3500",
    ]
    reloaded = mini.load().action("alpha")
    assert (reloaded.titre, reloaded.cout_total, reloaded.financement) == ("Atelier alpha 2", 12000, {"capft": 3500, "etat": 2000})


def test_adding_and_removing_fields_in_a_hand_written_file(mini):
    mini.write(A, HAND)
    s = mini.workspace()
    alpha = s.load().action("alpha")
    new = replace(alpha, objectifs=(), statut="nouvelle", description="Deux lignes\net une fin.")
    s.save("actions", new, alpha)
    text = mini.read(A)
    assert "# Fiche saisie à la main par le service." in text and 'referent = "Mme Martin"' in text
    assert "objectifs" not in text
    assert mini.load().action("alpha") == new


def test_a_comment_inside_a_value_being_replaced_is_a_clear_refusal(mini):
    hand = HAND.replace('objectifs = ["I-A-3", "III-A"]', 'objectifs = [\n    "I-A-3", # vu avec l\'État\n    "III-A",\n]')
    mini.write(A, hand)
    s = mini.workspace()
    alpha = s.load().action("alpha")
    with pytest.raises(StoreError) as refused:
        s.save("actions", replace(alpha, objectifs=("I-A-3",)), alpha)
    assert str(refused.value).startswith("actions/alpha.toml : « objectifs » contient un commentaire écrit à la main")
    assert mini.read(A) == hand
    # Another field of the same file can still be saved, and the comment stays.
    s.save("actions", replace(alpha, titre="Nouveau titre"), alpha)
    assert "# vu avec l'État" in mini.read(A)


# --- faults --------------------------------------------------------------------


class Boom(OSError):
    def __init__(self):
        super().__init__(errno.ENOSPC, "No space left on device (simulé)")


def _fail_nth(real, n):
    calls = []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise Boom()
        return real(*args, **kwargs)

    return fake


class _HalfWriter:
    """A file object whose write puts half the bytes on disk, then fails."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise Boom()

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)


FAULTS = {
    "temp-file": lambda mp: mp.setattr(atomic, "_open_temp", _fail_nth(atomic._open_temp, 1)),
    "write": lambda mp, fdopen=os.fdopen: mp.setattr(atomic.os, "fdopen", lambda *a, **k: _HalfWriter(fdopen(*a, **k))),
    "fsync-file": lambda mp: mp.setattr(atomic.os, "fsync", _fail_nth(os.fsync, 1)),
    "replace": lambda mp: mp.setattr(atomic.os, "replace", _fail_nth(os.replace, 1)),
    "fsync-folder": lambda mp: mp.setattr(atomic.os, "fsync", _fail_nth(os.fsync, 2)),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_an_interrupted_save_leaves_the_old_file_or_the_new(mini, monkeypatch, fault):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    old = mini.path(A).read_bytes()
    new_record = replace(alpha, cout_total=12000)
    new = canonical(model.action_to_dict(new_record)).encode()
    with monkeypatch.context() as mp:
        FAULTS[fault](mp)
        with pytest.raises(StoreError, match="écriture impossible \\(disque plein\\) : rien n'a été enregistré"):
            s.save("actions", new_record, alpha)
    assert mini.path(A).read_bytes() in (old, new)
    assert strays(mini.root) == []
    assert [p.problems for p in [mini.load()]] == [()]
    # The same save, tried again, goes through (no conflict with oneself).
    s.save("actions", new_record, alpha)
    assert mini.path(A).read_bytes() == new


def test_atomic_write_keeps_the_mode_of_a_new_file_readable(tmp_path):
    atomic_write(tmp_path / "x.toml", b"a = 1\n")
    assert (tmp_path / "x.toml").read_bytes() == b"a = 1\n"
    assert os.stat(tmp_path / "x.toml").st_mode & 0o444 == 0o444 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_save_keeps_the_file_mode(mini):
    os.chmod(mini.path(A), 0o664)
    s = mini.workspace()
    alpha = s.load().action("alpha")
    s.save("actions", replace(alpha, cout_total=1), alpha)
    assert os.stat(mini.path(A)).st_mode & 0o777 == 0o664


# --- conflicts -------------------------------------------------------------------


def test_a_key_changed_on_disk_after_load_and_by_me_is_a_conflict(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    theirs = mini.read(A).replace("cout_total = 10000", "cout_total = 11000")
    mini.write(A, theirs)
    with pytest.raises(Conflicted) as conflict:
        s.save("actions", replace(alpha, cout_total=12000), alpha)
    assert conflict.value.conflict.rel == A and conflict.value.conflict.keys == ("cout_total",)
    assert conflict.value.conflict.theirs.cout_total == 11000
    assert mini.read(A) == theirs


def test_other_keys_changed_on_disk_after_load_are_merged(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    mini.write(A, mini.read(A).replace("Association A", "Association A'"))
    saved = s.save("actions", replace(alpha, cout_total=12000), alpha)
    assert saved.merged == ("porteur",)
    on_disk = mini.load().action("alpha")
    assert (on_disk.porteur, on_disk.cout_total) == ("Association A'", 12000)
    assert s.ws.data.action("alpha") == on_disk  # what the saver's screens show is what is on disk


def test_a_file_deleted_after_load_is_a_conflict(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    mini.path(A).unlink()
    with pytest.raises(Conflicted) as conflict:
        s.save("actions", replace(alpha, cout_total=12000), alpha)
    assert conflict.value.conflict.deleted
    assert not mini.path(A).exists()


def test_a_new_record_never_overwrites_an_existing_file(mini):
    s = mini.workspace()
    s.load()
    saved = s.save("actions", Action(id="alpha", titre="Autre"))  # a colleague took the id meanwhile
    assert saved.record.id == "autre-alpha"
    assert mini.load().action("alpha").titre == "Atelier alpha"
    assert mini.load().action("autre-alpha").titre == "Autre"


def test_a_delete_of_a_changed_file_is_a_conflict(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    mini.edit(A, "Association A", "Association Z")
    with pytest.raises(Conflicted):
        s.delete("actions", alpha)
    assert mini.path(A).exists()


# --- escaping the folder ---------------------------------------------------------


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/b", "..", ".", "", "A", "x.toml", "a\x00b",
                                 "-x", "é", "a" * 200, "a\\b", "a\nb", "abc\n"])
def test_an_id_cannot_escape(mini, bad):
    s = mini.workspace()
    s.load()
    before = tree_hash(mini.root.parent)
    # (A new record without an id gets one from its title: "" is not refused there.)
    for call in ((lambda: s.save("actions", Action(id=bad, titre="x"))) if bad else (lambda: s.path_of("actions", bad)),
                 lambda: s.delete("actions", Action(id=bad)),
                 lambda: s.path_of("actions", bad)):
        with pytest.raises(StoreError, match="identifiant invalide"):
            call()
    assert tree_hash(mini.root.parent) == before


def test_an_unknown_kind_is_refused(mini):
    with pytest.raises(StoreError):
        mini.store().path_of("../actions", "alpha")


@pytest.fixture
def outside(tmp_path) -> DataDir:
    out = DataDir(tmp_path / "outside")
    out.write("secret.toml", 'titre = "secret"\nporteur = "x"\n')
    return out


def test_a_symlink_pointing_outside_is_reported_and_never_written_through(mini, outside):
    os.symlink(outside.path("secret.toml"), mini.path("actions/evil.toml"))
    before = outside.hash()
    s = mini.workspace()
    data = s.load()
    assert data.action("evil") is None
    assert [(p.path, p.line, p.niveau) for p in data.problems] == [("actions/evil.toml", 1, ERREUR)]
    assert "lien symbolique vers l'extérieur" in data.problems[0].message
    with pytest.raises(StoreError, match="hors du dossier"):
        s.save("actions", Action(id="evil", titre="écrasé"))
    with pytest.raises(StoreError):
        s.delete("actions", Action(id="evil"))
    assert outside.hash() == before
    assert mini.path("actions/evil.toml").is_symlink()


def test_a_symlinked_folder_pointing_outside_is_never_read_nor_written(mini, outside):
    shutil.rmtree(mini.path("bailleurs"))
    os.symlink(outside.root, mini.path("bailleurs"))
    before = outside.hash()
    s = mini.workspace()
    data = s.load()
    assert data.bailleurs == ()
    assert any(p.path == "bailleurs/secret.toml" and "extérieur" in p.message for p in data.problems)
    with pytest.raises(StoreError):
        s.save("bailleurs", model.Bailleur(id="secret", nom="X"))
    with pytest.raises(StoreError):
        s.save("bailleurs", model.Bailleur(id="nouveau", nom="X"))
    assert outside.hash() == before


def test_a_symlink_to_another_record_inside_is_not_written_through(mini):
    os.symlink("alpha.toml", mini.path("actions/alias.toml"))
    s = mini.workspace()
    alias = s.load().action("alias")
    assert alias.titre == "Atelier alpha"
    with pytest.raises(StoreError):
        s.save("actions", replace(alias, titre="changé"), alias)
    assert mini.load().action("alpha").titre == "Atelier alpha"


def test_a_hard_link_outside_is_not_written_through(mini, outside):
    os.link(mini.path(A), outside.path("lien.toml"))
    before = outside.hash()
    s = mini.workspace()
    alpha = s.load().action("alpha")
    s.save("actions", replace(alpha, cout_total=1), alpha)
    assert outside.hash() == before
    assert mini.load().action("alpha").cout_total == 1


def test_a_lock_file_symlinked_outside_is_not_followed(mini, outside):
    os.symlink(outside.root / "created-by-pvtui", mini.path(LOCK))
    s = mini.workspace()
    alpha = s.load().action("alpha")
    with pytest.raises(StoreError):
        s.save("actions", replace(alpha, cout_total=1), alpha)
    assert not (outside.root / "created-by-pvtui").exists()
    assert mini.load().action("alpha").cout_total == 10000


def test_a_trash_symlinked_outside_is_not_followed(mini, outside):
    os.symlink(outside.root, mini.path(TRASH))
    before = outside.hash()
    s = mini.workspace()
    alpha = s.load().action("alpha")
    with pytest.raises(StoreError):
        s.delete("actions", alpha)
    assert outside.hash() == before
    assert mini.path(A).exists()


# --- delete ----------------------------------------------------------------------


def test_delete_moves_the_file_to_the_trash(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    content = mini.path(A).read_bytes()
    target = s.delete("actions", alpha)
    assert not mini.path(A).exists()
    assert target.parent == mini.root / TRASH / "actions"
    assert target.name.startswith("alpha.") and target.name.endswith(".toml")
    assert target.read_bytes() == content
    data = s.load()
    assert data.action("alpha") is None and data.problems == ()
    # Deleted twice in the same second (re-created in between): both kept.
    s.save("actions", alpha)
    second = s.delete("actions", alpha)
    assert second != target and second.read_bytes() == content and target.exists()


def test_delete_of_a_missing_file(mini):
    s = mini.workspace()
    alpha = s.load().action("alpha")
    mini.path(A).unlink()
    with pytest.raises(StoreError, match="n'existe plus"):
        s.delete("actions", alpha)


# --- ids -------------------------------------------------------------------------


@pytest.mark.parametrize("title, slug", [
    ("Salon-atelier 2019", "salon-atelier-2019"),
    ("Je monte ma boîte", "je-monte-ma-boite"),
    ("3/6 : théâtre et peinture", "3-6-theatre-et-peinture"),
    ("L'Escale, lieu d'accueil", "l-escale-lieu-d-accueil"),
    ("", "sans-titre"),
    ("!!!", "sans-titre"),
    ("Œuvre ĳ", "oeuvre-ij"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug
    check_id(slugify(title))


def test_slugify_cuts_at_a_dash():
    slug = slugify("La santé vient en mangeant et en bougeant : une affaire de famille, de quartier")
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug == "la-sante-vient-en-mangeant-et-en-bougeant-une-affaire-de"


def test_unique_id():
    assert unique_id("Mobilité", set()) == "mobilite"
    assert unique_id("Mobilité", {"mobilite", "mobilite-2"}) == "mobilite-3"


# --- odd files -------------------------------------------------------------------


def test_a_fifo_is_reported_not_read(mini):
    os.mkfifo(mini.path("actions/tube.toml"))
    data = mini.load()  # would block forever if the FIFO were opened
    assert [(p.path, p.line, p.niveau, p.message) for p in data.problems] == [
        ("actions/tube.toml", 1, ERREUR, "pas un fichier ordinaire : ignoré")]
    assert len(data.actions) == 4


def test_a_folder_named_like_a_record_is_reported(mini):
    mini.path("actions/dossier.toml").mkdir()
    data = mini.load()
    assert [p.path for p in data.problems] == ["actions/dossier.toml"]
    assert len(data.actions) == 4


def test_a_stale_temporary_file_is_ignored_and_cleared_by_the_next_save(mini):
    mini.write("actions/.alpha.toml.k1ll3d.tmp", "titre = \"à moitié")
    s = mini.workspace()
    data = s.load()
    assert data.problems == () and len(data.actions) == 4
    alpha = data.action("alpha")
    s.save("actions", replace(alpha, cout_total=1), alpha)
    assert strays(mini.root) == []


def test_saving_works_with_a_read_only_lock_file_left_by_a_colleague(mini):
    """The lock file is opened read-only: flock does not need more."""
    import subprocess
    import sys

    if not shutil.which("setpriv"):
        pytest.skip("setpriv absent")
    mini.path(LOCK).touch()
    os.chmod(mini.path(LOCK), 0o444)
    code = (
        "import sys; from dataclasses import replace; from pvtui.workspace.workspace import Workspace\n"
        "from pvtui.workspace.changes import Saved, Update\n"
        "w = Workspace(sys.argv[1], cache=False); a = w.load().action('alpha')\n"
        "r = w.apply(Update('actions', a, w.data.version('actions', 'alpha'), replace(a, cout_total=7)))\n"
        "assert isinstance(r, Saved), r\n"
    )
    prefix = []
    if os.geteuid() == 0:  # root ignores permissions unless it gives up these capabilities
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                  "--inh-caps=-dac_override,-dac_read_search"]
        probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(mini.path(LOCK))!r}, 'r+')"],
                               check=False, capture_output=True)
        if probe.returncode == 0:
            pytest.skip("cannot drop root's permission override here")
    done = subprocess.run([*prefix, sys.executable, "-c", code, str(mini.root)], check=False, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert mini.load().action("alpha").cout_total == 7


def test_load_notes_the_same_snapshot_the_poll_takes(tmp_path):
    """The TUI polls `snapshot()` against what `load` saw: any difference would reload forever."""
    import os
    import shutil

    from tests.conftest import FIXTURES

    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "referentiel" / "notes.toml").write_text("x = 1\n", "utf-8")  # not a referential load reads
    os.symlink(tmp_path / "nowhere.toml", root / "actions" / "casse.toml")  # a broken link
    os.symlink("../../outside.toml", root / "actions" / "dehors.toml")
    (tmp_path / "outside.toml").write_text('titre = "x"\n', "utf-8")
    store = Store(root, cache=False)
    store.load()
    assert store.loaded_snapshot == store.snapshot()
    assert "actions/dehors.toml" in store.loaded_snapshot and "actions/casse.toml" not in store.loaded_snapshot
