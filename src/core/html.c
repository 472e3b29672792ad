/* html.c — the head, style sheet, footer and bar lengths every HTML
 * document shares (html.h). */
#include "html.h"

#include <string.h>

#include "escape.h"
#include "messages.h"

const char eri_html_style[] =
    "@page{size:A4;margin:16mm 14mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\","
    "\"WenQuanYi Micro Hei\",sans-serif;color:#1c2430;line-height:1.5;margin:0 auto;max-width:60rem;"
    "padding:1.5rem;font-size:11pt}\n"
    "h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;border-bottom:2px solid #1f4e79;"
    "padding-bottom:.2rem;margin:1.6rem 0 .6rem;color:#1f4e79}h3{font-size:1rem;margin:0 0 .3rem}\n"
    ".std{color:#555;margin:0}.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}"
    ".meta dt{color:#555}.meta dd{margin:0}\n"
    ".headline{display:flex;gap:1rem;align-items:stretch;margin:1.2rem 0;break-inside:avoid}"
    ".box{border:2px solid #1f4e79;border-radius:6px;padding:.5rem 1rem;min-width:9rem}"
    ".box .k{display:block;color:#555;font-size:.9rem}.box .v{display:block;font-size:2rem;font-weight:700}"
    ".next{align-self:center;margin:0}\n"
    "table{border-collapse:collapse;width:100%}th,td{padding:.2rem .5rem;border-bottom:1px solid #d5dbe3;"
    "text-align:left;vertical-align:top}th{background:#eef2f7}thead{display:table-header-group}tr{break-inside:avoid}"
    "td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".d1 td:first-child{padding-left:1.5rem}.d2 td:first-child{padding-left:2.5rem}"
    ".d3 td:first-child{padding-left:3.5rem}.ind td{font-weight:600}\n"
    ".full{color:#1b7a3a}.partial{color:#a15c00}.lost{color:#b3261e}.excluded{color:#777}\n"
    "article{border-left:4px solid #a15c00;padding:.3rem .8rem;margin:.8rem 0;break-inside:avoid;background:#fbf8f3}"
    "article dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:0}article dd{margin:0}"
    "article dt{color:#555}\n"
    "code{font-family:\"Noto Sans Mono\",\"DejaVu Sans Mono\",monospace;font-size:.9em}.src{color:#777;font-size:.85em}"
    "ul.ev{margin:0;padding-left:1.1rem}\n"
    "svg{display:block;max-width:100%;height:auto;margin:.4rem 0}svg text{font-size:12px;fill:#1c2430}"
    ".bg{fill:#d5dbe3}.fg{fill:#1f4e79}\n"
    ".seal dd code{word-break:break-all;font-size:.8em}\n"
    "footer{margin-top:2rem;color:#777;font-size:.85rem;border-top:1px solid #d5dbe3;padding-top:.4rem}\n"
    ".c0{fill:#1f4e79}.c1{fill:#2e7d9a}.c2{fill:#4f9d69}.c3{fill:#9bbf4a}.c4{fill:#d9a93c}.c5{fill:#c9773a}.c6{fill:#8a8f98}.c7{fill:#b3261e}\n"
    "@media print{body{padding:0;max-width:none;font-size:10pt}h2{break-after:avoid}}\n";

void eri_html_head(FILE *f, er_lang lang)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"evalrules %s\">\n<title>",
            lang == ER_LANG_ZH ? "zh-CN" : "en", er_version());
}

