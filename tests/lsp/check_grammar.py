#!/usr/bin/env python3
"""check_grammar.py SOURCE_DIR — the editor files under editors/ hold:

  1. the TextMate grammar (editors/evalrules.tmLanguage.json) is JSON with a
     scopeName and patterns, every include names a rule of its repository, and
     every regex compiles (Python's re; the grammar keeps to the syntax
     Oniguruma and re share);
  2. a small TextMate tokeniser (earliest match first, ties to the first
     pattern; begin/end regions) covers every character of the bundled rules,
     tests, schemes and examples that is not a blank: no unmatched region, no
     invalid.illegal token; and a few tokens get the scope they should;
  3. the VS Code extension's manifest is JSON, names the grammar, the four
     file extensions and extension.js, which starts `evalrules lsp`;
  4. when nvim is installed, the Vim files load: the filetype is detected and
     the syntax defines its groups without an error."""
import glob
import json
import os
import re
import subprocess
import shutil
import sys

src = sys.argv[1]
problems = []
grammar_path = os.path.join(src, "editors", "evalrules.tmLanguage.json")
g = json.load(open(grammar_path, encoding="utf-8"))
if g.get("scopeName") != "source.evalrules" or not g.get("patterns"):
    problems.append("grammar: scopeName source.evalrules and patterns needed")
repo = g.get("repository", {})


def compiled(rule, key):
    try:
        return re.compile(rule[key])
    except re.error as e:
        problems.append("grammar: %s of %r does not compile: %s" % (key, rule.get("name"), e))
        return re.compile(r"(?!)")


def expand(patterns):
    """top-level patterns with includes resolved, as (rule, compiled) pairs"""
    out = []
    for p in patterns:
        if "include" in p:
            name = p["include"].lstrip("#")
            if name not in repo:
                problems.append("grammar: include of unknown rule %r" % name)
                continue
            out += expand([repo[name]])
        elif "match" in p:
            out.append((p, compiled(p, "match")))
        elif "begin" in p:
            p["_begin"], p["_end"] = compiled(p, "begin"), compiled(p, "end")
            p["_inner"] = expand(p.get("patterns", []))
            out.append((p, p["_begin"]))
        else:
            problems.append("grammar: a pattern with neither match nor begin: %r" % p)
    return out


top = expand(g["patterns"])


def scopes_of(rule, m):
    names = [rule.get("name")] if rule.get("name") else []
    for k, c in rule.get("captures", {}).items():
        if m.group(int(k)) is not None:
            names.append(c.get("name"))
    return [n for n in names if n]


def earliest(patterns, line, pos):
    best = None
    for rule, rx in patterns:
        m = rx.search(line, pos)
        if m and (best is None or m.start() < best[1].start()):
            best = (rule, m)
    return best


def tokenise(line):
    """[(start, end, scopes)] and the unmatched stretches [(start, end)]"""
    tokens, unmatched, pos, region = [], [], 0, None
    while pos < len(line):
        if region:
            rule = region
            cands = [(None, rule["_end"])] + rule["_inner"]
            hit = earliest(cands, line, pos)
            if hit is None:
                tokens.append((pos, len(line), [rule["name"]]))
                break
            r, m = hit
            if r is None:  # the end
                tokens.append((pos, m.end(), [rule["name"]]))
                region, pos = None, max(m.end(), pos + (1 if m.end() == m.start() == pos else 0))
                continue
            tokens.append((m.start(), m.end(), [rule["name"]] + scopes_of(r, m)))
            pos = max(m.end(), pos + 1)
            continue
        hit = earliest(top, line, pos)
        end = hit[1].start() if hit else len(line)
        if line[pos:end].strip():
            unmatched.append((pos, end))
        if not hit:
            break
        r, m = hit
        if "_begin" in r:
            region = r
            tokens.append((m.start(), m.end(), [r["name"]]))
            pos = m.end()
            continue
        tokens.append((m.start(), m.end(), [r["name"]] if r.get("name") else []))
        for k, c in r.get("captures", {}).items():
            if m.group(int(k)) is not None:
                tokens.append((m.start(int(k)), m.end(int(k)), [c["name"]]))
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return tokens, unmatched


