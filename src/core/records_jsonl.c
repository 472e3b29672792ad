/* records_jsonl.c — one JSON Lines record (records.h, docs/batch.md):
 *
 *   {"id": "E1", "subject": "某某电器有限公司",
 *    "facts": {"staff.managers": 42, "satisfaction": "92.5%", "org.department": true},
 *    "exclude": [{"indicator": "5.2.3", "reason": "本企业不提供配送服务"}]}
 *
 * parsed by yajl's streaming parser, which hands each number over as the
 * text it was written in (yajl_number): 0.1 is read as exactly 1/10 by the
 * facts reader, never through a double.  Values are typed by facts.c as a
 * facts file's (eri_facts_from_record): a number, true/false, a string in
 * the facts-file syntax ("27/30", "88%", an enum's name, a date), or the
 * text of a text fact; null is a fact not given.  The object is at most
 * three levels deep: anything deeper stops the parse at once. */
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "alloc.h"
#include "arena.h"
#include "diag.h"
#include "json_read.h"
#include "records.h"
#include "source.h"

enum where { TOP, FACTS, EXCLUDES, EXCLUSION, DONE };
enum key { K_NONE, K_ID, K_SUBJECT, K_FACTS, K_EXCLUDE, K_INDICATOR, K_REASON, K_FACT };

typedef struct jrec {
    yajl_handle h;
    const char *t;
    size_t len;
    int depth;
    enum where where;
    enum key key;
    eri_given cur;      /* the fact or exclusion being read */
    eri_given *facts, *excl;
    uint32_t nfacts, nexcl, capf, cape;
    char *pool;         /* strings unescaped (never longer than their JSON text) */
    size_t pool_at;
    const char *subject;
    char *id;
    bool seen[8];       /* top-level keys given */
    const char *error;  /* why the parse was stopped */
    eri_span error_at;
    bool nomem;
    bool fast;          /* read by plain() rather than yajl: at is where it is */
    uint32_t at;
} jrec;

/* The bytes read so far (yajl's count, or plain()'s). */
static uint32_t consumed(const jrec *j) { return j->fast ? j->at : (uint32_t)yajl_get_bytes_consumed(j->h); }

/* Where the token just read lies in the text: s (len) when it points into
 * the text (a string without escapes, a number), else found back from the
 * offset just past it. */
static eri_span token(const jrec *j, const char *s, size_t len, bool string)
{
    if (s >= j->t && s < j->t + j->len)
        return (eri_span){(uint32_t)(s - j->t), (uint32_t)(s - j->t + len)};
    uint32_t end = consumed(j), p = end >= 2 ? end - 2 : 0;
    while (string && p > 0) { /* back to the opening quote: one not escaped */
        uint32_t bs = 0;
        while (p > bs && j->t[p - 1 - bs] == '\\')
            bs++;
        if (j->t[p] == '"' && bs % 2 == 0)
            break;
        p--;
    }
    return (eri_span){string ? p + 1 : p, string && end ? end - 1 : end};
}

static int stop(jrec *j, eri_span at, const char *why)
{
    j->error = why;
    j->error_at = at;
    return 0;
}

/* The span of what was just read (for a container: its first byte). */
static eri_span here(const jrec *j)
{
    uint32_t end = consumed(j);
    return (eri_span){end ? end - 1 : 0, end};
}

static char *keep(jrec *j, const char *s, size_t len)
{
    char *p = j->pool + j->pool_at;
    memcpy(p, s, len);
    p[len] = '\0';
    j->pool_at += len + 1;
    return p;
}

static bool grow(eri_given **v, uint32_t *cap)
{
    uint32_t c = *cap ? *cap * 2 : 32;
    eri_given *p = eri_realloc(*v, c * sizeof *p);
    if (!p)
        return false;
    *v = p;
    *cap = c;
    return true;
}

static bool push(eri_given **v, uint32_t *n, uint32_t *cap, const eri_given *g)
{
    if (*n == *cap && !grow(v, cap))
        return false;
    (*v)[(*n)++] = *g;
    return true;
}

