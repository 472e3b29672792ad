#!/usr/bin/env python3
"""check --format sarif validates against SARIF 2.1.0 (a hand-kept subset of
the OASIS schema, sarif-2.1.0-subset.json, checked with Debian's
python3-jsonschema), and what the schema cannot say: every ruleId is a rule
of the driver at ruleIndex, a region ends at or after it starts, and the
codes are docs/diagnostics.md's.

  check_sarif.py EVALRULES SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

evalrules, src = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
schema = json.load(open(os.path.join(here, 'sarif-2.1.0-subset.json')))
codes = set(re.findall(r'^\| ((?:[EW]\d{4} ?)+) \|', open(os.path.join(src, 'docs/diagnostics.md')).read(), re.M))
codes = {c for row in codes for c in row.split()}

tmp = tempfile.mkdtemp()
def write(name, text):
    path = os.path.join(tmp, name)
    open(path, 'w').write(text)
    return path

inputs = [
    [os.path.join(src, 'rules/gbt27922.rules')],  # no diagnostics
    [write('errors.rules', 'fact ok : bool\nindicator 1 "测试" points 20 { item 1.1 "符合性" points 10 { pass when okk } }\n'),
     write('warn.rules', 'fact n : int range 0..10\nindicator 1 "测试" { item 1.1 "档次" points 10 '
           '{ grade n { >= 20: 100% otherwise 0 } } }\n'),
     os.path.join(tmp, 'missing file.rules')],
    [write('syntax.rules', 'indicater 1 "x" {\n  item 1.1 "y" points 5 { pass when }\n')],
    [write('facts.rules', 'subject = "x"\nstaff.managers = 3\n')],
]
failures = 0
results = 0
for args in inputs:
    run = subprocess.run([evalrules, 'check', '--format', 'sarif', *args], capture_output=True)
    log = json.loads(run.stdout)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=str)
    for e in errors:
        print('%s: %s at %s' % (' '.join(args), e.message, list(e.absolute_path)))
        failures += 1
    for r in log['runs']:
        rules = r['tool']['driver'].get('rules', [])
        for res in r.get('results', []):
            results += 1
            if 'ruleId' in res:
                if rules[res['ruleIndex']]['id'] != res['ruleId']:
                    print('ruleIndex %d is not %s' % (res['ruleIndex'], res['ruleId']))
                    failures += 1
                if res['ruleId'] not in codes:
                    print('code %s is not in docs/diagnostics.md' % res['ruleId'])
                    failures += 1
            else:
                print('a result without a code: %s' % res['message']['text'])
                failures += 1
            for loc in res.get('locations', []) + res.get('relatedLocations', []):
                reg = loc.get('physicalLocation', {}).get('region')
                if reg and (reg['endLine'], reg['endColumn']) < (reg['startLine'], reg['startColumn']):
                    print('region ends before it starts: %s' % reg)
                    failures += 1
    expect = 0 if args == inputs[0] else None
    if expect is not None and run.returncode != expect:
        print('exit %d, expected %d' % (run.returncode, expect))
        failures += 1
print('%d logs, %d results: %s' % (len(inputs), results, 'ok' if not failures else '%d FAILURES' % failures))
sys.exit(1 if failures else 0)
