#!/usr/bin/env python3
"""lsp_answers.py EVALRULES SOURCE_DIR — exact answers of `evalrules lsp` on small rules files and a facts
and a test file read against one (all sent at once on standard input; tests/lsp/lsp_session.py
drives the bundled rules interactively): hover on a fact of each type with its range and
default; completion of enum values, yes/no, excludable ids (after 'exclude' and a blank or a tab), fact
names with the facts and test files' keywords, a let shadowed by a let offered once, ids with their
labels unquoted; definition from a facts file; references with and without the declaration, from the rules into the
open facts file;
the document's symbols (indicator tree) and folding ranges; the diagnostics published for a
rules file with an error and its note, and for a facts file naming those rules; the bundled
rules found for a facts file by a template's header (from the workspace), '# rules:' with an
absolute path and with one relative to the document."""
import json
import os
import shutil
import subprocess
import tempfile
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
FACTS = "ch = \nunused = \nexclude \n\nn = 3\nexclude\t\n"
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
    ("completion", FU, 5, 8, {}, [("1.2.1", "记录")]),  # 'exclude' and a tab
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
# Exact answers on rules read by a deduction, a bonus, a veto and two caps (hover's 'read by'), their
# facts, test and scheme files (found beside them by name), a rules file with errors (hover shows the
# declaration as written) and a facts file whose rules are not found: (id, method, uri, line,
# character, extra params, the whole result expected).
RICH = """fact lo : int range 0..
fact hi : int range ..top
fact top : int range ..100
fact b : int range 0..5
fact d : int range 0..
fact c : bool
fact free : bool
indicator 1 "测试" points 10 {
  item 1.1 "a" points 10 { pass when c and hi > 0 and top > 0 }
}
total {
  deduct "扣" d
  bonus "加" b cap 1
}
veto "否" when lo > 50
rating {
  level "A" at 5
  level "B" at 2
  cap "B" unless lo > 1 because "r"
  cap "B" unless d > 1
}
"""
XU, XFU, XTU, XSU = ("file:///nonexistent/x." + e for e in ("rules", "facts", "tests", "scheme"))
XFACTS = "c = yes\n\texclude 1.1\nlo.  = 3\n  = 2\nzz = 1\n"
XTESTS = 'case "one"\n  facts one.facts\n  expect earned 1.1 10\n  expect score 100\n\n\n# a\n# b\ncase "two"\n  facts /abs/two.facts # c\n  facts  \n'
XSCHEME = 'scheme s "甲" {\n  1.1 points 4\n  1 points 9\n}\n'
BROKEN = "fact ok : bool\nfact ok : int\nindicator 1 \"x\" points 10 {\n" + "  # filler\n" * 40 + "  item 1.1 \"a\" points 10 { pass when ok }\n}\n"
BRU, LOSTU = "file:///nonexistent/broken.rules", "file:///nonexistent/lost/l.facts"
# half-typed: enum types in parentheses (closed, and open at the end), lets shadowing lets, a name declared twice
HALF = ('fact e1 : enum(a, b) "标签"\nlet k = 1\nindicator 1 "x" {\n  let k = 2\n  item 1.1 "y" points 3 { let k = 3\n'
        '    pass when k > 0 and e1 == "a" }\n}\nfact e1 : bool\nfact e2 : enum(a')
HU = "file:///nonexistent/half.rules"
# a test file's odd shapes: tabs, blanks and CR around 'facts PATH', a 'facts' line too short, an
# empty case name, a comment indented with a tab, the last case without a final newline
YT = "file:///nonexistent/y.tests"
YTESTS = ('case "t"\n\tfacts one.facts \t\r\n  facts\n\texclude\t1.1 \r\ncase \r\n\t# x\n\t# y\n'
          'case "u"\n  c = yes\n  expect score 1')
