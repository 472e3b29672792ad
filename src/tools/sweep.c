/* sweep.c — how robust is a rating to the weights?  Every enterprise is
 * evaluated under many randomly perturbed weightings (runs), and the report
 * counts the levels the runs give, the range of scores, and which weights
 * move the score most when raised one at a time.
 *
 * A run's points come from its own random numbers (sweep.h), so runs can be
 * shared among threads in any way: each thread counts into its own tallies
 * (outcome counts and a histogram of scores per enterprise) and these are
 * added up at the end.  Sums and histograms do not depend on the order in
 * which runs were counted, so the result is the same for any number of
 * threads.  Evaluation goes through one er_evaluator per thread and never
 * allocates; a histogram grows only when a score is new to it.
 *
 * Everything that decides an outcome is exact (eri_num); the only integers
 * that are not are the counts and tenths of percent of the report.  Numbers
 * that outgrow 64 bits live in number heaps (decimal.h): a run's points in
 * its worker's run heap, cleared at the next run; the scores a worker's
 * histograms hold in its own heap; what the sweep reports in the sweep's. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "ahp.h"
#include "alloc.h"
#include "diag.h"
#include "facts.h"
#include "plan.h"
#include "result.h"
#include "sweep.h"

/* ---- the perturbation model ------------------------------------------------ */

uint32_t eri_rng_step(eri_rng *g)
{
    for (;;) {
        uint32_t j = (uint32_t)(eri_rng_next(g) >> 43); /* 0 … 2^21 - 1 */
        if (j <= 2 * ERI_SWEEP_STEPS)
            return j;
    }
}

eri_num_status eri_sweep_parse_spread(const char *text, eri_num *out)
{
    size_t len = strlen(text);
    bool percent = len > 0 && text[len - 1] == '%';
    eri_num v;
    eri_num_status st = eri_num_parse(text, len - percent, &v);
    if (st != ERI_NUM_OK)
        return st;
    if (percent && (st = eri_num_div(v, eri_num_int(100), &v)) != ERI_NUM_OK)
        return st;
    *out = v;
    return ERI_NUM_OK;
}

static const char *spread_error(const char *spread)
{
    eri_num s;
    eri_num_status st = eri_sweep_parse_spread(spread, &s);
    if (st == ERI_NUM_NOMEM)
        return "out of memory";
    if (st != ERI_NUM_OK)
        return "not a percentage or a fraction such as 10% or 0.1";
    if (eri_num_sign(s) < 0)
        return "a spread cannot be negative";
    if (eri_num_cmp(s, ERI_NUM_ONE) >= 0)
        return "a spread must stay below 100% so that every weight stays positive";
    return NULL;
}

const char *er_sweep_spread_error(const char *spread)
{
    eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums); /* a spread of any length */
    const char *why = spread_error(spread);
    eri_numheap_use(before);
    eri_numheap_clear(&nums);
    return why;
}

eri_num_status eri_sweep_factor(eri_num spread, uint32_t step, eri_num *out)
{
    eri_num u;
    eri_num_status st = eri_num_make((int64_t)step - ERI_SWEEP_STEPS, ERI_SWEEP_STEPS, &u);
    if (st == ERI_NUM_OK)
        st = eri_num_mul(spread, u, &u);
    if (st == ERI_NUM_OK)
        st = eri_num_add(ERI_NUM_ONE, u, out);
    return st;
}

bool eri_sweep_quantum(eri_num total, eri_num *quantum)
{
    int dec = eri_num_decimals(total);
    if (dec < 0 || dec > 9)
        return false;
    int64_t den = 1;
    for (int i = 0; i < (dec > 3 ? dec : 3); i++)
        den *= 10;
    *quantum = (eri_num){1, den};
    return true;
}

