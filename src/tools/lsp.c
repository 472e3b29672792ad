/* lsp.c — `evalrules lsp`: a Language Server Protocol server on two
 * streams (docs/editors.md).  It keeps the documents the editor has open,
 * answers each request in turn (lsp_lang.c for the language's questions),
 * and after every change publishes the document's diagnostics: what the
 * checker, the facts reader or the test-file reader says of it, each
 * diagnostic mapped to LSP's form in one function (lsp_diagnostic).
 * Nothing the client sends can stop it but "exit" or the end of its input:
 * a malformed frame, bad JSON or an unknown method is answered with a
 * JSON-RPC error and the server reads on. */
#include "lsp.h"

#include "evalrules_tools.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "json_read.h"

/* Diagnostics published for one document (the rest are counted). */
#define MAX_DIAGNOSTICS 200

/* ---- JSON read (yajl's tree) ---------------------------------------------- */

static yajl_val member(yajl_val obj, const char *key)
{
    if (!YAJL_IS_OBJECT(obj))
        return NULL;
    for (size_t i = 0; i < obj->u.object.len; i++)
        if (strcmp(obj->u.object.keys[i], key) == 0)
            return obj->u.object.values[i];
    return NULL;
}

static const char *member_str(yajl_val obj, const char *key)
{
    yajl_val v = member(obj, key);
    return YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : NULL;
}

static bool member_int(yajl_val obj, const char *key, int64_t *out)
{
    yajl_val v = member(obj, key);
    if (!YAJL_IS_INTEGER(v))
        return false;
    *out = YAJL_GET_INTEGER(v);
    return true;
}

/* ---- JSON written (json.c), framed ---------------------------------------- */

typedef struct message {
    char *buf;
    size_t len;
    FILE *mem;
    eri_json j;
} message;

static bool message_begin(message *m)
{
    m->buf = NULL;
    m->len = 0;
    m->mem = open_memstream(&m->buf, &m->len);
    if (!m->mem)
        return false;
    eri_json_begin(&m->j, m->mem);
    eri_json_object(&m->j, NULL);
    eri_json_str(&m->j, "jsonrpc", "2.0");
    return true;
}

static void message_send(eri_lsp *s, message *m)
{
    eri_json_object_end(&m->j);
    int rc = eri_json_end(&m->j);
    if (fclose(m->mem) == 0 && rc == 0)
        eri_lsp_write(s->out, m->buf, m->len);
    free(m->buf);
}

static void message_drop(message *m)
{
    fclose(m->mem);
    free(m->buf);
}

static void put_id(eri_json *j, yajl_val id)
{
    if (YAJL_IS_INTEGER(id))
        eri_json_int(j, "id", YAJL_GET_INTEGER(id));
    else if (YAJL_IS_STRING(id))
        eri_json_str(j, "id", YAJL_GET_STRING(id));
    else
        eri_json_null(j, "id");
}

static void send_error(eri_lsp *s, yajl_val id, int code, const char *text)
{
    message m;
    if (!message_begin(&m))
        return;
    put_id(&m.j, id);
    eri_json_object(&m.j, "error");
    eri_json_int(&m.j, "code", code);
    eri_json_str(&m.j, "message", text);
    eri_json_object_end(&m.j);
    message_send(s, &m);
}

/* ---- documents ------------------------------------------------------------ */

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

/* By the file's name, else by the language id the client gives. */
static eri_lsp_lang lang_of(const char *uri, const char *language_id)
{
    if (ends_with(uri, ".facts"))
        return ERI_LANG_FACTS;
    if (ends_with(uri, ".tests"))
        return ERI_LANG_TESTS;
    if (ends_with(uri, ".scheme"))
        return ERI_LANG_SCHEME;
    if (ends_with(uri, ".rules") || !language_id)
        return ERI_LANG_RULES;
    if (strstr(language_id, "facts"))
        return ERI_LANG_FACTS;
    if (strstr(language_id, "tests"))
        return ERI_LANG_TESTS;
    if (strstr(language_id, "scheme"))
        return ERI_LANG_SCHEME;
    return ERI_LANG_RULES;
}

