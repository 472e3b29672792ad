#!/usr/bin/env python3
"""facts_to_records.py FORMAT FACTS... — the same enterprises as JSON Lines
(FORMAT jsonl) or CSV (FORMAT csv) records on stdout (docs/batch.md), for the
test that every form gives the same results.  Each record's id is the facts
file's name without .facts; numbers are written as their text (JSON numbers
taken exactly), yes/no as true/false, everything else as a string."""
import json, os, re, sys

def parse(path):
    facts, excl, subject = {}, [], None
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r'exclude\s+(\S+)\s+"((?:[^"\\]|\\.)*)"', line)
        if m:
            excl.append((m.group(1), unescape(m.group(2))))
            continue
        m = re.match(r'subject\s*=?\s*"((?:[^"\\]|\\.)*)"', line)
        if m:
            subject = unescape(m.group(1))
            continue
        name, value = [p.strip() for p in line.split("=", 1)]
        if value.startswith('"'):
            m = re.match(r'"((?:[^"\\]|\\.)*)"', value)
            facts[name] = ("str", unescape(m.group(1)))
        else:
            value = value.split("#", 1)[0].strip()
            facts[name] = ("bare", value)
    return facts, excl, subject

def unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)

def jvalue(kind, v):
    if kind == "bare" and v in ("yes", "true"):
        return "true"
    if kind == "bare" and v in ("no", "false"):
        return "false"
    if kind == "bare" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v):
        return v  # exact: the number's text
    return json.dumps(v, ensure_ascii=False)

def main():
    fmt, paths = sys.argv[1], sys.argv[2:]
    recs = [(os.path.basename(p)[:-6] if p.endswith(".facts") else os.path.basename(p), parse(p)) for p in paths]
    out = sys.stdout
    if fmt == "jsonl":
        for rid, (facts, excl, subject) in recs:
            parts = ['"id":' + json.dumps(rid, ensure_ascii=False)]
            if subject is not None:
                parts.append('"subject":' + json.dumps(subject, ensure_ascii=False))
            parts.append('"facts":{' + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jvalue(*v)
                                                for k, v in facts.items()) + "}")
            if excl:
                parts.append('"exclude":' + json.dumps([{"indicator": i, "reason": r} for i, r in excl],
                                                       ensure_ascii=False))
            out.write("{" + ",".join(parts) + "}\n")
        return
    names = []
    for _, (facts, _, _) in recs:
        for k in facts:
            if k not in names:
                names.append(k)
    def cell(s):
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\r\n') else s
    out.write(",".join(["id", "subject"] + names + ["exclude"]) + "\r\n")
    for rid, (facts, excl, subject) in recs:
        row = [rid, subject or ""] + [facts[n][1] if n in facts else "" for n in names]
        row.append("; ".join(f"{i}: {r}" for i, r in excl))
        out.write(",".join(cell(c) for c in row) + "\r\n")

main()
