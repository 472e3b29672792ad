/* fmt_buf.c — the output text both layouts of the formatter write
 * (fmt_rules.c, fmt_facts.c), growing in the formatter's arena. */
#include "fmt.h"

#include <string.h>

void eri_fmt_put(eri_fmt_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = eri_arena_grow(b->a, b->s, b->len, cap); /* jumps to the handler when out of memory */
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void eri_fmt_spaces(eri_fmt_buf *b, size_t n)
{
    static const char blanks[] = "                                ";
    for (; n > sizeof blanks - 1; n -= sizeof blanks - 1)
        eri_fmt_put(b, blanks, sizeof blanks - 1);
    eri_fmt_put(b, blanks, n);
}

uint32_t eri_fmt_comment_end(const char *s, uint32_t start, uint32_t end)
{
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
        end--;
    return end;
}
