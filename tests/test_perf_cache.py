"""The shortcuts that make a second run fast give the same answers as a first run.

`check_folder` reuses the last `pvtui check` result while no file changed;
the cache's records are decoded only when an unchanged file needs them.
"""

from __future__ import annotations

import os

import pytest

from pvtui.storage import cache, parallel, store
from pvtui.domain.check import check
from pvtui.workspace.folder import check_folder
from pvtui.storage.store import Store


@pytest.fixture(autouse=True)
def _trust_fresh_files(monkeypatch):
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # the fixture's files were just copied


def fresh(root) -> list:
    return check(Store(root, cache=False).load())


def test_check_folder_reuses_its_result_only_while_nothing_changed(mini, monkeypatch):
    assert check_folder(mini.root) == fresh(mini.root) == []
    assert Store(mini.root).fingerprint() is not None
    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = -1")
    assert Store(mini.root).fingerprint() is None
    expected = fresh(mini.root)
    assert check_folder(mini.root) == expected != []
    calls = []
    monkeypatch.setattr("pvtui.domain.check.check", lambda data: calls.append(1) or [])
    assert check_folder(mini.root) == expected and calls == []  # reused, not recomputed


def test_same_bytes_rewritten_keep_the_fingerprint(mini):
    check_folder(mini.root)
    before = Store(mini.root).fingerprint()
    path = mini.path("actions/beta.toml")
    path.write_bytes(path.read_bytes())
    assert Store(mini.root).fingerprint() is None  # the stat changed: not trusted before reading
    assert check_folder(mini.root) == []
    assert Store(mini.root).fingerprint() == before


def test_a_link_or_a_new_file_is_never_taken_for_unchanged(mini, tmp_path):
    check_folder(mini.root)
    outside = tmp_path / "outside.toml"
    outside.write_text('titre = "x"\n')
    os.symlink(outside, mini.path("actions/lien.toml"))
    assert Store(mini.root).fingerprint() is None
    assert check_folder(mini.root) == fresh(mini.root) != []
    os.unlink(mini.path("actions/lien.toml"))
    assert check_folder(mini.root) == []
    mini.write("actions/nouvelle.toml", mini.read("actions/beta.toml"))
    assert Store(mini.root).fingerprint() is None


def test_records_are_decoded_only_when_an_unchanged_file_needs_them(mini, monkeypatch):
    first = Store(mini.root).load()
    s = Store(mini.root)
    decoded = []
    real = s._decode_records
    monkeypatch.setattr(s, "_decode_records", lambda: decoded.append(1) or real())
    for path in mini.root.rglob("*.toml"):
        path.write_bytes(path.read_bytes() + b"\n# changed\n")
    assert s.load().actions == first.actions
    assert decoded == []
    assert Store(mini.root).load().actions == first.actions  # from the cache written just now


def test_a_damaged_cache_is_parsed_again(mini):
    first = Store(mini.root).load()
    [kept] = [p for p in cache.cache_dir().iterdir() if p.name.count(".") == 1]
    kept.write_bytes(kept.read_bytes()[:-40])
    again = Store(mini.root).load()
    assert again.actions == first.actions and again.problems == ()


def test_a_cold_load_parsed_by_worker_processes_is_the_same(mini, monkeypatch):
    alpha = mini.read("actions/alpha.toml")
    for i in range(store._PARALLEL_FROM + 20):
        mini.write(f"actions/copie-{i:04d}.toml", alpha.replace("Atelier alpha", f"Atelier {i}"))
    mini.write("actions/copie-0007.toml", alpha.replace("cout_total = 10000", "cout_total = \"dix\""))
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    alone = Store(mini.root, cache=False).load()
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked = Store(mini.root).load()
    assert repr(forked) == repr(alone)
    assert check(forked) == check(alone) != []
    assert repr(Store(mini.root).load()) == repr(alone)  # and the cache it wrote


NOW = __import__("datetime").datetime(2026, 3, 4, 9, 5)


