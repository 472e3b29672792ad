# Generates rules/gbt27922.tests: facts overrides chosen here, every expectation computed by
# oracle.py (exact Fractions, written from the rules text), never by evalrules.
import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbt27922_oracle import *
EX = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples') + '/'
out = []
def emit(s=''): out.append(s)

def overrides_to_dict(lines):
    facts, excl = parse_facts('\n'.join(lines), is_text=True)
    return facts, excl

def fmt_pts(x):
    s = fmt(x)
    return s

def fmt_score(x):
    # one decimal, as the rules round to 0.1
    s = fmt(x)
    return s if '.' in s else s + '.0'

def case(name, base, lines, expects, note=None, inline_all=None):
    if base:
        fr, ex = parse_facts(EX + base)
    else:
        fr, ex = {}, {}
    of, oe = overrides_to_dict(lines)
    fr.update(of); ex.update(oe)
    r = evaluate(fr, ex)
    emit(f'case "{name}"')
    if note:
        for n in note.split('\n'):
            emit(f'  # {n}')
    if base:
        emit(f'  facts ../examples/{base}')
    for l in lines:
        emit(f'  {l}' if l else '')
    for e in expects:
        k = e[0]
        if k == 'score':
            emit(f'  expect score {fmt_score(r["score"])}')
        elif k == 'level':
            emit(f'  expect level {r["level"] or "none"}')
        elif k == 'veto':
            emit('  expect veto ' + ('"特别扣分项达5项及以上，不予评级"' if r['veto'] else 'none'))
        elif k == 'earned':
            v = r['earned'] if e[1] == 'total' else r['node'](e[1], 'e')
            emit(f'  expect earned {e[1]} {fmt_pts(v)}')
        elif k == 'applicable':
            v = r['applicable'] if e[1] == 'total' else r['node'](e[1], 'a')
            emit(f'  expect applicable {e[1]} {fmt_pts(v)}')
        elif k == 'excluded':
            assert r['node'](e[1], 'a') == 0, e
            emit(f'  expect excluded {e[1]}')
        elif k == 'raw':
            emit('  ' + e[1])
    emit()
    return r

STD = [('score',), ('level',), ('veto',)]
def E(*ids): return [('earned', i) for i in ids]
def A(*ids): return [('applicable', i) for i in ids]

emit('''# gbt27922.tests — test cases for rules/gbt27922.rules (run: evalrules test rules/gbt27922.rules).
#
# Each case takes an example facts file from examples/ and changes a few facts (lines in
# facts-file syntax, which replace the file's values), then states the score, the level, the
# vetoes and some points earned.  Every expected value here was worked out independently of
# evalrules, with exact fractions (Python fractions.Fraction) from the text of the rules, the
# way examples/EXPECTED.md was; a fraction such as 58/15 is an exact value, not a rounding.
# Format: docs/testing-rules.md.
''')

emit('# ---- the example enterprises, as examples/EXPECTED.md gives them ---------------------------\n')
case('样例：五星级（青岛澜海）', 'five-star.facts', [], STD + E('5.1.2.1', '5.1', 'total') + A('total'))
case('样例：首次认证即五星级（宁波甬江）', 'first-five-star.facts', [], STD + E('5.2.4.3', 'total'))
case('样例：四星级（深圳启明）', 'four-star.facts', [], STD + E('5.1.2.2', '5.2.2.2', '5.3.1.4', 'total'))
case('样例：三星级，规则删减与审核删减（成都锦程）', 'three-star.facts', [], STD + E('5.1.1.2', 'total') + A('5.2', 'total') + [('excluded', '5.2.6'), ('excluded', '5.2.2.3')])
case('样例：达标级，不提供配送（江苏恒通）', 'standard.facts', [], STD + E('5.1.2.2', 'total') + A('total') + [('excluded', '5.2.3')])
case('样例：未达标（温州瓯江）', 'unrated.facts', [], STD + E('5.3.1.4', 'total') + A('5.2.3', 'total'))
case('样例：五项特别扣分，否决（广州百顺）', 'vetoed.facts', [], STD + [('raw', 'expect vetoes 1')])
case('样例：首次认证 92.5 分，限为达标级（苏州清泉）', 'capped.facts', [], STD)

