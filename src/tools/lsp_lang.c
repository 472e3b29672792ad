/* lsp_lang.c — what the language server knows of the language: hover,
 * definition, references, completion, document symbols and folding.
 *
 * A rules or scheme document is read through the real scanner's tokens
 * (tokens.c), which it gives for any text, half-typed or not: declarations
 * (fact, let, indicator, item, scheme) and the braces around them are found
 * among the tokens, so that definition, references, symbols and folding
 * work while the file does not parse.  What only the checker knows (a
 * fact's range and the clauses that read it, an indicator's points) comes
 * from the rules when they load: the document itself, or for a facts, test
 * or scheme document the rules it is read against (eri_lsp_rules_for). */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "decimal.h"
#include "rules.h"
#include "tokens.h"

/* ---- words of the language and their doc lines --------------------------- */

typedef struct doc_line {
    const char *word, *doc;
} doc_line;

static const doc_line keywords[] = {
    {"standard", "The standard the rules encode: `standard \"GB/T 27922-2011\" { title \"…\" effective DATE }`."},
    {"fact", "A fact the auditor supplies: `fact NAME : TYPE \"question\" [range LO..HI] [default V]`."},
    {"enum", "A fact type with named values: `fact delivery.mode : enum(own, contracted) \"…\"`."},
    {"range", "The values a fact may take: `range 0..`, `range 0%..100%`."},
    {"default", "The value used when the facts file does not give the fact."},
    {"indicator", "An indicator of the tree: `indicator ID \"label\" [points N] { … }`."},
    {"item", "A scored item (a leaf): `item ID \"label\" points N { pass when … | ratio … | grade … | score … }`."},
    {"points", "The points of an indicator or item (an indicator's default: its children's sum)."},
    {"let", "A named value: `let NAME = EXPRESSION`, in the file or inside an indicator or item."},
    {"text", "The standard's own text beside the rule that encodes it."},
    {"note", "A note for the rules' readers."},
    {"english", "The English label."},
    {"exclude", "Not applicable: `exclude when CONDITION because \"reason\"` (in a facts file: `exclude ID \"reason\"`)."},
    {"excludable", "The auditor may mark this indicator not applicable in the facts file."},
    {"when", "The condition of a pass item, an exclusion or a veto."},
    {"because", "The reason given for an exclusion."},
    {"pass", "All or nothing: `pass when CONDITION`."},
    {"ratio", "Points in proportion to a ratio from 0 to 1 (a sample fact, a percentage): `ratio staff.qualified`."},
    {"score", "Points from an expression, clamped to [0, points]: `score points * min(1, a / b)`."},
    {"grade", "Tiers: `grade VALUE { >= 95% : 100%  >= 85% : 50%  otherwise 0 }`."},
    {"otherwise", "The share when no tier holds, or the label below every level."},
    {"veto", "A condition that blocks any rating: `veto \"message\" when CONDITION`."},
    {"rating", "The levels: `rating { level \"五星级\" at 95 … otherwise \"未达标\" }`."},
    {"level", "A rating level and its threshold: `level \"LABEL\" at SCORE`."},
    {"at", "A level's threshold."},
    {"cap", "A rating cap: `cap \"LEVEL\" unless CONDITION`: at most that level unless the condition holds."},
    {"unless", "The condition that lifts a rating cap."},
    {"total", "The total: `total { normalize to 100  deduct … bonus … round MODE to STEP }`."},
    {"normalize", "Earned points scaled to this over the applicable points: `normalize to 100`."},
    {"to", "The scale of normalize, or the step of round."},
    {"deduct", "Points taken off the total: `deduct \"label\" EXPRESSION [cap N]`."},
    {"bonus", "Points added to the total: `bonus \"label\" EXPRESSION [cap N]`."},
    {"round", "The final score's rounding: `round half_up to 0.1`; as a function: `round(x)`, `round(x, step)`."},
    {"if", "`if CONDITION then A else B`."},
    {"then", "`if CONDITION then A else B`."},
    {"else", "`if CONDITION then A else B`."},
    {"and", "Both conditions hold."},
    {"or", "Either condition holds."},
    {"not", "The condition does not hold."},
    {"true", "The boolean true (also `yes`)."},
    {"yes", "The boolean true (also `true`)."},
    {"false", "The boolean false (also `no`)."},
    {"no", "The boolean false (also `false`)."},
    {"scheme", "A weighting scheme: `scheme NAME \"label\" { ID points N … }`, used with --scheme NAME."},
    {"for", "The standard a scheme file is written for."},
    {"pairwise", "Weights derived by AHP from pairwise judgements (docs/language.md, \"Schemes\")."},
};

