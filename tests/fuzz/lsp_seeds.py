#!/usr/bin/env python3
"""lsp_seeds.py SOURCE_DIR OUT_DIR — seeds of the fuzz_lsp target (called by seeds.sh): scripted
sessions of the language server, each one file holding the framed messages an editor sends
(tests/lsp/lsp_session.py drives the same requests over pipes and checks the answers):

  session     initialize, open a small rules file, hover, definition, references, completion,
              symbols, folding, formatting, shutdown, exit
  typing      the rules file typed in steps (each prefix a didChange), completion after each
  facts       a facts file and a test file opened against the workspace's rules (SOURCE_DIR),
              completion of a fact name and an enum value
  scheme      a scheme opened, hover and completion in it
  malformed   bad framing, a body that is no JSON, a batch, unknown method, wrong parameters,
              a request before initialize, a body cut short
Each is kept under 8 KiB (scripts/fuzz.sh runs with -max_len=8192)."""
import json
import os
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
root = "file://" + os.path.abspath(src)

RULES = """standard "T/TEST-2"
fact staff.managers  : int    "managers" range 0..
fact staff.certified : int    "certified" range 0..
fact survey          : percent "satisfaction" range 0%..100%
fact records         : sample "records"
fact delivery        : bool   "delivery"
fact channel         : enum { phone, web } "channel"
indicator 5 "服务 𝔸" points 15 {
  item 5.1.2.2 "按10%配置" points 5 {
    let need = max(1, ceil(staff.managers * 10%))
    score points * min(1, staff.certified / need)
  }
  item 5.3.1.4 "满意度" points 5 {
    grade survey { >= 90%: 100%  >= 80%: 60%  otherwise 0 }
  }
  indicator 5.2.3 "配送" points 5 {
    item 5.2.3.1 "配送记录" points 5 { ratio records }
    exclude when not delivery because "不提供配送"
  }
}
total { normalize to 100  round half_up to 0.1 }
rating { level "达标" at 70 }
"""
FACTS = """# facts
subject = "某公司"
staff.managers = 35
staff.certified = 4
survey = 91%
records = 27/30
delivery = yes
channel = 
"""
# a scheme and test cases for the workspace's rules/gbt27922.rules, from the source tree
SCHEME = open(os.path.join(src, "examples/schemes/ahp-first-level.scheme"), encoding="utf-8").read()[:1500]
TESTS = open(os.path.join(src, "rules/gbt27922.tests"), encoding="utf-8").read()
TESTS = TESTS[TESTS.index("\ncase") + 1:][:1200]

ids = [0]


def frame(obj):
    b = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def req(method, params=None):
    ids[0] += 1
    m = {"jsonrpc": "2.0", "id": ids[0], "method": method}
    if params is not None:
        m["params"] = params
    return frame(m)


def note(method, params=None):
    m = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        m["params"] = params
    return frame(m)


def init():
    return req("initialize", {"rootUri": root, "capabilities": {}}) + note("initialized", {})


def end():
    return req("shutdown") + note("exit")


def opened(uri, text, lang):
    return note("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}})


def at(uri, line, ch, **extra):
    p = {"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}}
    p.update(extra)
    return p


def write(name, data):
    assert len(data) <= 8192, (name, len(data))
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


rules_uri = root + "/rules/seed.rules"
d = init() + opened(rules_uri, RULES, "evalrules")
for line, ch in [(9, 27), (10, 30), (7, 2), (13, 10), (9, 20), (21, 3)]:
    d += req("textDocument/hover", at(rules_uri, line, ch))
d += req("textDocument/definition", at(rules_uri, 10, 30))
d += req("textDocument/references", at(rules_uri, 1, 8, context={"includeDeclaration": True}))
d += req("textDocument/completion", at(rules_uri, 10, 12))
for m in ["textDocument/documentSymbol", "textDocument/foldingRange"]:
    d += req(m, {"textDocument": {"uri": rules_uri}})
d += req("textDocument/formatting", {"textDocument": {"uri": rules_uri}, "options": {"tabSize": 2, "insertSpaces": True}})
d += note("textDocument/didClose", {"textDocument": {"uri": rules_uri}})
write("session", d + end())

d = init() + opened(rules_uri, "", "evalrules")
lines = RULES.split("\n")
for k, cut in enumerate([3, 7, 9, 10, 14, 18, 22]):
    text = "\n".join(lines[:cut]) + "\n" + lines[cut][: len(lines[cut]) // 2]
    d += note("textDocument/didChange", {"textDocument": {"uri": rules_uri, "version": k + 2},
                                         "contentChanges": [{"text": text}]})
    d += req("textDocument/completion", at(rules_uri, cut, len(lines[cut]) // 2))
write("typing", d + end())

facts_uri, tests_uri = root + "/examples/seed.facts", root + "/rules/seed.tests"
d = init() + opened(facts_uri, FACTS, "evalrules-facts")
d += req("textDocument/completion", at(facts_uri, 2, 3))
d += req("textDocument/completion", at(facts_uri, 8, 10))
d += req("textDocument/hover", at(facts_uri, 4, 2))
d += opened(tests_uri, TESTS, "evalrules-tests") + req("textDocument/completion", at(tests_uri, 2, 9))
write("facts", d + end())

scheme_uri = root + "/examples/schemes/seed.scheme"
d = init() + opened(rules_uri, RULES, "evalrules") + opened(scheme_uri, SCHEME, "evalrules-scheme")
d += req("textDocument/hover", at(scheme_uri, 1, 3)) + req("textDocument/completion", at(scheme_uri, 1, 2))
write("scheme", d + end())

d = req("textDocument/hover", at(rules_uri, 0, 0))  # before initialize
d += b"Content-Length: x\r\n\r\n{}" + b"Content-Type: a\r\n\r\n"
d += init() + b"Content-Length: 7\r\n\r\n{nope}}" + frame([{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}])
d += req("no/such", {}) + req("textDocument/hover", {"textDocument": 3}) + req("textDocument/hover", None)
d += frame({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "result": 1})
d += b"Content-Length: 40\r\n\r\n{\"jsonrpc\": \"2.0\""
write("malformed", d)