emit('# ---- scoring kinds: pass, ratio, score, grade -------------------------------------------------\n')
case('pass：不符合即失去全部分值', 'five-star.facts', ['org.department = no', 'rules.standards = no'], STD + E('5.1.1.1', '5.1.4.2', '5.1.4'))
case('pass：比较式条件，投诉渠道 1 个不得分', 'five-star.facts', ['complaints.channels = 1'], [('score',)] + E('5.3.2.1'))
case('pass：投诉渠道 2 个即得分', 'five-star.facts', ['complaints.channels = 2'], [('score',)] + E('5.3.2.1'))
case('ratio：抽样全部不符合得 0 分', 'five-star.facts', ['staff.qualified = 0/30', 'conduct.observed = 20/20'], STD + E('5.1.2.1', '5.1.4.3'))
case('ratio：网点覆盖率超过 1 按 1 计', 'five-star.facts', ['outlets.covered = 120', 'outlets.managed = 9/12'], [('score',)] + E('5.1.1.2'))
case('ratio：网点覆盖一半', 'five-star.facts', ['outlets.covered = 48', 'outlets.managed = 12/12'], [('score',)] + E('5.1.1.2'))
case('score：管理师不足按比例（35 人应配 4 名，实有 3 名）', 'five-star.facts', ['staff.managers = 35', 'staff.certified = 3'], [('score',)] + E('5.1.2.2'))
case('score：没有持证管理师得 0 分', 'five-star.facts', ['staff.certified = 0'], STD + E('5.1.2.2'))
case('score：管理人员 0 名也须配 1 名', 'five-star.facts', ['staff.managers = 0', 'staff.certified = 1'], [('score',)] + E('5.1.2.2'))
case('score：多配不多得', 'five-star.facts', ['staff.certified = 9'], [('score',)] + E('5.1.2.2'))
case('grade：各档下限正好达到', 'five-star.facts', ['support.hotline = 95%', 'repair.rework = 2%', 'survey.satisfaction = 90%'], [('score',)] + E('5.2.2.2', '5.2.4.4', '5.3.1.4'))
case('grade：差一点落入下一档', 'five-star.facts', ['support.hotline = 94.9%', 'repair.rework = 2.1%', 'survey.satisfaction = 89.9%'], [('score',)] + E('5.2.2.2', '5.2.4.4', '5.3.1.4'))
case('grade：最低一档的下限', 'five-star.facts', ['support.hotline = 85%', 'repair.rework = 5%', 'survey.satisfaction = 70%'], [('score',)] + E('5.2.2.2', '5.2.4.4', '5.3.1.4'))
case('grade：低于所有档次（otherwise 0）', 'five-star.facts', ['support.hotline = 84.9%', 'repair.rework = 5.1%', 'survey.satisfaction = 69.9%'], STD + E('5.2.2.2', '5.2.4.4', '5.3.1.4'))
case('grade：未开展满意度调查，满意度不计', 'five-star.facts', ['survey.conducted = no', 'survey.satisfaction = 93.5%'], STD + E('5.3.1.3', '5.3.1.4', '5.3.1'))