static eri_lsp_doc *find_doc(eri_lsp *s, const char *uri)
{
    for (size_t i = 0; uri && i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

static void doc_free(eri_lsp_doc *doc)
{
    if (!doc)
        return;
    er_rules_free(doc->good);
    if (doc->view)
        eri_lsp_text_free(doc->view);
    eri_free(doc->view);
    eri_free(doc->uri);
    eri_free(doc->path);
    eri_free(doc->text);
    eri_free(doc);
}

static char *dup(const char *s, size_t n) { return eri_strndup(s, n); }

/* ---- diagnostics ------------------------------------------------------------ */

/* One diagnostic of the library (an element of er_diag_write_json's
 * "diagnostics", docs/standards-experts.md) as LSP's Diagnostic, with the
 * notes that follow it added to its message; returns the index after them.
 * The one place that maps the two: a member the library adds (a code) is
 * added here. */
static size_t lsp_diagnostic(eri_json *j, yajl_val all, size_t i, const eri_lsp_doc *doc)
{
    yajl_val diag = all->u.array.values[i];
    const char *file = member_str(diag, "file"), *sev = member_str(diag, "severity");
    const char *text = member_str(diag, "message");
    int64_t line = 0, col = 0, end_line = 0, end_col = 0;
    member_int(diag, "line", &line);
    member_int(diag, "column", &col);
    yajl_val end = member(diag, "end");
    member_int(end, "line", &end_line);
    member_int(end, "column", &end_col);
    bool here = file && strcmp(file, doc->path) == 0 && line > 0;
    size_t start = here ? eri_lsp_offset_chars(doc->text, doc->len, (int)line, (int)col) : 0;
    size_t stop = here && end_line > 0 ? eri_lsp_offset_chars(doc->text, doc->len, (int)end_line, (int)end_col) : start;
    if (stop < start)
        stop = start;
    /* the message; another file's position in front; the notes after it */
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    if (m) {
        if (!here && file && line > 0)
            fprintf(m, "%s:%lld:%lld: ", file, (long long)line, (long long)col);
        else if (!here && file && strcmp(file, doc->path) != 0)
            fprintf(m, "%s: ", file);
        fputs(text ? text : "", m);
    }
    size_t next = i + 1;
    for (; next < all->u.array.len; next++) {
        yajl_val note = all->u.array.values[next];
        const char *ns = member_str(note, "severity"), *nt = member_str(note, "message");
        if (!ns || strcmp(ns, "note") != 0)
            break;
        if (m && nt)
            fprintf(m, "\nnote: %s", nt);
    }
    if (m)
        fclose(m);
    eri_json_object(j, NULL);
    eri_lsp_range(j, "range", doc->view, start, stop);
    eri_json_int(j, "severity", !sev || strcmp(sev, "error") == 0 ? 1 : strcmp(sev, "warning") == 0 ? 2 : 3);
    const char *code = member_str(diag, "code"); /* "E0219", or null when it has none */
    if (code)
        eri_json_str(j, "code", code);
    eri_json_str(j, "source", "evalrules");
    eri_json_str(j, "message", m && buf ? buf : text ? text : "");
    eri_json_object_end(j);
    free(buf);
    return next;
}

/* What the library says of doc, into d (collecting); hint[0..cap) a word
 * of the server's own when the rules are missing ("" when not). */
static void check_doc(eri_lsp *s, eri_lsp_doc *doc, er_diag *d, char *hint, size_t cap)
{
    if (doc->lang == ERI_LANG_RULES) {
        er_rules *r = er_rules_load_string(doc->path, doc->text, doc->len, d);
        if (r) {
            er_rules_free(doc->good);
            doc->good = r;
        }
        doc->rules = r;
        return;
    }
    const char *uri;
    const er_rules *r = eri_lsp_rules_for(s, doc, false, &uri);
    if (!r) {
        if (uri)
            snprintf(hint, cap, "not checked against the rules: %s has errors", uri);
        else
            snprintf(hint, cap, "no rules file found to check this file against: name one on a comment line "
                                "'# rules: PATH', or open the workspace that holds it");
        if (doc->lang != ERI_LANG_TESTS) { /* the syntax, at least */
            size_t n;
            er_fmt_free(er_format(doc->lang == ERI_LANG_FACTS ? ER_FMT_FACTS : ER_FMT_RULES, doc->path,
                                  doc->text, doc->len, &n, d));
        }
        return;
    }
    if (doc->lang == ERI_LANG_SCHEME) {
        er_scheme_free(er_scheme_load_string(r, doc->path, doc->text, doc->len, d));
    } else if (doc->lang == ERI_LANG_TESTS) {
        er_suite_free(er_suite_load_string(r, doc->path, doc->text, doc->len, d));
    } else {
        er_facts *f = er_facts_load_string(r, doc->path, doc->text, doc->len, d);
        if (f) /* missing facts and values that cannot be computed */
            er_result_free(er_eval(r, f, d));
        er_facts_free(f);
    }
}

static void publish(eri_lsp *s, eri_lsp_doc *doc, bool closed)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *sink = open_memstream(&buf, &n);
    er_diag *d = sink ? er_diag_new(sink) : NULL;
    char hint[2048] = "";
    yajl_val tree = NULL;
    eri_arena *arena = eri_arena_new();
    if (d) {
        er_diag_set_collect(d, true);
        er_diag_set_limit(d, MAX_DIAGNOSTICS);
        if (!closed)
            check_doc(s, doc, d, hint, sizeof hint);
        er_diag_write_json(d, sink);
        er_diag_free(d);
    }
    if (sink && fclose(sink) == 0 && buf && arena)
        tree = eri_json_tree_parse(arena, buf, n, NULL, 0, NULL);
    free(buf);
    message m;
    if (message_begin(&m)) {
        eri_json_str(&m.j, "method", "textDocument/publishDiagnostics");
        eri_json_object(&m.j, "params");
        eri_json_str(&m.j, "uri", doc->uri);
        eri_json_array(&m.j, "diagnostics");
        yajl_val all = member(tree, "diagnostics");
        for (size_t i = 0; YAJL_IS_ARRAY(all) && i < all->u.array.len;)
            i = lsp_diagnostic(&m.j, all, i, doc);
        if (*hint) {
            eri_json_object(&m.j, NULL);
            eri_lsp_range(&m.j, "range", doc->view, 0, 0);
            eri_json_int(&m.j, "severity", 3);
            eri_json_str(&m.j, "source", "evalrules");
            eri_json_str(&m.j, "message", hint);
            eri_json_object_end(&m.j);
        }
        eri_json_array_end(&m.j);
        eri_json_object_end(&m.j);
        message_send(s, &m);
    }
    eri_arena_free(arena);
}

/* After a rules document changed, the others read against it again. */
static void publish_changed(eri_lsp *s, eri_lsp_doc *doc)
{
    publish(s, doc, false);
    if (doc->lang == ERI_LANG_RULES)
        for (size_t i = 0; i < s->ndocs; i++)
            if (s->docs[i]->lang != ERI_LANG_RULES)
                publish(s, s->docs[i], false);
}

/* ---- notifications --------------------------------------------------------- */

/* doc's text is t (malloc'd, NUL-terminated, len bytes): its lines found again. */
static void set_text(eri_lsp_doc *doc, char *t, size_t len)
{
    eri_free(doc->text);
    doc->text = t;
    doc->len = len;
    eri_lsp_text_free(doc->view);
    eri_lsp_text_init(doc->view, t, len);
}

static void did_open(eri_lsp *s, yajl_val params)
{
    yajl_val td = member(params, "textDocument");
    const char *uri = member_str(td, "uri"), *text = member_str(td, "text");
    if (!uri || !text)
        return;
    eri_lsp_doc *doc = find_doc(s, uri);
    if (!doc) {
        if (s->ndocs == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 8;
            eri_lsp_doc **docs = eri_realloc(s->docs, cap * sizeof *docs);
            if (!docs)
                return;
            s->docs = docs;
            s->cap = cap;
        }
        doc = eri_calloc(1, sizeof *doc);
        if (!doc)
            return;
        doc->uri = dup(uri, strlen(uri));
        doc->view = eri_calloc(1, sizeof *doc->view);
        doc->path = eri_lsp_uri_path(uri);
        if (!doc->path && doc->uri)
            doc->path = dup(uri, strlen(uri));
        if (!doc->uri || !doc->path || !doc->view) {
            doc_free(doc);
            return;
        }
        doc->lang = lang_of(uri, member_str(td, "languageId"));
        s->docs[s->ndocs++] = doc;
    }
    char *t = dup(text, strlen(text));
    if (!t)
        return;
    set_text(doc, t, strlen(t));
    publish_changed(s, doc);
}

static void did_change(eri_lsp *s, yajl_val params)
{
    eri_lsp_doc *doc = find_doc(s, member_str(member(params, "textDocument"), "uri"));
    yajl_val changes = member(params, "contentChanges");
    if (!doc || !YAJL_IS_ARRAY(changes))
        return;
    for (size_t i = 0; i < changes->u.array.len; i++) {
        yajl_val c = changes->u.array.values[i];
        const char *text = member_str(c, "text");
        yajl_val range = member(c, "range");
        if (!text)
            continue;
        size_t from = 0, to = doc->len, n = strlen(text);
        if (range) { /* an incremental change, though the server asks for whole texts */
            int64_t l0 = 0, c0 = 0, l1 = 0, c1 = 0;
            member_int(member(range, "start"), "line", &l0);
            member_int(member(range, "start"), "character", &c0);
            member_int(member(range, "end"), "line", &l1);
            member_int(member(range, "end"), "character", &c1);
            from = eri_lsp_offset(doc->text, doc->len, l0, c0);
            to = eri_lsp_offset(doc->text, doc->len, l1, c1);
            if (to < from)
                to = from;
        }
        char *t = eri_malloc(doc->len - (to - from) + n + 1);
        if (!t)
            return;
        memcpy(t, doc->text, from);
        memcpy(t + from, text, n);
        memcpy(t + from + n, doc->text + to, doc->len - to);
        size_t len = doc->len - (to - from) + n;
        t[len] = '\0';
        set_text(doc, t, len);
    }
    publish_changed(s, doc);
}

static void did_close(eri_lsp *s, yajl_val params)
{
    eri_lsp_doc *doc = find_doc(s, member_str(member(params, "textDocument"), "uri"));
    if (!doc)
        return;
    publish(s, doc, true); /* the editor clears its diagnostics */
    size_t i = 0;
    while (s->docs[i] != doc)
        i++;
    memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof *s->docs);
    s->ndocs--;
    bool rules = doc->lang == ERI_LANG_RULES;
    doc_free(doc);
    for (size_t k = 0; rules && k < s->ndocs; k++)
        if (s->docs[k]->lang != ERI_LANG_RULES)
            publish(s, s->docs[k], false);
}

