#!/usr/bin/env python3
"""test --format junit is JUnit XML a CI system reads: parsed with Python's
xml.etree, its counts (testsuites, each testsuite) match its <testcase> and
<failure> elements and the 'N passed, N failed' line, for the bundled rules'
own tests (all passing) and for a file with failing cases and names that need
escaping (two test files: two suites).

  check_junit.py EVALRULES SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

evalrules, src = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp()
rules = os.path.join(tmp, 't.rules')
open(rules, 'w').write('fact ok : bool\nindicator 1 "测试" { item 1.1 "符合性" points 10 { pass when ok } }\n'
                       'total { normalize to 100 round half_up to 0.1 }\nrating { level "达标" at 70 }\n')
tests_a = os.path.join(tmp, 'a.tests')
open(tests_a, 'w').write('case "passes <&\\"\'> ]]>"\n  ok = yes\n  expect score 100\n\n'
                         'case "fails"\n  ok = no\n  expect score 100\n')
tests_b = os.path.join(tmp, 'b.tests')
open(tests_b, 'w').write('case "b passes"\n  ok = no\n  expect score 0.0\n\ncase "b fails"\n  ok = yes\n  expect level none\n')

failures = 0
def check(args, want_tests, want_failed, want_suites, want_exit):
    global failures
    run = subprocess.run([evalrules, 'test', '--format', 'junit', *args], capture_output=True)
    root = ET.fromstring(run.stdout)
    problems = []
    if root.tag != 'testsuites':
        problems.append('root is <%s>' % root.tag)
    suites = root.findall('testsuite')
    cases = root.findall('testsuite/testcase')
    failed = root.findall('testsuite/testcase/failure')
    if len(suites) != want_suites:
        problems.append('%d suites, expected %d' % (len(suites), want_suites))
    if int(root.get('tests')) != len(cases) or len(cases) != want_tests:
        problems.append('tests=%s, %d testcases, expected %d' % (root.get('tests'), len(cases), want_tests))
    if int(root.get('failures')) != len(failed) or len(failed) != want_failed:
        problems.append('failures=%s, %d failures, expected %d' % (root.get('failures'), len(failed), want_failed))
    for s in suites:
        if int(s.get('tests')) != len(s.findall('testcase')) or int(s.get('failures')) != len(s.findall('testcase/failure')):
            problems.append('suite %s: its counts differ from its elements' % s.get('name'))
        if not s.get('name'):
            problems.append('a suite without a name')
    for c in cases:
        if not c.get('name') or not c.get('classname'):
            problems.append('a testcase without a name or classname')
    summary = re.search(rb'(\d+) passed, (\d+) failed', run.stderr)
    if not summary or (int(summary[1]), int(summary[2])) != (want_tests - want_failed, want_failed):
        problems.append('summary on stderr: %r' % run.stderr)
    if run.returncode != want_exit:
        problems.append('exit %d, expected %d' % (run.returncode, want_exit))
    for p in problems:
        print(' '.join(args) + ': ' + p)
    failures += len(problems)
    return root

bundled = os.path.join(src, 'rules/gbt27922.rules')
text = subprocess.run([evalrules, 'test', bundled], capture_output=True).stdout
n = int(re.search(rb'(\d+) passed, 0 failed', text)[1])  # as many as the text form runs
check([bundled], n, 0, 1, 0)
root = check([rules, tests_a, tests_b], 4, 2, 2, 1)
names = [c.get('name') for c in root.iter('testcase')]
if 'passes <&"\'> ]]>' not in names:
    print('the escaped name did not come back: %r' % names)
    failures += 1
print('junit: %s' % ('ok' if not failures else '%d FAILURES' % failures))
sys.exit(1 if failures else 0)
