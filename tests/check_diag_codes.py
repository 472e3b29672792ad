#!/usr/bin/env python3
"""Every diagnostic has a stable code (docs/diagnostics.md).

The codes live in one list, src/core/diag.def: ERI_DIAG(number, "format"),
keyed by the message's printf format, as gettext keys a translation by its
msgid; the diagnostics layer looks a message's format up there when it keeps
or writes it.  This test keeps the three in step:
  - every format passed to a diagnostic function in src/ and grammar/ (an
    error or a warning; notes carry the code of what they explain) has an
    entry, and every entry is still used;
  - numbers are unique, and each lies in its area's hundred (the file that
    first uses it: see AREAS);
  - a diagnostic no longer reported keeps its number, retired: a line
    '/* retired ERI_DIAG(number, "format") */' in its place, which no new
    message is given and the docs' table marks retired;
  - the table in docs/diagnostics.md lists exactly the entries, with their
    severity.

  check_diag_codes.py SOURCE_DIR            check
  check_diag_codes.py SOURCE_DIR --add      append an entry for each new format
                                            (next free number of its area) and
                                            rewrite the docs table
"""
import glob
import os
import re
import sys

# The functions that report a diagnostic, with the first string literal among
# their arguments as its format.  'err' is the facts reader's and the test-file
# reader's wrapper.
CALLS = re.compile(r'\b(eri_ck_error|eri_ck_warning|eri_ck_note|eri_diag_at|eri_diag_file|eri_diag_whole|eri_diag_plain|'
                   r'eri_parse_error|err)\s*\(')
PRI = re.compile(r'PRI([diuxX])64\b')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')

# An area per hundred, by the file that reports it.
AREAS = [
    (0, 'files, encodings, memory', ['diag.c', 'source.c', 'rewrite.c', 'alloc.c', 'arena.c']),
    (1, 'syntax', ['parse.c', 'parser.y', 'lexer.l', 'load.c', 'tokens.c']),
    (2, 'declarations, the tree, points', ['check_decl.c', 'check_state.c', 'rules.c']),
    (3, 'names and types', ['check_expr.c', 'bounds.c']),
    (4, 'total, vetoes, levels', ['check_total.c']),
    (5, 'dependencies', ['check_deps.c']),
    (6, 'scoring kinds and lints', ['scoring.c', 'lint.c']),
    (7, 'weighting schemes', ['scheme.c', 'ahp.c']),
    (8, 'facts files', ['factline.c', 'facts.c']),
    (9, 'evaluation', ['eval.c', 'eval_errors.c', 'plan.c', 'result.c']),
    (10, 'test files', ['suite_read.c', 'suite_run.c', 'suite_update.c', 'coverage.c']),
    (11, 'tools', ['fmt.c', 'diff.c', 'replay.c', 'compare.c', 'sweep.c', 'template.c', 'verify.c']),
]
AREA_OF = {f: n for n, _, files in AREAS for f in files}


def c_unescape(s):
    simple = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', "'": "'"}
    return re.sub(r'\\(x[0-9a-fA-F]{2}|.)',
                  lambda m: simple.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), s)


def scan(src):
    """{format: (severities, first file)} of every diagnostic in the sources."""
    found = {}
    files = sorted(glob.glob(os.path.join(src, 'src/**/*.c'), recursive=True) +
                   glob.glob(os.path.join(src, 'grammar/*.[yl]')))
    for path in files:
        base = os.path.basename(path)
        text = open(path, encoding='utf-8').read()
        for m in CALLS.finditer(text):
            if m.group(1) == 'err' and base not in ('facts.c', 'suite_read.c'):
                continue
            k, depth, fmt, head = m.end(), 1, None, ''
            while depth > 0 and k < len(text):
                c = text[k]
                if c in '([{':
                    depth += 1
                elif c in ')]}':
                    depth -= 1
                elif c == '"' and fmt is None and depth == 1:
                    parts = []
                    while True:
                        lit = LITERAL.match(text, k)
                        parts.append(lit.group(1))
                        k = lit.end()
                        ws = re.compile(r'\s*').match(text, k).end()
                        macro = PRI.match(text, ws)
                        if macro:  # "%" PRId64 "…": glibc's "ld" on every 64-bit Debian
                            parts.append('l' + macro.group(1))
                            ws = re.compile(r'\s*').match(text, macro.end()).end()
                        if text[ws:ws + 1] == '"':
                            k = ws
                            continue
                        break
                    fmt = c_unescape(''.join(parts))
                    continue
                elif fmt is None:
                    head += c
                k += 1
            if fmt is None:  # a wrapper passing its own fmt on
                continue
            if m.group(1) == 'eri_ck_note' or 'ERI_SEV_NOTE' in head:
                continue
            sev = 'W' if m.group(1) == 'eri_ck_warning' or 'ERI_SEV_WARNING' in head else 'E'
            sevs, first = found.get(fmt, (set(), base))
            sevs.add(sev)
            found[fmt] = (sevs, first)
    return found


