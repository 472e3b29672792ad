/* bignum.c — exact numbers beyond 64 bits (bignum.h) and the number heaps
 * that own them (decimal.h).
 *
 * Every operation runs as a job under run(): its new values are linked into
 * the target heap as they are made, so when GMP cannot allocate (it must
 * not return then, so our allocator jumps back to run()) every value the
 * job made is released and the job reports ERI_NUM_NOMEM.  Scratch values
 * are made the same way and released when the job ends; only the result
 * stays.  Small operands are read in place through read-only mpq views
 * (mpz_roinit_n), which allocate nothing.
 *
 * GMP's memory functions are set once, the first time a job runs, to the
 * library's allocation hook (er_set_allocator): the tests' failing
 * allocators reach GMP too. */
#include "bignum.h"

#include <gmp.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct eri_big {
    mpq_t q;
    struct eri_big *next;
    const eri_numheap *heap; /* its owner */
    bool live;               /* q was initialised (mpq_init allocates, so it may not be) */
} eri_big;

struct eri_numtext {
    struct eri_numtext *next;
    char text[];
};

static _Thread_local eri_numheap *current;  /* where results go (eri_numheap_use) */
static _Thread_local eri_numheap scratch;   /* where they go while no heap is current */
static _Thread_local jmp_buf *oom;          /* the running job's way back */

/* ---- GMP's memory ------------------------------------------------------- */

static _Noreturn void out_of_memory(void)
{
    if (oom)
        longjmp(*oom, 1);
    fputs("evalrules: out of memory in GMP outside any number operation\n", stderr);
    abort();
}

static void *gmp_alloc(size_t n)
{
    void *p = eri_malloc(n);
    if (!p)
        out_of_memory();
    return p;
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    void *q = eri_realloc(p, n);
    if (!q)
        out_of_memory(); /* p is still GMP's, and freed with its number */
    return q;
}

static void gmp_free(void *p, size_t n)
{
    (void)n;
    eri_free(p);
}

static pthread_once_t routed = PTHREAD_ONCE_INIT;
static void route(void) { mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free); }

/* ---- heaps -------------------------------------------------------------- */

static eri_big *big_of(eri_num a) { return (eri_big *)(intptr_t)a.num; }

static void drop(eri_big *b)
{
    if (b->live)
        mpq_clear(b->q);
    eri_free(b);
}

/* Release h's values made since mark, except keep. */
static void release(eri_numheap *h, eri_big *mark, const eri_big *keep)
{
    eri_big **p = &h->values;
    while (*p != mark) {
        eri_big *b = *p;
        if (b == keep) {
            p = &b->next;
        } else {
            *p = b->next;
            drop(b);
        }
    }
}

void eri_numheap_clear(eri_numheap *h)
{
    release(h, NULL, NULL);
    for (struct eri_numtext *t = h->texts, *next; t; t = next) {
        next = t->next;
        eri_free(t);
    }
    h->texts = NULL;
}

eri_numheap *eri_numheap_use(eri_numheap *h)
{
    eri_numheap *before = current;
    current = h;
    return before;
}

eri_numheap *eri_numheap_current(void) { return current; }

char *eri_numheap_text(size_t size)
{
    if (!current || size > SIZE_MAX - sizeof(struct eri_numtext))
        return NULL;
    struct eri_numtext *t = eri_malloc(sizeof *t + size);
    if (!t)
        return NULL;
    t->next = current->texts;
    current->texts = t;
    return t->text;
}

size_t eri_numheap_count(const eri_numheap *h)
{
    size_t n = 0;
    for (const eri_big *b = h->values; b; b = b->next)
        n++;
    return n;
}

/* ---- jobs --------------------------------------------------------------- */

typedef struct job {
    eri_numheap *h;       /* where its values go */
    eri_num a, b, q;      /* operands */
    int op;               /* eri_big_op or eri_round_mode */
    const char *s, *t;    /* parse: the digits before and after the point */
    size_t ns, nt;
    bool neg;
    eri_num result;
    const eri_big *keep;  /* the result's value when it is big */
    char *str, *buf;      /* text made (str; buf when it fitted in the caller's) */
    size_t cap;
    bool exact;
    int decimals;
} job;

/* A new value of job j, zero. */
static eri_big *fresh(job *j)
{
    eri_big *b = eri_malloc(sizeof *b);
    if (!b)
        out_of_memory();
    b->heap = j->h; /* held before mpq_init, which may jump */
    b->live = false;
    b->next = j->h->values;
    j->h->values = b;
    mpq_init(b->q);
    b->live = true;
    return b;
}

