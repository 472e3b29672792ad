#!/usr/bin/env python3
"""lsp_answers.py EVALRULES SOURCE_DIR — exact answers of `evalrules lsp` on small rules files and a facts
and a test file read against one (all sent at once on standard input; tests/lsp/lsp_session.py
drives the bundled rules interactively): hover on a fact of each type with its range and
default; completion of enum values, yes/no, excludable ids, fact names with the facts and test
files' keywords; definition from a facts file; references with and without the declaration, from the rules into the
open facts file;
the document's symbols (indicator tree) and folding ranges; the diagnostics published for a
rules file with an error and its note, and for a facts file naming those rules; the bundled
rules found for a facts file by a template's header (from the workspace), '# rules:' with an
absolute path and with one relative to the document."""
import json
import os
import subprocess
import sys

RULES = """fact lo : int "下限" range 0..
fact n : int "人数" range lo..100 default 3
fact top : int "上限" range 0..
fact m : int range 0..top
fact ch : enum { phone, web } "渠道"
fact unused : bool
indicator 1 "测试" points 15 {
  english "Test"
  item 1.1 "符合性" points 10 { pass when n > 2 and ch == "phone" and m >= 0 }
  indicator 1.2 "配送" points 5 {
    item 1.2.1 "记录" points 5 {
      excludable "无配送"
      pass when lo > 1
    }
    exclude when lo > 5 because "不适用"
  }
}
veto "否决" when lo > 50
"""
FACTS = "ch = \nunused = \nexclude \n\nn = 3\n"
TESTS = 'case "x"\n  \n'
# a fact of each type with a range and a default, for hover's text of values
TYPED = """fact p : percent "比例" range 10%..90% default 50%
fact dt : date "日期" range 2020-01-01..2030-12-31 default 2024-02-29
fact s : sample "抽样" default 3/4
fact t : text "名称" default "无"
fact ch : enum { phone, web } "渠道" default "web"
fact ok : bool "有" default yes
indicator 1 "测试" { item 1.1 "符合性" points 10 { pass when ok and p > 20% and dt > 2021-01-01 and ch == "web" and conforming(s) > 1 and t == "x" } }
"""
TYPED_HOVERS = [
    "**fact** `p` : percent\n\n比例\n\nrange 10%..90%\n\ndefault 50%",
    "**fact** `dt` : date\n\n日期\n\nrange 2020-01-01..2030-12-31\n\ndefault 2024-02-29",
    "**fact** `s` : sample\n\n抽样\n\ndefault 3/4",
    "**fact** `t` : text\n\n名称\n\ndefault \"无\"",
    "**fact** `ch` : enum (phone, web)\n\n渠道\n\ndefault web",
    "**fact** `ok` : bool\n\n有\n\ndefault yes",
]
YU = "file:///nonexistent/typed.rules"
# a rules file with an error and its note, and a facts file naming it
BAD = 'fact ok : bool\nfact ok : int\nindicator 1 "测试" points 10 { item 1.1 "a" points 10 { pass when ok } }\n'
BU, BFU = "file:///nonexistent/d.rules", "file:///nonexistent/d.facts"
WANT_DIAGNOSTICS = {
    BU: [{"range": {"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 7}}, "severity": 1,
          "code": "E0219", "source": "evalrules", "message": "fact 'ok' is declared twice\nnote: first declared here"}],
    BFU: [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "severity": 3,
           "source": "evalrules", "message": "not checked against the rules: " + BU + " has errors"}],
}
RU, FU, TU = "file:///nonexistent/h.rules", "file:///nonexistent/a.facts", "file:///nonexistent/a.tests"
SOURCE = os.path.abspath(sys.argv[2])
# facts files that find rules/gbt27922.rules on disk: their misspelt fact is checked against it
FOUND = [("file:///nonexistent/t1.facts", "# 由 `evalrules template rules/gbt27922.rules` 生成\n"),
         ("file:///nonexistent/t2.facts", "# rules: " + SOURCE + "/rules/gbt27922.rules\n"),
         ("file://" + SOURCE + "/examples/t3.facts", "# rules: ../rules/gbt27922.rules\n")]
WANT_DIAGNOSTICS_FOUND = "unknown fact 'staff.managerz'; did you mean 'staff.managers'?"
failures = []


def frame(o):
    b = json.dumps(o, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def opened(uri, lang, text):
    return frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                  "params": {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}})


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


FACT_ITEMS = [("lo", "int — 下限"), ("n", "int — 人数"), ("top", "int — 上限"), ("m", "int"), ("ch", "enum — 渠道"),
              ("unused", "bool")]
