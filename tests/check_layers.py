#!/usr/bin/env python3
"""check_layers.py SOURCE_DIR BUILD_DIR — the layers of docs/architecture.md hold.

  1. includes run one way: src/core includes only the core's own headers,
     include/evalrules.h and its generated scanner and parser; src/tools adds
     its own headers and include/evalrules_tools.h, but never the
     evaluator's layout (eval.h, report.h) or the generated scanner and
     parser; src/cli includes only its own headers, include/ and the
     generated revision.h (--version's source revision);
  2. no circle of includes among the project's headers;
  3. links run one way too: every er_/eri_ symbol the core's objects use is
     defined by the core, and every one the tools' objects use by the core or
     the tools (nm on the object files);
  4. no circle of calls between the library's files (core and tools): the graph "object A
     uses a symbol that object B defines" has no cycle (the grammar stage —
     the generated scanner and parser and parse.c, which call one another
     by design — counts as one);
  5. no source file in src/ is over 900 lines.
Prints every violation and exits 1 when there is one."""
import os
import re
import subprocess
import sys

src, build = sys.argv[1], sys.argv[2]
layers = {layer: os.path.join(src, "src", layer) for layer in ("core", "tools", "cli")}
public = {"evalrules.h": "core", "evalrules_tools.h": "tools"}
generated = {"parser.h", "lexer.h"}
problems = []


def headers(layer):
    return {f for f in os.listdir(layers[layer]) if f.endswith((".h", ".def"))}


own = {layer: headers(layer) for layer in layers}
allowed = {
    "core": own["core"] | {"evalrules.h"} | generated,
    "tools": own["tools"] | (own["core"] - {"eval.h", "eval_ctx.h", "report.h"}) | {"evalrules.h", "evalrules_tools.h"},
    "cli": own["cli"] | {"evalrules.h", "evalrules_tools.h", "revision.h"},  # revision.h: generated, --version's
}
graph = {}
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for layer, folder in layers.items():
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".c", ".h", ".def")):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rel = os.path.relpath(path, src)
        lines = text.count("\n")
        if lines > 900:
            problems.append(f"{rel}: {lines} lines (more than 900): split it along its seams")
        for inc in include.findall(text):
            if inc not in allowed[layer]:
                problems.append(f"{rel}: includes \"{inc}\", which the {layer} layer may not see")
            if name.endswith(".h"):
                graph.setdefault(name, set()).add(inc)

# circles among headers (a .def included twice on purpose is not one)
state = {}


def visit(h, path):
    state[h] = 1
    for inc in sorted(graph.get(h, ())):
        if state.get(inc) == 1:
            problems.append("include circle: " + " -> ".join(path[path.index(inc):] + [inc]))
        elif inc in graph and not state.get(inc):
            visit(inc, path + [inc])
    state[h] = 2


for h in sorted(graph):
    if not state.get(h):
        visit(h, [h])


calls = {}  # object -> objects whose symbols it uses
owner = {}  # symbol -> object defining it
grammar = {"lexer", "parser", "parse"}


def unit(obj):
    name = os.path.basename(obj).split(".")[0]
    return "grammar" if name in grammar else name


def symbols(layer, objdir):
    defined, used = set(), {}
    # the objects of today's sources only (a build directory may hold stale ones)
    folder = os.path.join(src, "src", layer)
    objs = [os.path.join(objdir, f) for f in os.listdir(objdir) if f.endswith(".c.o") and
            (os.path.exists(os.path.join(folder, f[:-2])) or f[:-4] in grammar)] if os.path.isdir(objdir) else []
    for obj in sorted(objs):
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBR":
                defined.add(parts[2])
                owner[parts[2]] = unit(obj)
            elif len(parts) == 2 and parts[0] == "U":
                calls.setdefault(unit(obj), set()).add(parts[1])
                if not parts[1].startswith(("__", "json_", "mpz_", "mpq_")) and "@" not in parts[1]:
                    used.setdefault(parts[1], os.path.basename(obj))
    return objs, defined, used


core_objs, core_def, core_use = symbols("core", os.path.join(build, "src/core/CMakeFiles/evalrules_core.dir"))
tools_objs, tools_def, tools_use = symbols("tools", os.path.join(build, "src/tools/CMakeFiles/evalrules_tools.dir"))
cli_objs, cli_def, _ = symbols("cli", os.path.join(build, "src/cli/CMakeFiles/evalrules.dir"))
if not core_objs or not tools_objs or not cli_objs:
    problems.append(f"no object files under {build}/src/{{core,tools,cli}}: build first")
system = set()  # what the C library, jansson and the threads define: not ours
for sym in list(core_use) + list(tools_use):
    if sym not in owner:
        system.add(sym)
for sym, obj in sorted(core_use.items()):
    if sym not in core_def and sym not in system:
        problems.append(f"core object {obj} uses {sym}, which the core does not define")
for sym, obj in sorted(tools_use.items()):
    if sym not in core_def and sym not in tools_def and sym not in system:
        problems.append(f"tools object {obj} uses {sym}, which neither the core nor the tools define")

# circles of calls between files (Tarjan's strongly connected components)
# The library only: the command line's command table points at each command,
# whose options point back at the shared parser, by design.
library = {unit(o) for o in core_objs + tools_objs}
edges = {u: sorted({owner[s] for s in syms if s in owner and owner[s] != u and owner[s] in library})
         for u, syms in calls.items() if u in library}
index, low, stack, on_stack, counter = {}, {}, [], set(), [0]


def strong(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            problems.append("circle of calls between " + ", ".join(f + ".c" for f in sorted(comp)) +
                            ": make the dependency run one way")


for v in sorted(edges):
    if v not in index:
        strong(v)

for p in problems:
    print(p)
print(f"layers: {len(core_objs)} core and {len(tools_objs)} tools objects, "
      f"{sum(len(v) for v in graph.values())} header includes checked; {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
