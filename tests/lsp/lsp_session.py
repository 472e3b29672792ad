#!/usr/bin/env python3
"""lsp_session.py EVALRULES SOURCE_DIR — a scripted LSP client drives `evalrules lsp`
over pipes and checks every answer (docs/editors.md):

  initialize; open a rules file (no diagnostics); hover on a fact, an item, a
  keyword, a function and a rounding mode; definition; references; completion;
  document symbols (the indicator tree); folding; formatting (the edit is
  `evalrules fmt`'s text); a change that breaks the file (a diagnostic at the
  exact range, counted in UTF-16 units after Chinese and astral characters);
  every prefix of the file typed half-way; facts, test and scheme files checked
  against the workspace's rules; completion of fact names and enum values in a
  facts file; malformed input (bad framing, bad JSON, deep nesting, unknown
  methods, wrong parameters, a request before initialize, a body cut short,
  random bytes); shutdown and exit with their exit statuses.
Every read has a timeout: a server that blocks fails the test."""
import json
import os
import re
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading

EVALRULES, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TIMEOUT = 20
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def u16(s):
    """a text's length in UTF-16 code units, as LSP counts characters"""
    return len(s.encode("utf-16-le")) // 2


def pos_of(text, needle, nth=0, delta=0):
    """the LSP position of the nth occurrence of needle in text (plus delta characters)"""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += delta
    line = text.count("\n", 0, i)
    start = text.rfind("\n", 0, i) + 1
    return {"line": line, "character": u16(text[start:i])}