/* Run fn(j) with a way back when GMP cannot allocate.  Everything made
 * under it but the result is released. */
static eri_num_status run(eri_num_status (*fn)(job *), job *j)
{
    pthread_once(&routed, route);
    if (!j->h)
        j->h = current ? current : &scratch;
    eri_big *mark = j->h->values;
    jmp_buf here, *outer = oom;
    volatile eri_num_status st = ERI_NUM_NOMEM;
    j->keep = NULL;
    j->str = NULL;
    if (setjmp(here) == 0) {
        oom = &here;
        st = fn(j);
    }
    oom = outer;
    if (st != ERI_NUM_OK && j->str && j->str != j->buf) {
        eri_free(j->str);
        j->str = NULL;
    }
    if (st == ERI_NUM_OK && j->keep && j->h == &scratch)
        st = ERI_NUM_OVERFLOW; /* too large, and nobody to own it */
    release(j->h, mark, st == ERI_NUM_OK ? j->keep : NULL);
    return st;
}

/* ---- small values seen as mpq ---------------------------------------- */

static uint64_t mag(int64_t x) { return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x; }

static mp_size_t limbs(mp_limb_t *l, uint64_t v)
{
#if GMP_NUMB_BITS >= 64
    l[0] = (mp_limb_t)v;
    return v != 0;
#else
    l[0] = (mp_limb_t)(v & GMP_NUMB_MASK);
    l[1] = (mp_limb_t)(v >> GMP_NUMB_BITS);
    return l[1] ? 2 : l[0] != 0;
#endif
}

typedef struct view {
    mp_limb_t n[2], d[2];
    mpq_t q;
} view;

/* a as a read-only mpq (canonical: small values are reduced).  Its two
 * halves are read-only mpz over v's limbs (GMP 6.2 has no mpq_roinit_zz). */
static mpq_srcptr see(view *v, eri_num a)
{
    if (a.den == 0)
        return big_of(a)->q;
    mp_size_t nn = limbs(v->n, mag(a.num)), nd = limbs(v->d, (uint64_t)a.den);
    mpz_roinit_n(mpq_numref(v->q), v->n, a.num < 0 ? -nn : nn);
    mpz_roinit_n(mpq_denref(v->q), v->d, nd);
    return v->q;
}

/* |z| when it fits in 64 bits. */
static bool mag64(mpz_srcptr z, uint64_t *out)
{
    if (mpz_sizeinbase(z, 2) > 64)
        return false;
#if GMP_NUMB_BITS >= 64
    *out = (uint64_t)mpz_getlimbn(z, 0);
#else
    *out = (uint64_t)mpz_getlimbn(z, 0) | (uint64_t)mpz_getlimbn(z, 1) << GMP_NUMB_BITS;
#endif
    return true;
}

/* j's result is r's value: small when it fits (r is then released), else r. */
static eri_num_status settle(job *j, eri_big *r)
{
    uint64_t n, d;
    int sign = mpq_sgn(r->q);
    if (mag64(mpq_numref(r->q), &n) && mag64(mpq_denref(r->q), &d) && d <= (uint64_t)INT64_MAX &&
        n <= (uint64_t)INT64_MAX + (sign < 0)) {
        j->result = (eri_num){sign < 0 ? -(int64_t)(n - 1) - 1 : (int64_t)n, (int64_t)d};
        j->keep = NULL;
    } else {
        j->result = (eri_num){(int64_t)(intptr_t)r, 0};
        j->keep = r;
    }
    return ERI_NUM_OK;
}

/* ---- arithmetic --------------------------------------------------------- */

static eri_num_status arith_job(job *j)
{
    view va, vb;
    mpq_srcptr a = see(&va, j->a), b = j->op == ERI_BIG_NEG ? NULL : see(&vb, j->b);
    eri_big *r = fresh(j);
    switch ((eri_big_op)j->op) {
    case ERI_BIG_ADD: mpq_add(r->q, a, b); break;
    case ERI_BIG_SUB: mpq_sub(r->q, a, b); break;
    case ERI_BIG_MUL: mpq_mul(r->q, a, b); break;
    case ERI_BIG_DIV: mpq_div(r->q, a, b); break;
    case ERI_BIG_NEG: mpq_neg(r->q, a); break;
    }
    return settle(j, r);
}

