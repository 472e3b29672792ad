/* lsp_index.c — a rules-language text as the language server reads it:
 * the real scanner's tokens (tokens.c), which it gives for any text,
 * half-typed or not, and the declarations found among them (fact, let,
 * indicator, item, scheme) with the blocks around them; what a name in it
 * names; and the doc lines of the language's keywords, functions and
 * rounding modes. */
#include "lsp.h"

#include <string.h>

#include "arena.h"
#include "rules.h"

/* ---- words of the language and their doc lines --------------------------- */


const eri_lsp_word eri_lsp_keywords[] = {
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

_Static_assert(sizeof eri_lsp_keywords / sizeof *eri_lsp_keywords == ERI_LSP_KEYWORDS, "ERI_LSP_KEYWORDS");

/* in eri_builtin order */
const char *const eri_lsp_builtin_docs[ERI_FN_COUNT_] = {
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
const char *const eri_lsp_round_docs[ERI_ROUND_MODES] = {
    "nearest; ties away from zero", "nearest; ties to the even multiple", "nearest; ties toward zero",
    "away from zero", "toward zero (truncate)", "toward −∞", "toward +∞",
};

bool eri_lsp_word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

const char *eri_lsp_word_doc(const char *s, size_t n, int *what)
{
    for (size_t i = 0; i < ERI_LSP_KEYWORDS; i++)
        if (eri_lsp_word_is(s, n, eri_lsp_keywords[i].word))
            return *what = 0, eri_lsp_keywords[i].doc;
    for (int i = 0; i < ERI_FN_COUNT_; i++)
        if (eri_lsp_word_is(s, n, eri_builtin_names[i]))
            return *what = 1, eri_lsp_builtin_docs[i];
    for (int i = 0; i < ERI_ROUND_MODES; i++)
        if (eri_lsp_word_is(s, n, eri_round_mode_names[i]))
            return *what = 2, eri_lsp_round_docs[i];
    return NULL;
}

/* ---- the index of a rules-language text ----------------------------------- */

/* Name look-ups one request may make, counted in symbols compared: enough
 * for every reference in rules far larger than any real standard, and a
 * bound on the time a text made to be slow can take. */
#define ERI_LSP_BUDGET ((uint64_t)200 << 20)




static bool tok_is(const eri_lsp_index *x, uint32_t i, const char *w)
{
    return i < x->ntok && eri_lsp_word_is(x->text + x->tok[i].span.start, x->tok[i].span.end - x->tok[i].span.start, w);
}

/* end of the line holding offset */
uint32_t eri_lsp_line_end(const eri_lsp_index *x, uint32_t off)
{
    const char *nl = memchr(x->text + off, '\n', x->len - off);
    return nl ? (uint32_t)(nl - x->text) : (uint32_t)x->len;
}

typedef struct brace {
    int32_t owner; /* the symbol whose block it opens, or -1 */
    uint32_t serial;
} brace;

/* build's argument: the diagnostics (not shown) made outside the protected
 * call, so that they are freed when it runs out of memory */
typedef struct build_arg {
    eri_lsp_index *x;
    er_diag *d;
} build_arg;

static void build(void *arg)
{
    eri_lsp_index *x = ((build_arg *)arg)->x;
    x->ntok = eri_tokenize(x->src, x->a, ((build_arg *)arg)->d, &x->tok);
    x->syms = ERI_NEW_ARRAY(x->a, eri_lsp_sym, x->ntok + 1);
    brace *stack = ERI_NEW_ARRAY(x->a, brace, x->ntok + 1);
    /* the lets of the blocks open, innermost last: a block's lets are on top when it closes */
    uint32_t *open_lets = ERI_NEW_ARRAY(x->a, uint32_t, x->ntok + 1), *let_serial = ERI_NEW_ARRAY(x->a, uint32_t, x->ntok + 1);
    uint32_t depth = 0, serial = 0, nopen = 0;
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
            while (nopen > 0 && let_serial[nopen - 1] == b.serial)
                x->syms[open_lets[--nopen]].scope_end = t.span.end;
            continue;
        }
        int kind = t.kind == ERI_TK_FACT ? ERI_SYM_FACT
                   : tok_is(x, i, "let") ? ERI_SYM_LET
                   : tok_is(x, i, "indicator") ? ERI_SYM_INDICATOR
                   : tok_is(x, i, "item") ? ERI_SYM_ITEM
                   : tok_is(x, i, "scheme") ? ERI_SYM_SCHEME
                                              : -1;
        if (kind < 0 || i + 1 >= x->ntok || x->tok[i + 1].kind == '{' || x->tok[i + 1].kind == ERI_TK_STRING)
            continue;
        eri_lsp_sym *s = &x->syms[x->nsyms];
        *s = (eri_lsp_sym){.kind = kind, .name = x->tok[i + 1].span, .parent = -1, .scope_end = (uint32_t)x->len};
        s->whole = (eri_span){t.span.start, eri_lsp_line_end(x, x->tok[i + 1].span.start)};
        uint32_t after = i + 2;
        if (kind == ERI_SYM_FACT && after < x->ntok && x->tok[after].kind == ':' && after + 1 < x->ntok) {
            s->type = x->tok[after + 1].span;
            after += 2;
            if (after < x->ntok && x->tok[after].kind == '(') /* enum(a, b) */
                while (after < x->ntok && x->tok[after].kind != ')')
                    after++, s->type.end = x->tok[after < x->ntok ? after : after - 1].span.end;
            after += after < x->ntok && x->tok[after].kind == ')';
        }
        if (after < x->ntok && x->tok[after].kind == ERI_TK_STRING)
            s->label = x->tok[after].span;
        if (kind == ERI_SYM_INDICATOR || kind == ERI_SYM_ITEM) {
            for (uint32_t k = depth; k-- > 0;)
                if (stack[k].owner >= 0 &&
                    (x->syms[stack[k].owner].kind == ERI_SYM_INDICATOR || x->syms[stack[k].owner].kind == ERI_SYM_ITEM)) {
                    s->parent = stack[k].owner;
                    break;
                }
        }
        if (kind == ERI_SYM_LET) {
            if (depth > 0) { /* a file-level let is in scope to the end */
                let_serial[nopen] = stack[depth - 1].serial;
                open_lets[nopen++] = x->nsyms;
            }
        } else if (kind != ERI_SYM_FACT) {
            pending = (int32_t)x->nsyms;
        }
        x->nsyms++;
    }
}

