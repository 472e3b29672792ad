#!/usr/bin/env python3
"""numbers_property.py EVALRULES [--seed N] [--cases N] — random rule sets against an exact reference.

Each case is a random rules file (ratio, score, grade and pass items with
point values of up to 30 digits and up to 25 decimals, a deduction, every
rounding mode) and a random facts file (prime sample sizes up to 10^6, long
decimals).  The reference computes the score with Python's
fractions.Fraction; evalrules --format json must give the same exact score
before rounding, the same rounded score and the same level — never an
overflow.  Fixed seed, so a failure can be replayed: the failing rules and
facts are printed."""
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction as F

MODES = ["half_up", "half_even", "half_down", "up", "down", "floor", "ceiling"]
QUANTA = ["1", "0.1", "0.01", "0.000001", "0.5", "0.25"]


def primes_upto(n):
    sieve = bytearray([1]) * (n + 1)
    sieve[0:2] = b"\0\0"
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(sieve[i * i :: i]))
    return [i for i in range(n + 1) if sieve[i]]


PRIMES = primes_upto(1_000_000)


def decimal_text(rng, int_digits, frac_digits, negative=False):
    """A literal and its exact value."""
    whole = str(rng.randint(0, 10 ** int_digits - 1)) if int_digits else "0"
    frac = "".join(rng.choice("0123456789") for _ in range(frac_digits))
    text = whole + ("." + frac if frac else "")
    if negative and rng.random() < 0.5:
        text = "-" + text
    return text, F(text)


def terminating(x):
    """A terminating decimal Fraction as a literal."""
    places = 0
    while (x * 10 ** places).denominator != 1:
        places += 1
    n = x * 10 ** places
    t = str(abs(n.numerator)).rjust(places + 1, "0")
    return ("-" if n < 0 else "") + (t[:-places] + "." + t[-places:] if places else t)


def round_to(x, q, mode):
    """x rounded to a multiple of q by comparing the two neighbouring multiples."""
    t = x / q
    k = t.numerator // t.denominator  # floor
    lo, hi = k * q, (k + 1) * q
    if lo == x:
        return lo
    dlo, dhi, pos = x - lo, hi - x, x > 0
    up = {
        "floor": False,
        "ceiling": True,
        "down": not pos,
        "up": pos,
        "half_up": dlo > dhi or (dlo == dhi and pos),
        "half_down": dlo > dhi or (dlo == dhi and not pos),
        "half_even": dlo > dhi or (dlo == dhi and (k + 1) % 2 == 0),
    }[mode]
    return hi if up else lo


