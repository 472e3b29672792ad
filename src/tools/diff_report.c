/* diff_report.c — the reports of evalrules diff: the changes between two
 * editions and the audits replayed under both, as text for people and as
 * JSON for programs (keys in docs/language.md). */
#include <string.h>

#include "diff.h"
#include "escape.h"
#include "json.h"
#include "source.h"

static const char *const section_titles[][2] = {
    {"standard", "Standard"}, {"facts", "Facts"},   {"indicators", "Indicators"},
    {"total", "Total"},       {"vetoes", "Vetoes"}, {"rating", "Rating"},
};

static const char *section_title(const char *section)
{
    for (size_t i = 0; i < sizeof section_titles / sizeof section_titles[0]; i++)
        if (strcmp(section_titles[i][0], section) == 0)
            return section_titles[i][1];
    return section;
}

/* What a change is about, as printed before its text: "5.1.7 服务文化",
 * "staff.managers", or nothing when the text says it ("code …"). */
static void subject_of(const er_change *ch, char *buf, size_t cap)
{
    char lb[512];
    if (ch->label && strcmp(ch->section, "indicators") == 0)
        snprintf(buf, cap, "%s %s", ch->key, eri_esc_text(lb, sizeof lb, ch->label));
    else if (strcmp(ch->key, ch->what) == 0)
        buf[0] = '\0';
    else
        snprintf(buf, cap, "%s", ch->key);
}

static void pad(FILE *out, size_t used, size_t width)
{
    for (; used < width; used++)
        fputc(' ', out);
}

#define WHAT_COLUMN 64 /* where "added" / "removed" go */

static void changes_text(FILE *out, const er_diff *df)
{
    fprintf(out, "Comparing %s (%s)\n     with %s (%s)\n", *df->old_code ? df->old_code : "(no standard)",
            df->old_file, *df->new_code ? df->new_code : "(no standard)", df->new_file);
    const char *section = NULL;
    char subj[1024], prev[1024] = "";
    bool open = false; /* a '~' line is being continued */
    for (uint32_t i = 0; i < df->n; i++) {
        const er_change *ch = &df->changes[i];
        if (!section || strcmp(section, ch->section) != 0) {
            if (open)
                fputc('\n', out);
            open = false;
            section = ch->section;
            fprintf(out, "\n%s\n", section_title(section));
        }
        char text[1024];
        subject_of(ch, subj, sizeof subj);
        if (ch->op == ER_CHANGE_CHANGED && open && *subj && strcmp(subj, prev) == 0) {
            fprintf(out, "; %s", eri_esc_text(text, sizeof text, ch->text));
            continue;
        }
        if (open)
            fputc('\n', out);
        open = false;
        if (ch->op == ER_CHANGE_CHANGED) {
            fprintf(out, "  ~ %s%s%s", subj, *subj ? ": " : "", eri_esc_text(text, sizeof text, ch->text));
            snprintf(prev, sizeof prev, "%s", subj);
            open = true;
            continue;
        }
        char line[2048];
        int len = snprintf(line, sizeof line, "  %c %s%s%s", ch->op, subj, *subj ? " " : "",
                           eri_esc_text(text, sizeof text, ch->text));
        size_t w = eri_utf8_columns(line, len > 0 && (size_t)len < sizeof line ? (size_t)len : strlen(line));
        fputs(line, out);
        pad(out, w, WHAT_COLUMN);
        fprintf(out, " %s\n", ch->op == ER_CHANGE_ADDED ? "added" : "removed");
    }
    if (open)
        fputc('\n', out);
    size_t add = er_diff_count_op(df, ER_CHANGE_ADDED), rem = er_diff_count_op(df, ER_CHANGE_REMOVED),
           chg = er_diff_count_op(df, ER_CHANGE_CHANGED);
    if (df->n == 0)
        fputs("\nNo changes.\n", out);
    else
        fprintf(out, "\n%u change%s: %zu added, %zu removed, %zu changed\n", df->n, df->n == 1 ? "" : "s", add, rem,
                chg);
}