class Server:
    def __init__(self, root=None):
        self.p = subprocess.Popen([EVALRULES, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=root or SOURCE)
        self.q = queue.Queue()
        self.stash = []
        self.next_id = 1
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        out = self.p.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.rstrip(b"\r\n")
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
            n = int(headers["content-length"])
            body = out.read(n)
            self.q.put(json.loads(body.decode("utf-8")))

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def read(self):
        try:
            m = self.q.get(timeout=TIMEOUT)
        except queue.Empty:
            raise SystemExit("FAIL: the server did not answer within %ds" % TIMEOUT)
        if m is None:
            raise SystemExit("FAIL: the server closed its output")
        return m

    def response(self, id_):
        for i, m in enumerate(self.stash):
            if m.get("id") == id_ and "method" not in m:
                return self.stash.pop(i)
        while True:
            m = self.read()
            if m.get("id") == id_ and "method" not in m:
                return m
            self.stash.append(m)

    def answer(self):
        """the next message that is not a notification (an answer with or without an id)"""
        while True:
            m = self.read()
            if "method" not in m:
                return m
            self.stash.append(m)

    def request(self, method, params=None):
        id_ = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": id_, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.response(id_)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        """the next diagnostics published for uri"""
        for i, m in enumerate(self.stash):
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return self.stash.pop(i)["params"]["diagnostics"]
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]
            self.stash.append(m)

    def drain(self):
        """read everything sent so far (a request answers after it), and forget the diagnostics"""
        self.request("shutdown-not", None)
        self.stash = [m for m in self.stash if m.get("method") != "textDocument/publishDiagnostics"]

    def open(self, uri, text, lang="evalrules"):
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}})
        return self.diagnostics(uri)

    def change(self, uri, text, version=2):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})
        return self.diagnostics(uri)

    def finish(self):
        self.p.stdin.close()
        try:
            return self.p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise SystemExit("FAIL: the server did not end when its input did")


def at(uri, position):
    return {"textDocument": {"uri": uri}, "position": position}


# ---- a workspace: rules with Chinese and astral labels, facts, tests, a scheme
ws = tempfile.mkdtemp(prefix="evalrules-lsp-")
os.mkdir(os.path.join(ws, "rules"))
RULES = '''standard "GB/T 27922-2011" { title "商品售后服务评价体系" effective 2012-02-01 }

fact staff.qualified    : sample  "抽查人员中具备岗位所需资格的人数/抽查人数"
fact staff.managers     : int     "售后服务管理人员总数" range 0..
fact staff.certified    : int     "持证售后服务管理师人数" range 0..
fact delivery.mode      : enum { own, contracted, none } "配送方式"
fact special.deductions : int     "特别扣分项数" range 0.. default 0

indicator 5.1.2 "人员配置" points 10 {
  item 5.1.2.1 "人员资格𝔸🏭" points 4 { ratio staff.qualified }
  item 5.1.2.2 "售后服务管理师" points 5 {
    let need = max(1, ceil(staff.managers * 10%))
    score points * min(1, staff.certified / need)
  }
  item 5.1.2.3 "配送" points 1 { pass when delivery.mode != "none" }
}
total  { normalize to 100  deduct "特别扣分项" special.deductions  round half_up to 0.1 }
veto   "特别扣分项达5项及以上，不予评级" when special.deductions >= 5
rating { level "五星级" at 95  level "四星级" at 90  otherwise "未达标" }
'''
rules_path = os.path.join(ws, "rules", "demo.rules")
with open(rules_path, "w") as f:
    f.write(RULES)
RURI = "file://" + rules_path
FACTS = '''subject = "深圳市启明智能电子有限公司"
staff.qualified = 27/30
staff.managers  = 35
staff.certifid  = 3
delivery.mode   = own
'''
FURI = "file://" + os.path.join(ws, "audit.facts")
TESTS = '''case "一"
  staff.qualified = 27/30
  staff.managers = 35
  staff.certified = 3
  delivery.mode = own
  special.deductionz = 1
  expect level 四星级
'''
TURI = "file://" + os.path.join(ws, "demo.tests")
SCHEME = 'scheme heavy "偏重" {\n  5.1.2.9 points 3\n}\n'
SURI = "file://" + os.path.join(ws, "heavy.scheme")

# ---- before initialize, a request is refused
s = Server(ws)
r = s.request("textDocument/hover", at(RURI, {"line": 0, "character": 0}))
check(r.get("error", {}).get("code") == -32002, "a request before initialize: -32002, got %r" % r)
r = s.request("initialize", {"processId": None, "rootUri": "file://" + ws, "capabilities": {}})
caps = r["result"]["capabilities"]
for cap in ("hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
            "documentFormattingProvider", "foldingRangeProvider"):
    check(caps.get(cap) is True, "initialize: %s" % cap)
check("completionProvider" in caps and caps["textDocumentSync"]["change"] == 1, "initialize: completion, sync")
check(caps.get("positionEncoding") == "utf-16", "initialize: positions in UTF-16")
s.notify("initialized", {})

# ---- a valid rules file
d = s.open(RURI, RULES)
check(d == [], "valid rules: no diagnostics, got %r" % d)

r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "staff.qualified }", 0, 3)))["result"]
v = r["contents"]["value"]
check("**fact** `staff.qualified` : sample" in v and "抽查人员中具备岗位所需资格的人数/抽查人数" in v
      and "`5.1.2.1` 人员资格𝔸🏭" in v, "hover on a fact: %r" % v)
p0 = pos_of(RULES, "staff.qualified }")
check(r["range"] == {"start": p0, "end": {"line": p0["line"], "character": p0["character"] + 15}},
      "hover range in UTF-16 after astral characters: %r, expected start %r" % (r["range"], p0))
# 5.1.2.1's line: 'item 5.1.2.1 "人员资格𝔸🏭" points 4 {' — two astral characters, 2 units each
check(p0["character"] == u16('  item 5.1.2.1 "人员资格𝔸🏭" points 4 { ratio ') == 43, "UTF-16 column %r" % p0)
r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "5.1.2.2", 0, 2)))["result"]
check("**item** `5.1.2.2` 售后服务管理师" in r["contents"]["value"] and "points 5" in r["contents"]["value"],
      "hover on an item: %r" % r)
r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "5.1.2 ", 0, 1)))["result"]
v = r["contents"]["value"]
check("**indicator** `5.1.2` 人员配置" in v and "points 10" in v and "`5.1.2.3` 配送 — 1" in v,
      "hover on an indicator (points, children): %r" % v)
for word, kind in (("ratio", "keyword"), ("min(", "function"), ("half_up", "rounding mode")):
    r = s.request("textDocument/hover", at(RURI, pos_of(RULES, word, 0, 1)))["result"]
    check(r and r["contents"]["value"].startswith("**%s**" % kind), "hover on %s: %r" % (word, r))
r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "need)", 0, 1)))["result"]
check(r and "**let** `need`" in r["contents"]["value"] and "max(1, ceil(" in r["contents"]["value"],
      "hover on a let: %r" % r)
r = s.request("textDocument/hover", at(RURI, {"line": 0, "character": 200}))
check(r.get("result") is None and "error" not in r, "hover past a line's end: null, got %r" % r)

r = s.request("textDocument/definition", at(RURI, pos_of(RULES, "staff.certified /", 0, 4)))["result"]
check(r == [{"uri": RURI, "range": {"start": pos_of(RULES, "staff.certified"),
                                    "end": pos_of(RULES, "staff.certified", 0, 15)}}],
      "definition of a fact: %r" % r)
r = s.request("textDocument/definition", at(RURI, pos_of(RULES, "need)", 0, 1)))["result"]
check(r and r[0]["range"]["start"] == pos_of(RULES, "need ="), "definition of a let: %r" % r)
r = s.request("textDocument/references", dict(at(RURI, pos_of(RULES, "special.deductions >=")),
                                              context={"includeDeclaration": True}))["result"]
check(sorted(x["range"]["start"]["line"] for x in r) == [6, 16, 17], "references: %r" % r)
r = s.request("textDocument/references", dict(at(RURI, pos_of(RULES, "special.deductions >=")),
                                              context={"includeDeclaration": False}))["result"]
check(len(r) == 2, "references without the declaration: %r" % r)
# hover on a fact read outside the tree: by a deduction and a veto, named as such
r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "special.deductions >=", 0, 2)))["result"]
v = r["contents"]["value"]
check("read by:\n- deduction \"特别扣分项\"\n- veto \"特别扣分项达5项及以上，不予评级\"" in v
      and "read by no clause" not in v, "hover on a fact read by a deduction and a veto: %r" % v)

# an indicator's id where it is declared and where a rule reads its result
REFS = RULES.replace('pass when delivery.mode != "none" }', 'pass when delivery.mode != "none" and failed(5.1.2.1) == 0 }')
s.change(RURI, REFS, 77)
r = s.request("textDocument/references", dict(at(RURI, pos_of(REFS, "5.1.2.1", 0, 3)), context={"includeDeclaration": True}))["result"]
check([x["range"]["start"] for x in r] == [pos_of(REFS, "5.1.2.1"), pos_of(REFS, "5.1.2.1", 1)],
      "references to an item id: the declaration and failed(…): %r" % r)
r = s.request("textDocument/definition", at(RURI, pos_of(REFS, "5.1.2.1", 1, 2)))["result"]
check(r and r[0]["range"]["start"] == pos_of(REFS, "5.1.2.1"), "definition of an id read by failed(): %r" % r)
s.change(RURI, RULES, 78)
SHORT = '''fact a : int "x"
indicator 5.1 "甲" points 10 {
  item 5.1.1 "乙" points 5 { pass when a > 1 }
  item 5.1.2 "丙" points 5 { pass when failed(5.1.1) == 0 }
}
total { normalize to 100 round half_up to 0.1 }
veto "v" when earned(5.1) < 3
rating { level "好" at 60 otherwise "差" }
'''
SHURI = "file://" + os.path.join(ws, "short.rules")
check(s.open(SHURI, SHORT) == [], "a rules file with a first-level id '5.1'")
r = s.request("textDocument/references", dict(at(SHURI, pos_of(SHORT, "5.1 ", 0, 1)), context={"includeDeclaration": True}))["result"]
check([x["range"]["start"] for x in r] == [pos_of(SHORT, "5.1 "), pos_of(SHORT, "5.1)")],
      "references to an id that reads as a number ('5.1'): %r" % r)
r = s.request("textDocument/hover", at(SHURI, pos_of(SHORT, "5.1)")))["result"]
check(r and "children:\n- `5.1.1` 乙 — 5\n- `5.1.2` 丙 — 5" in r["contents"]["value"], "hover on earned(5.1): %r" % r)
s.notify("textDocument/didClose", {"textDocument": {"uri": SHURI}})
s.diagnostics(SHURI)
r = s.request("textDocument/completion", at(RURI, pos_of(RULES, "score points", 0, 6)))["result"]
labels = {i["label"]: i for i in r["items"]}
for want in ("staff.qualified", "staff.managers", "delivery.mode", "5.1.2.1", "need", "ratio", "grade",
             "min", "years_between", "half_up", "half_even"):
    check(want in labels, "completion in rules offers %s" % want)
check(labels.get("staff.managers", {}).get("detail", "").startswith("int"), "completion detail: type first")

r = s.request("textDocument/documentSymbol", {"textDocument": {"uri": RURI}})["result"]
tree = [x for x in r if x["name"] == "5.1.2"]
check(len(tree) == 1 and [c["name"] for c in tree[0].get("children", [])] == ["5.1.2.1", "5.1.2.2", "5.1.2.3"]
      and tree[0]["detail"] == "人员配置", "symbols: the indicator tree: %r" % tree)
check(sum(1 for x in r if x["kind"] == 8) == 5, "symbols: the five facts")
check(tree and tree[0]["range"]["start"]["line"] == 8 and tree[0]["range"]["end"]["line"] == 15,
      "symbol range: the indicator's block")

r = s.request("textDocument/foldingRange", {"textDocument": {"uri": RURI}})["result"]
check({"startLine": 8, "endLine": 14} in r and {"startLine": 10, "endLine": 12} in r, "folding: %r" % r)

r = s.request("textDocument/formatting", {"textDocument": {"uri": RURI}, "options": {"tabSize": 2, "insertSpaces": True}})
fmt = subprocess.run([EVALRULES, "fmt", "--kind", "rules", "-"], input=RULES.encode(), capture_output=True)
expected = fmt.stdout.decode()
edits = r["result"]
if expected == RULES:
    check(edits == [], "formatting a formatted file: no edit, got %r" % edits)
else:
    check(len(edits) == 1 and edits[0]["newText"] == expected, "formatting equals evalrules fmt")
messy = RULES.replace("points 4 {", "points   4{").replace("  item 5.1.2.3", "        item 5.1.2.3")
s.change(RURI, messy)
edits = s.request("textDocument/formatting", {"textDocument": {"uri": RURI}, "options": {}})["result"]
fmt = subprocess.run([EVALRULES, "fmt", "--kind", "rules", "-"], input=messy.encode(), capture_output=True)
lines = messy.split("\n")
check(len(edits) == 1 and edits[0]["newText"] == fmt.stdout.decode() and fmt.returncode == 0
      and edits[0]["range"] == {"start": {"line": 0, "character": 0},
                                "end": {"line": len(lines) - 1, "character": u16(lines[-1])}},
      "formatting edit equals `evalrules fmt` and covers the document: %r" % edits)

# ---- a change that breaks it: the diagnostic's range, in UTF-16 units
broken = RULES.replace("ratio staff.qualified", "ratio staff.qualifed")
d = s.change(RURI, broken, 3)
p = pos_of(broken, "staff.qualifed")
check(len(d) == 2 and d[0]["severity"] == 1 and "unknown name 'staff.qualifed'" in d[0]["message"]
      and "did you mean 'staff.qualified'?" in d[0]["message"]
      and d[1]["severity"] == 2 and d[1]["range"]["start"] == pos_of(broken, "staff.qualified")
      and d[0]["range"] == {"start": p, "end": {"line": p["line"], "character": p["character"] + 14}},
      "diagnostic at the exact range: %r (expected start %r)" % (d, p))
r = s.request("textDocument/formatting", {"textDocument": {"uri": RURI}, "options": {}})
check("result" in r, "formatting a file that parses but does not check: %r" % r.get("error"))
d = s.change(RURI, RULES.replace("rating {", "rating {{"), 4)
check(d and d[0]["severity"] == 1, "a syntax error: %r" % d)
r = s.request("textDocument/formatting", {"textDocument": {"uri": RURI}, "options": {}})
check(r.get("error", {}).get("code") == -32803, "formatting a file with syntax errors: an error: %r" % r)

# ---- every prefix of the file, typed half-way: diagnostics, hover and completion answer
for n in range(0, len(RULES) + 1, 7):
    text = RULES[:n]
    s.change(RURI, text, 10 + n)
    end = {"line": text.count("\n"), "character": u16(text[text.rfind("\n") + 1:])}
    r = s.request("textDocument/hover", at(RURI, end))
    check("result" in r, "hover on a half-typed file (%d chars)" % n)
    r = s.request("textDocument/completion", at(RURI, end))
    check("result" in r and len(r["result"]["items"]) > 30, "completion on a half-typed file (%d chars)" % n)
    for m in ("textDocument/documentSymbol", "textDocument/foldingRange"):
        check("result" in s.request(m, {"textDocument": {"uri": RURI}}), "%s on a half-typed file" % m)
s.change(RURI, RULES, 9999)

# ---- texts made to be slow: answered within the timeout
import time
slow = "indicator 1 { let a = a " * 3000 + "}" * 3000 + "\nlet b = 1\n" * 20000 + "fact x : int\n" * 20000
SLOW = "file://" + os.path.join(ws, "slow.rules")
t0 = time.time()
s.open(SLOW, slow)
r = s.request("textDocument/references", dict(at(SLOW, {"line": 0, "character": 18}), context={"includeDeclaration": True}))
check("result" in r, "references in a text made to be slow")
r = s.request("textDocument/references", dict(at(SLOW, {"line": 20000, "character": 6}), context={"includeDeclaration": True}))
check("result" in r, "references to one of 20000 facts of one name")
for m in ("textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/formatting"):
    s.request(m, {"textDocument": {"uri": SLOW}, "options": {}})
s.request("textDocument/completion", at(SLOW, {"line": 1, "character": 0}))
check(time.time() - t0 < 60, "a text made to be slow takes %.1fs" % (time.time() - t0))
s.notify("textDocument/didClose", {"textDocument": {"uri": SLOW}})
s.diagnostics(SLOW)

# ---- facts, tests and scheme files, against the workspace's rules
d = s.open(FURI, FACTS, "evalrules-facts")
p = pos_of(FACTS, "staff.certifid")
check(len(d) == 1 and "unknown fact 'staff.certifid'" in d[0]["message"] and d[0]["range"]["start"] == p,
      "facts diagnostics: %r" % d)
r = s.request("textDocument/completion", at(FURI, {"line": 5, "character": 0}))["result"]
labels = {i["label"]: i for i in r["items"]}
check("staff.certified" in labels and labels["staff.certified"]["detail"] == "int — 持证售后服务管理师人数",
      "facts completion: names with type and label: %r" % labels.get("staff.certified"))
r = s.request("textDocument/completion", at(FURI, pos_of(FACTS, "own")))["result"]
check(sorted(i["label"] for i in r["items"]) == ["contracted", "none", "own"], "facts completion: enum values %r" % r)
r = s.request("textDocument/hover", at(FURI, pos_of(FACTS, "staff.managers", 0, 3)))["result"]
check(r and "**fact** `staff.managers` : int" in r["contents"]["value"] and "range 0.." in r["contents"]["value"],
      "hover in a facts file: %r" % r)
r = s.request("textDocument/definition", at(FURI, pos_of(FACTS, "staff.managers", 0, 3)))["result"]
check(r and r[0]["uri"] == RURI and r[0]["range"]["start"] == pos_of(RULES, "staff.managers"),
      "definition from a facts file into the rules: %r" % r)
r = s.request("textDocument/references", dict(at(FURI, pos_of(FACTS, "staff.managers")), context={"includeDeclaration": True}))["result"]
check(len(r) == 3 and all(x["uri"] == RURI for x in r[:2]) and r[2] == {"uri": FURI, "range": {
      "start": pos_of(FACTS, "staff.managers"), "end": pos_of(FACTS, "staff.managers", 0, 14)}},
      "references from a facts file: the rules' uses, then the open files': %r" % r)
good = FACTS.replace("certifid", "certified")
d = s.change(FURI, good)
check(d == [], "a valid facts file: no diagnostics, got %r" % d)
# another rules file opened later: the facts file stays with the rules whose facts it gives
OTHER = 'fact other.x : int "x"\nindicator 9 "九" points 1 { item 9.1 "一" points 1 { pass when other.x > 0 } }\n' \
        'total { normalize to 100 round half_up to 0.1 }\nrating { level "好" at 60 otherwise "差" }\n'
OURI = "file://" + os.path.join(ws, "rules", "other.rules")
s.drain()
check(s.open(OURI, OTHER) == [], "another rules file")
d = s.diagnostics(FURI)
check(d == [], "a facts file is read against the rules that declare its facts, not the last opened: %r" % d)
s.notify("textDocument/didClose", {"textDocument": {"uri": OURI}})
s.drain()
d = s.change(FURI, good.replace("staff.managers  = 35\n", ""), 3)
check(d and "staff.managers" in d[0]["message"], "a missing fact is reported: %r" % d)
d = s.open(TURI, TESTS.replace('case "一"\n', 'case "一"\n  facts audit.facts  # 样例\n'), "evalrules-tests")
r = s.request("textDocument/definition", at(TURI, {"line": 1, "character": 12}))["result"]
check(r == [{"uri": FURI, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}],
      "definition of a case's facts file: %r" % r)
d = s.change(TURI, TESTS)
check(d and "special.deductionz" in d[0]["message"] and d[0]["range"]["start"]["line"] == 5, "tests diagnostics: %r" % d)
# every diagnostic carries its stable code (docs/diagnostics.md) and says where it comes from
check(re.fullmatch(r"[EW]\d{4}", str(d[0].get("code", ""))) and d[0].get("source") == "evalrules",
      "a diagnostic's code and source: %r" % d[0])
d = s.open(SURI, SCHEME, "evalrules-scheme")
check(d and "5.1.2.9" in d[0]["message"] and d[0]["range"]["start"] == pos_of(SCHEME, "5.1.2.9"),
      "scheme diagnostics: %r" % d)
# a facts file naming its rules: '# rules: PATH', or a template's header
ZZ = '''fact zz.count : int "数量" range 0..
indicator 1.1.1 "甲" points 10 {
  item 1.1.1.1 "乙" points 10 { score points * min(1, zz.count / 10) }
}
total { normalize to 100 round half_up to 0.1 }
rating { level "好" at 60 otherwise "差" }
'''
with open(os.path.join(ws, "rules", "zz.rules"), "w") as f:
    f.write(ZZ)
NAMED = "# rules: rules/zz.rules\nzz.cont = 3\n"
NURI = "file://" + os.path.join(ws, "named.facts")
d = s.open(NURI, NAMED)
check(len(d) == 1 and "unknown fact 'zz.cont'; did you mean 'zz.count'?" in d[0]["message"]
      and d[0]["range"]["start"] == {"line": 1, "character": 0}, "facts read against the rules they name: %r" % d)
d = s.change(NURI, NAMED.replace("cont", "count"))
check(d == [], "a valid facts file of the rules it names: %r" % d)
# the rules file changed on disk (its size too) is read again; and back
with open(os.path.join(ws, "rules", "zz.rules"), "w") as f:
    f.write(ZZ.replace("zz.count", "zz.amount"))
d = s.change(NURI, NAMED.replace("cont", "count"), 3)
check(len(d) == 1 and "unknown fact 'zz.count'; did you mean 'zz.amount'?" in d[0]["message"],
      "a rules file changed on disk is read again: %r" % d)
with open(os.path.join(ws, "rules", "zz.rules"), "w") as f:
    f.write(ZZ)
d = s.change(NURI, NAMED.replace("cont", "count"), 4)
check(d == [], "the rules file changed back on disk: %r" % d)
tpl = subprocess.run([EVALRULES, "template", "rules/zz.rules"], cwd=ws, capture_output=True, text=True).stdout
d = s.open("file://" + os.path.join(ws, "blank.facts"), tpl)
check(len(d) == 1 and "missing fact 'zz.count'" in d[0]["message"] and "note: an incomplete audit" in d[0]["message"],
      "a template read against the rules its header names: %r" % d)
# a rules change is seen by the files read against it
s.change(RURI, RULES.replace("staff.certified", "staff.certified2"), 10001)
d = s.diagnostics(FURI)
check(d and "unknown fact 'staff.certified'" in d[0]["message"], "facts re-checked after the rules changed: %r" % d)
s.change(RURI, RULES, 10002)
# while the rules do not check, a facts file's hover and completion use their last text that did
s.change(FURI, good, 4)
s.drain()
s.change(RURI, RULES.replace("rating {", "rating {{"), 10003)
d = s.diagnostics(FURI)
check(len(d) == 1 and d[0]["message"] == "not checked against the rules: %s has errors" % RURI and d[0]["severity"] == 3,
      "a facts file while its rules do not check: %r" % d)
r = s.request("textDocument/hover", at(FURI, pos_of(good, "staff.managers", 0, 3)))["result"]
check(r and "**fact** `staff.managers` : int" in r["contents"]["value"], "hover from the last rules that checked: %r" % r)
r = s.request("textDocument/completion", at(FURI, {"line": 5, "character": 0}))["result"]
check(any(i["label"] == "staff.certified" for i in r["items"]), "completion from the last rules that checked")
r = s.request("textDocument/hover", at(RURI, pos_of(RULES, "staff.qualified }", 0, 3)))["result"]
check(r and "抽查人员中具备岗位所需资格的人数/抽查人数" in r["contents"]["value"], "hover in rules that do not parse: %r" % r)
s.change(RURI, RULES, 10004)
s.request("textDocument/hover", at(RURI, {"line": 0, "character": 0}))  # every publication read
s.stash = [m for m in s.stash if m.get("params", {}).get("uri") != TURI]
s.notify("textDocument/didClose", {"textDocument": {"uri": TURI}})
check(s.diagnostics(TURI) == [], "closing clears diagnostics")

# ---- a UTF-8 byte order mark at the start of a text does not shift positions: editors do not
# count it, so the first line's characters are counted from after it
BOM = "\ufeff"
BRULES = BOM + RULES.replace('standard "GB/T', 'standrd "GB/T')
BRURI = "file://" + os.path.join(ws, "bom.rules")
d = s.open(BRURI, BRULES)
check(d and "did you mean 'standard'?" in d[0]["message"]
      and d[0]["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 7}},
      "a diagnostic on the first line after a byte order mark: %r" % d[:1])
d = s.change(BRURI, BOM + RULES)
check(d == [], "rules with a byte order mark check: %r" % d)
r = s.request("textDocument/hover", at(BRURI, {"line": 0, "character": 2}))["result"]
check(r and r["range"]["start"] == {"line": 0, "character": 0}, "hover on the first word after a byte order mark: %r" % r)
s.notify("textDocument/didClose", {"textDocument": {"uri": BRURI}})
s.drain()
BFACTS = BOM + good.replace("staff.managers  = 35\n", "").replace("subject", "staff.managerz  = 35\nsubject")
BFURI = "file://" + os.path.join(ws, "bom.facts")
d = s.open(BFURI, BFACTS)
check(len(d) == 1 and "unknown fact 'staff.managerz'" in d[0]["message"]
      and d[0]["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 14}},
      "a facts file's first line after a byte order mark: %r" % d)
d = s.change(BFURI, BFACTS.replace("managerz", "managers"))
check(d == [], "a facts file with a byte order mark: %r" % d)
r = s.request("textDocument/hover", at(BFURI, {"line": 0, "character": 3}))["result"]
check(r and "**fact** `staff.managers`" in r["contents"]["value"]
      and r["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 14}},
      "hover on a facts file's first line after a byte order mark: %r" % r)
r = s.request("textDocument/completion", at(BFURI, {"line": 0, "character": 3}))["result"]
check(any(i["label"] == "staff.managers" for i in r["items"]), "completion on the first line after a byte order mark")
r = s.request("textDocument/documentSymbol", {"textDocument": {"uri": BFURI}})["result"]
check(r and r[0]["name"].startswith("staff.managers") and r[0]["range"]["start"] == {"line": 0, "character": 0},
      "a facts file's first symbol after a byte order mark: %r" % r[:1])
s.notify("textDocument/didClose", {"textDocument": {"uri": BFURI}})
s.drain()

# ---- a scheme's pairwise judgements: the ids on both sides of ':' link to the rules (definition,
# hover), whether the scanner reads them as numbers (5.1) or as clause ids (5.3.2)
os.mkdir(os.path.join(ws, "pw"))
shutil.copy(os.path.join(SOURCE, "rules", "gbt27922.rules"), os.path.join(ws, "pw", "g.rules"))
G = open(os.path.join(ws, "pw", "g.rules"), encoding="utf-8").read()
GURI = "file://" + os.path.join(ws, "pw", "g.rules")
PW = "# rules: g.rules\n" + open(os.path.join(SOURCE, "examples", "schemes", "ahp-first-level.scheme"),
                                  encoding="utf-8").read()
PURI = "file://" + os.path.join(ws, "pw", "ahp.scheme")
d = s.open(PURI, PW, "evalrules-scheme")
check(d == [], "a scheme of pairwise judgements checks: %r" % d)
for needle, delta, target in [("5.1 : 5.2 = 1", 0, "5.1"), ("5.1 : 5.2 = 1", 6, "5.2"), ("5.2 : 5.3", 7, "5.3"),
                              ("pairwise 5.3", 9, "5.3"), ("5.3.2 : 5.3.1", 0, "5.3.2"), ("5.3.2 : 5.3.1", 9, "5.3.1")]:
    p = pos_of(PW, needle, 0, delta)
    want = pos_of(G, "indicator %s " % target, 0, 10) if target.count(".") < 2 else None
    r = s.request("textDocument/definition", at(PURI, p))["result"]
    check(r and r[0]["uri"] == GURI and (want is None or r[0]["range"]["start"] == want)
          and G.split("\n")[r[0]["range"]["start"]["line"]].lstrip().split()[1] == target,
          "definition of %s in a pairwise line: %r" % (target, r))
    r = s.request("textDocument/hover", at(PURI, p))["result"]
    check(r and "`%s`" % target in r["contents"]["value"], "hover on %s in a pairwise line: %r" % (target, r))
# references from a facts, test or scheme file: the rules' uses, then those of the other files
# open in the editor that are read against the same rules
PT = 'case "甲"\n  staff.managers = 35\n  expect earned 5.3.1 12\n'
PTURI = "file://" + os.path.join(ws, "pw", "g.tests")
s.open(PTURI, PT, "evalrules-tests")
PF = "# rules: g.rules\nstaff.managers = 40\nexclude 5.3.1\n"
PFURI = "file://" + os.path.join(ws, "pw", "g.facts")
s.open(PFURI, PF)
s.drain()
G_USES = [(GURI, x) for x in range(len(G.split("\n"))) if re.search(r"(?<![\w.])5\.3\.1(?![\w.])", G.split("\n")[x])
          and not G.split("\n")[x].lstrip().startswith("#")]
for uri, text in [(PTURI, PT), (PURI, PW), (PFURI, PF)]:
    r = s.request("textDocument/references", dict(at(uri, pos_of(text, "5.3.1", 0, 2)),
                                                   context={"includeDeclaration": True}))["result"] or []
    got = [(x["uri"], x["range"]["start"]["line"]) for x in r]
    check(got[:len(G_USES)] == G_USES and sorted(got[len(G_USES):]) ==
          sorted([(PURI, pos_of(PW, "5.3.1")["line"]), (PTURI, 2), (PFURI, 2)]),
          "references of 5.3.1 from %s: %r, expected the rules' %r and the open files'" % (uri, got, G_USES))
r = s.request("textDocument/references", dict(at(PFURI, pos_of(PF, "staff.managers")),
                                               context={"includeDeclaration": False}))["result"] or []
got = [(x["uri"], x["range"]["start"]["line"]) for x in r]
check(got and all(u == GURI for u, _ in got[:-2]) and got[-2:] == [(PTURI, 1), (PFURI, 1)],
      "references of a fact from a facts file include the open test file's: %r" % got)
for u in (PTURI, PFURI):
    s.notify("textDocument/didClose", {"textDocument": {"uri": u}})
s.notify("textDocument/didClose", {"textDocument": {"uri": PURI}})
s.drain()
# in a rules file's own scheme, the right of ':' ('5.2' is a number to the scanner) was no name
INL = '''fact a.x : int "x" range 0..
indicator 5 "五" points 10 {
  item 5.1 "一" points 5 { pass when a.x > 0 }
  item 5.2 "二" points 5 { pass when a.x > 1 }
}
total { normalize to 100 round half_up to 0.1 }
rating { level "好" at 60 otherwise "差" }
scheme s "甲" {
  pairwise 5 {
    5.1 : 5.2 = 2
  }
}
'''
IURI = "file://" + os.path.join(ws, "pw", "inline.rules")
d = s.open(IURI, INL)
check(d == [], "rules with a scheme of their own: %r" % d)
r = s.request("textDocument/definition", at(IURI, pos_of(INL, "5.2 = 2")))["result"]
check(r and r[0]["range"]["start"] == pos_of(INL, "5.2 \"二\""), "definition of the right of ':' in the rules' scheme: %r" % r)
r = s.request("textDocument/references", dict(at(IURI, pos_of(INL, "5.2 \"二\"")), context={"includeDeclaration": True}))["result"]
check(sorted(x["range"]["start"]["line"] for x in r or []) == [3, 9], "references of 5.2 include its pairwise use: %r" % r)
s.notify("textDocument/didClose", {"textDocument": {"uri": IURI}})
s.drain()

# ---- malformed input: answered with JSON-RPC errors, the server reads on
s.raw(b"Content-Type: nothing\r\n\r\n")
r = s.answer()
check(r.get("error", {}).get("code") == -32700 and r.get("id") is None, "a header without Content-Length: %r" % r)
s.raw(b"Content-Length: 9\r\n\r\n{not json")
r = s.answer()
check(r.get("error", {}).get("code") == -32700, "bad JSON: %r" % r)
s.raw(b"Content-Length: 3\r\n\r\n\xff\xfe\"")
check(s.answer().get("error", {}).get("code") == -32700, "bytes that are not UTF-8")
deep = b"[" * 100000 + b"]" * 100000
s.raw(b"Content-Length: %d\r\n\r\n" % len(deep) + deep)
check(s.answer().get("error", {}).get("code") == -32700, "deep nesting")
s.send([{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}])
check(s.answer().get("error", {}).get("code") == -32600, "a batch")
s.send("hello")
check(s.answer().get("error", {}).get("code") == -32600, "not an object")
r = s.request("textDocument/unknownThing", {})
check(r.get("error", {}).get("code") == -32601, "an unknown method: %r" % r)
s.send({"jsonrpc": "2.0", "id": "str-id", "method": "no/such"})
r = s.response("str-id")
check(r.get("error", {}).get("code") == -32601, "a string id is echoed: %r" % r)
s.notify("$/unknownNotification", {"x": 1})  # no answer
r = s.request("textDocument/hover", {"textDocument": {"uri": RURI}, "position": {"line": "one", "character": 0}})
check(r.get("error", {}).get("code") == -32602, "a position that is not a number: %r" % r)
r = s.request("textDocument/hover", at("file:///nowhere.rules", {"line": 0, "character": 0}))
check(r.get("error", {}).get("code") == -32602, "a document not open: %r" % r)
r = s.request("textDocument/hover", None)
check(r.get("error", {}).get("code") == -32602, "no params: %r" % r)
s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///nowhere.rules"}, "contentChanges": [{"text": 1}]})
s.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
r = s.request("textDocument/hover", at(RURI, {"line": -5, "character": -1}))
check("result" in r, "negative positions: %r" % r)
r = s.request("textDocument/completion", at(RURI, {"line": 10 ** 12, "character": 10 ** 12}))
check("result" in r, "huge positions: %r" % r)

# ---- shutdown, then only exit
r = s.request("shutdown")
check("result" in r and r["result"] is None, "shutdown: %r" % r)
r = s.request("textDocument/hover", at(RURI, {"line": 0, "character": 0}))
check(r.get("error", {}).get("code") == -32600, "a request after shutdown: %r" % r)
s.notify("exit", None)
rc = s.finish()
check(rc == 0, "exit after shutdown: status 0, got %r" % rc)
check(not s.stash or all(m.get("method") == "textDocument/publishDiagnostics" for m in s.stash),
      "no unexpected messages: %r" % [m for m in s.stash if m.get("method") != "textDocument/publishDiagnostics"][:3])

# ---- a workspace of many rules files: each facts file finds its own, the cache turns over
ws2 = tempfile.mkdtemp(prefix="evalrules-lsp-many-")
os.mkdir(os.path.join(ws2, "rules"))
for i in range(40):
    with open(os.path.join(ws2, "rules", "r%02d.rules" % i), "w") as f:
        f.write('fact f%d.x : int "第%d"\nindicator 9 "九" points 1 { item 9.1 "一" points 1 { pass when f%d.x > 0 } }\n'
                'total { normalize to 100 round half_up to 0.1 }\nrating { level "好" at 60 otherwise "差" }\n' % (i, i, i))
s = Server(ws2)
s.request("initialize", {"rootUri": "file://" + ws2, "capabilities": {}})
for k in range(31):
    uri = "file://%s/a%d.facts" % (ws2, k % 4)
    text = "f%d.x = 1\n" % (k * 7 % 31)
    d = s.open(uri, text) if k < 4 else s.change(uri, text, k)
    check(d == [], "many rules files: a%d.facts with f%d.x: %r" % (k % 4, k * 7 % 31, d))
    r = s.request("textDocument/hover", at(uri, {"line": 0, "character": 1}))["result"]
    check(r and "第%d" % (k * 7 % 31) in r["contents"]["value"], "many rules files: hover %r" % r)
s.request("shutdown")
s.notify("exit", None)
check(s.finish() == 0, "many rules files: exit")
shutil.rmtree(ws2)

# ---- exit without shutdown: 1; a body cut short at the end of input: ends, 1
s = Server(ws)
s.request("initialize", {"rootUri": None, "capabilities": {}})
s.notify("exit", None)
check(s.finish() == 1, "exit without shutdown: status 1")
s = Server(ws)
s.raw(b"Content-Length: 1000000\r\n\r\n{\"jsonrpc\"")
check(s.finish() == 1, "a body cut short: the server ends")
s = Server(ws)
s.raw(b"Content-Length: 99999999999999999999999\r\n\r\n")
check(s.answer().get("error", {}).get("code") == -32700, "an absurd Content-Length")
s.raw(b"Content-Length: %d\r\n\r\n" % (65 << 20) + b" " * (65 << 20))
check(s.answer().get("error", {}).get("code") == -32600, "a message over 64 MiB is dropped")
r = s.request("initialize", {"capabilities": {}})
check("result" in r, "the server reads on after a message too large")
s.p.stdin.close()
s.p.wait(timeout=TIMEOUT)
# random bytes, and random messages: no crash, no hang
rng = random.Random(14)
for trial in range(20):
    s = Server(ws)
    junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    if trial % 2:
        junk = b"Content-Length: %d\r\n\r\n" % len(junk) + junk
    s.raw(junk)
    rc = s.finish()
    check(rc in (0, 1), "random bytes (trial %d): status %r, stderr %r" % (trial, rc, s.p.stderr.read()[:300]))

shutil.rmtree(ws)
if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("lsp session: every answer as expected")
