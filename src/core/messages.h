/* messages.h — every fixed wording of the reports, in each language, from
 * one list (messages.def).  A writer asks for a message by its name and the
 * report's language: eri_msg(lang, ERI_MSG_SCORE).  Internal. */
#ifndef ERI_MESSAGES_H
#define ERI_MESSAGES_H

#include <stdbool.h>
#include <stdio.h>

#include "evalrules.h"

typedef enum eri_msg_id {
#define ERI_MSG(name, en, zh) ERI_MSG_##name,
#include "messages.def"
    ERI_MSG_COUNT_
} eri_msg_id;

/* The message in lang (ER_LANG_EN or ER_LANG_ZH). */
const char *eri_msg(er_lang lang, eri_msg_id id);

/* The label a report shows for something the rules name in their own
 * language (own) and perhaps in English (english, or NULL): the English one
 * in an English report for the enterprise (or the analyst: compare, sweep);
 * the auditor, who cites the rules file, sees the rules' own. */
const char *eri_msg_label(er_lang lang, bool auditor, const char *own, const char *english);
/* The standard's title in lang: its 'english' one in English when the
 * rules' standard block gives one. */
const char *eri_msg_title(const er_rules *r, er_lang lang);

/* A text report's detail line begun: six spaces and word, padded to ten
 * columns (counted as a terminal shows them, so Chinese lines up). */
void eri_msg_lead(FILE *f, const char *word);
/* s, then spaces up to cols columns (at least one). */
void eri_msg_pad(FILE *f, const char *s, size_t cols);

#endif
