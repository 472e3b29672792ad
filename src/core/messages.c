/* messages.c — the reports' fixed wording, from messages.def. */
#include "messages.h"

static const char *const messages[][2] = {
#define ERI_MSG(name, en, zh) {en, zh},
#include "messages.def"
};

const char *eri_msg(er_lang lang, eri_msg_id id)
{
    return messages[id][lang == ER_LANG_ZH ? 1 : 0];
}