/* A scalar: s (len) its text; string: whether a JSON string; null: null. */
static int scalar(jrec *j, const char *s, size_t len, bool string, bool null)
{
    eri_span at = null || !s ? here(j) : token(j, s, len, string);
    if (j->depth == 0)
        return stop(j, at, "a record is a JSON object: {\"id\": …, \"facts\": {…}}");
    if (!s && !null) /* an object or array where a value belongs */
        return stop(j, at, j->where == FACTS       ? "a fact's value is a number, a string, true, false or null"
                           : j->where == EXCLUSION ? "an exclusion's indicator and reason are strings"
                           : j->where == EXCLUDES  ? "an exclusion is an object: {\"indicator\": \"…\", \"reason\": \"…\"}"
                           : j->key == K_ID        ? "\"id\" is a string or a number"
                           : j->key == K_SUBJECT   ? "\"subject\" is a string"
                           : j->key == K_FACTS     ? "\"facts\" is an object: {\"name\": value, …}"
                                                   : "\"exclude\" is an array: [{\"indicator\": \"…\", \"reason\": \"…\"}]");
    bool in_place = !null && (!string || (s >= j->t && s < j->t + j->len));
    switch (j->where) {
    case FACTS:
        if (null && at.end >= 4) /* all of null: a missing fact's error points there */
            at.start = at.end - 4;
        if (j->nfacts == j->capf && !grow(&j->facts, &j->capf)) {
            j->nomem = true;
            return 0;
        }
        { /* field by field: a copy of cur as a whole stalled on its small stores */
            eri_given *g = &j->facts[j->nfacts++];
            g->name = j->cur.name;
            g->name_len = j->cur.name_len;
            g->at = j->cur.at;
            g->value = at;
            g->in_place = in_place;
            g->str = string ? keep(j, s, len) : NULL;
            g->str_len = string ? len : 0;
        }
        return 1;
    case EXCLUSION:
        if (!string)
            return stop(j, at, "an exclusion's indicator and reason are strings");
        if (j->key == K_INDICATOR) {
            j->cur.name = keep(j, s, len);
            j->cur.name_len = (uint32_t)len;
            j->cur.at = at;
        } else {
            j->cur.str = keep(j, s, len);
            j->cur.str_len = len;
            j->cur.value = at;
        }
        return 1;
    case TOP:
        if (j->key == K_ID && !null && !(string && len == 0)) {
            if (!string && ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 5 && memcmp(s, "false", 5) == 0)))
                return stop(j, at, "\"id\" is a string or a number");
            j->id = eri_strndup(s, len);
            return j->id ? 1 : (j->nomem = true, 0);
        }
        if (j->key == K_SUBJECT && string) {
            j->subject = keep(j, s, len);
            return 1;
        }
        if (j->key == K_ID || (j->key == K_SUBJECT && null))
            return 1;
        return stop(j, at, j->key == K_SUBJECT ? "\"subject\" is a string"
                           : j->key == K_FACTS ? "\"facts\" is an object: {\"name\": value, …}"
                                               : "\"exclude\" is an array: [{\"indicator\": \"…\", \"reason\": \"…\"}]");
    default:
        return stop(j, at, "an exclusion is an object: {\"indicator\": \"…\", \"reason\": \"…\"}");
    }
}

static int on_null(void *ctx) { return scalar(ctx, NULL, 0, false, true); }

static int on_bool(void *ctx, int b)
{
    jrec *j = ctx;
    uint32_t end = consumed(j), n = b ? 4 : 5;
    return scalar(j, end >= n ? j->t + end - n : b ? "true" : "false", n, false, false);
}

static int on_number(void *ctx, const char *s, size_t len) { return scalar(ctx, s, len, false, false); }

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return scalar(ctx, (const char *)s, len, true, false);
}

static int on_key(void *ctx, const unsigned char *k, size_t len)
{
    jrec *j = ctx;
    const char *s = (const char *)k;
    eri_span at = token(j, s, len, true);
    if (j->where == FACTS) { /* a name in the text is used there (a given's name needs no NUL) */
        bool in_text = s >= j->t && s < j->t + j->len;
        j->cur = (eri_given){.name = in_text ? s : keep(j, s, len), .name_len = (uint32_t)len, .at = at};
        return 1;
    }
    static const char *const top[] = {"id", "subject", "facts", "exclude"};
    static const char *const excl[] = {"indicator", "reason"};
    const char *const *names = j->where == TOP ? top : excl;
    size_t n = j->where == TOP ? 4 : 2;
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
            j->key = (enum key)(j->where == TOP ? K_ID + i : K_INDICATOR + i);
            if (j->where == TOP && j->seen[j->key])
                return stop(j, at, "this key is given twice in the record");
            j->seen[j->key] = j->where == TOP;
            return 1;
        }
    return stop(j, at, j->where == TOP ? "unknown key; a record has \"id\", \"subject\", \"facts\" and \"exclude\""
                                       : "unknown key; an exclusion has \"indicator\" and \"reason\"");
}

