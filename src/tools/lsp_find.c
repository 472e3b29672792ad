/* lsp_find.c — the rules a facts, test or scheme document of the language
 * server is read against (docs/editors.md, "Which rules"), and the rules
 * file last read from disk for it, kept until the file changes. */
#define _DEFAULT_SOURCE /* struct stat's st_mtim */
#include "lsp.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "rules.h"

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

static char *dup(const char *s, size_t n) { return eri_strndup(s, n); }

/* ---- finding the rules ------------------------------------------------------ */

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name, malloc'd */
static char *join(const char *dir, size_t dirlen, const char *name)
{
    size_t n = strlen(name);
    char *p = eri_malloc(dirlen + 1 + n + 1);
    if (p) {
        memcpy(p, dir, dirlen);
        p[dirlen] = '/';
        memcpy(p + dirlen + 1, name, n + 1);
    }
    return p;
}

/* dir[0..dirlen)/name[0..n) (name alone when absolute or dirlen is 0), when it is a file */
static char *existing(const char *dir, size_t dirlen, const char *name, size_t n)
{
    char *nm = dup(name, n);
    char *path = !nm ? NULL : nm[0] == '/' || dirlen == 0 ? dup(nm, n) : join(dir, dirlen, nm);
    eri_free(nm);
    if (path && !is_file(path)) {
        eri_free(path);
        path = NULL;
    }
    return path;
}

/* The rules file a document names among its first 30 lines: on a comment
 * line '# rules: PATH' (relative to the document's folder), or in the
 * header of a facts template, "`evalrules template PATH`" (relative to the
 * workspace, where the command was run, or to the document's folder). */
static char *named_rules(const eri_lsp_doc *doc, size_t dirlen, const char *root)
{
    const char *p = doc->text, *end = doc->text + doc->len;
    for (int line = 0; line < 30 && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *q = p;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        if (q < e && *q == '#') {
            q++;
            while (q < e && *q == ' ')
                q++;
            if (e - q > 6 && memcmp(q, "rules:", 6) == 0) {
                q += 6;
                while (q < e && *q == ' ')
                    q++;
                const char *r = e;
                while (r > q && (r[-1] == ' ' || r[-1] == '\r' || r[-1] == '\t'))
                    r--;
                char *path = r > q ? existing(doc->path, dirlen, q, (size_t)(r - q)) : NULL;
                if (path)
                    return path;
            }
            static const char tpl[] = "`evalrules template ";
            const char *t = q;
            while (t + sizeof tpl - 1 < e && memcmp(t, tpl, sizeof tpl - 1) != 0)
                t++;
            const char *name = t + sizeof tpl - 1, *close = name < e ? memchr(name, '`', (size_t)(e - name)) : NULL;
            if (close && close > name) {
                char *path = root ? existing(root, strlen(root), name, (size_t)(close - name)) : NULL;
                if (!path)
                    path = existing(doc->path, dirlen, name, (size_t)(close - name));
                if (path)
                    return path;
            }
        }
        p = e + 1;
    }
    return NULL;
}

/* ---- the candidates, and the one that fits ------------------------------- */

/* A rules file read from disk, kept until it changes (the cache holds
 * ERI_LSP_CACHE files; the least recently used goes first, so that fewer
 * than ERI_LSP_CACHE look-ups in a row never lose what one of them gave).  NULL when it cannot be read
 * (*uri NULL) or does not check (*uri its URI). */
static const er_rules *from_disk(eri_lsp *s, const char *path, const char **uri)
{
    *uri = NULL;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    size_t i = 0;
    while (i < s->ncache && strcmp(s->cache[i].path, path) != 0)
        i++;
    if (i < s->ncache) { /* the most recently used last: what one look-up uses stays */
        eri_lsp_cached e = s->cache[i];
        memmove(s->cache + i, s->cache + i + 1, (s->ncache - i - 1) * sizeof *s->cache);
        i = s->ncache - 1;
        s->cache[i] = e;
    }
    eri_lsp_cached *c = &s->cache[i];
    if (i < s->ncache && (int64_t)st.st_size == c->size && (int64_t)st.st_mtim.tv_sec == c->sec &&
        (int64_t)st.st_mtim.tv_nsec == c->nsec) {
        *uri = c->uri;
        return c->rules;
    }
    if (i == s->ncache) { /* a new entry, the oldest out when full */
        if (s->ncache == ERI_LSP_CACHE) {
            er_rules_free(s->cache[0].rules);
            eri_free(s->cache[0].path);
            eri_free(s->cache[0].uri);
            memmove(s->cache, s->cache + 1, (ERI_LSP_CACHE - 1) * sizeof *s->cache);
            s->ncache--;
        }
        i = s->ncache;
        c = &s->cache[i];
        *c = (eri_lsp_cached){.path = dup(path, strlen(path)), .uri = eri_lsp_path_uri(path)};
        if (!c->path || !c->uri) {
            eri_free(c->path);
            eri_free(c->uri);
            return NULL;
        }
        s->ncache++;
    }
    er_rules_free(c->rules);
    er_diag *d = er_diag_new(NULL);
    c->rules = d ? er_rules_load(path, d) : NULL;
    er_diag_free(d);
    c->sec = st.st_mtim.tv_sec;
    c->nsec = st.st_mtim.tv_nsec;
    c->size = st.st_size;
    *uri = c->uri;
    return c->rules;
}

typedef struct candidate {
    const er_rules *now, *good; /* its rules as they are, and as they last checked */
    const char *uri;
} candidate;

