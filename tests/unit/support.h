/* support.h — helpers shared by the unit tests (include after cmocka.h). */
#ifndef ER_TEST_SUPPORT_H
#define ER_TEST_SUPPORT_H

#include <stdlib.h>
#include <string.h>

/* The diagnostic header lines ("FILE:L:C: error: …") of out: every line
 * that is not part of a source excerpt (those start with blanks).  The
 * caller frees the result. */
static inline char *headers(const char *out)
{
    size_t n = strlen(out);
    char *h = malloc(n + 1);
    assert_non_null(h);
    size_t k = 0;
    for (const char *line = out; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (line[0] != ' ') {
            memcpy(h + k, line, len);
            k += len;
            h[k++] = '\n';
        }
        line += len + (nl ? 1 : 0);
    }
    h[k] = '\0';
    return h;
}

#endif
