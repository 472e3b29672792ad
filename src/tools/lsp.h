/* lsp.h — the language server (`evalrules lsp`), internal to src/tools:
 * lsp_rpc.c reads and writes JSON-RPC messages (Content-Length framing) and
 * converts positions (LSP counts a line's characters in UTF-16 code units,
 * the library in bytes); lsp.c runs the server (the documents, the
 * dispatch, diagnostics, formatting); lsp_find.c finds the rules a facts,
 * test or scheme file is read against; lsp_index.c indexes a rules-language
 * text from its tokens; lsp_lang.c answers about the language (hover,
 * definition, references, completion, symbols, folding).  JSON is
 * read with yajl's tree and written with the one JSON writer (json.c). */
#ifndef ERI_LSP_H
#define ERI_LSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <yajl/yajl_tree.h>

#include "evalrules.h"
#include "json.h"
#include "tokens.h"

/* ---- messages (lsp_rpc.c) ---------------------------------------------- */
/* A message's body is at most this long; a longer one is read and dropped. */
#define ERI_LSP_MAX_MESSAGE ((size_t)64 << 20)
/* A header line is at most this long (a longer one is a malformed header). */
#define ERI_LSP_MAX_HEADER 1024
/* JSON nested deeper than this is refused before it is parsed. */
#define ERI_LSP_MAX_DEPTH 64

typedef enum eri_lsp_read_status {
    ERI_LSP_MESSAGE,   /* *body holds the message (malloc'd, NUL-terminated, *len bytes) */
    ERI_LSP_EOF,       /* the input ended (a message cut short is dropped) */
    ERI_LSP_BAD_HEADER,/* a header without a valid Content-Length: skipped up to its blank line */
    ERI_LSP_TOO_LARGE, /* a body over ERI_LSP_MAX_MESSAGE: read and dropped */
    ERI_LSP_NO_MEMORY, /* a body there was no memory for: read and dropped */
} eri_lsp_read_status;
/* Read the next message of in.  Every call consumes input, so a stream of
 * garbage ends in ERI_LSP_EOF, never in a loop. */
eri_lsp_read_status eri_lsp_read(FILE *in, char **body, size_t *len);
/* Write "Content-Length: N\r\n\r\n" and the body, and flush; -1 when a write failed. */
int eri_lsp_write(FILE *out, const char *body, size_t len);
/* Whether JSON text nests arrays and objects deeper than max (strings skipped). */
bool eri_lsp_too_deep(const char *text, size_t len, int max);

/* Positions: a line (0-based) and a character in UTF-16 code units.  A
 * character beyond the line's end means its end; one inside a surrogate
 * pair, the start of that character; a line beyond the text, its end.  A
 * byte that is not valid UTF-8 counts as one unit (U+FFFD).  Lines end at
 * '\n' (a '\r' before it belongs to the line). */
size_t eri_lsp_offset(const char *text, size_t len, int64_t line, int64_t character);
/* Where the first line's characters begin: after a UTF-8 byte order mark,
 * which editors neither show nor count (as the checker's columns do not). */
size_t eri_lsp_text_start(const char *text, size_t len);
void eri_lsp_position(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *character);
/* The byte offset of a diagnostic's 1-based line and column, the column
 * counted in characters as the library counts them (invalid bytes one each). */
size_t eri_lsp_offset_chars(const char *text, size_t len, int line, int column);

/* A text with its line starts, for many positions: each found by a binary
 * search for its line, then counted from the line's start or from the last
 * position found when that is before it on the same line. */
typedef struct eri_lsp_text {
    const char *s;
    size_t len;
    uint32_t *lines; /* where each line starts (malloc'd; NULL when out of memory: counted from 0) */
    size_t nlines;
    size_t at;       /* the last position found: its offset, line and character */
    uint32_t at_line, at_units;
    bool have_at;
} eri_lsp_text;
void eri_lsp_text_init(eri_lsp_text *t, const char *s, size_t len);
void eri_lsp_text_free(eri_lsp_text *t);
void eri_lsp_text_position(eri_lsp_text *t, size_t offset, uint32_t *line, uint32_t *character);
/* A range member {start: {line, character}, end: …} of text[start..end). */
void eri_lsp_range(eri_json *j, const char *key, eri_lsp_text *t, size_t start, size_t end);

/* A file:// URI's path (malloc'd, percent-decoded) or NULL; a path's URI. */
char *eri_lsp_uri_path(const char *uri);
char *eri_lsp_path_uri(const char *path);

/* ---- the server's documents (lsp.c) ----------------------------------- */
typedef enum eri_lsp_lang { ERI_LANG_RULES, ERI_LANG_SCHEME, ERI_LANG_TESTS, ERI_LANG_FACTS } eri_lsp_lang;

typedef struct eri_lsp_doc {
    char *uri, *path; /* path: the URI's file path, or the URI when it is not a file */
    char *text;
    size_t len;
    eri_lsp_text *view; /* text with its line starts */
    eri_lsp_lang lang;
    er_rules *rules;  /* a rules document whose text checks (no errors): its rules, else NULL */
    er_rules *good;   /* the rules of its last text that checked (owned; rules is NULL or this) */
} eri_lsp_doc;