bool eri_lsp_index_build(eri_lsp_index *x, const char *name, const char *text, size_t len)
{
    memset(x, 0, sizeof *x);
    x->src = eri_source_from_string(name, text, len);
    x->a = x->src ? eri_arena_new() : NULL;
    if (x->src) {
        x->text = x->src->text;
        x->len = x->src->len;
    }
    x->budget = ERI_LSP_BUDGET;
    build_arg arg = {x, x->a ? er_diag_new(NULL) : NULL};
    bool ok = arg.d && eri_arena_protect(x->a, build, &arg);
    er_diag_free(arg.d);
    if (!ok) {
        eri_arena_free(x->a);
        eri_source_free(x->src);
        return false;
    }
    return true;
}

void eri_lsp_index_free(eri_lsp_index *x)
{
    eri_arena_free(x->a);
    eri_source_free(x->src);
}

bool eri_lsp_same_text(const eri_lsp_index *x, eri_span a, eri_span b)
{
    return a.end - a.start == b.end - b.start && memcmp(x->text + a.start, x->text + b.start, a.end - a.start) == 0;
}

/* The token at offset (or just before it, the cursor at a word's end), or -1. */
int32_t eri_lsp_token_at(const eri_lsp_index *x, size_t off)
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
 * is expected (a number right after '(' or ',' or first on its line, or on
 * the right of a pairwise judgement's ':', as in '5.1 : 5.2 = 3'). */
bool eri_lsp_may_name(const eri_lsp_index *x, uint32_t i)
{
    int k = x->tok[i].kind;
    char c = x->text[x->tok[i].span.start];
    if (k == ERI_TK_OTHER && c != '<' && c != '>' && c != '=' && c != '!')
        return true;
    if (k != ERI_TK_NUMBER)
        return false;
    if (i == 0)
        return true;
    int p = x->tok[i - 1].kind;
    return p == '(' || p == ',' || tok_is(x, i - 1, "indicator") || tok_is(x, i - 1, "item") ||
           tok_is(x, i - 1, "pairwise") ||
           (p == ':' && i >= 2 && (x->tok[i - 2].kind == ERI_TK_NUMBER || x->tok[i - 2].kind == ERI_TK_OTHER)) ||
           memchr(x->text + x->tok[i - 1].span.end, '\n', x->tok[i].span.start - x->tok[i - 1].span.end) != NULL;
}

/* What token i names: a let in scope, else a fact, an indicator or item, a
 * scheme; -1 for none. */
int32_t eri_lsp_resolve(eri_lsp_index *x, uint32_t i)
{
    if (!eri_lsp_may_name(x, i) || x->budget < x->nsyms)
        return -1;
    x->budget -= x->nsyms;
    eri_span at = x->tok[i].span;
    int32_t best = -1;
    for (uint32_t k = 0; k < x->nsyms; k++) {
        const eri_lsp_sym *s = &x->syms[k];
        if (!eri_lsp_same_text(x, s->name, at))
            continue;
        if (s->name.start == at.start)
            return (int32_t)k; /* the declaration itself */
        if (s->kind == ERI_SYM_LET) {
            if (s->whole.start <= at.start && at.start < s->scope_end &&
                (best < 0 || x->syms[best].kind != ERI_SYM_LET || x->syms[best].whole.start < s->whole.start))
                best = (int32_t)k;
        } else if (best < 0) {
            best = (int32_t)k;
        }
    }
    return best;
}