/* in eri_builtin order */
static const char *const builtin_docs[ERI_FN_COUNT_] = {
    "`min(a, b, …)`: the smallest of one or more numbers.",
    "`max(a, b, …)`: the largest of one or more numbers.",
    "`ceil(x)`: the integer above x (`ceil(4.6)` = 5).",
    "`floor(x)`: the integer below x (`floor(-0.5)` = -1).",
    "`round(x)`, `round(x, step)`: x rounded half-up to an integer, or to a multiple of a constant step.",
    "`abs(x)`: the absolute value.",
    "`days_between(d1, d2)`: d2 − d1 in days (negative when d2 is earlier).",
    "`months_between(d1, d2)`: whole months from d1 to d2, as people count them.",
    "`years_between(d1, d2)`: whole years from d1 to d2, as people count them.",
    "`conforming(s)`: the conforming count of a sample fact (18 for `18/20`).",
    "`sampled(s)`: the sampled count of a sample fact (20 for `18/20`).",
    "`earned(ID)`: points earned under indicator or item ID (0 when excluded).",
    "`applicable(ID)`: its applicable points (0 when excluded).",
    "`failed(ID)`: how many applicable items at or below ID lost any points.",
    "`points(ID)`: its points as declared (or its children's sum).",
    "`excluded(ID)`: whether it is excluded (a condition).",
};

/* in eri_round_mode_names order */
static const char *const round_docs[ERI_ROUND_MODES] = {
    "nearest; ties away from zero", "nearest; ties to the even multiple", "nearest; ties toward zero",
    "away from zero", "toward zero (truncate)", "toward −∞", "toward +∞",
};

static bool word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

static const char *word_doc(const char *s, size_t n, int *what)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (word_is(s, n, keywords[i].word))
            return *what = 0, keywords[i].doc;
    for (int i = 0; i < ERI_FN_COUNT_; i++)
        if (word_is(s, n, eri_builtin_names[i]))
            return *what = 1, builtin_docs[i];
    for (int i = 0; i < ERI_ROUND_MODES; i++)
        if (word_is(s, n, eri_round_mode_names[i]))
            return *what = 2, round_docs[i];
    return NULL;
}

/* ---- the index of a rules-language text ----------------------------------- */

enum { SYM_FACT, SYM_LET, SYM_INDICATOR, SYM_ITEM, SYM_SCHEME };

typedef struct sym {
    int kind;
    eri_span name, whole; /* whole: from the keyword to the end of its block (or line) */
    eri_span label;       /* the string after the name, or {0, 0} */
    eri_span type;        /* a fact's type word, or {0, 0} */
    uint32_t scope_end;   /* a let: where its block ends */
    int32_t parent;       /* an indicator or item: the enclosing one, or -1 */
} sym;

typedef struct index {
    eri_arena *a;
    eri_source *src;
    const char *text;
    size_t len;
    eri_token *tok;
    uint32_t ntok;
    sym *syms;
    uint32_t nsyms;
} index;

static bool tok_is(const index *x, uint32_t i, const char *w)
{
    return i < x->ntok && word_is(x->text + x->tok[i].span.start, x->tok[i].span.end - x->tok[i].span.start, w);
}

/* end of the line holding offset */
static uint32_t line_end(const index *x, uint32_t off)
{
    const char *nl = memchr(x->text + off, '\n', x->len - off);
    return nl ? (uint32_t)(nl - x->text) : (uint32_t)x->len;
}

typedef struct brace {
    int32_t owner; /* the symbol whose block it opens, or -1 */
    uint32_t serial;
} brace;

static void build(void *arg)
{
    index *x = arg;
    er_diag *d = er_diag_new(NULL);
    if (!d)
        eri_arena_fail(x->a);
    x->ntok = eri_tokenize(x->src, x->a, d, &x->tok);
    er_diag_free(d);
    x->syms = ERI_NEW_ARRAY(x->a, sym, x->ntok + 1);
    brace *stack = ERI_NEW_ARRAY(x->a, brace, x->ntok + 1);
    uint32_t *let_serial = ERI_NEW_ARRAY(x->a, uint32_t, x->ntok + 1);
    uint32_t depth = 0, serial = 0;
    int32_t pending = -1; /* a declaration whose '{' is still to come */
    for (uint32_t i = 0; i < x->ntok; i++) {
        eri_token t = x->tok[i];
        if (t.kind == '{') {
            stack[depth++] = (brace){pending, ++serial};
            pending = -1;
            continue;
        }
        if (t.kind == '}') {
            if (depth == 0)
                continue;
            brace b = stack[--depth];
            if (b.owner >= 0)
                x->syms[b.owner].whole.end = t.span.end;
            for (uint32_t k = 0; k < x->nsyms; k++)
                if (x->syms[k].kind == SYM_LET && let_serial[k] == b.serial)
                    x->syms[k].scope_end = t.span.end;
            continue;
        }
        int kind = t.kind == ERI_TK_FACT ? SYM_FACT
                   : tok_is(x, i, "let") ? SYM_LET
                   : tok_is(x, i, "indicator") ? SYM_INDICATOR
                   : tok_is(x, i, "item") ? SYM_ITEM
                   : tok_is(x, i, "scheme") ? SYM_SCHEME
                                              : -1;
        if (kind < 0 || i + 1 >= x->ntok || x->tok[i + 1].kind == '{' || x->tok[i + 1].kind == ERI_TK_STRING)
            continue;
        sym *s = &x->syms[x->nsyms];
        *s = (sym){.kind = kind, .name = x->tok[i + 1].span, .parent = -1, .scope_end = (uint32_t)x->len};
        s->whole = (eri_span){t.span.start, line_end(x, x->tok[i + 1].span.start)};
        uint32_t after = i + 2;
        if (kind == SYM_FACT && after < x->ntok && x->tok[after].kind == ':' && after + 1 < x->ntok) {
            s->type = x->tok[after + 1].span;
            after += 2;
            if (after < x->ntok && x->tok[after].kind == '(') /* enum(a, b) */
                while (after < x->ntok && x->tok[after].kind != ')')
                    after++, s->type.end = x->tok[after < x->ntok ? after : after - 1].span.end;
            after += after < x->ntok && x->tok[after].kind == ')';
        }
        if (after < x->ntok && x->tok[after].kind == ERI_TK_STRING)
            s->label = x->tok[after].span;
        if (kind == SYM_INDICATOR || kind == SYM_ITEM) {
            for (uint32_t k = depth; k-- > 0;)
                if (stack[k].owner >= 0 &&
                    (x->syms[stack[k].owner].kind == SYM_INDICATOR || x->syms[stack[k].owner].kind == SYM_ITEM)) {
                    s->parent = stack[k].owner;
                    break;
                }
        }
        if (kind == SYM_LET) {
            let_serial[x->nsyms] = depth ? stack[depth - 1].serial : 0;
        } else if (kind != SYM_FACT) {
            pending = (int32_t)x->nsyms;
        }
        x->nsyms++;
    }
}