/* The nodes kids[0..n) share total in proportion to centre × factor. */
static bool share(const int32_t *kids, uint32_t n, eri_num total, const eri_num *centre, const eri_num *factor,
                  eri_num quantum, eri_num *out, eri_num *weights, eri_num *points)
{
    if (n == 0)
        return true;
    if (eri_num_is_zero(total) || n == 1) {
        for (uint32_t k = 0; k < n; k++)
            out[kids[k]] = n == 1 ? total : ERI_NUM_ZERO;
        return true;
    }
    for (uint32_t k = 0; k < n; k++)
        if (eri_num_mul(centre[kids[k]], factor[kids[k]], &weights[k]) != ERI_NUM_OK)
            return false;
    if (eri_ahp_points((int)n, weights, total, quantum, points) != ERI_AHP_OK)
        return false;
    for (uint32_t k = 0; k < n; k++)
        out[kids[k]] = points[k];
    return true;
}

bool eri_sweep_points(const er_rules *r, const eri_num *centre, const eri_num *factor, eri_num quantum, eri_num *out,
                     eri_num *scratch)
{
    eri_num total = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++)
        if (eri_num_add(total, centre[r->roots[i]], &total) != ERI_NUM_OK)
            return false;
    eri_num *weights = scratch, *points = scratch + r->nnodes;
    if (!share(r->roots, r->nroots, total, centre, factor, quantum, out, weights, points))
        return false;
    for (uint32_t i = 0; i < r->nnodes; i++) /* preorder: a parent before its children */
        if (!share(r->nodes[i].children, r->nodes[i].nchildren, out[i], centre, factor, quantum, out, weights,
                   points))
            return false;
    return true;
}

/* ---- tallies ------------------------------------------------------------- */

