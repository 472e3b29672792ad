/* test_messages.c — the reports' fixed wording (messages.def): every message
 * in both languages, with the same printf conversions in the same order, and
 * the Chinese one really translated (it differs from the English). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
