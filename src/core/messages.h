/* messages.h — every fixed wording of the reports, in each language, from
 * one list (messages.def).  A writer asks for a message by its name and the
 * report's language: eri_msg(lang, ERI_MSG_SCORE).  Internal. */
#ifndef ERI_MESSAGES_H
#define ERI_MESSAGES_H

#include "evalrules.h"

typedef enum eri_msg_id {
#define ERI_MSG(name, en, zh) ERI_MSG_##name,
#include "messages.def"
    ERI_MSG_COUNT_
} eri_msg_id;

/* The message in lang (ER_LANG_EN or ER_LANG_ZH). */
const char *eri_msg(er_lang lang, eri_msg_id id);

#endif
