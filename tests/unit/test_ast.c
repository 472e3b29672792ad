/* test_ast.c — unit tests for the calendar dates of ast.c: whole months and
 * whole years between two dates (eri_date_months_between, _years_between),
 * checked against a count done another way, day by day. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ast.h"

static int32_t D(const char *s)
{
    int32_t d;
    if (!eri_date_parse(s, strlen(s), &d))
        fail_msg("not a date: %s", s);
    return d;
}

static void months(const char *a, const char *b, int32_t want)
{
    int32_t got = eri_date_months_between(D(a), D(b));
    if (got != want)
        fail_msg("months_between(%s, %s) = %d, want %d", a, b, got, want);
}

static void years(const char *a, const char *b, int32_t want)
{
    int32_t got = eri_date_years_between(D(a), D(b));
    if (got != want)
        fail_msg("years_between(%s, %s) = %d, want %d", a, b, got, want);
}

static void test_anniversary(void **state)
{
    (void)state;
    years("2023-03-02", "2024-03-02", 1); /* the day itself completes the year */
    years("2023-03-02", "2024-03-01", 0); /* the day before does not */
    years("2023-03-02", "2025-03-01", 1);
    years("2023-03-02", "2033-03-02", 10);
    years("2023-03-25", "2024-03-24", 0); /* 365 days, across 29 February: not a year */
    years("2023-02-28", "2024-02-28", 1);
    years("2023-02-28", "2024-02-27", 0);
}

static void test_same_day(void **state)
{
    (void)state;
    months("2026-05-12", "2026-05-12", 0);
    years("2024-02-29", "2024-02-29", 0);
    months("2026-05-12", "2026-05-13", 0);
}

static void test_29_february(void **state)
{
    (void)state;
    years("2024-02-29", "2025-02-27", 0);
    years("2024-02-29", "2025-02-28", 1); /* the last day of a shorter February */
    years("2024-02-29", "2025-03-01", 1);
    years("2024-02-29", "2027-02-28", 3);
    years("2024-02-29", "2028-02-28", 3); /* a leap year again: the 29th is there */
    years("2024-02-29", "2028-02-29", 4);
    years("2000-02-29", "2100-02-28", 100); /* 2100 is not a leap year */
    months("2024-01-29", "2024-02-29", 1);
    months("2023-01-29", "2023-02-28", 1);
}

static void test_month_ends(void **state)
{
    (void)state;
    months("2023-01-31", "2023-02-27", 0);
    months("2023-01-31", "2023-02-28", 1); /* February has no 31st: its last day */
    months("2024-01-31", "2024-02-28", 0);
    months("2024-01-31", "2024-02-29", 1);
    months("2023-01-31", "2023-03-30", 1); /* each monthiversary from the start, not the last one */
    months("2023-01-31", "2023-03-31", 2);
    months("2023-01-30", "2023-02-28", 1);
    months("2023-03-31", "2023-04-30", 1);
    months("2023-04-30", "2023-05-30", 1);
    months("2023-04-30", "2023-05-29", 0);
    months("2023-12-31", "2024-01-31", 1);
    months("2023-12-15", "2024-01-14", 0);
    months("2023-12-15", "2024-12-15", 12);
}

static void test_reversed_order(void **state)
{
    (void)state;
    years("2024-03-02", "2023-03-02", -1);
    years("2024-03-01", "2023-03-02", 0);
    years("2025-02-28", "2024-02-29", -1);
    months("2023-02-28", "2023-01-31", -1); /* minus the count from the earlier date */
    months("2023-03-30", "2023-01-31", -1);
}

/* Another way: step day by day and count the days on which the day of the
 * month reaches the start's (or the month ends first).  Every pair of dates
 * in 2023-2025 from a set of awkward start days. */
static void test_against_day_by_day(void **state)
{
    (void)state;
    static const char *const starts[] = {"2023-01-31", "2023-02-28", "2023-03-30", "2024-02-29",
                                         "2024-01-30", "2023-06-15", "2024-12-31", "2023-01-01"};
    char buf[11];
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        int32_t a = D(starts[i]);
        eri_date_format(a, buf);
        int start_day = (buf[8] - '0') * 10 + (buf[9] - '0');
        int32_t count = 0;
        for (int32_t b = a + 1; b < a + 800; b++) {
            char cur[11], next[11];
            eri_date_format(b, cur);
            eri_date_format(b + 1, next);
            int day = (cur[8] - '0') * 10 + (cur[9] - '0');
            bool month_ends = memcmp(cur, next, 7) != 0;
            /* a monthiversary: the start's day, or the month's last day when it is shorter */
            if (day == start_day || (month_ends && day < start_day))
                count++;
            int32_t got = eri_date_months_between(a, b);
            if (got != count)
                fail_msg("months_between(%s, %s) = %d, counted %d", starts[i], cur, got, count);
            if (eri_date_months_between(b, a) != -count)
                fail_msg("months_between(%s, %s) is not minus the count", cur, starts[i]);
            if (eri_date_years_between(a, b) != count / 12)
                fail_msg("years_between(%s, %s) != %d", starts[i], cur, count / 12);
        }
    }
}

/* The widest span the calendar allows cannot overflow. */
static void test_extremes(void **state)
{
    (void)state;
    years("0001-01-01", "9999-12-31", 9998);
    months("0001-01-01", "9999-12-31", 9998 * 12 + 11);
    years("9999-12-31", "0001-01-01", -9998);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anniversary),     cmocka_unit_test(test_same_day),
        cmocka_unit_test(test_29_february),     cmocka_unit_test(test_month_ends),
        cmocka_unit_test(test_reversed_order),  cmocka_unit_test(test_against_day_by_day),
        cmocka_unit_test(test_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