def test_export_folder_gives_what_a_fresh_export_gives_in_every_kind_and_format(mini, monkeypatch):
    from pvtui.export import FORMATS, KINDS, ExportError, Filtres, export
    from pvtui.workspace.folder import export_folder

    # A long filter: the text header wraps, maybe between the date and the time.
    for filtres in (Filtres(), Filtres(secteur="centre", financeur="etat", pilier="I")):
        for kind in KINDS:
            for fmt in FORMATS:
                try:
                    expected = export(Store(mini.root, cache=False).load(), kind, filtres, fmt, now=NOW)
                except ExportError:
                    continue
                assert export_folder(mini.root, kind, filtres, fmt, now=NOW) == expected, (kind, fmt)
                again = export_folder(mini.root, kind, filtres, fmt, now=NOW)  # from the kept render
                assert again == expected, (kind, fmt, "kept")
    first = export_folder(mini.root, "rapport", Filtres(), "text", now=NOW)
    export_folder(mini.root, "synthese", Filtres(), "csv", now=NOW)  # another export in between
    monkeypatch.setattr(Store, "load", lambda self: pytest.fail("read again although nothing changed"))
    assert export_folder(mini.root, "rapport", Filtres(), "text", now=NOW) == first


def test_export_folder_follows_a_changed_file_and_the_clock(mini):
    from datetime import datetime

    from pvtui.export import Filtres
    from pvtui.workspace.folder import export_folder

    before = export_folder(mini.root, "synthese", Filtres(), "text", now=NOW)
    assert b"04/03/2026 \xc3\xa0 09:05" in before
    later = export_folder(mini.root, "synthese", Filtres(), "text", now=datetime(2027, 1, 2, 23, 59))
    assert b"02/01/2027 \xc3\xa0 23:59" in later and b"04/03/2026" not in later
    assert b"1111" not in later
    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = 12345")
    changed = export_folder(mini.root, "actions", Filtres(), "csv", now=NOW)
    assert b"12345" in changed.replace(b"\xe2\x80\xaf", b"").replace(b" ", b"")


def test_nothing_changed_reads_the_cache_summary_and_one_stat_per_file_only(mini, monkeypatch):
    """With 50 000 files, decoding the index (one entry per file) was a third of a warm `check`:
    the cache's first lines say, in one digest, which files and stats it was written from."""
    check_folder(mini.root)
    before = Store(mini.root).fingerprint()
    assert before is not None

    def decoded(*args):
        raise AssertionError("the index was decoded")

    monkeypatch.setattr(cache, "_index", decoded)
    assert Store(mini.root).fingerprint() == before
    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = 10001")
    assert Store(mini.root).fingerprint() is None


def test_the_cache_is_written_record_by_record_never_copied_whole(mini, monkeypatch):
    """50 000 records make a 100 MB cache: encoded once per record, then once per folder and
    once whole, it held three copies at once (the peak memory of a cold `check`); all encoded
    before the first was written, one copy (in the forked writer, on top of the folder)."""
    events = []
    real_encode, real_replace = cache._encode_entry, cache._replace
    monkeypatch.setattr(cache, "_encode_entry", lambda *a: events.append("encoded") or real_encode(*a))

    def replace(name, parts):
        for part in parts:
            events.append("written")
            yield part

    monkeypatch.setattr(cache, "_replace", lambda name, parts: real_replace(name, replace(name, parts)))
    loaded = Store(mini.root).load()
    records = len(loaded.actions) + len(loaded.bailleurs)
    assert events.count("encoded") >= records
    assert ["encoded", "encoded"] not in [events[i:i + 2] for i in range(len(events) - 1)]
    assert Store(mini.root).load() == loaded  # and read back whole


def test_a_record_that_cannot_be_kept_is_left_out_of_a_streamed_cache(mini, monkeypatch):
    """Found while streaming (an integer beyond 64 bits): the cache is written again without it."""
    real = cache._encode_entry

    def encode(encoder, rel, value, problems):
        if rel == "actions/beta.toml":
            raise OverflowError("int too big")
        return real(encoder, rel, value, problems)

    monkeypatch.setattr(cache, "_encode_entry", encode)
    loaded = Store(mini.root).load()
    index = cache.Cache(mini.root).index()
    assert "actions/beta.toml" not in index and "actions/alpha.toml" in index
    monkeypatch.setattr(cache, "_encode_entry", real)
    assert Store(mini.root).load() == loaded


