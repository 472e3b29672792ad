#!/usr/bin/env python3
"""evalrules_dask.py — score a JSON Lines dataset of enterprises on a Dask cluster.

    evalrules_dask.py RULES DATA.jsonl [--scheduler ADDRESS | --local N]
                      [--blocksize BYTES] [-o OUT.jsonl] [--summary SUMMARY.json]
                      [--evalrules PATH] [-v] [-- EXTRA EVALRULES OPTIONS...]

The dataset is split into partitions at line boundaries (dask.bag.read_text with a
block size); each partition is scored on a worker by the evalrules command line,
reading the partition's records on stdin and writing one JSON line per record
(`evalrules RULES - --input-format jsonl --format jsonl --first-line N
--summary FILE -q`); the client writes the partitions' lines in input order and adds
up their summaries.  The result is the single-process batch's, byte for byte:
`--first-line` numbers each partition's records as lines of the whole dataset, so
an invalid record's error names the same line.

Why the command line and not the shared library: a worker needs nothing but the
evalrules binary on its PATH (no Python binding to build and keep in step with the
C API), a crash in one record's scoring cannot take the worker down, and the same
pattern serves Hadoop Streaming, Spark's RDD.pipe() and GNU parallel
(docs/batch.md, "Scale-out").  The rules file is read once by the client and sent
with each task, so workers need no shared file system for it; the dataset must be
readable by every worker (a shared path, or any URL Dask's read_text accepts).

Exit status: 0 every record scored, 1 some record invalid (all others scored and
written), 2 usage, I/O or a worker's evalrules failing — as evalrules itself.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def score_partition(lines, first_line, rules_name, rules_bytes, evalrules, extra):
    """Score one partition's records (a list of lines with their newlines) on a worker.

    Returns (output bytes, summary dict, number of input lines, evalrules' exit status).
    """
    data = "".join(lines).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="evalrules-dask-") as tmp:
        rules = os.path.join(tmp, rules_name)
        with open(rules, "wb") as f:
            f.write(rules_bytes)
        summary = os.path.join(tmp, "summary.json")
        cmd = [evalrules, rules, "-", "--input-format", "jsonl", "--format", "jsonl",
               "--first-line", str(first_line), "--summary", summary, "-q"] + list(extra)
        proc = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode not in (0, 1):
            raise RuntimeError("evalrules failed (exit %d) on the partition starting at line %d:\n%s"
                               % (proc.returncode, first_line, proc.stderr.decode("utf-8", "replace")))
        with open(summary, encoding="utf-8") as f:
            counts = json.load(f)
    return proc.stdout, counts, len(lines), proc.returncode


def merge_summaries(a, b):
    """Add two summaries key by key: counts add up, nested objects merge, and any other
    value (the rules' digest, say) must be the same in both."""
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif isinstance(value, bool) or not isinstance(value, (int, dict)):
            if out[key] != value:
                raise ValueError("partitions disagree on %r: %r and %r" % (key, out[key], value))
        elif isinstance(value, int):
            out[key] = out[key] + value
        else:
            out[key] = merge_summaries(out[key], value)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("rules", help="the rules file (read here, sent to the workers)")
    p.add_argument("data", help="the JSON Lines dataset (a path or URL every worker can read)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--local", metavar="N", type=int, default=2,
                       help="start a local cluster of N worker processes on loopback (default 2)")
    p.add_argument("--blocksize", type=int, default=64 << 20,
                   help="bytes per partition (default 64 MiB; lines are never split)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the JSON lines here (default stdout)")
    p.add_argument("--summary", metavar="FILE", help="write the merged summary here (default stderr)")
    p.add_argument("--evalrules", default="evalrules", help="the evalrules command on the workers")
    p.add_argument("-v", "--verbose", action="store_true", help="say how the data was split, on stderr")
    p.add_argument("extra", nargs="*", help="more evalrules options, after --")
    args = p.parse_args(argv)

    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        print("evalrules_dask: %s (Debian: apt-get install python3-dask python3-distributed)" % e,
              file=sys.stderr)
        return 2
    try:
        with open(args.rules, "rb") as f:
            rules_bytes = f.read()
    except OSError as e:
        print("evalrules_dask: %s: %s" % (args.rules, e.strerror), file=sys.stderr)
        return 2

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.read_text(args.data, blocksize=args.blocksize, encoding="utf-8")
        parts = bag.to_delayed()
        # Each partition's first line number: the lines of the partitions before it.  A
        # first pass counts them (reading the data twice keeps no partition in memory
        # between the passes); the second scores.
        sizes = client.gather(client.compute([_length(d) for d in parts]))
        first, firsts = 1, []
        for n in sizes:
            firsts.append(first)
            first += n
        if args.verbose:
            print("evalrules_dask: %d partitions, %d lines" % (len(parts), first - 1), file=sys.stderr)
        futures = client.compute([_score(d, f, os.path.basename(args.rules), rules_bytes,
                                         args.evalrules, args.extra)
                                  for d, f in zip(parts, firsts)])
        results = client.gather(futures)
    except (RuntimeError, OSError) as e:
        print("evalrules_dask: %s" % e, file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    summary, status = {}, 0
    for data, counts, _, rc in results:
        out.write(data)
        summary = merge_summaries(summary, counts)
        status = max(status, rc)
    if args.output:
        out.close()
    else:
        out.flush()
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stderr.write(text)
    return status


def _length(part):
    import dask
    return dask.delayed(len)(part)


def _score(part, first, rules_name, rules_bytes, evalrules, extra):
    import dask
    return dask.delayed(score_partition, pure=False)(part, first, rules_name, rules_bytes,
                                                     evalrules, extra)


if __name__ == "__main__":
    sys.exit(main())