static bool index_build(index *x, const char *name, const char *text, size_t len)
{
    memset(x, 0, sizeof *x);
    x->src = eri_source_from_string(name, text, len);
    x->a = x->src ? eri_arena_new() : NULL;
    if (x->src) {
        x->text = x->src->text;
        x->len = x->src->len;
    }
    if (!x->a || !eri_arena_protect(x->a, build, x)) {
        eri_arena_free(x->a);
        eri_source_free(x->src);
        return false;
    }
    return true;
}

static void index_free(index *x)
{
    eri_arena_free(x->a);
    eri_source_free(x->src);
}

static bool same_text(const index *x, eri_span a, eri_span b)
{
    return a.end - a.start == b.end - b.start && memcmp(x->text + a.start, x->text + b.start, a.end - a.start) == 0;
}

/* The token at offset (or just before it, the cursor at a word's end), or -1. */
static int32_t token_at(const index *x, size_t off)
{
    for (uint32_t i = 0; i < x->ntok; i++)
        if (x->tok[i].span.start <= off && off <= x->tok[i].span.end && x->tok[i].span.end > x->tok[i].span.start) {
            if (off == x->tok[i].span.end && i + 1 < x->ntok && x->tok[i + 1].span.start == off)
                continue; /* the next one starts here */
            return (int32_t)i;
        }
    return -1;
}

/* A token that may name something: a name, or a clause id where a clause
 * is expected (a number right after '(' or ',' or first on its line). */
static bool may_name(const index *x, uint32_t i)
{
    int k = x->tok[i].kind;
    if (k == ERI_TK_FACT || (k == ERI_TK_OTHER && x->text[x->tok[i].span.start] != '<' &&
                             x->text[x->tok[i].span.start] != '>' && x->text[x->tok[i].span.start] != '=' &&
                             x->text[x->tok[i].span.start] != '!'))
        return true;
    if (k != ERI_TK_NUMBER)
        return false;
    if (i == 0)
        return true;
    int p = x->tok[i - 1].kind;
    return p == '(' || p == ',' || memchr(x->text + x->tok[i - 1].span.end, '\n',
                                          x->tok[i].span.start - x->tok[i - 1].span.end) != NULL;
}

/* What token i names: a let in scope, else a fact, an indicator or item, a
 * scheme; -1 for none. */
static int32_t resolve(const index *x, uint32_t i)
{
    if (!may_name(x, i))
        return -1;
    eri_span at = x->tok[i].span;
    int32_t best = -1;
    for (uint32_t k = 0; k < x->nsyms; k++) {
        const sym *s = &x->syms[k];
        if (!same_text(x, s->name, at))
            continue;
        if (s->name.start == at.start)
            return (int32_t)k; /* the declaration itself */
        if (s->kind == SYM_LET) {
            if (s->whole.start <= at.start && at.start < s->scope_end &&
                (best < 0 || x->syms[best].kind != SYM_LET || x->syms[best].whole.start < s->whole.start))
                best = (int32_t)k;
        } else if (best < 0) {
            best = (int32_t)k;
        }
    }
    return best;
}

/* ---- what the checker knows ------------------------------------------------- */

static void put_num(FILE *m, eri_num n)
{
    char buf[96];
    fputs(eri_num_show(buf, sizeof buf, n, 6, true), m);
}