static int on_start_map(void *ctx)
{
    jrec *j = ctx;
    if (j->depth == 0) {
        j->depth++;
        return 1;
    }
    if (j->where == TOP && j->key == K_FACTS && j->depth == 1) {
        j->depth++;
        j->where = FACTS;
        return 1;
    }
    if (j->where == EXCLUDES && j->depth == 2) {
        j->depth++;
        j->where = EXCLUSION;
        j->cur = (eri_given){0};
        j->key = K_NONE;
        return 1;
    }
    return scalar(j, NULL, 0, false, false);
}

static int on_end_map(void *ctx)
{
    jrec *j = ctx;
    j->depth--;
    if (j->where == FACTS) {
        j->where = TOP;
    } else if (j->where == EXCLUSION) {
        j->where = EXCLUDES;
        if (!j->cur.name)
            return stop(j, here(j), "an exclusion needs its \"indicator\"");
        if (!j->cur.str) { /* the reason's error is the facts reader's: at the indicator */
            j->cur.value = j->cur.at;
        }
        if (!push(&j->excl, &j->nexcl, &j->cape, &j->cur)) {
            j->nomem = true;
            return 0;
        }
    } else if (j->depth == 0) {
        j->where = DONE;
    }
    return 1;
}

static int on_start_array(void *ctx)
{
    jrec *j = ctx;
    j->depth++;
    if (j->where == TOP && j->key == K_EXCLUDE && j->depth == 2) {
        j->where = EXCLUDES;
        return 1;
    }
    j->depth--; /* as a value, not a container entered */
    return scalar(j, NULL, 0, false, false);
}

static int on_end_array(void *ctx)
{
    jrec *j = ctx;
    j->depth--;
    j->where = TOP;
    return 1;
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string, on_start_map, on_key, on_end_map, on_start_array,
    on_end_array,
};

/* The plain JSON most records are, read without yajl (whose byte-by-byte
 * lexer was a third of a batch's time): strings without escapes or control
 * characters and of valid UTF-8, numbers of JSON's grammar, literals, and
 * containers a few deep, each handed to the callbacks yajl would call, in
 * the same order, at the same places.  1 when read to the end or stopped by
 * a callback; 0 when the text holds anything else (an escape, a syntax
 * error): then yajl reads it from the start, with its own messages. */
