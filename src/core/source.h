/* source.h — a loaded text (rules or facts file) and its line map.
 * Tokens carry byte offsets; line and column are computed only when a
 * diagnostic is reported.  Columns count characters, not bytes, so a
 * caret lines up under Chinese text. */
#ifndef ERI_SOURCE_H
#define ERI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct eri_source {
    char *name;      /* as given on the command line */
    char *text;      /* NUL-terminated copy of the contents */
    size_t len;
    uint32_t *lines; /* byte offset where each line starts */
    uint32_t nlines;
    uint32_t line_base; /* a window of a file: the lines before text[0] (0: the whole file) */
    bool record;        /* one record of a batch (records.h): a message about all of it names its first line */
} eri_source;

/* Read a whole file ("-": standard input, named ERI_STDIN_NAME in
 * messages).  NULL on failure with errno set (ENOMEM, EFBIG for files over
 * 256 MiB, or whatever fopen/fread said). */
#define ERI_STDIN_NAME "<stdin>"
eri_source *eri_source_read(const char *path);
/* Copy of text[0..len); NULL when out of memory. */
eri_source *eri_source_from_string(const char *name, const char *text, size_t len);
/* The same with text (eri_malloc'd, NUL-terminated) taken: freed with the
 * source, or here when out of memory. */
eri_source *eri_source_take(const char *name, char *text, size_t len);
void eri_source_free(eri_source *s);

/* 1-based line and column (in UTF-8 characters) of a byte offset (lines
 * counted in the whole file when s is a window of it). */
void eri_source_position(const eri_source *s, uint32_t offset, int *line, int *col);
/* Start and length (without newline) of a 1-based line (line 1 after a
 * UTF-8 byte order mark). */
const char *eri_source_line(const eri_source *s, int line, size_t *len);

/* Where the text begins: 3 after a UTF-8 byte order mark, else 0.  The
 * mark stays in text (a file's digest is of its bytes) and readers start
 * after it. */
uint32_t eri_source_start(const eri_source *s);

/* The encoding of a text that is not UTF-8 but looks like one a Chinese
 * editor saves in: "UTF-16LE", "UTF-16BE" (with or without a byte order
 * mark; many NUL bytes, most at odd or at even offsets) or "GB18030" (GBK
 * or GB18030: more bytes that are not UTF-8 than Chinese characters that
 * are, and valid as GB18030 throughout, with two characters or more).  NULL for
 * UTF-8, and for text that is neither (a stray byte is the readers' to
 * report where it is). */
const char *eri_source_encoding(const char *text, size_t len);

/* What a file looks like from its first 200 lines that are neither blank
 * nor comments: mostly 'name = value' (facts), a 'case "…"' line (tests),
 * mostly declarations such as 'fact …', 'indicator …' (rules). */
typedef enum eri_source_kind { ERI_SRC_OTHER, ERI_SRC_FACTS, ERI_SRC_TESTS, ERI_SRC_RULES } eri_source_kind;
eri_source_kind eri_source_guess(const eri_source *s);

/* A character typed with a Chinese input method where its ASCII twin
 * belongs (full-width '＝' '：' '％' '／' digits and space, curly quotes):
 * the twin ("=", "a space"), with *n the character's bytes; NULL otherwise. */
const char *eri_wide_twin(const char *p, size_t avail, int *n);

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
int eri_utf8_len(const unsigned char *p, size_t avail);
/* Terminal columns taken by the character at p (2 for CJK/fullwidth). */
int eri_utf8_width(const unsigned char *p, size_t avail, int *bytes);
/* Characters in s[0..len) (invalid bytes count one each). */
size_t eri_utf8_count(const char *s, size_t len);
/* Terminal columns of s[0..len). */
size_t eri_utf8_columns(const char *s, size_t len);

#endif