void eri_html_body(FILE *f, const char *extra_css)
{
    fprintf(f, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", eri_html_style, extra_css);
}

void eri_html_end(FILE *f, er_lang lang)
{
    char buf[256];
    snprintf(buf, sizeof buf, eri_msg(lang, ERI_MSG_GENERATED), er_version());
    fputs("<footer>", f);
    eri_esc_html(f, buf);
    fputs("</footer>\n</body>\n</html>\n", f);
}

const char *eri_html_bar(char *buf, size_t cap, eri_num x, eri_num max, int width)
{
    eri_num t, w, tenth;
    if (eri_num_make(1, 10, &tenth) != ERI_NUM_OK || eri_num_mul(x, eri_num_int(width), &t) != ERI_NUM_OK ||
        eri_num_div(t, max, &t) != ERI_NUM_OK || eri_num_round(t, tenth, ERI_ROUND_HALF_UP, &w) != ERI_NUM_OK)
        w = ERI_NUM_ZERO;
    eri_num_format(w, 0, 1, buf, cap, NULL);
    return buf;
}

enum { STACK_LABEL = 260, STACK_BAR = 420, STACK_ROW = 26, STACK_WIDTH = STACK_LABEL + STACK_BAR + 20 };

/* cum × STACK_BAR / total in tenths, rounded half up. */
static unsigned long long tenths(unsigned long long cum, unsigned long long total)
{
    return (cum * STACK_BAR * 10 + total / 2) / total;
}

/* The colour class of part k of parts: levels c0 … c5, then c6 and c7. */
static size_t colour(size_t k, size_t parts)
{
    return k + 2 >= parts ? 8 - (parts - k) : k % 6;
}

void eri_html_stacked(FILE *f, const eri_html_stack *s)
{
    size_t legend_rows = (s->parts + 2) / 3;
    unsigned height = (unsigned)(s->rows * STACK_ROW + legend_rows * 18 + 12);
    fprintf(f, "<svg role=\"img\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">\n<title>%s</title>\n",
            STACK_WIDTH, height, STACK_WIDTH, height, s->title);
    for (size_t i = 0; i < s->rows; i++) {
        unsigned y = (unsigned)(i * STACK_ROW);
        unsigned long long total = 0, cum = 0;
        for (size_t k = 0; k < s->parts; k++)
            total += s->value(s->ctx, i, k);
        fprintf(f, "<text x=\"0\" y=\"%u\">", y + 17);
        eri_esc_html(f, s->row_label(s->ctx, i));
        fputs("</text>\n", f);
        if (total == 0) {
            fprintf(f, "<rect class=\"bg\" x=\"%d\" y=\"%u\" width=\"%d\" height=\"18\"/>\n", STACK_LABEL, y + 4,
                    STACK_BAR);
            continue;
        }
        for (size_t k = 0; k < s->parts; k++) {
            unsigned long long v = s->value(s->ctx, i, k);
            if (v == 0)
                continue;
            unsigned long long a = tenths(cum, total), b = tenths(cum + v, total);
            cum += v;
            char text[32];
            s->value_text(s->ctx, i, k, text, sizeof text);
            fprintf(f, "<rect class=\"c%zu\" x=\"%llu.%llu\" y=\"%u\" width=\"%llu.%llu\" height=\"18\"><title>",
                    colour(k, s->parts), (STACK_LABEL * 10 + a) / 10, a % 10, y + 4, (b - a) / 10, (b - a) % 10);
            eri_esc_html(f, s->part_label(s->ctx, k));
            fprintf(f, ": %s</title></rect>", text);
            if (b - a >= 10 * (7 * strlen(text) + 6)) /* room for the text */
                fprintf(f, "<text x=\"%llu.%llu\" y=\"%u\" style=\"fill:#fff\">%s</text>", (STACK_LABEL * 10 + a + 40) / 10,
                        (a + 40) % 10, y + 17, text);
            fputs("\n", f);
        }
    }
    for (size_t k = 0; k < s->parts; k++) {
        unsigned x = (unsigned)(STACK_LABEL + (k % 3) * 140), y = (unsigned)(s->rows * STACK_ROW + 8 + (k / 3) * 18);
        fprintf(f, "<rect class=\"c%zu\" x=\"%u\" y=\"%u\" width=\"12\" height=\"12\"/><text x=\"%u\" y=\"%u\">",
                colour(k, s->parts), x,
                y, x + 16, y + 11);
        eri_esc_html(f, s->part_label(s->ctx, k));
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
}