static eri_num_status finish(job *j, eri_num *out)
{
    eri_num_status st = run(arith_job, j);
    if (st == ERI_NUM_OK)
        *out = j->result;
    return st;
}

eri_num_status eri_big_arith(eri_big_op op, eri_num a, eri_num b, eri_num *out)
{
    job j = {.a = a, .b = b, .op = op};
    return finish(&j, out);
}

static eri_num_status make_job(job *j)
{
    eri_big *r = fresh(j);
    view v;
    eri_num n = {j->a.num, 1}, d = {j->b.num, 1};
    mpz_set(mpq_numref(r->q), mpq_numref(see(&v, n)));
    mpz_set(mpq_denref(r->q), mpq_numref(see(&v, d)));
    mpq_canonicalize(r->q);
    return settle(j, r);
}

eri_num_status eri_big_make(int64_t num, int64_t den, eri_num *out)
{
    job j = {.a = {num, 1}, .b = {den, 1}};
    eri_num_status st = run(make_job, &j);
    if (st == ERI_NUM_OK)
        *out = j.result;
    return st;
}

int eri_big_cmp(eri_num a, eri_num b)
{
    view va, vb;
    int c = mpq_cmp(see(&va, a), see(&vb, b));
    return (c > 0) - (c < 0);
}

int eri_big_sign(eri_num a) { return mpq_sgn(big_of(a)->q); } /* a is big: decimal.c asks only then */

bool eri_big_is_int(eri_num a) { return mpz_cmp_ui(mpq_denref(big_of(a)->q), 1) == 0; }

/* ---- rounding ----------------------------------------------------------- */

/* a / q = n / d split into floor k and remainder r (0 <= r < d), k moved up
 * when the mode says so; the result is k × q. */
static eri_num_status round_job(job *j)
{
    view va, vq;
    mpq_srcptr a = see(&va, j->a), q = see(&vq, j->q);
    eri_big *t1 = fresh(j), *t2 = fresh(j);
    mpz_ptr n = mpq_numref(t1->q), d = mpq_denref(t1->q), k = mpq_numref(t2->q), r = mpq_denref(t2->q);
    mpz_mul(n, mpq_numref(a), mpq_denref(q));
    mpz_mul(d, mpq_denref(a), mpq_numref(q));
    mpz_fdiv_qr(k, r, n, d);
    if (mpz_sgn(r) != 0) {
        mpz_mul_2exp(r, r, 1); /* 2r against d: the fraction against 1/2 */
        int half = mpz_cmp(r, d);
        if (eri_rounds_up((eri_round_mode)j->op, mpz_sgn(n) > 0, (half > 0) - (half < 0), mpz_odd_p(k)))
            mpz_add_ui(k, k, 1);
    }
    eri_big *res = fresh(j);
    mpz_mul(mpq_numref(res->q), k, mpq_numref(q));
    mpz_set(mpq_denref(res->q), mpq_denref(q));
    mpq_canonicalize(res->q);
    return settle(j, res);
}

eri_num_status eri_big_round(eri_num a, eri_num quantum, eri_round_mode mode, eri_num *out)
{
    job j = {.a = a, .q = quantum, .op = (int)mode};
    eri_num_status st = run(round_job, &j);
    if (st == ERI_NUM_OK)
        *out = j.result;
    return st;
}

/* ---- parsing ------------------------------------------------------------ */

static eri_num_status parse_job(job *j)
{
    j->str = eri_malloc(j->ns + j->nt + 1);
    if (!j->str)
        out_of_memory();
    memcpy(j->str, j->s, j->ns);
    memcpy(j->str + j->ns, j->t, j->nt);
    j->str[j->ns + j->nt] = '\0';
    eri_big *r = fresh(j);
    mpz_set_str(mpq_numref(r->q), j->str, 10); /* digits only: cannot fail */
    eri_free(j->str);
    j->str = NULL;
    if (j->neg)
        mpz_neg(mpq_numref(r->q), mpq_numref(r->q));
    mpz_ui_pow_ui(mpq_denref(r->q), 10, (unsigned long)j->nt);
    mpq_canonicalize(r->q);
    return settle(j, r);
}

eri_num_status eri_big_parse(bool neg, const char *int_digits, size_t n_int, const char *frac, size_t n_frac,
                             eri_num *out)
{
    if (n_frac > ULONG_MAX || n_int + n_frac < n_int || n_int + n_frac == SIZE_MAX)
        return ERI_NUM_NOMEM;
    job j = {.s = int_digits, .ns = n_int, .t = frac, .nt = n_frac, .neg = neg};
    eri_num_status st = run(parse_job, &j);
    if (st == ERI_NUM_OK)
        *out = j.result;
    return st;
}

