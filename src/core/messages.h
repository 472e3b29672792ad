/* messages.h — every fixed wording of the reports, in each language, from
 * one list (messages.def).  A writer asks for a message by its name and the
 * report's language: eri_msg(lang, ERI_MSG_SCORE).  Internal. */
#ifndef ERI_MESSAGES_H
#define ERI_MESSAGES_H

#include <stdio.h>

#include "evalrules.h"

typedef enum eri_msg_id {
#define ERI_MSG(name, en, zh) ERI_MSG_##name,
#include "messages.def"
    ERI_MSG_COUNT_
} eri_msg_id;

/* The message in lang (ER_LANG_EN or ER_LANG_ZH). */
const char *eri_msg(er_lang lang, eri_msg_id id);

/* A text report's detail line begun: six spaces and word, padded to ten
 * columns (counted as a terminal shows them, so Chinese lines up). */
void eri_msg_lead(FILE *f, const char *word);
/* s, then spaces up to cols columns (at least one). */
void eri_msg_pad(FILE *f, const char *s, size_t cols);

#endif