MORE = [
    ("hover", XU, 0, 5, {}, None), ("hover", XU, 1, 5, {}, None), ("hover", XU, 2, 5, {}, None),
    ("hover", XU, 3, 5, {}, None), ("hover", XU, 4, 5, {}, None), ("hover", XU, 8, 8, {}, None),
    ("hover", XU, 7, 10, {}, None),
    ("hover", XFU, 0, 0, {}, None), ("hover", XFU, 1, 2, {}, None), ("hover", XFU, 2, 1, {}, None),
    ("hover", XFU, 3, 0, {}, None), ("hover", XFU, 4, 0, {}, None),
    ("hover", XTU, 0, 1, {}, None), ("hover", XTU, 2, 4, {}, None), ("hover", XTU, 2, 17, {}, None),
    ("hover", XSU, 1, 3, {}, None), ("hover", XSU, 0, 1, {}, None), ("hover", XSU, 0, 8, {}, None),
    ("hover", BRU, 0, 5, {}, None), ("hover", BRU, 2, 10, {}, None),
    ("hover", LOSTU, 0, 0, {}, None), ("hover", LOSTU, 1, 2, {}, None),
    ("definition", XFU, 0, 0, {}, None), ("definition", XFU, 1, 10, {}, None), ("definition", XTU, 1, 10, {}, None),
    ("definition", XTU, 9, 10, {}, None), ("definition", XTU, 10, 8, {}, None), ("definition", XTU, 1, 3, {}, None),
    ("definition", XSU, 1, 3, {}, None), ("definition", XSU, 0, 8, {}, None), ("definition", XSU, 2, 2, {}, None),
    ("definition", LOSTU, 0, 0, {}, None),
    ("references", XFU, 0, 0, {"context": {"includeDeclaration": True}}, None),
    ("references", XFU, 0, 0, {"context": {"includeDeclaration": False}}, None),
    ("references", XSU, 1, 3, {"context": {"includeDeclaration": True}}, None),
    ("references", XTU, 2, 17, {"context": {"includeDeclaration": True}}, None),
    ("references", LOSTU, 0, 0, {"context": {"includeDeclaration": True}}, None),
    ("references", XU, 8, 8, {"context": {"includeDeclaration": False}}, None),
    ("completion", XFU, 1, 9, {}, None), ("completion", XFU, 2, 6, {}, None), ("completion", LOSTU, 0, 4, {}, None),
    ("documentSymbol", XFU, 0, 0, {}, None), ("documentSymbol", XTU, 0, 0, {}, None),
    ("documentSymbol", BRU, 0, 0, {}, None),
    ("foldingRange", XTU, 0, 0, {}, None), ("foldingRange", BRU, 0, 0, {}, None),
    ("hover", HU, 5, 14, {}, None), ("definition", HU, 5, 14, {}, None), ("definition", HU, 5, 24, {}, None),
    ("hover", HU, 5, 24, {}, None), ("completion", HU, 5, 4, {}, None), ("documentSymbol", HU, 0, 0, {}, None),
    ("references", HU, 1, 4, {"context": {"includeDeclaration": True}}, None),
    ("definition", YT, 1, 9, {}, None), ("definition", YT, 1, 3, {}, None), ("definition", YT, 2, 4, {}, None),
    ("documentSymbol", YT, 0, 0, {}, None), ("foldingRange", YT, 0, 0, {}, None),
    ("completion", YT, 3, 10, {}, None), ("completion", XFU, 3, 3, {}, None),
    ("completion", XU, 8, 0, {}, None),
]
data += opened(XU, "evalrules", RICH) + opened(XFU, "evalrules-facts", XFACTS) + opened(XTU, "evalrules-tests", XTESTS)
data += opened(XSU, "evalrules-scheme", XSCHEME) + opened(BRU, "evalrules", BROKEN)
data += opened(LOSTU, "evalrules-facts", "c = yes\nexclude 1\n") + opened(HU, "evalrules", HALF)
data += opened(YT, "evalrules-tests", YTESTS)
for i, (method, uri, line, ch, extra, _) in enumerate(MORE):
    params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}}
    params.update(extra)
    data += frame({"jsonrpc": "2.0", "id": 300 + i, "method": "textDocument/" + method, "params": params})
# the dispatcher's answers: a string id, parameters that name no open document or no position, formatting
# (a test file: none; syntax errors: refused; formatted already: no edit), documents named by their
# language id alone, changes by range, a document closed, and messages that are not requests
NOPOS = {"textDocument": {"uri": XU}, "position": {"line": "1", "character": 0}}
UNTITLED = [("untitled:f", "evalrules-facts", "c = yes\n"), ("untitled:t", "evalrules-tests", 'case "u"\n'),
            ("untitled:s", "evalrules-scheme", 'scheme u "u" {\n}\n'), ("untitled:o", "other", "fact q : bool\n"),
            ("untitled:n", None, "fact q2 : bool\n")]
DISPATCH = [
    ("s1", "textDocument/hover", {"textDocument": {"uri": XU}, "position": {"line": 3, "character": 5}}),
    (401, "textDocument/hover", {"textDocument": {"uri": "file:///nonexistent/closed.rules"}, "position": {"line": 0, "character": 0}}),
    (402, "textDocument/definition", NOPOS), (403, "textDocument/references", NOPOS),
    (404, "textDocument/completion", {"textDocument": {"uri": XU}}),
    (405, "textDocument/documentSymbol", {}), (406, "textDocument/foldingRange", {"textDocument": {}}),
    (407, "textDocument/formatting", {"textDocument": {"uri": XTU}}),
    (408, "textDocument/formatting", {"textDocument": {"uri": "untitled:o"}}),
    (409, "textDocument/formatting", {"textDocument": {"uri": "untitled:f"}}),
    (411, "textDocument/formatting", {"textDocument": {"uri": XSU}}),
    (410, "textDocument/formatting", {}),
]
data += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "untitled:x"}}})
for uri, lang, text in UNTITLED:
    td = {"uri": uri, "version": 1, "text": text}
    if lang:
        td["languageId"] = lang
    data += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": td}})
    data += frame({"jsonrpc": "2.0", "id": "sym " + uri, "method": "textDocument/documentSymbol",
                   "params": {"textDocument": {"uri": uri}}})
data += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "untitled:o"},
               "contentChanges": [{"range": rng(0, 5, 0, 6), "text": "qq"}, {"range": rng(0, 9, 0, 2), "text": "!"},
                                  {"rangeLength": 1}]}})
data += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "untitled:o"}}})
data += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "untitled:zz"},
               "contentChanges": []}})
data += frame({"jsonrpc": "2.0", "id": "changed", "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": "untitled:o"}}})
for id_, method, params in DISPATCH:
    data += frame({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})
data += frame({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "untitled:n"}}})
data += frame({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "untitled:gone"}}})
data += frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}})
data += frame({"jsonrpc": "2.0", "id": 97, "result": None}) + frame({"jsonrpc": "2.0", "id": 98})
data += frame({"jsonrpc": "2.0", "id": True, "method": "shutdown"}) + frame([{"jsonrpc": "2.0", "method": "exit"}])
data += frame({"jsonrpc": "2.0", "id": None, "method": "textDocument/nothing"})
data += frame({"jsonrpc": "2.0", "id": 420, "method": "initialize", "params": {"workspaceFolders": [{"uri": "file:///nonexistent/ws"}]}})
data += frame({"jsonrpc": "2.0", "id": 421, "method": "initialize", "params": {"rootPath": "/nonexistent/rp"}})
data += frame({"jsonrpc": "2.0", "id": 101, "method": "shutdown"})
data += frame({"jsonrpc": "2.0", "id": 102, "method": "textDocument/hover", "params": {}})
data += frame({"jsonrpc": "2.0", "method": "exit"})
def serve(data, failures):
    """the server's answers to data (by id), the diagnostics it published (by URI) and its errors without an id"""
    p = subprocess.run([os.path.abspath(sys.argv[1]), "lsp"], input=data, capture_output=True, timeout=60, cwd="/")
    answers, published, out, nulls = {}, {}, p.stdout, []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        n = int(head.split(b":")[1])
        m = json.loads(rest[:n])
        out = rest[n:]
        if "id" in m and m["id"] is None:
            nulls.append(m.get("error"))
        elif "id" in m:
            answers[m["id"]] = m.get("result", m.get("error"))
        elif m.get("method") == "textDocument/publishDiagnostics":
            published[m["params"]["uri"]] = m["params"]["diagnostics"]
    if p.returncode != 0 or p.stderr:
        failures.append("status %d, stderr %r" % (p.returncode, p.stderr[:200]))
    return answers, published, nulls


answers, published, nulls = serve(data, failures)
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
# The rules of facts and test files found on disk, in a workspace of 40 rules files (more than the
# 32 the server keeps: the oldest go), one of them with an error and one hidden: by their facts
# (the best fit among all), by '# rules:' (a path with blanks and CR after it, a missing one),
# by a template's header (from the workspace, then from the document's folder); a test file's
# facts files on disk, one missing and one with an error (diagnostics of another file); a directory
# named *.rules, an empty "# rules:", a file without extension, and with no workspace, a folder that
# does not exist (no rules found).
ws = tempfile.mkdtemp(prefix="evalrules-lsp-answers-")
os.mkdir(os.path.join(ws, "rules"))
os.mkdir(os.path.join(ws, "sub"))
for i in range(40):
    with open(os.path.join(ws, "rules", "r%02d.rules" % i), "w") as f:
        f.write('fact f%02d : bool\nindicator 1 "x" { item 1.1 "y" points 1 { pass when f%02d } }\n' % (i, i))
for name, text in [("rules/bad.rules", "fact f00 : bool\nfact f00 : int\n"), ("rules/.hidden.rules", "fact h : bool\n"),
                   ("rules/notes.txt", "f07\n"), ("sub/badf.facts", "f01 = maybe\n")]:
    with open(os.path.join(ws, name), "w") as f:
        f.write(text)
