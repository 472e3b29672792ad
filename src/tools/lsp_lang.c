/* lsp_lang.c — what the language server knows of the language: hover,
 * definition, references, completion, document symbols and folding.
 *
 * A rules or scheme document is read through its index (lsp_index.c: the
 * real scanner's tokens, which it gives for any text, half-typed or not,
 * and the declarations and blocks found among them), so that definition,
 * references, symbols and folding work while the file does not parse.  What only the checker knows (a
 * fact's range and the clauses that read it, an indicator's points) comes
 * from the rules when they load: the document itself, or for a facts, test
 * or scheme document the rules it is read against (eri_lsp_rules_for). */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "decimal.h"
#include "rules.h"

/* ---- what the checker knows ------------------------------------------------- */

static void put_num(FILE *m, eri_num n)
{
    char buf[96];
    fputs(eri_num_show(buf, sizeof buf, n, 6, true), m);
}

/* Whether fs holds fact fi. */
static bool reads(const eri_factset *fs, int32_t fi)
{
    for (uint32_t k = 0; k < fs->n; k++)
        if (fs->idx[k] == fi)
            return true;
    return false;
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
        if (reads(&node->facts, fi) || reads(&node->exclude_facts, fi))
            fprintf(m, "%s`%s` %s", any ? "\n- " : "\n\nread by:\n- ", node->id, node->label), any = true;
    }
    for (uint32_t a = 0; a < r->nadjusts; a++)
        if (reads(&r->adjusts[a].facts, fi))
            fprintf(m, "%s%s \"%s\"", any ? "\n- " : "\n\nread by:\n- ", r->adjusts[a].bonus ? "bonus" : "deduction",
                    r->adjusts[a].label), any = true;
    for (uint32_t v = 0; v < r->nvetoes; v++)
        if (reads(&r->vetoes[v].facts, fi))
            fprintf(m, "%sveto \"%s\"", any ? "\n- " : "\n\nread by:\n- ", r->vetoes[v].message), any = true;
    for (uint32_t c = 0; c < r->ncaps; c++)
        if (reads(&r->caps[c].facts, fi))
            fprintf(m, "%sthe rating cap%s%s%s", any ? "\n- " : "\n\nread by:\n- ", r->caps[c].reason ? " \"" : "",
                    r->caps[c].reason ? r->caps[c].reason : "", r->caps[c].reason ? "\"" : ""), any = true;
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
    eri_lsp_range(j, "range", doc->view, start, end);
    eri_json_object_end(j);
}