static const char *who(const er_replay_entry *x)
{
    static char buf[512]; /* the text reports are written by one thread */
    return eri_esc_text(buf, sizeof buf, *x->subject ? x->subject : x->file);
}

static void replay_text(FILE *out, const er_replay *rp)
{
    fprintf(out, "\nAudits replayed: %s → %s\n", *rp->old_code ? rp->old_code : "old",
            *rp->new_code ? rp->new_code : "new");
    size_t shown = 0, ignored_old = 0, ignored_new = 0;
    for (size_t i = 0; i < rp->n; i++) {
        const er_replay_entry *x = &rp->e[i];
        ignored_old += x->old_side.ignored;
        ignored_new += x->new_side.ignored;
        if (x->status == ER_REPLAY_UNCHANGED)
            continue;
        if (shown++ == 0 && x->status != ER_REPLAY_NOT_EVALUABLE)
            fputs("    Δ score  score           level\n", out);
        char why[512];
        if (x->status == ER_REPLAY_NOT_EVALUABLE) {
            fprintf(out, "  ! %s", who(x));
            if (*x->subject)
                fprintf(out, " (%s)", x->file);
            bool same = !x->old_side.evaluated && !x->new_side.evaluated &&
                        eri_diff_same(x->old_side.reason, x->new_side.reason);
            if (same)
                fprintf(out, "; not evaluable under either edition: %s", eri_esc_text(why, sizeof why, x->old_side.reason));
            for (int side = 0; side < 2 && !same; side++) {
                const er_replay_side *s = side ? &x->new_side : &x->old_side;
                const char *code = side ? rp->new_code : rp->old_code;
                if (s->evaluated)
                    fprintf(out, "; %s: %s %s", code, s->score, eri_esc_text(why, sizeof why, s->outcome));
                else
                    fprintf(out, "; not evaluable under %s: %s", code, s->reason ? eri_esc_text(why, sizeof why, s->reason) : "?");
            }
            fputc('\n', out);
            continue;
        }
        char level[512];
        if (x->status == ER_REPLAY_LEVEL)
            snprintf(level, sizeof level, "%s → %s", x->old_side.outcome, eri_esc_text(why, sizeof why, x->new_side.outcome));
        else
            snprintf(level, sizeof level, "%s", eri_esc_text(why, sizeof why, x->new_side.outcome));
        char scores[160];
        int sl = snprintf(scores, sizeof scores, "%s → %s", x->old_side.score, x->new_side.score);
        fprintf(out, "  %s %7s  %s", x->status == ER_REPLAY_LEVEL ? "*" : " ", x->delta, scores);
        pad(out, eri_utf8_columns(scores, sl > 0 && (size_t)sl < sizeof scores ? (size_t)sl : 0), 16);
        fputs(level, out);
        pad(out, eri_utf8_columns(level, strlen(level)), 34);
        fprintf(out, " %s", who(x));
        if (*x->subject)
            fprintf(out, " (%s)", x->file);
        fputc('\n', out);
    }
    if (shown == 0)
        fputs("  no enterprise changes score or level\n", out);
    size_t moved = er_replay_count_status(rp, ER_REPLAY_LEVEL), rescored = er_replay_count_status(rp, ER_REPLAY_SCORE);
    fprintf(out, "\n%zu audit%s replayed: %zu change%s level, %zu change%s score only, %zu unchanged, %zu not evaluable\n",
            rp->n, rp->n == 1 ? "" : "s", moved, moved == 1 ? "s" : "", rescored, rescored == 1 ? "s" : "",
            er_replay_count_status(rp, ER_REPLAY_UNCHANGED), er_replay_count_status(rp, ER_REPLAY_NOT_EVALUABLE));
    if (ignored_old || ignored_new)
        fprintf(out, "(facts and exclusions an edition does not declare were skipped: %zu under %s, %zu under %s)\n",
                ignored_old, rp->old_code, ignored_new, rp->new_code);
    if (moved)
        fputs("(* the level changes)\n", out);
}