/* ---- requests ---------------------------------------------------------------- */

static int initialize(eri_lsp *s, yajl_val params, eri_json *j)
{
    const char *root = member_str(params, "rootUri");
    yajl_val folders = member(params, "workspaceFolders");
    if (!root && YAJL_IS_ARRAY(folders) && folders->u.array.len > 0)
        root = member_str(folders->u.array.values[0], "uri");
    eri_free(s->root);
    s->root = root ? eri_lsp_uri_path(root) : NULL;
    const char *root_path = member_str(params, "rootPath");
    if (!s->root && root_path)
        s->root = dup(root_path, strlen(root_path));
    s->initialized = true;
    eri_json_object(j, "result");
    eri_json_object(j, "capabilities");
    eri_json_str(j, "positionEncoding", "utf-16"); /* LSP's default: characters in UTF-16 code units */
    eri_json_object(j, "textDocumentSync");
    eri_json_bool(j, "openClose", true);
    eri_json_int(j, "change", 1); /* the whole text */
    eri_json_object_end(j);
    eri_json_bool(j, "hoverProvider", true);
    eri_json_bool(j, "definitionProvider", true);
    eri_json_bool(j, "referencesProvider", true);
    eri_json_object(j, "completionProvider");
    eri_json_array(j, "triggerCharacters");
    eri_json_str(j, NULL, ".");
    eri_json_str(j, NULL, "=");
    eri_json_array_end(j);
    eri_json_object_end(j);
    eri_json_bool(j, "documentSymbolProvider", true);
    eri_json_bool(j, "documentFormattingProvider", true);
    eri_json_bool(j, "foldingRangeProvider", true);
    eri_json_object_end(j);
    eri_json_object(j, "serverInfo");
    eri_json_str(j, "name", "evalrules");
    eri_json_str(j, "version", er_version());
    eri_json_object_end(j);
    eri_json_object_end(j);
    return 0;
}