static void fact_md(FILE *m, const er_rules *r, int32_t fi)
{
    const eri_fact *f = &r->facts[fi];
    char buf[128];
    fprintf(m, "**fact** `%s` : %s", f->name, eri_fact_type_names[f->type]);
    if (f->type == ERI_FT_ENUM) {
        fputs(" (", m);
        for (uint32_t i = 0; i < f->nchoices; i++)
            fprintf(m, "%s%s", i ? ", " : "", f->choices[i]);
        fputc(')', m);
    }
    if (*f->label)
        fprintf(m, "\n\n%s", f->label);
    if (f->has_lo || f->has_hi || f->lo_by_fact || f->hi_by_fact) {
        fputs("\n\nrange ", m);
        if (f->has_lo)
            eri_fact_value_text(f, &f->lo, buf, sizeof buf), fputs(buf, m);
        else if (f->lo_by_fact)
            fputs(r->facts[f->lo_fact].name, m);
        fputs("..", m);
        if (f->has_hi)
            eri_fact_value_text(f, &f->hi, buf, sizeof buf), fputs(buf, m);
        else if (f->hi_by_fact)
            fputs(r->facts[f->hi_fact].name, m);
    }
    if (f->has_default) {
        eri_fact_value_text(f, &f->def, buf, sizeof buf);
        fprintf(m, "\n\ndefault %s", buf);
    }
    bool any = false;
    for (uint32_t n = 0; n < r->nnodes; n++) {
        const eri_node *node = &r->nodes[n];
        bool uses = false;
        for (uint32_t k = 0; k < node->facts.n && !uses; k++)
            uses = node->facts.idx[k] == fi;
        for (uint32_t k = 0; k < node->exclude_facts.n && !uses; k++)
            uses = node->exclude_facts.idx[k] == fi;
        if (uses)
            fprintf(m, "%s`%s` %s", any ? "\n- " : "\n\nread by:\n- ", node->id, node->label), any = true;
    }
    for (uint32_t k = 0; k < r->global_facts.n; k++)
        if (r->global_facts.idx[k] == fi)
            fprintf(m, "%sthe total, vetoes or rating", any ? "\n- " : "\n\nread by:\n- "), any = true;
    if (!any)
        fputs("\n\nread by no clause", m);
}

static void node_md(FILE *m, const er_rules *r, int32_t ni)
{
    const eri_node *n = &r->nodes[ni];
    fprintf(m, "**%s** `%s` %s", n->is_item ? "item" : "indicator", n->id, n->label);
    if (n->english)
        fprintf(m, " (%s)", n->english);
    fputs("\n\npoints ", m);
    put_num(m, r->base.points[ni]);
    fputs(" (base weighting)", m);
    if (n->is_item && n->kind != ERI_SC_NONE) {
        size_t len;
        const char *rule = eri_rules_text(r, n->rule_span, &len);
        fprintf(m, "\n\n```\n%.*s\n```", (int)len, rule);
    }
    for (uint32_t c = 0; c < n->nchildren; c++) {
        const eri_node *k = &r->nodes[n->children[c]];
        fprintf(m, "%s`%s` %s — ", c ? "\n- " : "\n\nchildren:\n- ", k->id, k->label);
        put_num(m, r->base.points[n->children[c]]);
    }
    if (n->excludable)
        fputs("\n\nexcludable by the auditor", m);
}

/* Markdown for a name, from the rules (false: they do not know it). */
static bool rules_md(FILE *m, const er_rules *r, const char *s, size_t n)
{
    if (!r)
        return false;
    int32_t i = eri_rules_find_fact(r, s, n);
    if (i >= 0)
        return fact_md(m, r, i), true;
    i = eri_rules_find_node(r, s, n);
    if (i >= 0)
        return node_md(m, r, i), true;
    return false;
}

/* ---- answers ------------------------------------------------------------------ */

static bool is_rules_lang(const eri_lsp_doc *doc) { return doc->lang == ERI_LANG_RULES || doc->lang == ERI_LANG_SCHEME; }

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* The name at offset in a facts or test document: [*start, *end). */
static bool word_at(const eri_lsp_doc *doc, size_t off, size_t *start, size_t *end)
{
    size_t s = off, e = off;
    while (s > 0 && name_char(doc->text[s - 1]))
        s--;
    while (e < doc->len && name_char(doc->text[e]))
        e++;
    while (e > s && doc->text[e - 1] == '.')
        e--;
    *start = s;
    *end = e;
    return e > s;
}

static void markdown_result(eri_json *j, const char *md, const eri_lsp_doc *doc, size_t start, size_t end)
{
    eri_json_object(j, "result");
    eri_json_object(j, "contents");
    eri_json_str(j, "kind", "markdown");
    eri_json_str(j, "value", md);
    eri_json_object_end(j);
    eri_lsp_range(j, "range", doc->text, doc->len, start, end);
    eri_json_object_end(j);
}

