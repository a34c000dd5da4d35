"""`check`'s rules of a subsidy's life, one at a time on the clean `mini` fixture."""

from __future__ import annotations

from pvtui.domain.problem import AVERTISSEMENT, ERREUR

A = "actions/alpha.toml"


def found(mini):
    return {(p.path, p.line, p.niveau, p.message) for p in mini.check()}


def line(mini, needle):
    return mini.line_of(A, needle)


def test_voted_above_requested(mini):
    mini.edit(A, "capft = 3000\n", "capft = { demande = 2500, vote = 3000 }\n")
    assert (A, line(mini, "capft"), AVERTISSEMENT, "capft : voté 3 000 €, plus que demandé (2 500 €)") in found(mini)


def test_paid_above_voted_and_before_the_vote(mini):
    mini.edit(A, "capft = 3000\n", "capft = { vote = 3000, date_vote = 2019-04-15, versements = [\n"
              "    { date = 2019-03-01, montant = 3500 },\n] }\n")
    mini.edit(A, "capft = { vote", "capft = { demande = 3000, vote")
    assert found(mini) == {
        (A, line(mini, "capft"), ERREUR, "capft : versé 3 500 €, plus que voté (3 000 €)"),
        (A, line(mini, "2019-03-01"), AVERTISSEMENT,
         "capft : versement du 2019-03-01 avant le vote du 2019-04-15"),
        (A, line(mini, "annee ="), AVERTISSEMENT,
         "bilan (compte-rendu financier) en retard : attendu le 2020-06-30"),
    }


def test_no_convention_above_the_threshold_over_all_actions_of_the_porteur(mini):
    mini.edit(A, "capft = 3000\n", "capft = 13000\n")
    mini.edit("actions/beta.toml", 'porteur = "Association B"', 'porteur = "Association A"')
    mini.edit("actions/beta.toml", "capft = 1000\n", "capft = 11000\n")
    mini.edit(A, "cout_total = 10000", "cout_total = 100000")
    mini.edit("actions/beta.toml", "cout_total = 5000", "cout_total = 50000")
    messages = {(p[0], p[3]) for p in found(mini) if "convention" in p[3]}
    assert messages == {
        (path, "capft : convention obligatoire, absente (24 000 € en 2019 de ce financeur à ce porteur, "
               "au-dessus de 23 000 €)") for path in (A, "actions/beta.toml")}


def test_bilan_received_is_not_late(mini):
    mini.edit(A, "capft = 3000\n", "capft = { demande = 3000, vote = 3000 }\n")
    assert {p[3] for p in found(mini)} == {"bilan (compte-rendu financier) en retard : attendu le 2020-06-30"}
    mini.write(A, mini.read(A) + "\n[bilan]\ndate_recu = 2020-05-01\n")
    assert found(mini) == set()


def test_the_threshold_counts_one_porteur_however_its_actions_name_it(mini):
    """By its record's id, its name (accents, case and punctuation aside, as check and the Porteurs view
    compare names) or its sigle: one organisation, one total (and one only)."""
    mini.write("porteurs/association-a.toml", 'nom = "Association A"\nsigle = "AA"\n')
    mini.edit(A, "capft = 3000\n", "capft = 13000\n")
    mini.edit(A, "cout_total = 10000", "cout_total = 100000")
    mini.edit("actions/beta.toml", 'porteur = "Association B"', 'porteur = "ASSOCIATION  A."')
    mini.edit("actions/beta.toml", "capft = 1000\n", "capft = 6000\n")
    mini.edit("actions/beta.toml", "cout_total = 5000", "cout_total = 50000")
    mini.edit("actions/delta.toml", 'porteur = "Collectif D"', 'porteur = "association-a"')
    mini.edit("actions/delta.toml", "capft = 500\n", "capft = 5000\n")
    mini.edit("actions/delta.toml", "cout_total = 2000", "cout_total = 20000")
    messages = {(p[0], p[2], p[3]) for p in found(mini) if "convention" in p[3]}
    # A warning, not an error: the law requires it, but the data may simply not be entered yet.
    assert messages == {
        (path, AVERTISSEMENT, "capft : convention obligatoire, absente (24 000 € en 2019 de ce financeur à ce "
                              "porteur, au-dessus de 23 000 €)") for path in (A, "actions/beta.toml", "actions/delta.toml")}