static int shut_down(eri_lsp *s, yajl_val params, eri_json *j)
{
    (void)params;
    s->shutdown = true;
    eri_json_null(j, "result");
    return 0;
}

/* The document a request names, and the byte offset of its position. */
static eri_lsp_doc *at(eri_lsp *s, yajl_val params, size_t *offset)
{
    eri_lsp_doc *doc = find_doc(s, member_str(member(params, "textDocument"), "uri"));
    if (!doc) {
        s->err = "the document is not open (send textDocument/didOpen first)";
        return NULL;
    }
    yajl_val pos = member(params, "position");
    int64_t line, ch;
    if (offset && (!member_int(pos, "line", &line) || !member_int(pos, "character", &ch))) {
        s->err = "a position needs a whole 'line' and 'character'";
        return NULL;
    }
    if (offset)
        *offset = eri_lsp_offset(doc->text, doc->len, line, ch);
    return doc;
}

static int hover(eri_lsp *s, yajl_val params, eri_json *j)
{
    size_t off;
    eri_lsp_doc *doc = at(s, params, &off);
    return doc ? eri_lsp_hover(s, doc, off, j) : ERI_RPC_INVALID_PARAMS;
}

static int definition(eri_lsp *s, yajl_val params, eri_json *j)
{
    size_t off;
    eri_lsp_doc *doc = at(s, params, &off);
    return doc ? eri_lsp_definition(s, doc, off, j) : ERI_RPC_INVALID_PARAMS;
}

