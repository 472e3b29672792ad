#!/usr/bin/env python3
"""lsp_fuzz.py EVALRULES SOURCE_DIR [SEEDS] — random sessions for `evalrules lsp`: per seed, 60
messages (documents opened and changed to mutations of the bundled rules, facts, tests and a
scheme, whole or by ranges; every request with good, wrong and absurd parameters and ids; closes;
raw junk bytes).  The server must answer and end with status 0 or 1, with nothing on standard
error (under the sanitizers, no report).  Deterministic for its seeds."""
import json, random, subprocess, sys, os
exe, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 12
texts = [open(root + "/rules/gbt27922.rules").read(), open(root + "/examples/four-star.facts").read(),
         open(root + "/rules/gbt27922.tests").read()[:3000], open(root + "/examples/schemes/ahp-first-level.scheme").read()]
uris = ["file://" + root + "/rules/x.rules", "file://" + root + "/examples/x.facts", "file://" + root + "/rules/x.tests",
        "file://" + root + "/examples/schemes/x.scheme", "untitled:1", "file:///nonexistent/%ZZ.rules"]
methods = ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion",
           "textDocument/documentSymbol", "textDocument/formatting", "textDocument/foldingRange"]
rng = random.Random(0)


def mutate(t):
    t = list(t)
    for _ in range(rng.randrange(1, 20)):
        if not t: break
        i = rng.randrange(len(t)); op = rng.randrange(4)
        if op == 0: del t[i:i + rng.randrange(1, 50)]
        elif op == 1: t.insert(i, rng.choice(['{', '}', '"', '#', '\n', '(', ')', 'let ', 'fact ', 'item ', '𝔸', '中', '=', '\x00', '\\']))
        elif op == 2: t[i] = chr(rng.randrange(1, 0x3000))
        else: t[i:i] = t[rng.randrange(len(t)):][:rng.randrange(1, 200)]
    return "".join(t)
def rval():
    return rng.choice([None, 1, -1, 2**40, "x", [], {}, True, 1.5])
failed = 0
for seed in range(1, seeds + 1):
    rng = random.Random(seed)
    out = []
    def frame(o):
        b = json.dumps(o).encode()
        return b"Content-Length: %d\r\n\r\n" % len(b) + b
    data = frame({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"rootUri": "file://" + root}})
    for k in range(60):
        ui = rng.randrange(len(uris)); uri = uris[ui]
        r = rng.random()
        if r < 0.3:
            data += frame({"jsonrpc": "2.0", "method": rng.choice(["textDocument/didOpen", "textDocument/didChange"]),
                           "params": {"textDocument": {"uri": uri, "version": k, "text": mutate(texts[ui % 4])},
                                      "contentChanges": [{"text": mutate(texts[ui % 4])}] if rng.random() < .7 else
                                      [{"range": {"start": {"line": rng.randrange(-2, 900), "character": rng.randrange(-2, 200)},
                                                  "end": {"line": rng.randrange(-2, 900), "character": rng.randrange(-2, 200)}},
                                        "text": mutate("let a = 1 }")}]}})
        elif r < 0.9:
            params = {"textDocument": {"uri": uri}, "position": {"line": rng.randrange(-5, 900), "character": rng.randrange(-5, 300)},
                      "context": {"includeDeclaration": rng.random() < .5}}
            if rng.random() < 0.1: params = rval()
            if isinstance(params, dict) and rng.random() < 0.1: params["position"] = rval()
            data += frame({"jsonrpc": "2.0", "id": rng.choice([k, str(k), None, 1.5]), "method": rng.choice(methods), "params": params})
        elif r < 0.95:
            data += frame({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
        else:
            data += bytes(rng.randrange(256) for _ in range(rng.randrange(100)))
    p = subprocess.run([exe, "lsp"], input=data, capture_output=True, timeout=120)
    if p.returncode not in (0, 1) or p.stderr or p.stdout.count(b"Content-Length") < 40:
        print("seed %d: status %d, %d answers, stderr %s" % (seed, p.returncode, p.stdout.count(b"Content-Length"),
                                                            p.stderr[-2000:].decode(errors="replace")))
        failed += 1

if failed:
    sys.exit(1)
print("lsp fuzz: %d random sessions, every one answered and ended cleanly" % seeds)