int eri_lsp_hover(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, &uri);
    char *md = NULL;
    size_t mdlen = 0, start = 0, end = 0;
    FILE *m = open_memstream(&md, &mdlen);
    if (!m)
        return ERI_RPC_INTERNAL_ERROR;
    bool found = false;
    index x;
    if (is_rules_lang(doc) && index_build(&x, doc->path, doc->text, doc->len)) {
        int32_t t = token_at(&x, offset);
        if (t >= 0) {
            eri_span sp = x.tok[t].span;
            start = sp.start, end = sp.end;
            int32_t k = resolve(&x, (uint32_t)t);
            int what;
            const char *kw = word_doc(x.text + sp.start, sp.end - sp.start, &what);
            if (k >= 0 && x.syms[k].kind != SYM_LET && rules_md(m, r, x.text + sp.start, sp.end - sp.start)) {
                found = true;
            } else if (k >= 0) { /* its declaration, as written */
                const sym *y = &x.syms[k];
                static const char *const kinds[] = {"fact", "let", "indicator", "item", "scheme"};
                uint32_t e = y->kind == SYM_LET ? line_end(&x, y->whole.start) : y->whole.end;
                if (e - y->whole.start > 400)
                    e = line_end(&x, y->whole.start);
                fprintf(m, "**%s** `%.*s`\n\n```\n%.*s\n```", kinds[y->kind], (int)(sp.end - sp.start),
                        x.text + sp.start, (int)(e - y->whole.start), x.text + y->whole.start);
                found = true;
            } else if (kw && x.tok[t].kind != ERI_TK_STRING) {
                fprintf(m, "**%s** `%.*s`\n\n%s", what == 0 ? "keyword" : what == 1 ? "function" : "rounding mode",
                        (int)(sp.end - sp.start), x.text + sp.start, kw);
                found = true;
            } else if (x.tok[t].kind != ERI_TK_STRING) { /* a scheme's clause ids are the rules' */
                found = rules_md(m, r, x.text + sp.start, sp.end - sp.start);
            }
        }
        index_free(&x);
    } else if (!is_rules_lang(doc) && word_at(doc, offset, &start, &end)) {
        int what;
        const char *kw = word_doc(doc->text + start, end - start, &what);
        found = rules_md(m, r, doc->text + start, end - start);
        if (!found && kw && what == 0)
            fprintf(m, "**keyword** `%.*s`\n\n%s", (int)(end - start), doc->text + start, kw), found = true;
    }
    fclose(m);
    if (found && md)
        markdown_result(j, md, doc, start, end);
    else
        eri_json_null(j, "result");
    free(md);
    return 0;
}

static void location(eri_json *j, const char *uri, const char *text, size_t len, size_t start, size_t end)
{
    eri_json_object(j, NULL);
    eri_json_str(j, "uri", uri);
    eri_lsp_range(j, "range", text, len, start, end);
    eri_json_object_end(j);
}

/* Where the rules declare a fact or clause id: the name's bytes in their text. */
static bool rules_decl(const er_rules *r, const char *s, size_t n, eri_span *out)
{
    if (!r)
        return false;
    int32_t i = eri_rules_find_fact(r, s, n);
    if (i >= 0)
        return *out = r->facts[i].name_span, true;
    i = eri_rules_find_node(r, s, n);
    if (i < 0)
        return false;
    eri_span h = r->nodes[i].head; /* the id is the head's first word after the keyword */
    const char *t = r->src->text, *p = t + h.start, *e = t + h.end;
    for (; p + n <= e; p++)
        if (memcmp(p, s, n) == 0 && !name_char(p[-1]) && (p + n == e || !name_char(p[n])))
            return *out = (eri_span){(uint32_t)(p - t), (uint32_t)(p - t + n)}, true;
    return false;
}

int eri_lsp_definition(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, &uri);
    size_t start, end;
    eri_span decl;
    index x;
    if (is_rules_lang(doc) && index_build(&x, doc->path, doc->text, doc->len)) {
        int32_t t = token_at(&x, offset);
        int32_t k = t >= 0 ? resolve(&x, (uint32_t)t) : -1;
        bool done = false;
        if (k >= 0) {
            eri_json_array(j, "result");
            location(j, doc->uri, doc->text, doc->len, x.syms[k].name.start, x.syms[k].name.end);
            eri_json_array_end(j);
            done = true;
        } else if (t >= 0 && doc->lang == ERI_LANG_SCHEME &&
                   rules_decl(r, x.text + x.tok[t].span.start, x.tok[t].span.end - x.tok[t].span.start, &decl)) {
            eri_json_array(j, "result");
            location(j, uri, r->src->text, r->src->len, decl.start, decl.end);
            eri_json_array_end(j);
            done = true;
        }
        index_free(&x);
        if (done)
            return 0;
    } else if (!is_rules_lang(doc) && word_at(doc, offset, &start, &end) &&
               rules_decl(r, doc->text + start, end - start, &decl)) {
        eri_json_array(j, "result");
        location(j, uri, r->src->text, r->src->len, decl.start, decl.end);
        eri_json_array_end(j);
        return 0;
    }
    eri_json_null(j, "result");
    return 0;
}

