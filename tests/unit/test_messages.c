/* test_messages.c — the reports' fixed wording (messages.def): every message
 * in both languages, with the same printf conversions in the same order, and
 * the Chinese one really translated (it differs from the English). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"

/* The conversions of a printf format, in order ("%s%d"), into buf. */
static const char *conversions(const char *fmt, char *buf, size_t cap)
{
    size_t k = 0;
    for (const char *p = fmt; *p && k + 3 < cap; p++)
        if (*p == '%') {
            buf[k++] = '%';
            buf[k++] = p[1];
            p += p[1] != '\0';
        }
    buf[k] = '\0';
    return buf;
}

static void test_both_languages_alike(void **state)
{
    (void)state;
    for (int id = 0; id < ERI_MSG_COUNT_; id++) {
        const char *en = eri_msg(ER_LANG_EN, (eri_msg_id)id), *zh = eri_msg(ER_LANG_ZH, (eri_msg_id)id);
        assert_non_null(en);
        assert_non_null(zh);
        assert_true(*en && *zh);
        char a[64], b[64];
        if (strcmp(conversions(en, a, sizeof a), conversions(zh, b, sizeof b)) != 0)
            fail_msg("message %d: '%s' and '%s' differ in their conversions", id, en, zh);
        if (strcmp(en, zh) == 0)
            fail_msg("message %d ('%s') is not translated", id, en);
    }
}

/* The Chinese wording carries no English word: a run of three or more
 * ASCII letters is one, save the names that stay as they are (a command,
 * a digest's name, a format, a file's extension). */
static void test_chinese_has_no_english(void **state)
{
    (void)state;
    static const char *const kept[] = {"evalrules", "verify", "SHA", "JSON", "json", NULL};
    for (int id = 0; id < ERI_MSG_COUNT_; id++) {
        const char *zh = eri_msg(ER_LANG_ZH, (eri_msg_id)id);
        for (const char *p = zh; *p;) {
            size_t n = 0;
            while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
                n++;
            if (n >= 3) {
                bool ok = false;
                for (int k = 0; kept[k]; k++)
                    ok |= strlen(kept[k]) == n && strncmp(kept[k], p, n) == 0;
                if (!ok)
                    fail_msg("message %d ('%s') has the English word '%.*s'", id, zh, (int)n, p);
            }
            p += n ? n : 1;
        }
    }
}

/* The text report's leads line up in columns whatever the language. */
static void test_lead_pads_by_columns(void **state)
{
    (void)state;
    char buf[64] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    eri_msg_lead(f, "规则");
    eri_msg_lead(f, "rule");
    eri_msg_lead(f, "evidence-long");
    fclose(f);
    assert_string_equal(buf, "      规则      "
                             "      rule      "
                             "      evidence-long ");
}

static void test_lookup(void **state)
{
    (void)state;
    assert_string_equal(eri_msg(ER_LANG_EN, ERI_MSG_SCORE), "Score");
    assert_string_equal(eri_msg(ER_LANG_ZH, ERI_MSG_SCORE), "得分");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_languages_alike),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_chinese_has_no_english),
        cmocka_unit_test(test_lead_pads_by_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