int eri_lsp_hover(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, true, &uri);
    char *md = NULL;
    size_t mdlen = 0, start = 0, end = 0;
    FILE *m = open_memstream(&md, &mdlen);
    if (!m)
        return ERI_RPC_INTERNAL_ERROR;
    bool found = false;
    eri_lsp_index x;
    if (is_rules_lang(doc) && eri_lsp_index_build(&x, doc->path, doc->text, doc->len)) {
        int32_t t = eri_lsp_token_at(&x, offset);
        if (t >= 0) {
            eri_span sp = x.tok[t].span;
            start = sp.start, end = sp.end;
            int32_t k = eri_lsp_resolve(&x, (uint32_t)t);
            int what;
            const char *kw = eri_lsp_word_doc(x.text + sp.start, sp.end - sp.start, &what);
            if (k >= 0 && x.syms[k].kind != ERI_SYM_LET && rules_md(m, r, x.text + sp.start, sp.end - sp.start)) {
                found = true;
            } else if (k >= 0) { /* its declaration, as written */
                const eri_lsp_sym *y = &x.syms[k];
                static const char *const kinds[] = {"fact", "let", "indicator", "item", "scheme"};
                uint32_t e = y->kind == ERI_SYM_LET ? eri_lsp_line_end(&x, y->whole.start) : y->whole.end;
                if (e - y->whole.start > 400)
                    e = eri_lsp_line_end(&x, y->whole.start);
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
        eri_lsp_index_free(&x);
    } else if (!is_rules_lang(doc) && word_at(doc, offset, &start, &end)) {
        int what;
        const char *kw = eri_lsp_word_doc(doc->text + start, end - start, &what);
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

static void location(eri_json *j, const char *uri, eri_lsp_text *t, size_t start, size_t end)
{
    eri_json_object(j, NULL);
    eri_json_str(j, "uri", uri);
    eri_lsp_range(j, "range", t, start, end);
    eri_json_object_end(j);
}

/* A location in the rules' text */
static void rules_location(eri_json *j, const char *uri, const er_rules *r, eri_span at)
{
    eri_lsp_text t;
    eri_lsp_text_init(&t, r->src->text, r->src->len);
    location(j, uri, &t, at.start, at.end);
    eri_lsp_text_free(&t);
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

/* In a test file, the facts file of a case's 'facts PATH' line under offset:
 * its URI (malloc'd), or NULL. */
static char *facts_path_at(const eri_lsp_doc *doc, size_t offset)
{
    size_t ls = offset, le = offset;
    while (ls > 0 && doc->text[ls - 1] != '\n')
        ls--;
    while (le < doc->len && doc->text[le] != '\n' && doc->text[le] != '#')
        le++;
    size_t p = ls;
    while (p < le && (doc->text[p] == ' ' || doc->text[p] == '\t'))
        p++;
    if (le - p < 7 || memcmp(doc->text + p, "facts ", 6) != 0 || offset < p + 6)
        return NULL;
    p += 6;
    while (p < le && doc->text[p] == ' ')
        p++;
    while (le > p && (doc->text[le - 1] == ' ' || doc->text[le - 1] == '\r' || doc->text[le - 1] == '\t'))
        le--;
    const char *slash = strrchr(doc->path, '/');
    size_t dirlen = slash && doc->text[p] != '/' ? (size_t)(slash - doc->path) + 1 : 0;
    char *path = le > p ? eri_malloc(dirlen + (le - p) + 1) : NULL;
    if (!path)
        return NULL;
    memcpy(path, doc->path, dirlen);
    memcpy(path + dirlen, doc->text + p, le - p);
    path[dirlen + (le - p)] = '\0';
    char *uri = eri_lsp_path_uri(path);
    eri_free(path);
    return uri;
}

int eri_lsp_definition(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    char *facts = doc->lang == ERI_LANG_TESTS ? facts_path_at(doc, offset) : NULL;
    if (facts) { /* the facts file's start */
        eri_json_array(j, "result");
        eri_json_object(j, NULL);
        eri_json_str(j, "uri", facts);
        eri_json_object(j, "range");
        for (int k = 0; k < 2; k++) {
            eri_json_object(j, k ? "end" : "start");
            eri_json_int(j, "line", 0);
            eri_json_int(j, "character", 0);
            eri_json_object_end(j);
        }
        eri_json_object_end(j);
        eri_json_object_end(j);
        eri_json_array_end(j);
        eri_free(facts);
        return 0;
    }
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, true, &uri);
    size_t start, end;
    eri_span decl;
    eri_lsp_index x;
    if (is_rules_lang(doc) && eri_lsp_index_build(&x, doc->path, doc->text, doc->len)) {
        int32_t t = eri_lsp_token_at(&x, offset);
        int32_t k = t >= 0 ? eri_lsp_resolve(&x, (uint32_t)t) : -1;
        bool done = false;
        if (k >= 0) {
            eri_json_array(j, "result");
            location(j, doc->uri, doc->view, x.syms[k].name.start, x.syms[k].name.end);
            eri_json_array_end(j);
            done = true;
        } else if (t >= 0 && doc->lang == ERI_LANG_SCHEME &&
                   rules_decl(r, x.text + x.tok[t].span.start, x.tok[t].span.end - x.tok[t].span.start, &decl)) {
            eri_json_array(j, "result");
            rules_location(j, uri, r, decl);
            eri_json_array_end(j);
            done = true;
        }
        eri_lsp_index_free(&x);
        if (done)
            return 0;
    } else if (!is_rules_lang(doc) && word_at(doc, offset, &start, &end) &&
               rules_decl(r, doc->text + start, end - start, &decl)) {
        eri_json_array(j, "result");
        rules_location(j, uri, r, decl);
        eri_json_array_end(j);
        return 0;
    }
    eri_json_null(j, "result");
    return 0;
}

/* Every token of x (whose text is view's) naming what token t names. */
static void refs_in(eri_json *j, eri_lsp_index *x, eri_lsp_text *view, const char *uri, uint32_t t, bool with_decl)
{
    int32_t k = eri_lsp_resolve(x, t);
    for (uint32_t i = 0; i < x->ntok; i++) {
        if (!eri_lsp_same_text(x, x->tok[i].span, x->tok[t].span))
            continue;
        int32_t ki = eri_lsp_resolve(x, i);
        if ((k >= 0 ? ki != k : !eri_lsp_may_name(x, i)) ||
            (!with_decl && ki >= 0 && x->syms[ki].name.start == x->tok[i].span.start))
            continue;
        location(j, uri, view, x->tok[i].span.start, x->tok[i].span.end);
    }
}

/* Where a facts or test line uses name: the name of 'name = value', the id
 * after 'exclude', the id after 'expect earned|applicable|excluded'. */
static void line_uses(eri_json *j, const eri_lsp_doc *o, const char *name, size_t n)
{
    for (size_t p = eri_lsp_text_start(o->text, o->len); p < o->len;) {
        const char *nl = memchr(o->text + p, '\n', o->len - p);
        size_t e = nl ? (size_t)(nl - o->text) : o->len, w[3][2], q = p;
        int nw = 0;
        while (nw < 3) {
            while (q < e && (o->text[q] == ' ' || o->text[q] == '\t'))
                q++;
            size_t ws = q;
            while (q < e && name_char(o->text[q]))
                q++;
            if (q == ws)
                break;
            w[nw][0] = ws, w[nw][1] = q, nw++;
        }
        int at = -1;
        if (nw == 1 && q < e && o->text[q] == '=')
            at = 0;
        else if (nw >= 2 && eri_lsp_word_is(o->text + w[0][0], w[0][1] - w[0][0], "exclude"))
            at = 1;
        else if (nw >= 3 && eri_lsp_word_is(o->text + w[0][0], w[0][1] - w[0][0], "expect"))
            at = 2;
        if (at >= 0 && w[at][1] - w[at][0] == n && memcmp(o->text + w[at][0], name, n) == 0)
            location(j, o->uri, o->view, w[at][0], w[at][1]);
        p = e + 1;
    }
}

/* Where a scheme file names name (an id it weighs), not a name it declares. */
static void scheme_uses(eri_json *j, const eri_lsp_doc *o, const char *name, size_t n)
{
    eri_lsp_index x;
    if (!eri_lsp_index_build(&x, o->path, o->text, o->len))
        return;
    for (uint32_t i = 0; i < x.ntok; i++)
        if (x.tok[i].span.end - x.tok[i].span.start == n && memcmp(x.text + x.tok[i].span.start, name, n) == 0 &&
            eri_lsp_may_name(&x, i) && eri_lsp_resolve(&x, i) < 0)
            location(j, o->uri, o->view, x.tok[i].span.start, x.tok[i].span.end);
    eri_lsp_index_free(&x);
}

/* Where the facts, test and scheme files open in the editor that are read
 * against the rules at rules_uri use name (compared by URI: finding another
 * file's rules may turn the cache over, so rules_uri is the caller's copy). */
static void open_uses(eri_json *j, eri_lsp *s, const char *rules_uri, const char *name, size_t n)
{
    for (size_t d = 0; d < s->ndocs; d++) {
        const eri_lsp_doc *o = s->docs[d];
        const char *u = NULL;
        if (o->lang == ERI_LANG_RULES || !eri_lsp_rules_for(s, o, true, &u) || !u || strcmp(u, rules_uri) != 0)
            continue;
        if (o->lang == ERI_LANG_SCHEME)
            scheme_uses(j, o, name, n);
        else
            line_uses(j, o, name, n);
    }
}

/* The uses of name (a fact or clause id of the rules at rules_uri) in the
 * rules, then in every facts, test and scheme file open in the editor that
 * is read against the same rules (compared by URI: finding another file's
 * rules may turn the cache over). */
static void refs_by_name(eri_json *j, eri_lsp *s, const eri_lsp_doc *doc, const char *name, size_t n, bool with_decl)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, true, &uri);
    eri_lsp_index x;
    if (!r)
        return;
    char *own = eri_malloc(strlen(uri) + 1);
    if (!own)
        return;
    strcpy(own, uri);
    if (eri_lsp_index_build(&x, r->src->name, r->src->text, r->src->len)) {
        eri_lsp_text view;
        eri_lsp_text_init(&view, x.text, x.len);
        for (uint32_t i = 0; i < x.ntok; i++)
            if (x.tok[i].span.end - x.tok[i].span.start == n && memcmp(x.text + x.tok[i].span.start, name, n) == 0 &&
                eri_lsp_may_name(&x, i)) {
                refs_in(j, &x, &view, own, i, with_decl);
                break;
            }
        eri_lsp_text_free(&view);
        eri_lsp_index_free(&x);
    }
    open_uses(j, s, own, name, n);
    eri_free(own);
}

int eri_lsp_references(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, bool with_decl, eri_json *j)
{
    eri_lsp_index x;
    size_t start, end;
    if (is_rules_lang(doc)) {
        if (!eri_lsp_index_build(&x, doc->path, doc->text, doc->len))
            return ERI_RPC_INTERNAL_ERROR;
        int32_t t = eri_lsp_token_at(&x, offset);
        eri_json_array(j, "result");
        eri_span decl;
        if (t >= 0 && doc->lang == ERI_LANG_SCHEME && eri_lsp_may_name(&x, (uint32_t)t) &&
            eri_lsp_resolve(&x, (uint32_t)t) < 0 &&
            rules_decl(eri_lsp_rules_for(s, doc, true, &(const char *){NULL}), x.text + x.tok[t].span.start,
                       x.tok[t].span.end - x.tok[t].span.start, &decl))
            refs_by_name(j, s, doc, x.text + x.tok[t].span.start, x.tok[t].span.end - x.tok[t].span.start, with_decl);
        else if (t >= 0 && eri_lsp_may_name(&x, (uint32_t)t)) {
            refs_in(j, &x, doc->view, doc->uri, (uint32_t)t, with_decl);
            int32_t k = eri_lsp_resolve(&x, (uint32_t)t);
            if (doc->lang == ERI_LANG_RULES && k >= 0 && x.syms[k].kind != ERI_SYM_LET &&
                x.syms[k].kind != ERI_SYM_SCHEME) /* a fact or a clause id: the open files that use it too */
                open_uses(j, s, doc->uri, x.text + x.tok[t].span.start, x.tok[t].span.end - x.tok[t].span.start);
        }
        eri_json_array_end(j);
        eri_lsp_index_free(&x);
        return 0;
    }
    /* a facts or test document: where the rules and the other open files use the name */
    eri_json_array(j, "result");
    if (word_at(doc, offset, &start, &end))
        refs_by_name(j, s, doc, doc->text + start, end - start, with_decl);
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
    if (before >= 8 && memcmp(line, "exclude", 7) == 0 && (line[7] == ' ' || line[7] == '\t') && !eq) {
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

static bool let_in_scope(const eri_lsp_sym *y, size_t offset)
{
    return y->whole.start <= offset && offset <= y->scope_end;
}

/* A later let of the same name is in scope at offset too: the name is
 * offered once (it names the innermost). */
static bool shadowed(const eri_lsp_index *x, uint32_t k, size_t offset)
{
    const eri_lsp_sym *y = &x->syms[k];
    size_t n = y->name.end - y->name.start;
    for (uint32_t l = k + 1; l < x->nsyms; l++) {
        const eri_lsp_sym *z = &x->syms[l];
        bool typed = z->name.start <= offset && offset <= z->name.end;
        if (z->kind == ERI_SYM_LET && !typed && let_in_scope(z, offset) && z->name.end - z->name.start == n &&
            memcmp(x->text + z->name.start, x->text + y->name.start, n) == 0)
            return true;
    }
    return false;
}

int eri_lsp_completion(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j)
{
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, true, &uri);
    eri_json_object(j, "result");
    eri_json_bool(j, "isIncomplete", false);
    eri_json_array(j, "items");
    eri_lsp_index x;
    if (!is_rules_lang(doc)) {
        facts_completion(doc, offset, r, j);
    } else if (eri_lsp_index_build(&x, doc->path, doc->text, doc->len)) {
        for (uint32_t k = 0; k < x.nsyms; k++) {
            const eri_lsp_sym *y = &x.syms[k];
            const char *name = x.text + y->name.start;
            size_t n = y->name.end - y->name.start;
            if (y->name.start <= offset && offset <= y->name.end)
                continue; /* the name being typed */
            const char *detail = y->label.end ? x.text + y->label.start : NULL;
            size_t dn = y->label.end - y->label.start;
            if (y->kind == ERI_SYM_FACT) {
                char buf[512];
                int bn = snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)(y->type.end - y->type.start),
                                  x.text + y->type.start, detail ? " " : "", detail ? (int)dn : 0, detail ? detail : "");
                item(j, name, n, CK_FIELD, buf, bn < 0 ? 0 : (size_t)bn < sizeof buf ? (size_t)bn : sizeof buf - 1,
                     NULL);
            } else if (y->kind == ERI_SYM_LET) {
                if (let_in_scope(y, offset) && !shadowed(&x, k, offset))
                    item(j, name, n, CK_VARIABLE, "let", 3, NULL);
            } else { /* the label without its quotes, as the document's symbols show it */
                bool quoted = dn >= 2;
                item(j, name, n, y->kind == ERI_SYM_SCHEME ? CK_CONSTANT : CK_MODULE, quoted ? detail + 1 : NULL,
                     quoted ? dn - 2 : 0, NULL);
            }
        }
        if (doc->lang == ERI_LANG_SCHEME)
            node_items(j, r, false);
        eri_lsp_index_free(&x);
        for (size_t i = 0; i < ERI_LSP_KEYWORDS; i++)
            item(j, eri_lsp_keywords[i].word, strlen(eri_lsp_keywords[i].word), CK_KEYWORD, NULL, 0, eri_lsp_keywords[i].doc);
        for (int i = 0; i < ERI_FN_COUNT_; i++)
            item(j, eri_builtin_names[i], strlen(eri_builtin_names[i]), CK_FUNCTION, NULL, 0, eri_lsp_builtin_docs[i]);
        for (int i = 0; i < ERI_ROUND_MODES; i++)
            item(j, eri_round_mode_names[i], strlen(eri_round_mode_names[i]), CK_CONSTANT, "rounding mode", 13,
                 eri_lsp_round_docs[i]);
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
    eri_lsp_range(j, "range", doc->view, whole.start, whole.end);
    eri_lsp_range(j, "selectionRange", doc->view, sel.start, sel.end);
}

/* The outline nests at most this deep; what is deeper is left out. */
#define MAX_OUTLINE_DEPTH 32

/* Symbol k and the indicators and items under it (first[k]: its first
 * child, next[k]: its next sibling, -1 for none). */
static void tree_symbol(eri_json *j, const eri_lsp_doc *doc, const eri_lsp_index *x, const int32_t *first, const int32_t *next,
                        uint32_t k, int depth)
{
    const eri_lsp_sym *y = &x->syms[k];
    const char *detail = NULL;
    size_t dn = 0;
    if (y->label.end - y->label.start >= 2) { /* the label without its quotes */
        detail = x->text + y->label.start + 1;
        dn = y->label.end - y->label.start - 2;
    }
    static const int kinds[] = {SK_FIELD, SK_CONSTANT, SK_NAMESPACE, SK_FUNCTION, SK_CLASS};
    symbol(j, doc, x->text + y->name.start, y->name.end - y->name.start, detail, dn, kinds[y->kind], y->whole, y->name);
    if (first[k] >= 0 && depth < MAX_OUTLINE_DEPTH) {
        eri_json_array(j, "children");
        for (int32_t c = first[k]; c >= 0; c = next[c])
            tree_symbol(j, doc, x, first, next, (uint32_t)c, depth + 1);
        eri_json_array_end(j);
    }
    eri_json_object_end(j);
}

/* Each 'name = value', 'exclude ID', 'case "…"' line of a facts or test file. */
static void line_symbols(const eri_lsp_doc *doc, eri_json *j)
{
    for (size_t p = eri_lsp_text_start(doc->text, doc->len); p < doc->len;) {
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
        bool kw = eri_lsp_word_is(doc->text + s, w - s, "exclude") || eri_lsp_word_is(doc->text + s, w - s, "case");
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
    eri_lsp_index x;
    eri_json_array(j, "result");
    if (!is_rules_lang(doc)) {
        line_symbols(doc, j);
    } else if (eri_lsp_index_build(&x, doc->path, doc->text, doc->len)) {
        int32_t *first = eri_malloc((x.nsyms + 1) * sizeof *first), *next = eri_malloc((x.nsyms + 1) * sizeof *next);
        for (uint32_t k = 0; first && next && k < x.nsyms; k++)
            first[k] = next[k] = -1;
        for (uint32_t k = x.nsyms; first && next && k-- > 0;) { /* children linked in order */
            int32_t p = x.syms[k].parent;
            if (p >= 0 && x.syms[k].kind != ERI_SYM_LET) {
                next[k] = first[p];
                first[p] = (int32_t)k;
            }
        }
        for (uint32_t k = 0; first && next && k < x.nsyms; k++)
            if (x.syms[k].kind != ERI_SYM_LET && x.syms[k].parent < 0)
                tree_symbol(j, doc, &x, first, next, k, 0);
        eri_free(first);
        eri_free(next);
        eri_lsp_index_free(&x);
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
    eri_lsp_index x;
    if (is_rules_lang(doc) && eri_lsp_index_build(&x, doc->path, doc->text, doc->len)) {
        uint32_t *open = eri_malloc((x.ntok + 1) * sizeof *open), depth = 0;
        for (uint32_t i = 0; open && i < x.ntok; i++) {
            if (x.tok[i].kind == '{') {
                open[depth++] = x.tok[i].span.start;
            } else if (x.tok[i].kind == '}' && depth > 0) {
                uint32_t l0, l1, c;
                eri_lsp_text_position(doc->view, open[--depth], &l0, &c);
                eri_lsp_text_position(doc->view, x.tok[i].span.start, &l1, &c);
                if (l1 > l0)
                    fold(j, l0, l1 - 1, NULL); /* the closing brace stays in sight */
            }
        }
        eri_free(open);
        eri_lsp_index_free(&x);
    }
    eri_json_array_end(j);
    return 0;
}