/* Every token of x naming what token t names. */
static void refs_in(eri_json *j, const index *x, const char *uri, uint32_t t, bool with_decl)
{
    int32_t k = resolve(x, t);
    for (uint32_t i = 0; i < x->ntok; i++) {
        if (!same_text(x, x->tok[i].span, x->tok[t].span))
            continue;
        int32_t ki = resolve(x, i);
        if ((k >= 0 ? ki != k : !may_name(x, i)) ||
            (!with_decl && ki >= 0 && x->syms[ki].name.start == x->tok[i].span.start))
            continue;
        location(j, uri, x->text, x->len, x->tok[i].span.start, x->tok[i].span.end);
    }
}

int eri_lsp_references(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, bool with_decl, eri_json *j)
{
    index x;
    size_t start, end;
    if (is_rules_lang(doc)) {
        if (!index_build(&x, doc->path, doc->text, doc->len))
            return ERI_RPC_INTERNAL_ERROR;
        int32_t t = token_at(&x, offset);
        eri_json_array(j, "result");
        if (t >= 0 && may_name(&x, (uint32_t)t))
            refs_in(j, &x, doc->uri, (uint32_t)t, with_decl);
        eri_json_array_end(j);
        index_free(&x);
        return 0;
    }
    /* a facts or test document: where the rules use the name */
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, &uri);
    eri_json_array(j, "result");
    if (r && word_at(doc, offset, &start, &end) && index_build(&x, r->src->name, r->src->text, r->src->len)) {
        for (uint32_t i = 0; i < x.ntok; i++)
            if (x.tok[i].span.end - x.tok[i].span.start == end - start &&
                memcmp(x.text + x.tok[i].span.start, doc->text + start, end - start) == 0 && may_name(&x, i)) {
                refs_in(j, &x, uri, i, with_decl);
                break;
            }
        index_free(&x);
    }
    eri_json_array_end(j);
    return 0;
}

/* ---- completion ------------------------------------------------------------------ */

/* LSP CompletionItemKind */
enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_MODULE = 9, CK_VALUE = 12, CK_KEYWORD = 14,
       CK_ENUM_MEMBER = 20, CK_CONSTANT = 21 };

static void item(eri_json *j, const char *label, size_t n, int kind, const char *detail, size_t dn, const char *doc)
{
    eri_json_object(j, NULL);
    eri_json_strn(j, "label", label, n);
    eri_json_int(j, "kind", kind);
    if (detail)
        eri_json_strn(j, "detail", detail, dn);
    if (doc) {
        eri_json_object(j, "documentation");
        eri_json_str(j, "kind", "markdown");
        eri_json_str(j, "value", doc);
        eri_json_object_end(j);
    }
    eri_json_object_end(j);
}

static void fact_item(eri_json *j, const eri_fact *f)
{
    char detail[512];
    int n = snprintf(detail, sizeof detail, "%s%s%s", eri_fact_type_names[f->type], *f->label ? " — " : "", f->label);
    item(j, f->name, strlen(f->name), CK_FIELD, detail, n < 0 ? 0 : (size_t)n < sizeof detail ? (size_t)n : sizeof detail - 1,
         NULL);
}

static void node_items(eri_json *j, const er_rules *r, bool only_excludable)
{
    for (uint32_t i = 0; r && i < r->nnodes; i++)
        if (!only_excludable || r->nodes[i].excludable)
            item(j, r->nodes[i].id, strlen(r->nodes[i].id), CK_MODULE, r->nodes[i].label, strlen(r->nodes[i].label),
                 NULL);
}

/* A facts line: names before '=', values after it ('exclude' lines: ids). */
static void facts_completion(const eri_lsp_doc *doc, size_t offset, const er_rules *r, eri_json *j)
{
    size_t ls = offset;
    while (ls > 0 && doc->text[ls - 1] != '\n')
        ls--;
    const char *line = doc->text + ls, *eq = memchr(line, '=', offset - ls);
    while (line < doc->text + offset && (*line == ' ' || *line == '\t'))
        line++;
    size_t before = (size_t)(doc->text + offset - line);
    if (before >= 8 && memcmp(line, "exclude ", 8) == 0 && !eq) {
        node_items(j, r, true);
        return;
    }
    if (eq) { /* a value: the fact's enum values, yes/no */
        const char *ne = eq;
        while (ne > line && (ne[-1] == ' ' || ne[-1] == '\t'))
            ne--;
        int32_t f = r ? eri_rules_find_fact(r, line, (size_t)(ne - line)) : -1;
        if (f >= 0 && r->facts[f].type == ERI_FT_ENUM)
            for (uint32_t i = 0; i < r->facts[f].nchoices; i++)
                item(j, r->facts[f].choices[i], strlen(r->facts[f].choices[i]), CK_ENUM_MEMBER, r->facts[f].name,
                     strlen(r->facts[f].name), NULL);
        if (f >= 0 && r->facts[f].type == ERI_FT_BOOL) {
            item(j, "yes", 3, CK_VALUE, NULL, 0, NULL);
            item(j, "no", 2, CK_VALUE, NULL, 0, NULL);
        }
        return;
    }
    for (uint32_t i = 0; r && i < r->nfacts; i++)
        fact_item(j, &r->facts[i]);
    if (doc->lang == ERI_LANG_FACTS) {
        item(j, "subject", 7, CK_KEYWORD, "the enterprise audited", strlen("the enterprise audited"), NULL);
        item(j, "exclude", 7, CK_KEYWORD, "an indicator not applicable", strlen("an indicator not applicable"), NULL);
    } else {
        static const char *const words[] = {"case", "facts", "expect", "score", "level", "veto", "vetoes",
                                            "earned", "applicable", "excluded", "exclude"};
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            item(j, words[i], strlen(words[i]), CK_KEYWORD, NULL, 0, NULL);
    }
}

