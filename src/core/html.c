/* html.c — the head, style sheet, footer and bar lengths every HTML
 * document shares (html.h). */
#include "html.h"

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
