/* messages.c — the reports' fixed wording, from messages.def. */
#include "messages.h"

#include <string.h>

#include "rules.h"
#include "source.h"

static const char *const messages[][2] = {
#define ERI_MSG(name, en, zh) {en, zh},
#include "messages.def"
};

const char *eri_msg(er_lang lang, eri_msg_id id)
{
    return messages[id][lang == ER_LANG_ZH ? 1 : 0];
}

void eri_msg_pad(FILE *f, const char *s, size_t cols)
{
    size_t used = eri_utf8_columns(s, strlen(s));
    fputs(s, f);
    for (size_t i = used; i < cols || i == used; i++)
        fputc(' ', f);
}

void eri_msg_lead(FILE *f, const char *word)
{
    fputs("      ", f);
    eri_msg_pad(f, word, 10);
}

const char *eri_msg_label(er_lang lang, bool auditor, const char *own, const char *english)
{
    return lang == ER_LANG_EN && !auditor && english ? english : own;
}

const char *eri_msg_title(const er_rules *r, er_lang lang)
{
    for (uint32_t i = 0; lang == ER_LANG_EN && i < r->nmeta; i++)
        if (strcmp(r->meta[i].key, "english") == 0)
            return r->meta[i].value;
    return r->title;
}