emit('# ---- level boundaries, from both sides; the score is rounded half-up to 0.1 first --------------\n')
B95 = ['staff.qualified = 27/30', 'complaints.resolved = 18/20', 'repair.response = 38/40', 'delivery.ontime = 50/50']
B95lo = ['staff.qualified = 25/30', 'conduct.observed = 16/20', 'complaints.resolved = 17/20', 'repair.response = 37/40', 'delivery.ontime = 46/50']
r = case('五星级下限：94.95 四舍五入为 95.0', 'five-star.facts', B95 + ['special.deductions = 2'], STD + E('total'), note='before rounding: 96.95 earned of 100, minus 2 deductions = 94.95 exactly')
assert r['before'] == F('94.95')
r = case('五星级之下：94.948333… 为 94.9，四星级', 'five-star.facts', B95lo + ['special.deductions = 1'], STD + E('total'), note='before rounding: 56969/600 = 94.948333…')
assert F('94.85') <= r['before'] < F('94.95')
r = case('四星级下限：89.95 为 90.0', 'five-star.facts', B95 + ['org.department = no', 'rules.documented = no', 'special.deductions = 3'], STD, note='before rounding: 92.95 earned, minus 3 = 89.95 exactly')
assert r['before'] == F('89.95')
r = case('四星级之下：89.948333… 为 89.9，三星级', 'five-star.facts', B95lo + ['org.department = no', 'rules.documented = no', 'rules.standards = no', 'special.deductions = 0'], STD, note='before rounding: 53969/600 = 89.948333…')
assert F('89.85') <= r['before'] < F('89.95')
F7 = ['org.department = no', 'rules.documented = no', 'rules.standards = no', 'supervision.internal = no', 'improvement.analysis = no', 'info.warranty = no', 'support.training = no']
r = case('三星级下限：79.95 为 80.0', 'five-star.facts', B95 + F7 + ['special.deductions = 3'], STD, note='before rounding: 82.95 earned, minus 3 = 79.95 exactly')
assert r['before'] == F('79.95')
r = case('三星级之下：79.948333… 为 79.9，达标级', 'five-star.facts', B95lo + F7 + ['repair.parts = no', 'special.deductions = 0'], STD, note='before rounding: 47969/600 = 79.948333…')
assert F('79.85') <= r['before'] < F('79.95')
r = case('达标级下限：69.95 为 70.0', 'five-star.facts', B95 + F7 + ['repair.parts = no', 'guarantee.period = no', 'complaints.analysis = no', 'funds.budget = no', 'culture.concept = no', 'special.deductions = 3'], STD, note='before rounding: 72.95 earned, minus 3 = 69.95 exactly')
assert r['before'] == F('69.95')
r = case('达标级之下：69.948333… 为 69.9，不予评级', 'five-star.facts', B95lo + F7 + ['repair.parts = no', 'guarantee.period = no', 'complaints.analysis = no', 'funds.budget = no', 'culture.concept = no', 'culture.commitment = no', 'culture.strategy = no', 'special.deductions = 0'], STD, note='before rounding: 41969/600 = 69.948333…')
assert F('69.85') <= r['before'] < F('69.95')
r = case('四舍五入：92.45 为 92.5（非边界）', 'five-star.facts', B95 + ['conduct.observed = 14/20', 'support.hotline = 90%', 'culture.concept = no', 'special.deductions = 2'], [('score',), ('level',)], note='before rounding: 96.95 - 0.5 - 1 - 1 earned, minus 2 = 92.45 exactly')
assert r['before'] == F('92.45')
emit('# ---- special deductions and the bonus ------------------------------------------------------------\n')
case('特别扣分 4 项：扣 4 分，不否决', 'five-star.facts', ['special.deductions = 4'], STD + [('raw', 'expect vetoes 0')])
case('特别扣分 5 项：否决，不予评级', 'five-star.facts', ['special.deductions = 5'], STD + [('raw', 'expect vetoes 1')])
case('特别加分 1 项：加 1 分', 'five-star.facts', ['special.bonus = 1'], STD)
case('特别加分 3 项：至多加 1 分', 'five-star.facts', ['special.bonus = 3'], STD)
case('特别加分不计入得分上限：满分加 1 分为 101.0', 'five-star.facts',
     ['staff.qualified = 30/30', 'conduct.observed = 20/20', 'delivery.ontime = 50/50', 'repair.response = 40/40',
      'complaints.resolved = 20/20', 'complaints.emergency = yes', 'special.bonus = 1'], STD + E('total'))

emit('# ---- exclusions change the applicable total (the denominator) -----------------------------------\n')
case('审核删减一个可删减项 5.2.3.2：适用分值 98', 'five-star.facts', ['exclude 5.2.3.2 "商品无需安装（测试）"'], STD + A('total', '5.2.3') + [('excluded', '5.2.3.2')])
case('审核删减整个二级指标 5.2.4：适用分值 91', 'five-star.facts', ['exclude 5.2.4 "本企业商品不提供维修（测试）"'], STD + A('total') + E('total') + [('excluded', '5.2.4'), ('excluded', '5.2.4.1')])
case('规则删减 5.2.3：不提供配送，适用分值 95', 'five-star.facts', ['delivery.mode = none'], STD + A('total', '5.2') + [('excluded', '5.2.3')])
case('委托配送不删减 5.2.3', 'five-star.facts', ['delivery.mode = contracted'], [('score',)] + A('5.2.3'))
case('规则删减 5.2.6：不涉及废弃商品回收，适用分值 96', 'five-star.facts', ['takeback.applicable = no'], STD + A('total') + [('excluded', '5.2.6')])

