/* diff.h — what the three files of `evalrules diff` share: the edition
 * diff (diff.c: rules compared), the audit replay (replay.c: archived audits
 * evaluated under both editions) and their reports (diff_report.c: text and
 * JSON).  The public side is include/evalrules_tools.h ("editions
 * compared"). */
#ifndef ERI_DIFF_H
#define ERI_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "evalrules_tools.h"
#include "arena.h"

struct er_diff {
    eri_arena *arena;
    const char *old_file, *new_file, *old_code, *new_code, *old_title, *new_title;
    er_change *changes;
    uint32_t n, cap;
};

struct er_replay {
    eri_arena *arena;
    const char *old_code, *new_code;
    er_replay_entry *e; /* sorted: evaluable first, the largest change first */
    size_t n;
};

/* Formatted into the arena; jumps when out of memory (inside
 * eri_arena_protect only). */
__attribute__((format(printf, 2, 3))) const char *eri_diff_format(eri_arena *a, const char *fmt, ...);

/* Two optional strings are the same (both NULL, or equal). */
static inline bool eri_diff_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

#endif