void er_diff_report_text(FILE *out, const er_diff *df, const er_replay *rp)
{
    if (df)
        changes_text(out, df);
    if (rp)
        replay_text(out, rp);
}

static void edition_json(eri_json *j, const char *key, const char *code, const char *title, const char *file)
{
    eri_json_object(j, key);
    eri_json_str(j, "standard", code);
    eri_json_str(j, "title", title);
    eri_json_str(j, "rules_file", file);
    eri_json_object_end(j);
}

static void change_json(eri_json *j, const er_change *ch)
{
    char op[2] = {(char)ch->op, '\0'};
    eri_json_object(j, NULL);
    eri_json_str(j, "op", op);
    eri_json_str(j, "section", ch->section);
    eri_json_str(j, "what", ch->what);
    eri_json_str(j, "key", ch->key);
    eri_json_str(j, "old_key", ch->old_key);
    eri_json_str(j, "label", ch->label);
    eri_json_str(j, "old", ch->old_value);
    eri_json_str(j, "new", ch->new_value);
    eri_json_str(j, "text", ch->text);
    eri_json_object_end(j);
}

static void side_json(eri_json *j, const char *key, const er_replay_side *s)
{
    eri_json_object(j, key);
    eri_json_bool(j, "evaluated", s->evaluated);
    eri_json_str(j, "score", s->score);
    eri_json_str(j, "rating", s->rating);
    eri_json_str(j, "outcome", s->outcome);
    eri_json_bool(j, "vetoed", s->vetoed);
    eri_json_int(j, "ignored", (long long)s->ignored);
    eri_json_str(j, "reason", s->reason);
    eri_json_object_end(j);
}

static void replay_json(eri_json *j, const er_replay *rp)
{
    static const char *const status[] = {"level", "score", "unchanged", "not_evaluable"};
    eri_json_object(j, "replay");
    eri_json_array(j, "audits");
    for (size_t i = 0; i < rp->n; i++) {
        const er_replay_entry *x = &rp->e[i];
        eri_json_object(j, NULL);
        eri_json_str(j, "file", x->file);
        eri_json_str(j, "subject", x->subject);
        eri_json_str(j, "status", status[x->status]);
        eri_json_str(j, "delta", x->delta);
        side_json(j, "old", &x->old_side);
        side_json(j, "new", &x->new_side);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
    eri_json_object(j, "summary");
    eri_json_int(j, "audits", (long long)rp->n);
    for (int st = 0; st < 4; st++)
        eri_json_int(j, status[st], (long long)er_replay_count_status(rp, (er_replay_status)st));
    eri_json_object_end(j);
    eri_json_object_end(j);
}

int er_diff_report_json(FILE *out, const er_diff *df, const er_replay *rp)
{
    if (!df)
        return -1;
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    edition_json(&j, "old", df->old_code, df->old_title, df->old_file);
    edition_json(&j, "new", df->new_code, df->new_title, df->new_file);
    eri_json_array(&j, "changes");
    for (uint32_t i = 0; i < df->n; i++)
        change_json(&j, &df->changes[i]);
    eri_json_array_end(&j);
    eri_json_object(&j, "summary");
    eri_json_int(&j, "changes", df->n);
    eri_json_int(&j, "added", (long long)er_diff_count_op(df, ER_CHANGE_ADDED));
    eri_json_int(&j, "removed", (long long)er_diff_count_op(df, ER_CHANGE_REMOVED));
    eri_json_int(&j, "changed", (long long)er_diff_count_op(df, ER_CHANGE_CHANGED));
    eri_json_object_end(&j);
    if (rp)
        replay_json(&j, rp);
    else
        eri_json_null(&j, "replay");
    eri_json_object_end(&j);
    return eri_json_end(&j);
}
