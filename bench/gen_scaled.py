#!/usr/bin/env python3
"""gen_scaled.py SHARED_BENCH_DIR K N SEED OUTDIR — the shared benchmark model
(60 items) scaled K times (K × 60 items: every item copied under another first
number, 5.1.1.1 → 15.1.1.1, 25.1.1.1, …, each with its own facts), written as
OUTDIR/model.json, and N enterprises for it with their exact scores, written
by the shared oracle's own code (gen_facts.py's gen, score and fmt, imported
from SHARED_BENCH_DIR): OUTDIR/data/facts/NNNNNN.facts and expected.tsv, as
gen_facts.py writes them for model.json.  The score is normalised, so the
levels keep their meaning at any size."""
import json
import os
import random
import sys

shared, k, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, shared)
import gen_facts  # noqa: E402  (the oracle)

model = gen_facts.load_model(os.path.join(shared, "model.json"))
items = []
for c in range(k):
    for it in model["items"]:
        first, rest = it["id"].split(".", 1)
        iid = f"{int(first) + 10 * c}.{rest}"
        copy = dict(it, id=iid, fact="f_" + iid.replace(".", "_"))
        if "na_fact" in it:
            copy["na_fact"] = "na_" + iid.replace(".", "_")
        items.append(copy)
model["items"] = items
os.makedirs(os.path.join(out, "data", "facts"), exist_ok=True)
json.dump(model, open(os.path.join(out, "model.json"), "w"), indent=1)
rng = random.Random(seed)
with open(os.path.join(out, "data", "expected.tsv"), "w") as ex:
    for i in range(n):
        f = gen_facts.gen(model, rng, i)
        with open(os.path.join(out, "data", "facts", f"{i:06d}.facts"), "w") as t:
            t.write(f"subject = \"{f['subject']}\"\n")
            for key, v in f.items():
                if key == "subject":
                    continue
                if isinstance(v, bool):
                    v = "yes" if v else "no"
                t.write(f"{key} = {v}\n")
        s10, level, vetoed = gen_facts.score(model, f)
        ex.write(f"{f['subject']}\t{gen_facts.fmt(s10)}\t{level or '-'}\t{int(vetoed)}\n")