def make_case(rng):
    facts_decl, items, facts, earned, applicable = [], [], [], F(0), F(0)
    nitems = rng.randint(1, 8)
    for i in range(nitems):
        pts_text, pts = decimal_text(rng, rng.choice([1, 2, 5, 12, 20, 30]), rng.choice([0, 0, 1, 3, 10, 25]))
        if pts == 0:
            pts_text, pts = "1", F(1)
        kind = rng.choice(["ratio", "score", "grade", "pass"])
        iid = "1.%d" % (i + 1)
        if kind == "ratio":
            n = rng.choice(PRIMES[rng.randint(0, 200) :: 997][:50] or [997]) if rng.random() < 0.8 else rng.randint(1, 10 ** 6)
            k = max(0, n - rng.randint(0, 5)) if rng.random() < 0.7 else rng.randint(0, n)
            facts_decl.append('fact s%d : sample "抽样%d"' % (i, i))
            facts.append("s%d = %d/%d" % (i, k, n))
            body, share = "ratio s%d" % i, F(k, n)
            e = pts * min(F(1), max(F(0), share))
        elif kind == "score":
            v_text, v = decimal_text(rng, rng.choice([1, 3, 15, 30]), rng.choice([0, 2, 7, 30]), negative=True)
            d_text, d = decimal_text(rng, rng.choice([1, 2, 4]), rng.choice([0, 1, 5]))
            if d == 0:
                d_text, d = "3", F(3)
            facts_decl.append('fact x%d : decimal "数%d"' % (i, i))
            facts.append("x%d = %s" % (i, v_text))
            body = "score points * x%d / %s" % (i, d_text)
            e = min(pts, max(F(0), pts * v / d))
        elif kind == "grade":
            g_text, g = decimal_text(rng, 2, rng.choice([0, 3, 12]))
            facts_decl.append('fact g%d : percent "比例%d" range 0%%..100%%' % (i, i))
            facts.append("g%d = %s%%" % (i, g_text))
            body = "grade g%d { >= 90%%: 100%%  >= 66.5%%: 60.25%%  otherwise 0 }" % i
            share = F(1) if g >= 90 else F(6025, 10000) if F(665, 10) <= g else F(0)
            e = pts * share
        else:
            b = rng.random() < 0.5
            facts_decl.append('fact b%d : bool "是否%d"' % (i, i))
            facts.append("b%d = %s" % (i, "yes" if b else "no"))
            body, e = "pass when b%d" % i, pts if b else F(0)
        items.append('  item %s "项%d" points %s { %s }' % (iid, i, pts_text, body))
        earned += e
        applicable += pts
    ded_text, ded = decimal_text(rng, rng.choice([0, 1]), rng.choice([0, 2, 20]))
    facts_decl.append('fact d : decimal "扣分" range 0..')
    facts.append("d = %s" % ded_text)
    mode, quantum = rng.choice(MODES), rng.choice(QUANTA)
    normalize = rng.random() < 0.7
    total = "total { %sdeduct \"扣分\" d  round %s to %s }" % ("normalize to 100  " if normalize else "", mode, quantum)
    top = F(100) if normalize else applicable  # the levels at 80 % and 60.05 % of the best score
    good, fair = top * F(4, 5), top * F(6005, 10000)
    rules = "\n".join(
        ['standard "T/PROP"'] + facts_decl + ['indicator 1 "总" {'] + items + ["}", total,
         'rating { level "好" at %s  level "中" at %s  otherwise "否" }' % (terminating(good), terminating(fair))]) + "\n"
    before = (earned / applicable * 100 if normalize else earned) - ded
    score = round_to(before, F(quantum), mode)
    level = "好" if score >= good else "中" if score >= fair else None
    return rules, "\n".join(facts) + "\n", before, score, level


def exact_of(report, key):
    return F(report.get(key + "_exact", report[key]))


def main():
    prog = sys.argv[1]
    seed, cases = 9, 150
    args = sys.argv[2:]
    if "--seed" in args:
        seed = int(args[args.index("--seed") + 1])
    if "--cases" in args:
        cases = int(args[args.index("--cases") + 1])
    rng = random.Random(seed)
    failures = 0
    big = 0
    with tempfile.TemporaryDirectory() as tmp:
        rp, fp = os.path.join(tmp, "p.rules"), os.path.join(tmp, "p.facts")
        for n in range(cases):
            rules, facts, before, score, level = make_case(rng)
            with open(rp, "w", encoding="utf-8") as f:
                f.write(rules)
            with open(fp, "w", encoding="utf-8") as f:
                f.write(facts)
            run = subprocess.run([prog, "--format", "json", rp, fp], capture_output=True, text=True)
            problem = None
            if run.returncode != 0:
                problem = "exit %d: %s" % (run.returncode, run.stderr.strip())
            else:
                rep = json.loads(run.stdout)
                if exact_of(rep, "before_rounding") != before:
                    problem = "before rounding %s, expected %s" % (exact_of(rep, "before_rounding"), before)
                elif F(rep["score"]) != score:
                    problem = "score %s, expected %s" % (rep["score"], score)
                elif rep["rating"] != level:
                    problem = "rating %s, expected %s" % (rep["rating"], level)
            big += before.denominator >= 2 ** 63 or abs(before.numerator) >= 2 ** 63
            if problem:
                failures += 1
                print("case %d (seed %d): %s\n--- rules\n%s--- facts\n%s" % (n, seed, problem, rules, facts))
                if failures >= 3:
                    break
    print("%d cases, %d with a score beyond 64 bits, %d failed" % (cases, big, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