DEF_LINE = re.compile(r'^ERI_DIAG\((\d+), (".*")\)$')
RETIRED_LINE = re.compile(r'^/\* retired ERI_DIAG\((\d+), (".*")\) \*/$')


def read_def(path):
    """[(number, format, retired)] in the file's order."""
    entries = []
    for line in open(path, encoding='utf-8'):
        for pattern, retired in ((DEF_LINE, False), (RETIRED_LINE, True)):
            m = pattern.match(line.rstrip('\n'))
            if m:
                entries.append((int(m.group(1)), c_unescape(m.group(2)[1:-1]), retired))
    return entries


def c_escape(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def shown(fmt):
    """A format as the docs show it: each conversion as '…'."""
    return re.sub(r'%(\.\*|[-0-9.]*)(l{0,2}|z)?[sduixXc]', '…', fmt).replace('%%', '%')


def table(entries, found):
    rows = ['| code | message |', '|---|---|']
    for n, fmt, retired in entries:
        sevs = found.get(fmt, ({'E'}, ''))[0]
        codes = ' '.join('%s%04d' % (s, n) for s in sorted(sevs))
        text = shown(fmt).replace('|', '\\|')
        rows.append('| %s | %s |' % (codes, '*retired, never reported:* ' + text if retired else text))
    return '\n'.join(rows) + '\n'


BEGIN, END = '<!-- codes: begin (tests/check_diag_codes.py --add writes this table) -->', '<!-- codes: end -->'


def main():
    src = sys.argv[1]
    add = '--add' in sys.argv
    defpath = os.path.join(src, 'src/core/diag.def')
    docpath = os.path.join(src, 'docs/diagnostics.md')
    found = scan(src)
    entries = read_def(defpath)
    known = {fmt for _, fmt, retired in entries if not retired}
    problems = []
    if add:
        used = {n for n, _, _ in entries}
        lines = open(defpath, encoding='utf-8').read().splitlines(keepends=True)
        for fmt, (sevs, first) in sorted(found.items(), key=lambda kv: (AREA_OF.get(kv[1][1], 11), kv[0])):
            if fmt in known:
                continue
            area = AREA_OF.get(first, 11)
            n = area * 100 + 1
            while n in used:
                n += 1
            used.add(n)
            entries.append((n, fmt, False))
            # in its place, so that the numbers stay ascending (diag.c looks them up in order)
            at = len(lines)
            for i, line in enumerate(lines):
                m = re.match(r'ERI_DIAG\((\d+),', line)
                if m and int(m.group(1)) > n:
                    at = i
                    break
            lines.insert(at, 'ERI_DIAG(%d, "%s")\n' % (n, c_escape(fmt)))
        open(defpath, 'w', encoding='utf-8').write(''.join(lines))
        entries.sort()
        doc = open(docpath, encoding='utf-8').read()
        a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        open(docpath, 'w', encoding='utf-8').write(doc[:a] + '\n' + table(entries, found) + doc[b:])
        return 0
    for fmt, (sevs, first) in sorted(found.items()):
        if fmt not in known:
            problems.append('%s: no code for "%s" (run tests/check_diag_codes.py . --add)' % (first, fmt))
    seen = set()
    last = 0
    for n, fmt, retired in entries:
        if n <= last:
            problems.append('diag.def: %d after %d; keep the numbers ascending' % (n, last))
        last = n
        if n in seen:
            problems.append('diag.def: number %d twice' % n)
        seen.add(n)
        if retired and fmt in found:
            problems.append('diag.def: %d "%s" is retired but reported again; make it ERI_DIAG(%d, …) again'
                            % (n, fmt, n))
        elif not retired and fmt not in found:
            problems.append('diag.def: %d "%s" is no longer reported anywhere; retire it: '
                            '/* retired ERI_DIAG(%d, "…") */ in its place' % (n, fmt, n))
        if not 1 <= n <= 9999:
            problems.append('diag.def: number %d out of range' % n)
    doc = open(docpath, encoding='utf-8').read()
    if BEGIN not in doc or END not in doc:
        problems.append('docs/diagnostics.md: the table markers are missing')
    else:
        a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        if doc[a:b].strip() != table(entries, found).strip():
            problems.append('docs/diagnostics.md: the table differs from diag.def (run tests/check_diag_codes.py . --add)')
    for p in problems:
        print(p)
    retired = sum(1 for e in entries if e[2])
    print('%d diagnostics, %d codes%s: %s' % (len(found), len(entries) - retired,
                                              ', %d retired' % retired if retired else '',
                                              'ok' if not problems else 'FAILED'))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