def test_check_does_not_import_the_exports():
    """`pvtui check` with nothing changed is start-up and one stat per file: importing the
    exports it never runs cost about a third of it."""
    import subprocess
    import sys

    code = "import sys, pvtui.cli, pvtui.workspace.folder; print(sorted(m for m in sys.modules if m.startswith('pvtui.export')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_the_check_command_does_not_import_the_exports(mini):
    """Nor does its argument parser, which lists the exports' names (a quarter of the imports)."""
    import subprocess
    import sys

    code = ("import sys; from pvtui import cli; cli.main(['check', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith('pvtui.export')))")
    done = subprocess.run([sys.executable, "-c", code, str(mini.root)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_with_nothing_changed_prints_its_kept_output_without_rendering_a_problem(mini, capsys, monkeypatch, fmt):
    """92 000 warnings at 50 000 actions: decoding them and printing each line cost more than the stats."""
    from pvtui import cli
    from pvtui.domain.problem import Problem

    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = -1")
    assert cli.main(["check", str(mini.root), "--format", fmt]) == 1
    first = capsys.readouterr()
    assert first.out and ("1 erreur" in first.err) == (fmt == "text")

    def refuse(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(Problem, "__str__", refuse)
    monkeypatch.setattr(Problem, "as_dict", refuse)
    monkeypatch.setattr("pvtui.domain.check.check", refuse)
    assert cli.main(["check", str(mini.root), "--format", fmt]) == 1
    assert capsys.readouterr() == first


def test_an_export_reads_and_stats_the_folder_once(mini, capsys, monkeypatch):
    """The export and what it left out come from one read: two stat passes doubled a warm export."""
    from pvtui import cli

    counts = {"fingerprint": 0, "load": 0}
    for name in counts:
        real = getattr(Store, name)
        monkeypatch.setattr(Store, name, lambda self, *a, _real=real, _name=name, **k:
                            counts.__setitem__(_name, counts[_name] + 1) or _real(self, *a, **k))
    assert cli.main(["export", "rapport", str(mini.root)]) == 0  # cold: one load
    assert counts == {"fingerprint": 1, "load": 1}
    counts.update(fingerprint=0, load=0)
    assert cli.main(["export", "rapport", str(mini.root)]) == 0  # warm: one stat pass, no load
    assert counts == {"fingerprint": 1, "load": 0}
    capsys.readouterr()


def test_a_warm_export_counts_the_folder_errors_without_decoding_its_warnings(mini, capsys, monkeypatch):
    """The export's « N erreurs dans le dossier » line: 90 000 warnings decoded to count a few errors
    were half of a warm `pvtui export` at 50 000 actions."""
    from pvtui import cli
    from pvtui.domain.problem import ERREUR

    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = -1")
    mini.edit("actions/beta.toml", 'secteur = "centre"', 'secteur = "nulle-part"')
    assert any(p.niveau != ERREUR for p in fresh(mini.root))  # the folder has warnings too
    assert cli.main(["export", "actions", str(mini.root)]) == 0
    first = capsys.readouterr().err
    assert first == "pvtui export : 2 erreurs dans le dossier : voir pvtui check\n"
    decoded = []
    real = cache._decode_result
    monkeypatch.setattr(cache, "_decode_result", lambda tag, data: decoded.append(value := real(tag, data)) or value)
    monkeypatch.setattr("pvtui.domain.check.check", lambda data: pytest.fail("checked again"))
    assert cli.main(["export", "actions", str(mini.root)]) == 0
    assert capsys.readouterr().err == first
    assert decoded and not [p for value in decoded if type(value) is list for p in value if p.niveau != ERREUR]


def test_the_stats_of_a_large_folder_taken_by_two_processes_give_the_same_fingerprint(mini, monkeypatch):
    """A stat per file is the guarantee and the cost of « nothing changed » (50 000 syscalls):
    on two cores, two processes take them. Same answer, and a change in either half is seen."""
    alpha = mini.read("actions/alpha.toml")
    for i in range(40):
        mini.write(f"actions/copie-{i:02d}.toml", alpha.replace("Atelier alpha", f"Atelier {i}"))
    check_folder(mini.root)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    alone = Store(mini.root).fingerprint()
    assert alone is not None
    forks = []
    real = parallel.fork_map
    monkeypatch.setattr(parallel, "fork_map", lambda *a: forks.append(1) or real(*a))
    monkeypatch.setattr(store, "_PARALLEL_STATS_FROM", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert Store(mini.root).fingerprint() == alone and forks
    for rel in ("actions/alpha.toml", "actions/copie-39.toml"):  # the first job's files, the last one's
        path = mini.path(rel)
        st = path.stat()
        path.write_bytes(path.read_bytes())
        assert path.stat().st_ino == st.st_ino
        assert Store(mini.root).fingerprint() is None, rel
        check_folder(mini.root)
    os.symlink(mini.path("actions/beta.toml"), mini.path("actions/copie-99.toml"))
    assert Store(mini.root).fingerprint() is None