int eri_lsp_completion(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, &uri);
    eri_json_object(j, "result");
    eri_json_bool(j, "isIncomplete", false);
    eri_json_array(j, "items");
    index x;
    if (!is_rules_lang(doc)) {
        facts_completion(doc, offset, r, j);
    } else if (index_build(&x, doc->path, doc->text, doc->len)) {
        for (uint32_t k = 0; k < x.nsyms; k++) {
            const sym *y = &x.syms[k];
            const char *name = x.text + y->name.start;
            size_t n = y->name.end - y->name.start;
            if (y->name.start <= offset && offset <= y->name.end)
                continue; /* the name being typed */
            const char *detail = y->label.end ? x.text + y->label.start : NULL;
            size_t dn = y->label.end - y->label.start;
            if (y->kind == SYM_FACT) {
                char buf[512];
                int bn = snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)(y->type.end - y->type.start),
                                  x.text + y->type.start, detail ? " " : "", detail ? (int)dn : 0, detail ? detail : "");
                item(j, name, n, CK_FIELD, buf, bn < 0 ? 0 : (size_t)bn < sizeof buf ? (size_t)bn : sizeof buf - 1,
                     NULL);
            } else if (y->kind == SYM_LET) {
                if (y->whole.start <= offset && offset <= y->scope_end)
                    item(j, name, n, CK_VARIABLE, "let", 3, NULL);
            } else {
                item(j, name, n, y->kind == SYM_SCHEME ? CK_CONSTANT : CK_MODULE, detail, dn, NULL);
            }
        }
        if (doc->lang == ERI_LANG_SCHEME)
            node_items(j, r, false);
        index_free(&x);
        for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
            item(j, keywords[i].word, strlen(keywords[i].word), CK_KEYWORD, NULL, 0, keywords[i].doc);
        for (int i = 0; i < ERI_FN_COUNT_; i++)
            item(j, eri_builtin_names[i], strlen(eri_builtin_names[i]), CK_FUNCTION, NULL, 0, builtin_docs[i]);
        for (int i = 0; i < ERI_ROUND_MODES; i++)
            item(j, eri_round_mode_names[i], strlen(eri_round_mode_names[i]), CK_CONSTANT, "rounding mode", 13,
                 round_docs[i]);
    }
    eri_json_array_end(j);
    eri_json_object_end(j);
    return 0;
}

/* ---- symbols and folding ----------------------------------------------------------- */

/* LSP SymbolKind */
enum { SK_NAMESPACE = 3, SK_CLASS = 5, SK_FIELD = 8, SK_FUNCTION = 12, SK_VARIABLE = 13, SK_CONSTANT = 14 };

static void symbol(eri_json *j, const eri_lsp_doc *doc, const char *name, size_t n, const char *detail, size_t dn,
                   int kind, eri_span whole, eri_span sel)
{
    eri_json_object(j, NULL);
    eri_json_strn(j, "name", name, n);
    if (detail)
        eri_json_strn(j, "detail", detail, dn);
    eri_json_int(j, "kind", kind);
    eri_lsp_range(j, "range", doc->text, doc->len, whole.start, whole.end);
    eri_lsp_range(j, "selectionRange", doc->text, doc->len, sel.start, sel.end);
}

/* Symbol k and the indicators and items under it. */
static void tree_symbol(eri_json *j, const eri_lsp_doc *doc, const index *x, uint32_t k)
{
    const sym *y = &x->syms[k];
    const char *detail = NULL;
    size_t dn = 0;
    if (y->label.end - y->label.start >= 2) { /* the label without its quotes */
        detail = x->text + y->label.start + 1;
        dn = y->label.end - y->label.start - 2;
    }
    static const int kinds[] = {SK_FIELD, SK_CONSTANT, SK_NAMESPACE, SK_FUNCTION, SK_CLASS};
    symbol(j, doc, x->text + y->name.start, y->name.end - y->name.start, detail, dn, kinds[y->kind], y->whole, y->name);
    bool any = false;
    for (uint32_t c = k + 1; c < x->nsyms; c++)
        if (x->syms[c].parent == (int32_t)k) {
            if (!any)
                eri_json_array(j, "children");
            any = true;
            tree_symbol(j, doc, x, c);
        }
    if (any)
        eri_json_array_end(j);
    eri_json_object_end(j);
}