static int plain(jrec *j)
{
    const unsigned char *t = (const unsigned char *)j->t;
    uint32_t n = (uint32_t)j->len, p = 0;
    char open[8]; /* the containers open: '{' or '[' */
    int sp = 0;
    enum { VALUE, FIRST_KEY, KEY, FIRST_ELEM, AFTER } state = VALUE;
    j->fast = true;
#define WS() while (p < n && (t[p] == ' ' || t[p] == '\t' || t[p] == '\r' || t[p] == '\n')) p++
#define CALL(e) do { if (!(e)) return 1; } while (0)
    WS();
    if (p >= n || t[p] != '{')
        return 0;
    for (;;) {
        WS();
        if (state == AFTER) {
            if (sp == 0)
                return p == n;
            if (p < n && t[p] == ',') {
                p++;
                state = open[sp - 1] == '{' ? KEY : VALUE;
                continue;
            }
            if (p >= n || t[p] != (open[sp - 1] == '{' ? '}' : ']'))
                return 0;
        }
        if (state == AFTER || ((state == FIRST_KEY || state == FIRST_ELEM) && p < n &&
                               t[p] == (state == FIRST_KEY ? '}' : ']'))) {
            j->at = ++p;
            CALL(open[--sp] == '{' ? on_end_map(j) : on_end_array(j));
            state = AFTER;
            continue;
        }
        if (p >= n)
            return 0;
        bool key = state == KEY || state == FIRST_KEY;
        unsigned char c = t[p];
        if (key && c != '"')
            return 0;
        if (c == '"') {
            uint32_t s = ++p;
            while (p < n && t[p] != '"') {
                for (; p + 8 <= n; p += 8) { /* 8 bytes at a time while none is special */
                    const uint64_t one = 0x0101010101010101u, high = 0x8080808080808080u;
                    uint64_t v, q, b;
                    memcpy(&v, t + p, 8);
                    q = v ^ (one * '"'), b = v ^ (one * '\\');
                    if ((v | ((v - one * 0x20) & ~v) | ((q - one) & ~q) | ((b - one) & ~b)) & high)
                        break;
                }
                for (unsigned char b; (unsigned char)((b = t[p]) - 0x20) < 0x60 && b != '"' && b != '\\';)
                    p++; /* a run of ASCII (the text ends in a NUL, which stops it) */
                if (p >= n || t[p] == '"')
                    break;
                if (t[p] < 0x20 || t[p] == '\\')
                    return 0;
                int k = t[p] < 0x80 ? 1 : eri_utf8_len(t + p, n - p);
                if (k == 0)
                    return 0;
                p += (uint32_t)k;
            }
            if (p >= n)
                return 0;
            j->at = ++p;
            if (key) {
                CALL(on_key(j, t + s, p - 1 - s));
                WS();
                if (p >= n || t[p] != ':')
                    return 0;
                p++;
                state = VALUE;
                continue;
            }
            CALL(on_string(j, t + s, p - 1 - s));
        } else if (c == '{' || c == '[') {
            if (sp == (int)sizeof open)
                return 0;
            open[sp++] = (char)c;
            j->at = ++p;
            CALL(c == '{' ? on_start_map(j) : on_start_array(j));
            state = c == '{' ? FIRST_KEY : FIRST_ELEM;
            continue;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            uint32_t s = p;
            p += c == '-';
            if (p < n && t[p] == '0')
                p++;
            else if (p < n && t[p] >= '1' && t[p] <= '9')
                while (p < n && t[p] >= '0' && t[p] <= '9')
                    p++;
            else
                return 0;
            if (p < n && t[p] == '.') {
                uint32_t d = ++p;
                while (p < n && t[p] >= '0' && t[p] <= '9')
                    p++;
                if (p == d)
                    return 0;
            }
            if (p < n && (t[p] == 'e' || t[p] == 'E')) {
                p++;
                p += p < n && (t[p] == '+' || t[p] == '-');
                uint32_t d = p;
                while (p < n && t[p] >= '0' && t[p] <= '9')
                    p++;
                if (p == d)
                    return 0;
            }
            j->at = p;
            CALL(on_number(j, (const char *)t + s, p - s));
        } else if (n - p >= 4 && memcmp(t + p, "true", 4) == 0) {
            j->at = p += 4;
            CALL(on_bool(j, 1));
        } else if (n - p >= 5 && memcmp(t + p, "false", 5) == 0) {
            j->at = p += 5;
            CALL(on_bool(j, 0));
        } else if (n - p >= 4 && memcmp(t + p, "null", 4) == 0) {
            j->at = p += 4;
            CALL(on_null(j));
        } else {
            return 0;
        }
        state = AFTER;
    }
#undef WS
#undef CALL
}

static bool plain_on = true;
void eri_jsonl_set_plain(bool on) { plain_on = on; }

/* A record yajl reads (one the plain reader handed over), inside a
 * protected call on its own arena (json_read.h): yajl does not check its
 * allocations, so one that fails jumps out of yajl here.  Its message is
 * copied out before the arena goes. */
typedef struct yrun {
    jrec *j;
    eri_arena *a;
    yajl_status st;
    uint32_t at; /* bytes read when it stopped */
    char msg[200];
} yrun;

