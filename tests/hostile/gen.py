#!/usr/bin/env python3
"""gen.py KIND N DIR — write a hostile input of size N into DIR.

Each kind writes DIR/h.rules and, where it needs them, DIR/h.facts,
DIR/h.tests and DIR/h.scheme (run_hostile.sh runs every command over them).  Kinds:

  sum        one item scoring a sum of N facts-free terms (1 + 1 + … )
  and        one item passing when an 'and' of N comparisons holds
  mul        one item scoring a product of N ones
  parens     N nested parentheses around one number
  ifs        N nested if … then … else
  calls      N nested calls max(1, max(1, …))
  neg        N nested unary minus / not
  nodes      indicators nested N deep
  indicators N indicators of one item each, and facts for them (N lines);
             h2.rules: the same renumbered, for diff
  lets       a chain of N lets, each using the one before twice
  results    N items, each scoring the result of the one before (earned())
  results-back  the same, written last first
  strings    a label of N adjacent strings
  longline   a rules file whose one line is N bytes long, with an error at its end
  unknown    N references to unknown names, among N/10 facts
  tests      a test file of N cases
"""
import os
import sys

HEAD = 'standard "T/H"\n'
TAIL = 'total { normalize to 100 round half_up to 0.1 }\nrating { level "A" at 50 otherwise "none" }\n'


def item(body, points=10):
    return ('indicator 1 "I" points %d {\n  item 1.1 "x" points %d {\n    %s\n  }\n}\n'
            % (points, points, body))


def write(d, name, text):
    with open(os.path.join(d, name), 'w') as f:
        f.write(text)


def main():
    kind, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(d, exist_ok=True)
    facts = 'x = 1\n'
    fact_decl = 'fact x : int "x" range 0..\n'
    if kind == 'sum':
        expr = ' + '.join(['x'] * n)
        rules = HEAD + fact_decl + item('score min(points, (%s) / %d)' % (expr, n))
    elif kind == 'and':
        expr = ' and '.join(['x >= 0'] * n)
        rules = HEAD + fact_decl + item('pass when %s' % expr)
    elif kind == 'mul':
        rules = HEAD + fact_decl + item('score points * %s' % ' * '.join(['x'] * n))
    elif kind == 'parens':
        rules = HEAD + fact_decl + item('score points * %sx%s' % ('(' * n, ')' * n))
    elif kind == 'ifs':
        rules = HEAD + fact_decl + item('score %s points%s' % ('if x > 0 then ' * n, ' else 0' * n))
    elif kind == 'calls':
        rules = HEAD + fact_decl + item('score points * %sx%s' % ('min(1, ' * n, ')' * n))
    elif kind == 'neg':
        rules = HEAD + fact_decl + item('pass when %s x > 0' % ('not not ' * (n // 2)))
    elif kind == 'nodes':
        out = [HEAD, fact_decl]
        for i in range(n):
            out.append('indicator n%d "i" {\n' % i)
        out.append('item leaf "x" points 10 { pass when x > 0 }\n')
        out.append('}\n' * n)
        rules = ''.join(out)
    elif kind == 'indicators':
        out = [HEAD]
        for i in range(n):
            out.append('fact f%d : bool "q"\n' % i)
        for i in range(n):
            out.append('indicator %d.1 "i" points 1 {\n  item %d.1.1 "x" points 1 { pass when f%d }\n}\n'
                       % (i + 1, i + 1, i))
        rules = ''.join(out)
        facts = ''.join('f%d = %s\n' % (i, 'yes' if i % 3 else 'no') for i in range(n))
        # another edition: every indicator renumbered, so that diff pairs them by what they read
        write(d, 'h2.rules', rules.replace('.1 "i"', '.2 "i"').replace('.1.1 "x"', '.2.1 "x"') + TAIL)
    elif kind == 'lets':
        out = [HEAD, fact_decl, 'let v0 = x\n']
        for i in range(1, n + 1):
            out.append('let v%d = v%d + v%d - v%d\n' % (i, i - 1, i - 1, i - 1))
        out.append(item('score min(points, v%d)' % n))
        rules = ''.join(out)
    elif kind in ('results', 'results-back'):
        out = [HEAD, fact_decl, 'indicator 1 "I" {\n', '  item r0 "x" points 1 { pass when x > 0 }\n']
        for i in range(1, n + 1):
            out.append('  item r%d "x" points 1 { score earned(r%d) }\n' % (i, i - 1))
        if kind == 'results-back':  # each reads the one after it: evaluated from the far end
            out[3:] = reversed(out[3:])
        out.append('}\n')
        rules = ''.join(out)
    elif kind == 'strings':
        rules = HEAD + fact_decl + ('indicator 1 %s points 10 {\n  item 1.1 "x" points 10 { pass when x > 0 }\n}\n'
                                    % ' '.join(['"ab"'] * n))
    elif kind == 'longline':
        pad = ' ' * n
        rules = HEAD + fact_decl + item('pass when x > 0' + pad + 'x x')
    elif kind == 'unknown':  # and many facts, so that each did-you-mean would cost a search over them
        decls = ''.join('fact k%d : int "k"\n' % i for i in range(min(n // 10, 100000)))
        expr = ' + '.join('u%d' % i for i in range(n))
        rules = HEAD + fact_decl + decls + item('score %s' % expr)
    elif kind == 'tests':
        rules = HEAD + fact_decl + item('score min(points, x)')
        cases = []
        for i in range(n):
            cases.append('case "c%d"\n  x = %d\n  expect score %d\n' % (i, i % 11, (i % 11) * 10))
        write(d, 'h.tests', ''.join(cases))
    else:
        sys.exit('unknown kind ' + kind)
    first = {'nodes': 'n0 points 10', 'indicators': '1.1 points 1', 'results': 'r0 points 1', 'results-back': 'r0 points 1'}.get(kind, '1 points 10')
    write(d, 'h.scheme', 'scheme same {\n  %s\n}\n' % first)
    write(d, 'h.rules', rules + TAIL)
    write(d, 'h.facts', facts)


if __name__ == '__main__':
    main()
