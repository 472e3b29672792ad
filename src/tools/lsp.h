/* lsp.h — the language server (`evalrules lsp`), internal to src/tools:
 * lsp_rpc.c reads and writes JSON-RPC messages (Content-Length framing) and
 * converts positions (LSP counts a line's characters in UTF-16 code units,
 * the library in bytes); lsp.c runs the server (the documents, the
 * dispatch, diagnostics, formatting); lsp_lang.c answers about the language
 * (hover, definition, references, completion, symbols, folding).  JSON is
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
    ERI_LSP_TOO_LARGE, /* a body over ERI_LSP_MAX_MESSAGE (or out of memory): read and dropped */
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
void eri_lsp_position(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *character);
/* The byte offset of a diagnostic's 1-based line and column, the column
 * counted in characters as the library counts them (invalid bytes one each). */
size_t eri_lsp_offset_chars(const char *text, size_t len, int line, int column);

/* A range member {start: {line, character}, end: …} of text[start..end). */
void eri_lsp_range(eri_json *j, const char *key, const char *text, size_t len, size_t start, size_t end);

/* A file:// URI's path (malloc'd, percent-decoded) or NULL; a path's URI. */
char *eri_lsp_uri_path(const char *uri);
char *eri_lsp_path_uri(const char *path);

/* ---- the server's documents (lsp.c) ----------------------------------- */
typedef enum eri_lsp_lang { ERI_LANG_RULES, ERI_LANG_SCHEME, ERI_LANG_TESTS, ERI_LANG_FACTS } eri_lsp_lang;

typedef struct eri_lsp_doc {
    char *uri, *path; /* path: the URI's file path, or the URI when it is not a file */
    char *text;
    size_t len;
    eri_lsp_lang lang;
    er_rules *rules;  /* a rules document that loads without errors, else NULL */
} eri_lsp_doc;

/* The server's state (lsp.c); lsp_find.c finds and keeps the rules. */
typedef struct eri_lsp {
    FILE *in, *out;
    eri_lsp_doc **docs; /* in the order opened */
    size_t ndocs, cap;
    char *root;         /* the workspace's folder, or NULL */
    bool initialized, shutdown;
    const char *err;    /* a request's error message, when it fails */
    /* the rules file last read from disk for a document that is not rules */
    char *cached_path, *cached_uri;
    int64_t cached_sec, cached_nsec, cached_size;
    er_rules *cached;
} eri_lsp;
/* The rules a document is read against: itself for a rules document, else
 * the rules file it names or the workspace holds (lsp.c, "finding the
 * rules"); NULL when there are none, or they do not load.  Owned by the
 * server; *uri is the rules' URI. */
const er_rules *eri_lsp_rules_for(eri_lsp *s, const eri_lsp_doc *doc, const char **uri);

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