/* Each 'name = value', 'exclude ID', 'case "…"' line of a facts or test file. */
static void line_symbols(const eri_lsp_doc *doc, eri_json *j)
{
    for (size_t p = 0; p < doc->len;) {
        const char *nl = memchr(doc->text + p, '\n', doc->len - p);
        size_t e = nl ? (size_t)(nl - doc->text) : doc->len, s = p;
        while (s < e && (doc->text[s] == ' ' || doc->text[s] == '\t'))
            s++;
        size_t w = s;
        while (w < e && name_char(doc->text[w]))
            w++;
        size_t q = w;
        while (q < e && (doc->text[q] == ' ' || doc->text[q] == '\t'))
            q++;
        bool kw = word_is(doc->text + s, w - s, "exclude") || word_is(doc->text + s, w - s, "case");
        if (w > s && (kw || (q < e && doc->text[q] == '='))) {
            size_t ns = kw ? q : s, ne = kw ? e : w;
            while (ne > ns && (doc->text[ne - 1] == ' ' || doc->text[ne - 1] == '\r'))
                ne--;
            if (ne > ns) {
                symbol(j, doc, doc->text + ns, ne - ns, NULL, 0,
                       kw && doc->text[s] == 'c' ? SK_CLASS : kw ? SK_NAMESPACE : SK_VARIABLE,
                       (eri_span){(uint32_t)s, (uint32_t)e}, (eri_span){(uint32_t)ns, (uint32_t)ne});
                eri_json_object_end(j);
            }
        }
        p = e + 1;
    }
}

int eri_lsp_symbols(const eri_lsp_doc *doc, eri_json *j)
{
    index x;
    eri_json_array(j, "result");
    if (!is_rules_lang(doc)) {
        line_symbols(doc, j);
    } else if (index_build(&x, doc->path, doc->text, doc->len)) {
        for (uint32_t k = 0; k < x.nsyms; k++)
            if (x.syms[k].kind != SYM_LET && x.syms[k].parent < 0 &&
                (x.syms[k].kind == SYM_FACT || x.syms[k].kind == SYM_SCHEME || x.syms[k].kind == SYM_INDICATOR ||
                 x.syms[k].kind == SYM_ITEM))
                tree_symbol(j, doc, &x, k);
        index_free(&x);
    }
    eri_json_array_end(j);
    return 0;
}

static void fold(eri_json *j, uint32_t from, uint32_t to, const char *kind)
{
    eri_json_object(j, NULL);
    eri_json_int(j, "startLine", from);
    eri_json_int(j, "endLine", to);
    if (kind)
        eri_json_str(j, "kind", kind);
    eri_json_object_end(j);
}

int eri_lsp_folding(const eri_lsp_doc *doc, eri_json *j)
{
    eri_json_array(j, "result");
    /* runs of two or more comment lines; test files: each case */
    uint32_t line = 0, run = 0, run_start = 0, case_start = UINT32_MAX, last_text = 0;
    for (size_t p = 0; p <= doc->len; line++) {
        const char *nl = memchr(doc->text + p, '\n', doc->len - p);
        size_t e = nl ? (size_t)(nl - doc->text) : doc->len, s = p;
        while (s < e && (doc->text[s] == ' ' || doc->text[s] == '\t'))
            s++;
        bool comment = s < e && doc->text[s] == '#';
        if (comment && run++ == 0)
            run_start = line;
        if (!comment) {
            if (run >= 2)
                fold(j, run_start, line - 1, "comment");
            run = 0;
        }
        bool is_case = doc->lang == ERI_LANG_TESTS && e - s >= 5 && memcmp(doc->text + s, "case ", 5) == 0;
        if ((is_case || !nl) && case_start != UINT32_MAX && last_text > case_start)
            fold(j, case_start, last_text, NULL);
        if (is_case)
            case_start = line;
        if (s < e && !comment)
            last_text = line;
        if (!nl)
            break;
        p = e + 1;
    }
    index x;
    if (is_rules_lang(doc) && index_build(&x, doc->path, doc->text, doc->len)) {
        uint32_t *open = eri_malloc((x.ntok + 1) * sizeof *open), depth = 0;
        for (uint32_t i = 0; open && i < x.ntok; i++) {
            if (x.tok[i].kind == '{') {
                open[depth++] = x.tok[i].span.start;
            } else if (x.tok[i].kind == '}' && depth > 0) {
                uint32_t l0, l1, c;
                eri_lsp_position(x.text, x.len, open[--depth], &l0, &c);
                eri_lsp_position(x.text, x.len, x.tok[i].span.start, &l1, &c);
                if (l1 > l0)
                    fold(j, l0, l1 - 1, NULL); /* the closing brace stays in sight */
            }
        }
        eri_free(open);
        index_free(&x);
    }
    eri_json_array_end(j);
    return 0;
}
