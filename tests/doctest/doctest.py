#!/usr/bin/env python3
"""doctest.py EVALRULES SOURCE_DIR — the commands the docs show print what
the docs say (docs/doctest.md).

A fenced block whose info string is `console` is runnable:

    ```console
    $ build/evalrules check rules/gbt27922.rules
    rules/gbt27922.rules: ok
    ```

Each line starting with `$ ` is a command (a line ending in `\\` goes on to
the next); the lines after it, up to the next command or the end of the
block, are what it must print (standard output and standard error as a
terminal shows them, exactly).  A line that holds only `…` stands for any
number of lines the docs leave out.  The commands of one file run in order,
with bash, in one scratch directory that holds the source tree's rules/,
examples/ (copied: a command may write there), tests/ and bench/ (linked) and build/evalrules (the binary under test,
also on PATH as evalrules), with LANG=en_US.UTF-8 and SOURCE_DATE_EPOCH as
the cases have them; a file one command writes is there for the next.  A
`$ cat FILE` of a file that is not there writes it from the lines shown:
the docs' way of handing the reader a file.

Files: README.md and docs/*.md.  Prints each command with ok or FAIL and a
diff, and exits 1 when one failed or no block was found.
"""
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r'^(\s*)(`{3,}|~{3,})\s*(\S*)')


def blocks(path):
    """(line, [lines]) of every runnable block of the file."""
    lines = open(path, encoding='utf-8').read().split('\n')
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group(1), m.group(2), m.group(3)
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        if info == 'console':
            out.append((i + 1, [l[len(indent):] if l.startswith(indent) else l for l in lines[i + 1:j]]))
        i = j + 1
    return out


def commands(block):
    """(command, [expected lines]) of a block."""
    out, k = [], 0
    while k < len(block):
        if not block[k].startswith('$ '):
            k += 1
            continue
        cmd = block[k][2:]
        while cmd.endswith('\\') and k + 1 < len(block):
            k += 1
            cmd = cmd + '\n' + block[k]  # bash reads the backslash-newline
        k += 1
        expect = []
        while k < len(block) and not block[k].startswith('$ '):
            expect.append(block[k])
            k += 1
        out.append((cmd, expect))
    return out


def matches(expect, got):
    """Whether got (lines) is expect, a line '…' standing for any lines."""
    if not expect:
        return not got
    if expect[0].strip() == '…':
        return any(matches(expect[1:], got[n:]) for n in range(len(got) + 1))
    return bool(got) and got[0] == expect[0] and matches(expect[1:], got[1:])


def main():
    binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    files = [os.path.join(src, 'README.md')] + sorted(glob.glob(os.path.join(src, 'docs', '*.md')))
    env = dict(os.environ, LANG='en_US.UTF-8', SOURCE_DATE_EPOCH='1774569600')
    env.pop('LC_ALL', None)
    env.pop('LC_MESSAGES', None)
    env.pop('NO_COLOR', None)
    failed = ran = 0
    for path in files:
        found = blocks(path)
        if not found:
            continue
        work = tempfile.mkdtemp(prefix='doctest-')
        for d in ('rules', 'examples'):  # copies: a walk-through may write there
            shutil.copytree(os.path.join(src, d), os.path.join(work, d))
        for d in ('tests', 'bench'):
            os.symlink(os.path.join(src, d), os.path.join(work, d))
        os.makedirs(os.path.join(work, 'build'))
        os.symlink(binary, os.path.join(work, 'build', 'evalrules'))
        env['PATH'] = os.path.join(work, 'build') + os.pathsep + os.environ.get('PATH', '')
        rel = os.path.relpath(path, src)
        status = 0
        for line, block in found:
            for cmd, expect in commands(block):
                ran += 1
                shown = re.fullmatch(r'cat ([\w.-]+)', cmd)
                if shown and not os.path.exists(os.path.join(work, shown.group(1))):
                    # the docs hand the reader a file by showing it: take it as shown
                    with open(os.path.join(work, shown.group(1)), 'w', encoding='utf-8') as f:
                        f.write('\n'.join(expect) + '\n')
                # $? is the previous command's status, as in one shell
                run = subprocess.run(['bash', '-c', '(exit %d); %s' % (status, cmd)], cwd=work, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, timeout=120)
                status = run.returncode
                got = run.stdout.decode('utf-8', 'replace').split('\n')
                if got and got[-1] == '':
                    got.pop()
                while expect and expect[-1] == '':
                    expect.pop()
                if matches(expect, got):
                    print('ok    %s:%d: $ %s' % (rel, line, cmd.split('\n')[0]))
                else:
                    failed += 1
                    print('FAIL  %s:%d: $ %s' % (rel, line, cmd.split('\n')[0]))
                    missing = [e for e in expect if e.strip() != '…' and e not in got]
                    for e in missing[:10]:
                        print('      not in the output: ' + e)
                    diff = list(difflib.unified_diff(expect, got, 'the docs', 'the output', lineterm='', n=2))
                    for d in diff[:40]:
                        print('      ' + d)
                    if len(diff) > 40:
                        print('      … (%d more lines of diff)' % (len(diff) - 40))
        shutil.rmtree(work, ignore_errors=True)
    print('%d commands from the docs, %d failed' % (ran, failed))
    return 1 if failed or not ran else 0


if __name__ == '__main__':
    sys.exit(main())