/* A rules file at path: the editor's text when it is open, else the file's. */
static candidate at_path(eri_lsp *s, const char *path)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->lang == ERI_LANG_RULES && strcmp(s->docs[i]->path, path) == 0)
            return (candidate){s->docs[i]->rules, s->docs[i]->good, s->docs[i]->uri};
    candidate c = {0};
    c.now = c.good = from_disk(s, path, &c.uri);
    return c;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* How well r fits doc: the lines (of its first 5000) that begin with a fact
 * or clause id r declares ('staff.managers = 35', '5.3 points 30');
 * -1 without rules. */
static long fit(const er_rules *r, const eri_lsp_doc *doc)
{
    if (!r)
        return -1;
    long n = 0;
    const char *p = doc->text, *end = doc->text + doc->len;
    for (int line = 0; line < 5000 && p < end; line++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *w = p;
        while (p < end && name_char(*p))
            p++;
        if (p > w && (eri_rules_find_fact(r, w, (size_t)(p - w)) >= 0 || eri_rules_find_node(r, w, (size_t)(p - w)) >= 0))
            n++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    return n;
}

/* The names of a folder's rules files looked at, at most */
#define MAX_DIR_RULES 4096

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every *.rules file in dir (by name) not open in the editor, added to c[*n..max). */
static void add_dir(eri_lsp *s, const char *dir, candidate *c, size_t *n, size_t max)
{
    DIR *h = opendir(dir);
    if (!h)
        return;
    char **names = NULL;
    size_t k = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(h)) != NULL && k < MAX_DIR_RULES)
        if (ends_with(e->d_name, ".rules") && e->d_name[0] != '.') {
            if (k == cap) {
                char **more = eri_realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
                if (!more)
                    break;
                names = more;
            }
            names[k] = dup(e->d_name, strlen(e->d_name));
            k += names[k] != NULL;
        }
    closedir(h);
    if (k > 1)
        qsort(names, k, sizeof *names, by_name);
    for (size_t i = 0; i < k; i++) {
        char *path = join(dir, strlen(dir), names[i]);
        bool open = false;
        for (size_t d = 0; path && d < s->ndocs; d++)
            open |= s->docs[d]->lang == ERI_LANG_RULES && strcmp(s->docs[d]->path, path) == 0;
        bool seen = false;
        const char *u = NULL;
        if (path && !open && *n < max) {
            candidate c1 = at_path(s, path);
            u = c1.uri;
            for (size_t m = 0; u && m < *n; m++)
                seen |= c[m].uri && strcmp(c[m].uri, u) == 0;
            if (u && !seen)
                c[(*n)++] = c1;
        }
        eri_free(path);
        eri_free(names[i]);
    }
    eri_free(names);
}

/* The rules of doc (not a rules document): the file it names ('# rules:
 * PATH', a template's header); a rules file of the same name beside it
 * (gbt27922.tests → gbt27922.rules); else, among the rules documents open in
 * the editor (the last opened first) and the *.rules files in the
 * workspace's rules/ folder, in the workspace's folder, beside the
 * document, in ../rules and ../../rules from it, the one whose facts and
 * clause ids begin most of the document's lines (the first of those that
 * fit best). */
static candidate find(eri_lsp *s, const eri_lsp_doc *doc)
{
    const char *slash = strrchr(doc->path, '/');
    size_t dirlen = slash ? (size_t)(slash - doc->path) : 0;
    char *path = named_rules(doc, dirlen, s->root);
    const char *dot = strrchr(doc->path, '.');
    if (!path && dot && dot > doc->path + dirlen) {
        size_t stem = (size_t)(dot - doc->path);
        path = eri_malloc(stem + 7);
        if (path) {
            memcpy(path, doc->path, stem);
            memcpy(path + stem, ".rules", 7);
            bool open = false;
            for (size_t i = 0; i < s->ndocs; i++)
                open |= s->docs[i]->lang == ERI_LANG_RULES && strcmp(s->docs[i]->path, path) == 0;
            if (!open && !is_file(path)) {
                eri_free(path);
                path = NULL;
            }
        }
    }
    if (path) {
        candidate c = at_path(s, path);
        eri_free(path);
        return c;
    }
    candidate c[2 * ERI_LSP_CACHE];
    size_t n = 0, max = sizeof c / sizeof *c;
    for (size_t i = s->ndocs; i-- > 0 && n < max;)
        if (s->docs[i]->lang == ERI_LANG_RULES)
            c[n++] = (candidate){s->docs[i]->rules, s->docs[i]->good, s->docs[i]->uri};
    if (n + ERI_LSP_CACHE - 1 < max) /* files from disk: fewer than the cache holds */
        max = n + ERI_LSP_CACHE - 1;
    if (s->root) {
        char *rr = join(s->root, strlen(s->root), "rules");
        if (rr)
            add_dir(s, rr, c, &n, max);
        eri_free(rr);
        add_dir(s, s->root, c, &n, max);
    }
    static const char *const up[] = {"", "/../rules", "/../../rules"};
    for (size_t i = 0; slash && i < sizeof up / sizeof *up; i++) {
        char *dir = join(doc->path, dirlen, up[i] + (i ? 1 : 0));
        if (dir && i == 0)
            dir[dirlen] = '\0';
        if (dir)
            add_dir(s, dir, c, &n, max);
        eri_free(dir);
    }
    size_t best = 0;
    long best_fit = -2;
    for (size_t i = 0; i < n; i++) {
        long f = fit(c[i].good, doc);
        if (f > best_fit)
            best = i, best_fit = f;
    }
    return n ? c[best] : (candidate){0};
}

const er_rules *eri_lsp_rules_for(eri_lsp *s, const eri_lsp_doc *doc, bool last_good, const char **uri)
{
    if (doc->lang == ERI_LANG_RULES) {
        *uri = doc->uri;
        return last_good ? doc->good : doc->rules;
    }
    candidate c = find(s, doc);
    *uri = c.uri;
    return last_good ? c.good : c.now;
}