TEST_WORDS = ["case", "facts", "expect", "score", "level", "veto", "vetoes", "earned", "applicable", "excluded", "exclude"]
# (method, uri, line, character, extra params, expected result; for completion the (label, detail) pairs)
REQUESTS = [
    ("completion", FU, 0, 5, {}, [("phone", "ch"), ("web", "ch")]),
    ("completion", FU, 1, 9, {}, [("yes", None), ("no", None)]),
    ("completion", FU, 2, 8, {}, [("1.2.1", "记录")]),
    ("completion", FU, 3, 0, {}, FACT_ITEMS + [("subject", "the enterprise audited"),
                                              ("exclude", "an indicator not applicable")]),
    ("completion", TU, 1, 2, {}, FACT_ITEMS + [(w, None) for w in TEST_WORDS]),
    ("definition", FU, 4, 0, {}, [{"uri": RU, "range": rng(1, 5, 1, 6)}]),
    ("references", RU, 0, 5, {"context": {"includeDeclaration": False}},
     [{"uri": RU, "range": rng(l, c, l, c + 2)} for l, c in [(1, 24), (12, 16), (14, 17), (17, 15)]]),
    ("references", RU, 0, 5, {"context": {"includeDeclaration": True}},
     [{"uri": RU, "range": rng(l, c, l, c + 2)} for l, c in [(0, 5), (1, 24), (12, 16), (14, 17), (17, 15)]]),
    # from the rules, a fact's uses in the open facts file read against them too
    ("references", RU, 1, 5, {"context": {"includeDeclaration": True}},
     [{"uri": RU, "range": rng(1, 5, 1, 6)}, {"uri": RU, "range": rng(8, 39, 8, 40)},
      {"uri": FU, "range": rng(4, 0, 4, 1)}]),
    ("foldingRange", RU, 0, 0, {}, [{"startLine": 10, "endLine": 12}, {"startLine": 9, "endLine": 14},
                                    {"startLine": 6, "endLine": 15}]),
]


def symbols(result):
    """the symbol tree as (name, detail, kind, selection start line and character, children)"""
    return [(s["name"], s.get("detail"), s["kind"], s["selectionRange"]["start"]["line"],
             s["selectionRange"]["start"]["character"], symbols(s.get("children", []))) for s in result]


data = frame({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"rootUri": "file://" + SOURCE}})
data += opened(RU, "evalrules", RULES) + opened(FU, "evalrules-facts", FACTS) + opened(TU, "evalrules-tests", TESTS)
for i, (method, uri, line, ch, extra, _) in enumerate(REQUESTS):
    params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}}
    params.update(extra)
    data += frame({"jsonrpc": "2.0", "id": i + 1, "method": "textDocument/" + method, "params": params})
data += opened(BU, "evalrules", BAD) + opened(BFU, "evalrules-facts", "# rules: d.rules\nok = yes\n")
data += opened(YU, "evalrules", TYPED)
for uri, head in FOUND:
    data += opened(uri, "evalrules-facts", head + "staff.managerz = 3\n")
for i in range(len(TYPED_HOVERS)):
    data += frame({"jsonrpc": "2.0", "id": 200 + i, "method": "textDocument/hover",
                   "params": {"textDocument": {"uri": YU}, "position": {"line": i, "character": 5}}})
data += frame({"jsonrpc": "2.0", "id": 100, "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": RU}}})
data += frame({"jsonrpc": "2.0", "id": 101, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"})
p = subprocess.run([os.path.abspath(sys.argv[1]), "lsp"], input=data, capture_output=True, timeout=60, cwd="/")
answers, published, out = {}, {}, p.stdout
while out:
    head, _, rest = out.partition(b"\r\n\r\n")
    n = int(head.split(b":")[1])
    m = json.loads(rest[:n])
    out = rest[n:]
    if "id" in m:
        answers[m["id"]] = m.get("result")
    elif m.get("method") == "textDocument/publishDiagnostics":
        published[m["params"]["uri"]] = m["params"]["diagnostics"]
if p.returncode != 0 or p.stderr:
    failures.append("status %d, stderr %r" % (p.returncode, p.stderr[:200]))
for i, (method, uri, line, ch, extra, want) in enumerate(REQUESTS):
    got = answers.get(i + 1)
    if method == "completion":
        got = [(x["label"], x.get("detail")) for x in (got["items"] if isinstance(got, dict) else got or [])]
    if got != want:
        failures.append("%s at %s %d:%d: got %r, want %r" % (method, uri, line, ch, got, want))
want_symbols = [("lo", "下限", 8, 0, 5, []), ("n", "人数", 8, 1, 5, []), ("top", "上限", 8, 2, 5, []),
                ("m", None, 8, 3, 5, []), ("ch", None, 8, 4, 5, []), ("unused", None, 8, 5, 5, []),
                ("1", "测试", 3, 6, 10, [("1.1", "符合性", 12, 8, 7, []),
                                         ("1.2", "配送", 3, 9, 12, [("1.2.1", "记录", 12, 10, 9, [])])])]
if symbols(answers.get(100) or []) != want_symbols:
    failures.append("documentSymbol: got %r" % symbols(answers.get(100) or []))
for i, want in enumerate(TYPED_HOVERS):
    got = ((answers.get(200 + i) or {}).get("contents") or {}).get("value")
    if got != want + "\n\nread by:\n- `1.1` 符合性":
        failures.append("hover on line %d of typed.rules: got %r" % (i, got))
for uri, want in WANT_DIAGNOSTICS.items():
    if published.get(uri) != want:
        failures.append("diagnostics of %s: got %r" % (uri, published.get(uri)))
for uri, _ in FOUND:
    got = [d["message"] for d in published.get(uri, [])]
    if got != [WANT_DIAGNOSTICS_FOUND]:
        failures.append("diagnostics of %s (rules found on disk): got %r" % (uri, got))
for f in failures:
    print("FAIL:", f)
print("lsp_answers: %d failures" % len(failures))
sys.exit(1 if failures else 0)