emit('# ---- the one-year prerequisite (cap "达标" unless a year at standard level or score >= 95) -------')
emit('# A year is complete on the anniversary date; from 29 February, on 28 February.\n')
case('一年期：周年前一天，四星级成绩限为达标级', 'four-star.facts', ['history.rated_since = 2025-03-25'], STD)
case('一年期：周年当天，可评四星级', 'four-star.facts', ['history.rated_since = 2025-03-24'], STD)
case('一年期：跨 2 月 29 日满 365 天仍未满一年', 'four-star.facts', ['audit.date = 2024-03-24', 'history.rated_since = 2023-03-25'], STD)
case('一年期：2 月 29 日首次评级，次年 2 月 28 日满一年', 'four-star.facts', ['audit.date = 2025-02-28', 'history.rated_since = 2024-02-29'], STD)
case('一年期：2 月 29 日首次评级，次年 2 月 27 日未满一年', 'four-star.facts', ['audit.date = 2025-02-27', 'history.rated_since = 2024-02-29'], STD)
case('首次认证 97.4 分：得分不低于 95，不受限', 'five-star.facts', ['history.rated_since = 2026-05-12'], STD)
case('首次认证 95.0 分：正好 95，不受限', 'five-star.facts', B95 + ['special.deductions = 2', 'history.rated_since = 2026-05-12'], STD)
case('首次认证 94.9 分：限为达标级', 'five-star.facts', B95lo + ['special.deductions = 1', 'history.rated_since = 2026-05-12'], STD)
case('首次认证 69.9 分：不予评级，限制无关', 'five-star.facts', B95lo + F7 + ['repair.parts = no', 'guarantee.period = no', 'complaints.analysis = no', 'funds.budget = no', 'culture.concept = no', 'culture.commitment = no', 'culture.strategy = no', 'special.deductions = 0', 'history.rated_since = 2026-05-12'], STD)

emit('# ---- whole enterprises -------------------------------------------------------------------------\n')
PARTIAL = ['outlets.covered = 90', 'staff.qualified = 28/30', 'staff.certified = 4', 'training.skills = 18/20',
           'facilities.working = 14/15', 'tools.ready = 11/12', 'conduct.observed = 19/20', 'improvement.actions = 7/8',
           'info.manuals = 9/10', 'delivery.ontime = 45/50', 'delivery.installed = 27/30', 'repair.response = 36/40',
           'repair.records = 38/40', 'guarantee.returns = 19/20', 'customers.records = 29/30', 'customers.visits = 45/50',
           'complaints.timely = 19/20', 'complaints.resolved = 18/20']
case('每个抽样项都部分失分', 'five-star.facts', PARTIAL, STD + E('5.1', '5.2', '5.3', 'total'))
ZERO_FACTS = '''subject = "全部不符合的企业（测试）"
audit.date = 2026-06-01
history.rated_since = 2020-01-01
org.department = no
outlets.regions = 10
outlets.covered = 0
outlets.managed = 0/5
staff.qualified = 0/10
staff.managers = 20
staff.certified = 0
funds.budget = no
funds.special = no
training.skills = 0/10
training.culture = no
staff.incentives = no
premises.adequate = no
facilities.working = 0/10
tools.ready = 0/5
rules.documented = no
rules.standards = no
conduct.observed = 0/10
supervision.internal = no
supervision.feedback = no
supervision.external = no
improvement.analysis = no
improvement.actions = 0/5
culture.concept = no
culture.commitment = no
culture.strategy = no
culture.objectives = no
info.manuals = 0/10
info.labels = no
info.warranty = no
support.training = no
support.hotline = 50%
support.remote = no
delivery.mode = own
delivery.ontime = 0/10
delivery.installed = 0/10
delivery.conduct = no
repair.response = 0/10
repair.parts = no
repair.records = 0/10
repair.rework = 20%
guarantee.returns = 0/10
guarantee.period = no
guarantee.recall = no
takeback.applicable = yes
takeback.channels = no
takeback.disposal = no
customers.records = 0/10
customers.visits = 0/10
survey.conducted = no
survey.satisfaction = 0%
complaints.channels = 1
complaints.timely = 0/10
complaints.resolved = 0/10
complaints.analysis = no
complaints.emergency = no
special.deductions = 0'''.split('\n')
case('全部不符合：0 分，所有事实写在用例里', None, ZERO_FACTS, STD + E('total') + A('total'),
     note='no facts file: every fact is given here')
emit('''case "缺少事实：不予评分"
  # an incomplete audit is never scored: the evaluation stops and names every missing fact
  subject = "资料不全的企业（测试）"
  audit.date = 2026-06-01
  history.rated_since = 2020-01-01
  expect error "missing fact 'org.department'"
''')

open(sys.argv[1] if len(sys.argv) > 1 else 'gbt27922.tests', 'w').write('\n'.join(out).rstrip('\n') + '\n')
