/* json_read.c — yajl over an arena: its allocation functions, and its
 * tree built from its callbacks (json_read.h). */
#include "json_read.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_parse.h>

/* ---- yajl's allocation functions ------------------------------------------ */

/* Each block's size before it, aligned as the arena aligns. */
typedef union prefix {
    size_t size;
    max_align_t align;
} prefix;

static void *arena_malloc(void *ctx, size_t size)
{
    prefix *p = eri_arena_alloc(ctx, sizeof *p + size);
    if (!p) /* outside a protected call */
        return NULL;
    p->size = size;
    return p + 1;
}

static void *arena_realloc(void *ctx, void *old, size_t size)
{
    void *p = arena_malloc(ctx, size);
    if (p && old) {
        size_t had = ((prefix *)old - 1)->size;
        memcpy(p, old, had < size ? had : size);
    }
    return p;
}

static void arena_free(void *ctx, void *p)
{
    (void)ctx;
    (void)p; /* the arena is freed whole */
}

yajl_alloc_funcs eri_json_alloc_funcs(eri_arena *a)
{
    return (yajl_alloc_funcs){.malloc = arena_malloc, .realloc = arena_realloc, .free = arena_free, .ctx = a};
}

/* ---- the tree --------------------------------------------------------------- */

/* An open object or array, with room for cap members; key: the object's
 * key read, its value not yet. */
typedef struct frame {
    yajl_val v;
    size_t cap;
    const char *key;
} frame;

typedef struct builder {
    eri_arena *a;
    frame *stack;
    size_t depth, cap;
    yajl_val root;
    const char *text;
    size_t len;
    char *errbuf;
    size_t errlen;
} builder;

static yajl_val node(builder *b, yajl_type type)
{
    yajl_val v = ERI_NEW(b->a, struct yajl_val_s);
    v->type = type;
    return v;
}

/* v as the next value of the innermost open object or array, or the root */
static void add(builder *b, yajl_val v)
{
    if (b->depth == 0) {
        b->root = v;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    yajl_val c = f->v;
    size_t n = c->type == yajl_t_object ? c->u.object.len : c->u.array.len;
    if (n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 4;
        if (c->type == yajl_t_object) {
            c->u.object.keys = eri_arena_grow(b->a, c->u.object.keys, n * sizeof(char *), cap * sizeof(char *));
            c->u.object.values = eri_arena_grow(b->a, c->u.object.values, n * sizeof(yajl_val), cap * sizeof(yajl_val));
        } else {
            c->u.array.values = eri_arena_grow(b->a, c->u.array.values, n * sizeof(yajl_val), cap * sizeof(yajl_val));
        }
        f->cap = cap;
    }
    if (c->type == yajl_t_object) {
        c->u.object.keys[n] = f->key;
        c->u.object.values[n] = v;
        c->u.object.len++;
        f->key = NULL;
    } else {
        c->u.array.values[n] = v;
        c->u.array.len++;
    }
}

static void push(builder *b, yajl_val v)
{
    add(b, v);
    if (b->depth == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        b->stack = eri_arena_grow(b->a, b->stack, b->depth * sizeof *b->stack, cap * sizeof *b->stack);
        b->cap = cap;
    }
    b->stack[b->depth++] = (frame){.v = v};
}

static int on_null(void *ctx)
{
    add(ctx, node(ctx, yajl_t_null));
    return 1;
}

static int on_boolean(void *ctx, int value)
{
    add(ctx, node(ctx, value ? yajl_t_true : yajl_t_false));
    return 1;
}

/* As yajl's own yajl_parse_integer, which yajl_tree uses: an optional sign
 * and digits, whose magnitude is at most LLONG_MAX. */
static bool integer(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    bool minus = len > 0 && s[0] == '-';
    i += minus || (len > 0 && s[0] == '+');
    long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (LLONG_MAX - (s[i] - '0')) / 10)
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = minus ? -v : v;
    return true;
}

static int on_number(void *ctx, const char *s, size_t len)
{
    builder *b = ctx;
    yajl_val v = node(b, yajl_t_number);
    v->u.number.r = eri_arena_strndup(b->a, s, len);
    if (integer(s, len, &v->u.number.i))
        v->u.number.flags = YAJL_NUMBER_INT_VALID;
    add(b, v);
    return 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    builder *b = ctx;
    yajl_val v = node(b, yajl_t_string);
    v->u.string = eri_arena_strndup(b->a, (const char *)s, len);
    add(b, v);
    return 1;
}

static int on_start_map(void *ctx)
{
    push(ctx, node(ctx, yajl_t_object));
    return 1;
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len)
{
    builder *b = ctx;
    b->stack[b->depth - 1].key = eri_arena_strndup(b->a, (const char *)s, len);
    return 1;
}

static int on_start_array(void *ctx)
{
    push(ctx, node(ctx, yajl_t_array));
    return 1;
}

static int on_end(void *ctx)
{
    ((builder *)ctx)->depth--;
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

/* As yajl_tree_parse: both statuses taken, the second one kept (so the
 * error's excerpt is the one it shows). */
static void parse(void *arg)
{
    builder *b = arg;
    yajl_alloc_funcs funcs = eri_json_alloc_funcs(b->a);
    yajl_handle h = yajl_alloc(&callbacks, &funcs, b);
    yajl_config(h, yajl_allow_comments, 1);
    yajl_status st = yajl_parse(h, (const unsigned char *)b->text, b->len);
    st = yajl_complete_parse(h);
    if (st != yajl_status_ok) {
        b->root = NULL;
        if (b->errbuf && b->errlen > 0) {
            unsigned char *why = yajl_get_error(h, 1, (const unsigned char *)b->text, b->len);
            snprintf(b->errbuf, b->errlen, "%s", (const char *)why);
        }
    }
    yajl_free(h);
}

yajl_val eri_json_tree_parse(eri_arena *a, const char *text, size_t len, char *errbuf, size_t errlen,
                             bool *out_of_memory)
{
    builder b = {.a = a, .text = text, .len = len, .errbuf = errbuf, .errlen = errlen};
    if (errbuf && errlen > 0)
        memset(errbuf, 0, errlen);
    bool ok = eri_arena_protect(a, parse, &b);
    if (out_of_memory)
        *out_of_memory = !ok;
    if (!ok) {
        if (errbuf && errlen > 0)
            snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    return b.root;
}