files = sorted(glob.glob(os.path.join(src, "rules", "*.rules")) + glob.glob(os.path.join(src, "rules", "*.tests"))
               + glob.glob(os.path.join(src, "examples", "*.facts"))
               + glob.glob(os.path.join(src, "examples", "schemes", "*.scheme")))
if len(files) < 5:
    problems.append("found only %d bundled files to tokenise" % len(files))
seen = {}
for path in files:
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        tokens, unmatched = tokenise(line)
        for a, b in unmatched:
            problems.append("%s:%d:%d: no pattern matches %r" % (os.path.relpath(path, src), n, a + 1, line[a:b]))
        for a, b, scopes in tokens:
            if any("invalid" in s for s in scopes):
                problems.append("%s:%d:%d: invalid token %r" % (os.path.relpath(path, src), n, a + 1, line[a:b]))
            for s in scopes:
                seen.setdefault(line[a:b], set()).add(s)

# a few tokens and the scope they get
expect = {"fact": "storage.type.evalrules", "indicator": "storage.type.evalrules", "ratio": "keyword.control.evalrules",
          "half_up": "support.constant.rounding.evalrules", "min": "support.function.evalrules",
          "staff.certified": "entity.name.evalrules", "5.1.2.2": "entity.name.evalrules",
          "# 5.1.2 人员配置": "comment.line.number-sign.evalrules", "27/30": "constant.numeric.sample.evalrules",
          "88%": "constant.numeric.percent.evalrules", "2026-03-24": "constant.numeric.date.evalrules"}
for text, scope in expect.items():
    if scope not in seen.get(text, set()):
        problems.append("%r is not scoped %s (got %s)" % (text, scope, sorted(seen.get(text, []))))
toks, _ = tokenise('item 5.1 "人员\\"资格" points 4 { ratio staff.qualified }')
if not any(s == ["string.quoted.double.evalrules"] and t for _, _, s in toks for t in [1]):
    problems.append("a string with an escaped quote is one string")
_, unmatched = tokenise("staff.managers ＝ 35")
if not unmatched:
    problems.append("a full-width '＝' should be left unmatched (the checker's error)")

# the VS Code extension
vs = os.path.join(src, "editors", "vscode")
pkg = json.load(open(os.path.join(vs, "package.json"), encoding="utf-8"))
langs = pkg["contributes"]["languages"]
exts = {e for lang in langs for e in lang["extensions"]}
if exts != {".rules", ".scheme", ".tests", ".facts"}:
    problems.append("vscode: the four extensions, got %r" % exts)
gr = pkg["contributes"]["grammars"][0]
gpath = os.path.join(vs, gr["path"])
if gr["scopeName"] != "source.evalrules" or not os.path.exists(gpath) or \
        json.load(open(gpath, encoding="utf-8")) != json.load(open(grammar_path, encoding="utf-8")):
    problems.append("vscode: the grammar is not editors/evalrules.tmLanguage.json")
js = open(os.path.join(vs, pkg["main"]), encoding="utf-8").read()
if "'lsp'" not in js or "LanguageClient" not in js:
    problems.append("vscode: extension.js does not start `evalrules lsp`")
json.load(open(os.path.join(vs, "language-configuration.json"), encoding="utf-8"))

# Vim, through nvim when it is there
nvim = shutil.which("nvim")
if nvim:
    vimdir = os.path.join(src, "editors", "vim")
    script = ("set rtp^=%s | filetype plugin on | syntax on | edit %s | "
              "if &ft !=# 'evalrules' || !hlexists('evalrulesKeyword') | cquit 3 | endif | "
              "call cursor(1, 1) | if search('^fact ') == 0 | cquit 4 | endif | "
              "if synIDattr(synID(line('.'), 1, 1), 'name') !=# 'evalrulesDeclare' | cquit 5 | endif | qall!"
              % (vimdir, os.path.join(src, "rules", "gbt27922.rules")))
    r = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", script], capture_output=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    if r.returncode != 0 or b"E" in r.stderr[:1]:
        problems.append("vim: the syntax does not load in nvim (status %d): %r" % (r.returncode, r.stderr[:300]))
else:
    print("nvim not installed: the Vim files were not loaded")

for p in problems[:50]:
    print(p)
if problems:
    print("%d problem(s)" % len(problems))
    sys.exit(1)
print("grammar: %d files tokenised, every character matched; editors/ files valid" % len(files))
