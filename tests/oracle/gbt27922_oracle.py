# Independent oracle for rules/gbt27922.rules (hand-written from the rules text, exact Fractions).
from fractions import Fraction as F
import re, datetime, math, sys

# The indicators an auditor may exclude (the rules' `excludable`); any other exclusion, or one
# without a reason, is an error in the facts, as it is for evalrules.
EXCLUDABLE = {'5.2.2.3', '5.2.3.2', '5.2.4'}

class FactsError(Exception):
    pass

def parse_facts(path_or_text, is_text=False):
    text = path_or_text if is_text else open(path_or_text, encoding='utf-8').read()
    facts, excl = {}, {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'): continue
        if line.startswith('exclude '):
            m = re.match(r'exclude\s+(\S+)\s+"((?:[^"\\]|\\.)*)"', line)
            if not m or not m.group(2).strip():
                raise FactsError(f'an exclusion needs a reason: {line}')
            if m.group(1) not in EXCLUDABLE:
                raise FactsError(f'{m.group(1)} cannot be excluded by the auditor')
            excl[m.group(1)] = True; continue
        m = re.match(r'([A-Za-z0-9_.]+)\s*=\s*("(?:[^"\\]|\\.)*"|\S+)', line)
        if not m: continue
        k, v = m.group(1), m.group(2)
        if k == 'subject': continue
        facts[k] = v
    return facts, excl

def val(v):
    if v in ('yes', 'true'): return True
    if v in ('no', 'false'): return False
    if re.fullmatch(r'\d{4}-\d\d-\d\d', v): return datetime.date.fromisoformat(v)
    if v.endswith('%'): return F(v[:-1]) / 100
    if re.fullmatch(r'\d+/\d+', v):
        k, n = v.split('/'); return F(int(k), int(n))
    if re.fullmatch(r'-?\d+(\.\d+)?', v): return F(v)
    return v

ITEMS = {}  # id -> (points, fn(facts)->share)  ; share in [0,1]
def P(id, pts, fn): ITEMS[id] = (F(pts), fn)
def passw(name): return lambda f: F(1) if f[name] else F(0)
def ratio(name): return lambda f: min(F(1), max(F(0), f[name]))
def grade(x, tiers, other=F(0), le=False):
    for th, sh in tiers:
        if (x <= th) if le else (x >= th): return sh
    return other

P('5.1.1.1', 2, passw('org.department'))
P('5.1.1.2', 2, lambda f: min(F(1), max(F(0), min(F(1), f['outlets.covered'] / f['outlets.regions']) * f['outlets.managed'])))
P('5.1.2.1', 4, ratio('staff.qualified'))
def s5122(f):
    need = max(F(1), F(math.ceil(f['staff.managers'] * F(1, 10))))
    v = F(5) * min(F(1), f['staff.certified'] / need)
    return min(F(5), max(F(0), v)) / 5
P('5.1.2.2', 5, s5122)
P('5.1.3.1', 3, lambda f: F(1) if f['funds.budget'] and f['funds.special'] else F(0))
P('5.1.3.2.1', 1, ratio('training.skills'))
P('5.1.3.2.2', 1, passw('training.culture'))
P('5.1.3.2.3', 1, passw('staff.incentives'))
P('5.1.3.3.1', 1, passw('premises.adequate'))
P('5.1.3.3.2', 1, ratio('facilities.working'))
P('5.1.3.3.3', 1, ratio('tools.ready'))
P('5.1.4.1', 2, passw('rules.documented'))
P('5.1.4.2', 2, passw('rules.standards'))
P('5.1.4.3', 2, ratio('conduct.observed'))
P('5.1.5.1', 2, passw('supervision.internal'))
P('5.1.5.2', 1, passw('supervision.feedback'))
P('5.1.5.3', 1, passw('supervision.external'))
P('5.1.6.1', 2, passw('improvement.analysis'))
P('5.1.6.2', 2, ratio('improvement.actions'))
P('5.1.7.1', 1, passw('culture.concept'))
P('5.1.7.2', 1, passw('culture.commitment'))
P('5.1.7.3', 1, passw('culture.strategy'))
P('5.1.7.4', 1, passw('culture.objectives'))
P('5.2.1.1', 2, ratio('info.manuals'))
P('5.2.1.2', 1, passw('info.labels'))
P('5.2.1.3', 2, passw('info.warranty'))
P('5.2.2.1', 2, passw('support.training'))
P('5.2.2.2', 2, lambda f: grade(f['support.hotline'], [(F(95,100), F(1)), (F(85,100), F(1,2))]))
P('5.2.2.3', 2, passw('support.remote'))
P('5.2.3.1', 2, ratio('delivery.ontime'))
P('5.2.3.2', 2, ratio('delivery.installed'))
P('5.2.3.3', 1, passw('delivery.conduct'))
P('5.2.4.1', 3, ratio('repair.response'))
P('5.2.4.2', 2, passw('repair.parts'))
P('5.2.4.3', 2, ratio('repair.records'))
P('5.2.4.4', 2, lambda f: grade(f['repair.rework'], [(F(2,100), F(1)), (F(5,100), F(1,2))], le=True))
P('5.2.5.1', 3, ratio('guarantee.returns'))
P('5.2.5.2', 2, passw('guarantee.period'))
P('5.2.5.3', 1, passw('guarantee.recall'))
P('5.2.6.1', 2, passw('takeback.channels'))
P('5.2.6.2', 2, passw('takeback.disposal'))
P('5.3.1.1', 3, ratio('customers.records'))
P('5.3.1.2', 3, ratio('customers.visits'))
P('5.3.1.3', 2, passw('survey.conducted'))
P('5.3.1.4', 4, lambda f: grade(f['survey.satisfaction'] if f['survey.conducted'] else F(0),
                                 [(F(90,100), F(1)), (F(80,100), F(6,10)), (F(70,100), F(3,10))]))
P('5.3.2.1', 2, lambda f: F(1) if f['complaints.channels'] >= 2 else F(0))
P('5.3.2.2', 3, ratio('complaints.timely'))
P('5.3.2.3', 4, ratio('complaints.resolved'))
P('5.3.2.4', 2, passw('complaints.analysis'))
P('5.3.2.5', 2, passw('complaints.emergency'))

LEVELS = [('五星级', 95), ('四星级', 90), ('三星级', 80), ('达标', 70)]

def round_half_up_01(x):
    # x Fraction -> Fraction multiple of 1/10, ties away from zero
    t = x * 10
    s = 1 if t >= 0 else -1
    a = abs(t)
    fl = a.numerator // a.denominator
    r = fl + (1 if a - fl >= F(1, 2) else 0)
    return F(s * r, 10)

def months_between(a, b):
    """Whole months from date a to date b: the monthiversaries of a reached by b.  The n-th one is
    a's day n months on, or the month's last day when it is shorter (PRC Civil Code art. 202).
    Negative, of the same size, when b is before a.  Written apart from evalrules' C."""
    if a > b:
        return -months_between(b, a)
    n = (b.year - a.year) * 12 + (b.month - a.month)
    while n > 0:
        y, m = divmod(a.month - 1 + n, 12)
        y += a.year; m += 1
        last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day
        if datetime.date(y, m, min(a.day, last)) <= b:
            break
        n -= 1
    return n

def years_between(a, b):
    m = months_between(a, b)
    return m // 12 if m >= 0 else -((-m) // 12)

def excluded(id, f, ex):
    parts = id.split('.')
    for i in range(2, len(parts) + 1):
        pre = '.'.join(parts[:i])
        if pre in ex: return True
        if pre == '5.2.3' and f['delivery.mode'] == 'none': return True
        if pre == '5.2.6' and not f['takeback.applicable']: return True
    return False

def evaluate(facts_raw, ex):
    f = {k: val(v) for k, v in facts_raw.items()}
    f.setdefault('special.bonus', F(0))
    if f['history.rated_since'] > f['audit.date']:  # range ..audit.date
        raise FactsError('history.rated_since is after audit.date')
    earned = {}; appl = {}
    for id, (pts, fn) in ITEMS.items():
        if excluded(id, f, ex):
            continue
        earned[id] = pts * fn(f); appl[id] = pts
    E = sum(earned.values(), F(0)); A = sum(appl.values(), F(0))
    norm = E / A * 100
    ded = f['special.deductions']; bon = min(f['special.bonus'], F(1))
    before = norm - ded + bon
    score = round_half_up_01(before)
    veto = ded >= 5
    lvl = None
    for name, th in LEVELS:
        if score >= th: lvl = name; break
    uncapped = lvl
    years = years_between(f['history.rated_since'], f['audit.date'])
    if lvl is not None and lvl != '达标' and not (years >= 1 or score >= 95):
        lvl = '达标'
    if veto: lvl = None
    def node(prefix, which):
        d = earned if which == 'e' else appl
        return sum((v for k, v in d.items() if k == prefix or k.startswith(prefix + '.')), F(0))
    return dict(earned=E, applicable=A, before=before, score=score, level=lvl, uncapped=uncapped,
                veto=veto, node=node, items=earned, bonus_capped=f['special.bonus'] > 1)

def fmt(x):
    d = x.denominator
    while d % 2 == 0: d //= 2
    while d % 5 == 0: d //= 5
    if d == 1:
        s = f'{float(x):.10f}'  # display only
        # exact decimal string
        n, dd = x.numerator, x.denominator
        places = 0
        while dd != 1 and (10 ** places) % dd: places += 1
        v = x * 10 ** places
        iv = v.numerator
        sign = '-' if iv < 0 else ''
        iv = abs(iv)
        if places == 0: return sign + str(iv)
        st = str(iv).rjust(places + 1, '0')
        out = st[:-places] + '.' + st[-places:]
        out = out.rstrip('0').rstrip('.')
        return sign + out
    return f'{x.numerator}/{x.denominator}'

def self_test():
    D = datetime.date
    for a, b, m in [(D(2023, 3, 2), D(2024, 3, 2), 12), (D(2023, 3, 2), D(2024, 3, 1), 11),
                    (D(2024, 2, 29), D(2025, 2, 28), 12), (D(2024, 2, 29), D(2025, 2, 27), 11),
                    (D(2024, 2, 29), D(2028, 2, 29), 48), (D(2023, 1, 31), D(2023, 2, 28), 1),
                    (D(2023, 1, 31), D(2023, 3, 30), 1), (D(2023, 5, 5), D(2023, 5, 5), 0),
                    (D(2024, 3, 2), D(2023, 3, 2), -12), (D(2023, 2, 28), D(2023, 1, 31), -1)]:
        assert months_between(a, b) == m, (a, b, months_between(a, b), m)
    assert years_between(D(2023, 3, 25), D(2024, 3, 24)) == 0  # 365 days across 29 February
    for bad in ['exclude 5.3.2.5 "x"', 'exclude 5.2.4 ""', 'exclude 5.2.4 "  "']:
        try:
            parse_facts(bad, is_text=True)
        except FactsError:
            continue
        raise AssertionError(bad)
    print('oracle self-test: ok')

if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        self_test(); sys.exit(0)
    for p in sys.argv[1:]:
        fr, ex = parse_facts(p)
        r = evaluate(fr, ex)
        print(p, 'A=', fmt(r['applicable']), 'E=', fmt(r['earned']), 'before=', fmt(r['before']),
              'score=', fmt(r['score']), r['level'], 'veto' if r['veto'] else '')