/* Count v; a value new to h is kept in owner's number heap. */
static bool hist_add(eri_sweep_hist *h, eri_num v, uint64_t count, eri_numheap *owner)
{
    if (h->last < h->len && eri_num_eq(h->v[h->last], v)) {
        h->n[h->last] += count;
        return true;
    }
    size_t lo = 0, hi = h->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = eri_num_cmp(h->v[mid], v);
        if (c == 0) {
            h->n[mid] += count;
            h->last = mid;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (eri_num_keep(owner, &v) != ERI_NUM_OK)
        return false;
    if (h->len == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        eri_num *nv = eri_realloc(h->v, cap * sizeof *nv);
        if (!nv)
            return false;
        h->v = nv;
        uint64_t *nn = eri_realloc(h->n, cap * sizeof *nn);
        if (!nn)
            return false;
        h->n = nn;
        h->cap = cap;
    }
    memmove(h->v + lo + 1, h->v + lo, (h->len - lo) * sizeof *h->v);
    memmove(h->n + lo + 1, h->n + lo, (h->len - lo) * sizeof *h->n);
    h->v[lo] = v;
    h->n[lo] = count;
    h->len++;
    h->last = lo;
    return true;
}

static void hist_free(eri_sweep_hist *h)
{
    eri_free(h->v);
    eri_free(h->n);
}

/* ---- the sweep --------------------------------------------------------------- */


typedef struct worker {
    er_sweep *sw;
    unsigned index;
    er_evaluator *ev;
    er_diag *d;              /* counts only: the failing run is replayed for its message */
    er_scheme scheme;        /* the centre's, with points of the run */
    eri_num *points, *factor, *scratch;
    uint32_t *steps;         /* the run's draws, for the points in integers */
    eri_num *base;           /* the one-at-a-time table: each enterprise's score under all factors 1 */
    int64_t *q, *w;
    eri_sweep_rank *order;
    uint64_t *counts;        /* enterprise × outcome */
    eri_sweep_hist *h;       /* per enterprise */
    eri_numheap run_nums;    /* the current run's large numbers */
    eri_numheap kept;        /* the histograms' */
    enum { OK, FAIL_EVAL, FAIL_POINTS, FAIL_MEMORY } failure;
    uint64_t fail_run;
    size_t fail_ent;
    pthread_t thread;
} worker;

static size_t outcome_of(const er_sweep *sw, const er_result *res)
{
    if (er_result_veto_count(res))
        return sw->nout - 1;
    int level = er_result_level(res);
    return level < 0 ? sw->nout - 2 : (size_t)level;
}

/* v as the reports write a score, whole whatever its length (malloc'd;
 * NULL when out of memory). */
static char *score_text(const er_rules *r, eri_num v)
{
    int dec = r->round ? r->score_decimals : 0, max = r->round ? dec : 4;
    size_t len = eri_num_format(v, dec, max, NULL, 0, NULL);
    char *s = eri_malloc(len + 1);
    if (s)
        eri_num_format(v, dec, max, s, len + 1, NULL);
    return s;
}

/* The points of the steps in w->steps (one per node, in preorder): in
 * integers (sweep_points.c), else — when they do not fit — in rationals */
static bool points_of_steps(worker *w)
{
    const er_sweep *sw = w->sw;
    if (sw->si_ok && eri_sweep_points_int(&sw->si, sw->r, w->steps, w->q, w->w, w->order, w->points))
        return true;
    for (uint32_t i = 0; i < sw->r->nnodes; i++)
        if (eri_sweep_factor(sw->spread, w->steps[i], &w->factor[i]) != ERI_NUM_OK)
            return false;
    return eri_sweep_points(sw->r, sw->centre->points, w->factor, sw->quantum, w->points, w->scratch);
}

/* The points of run k: one draw per node, in preorder. */
static bool run_points(worker *w, uint64_t k)
{
    eri_rng g;
    eri_rng_seed(&g, w->sw->seed, k);
    for (uint32_t i = 0; i < w->sw->r->nnodes; i++)
        w->steps[i] = eri_rng_step(&g);
    return points_of_steps(w);
}

static void lower_stop(er_sweep *sw, uint64_t k)
{
    uint64_t cur = atomic_load(&sw->stop_at);
    while (k < cur && !atomic_compare_exchange_weak(&sw->stop_at, &cur, k))
        ;
}

static bool one_run(worker *w, uint64_t k)
{
    er_sweep *sw = w->sw;
    eri_numheap_clear(&w->run_nums); /* the last run's points */
    if (!run_points(w, k)) {
        w->failure = FAIL_POINTS;
        return false;
    }
    for (size_t e = 0; e < sw->n; e++) {
        /* the score, level and vetoes only: by the compiled plan where it applies (eval.h) */
        eri_brief b;
        eri_num score;
        if (!eri_evaluate_memo(w->ev, sw->ents[e].f, &w->scheme, sw->ents[e].memo, false, w->d, &b) ||
            eri_brief_score(sw->r, &b, &score) != ERI_NUM_OK) {
            w->failure = FAIL_EVAL;
            w->fail_ent = e;
            return false;
        }
        w->counts[e * sw->nout + (b.nvetoed ? sw->nout - 1 : b.level < 0 ? sw->nout - 2 : (size_t)b.level)]++;
        if (!hist_add(&w->h[e], score, 1, &w->kept)) {
            w->failure = FAIL_MEMORY;
            return false;
        }
    }
    return true;
}

/* Runs index, index + jobs, …: each in increasing order, so that every run
 * before the first failing one is done whichever thread fails. */
static void *work(void *arg)
{
    worker *w = arg;
    er_sweep *sw = w->sw;
    eri_numheap *before = eri_numheap_use(&w->run_nums); /* this thread's */
    for (uint64_t k = w->index; k < atomic_load(&sw->stop_at); k += sw->jobs) {
        if (!one_run(w, k)) {
            w->fail_run = k;
            lower_stop(sw, k);
            break;
        }
        uint64_t done = atomic_fetch_add(&sw->done, 1) + 1;
        if (w->index == 0 && sw->progress)
            sw->progress(sw->progress_arg, done, sw->runs);
    }
    eri_numheap_use(before);
    atomic_fetch_add(&sw->finished, 1);
    return NULL;
}

static void worker_free(worker *w, size_t n)
{
    er_evaluator_free(w->ev);
    er_diag_free(w->d);
    eri_free(w->points);
    eri_free(w->factor);
    eri_free(w->scratch);
    eri_free(w->steps);
    eri_free(w->q);
    eri_free(w->w);
    eri_free(w->order);
    eri_free(w->counts);
    for (size_t e = 0; w->h && e < n; e++)
        hist_free(&w->h[e]);
    eri_free(w->h);
    eri_numheap_clear(&w->run_nums);
    eri_numheap_clear(&w->kept);
}

static bool worker_init(worker *w, er_sweep *sw, unsigned index)
{
    const er_rules *r = sw->r;
    *w = (worker){.sw = sw, .index = index, .scheme = *sw->centre};
    w->ev = er_evaluator_new(r);
    w->d = er_diag_new(NULL);
    w->points = eri_calloc(r->nnodes + 1, sizeof *w->points);
    w->factor = eri_calloc(r->nnodes + 1, sizeof *w->factor);
    w->scratch = eri_calloc(2 * r->nnodes + 1, sizeof *w->scratch);
    w->steps = eri_calloc(r->nnodes + 1, sizeof *w->steps);
    w->q = eri_calloc(r->nnodes + 1, sizeof *w->q);
    w->w = eri_calloc(r->nnodes + 1, sizeof *w->w);
    w->order = eri_calloc(r->nnodes + 1, sizeof *w->order);
    w->counts = eri_calloc(sw->n * sw->nout + 1, sizeof *w->counts);
    w->h = eri_calloc(sw->n + 1, sizeof *w->h);
    w->scheme.points = w->points;
    return w->ev && w->d && w->points && w->factor && w->scratch && w->steps && w->q && w->w && w->order &&
           w->counts && w->h;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Run the sweep on sw->jobs threads (the caller's being one). */
static bool run_all(er_sweep *sw, er_diag *d)
{
    worker *ws = eri_calloc(sw->jobs, sizeof *ws);
    if (!ws) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    bool ok = true;
    unsigned ready = 0;
    for (; ready < sw->jobs; ready++)
        if (!worker_init(&ws[ready], sw, ready)) {
            worker_free(&ws[ready], sw->n);
            ok = false;
            break;
        }
    unsigned started = 1;
    if (ok) {
        for (; started < sw->jobs; started++)
            if (pthread_create(&ws[started].thread, NULL, work, &ws[started]) != 0)
                break;
        if (started < sw->jobs) /* fewer threads: the runs of the others are done by none */
            lower_stop(sw, 0), ok = false;
        work(&ws[0]);
        /* keep the progress moving until the other threads are done */
        while (sw->progress && atomic_load(&sw->finished) < started) {
            sleep_ms(100);
            sw->progress(sw->progress_arg, atomic_load(&sw->done), sw->runs);
        }
        for (unsigned i = 1; i < started; i++)
            pthread_join(ws[i].thread, NULL);
    }
    if (!ok) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory (or no threads) for the sweep");
    } else if (atomic_load(&sw->stop_at) < sw->runs) {
        /* the first run that failed, as the threads found it; its first enterprise */
        uint64_t k = atomic_load(&sw->stop_at);
        const worker *w = &ws[k % sw->jobs];
        ok = false;
        if (w->failure == FAIL_EVAL) {
            /* evaluate it again to show the diagnostic */
            const eri_sweep_ent *en = &sw->ents[w->fail_ent];
            eri_diag_file(d, ERI_SEV_ERROR, en->f->src->name,
                         "cannot be evaluated under the weights of run %llu of the sweep:", (unsigned long long)k + 1);
            eri_numheap *before = eri_numheap_use((eri_numheap *)&w->run_nums); /* its points' heap */
            (void)er_evaluate(w->ev, en->f, &w->scheme, d);
            eri_numheap_use(before);
        } else if (w->failure == FAIL_POINTS) {
            eri_diag_plain(d, ERI_SEV_ERROR,
                          "the weights of run %llu cannot be shared out exactly in steps of the quantum",
                          (unsigned long long)k + 1);
        } else {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        }
    } else if (sw->progress) {
        sw->progress(sw->progress_arg, sw->runs, sw->runs);
    }
    /* add up the tallies, thread by thread */
    for (unsigned i = 0; ok && i < ready; i++)
        for (size_t e = 0; ok && e < sw->n; e++) {
            for (size_t k = 0; k < sw->nout; k++)
                sw->ents[e].counts[k] += ws[i].counts[e * sw->nout + k];
            for (size_t v = 0; ok && v < ws[i].h[e].len; v++)
                if (!hist_add(&sw->ents[e].h, ws[i].h[e].v[v], ws[i].h[e].n[v], &sw->nums)) {
                    eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                    ok = false;
                }
        }
    for (unsigned i = 0; i < ready; i++)
        worker_free(&ws[i], sw->n);
    eri_free(ws);
    return ok;
}

/* Lowest, median (lower middle) and highest of the histogram; false when
 * out of memory. */
static bool summarise(const er_sweep *sw, eri_sweep_ent *en)
{
    const eri_sweep_hist *h = &en->h;
    if (!h->len)
        return true;
    uint64_t want = (sw->runs + 1) / 2, seen = 0;
    size_t mid = 0;
    while (mid < h->len && (seen += h->n[mid]) < want)
        mid++;
    en->score[0] = score_text(sw->r, h->v[0]);
    en->score[1] = score_text(sw->r, h->v[mid < h->len ? mid : h->len - 1]);
    en->score[2] = score_text(sw->r, h->v[h->len - 1]);
    return en->score[0] && en->score[1] && en->score[2];
}

eri_num eri_sweep_magnitude(eri_num a)
{
    if (eri_num_sign(a) < 0)
        (void)eri_num_neg(a, &a); /* left as it is only when there is no memory for it */
    return a;
}

/* |a| > |b| */
static bool larger(eri_num a, eri_num b) { return eri_num_cmp(eri_sweep_magnitude(a), eri_sweep_magnitude(b)) > 0; }

/* Where a thread's part of the one-at-a-time table stopped, in the order a
 * single thread would meet it: stage 0 the centre, stage i + 1 node i
 * raised; enterprise e as e + 1 (0: the points themselves) */
static uint64_t sens_at(const er_sweep *sw, uint64_t stage, uint64_t e1) { return stage * (sw->n + 1) + e1; }

/* delta into en's top list: larger effects first, ties in preorder (the
 * nodes come in preorder) */
static void sens_insert(eri_sweep_ent *en, int32_t node, eri_num delta)
{
    uint32_t at = en->nsens;
    while (at > 0 && larger(delta, en->sens_delta[at - 1]))
        at--;
    if (at >= ER_SWEEP_TOP)
        return;
    uint32_t last = en->nsens < ER_SWEEP_TOP ? en->nsens : ER_SWEEP_TOP - 1;
    for (uint32_t k = last; k > at; k--) {
        en->sens_node[k] = en->sens_node[k - 1];
        en->sens_delta[k] = en->sens_delta[k - 1];
    }
    en->sens_node[at] = node;
    en->sens_delta[at] = delta;
    if (en->nsens < ER_SWEEP_TOP)
        en->nsens++;
}

/* The points with node raised alone by the spread (-1: none), renormalised
 * and quantised like a run's (factor 1 + spread is step 2·ERI_SWEEP_STEPS) */
static bool sens_points(worker *w, int32_t raised)
{
    for (uint32_t i = 0; i < w->sw->r->nnodes; i++)
        w->steps[i] = (int32_t)i == raised ? 2 * ERI_SWEEP_STEPS : ERI_SWEEP_STEPS;
    return points_of_steps(w);
}

/* One thread's enterprises (index, index + jobs, …) of the one-at-a-time
 * table, each score before rounding from the plan where it applies
 * (eri_evaluate_unrounded); stops at its first failure (w->fail_run) */
static void *sens_work(void *arg)
{
    worker *w = arg;
    er_sweep *sw = w->sw;
    const er_rules *r = sw->r;
    eri_numheap *before = eri_numheap_use(&w->run_nums);
    w->fail_run = UINT64_MAX;
    bool ok = sens_points(w, -1);
    if (!ok)
        w->fail_run = sens_at(sw, 0, 0);
    for (size_t e = w->index; ok && e < sw->n; e += sw->jobs) {
        eri_sweep_ent *en = &sw->ents[e];
        ok = eri_evaluate_unrounded(w->ev, en->f, &w->scheme, en->memo, w->d, &w->base[e]) &&
             eri_num_keep(&w->kept, &w->base[e]) == ERI_NUM_OK;
        if (!ok)
            w->fail_run = sens_at(sw, 0, e + 1);
    }
    for (uint32_t i = 0; ok && i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        uint32_t siblings = n->parent < 0 ? r->nroots : r->nodes[n->parent].nchildren;
        if (siblings < 2 || eri_num_is_zero(sw->centre->points[i]))
            continue; /* raising it alone changes nothing */
        eri_numheap_clear(&w->run_nums); /* the last node's points and deltas */
        if (!sens_points(w, (int32_t)i)) {
            w->fail_run = sens_at(sw, i + 1, 0);
            break;
        }
        for (size_t e = w->index; ok && e < sw->n; e += sw->jobs) {
            eri_sweep_ent *en = &sw->ents[e];
            eri_num v, delta;
            ok = eri_evaluate_unrounded(w->ev, en->f, &w->scheme, en->memo, w->d, &v) &&
                 eri_num_sub(v, w->base[e], &delta) == ERI_NUM_OK;
            if (!ok)
                w->fail_run = sens_at(sw, i + 1, e + 1);
            else if (!eri_num_is_zero(delta) && eri_num_keep(&w->kept, &delta) == ERI_NUM_OK)
                sens_insert(en, (int32_t)i, delta);
        }
    }
    eri_numheap_use(before);
    return NULL;
}

/* One at a time: each node's weight raised by the spread (factor 1 + spread,
 * every other factor 1), renormalised and quantised like a run; the change
 * of each enterprise's score before rounding against all factors 1.  The
 * enterprises are shared among the sweep's threads; each enterprise's list
 * is one thread's, filled in preorder, so any number of threads gives the
 * same table.  The first failure, in a single thread's order, is evaluated
 * again to show its diagnostics. */
static bool sensitivity(er_sweep *sw, er_diag *d)
{
    const er_rules *r = sw->r;
    if (eri_num_is_zero(sw->spread) || sw->n == 0)
        return true;
    if (r->nnodes > ERI_SWEEP_SENS_NODES) {
        sw->sens_skipped = true;
        return true;
    }
    unsigned jobs = sw->jobs < sw->n ? sw->jobs : (unsigned)sw->n, ready = 0, started = 1;
    worker *ws = eri_calloc(jobs, sizeof *ws);
    if (!ws) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    bool ok = true;
    for (; ready < jobs; ready++)
        if (!worker_init(&ws[ready], sw, ready) || !(ws[ready].base = eri_calloc(sw->n, sizeof *ws->base))) {
            worker_free(&ws[ready], sw->n);
            ok = false;
            break;
        }
    unsigned saved = sw->jobs;
    sw->jobs = jobs;
    if (ok) {
        for (; started < jobs; started++)
            if (pthread_create(&ws[started].thread, NULL, sens_work, &ws[started]) != 0)
                break;
        ok = started == jobs; /* else the enterprises of the others are done by none */
        sens_work(&ws[0]);
        for (unsigned i = 1; i < started; i++)
            pthread_join(ws[i].thread, NULL);
    }
    sw->jobs = saved;
    if (!ok)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory (or no threads) for the sweep");
    uint64_t first = UINT64_MAX;
    for (unsigned i = 0; ok && i < jobs; i++)
        first = ws[i].fail_run < first ? ws[i].fail_run : first;
    if (ok && first != UINT64_MAX) {
        /* the evaluation that failed first, again, to show why */
        uint64_t stage = first / (sw->n + 1), e1 = first % (sw->n + 1);
        if (e1 && sens_points(&ws[0], (int32_t)stage - 1))
            (void)er_evaluate(ws[0].ev, sw->ents[e1 - 1].f, &ws[0].scheme, d);
        eri_diag_plain(d, ERI_SEV_ERROR, "the one-at-a-time weights cannot be evaluated");
        ok = false;
    }
    /* the deltas outlive the threads' heaps: into the sweep's */
    for (size_t e = 0; ok && e < sw->n; e++)
        for (uint32_t k = 0; ok && k < sw->ents[e].nsens; k++)
            if (eri_num_keep(&sw->nums, &sw->ents[e].sens_delta[k]) != ERI_NUM_OK) {
                eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                ok = false;
            }
    for (unsigned i = 0; i < ready; i++) {
        eri_free(ws[i].base);
        worker_free(&ws[i], sw->n);
    }
    eri_free(ws);
    return ok;
}

void er_sweep_free(er_sweep *sw)
{
    if (!sw)
        return;
    for (size_t e = 0; e < sw->n; e++) {
        eri_free(sw->ents[e].counts);
        eri_free(sw->ents[e].centre_score);
        for (int k = 0; k < 3; k++)
            eri_free(sw->ents[e].score[k]);
        hist_free(&sw->ents[e].h);
        eri_plan_memo_free(sw->ents[e].memo);
    }
    eri_free(sw->ents);
    eri_sweep_int_free(&sw->si);
    eri_numheap_clear(&sw->nums);
    eri_free(sw);
}

/* The enterprises whose centre evaluation succeeds, with its score and outcome. */
static bool centre_results(er_sweep *sw, const er_facts *const *facts, size_t nfacts, er_diag *d)
{
    er_evaluator *ev = er_evaluator_new(sw->r);
    sw->ents = eri_calloc(nfacts + 1, sizeof *sw->ents);
    if (!ev || !sw->ents) {
        er_evaluator_free(ev);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    for (size_t i = 0; i < nfacts; i++) {
        const er_result *res = er_evaluate(ev, facts[i], sw->centre, d);
        if (!res)
            continue;
        eri_sweep_ent *en = &sw->ents[sw->n];
        en->f = facts[i];
        en->name = sw->names && sw->names[i] ? sw->names[i] : facts[i]->src->name;
        en->counts = eri_calloc(sw->nout, sizeof *en->counts);
        en->centre_score = eri_strndup(er_result_score(res), strlen(er_result_score(res)));
        if (!en->counts || !en->centre_score) {
            eri_free(en->counts);
            eri_free(en->centre_score);
            *en = (eri_sweep_ent){0};
            er_evaluator_free(ev);
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
            return false;
        }
        en->centre_outcome = outcome_of(sw, res);
        /* what every run shares: the general parts that do not read the weights (plan.h) */
        const eri_plan *plan = eri_evaluator_plan(ev);
        eri_brief b;
        if (plan && eri_plan_memo_slots(plan) && (en->memo = eri_plan_memo_new(plan)) &&
            !eri_evaluate_memo(ev, facts[i], sw->centre, en->memo, true, d, &b)) {
            eri_plan_memo_free(en->memo); /* cannot be: it was just evaluated */
            en->memo = NULL;
        }
        sw->n++;
    }
    er_evaluator_free(ev);
    return true;
}

static er_sweep *sweep_run(er_sweep *sw, const er_rules *r, const er_facts *const *facts, size_t nfacts,
                           const er_sweep_opts *o, er_diag *d);

er_sweep *er_sweep_run(const er_rules *r, const er_facts *const *facts, size_t nfacts, const er_sweep_opts *o,
                       er_diag *d)
{
    const char *spread = o && o->spread ? o->spread : "10%";
    const char *why = er_sweep_spread_error(spread);
    if (why) {
        eri_diag_plain(d, ERI_SEV_ERROR, "spread '%s': %s", spread, why);
        return NULL;
    }
    er_sweep *sw = eri_calloc(1, sizeof *sw);
    if (!sw) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    eri_numheap *before = eri_numheap_use(&sw->nums); /* the sweep's own numbers */
    sw = sweep_run(sw, r, facts, nfacts, o, d);
    eri_numheap_use(before);
    return sw;
}

static er_sweep *sweep_run(er_sweep *sw, const er_rules *r, const er_facts *const *facts, size_t nfacts,
                           const er_sweep_opts *o, er_diag *d)
{
    const char *spread = o && o->spread ? o->spread : "10%";
    sw->r = r;
    sw->centre = o && o->centre ? o->centre : &r->base;
    sw->names = o ? o->names : NULL;
    (void)eri_sweep_parse_spread(spread, &sw->spread);
    eri_num pct;
    if (eri_num_mul(sw->spread, eri_num_int(100), &pct) == ERI_NUM_OK) {
        size_t len = eri_num_format(pct, 0, 6, sw->spread_text, sizeof sw->spread_text - 1, NULL);
        if (len < sizeof sw->spread_text - 1)
            strcat(sw->spread_text, "%");
    }
    sw->runs = o && o->runs ? o->runs : 1000;
    sw->seed = o ? o->seed : 0;
    sw->jobs = o && o->jobs ? o->jobs : 1;
    if (sw->jobs > sw->runs)
        sw->jobs = (unsigned)sw->runs;
    sw->nout = r->nlevels + 2;
    sw->progress = o ? o->progress : NULL;
    sw->progress_arg = o ? o->progress_arg : NULL;
    atomic_init(&sw->done, 0);
    atomic_init(&sw->stop_at, sw->runs);
    atomic_init(&sw->finished, 0);

    eri_num total = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++)
        (void)eri_num_add(total, sw->centre->points[r->roots[i]], &total);
    if (!eri_sweep_quantum(total, &sw->quantum)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "the total points are not a decimal of at most 9 places: cannot sweep");
        er_sweep_free(sw);
        return NULL;
    }
    sw->si_ok = eri_sweep_int_new(&sw->si, r, sw->centre->points, sw->spread, sw->quantum);
    if (!centre_results(sw, facts, nfacts, d) || (sw->n > 0 && !run_all(sw, d)) || !sensitivity(sw, d)) {
        er_sweep_free(sw);
        return NULL;
    }
    for (size_t e = 0; e < sw->n; e++)
        if (!summarise(sw, &sw->ents[e])) {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
            er_sweep_free(sw);
            return NULL;
        }
    return sw;
}

/* ---- accessors ---------------------------------------------------------------- */

size_t er_sweep_count(const er_sweep *sw) { return sw->n; }
size_t er_sweep_outcomes(const er_sweep *sw) { return sw->nout; }

const char *er_sweep_outcome_label(const er_sweep *sw, size_t k)
{
    if (k < sw->r->nlevels)
        return sw->r->levels[k].label;
    if (k == sw->nout - 2)
        return sw->r->unrated_label ? sw->r->unrated_label : "unrated";
    return k == sw->nout - 1 ? "vetoed" : NULL;
}

unsigned long long er_sweep_runs_with(const er_sweep *sw, size_t i, size_t k)
{
    return i < sw->n && k < sw->nout ? sw->ents[i].counts[k] : 0;
}

const char *er_sweep_score(const er_sweep *sw, size_t i, int which)
{
    return i < sw->n && which >= 0 && which < 3 && sw->ents[i].score[which] ? sw->ents[i].score[which] : "";
}

void er_sweep_shares(const er_sweep *sw, size_t i, unsigned *shares)
{
    const uint64_t *c = sw->ents[i].counts;
    uint64_t left = 1000;
    for (size_t k = 0; k < sw->nout; k++) {
        shares[k] = (unsigned)(c[k] * 1000 / sw->runs);
        left -= shares[k];
    }
    /* the tenths left over go to the largest remainders, ties to the first listed */
    while (left > 0) {
        size_t best = sw->nout;
        uint64_t best_rem = 0;
        for (size_t k = 0; k < sw->nout; k++) {
            uint64_t rem = c[k] * 1000 % sw->runs;
            bool taken = (uint64_t)shares[k] * sw->runs > c[k] * 1000; /* already rounded up */
            if (!taken && rem > best_rem)
                best = k, best_rem = rem;
        }
        if (best == sw->nout)
            break; /* not reached: the remainders add up to left × runs */
        shares[best]++;
        left--;
    }
}