static int references(eri_lsp *s, yajl_val params, eri_json *j)
{
    size_t off;
    eri_lsp_doc *doc = at(s, params, &off);
    yajl_val decl = member(member(params, "context"), "includeDeclaration");
    return doc ? eri_lsp_references(s, doc, off, !YAJL_IS_FALSE(decl), j) : ERI_RPC_INVALID_PARAMS;
}

static int completion(eri_lsp *s, yajl_val params, eri_json *j)
{
    size_t off;
    eri_lsp_doc *doc = at(s, params, &off);
    return doc ? eri_lsp_completion(s, doc, off, j) : ERI_RPC_INVALID_PARAMS;
}

static int symbols(eri_lsp *s, yajl_val params, eri_json *j)
{
    eri_lsp_doc *doc = at(s, params, NULL);
    return doc ? eri_lsp_symbols(doc, j) : ERI_RPC_INVALID_PARAMS;
}

static int folding(eri_lsp *s, yajl_val params, eri_json *j)
{
    eri_lsp_doc *doc = at(s, params, NULL);
    return doc ? eri_lsp_folding(doc, j) : ERI_RPC_INVALID_PARAMS;
}

/* The whole document replaced by `evalrules fmt`'s text; no edit when it is
 * formatted already. */
static int formatting(eri_lsp *s, yajl_val params, eri_json *j)
{
    eri_lsp_doc *doc = at(s, params, NULL);
    if (!doc)
        return ERI_RPC_INVALID_PARAMS;
    if (doc->lang == ERI_LANG_TESTS) {
        eri_json_null(j, "result"); /* test files have no canonical layout */
        return 0;
    }
    er_diag *d = er_diag_new(NULL);
    size_t n = 0;
    char *text = d ? er_format(doc->lang == ERI_LANG_FACTS ? ER_FMT_FACTS : ER_FMT_RULES, doc->path, doc->text,
                               doc->len, &n, d)
                   : NULL;
    er_diag_free(d);
    if (!text) {
        s->err = "the document cannot be formatted: it has syntax errors";
        return ERI_RPC_REQUEST_FAILED;
    }
    eri_json_array(j, "result");
    if (n != doc->len || memcmp(text, doc->text, n) != 0) {
        eri_json_object(j, NULL);
        eri_lsp_range(j, "range", doc->view, 0, doc->len);
        eri_json_strn(j, "newText", text, n);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
    er_fmt_free(text);
    return 0;
}

/* ---- dispatch ------------------------------------------------------------------ */

static const struct request {
    const char *method;
    int (*fn)(eri_lsp *s, yajl_val params, eri_json *j);
} requests[] = {
    {"initialize", initialize},
    {"shutdown", shut_down},
    {"textDocument/hover", hover},
    {"textDocument/definition", definition},
    {"textDocument/references", references},
    {"textDocument/completion", completion},
    {"textDocument/documentSymbol", symbols},
    {"textDocument/formatting", formatting},
    {"textDocument/foldingRange", folding},
};

static const struct notification {
    const char *method;
    void (*fn)(eri_lsp *s, yajl_val params);
} notifications[] = {
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didClose", did_close},
};

static void request(eri_lsp *s, const char *method, yajl_val id, yajl_val params)
{
    const struct request *r = NULL;
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
        if (strcmp(requests[i].method, method) == 0)
            r = &requests[i];
    if (!r) {
        send_error(s, id, ERI_RPC_METHOD_NOT_FOUND, "unknown method");
        return;
    }
    if (!s->initialized && r->fn != initialize) {
        send_error(s, id, ERI_RPC_NOT_INITIALIZED, "the server is not initialized yet");
        return;
    }
    if (s->shutdown) {
        send_error(s, id, ERI_RPC_INVALID_REQUEST, "the server is shut down: only 'exit' is accepted");
        return;
    }
    message m;
    if (!message_begin(&m)) {
        send_error(s, id, ERI_RPC_INTERNAL_ERROR, "out of memory");
        return;
    }
    put_id(&m.j, id);
    s->err = NULL;
    int code = r->fn(s, params, &m.j);
    if (code == 0) {
        message_send(s, &m);
        return;
    }
    message_drop(&m);
    send_error(s, id, code, s->err ? s->err : "invalid parameters");
}

/* One message; true after "exit". */
static bool handle(eri_lsp *s, const char *body, size_t len)
{
    if (eri_lsp_too_deep(body, len, ERI_LSP_MAX_DEPTH)) {
        send_error(s, NULL, ERI_RPC_PARSE_ERROR, "JSON nested too deeply");
        return false;
    }
    if (strlen(body) != len) {
        send_error(s, NULL, ERI_RPC_PARSE_ERROR, "a NUL byte in the message");
        return false;
    }
    char why[256];
    bool oom = true;
    eri_arena *arena = eri_arena_new(); /* the message's tree, freed whole after it */
    yajl_val msg = arena ? eri_json_tree_parse(arena, body, len, why, sizeof why, &oom) : NULL;
    if (oom) {
        eri_arena_free(arena);
        send_error(s, NULL, ERI_RPC_INTERNAL_ERROR, "out of memory reading a message: it was dropped");
        return false;
    }
    if (!msg) {
        eri_arena_free(arena);
        char *nl = strchr(why, '\n');
        if (nl)
            *nl = '\0';
        send_error(s, NULL, ERI_RPC_PARSE_ERROR, *why ? why : "invalid JSON");
        return false;
    }
    bool done = false;
    yajl_val id = member(msg, "id");
    const char *method = member_str(msg, "method");
    bool has_id = id != NULL;
    if (!YAJL_IS_OBJECT(msg) || (has_id && !YAJL_IS_INTEGER(id) && !YAJL_IS_STRING(id) && !YAJL_IS_NULL(id))) {
        send_error(s, NULL, ERI_RPC_INVALID_REQUEST,
                   YAJL_IS_ARRAY(msg) ? "batches are not supported" : "not a JSON-RPC request");
    } else if (!method) {
        if (!member(msg, "result") && !member(msg, "error")) /* a response (the server asks nothing) */
            send_error(s, id, ERI_RPC_INVALID_REQUEST, "a request needs a 'method'");
    } else if (has_id) {
        request(s, method, id, member(msg, "params"));
    } else if (strcmp(method, "exit") == 0) {
        done = true;
    } else if (s->initialized && !s->shutdown) {
        for (size_t i = 0; i < sizeof notifications / sizeof *notifications; i++)
            if (strcmp(notifications[i].method, method) == 0)
                notifications[i].fn(s, member(msg, "params"));
    } /* other notifications ($/cancelRequest, initialized, …) need nothing */
    eri_arena_free(arena);
    return done;
}

int er_lsp_serve(FILE *in, FILE *out)
{
    eri_lsp s = {.in = in, .out = out};
    int status = 1;
    for (;;) {
        char *body = NULL;
        size_t len = 0;
        eri_lsp_read_status st = eri_lsp_read(in, &body, &len);
        if (st == ERI_LSP_EOF) {
            status = s.shutdown ? 0 : 1;
            break;
        }
        if (st == ERI_LSP_BAD_HEADER) {
            send_error(&s, NULL, ERI_RPC_PARSE_ERROR, "a message without a valid Content-Length header");
            continue;
        }
        if (st == ERI_LSP_TOO_LARGE) {
            send_error(&s, NULL, ERI_RPC_INVALID_REQUEST, "message too large (at most 64 MiB)");
            continue;
        }
        if (st == ERI_LSP_NO_MEMORY) {
            send_error(&s, NULL, ERI_RPC_INTERNAL_ERROR, "out of memory reading a message: it was dropped");
            continue;
        }
        bool done = handle(&s, body, len);
        eri_free(body);
        if (done) {
            status = s.shutdown ? 0 : 1;
            break;
        }
    }
    for (size_t i = 0; i < s.ndocs; i++)
        doc_free(s.docs[i]);
    eri_free(s.docs);
    eri_free(s.root);
    for (size_t i = 0; i < s.ncache; i++) {
        er_rules_free(s.cache[i].rules);
        eri_free(s.cache[i].path);
        eri_free(s.cache[i].uri);
    }
    return status;
}
