"""The benchmark's own logic: hand-written files hold the same data, the scaling check flags what it should."""

from __future__ import annotations

import random
import tomllib

from bench.generate import handwritten
from bench.run import scaling
from tests.conftest import DATA


def test_a_hand_written_file_holds_the_same_data_with_comments_and_crlf():
    text = (DATA / "actions" / "salon-atelier.toml").read_text("utf-8")
    typed = handwritten(text, random.Random(1), crlf=True)
    assert tomllib.loads(typed) == tomllib.loads(text)
    assert "\r\n" in typed and "\n" not in typed.replace("\r\n", "")
    assert typed.count("# ") >= 3  # a header, and comments beside and above keys
    description = tomllib.loads(typed)["description"]
    assert "#" not in description  # no comment landed inside a value


def test_the_scaling_check_flags_a_ratio_above_1_2_times_linear():
    results = {"10000": {"check.cold": 1000.0, "parse": 1000.0},
               "50000": {"check.cold": 6500.0, "parse": 5000.0},
               "100000": {"check.cold": 11000.0, "parse": 12500.0}}
    out = scaling(["10000", "50000", "100000"], results)
    assert "| `pvtui check`, everything changed | 6.50 **above 6** | 11.00 |" in out
    assert "| Bare tomllib parse of every file | 5.00 | 12.50 **above 12** |" in out
    assert "Above 1.2x linear: Bare tomllib parse of every file at 100 000; " \
           "`pvtui check`, everything changed at 50 000." in out
    assert scaling(["shipped", "10000"], results) == ""
