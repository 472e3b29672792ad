/* report_lines.c — the batch formats (lines.h): one compact JSON object a
 * line (jsonl), or one spreadsheet-safe CSV row (csv), per enterprise. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lines.h"
#include "result.h"
#include "rules.h"

int eri_line_jsonl(FILE *out, const eri_line *l)
{
    char room[1024]; /* the line built here and written at once */
    eri_bytes bytes;
    eri_bytes_init(&bytes, room, sizeof room);
    eri_json j;
    eri_json_begin(&j, NULL);
    j.bytes = &bytes;
    j.compact = true;
    eri_json_object(&j, NULL);
    eri_json_str(&j, "id", l->id);
    eri_json_str(&j, "subject", l->subject);
    if (!l->score) {
        eri_json_str(&j, "input", l->input);
        eri_json_int(&j, "line", l->line);
        eri_json_object(&j, "error");
        eri_json_int(&j, "line", l->error_line);
        eri_json_int(&j, "column", l->error_column);
        eri_json_str(&j, "message", l->error);
        eri_json_object_end(&j);
    } else {
        eri_json_str(&j, "score", l->score);
        if (l->level)
            eri_json_str(&j, "level", l->level);
        else
            eri_json_null(&j, "level");
        eri_json_array(&j, "vetoes");
        for (size_t i = 0; i < l->nvetoes; i++)
            eri_json_str(&j, NULL, l->vetoes[i]);
        eri_json_array_end(&j);
        if (l->cap)
            eri_json_str(&j, "cap", l->cap);
        else
            eri_json_null(&j, "cap");
        eri_json_str(&j, "applicable", l->applicable);
        eri_json_str(&j, "earned", l->earned);
        eri_json_str(&j, "rules", l->rules);
    }
    eri_json_object_end(&j);
    int rc = eri_json_end(&j);
    return eri_bytes_flush(&bytes, out) == 0 ? rc : -1;
}

/* A cell a spreadsheet would read as a formula (= + - @, a tab or CR first,
 * as OWASP's "CSV injection" advice lists) gets a leading ', save a plain
 * number ("-2.5"), which no spreadsheet reads as one. */
static bool formula(const char *s)
{
    if (!strchr("=+-@\t\r", s[0]) || !s[0])
        return false;
    size_t i = s[0] == '-', digits = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            ;
    return !(s[0] == '-' && digits && s[i] == '\0');
}

static void cell(eri_bytes *out, const char *s, bool last)
{
    s = s ? s : "";
    bool quote = strpbrk(s, ",\"\r\n") != NULL || formula(s);
    if (quote)
        eri_bytes_add(out, "\"", 1);
    if (formula(s))
        eri_bytes_add(out, "'", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) /* a quote doubled */
        eri_bytes_add(out, s, (size_t)(q - s) + 1), eri_bytes_add(out, "\"", 1);
    eri_bytes_add(out, s, strlen(s));
    if (quote)
        eri_bytes_add(out, "\"", 1);
    eri_bytes_add(out, last ? "\r\n" : ",", last ? 2 : 1);
}

int eri_line_csv_header(FILE *out)
{
    fputs("id,subject,score,level,vetoes,cap,applicable,earned,rules,error\r\n", out);
    return ferror(out) ? -1 : 0;
}

int eri_line_csv(FILE *fout, const eri_line *l)
{
    char room[1024]; /* the row built here and written at once */
    eri_bytes b, *out = &b;
    eri_bytes_init(out, room, sizeof room);
    cell(out, l->id, false);
    cell(out, l->subject, false);
    cell(out, l->score, false);
    cell(out, l->level, false);
    size_t len = 0;
    for (size_t i = 0; i < l->nvetoes; i++)
        len += strlen(l->vetoes[i]) + 2;
    char small[512], *v = len < sizeof small ? small : malloc(len + 1);
    if (!v) {
        eri_bytes_flush(out, NULL);
        return -1;
    }
    v[0] = '\0';
    for (size_t i = 0; i < l->nvetoes; i++)
        strcat(strcat(v, i ? "; " : ""), l->vetoes[i]);
    cell(out, v, false);
    if (v != small)
        free(v);
    cell(out, l->cap, false);
    cell(out, l->applicable, false);
    cell(out, l->earned, false);
    cell(out, l->rules, false);
    char err[1024] = "";
    if (!l->score && l->error_column) /* FILE:LINE:COL, or FILE:LINE for the record as a whole */
        snprintf(err, sizeof err, "%s:%d:%d: %s", l->input, l->error_line, l->error_column, l->error);
    else if (!l->score)
        snprintf(err, sizeof err, "%s:%d: %s", l->input, l->error_line, l->error);
    cell(out, err, true);
    return eri_bytes_flush(out, fout);
}

int eri_line_of_result(const er_result *res, eri_line *l, const char **vetoes, char *buf, size_t cap)
{
    const er_rules *r = eri_result_rules(res);
    l->score = er_result_score(res);
    l->level = er_result_rating(res);
    l->nvetoes = 0;
    for (uint32_t v = 0; v < r->nvetoes; v++)
        if (er_result_vetoed(res, v))
            vetoes[l->nvetoes++] = r->vetoes[v].message;
    l->vetoes = vetoes;
    int c = er_result_cap(res);
    l->cap = c >= 0 ? (r->caps[c].reason ? r->caps[c].reason : "") : NULL;
    if (er_result_total(res, ER_TOTAL_APPLICABLE, buf, cap) >= cap ||
        er_result_total(res, ER_TOTAL_EARNED, buf + cap, cap) >= cap)
        return -1;
    l->applicable = buf;
    l->earned = buf + cap;
    return 0;
}

int eri_line_of_brief(const er_rules *r, const eri_brief *b, eri_line *l, const char **vetoes, char *buf,
                      size_t cap)
{
    eri_num score, applicable, earned;
    if (!b->planned || b->plan.veto_more || !eri_brief_totals(b, &applicable, &earned) ||
        eri_brief_score(r, b, &score) != ERI_NUM_OK)
        return 1;
    if (eri_result_score_text(r, score, buf, cap) >= cap || eri_result_write_num(applicable, buf + cap, cap) >= cap ||
        eri_result_write_num(earned, buf + 2 * cap, cap) >= cap)
        return -1;
    l->score = buf;
    l->applicable = buf + cap;
    l->earned = buf + 2 * cap;
    l->level = b->level >= 0 ? r->levels[b->level].label : NULL;
    l->nvetoes = 0;
    for (uint32_t v = 0; v < r->nvetoes && v < 64; v++)
        if (b->plan.veto_bits >> v & 1)
            vetoes[l->nvetoes++] = r->vetoes[v].message;
    l->vetoes = vetoes;
    int c = b->plan.cap;
    l->cap = c >= 0 ? (r->caps[c].reason ? r->caps[c].reason : "") : NULL;
    return 0;
}
