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

/* The first *.rules file in dir (by name), malloc'd, or NULL. */
static char *first_rules_in(const char *dir, size_t dirlen)
{
    char *d = dup(dir, dirlen), *best = NULL;
    DIR *h = d ? opendir(d) : NULL;
    struct dirent *e;
    while (h && (e = readdir(h)) != NULL)
        if (ends_with(e->d_name, ".rules") && (!best || strcmp(e->d_name, best) < 0)) {
            eri_free(best);
            best = dup(e->d_name, strlen(e->d_name));
        }
    if (h)
        closedir(h);
    char *path = best ? join(dir, dirlen, best) : NULL;
    eri_free(best);
    eri_free(d);
    if (path && !is_file(path)) {
        eri_free(path);
        path = NULL;
    }
    return path;
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

/* Where a document's rules are, in this order: the file it names ('# rules:
 * PATH', a template's header); a rules file of the same name beside it (gbt27922.tests →
 * gbt27922.rules); a rules document open in the editor (NULL, *open set);
 * the first *.rules in the workspace's rules/ folder, in the workspace's
 * folder, beside the document, in ../rules and ../../rules from it. */
static char *rules_path(eri_lsp *s, const eri_lsp_doc *doc, eri_lsp_doc **open)
{
    *open = NULL;
    const char *slash = strrchr(doc->path, '/');
    size_t dirlen = slash ? (size_t)(slash - doc->path) : 0;
    char *path = named_rules(doc, dirlen, s->root);
    if (path)
        return path;
    const char *dot = strrchr(doc->path, '.');
    if (dot && dot > doc->path + dirlen) {
        size_t stem = (size_t)(dot - doc->path);
        path = eri_malloc(stem + 7);
        if (path) {
            memcpy(path, doc->path, stem);
            memcpy(path + stem, ".rules", 7);
            if (is_file(path))
                return path;
            for (size_t i = 0; i < s->ndocs; i++)
                if (s->docs[i]->lang == ERI_LANG_RULES && strcmp(s->docs[i]->path, path) == 0)
                    return path;
            eri_free(path);
        }
    }
    for (size_t i = s->ndocs; i-- > 0;)
        if (s->docs[i]->lang == ERI_LANG_RULES) {
            *open = s->docs[i];
            return NULL;
        }
    if (s->root) {
        char *rr = join(s->root, strlen(s->root), "rules");
        path = rr ? first_rules_in(rr, strlen(rr)) : NULL;
        eri_free(rr);
        if (!path)
            path = first_rules_in(s->root, strlen(s->root));
        if (path)
            return path;
    }
    if (!slash)
        return NULL;
    static const char *const up[] = {"", "/../rules", "/../../rules"};
    for (size_t i = 0; i < sizeof up / sizeof *up; i++) {
        char *dir = join(doc->path, dirlen, up[i] + (i ? 1 : 0));
        if (!dir)
            return NULL;
        if (i == 0)
            dir[dirlen] = '\0';
        path = first_rules_in(dir, strlen(dir));
        eri_free(dir);
        if (path)
            return path;
    }
    return NULL;
}

const er_rules *eri_lsp_rules_for(eri_lsp *s, const eri_lsp_doc *doc, bool last_good, const char **uri)
{
    *uri = NULL;
    if (doc->lang == ERI_LANG_RULES) {
        *uri = doc->uri;
        return last_good ? doc->good : doc->rules;
    }
    eri_lsp_doc *open;
    char *path = rules_path(s, doc, &open);
    for (size_t i = 0; path && i < s->ndocs; i++)
        if (s->docs[i]->lang == ERI_LANG_RULES && strcmp(s->docs[i]->path, path) == 0)
            open = s->docs[i]; /* the editor's text, not the file's */
    if (open) {
        eri_free(path);
        *uri = open->uri;
        return last_good ? open->good : open->rules;
    }
    if (!path)
        return NULL;
    struct stat st;
    if (stat(path, &st) != 0) { /* gone since it was found */
        eri_free(path);
        return NULL;
    }
    if (s->cached_path && strcmp(s->cached_path, path) == 0 && (int64_t)st.st_size == s->cached_size &&
        (int64_t)st.st_mtim.tv_sec == s->cached_sec && (int64_t)st.st_mtim.tv_nsec == s->cached_nsec) {
        eri_free(path);
        *uri = s->cached_uri;
        return s->cached;
    }
    er_rules_free(s->cached);
    eri_free(s->cached_path);
    eri_free(s->cached_uri);
    er_diag *d = er_diag_new(NULL);
    s->cached = d ? er_rules_load(path, d) : NULL;
    er_diag_free(d);
    s->cached_path = path;
    s->cached_uri = eri_lsp_path_uri(path);
    s->cached_sec = st.st_mtim.tv_sec;
    s->cached_nsec = st.st_mtim.tv_nsec;
    s->cached_size = st.st_size;
    *uri = s->cached_uri;
    return s->cached_uri ? s->cached : NULL;
}