os.mkdir(os.path.join(ws, "rules", "dir.rules"))  # not a file
W = "file://" + ws
DISK = [("sub/best.facts", "f17 = yes\n"), ("sub/named.facts", "# rules:   ../rules/r03.rules  \r\nf03 = yes\n"),
        ("sub/template.facts", "# rules: missing.rules\n# `evalrules template rules/r05.rules`\nf05 = yes\n"),
        ("sub/beside.facts", "# `evalrules template ../rules/r06.rules`\nf06 = yes\n"),
        ("sub/bad.facts", "# rules: ../rules/bad.rules\nf00 = yes\n"),
        ("sub/cases.tests", '# rules: ../rules/r01.rules\ncase "a"\n  facts missing.facts\ncase "b"\n  facts badf.facts\n'),
        ("sub/again.facts", "f17 = no\n"),
        ("sub/empty.facts", "# rules:\n#rules:../rules/r02.rules\n# `evalrules template `\nf02 = yes\n"),
        ("sub/noext", "f04 = yes\n"), (None, None), ("gone/zz/lone.facts", "f04 = yes\n")]
disk_data = frame({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"rootUri": W}})
for name, text in DISK:
    if name is None:  # the workspace closed: no root
        disk_data += frame({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {}})
        continue
    disk_data += opened(W + "/" + name, "evalrules-tests" if name.endswith(".tests") else "evalrules-facts", text)
    disk_data += frame({"jsonrpc": "2.0", "id": name, "method": "textDocument/hover",
                        "params": {"textDocument": {"uri": W + "/" + name}, "position": {"line": text.count("\n") - 1, "character": 1}}})
for i, (line, ch) in enumerate([(0, 1), (0, 6), (1, 8)]):  # no rules: no names, values or ids to offer
    disk_data += frame({"jsonrpc": "2.0", "id": "lone %d" % i, "method": "textDocument/completion",
                        "params": {"textDocument": {"uri": W + "/gone/zz/lone.facts"}, "position": {"line": line, "character": ch}}})
disk_data += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
    "textDocument": {"uri": W + "/gone/zz/lone.facts"}, "contentChanges": [{"text": "f04 = yes\nexclude \n"}]}})
disk_data += frame({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"})
disk_answers, disk_published, _ = serve(disk_data, failures)
shutil.rmtree(ws)


def in_ws(o):
    """o with the workspace's path written <ws>"""
    return json.loads(json.dumps(o, ensure_ascii=False).replace(ws, "<ws>"))


# the answers to MORE and DISPATCH, the errors without an id and the diagnostics of x.rules, against
# lsp_answers.json (LSP_ANSWERS_UPDATE=1 rewrites it from the server's answers: review its diff)
def brief(method, result):
    """a completion's items as [label, kind, detail] (their documentation is the keywords' own text)"""
    if method != "completion" or not isinstance(result, dict) or "items" not in result:
        return result
    return [[x["label"], x["kind"], x.get("detail")] for x in result["items"]]


got = {"more": [[m[0], m[1], m[2], m[3], brief(m[0], answers.get(300 + i, "no answer"))] for i, m in enumerate(MORE)],
       "dispatch": [[k, answers.get(k, "no answer")] for k in [d[0] for d in DISPATCH] + ["sym " + u[0] for u in UNTITLED]
                    + ["changed", 98, 102]] + [[k, (answers.get(k) or {}).get("capabilities")] for k in (420, 421)],
       "errors without an id": nulls, "diagnostics of x.rules": published.get(XU),
       "on disk": [[n, in_ws(disk_published.get(W + "/" + n)), in_ws(disk_answers.get(n))] for n, _ in DISK if n],
       "completion without rules": [disk_answers.get("lone %d" % i) for i in range(3)]}
expected_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsp_answers.json")
if os.environ.get("LSP_ANSWERS_UPDATE"):
    with open(expected_file, "w") as f:
        f.write("{\n" + ",\n".join("%s: [\n%s\n]" % (json.dumps(k), ",\n".join(json.dumps(x, ensure_ascii=False) for x in v))
                                    if isinstance(v, list) else "%s: %s" % (json.dumps(k), json.dumps(v, ensure_ascii=False))
                                    for k, v in got.items()) + "\n}\n")
want = json.load(open(expected_file))
for key in want:
    for i, (g, w) in enumerate(zip(got[key], want[key]) if isinstance(want[key], list) else [(got[key], want[key])]):
        if g != w:
            failures.append("%s, #%d: got %s, want %s" % (key, i, json.dumps(g, ensure_ascii=False),
                                                           json.dumps(w, ensure_ascii=False)))
    if isinstance(want[key], list) and len(got[key] or []) != len(want[key]):
        failures.append("%s: %d answers, want %d" % (key, len(got[key] or []), len(want[key])))
for f in failures:
    print("FAIL:", f)
print("lsp_answers: %d failures" % len(failures))
sys.exit(1 if failures else 0)