static void yajl_run(void *arg)
{
    yrun *y = arg;
    jrec *j = y->j;
    yajl_alloc_funcs funcs = eri_json_alloc_funcs(y->a);
    j->h = yajl_alloc(&callbacks, &funcs, j);
    y->st = yajl_parse(j->h, (const unsigned char *)j->t, j->len);
    y->at = (uint32_t)yajl_get_bytes_consumed(j->h);
    if (y->st == yajl_status_ok) {
        y->st = yajl_complete_parse(j->h);
        y->at = (uint32_t)j->len;
    }
    if (y->st == yajl_status_ok || j->nomem || j->error)
        return;
    /* yajl's own message, without "parse error: " / "lexical error: " and the newline */
    unsigned char *m = yajl_get_error(j->h, 0, (const unsigned char *)j->t, j->len);
    const char *msg = m ? (const char *)m : "invalid JSON";
    const char *colon = strstr(msg, "error: ");
    if (colon)
        msg = colon + 7;
    size_t n = strcspn(msg, "\n");
    while (n && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
        n--;
    snprintf(y->msg, sizeof y->msg, "%.*s", (int)n, msg);
}

static void report_yajl(const yrun *y, er_diag *d, const eri_source *src)
{
    uint32_t at = y->at > y->j->len ? (uint32_t)y->j->len : y->at;
    eri_diag_at(d, ERI_SEV_ERROR, src, at, at < y->j->len ? at + 1 : at, "invalid JSON: %.*s", (int)strlen(y->msg), y->msg);
}

static er_facts *jsonl_facts(eri_rec_scratch *sc, const er_rules *r, eri_source *src, const eri_rec *rec,
                             char **id, er_diag *d);

er_facts *eri_jsonl_facts(const er_rules *r, const char *name, const eri_rec *rec, char **id, er_diag *d)
{
    *id = NULL;
    eri_rec_scratch own = {0};
    er_facts *f = jsonl_facts(&own, r, eri_rec_source(name, rec, d), rec, id, d);
    eri_free(own.facts);
    eri_free(own.excl);
    eri_free(own.pool);
    return f;
}

er_facts *eri_jsonl_facts_in(eri_rec_scratch *sc, const er_rules *r, const char *name, eri_rec *rec, char **id,
                             er_diag *d)
{
    *id = NULL;
    return jsonl_facts(sc, r, eri_rec_source_take(name, rec, d), rec, id, d);
}

/* src: the record's (taken), NULL after reporting. */
static er_facts *jsonl_facts(eri_rec_scratch *sc, const er_rules *r, eri_source *src, const eri_rec *rec,
                             char **id, er_diag *d)
{
    if (!src)
        return NULL;
    if (rec->too_long) {
        eri_diag_at(d, ERI_SEV_ERROR, src, 0, 1, "the record is longer than %u MiB", ERI_REC_MAX >> 20);
        eri_source_free(src);
        return NULL;
    }
    if (sc->pool_cap < 2 * src->len + 2) {
        eri_free(sc->pool);
        sc->pool_cap = 2 * src->len + 2;
        if (!(sc->pool = eri_malloc(sc->pool_cap)))
            sc->pool_cap = 0;
    }
    jrec j = {.t = src->text, .len = src->len, .pool = sc->pool, .facts = sc->facts, .capf = sc->capf,
              .excl = sc->excl, .cape = sc->cape};
    er_facts *f = NULL;
    yrun y = {.j = &j, .st = yajl_status_ok};
    if (j.pool && plain_on && plain(&j)) {
        y.st = j.error || j.nomem ? yajl_status_client_canceled : yajl_status_ok;
    } else if (j.pool) { /* from the start, by yajl */
        eri_free(j.id);
        j = (jrec){.t = j.t, .len = j.len, .pool = j.pool, .facts = j.facts, .capf = j.capf, .excl = j.excl,
                   .cape = j.cape};
        y.a = eri_arena_new();
        if (y.a && !eri_arena_protect(y.a, yajl_run, &y))
            j.nomem = true;
    }
    if (!j.pool || (!j.fast && !y.a)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        goto done;
    }
    if (j.nomem) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    } else if (j.error) {
        eri_diag_at(d, ERI_SEV_ERROR, src, j.error_at.start, j.error_at.end, "%s", j.error);
    } else if (y.st != yajl_status_ok) {
        report_yajl(&y, d, src);
    } else {
        eri_record rc = {.subject = j.subject, .facts = j.facts, .nfacts = j.nfacts, .excludes = j.excl,
                         .nexcludes = j.nexcl};
        f = eri_facts_from_record(r, src, &rc, d);
        src = NULL; /* taken */
    }
done:
    eri_arena_free(y.a); /* yajl's handle and all it allocated */
    *id = j.id;
    sc->facts = j.facts, sc->capf = j.capf; /* kept for the next record */
    sc->excl = j.excl, sc->cape = j.cape;
    eri_source_free(src);
    return f;
}