/* ---- text --------------------------------------------------------------- */

static eri_num_status decimals_job(job *j)
{
    mpz_srcptr den = mpq_denref(big_of(j->a)->q);
    eri_big *t = fresh(j);
    mpz_ptr rest = mpq_numref(t->q), five = mpq_denref(t->q);
    mp_bitcnt_t twos = mpz_scan1(den, 0);
    mpz_fdiv_q_2exp(rest, den, twos);
    mpz_set_ui(five, 5);
    mp_bitcnt_t fives = mpz_remove(rest, rest, five);
    mp_bitcnt_t most = twos > fives ? twos : fives;
    j->decimals = mpz_cmp_ui(rest, 1) != 0 ? -1 : most > INT_MAX ? INT_MAX : (int)most;
    return ERI_NUM_OK;
}

int eri_big_decimals(eri_num a)
{
    job j = {.a = a};
    return run(decimals_job, &j) == ERI_NUM_OK ? j.decimals : -1;
}

/* Room for n bytes: the caller's buffer or our own. */
static char *room(job *j, size_t n)
{
    if (n <= j->cap)
        return j->str = j->buf;
    if (!(j->str = eri_malloc(n)))
        out_of_memory();
    return j->str;
}

static eri_num_status scaled_job(job *j)
{
    mpq_srcptr a = big_of(j->a)->q;
    eri_big *t = fresh(j);
    mpz_ptr n = mpq_numref(t->q), r = mpq_denref(t->q);
    mpz_ui_pow_ui(n, 10, (unsigned long)j->nt);
    mpz_mul(n, n, mpq_numref(a));
    mpz_abs(n, n);
    mpz_fdiv_qr(n, r, n, mpq_denref(a));
    j->exact = mpz_sgn(r) == 0;
    mpz_mul_2exp(r, r, 1);
    if (mpz_cmp(r, mpq_denref(a)) >= 0) /* half-up */
        mpz_add_ui(n, n, 1);
    size_t len = mpz_sizeinbase(n, 10), want = j->nt + 1; /* len: exact or one more */
    char *s = room(j, (len > want ? len : want) + 2);
    mpz_get_str(s, 10, n);
    len = strlen(s);
    if (len < want) { /* zeros in front: at least places + 1 digits */
        memmove(s + want - len, s, len + 1);
        memset(s, '0', want - len);
    }
    return ERI_NUM_OK;
}

char *eri_big_scaled(eri_num a, size_t places, bool *exact, char *buf, size_t cap)
{
    if (places > ULONG_MAX || places > SIZE_MAX / 2)
        return NULL;
    job j = {.a = a, .nt = places, .buf = buf, .cap = cap};
    if (run(scaled_job, &j) != ERI_NUM_OK)
        return NULL;
    *exact = j.exact;
    return j.str;
}

static eri_num_status fraction_job(job *j)
{
    mpq_srcptr a = big_of(j->a)->q;
    size_t nn = mpz_sizeinbase(mpq_numref(a), 10), nd = mpz_sizeinbase(mpq_denref(a), 10);
    char *s = room(j, nn + nd + 4);
    mpz_get_str(s, 10, mpq_numref(a));
    if (mpz_cmp_ui(mpq_denref(a), 1) != 0) {
        size_t len = strlen(s);
        s[len] = '/';
        mpz_get_str(s + len + 1, 10, mpq_denref(a));
    }
    return ERI_NUM_OK;
}

char *eri_big_fraction(eri_num a, char *buf, size_t cap)
{
    job j = {.a = a, .buf = buf, .cap = cap};
    return run(fraction_job, &j) == ERI_NUM_OK ? j.str : NULL;
}

/* ---- keeping ------------------------------------------------------------ */

static eri_num_status keep_job(job *j)
{
    eri_big *r = fresh(j);
    mpq_set(r->q, big_of(j->a)->q);
    return settle(j, r);
}

eri_num_status eri_num_keep(eri_numheap *h, eri_num *n)
{
    if (n->den != 0 || big_of(*n)->heap == h)
        return ERI_NUM_OK;
    if (!h)
        return ERI_NUM_OVERFLOW;
    job j = {.h = h, .a = *n};
    eri_num_status st = run(keep_job, &j);
    if (st == ERI_NUM_OK)
        *n = j.result;
    return st;
}