/* A rules file read from disk, kept until it changes (size or time). */
#define ERI_LSP_CACHE 32
typedef struct eri_lsp_cached {
    char *path, *uri;
    int64_t sec, nsec, size;
    er_rules *rules; /* NULL when it does not check */
} eri_lsp_cached;

/* The server's state (lsp.c); lsp_find.c finds and keeps the rules. */
typedef struct eri_lsp {
    FILE *in, *out;
    eri_lsp_doc **docs; /* in the order opened */
    size_t ndocs, cap;
    char *root;         /* the workspace's folder, or NULL */
    bool initialized, shutdown;
    const char *err;    /* a request's error message, when it fails */
    /* rules files read from disk for documents that are not rules (lsp_find.c) */
    eri_lsp_cached cache[ERI_LSP_CACHE];
    size_t ncache;
} eri_lsp;
/* The rules a document is read against: itself for a rules document, else
 * the rules file it names or the workspace holds (lsp_find.c); NULL when
 * there are none (*uri NULL), or they do not check (*uri theirs).  With last_good, a rules document
 * open in the editor whose text does not check gives the rules of its last
 * text that did (for hover, completion and definition while typing).
 * Owned by the server; *uri is the rules' URI. */
const er_rules *eri_lsp_rules_for(eri_lsp *s, const eri_lsp_doc *doc, bool last_good, const char **uri);

/* ---- a rules-language text, indexed (lsp_index.c) --------------------- */
/* The doc lines of the language's words: keywords, functions (in
 * eri_builtin order), rounding modes (in eri_round_mode order). */
typedef struct eri_lsp_word {
    const char *word, *doc;
} eri_lsp_word;
extern const eri_lsp_word eri_lsp_keywords[];
#define ERI_LSP_KEYWORDS 46
extern const char *const eri_lsp_builtin_docs[];
extern const char *const eri_lsp_round_docs[];
/* The doc line of s[0..n) and what it is (0 keyword, 1 function, 2 rounding mode), or NULL. */
const char *eri_lsp_word_doc(const char *s, size_t n, int *what);
bool eri_lsp_word_is(const char *s, size_t n, const char *w);

enum { ERI_SYM_FACT, ERI_SYM_LET, ERI_SYM_INDICATOR, ERI_SYM_ITEM, ERI_SYM_SCHEME };

/* A declaration among the tokens. */
typedef struct eri_lsp_sym {
    int kind;             /* ERI_SYM_* */
    eri_span name, whole; /* whole: from the keyword to the end of its block (or line) */
    eri_span label;       /* the string after the name, or {0, 0} */
    eri_span type;        /* a fact's type, or {0, 0} */
    uint32_t scope_end;   /* a let: where its block ends */
    int32_t parent;       /* an indicator or item: the enclosing one, or -1 */
} eri_lsp_sym;

typedef struct eri_lsp_index {
    eri_arena *a;
    eri_source *src;
    const char *text; /* src's copy of the text: the same offsets */
    size_t len;
    eri_token *tok;
    uint32_t ntok;
    eri_lsp_sym *syms; /* in the order written */
    uint32_t nsyms;
    uint64_t budget;   /* steps left for resolving names: a text made to be slow is answered in part */
} eri_lsp_index;

/* False when out of memory. */
bool eri_lsp_index_build(eri_lsp_index *x, const char *name, const char *text, size_t len);
void eri_lsp_index_free(eri_lsp_index *x);
/* The token at offset (or ending there), or -1. */
int32_t eri_lsp_token_at(const eri_lsp_index *x, size_t off);
/* Whether token i may name something: a name, or a clause id where one is expected. */
bool eri_lsp_may_name(const eri_lsp_index *x, uint32_t i);
/* The declaration token i names (a let in scope first), or -1. */
int32_t eri_lsp_resolve(eri_lsp_index *x, uint32_t i);
bool eri_lsp_same_text(const eri_lsp_index *x, eri_span a, eri_span b);
/* The end of the line holding off. */
uint32_t eri_lsp_line_end(const eri_lsp_index *x, uint32_t off);

/* ---- the language (lsp_lang.c) ----------------------------------------- */
/* Each writes the member "result" to j; 0, or a JSON-RPC error code. */
int eri_lsp_hover(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j);
int eri_lsp_definition(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j);
int eri_lsp_references(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, bool with_decl, eri_json *j);
int eri_lsp_completion(eri_lsp *s, const eri_lsp_doc *doc, size_t offset, eri_json *j);
int eri_lsp_symbols(const eri_lsp_doc *doc, eri_json *j);
int eri_lsp_folding(const eri_lsp_doc *doc, eri_json *j);

/* JSON-RPC error codes */
#define ERI_RPC_PARSE_ERROR (-32700)
#define ERI_RPC_INVALID_REQUEST (-32600)
#define ERI_RPC_METHOD_NOT_FOUND (-32601)
#define ERI_RPC_INVALID_PARAMS (-32602)
#define ERI_RPC_INTERNAL_ERROR (-32603)
#define ERI_RPC_NOT_INITIALIZED (-32002)
#define ERI_RPC_REQUEST_FAILED (-32803)

#endif
