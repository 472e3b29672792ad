/* check_total.c — from the items' points to the level: the total block
 * (normalize, deduct, bonus, round), the vetoes, and the rating (levels
 * from the highest threshold down, an 'otherwise', caps on levels).  A
 * level the score can never reach is an error. */
#include <string.h>

#include "bounds.h"
#include "check.h"
#include "check_expr.h"
#include "suggest.h"

/* total -> TOTAL '{' total_stmt* '}'
 * total_stmt -> NORMALIZE TO number_lit | DEDUCT STRING expr cap_opt | BONUS STRING expr cap_opt
 *             | ROUND IDENT TO number_lit */
static void check_total(eri_checker *c, const eri_decl *t, const eri_decl **seen)
{
    er_rules *r = c->r;
    if (*seen) {
        eri_ck_error(c, t->head, "a second 'total' block");
        eri_ck_note(c, (*seen)->head, "the first is here");
        return;
    }
    *seen = t;
    uint32_t n = 0;
    for (const eri_decl *s = t->body; s; s = s->next)
        n += s->kind == ERI_DC_DEDUCT || s->kind == ERI_DC_BONUS;
    r->adjusts = ERI_NEW_ARRAY(c->a, eri_adjust, n ? n : 1);
    bool normalize_seen = false, round_seen = false;
    for (const eri_decl *s = t->body; s; s = s->next) {
        switch (s->kind) {
        case ERI_DC_NORMALIZE:
            if (normalize_seen)
                eri_ck_error(c, s->span, "'normalize' is given twice");
            normalize_seen = true;
            r->normalize = true;
            r->scale = s->a->num;
            if (eri_num_sign(r->scale) <= 0 || s->a->percent)
                eri_ck_error(c, s->a->span, "normalize to a positive number of points, such as 100");
            break;
        case ERI_DC_ROUND: {
            if (round_seen)
                eri_ck_error(c, s->span, "'round' is given twice");
            round_seen = true;
            bool found = false;
            for (int i = 0; i < ERI_ROUND_MODES; i++)
                if (strcmp(s->name.s, eri_round_mode_names[i]) == 0) {
                    r->round_mode = (eri_round_mode)i;
                    found = true;
                }
            if (!found) {
                eri_suggest sg = eri_suggest_start(s->name.s, s->name.len);
                for (int i = 0; i < ERI_ROUND_MODES; i++)
                    eri_suggest_try(&sg, eri_round_mode_names[i]);
                eri_ck_error(c, s->name.span, "unknown rounding '%s'%s%s%s (half_up, half_even, half_down, up, down, floor, "
                      "ceiling)", s->name.s, sg.best ? "; did you mean '" : "", sg.best ? sg.best : "",
                      sg.best ? "'?" : "");
            }
            r->round = true;
            r->quantum = s->a->num;
            r->score_decimals = eri_num_decimals(r->quantum);
            if (eri_num_sign(r->quantum) <= 0 || s->a->percent || r->score_decimals < 0)
                eri_ck_error(c, s->a->span, "round to a step such as 0.1, 0.5 or 1");
            break;
        }
        case ERI_DC_DEDUCT:
        case ERI_DC_BONUS: {
            eri_adjust *adj = &r->adjusts[r->nadjusts++];
            *adj = (eri_adjust){s->kind == ERI_DC_BONUS, s->label.s, s->a, s->b, s->span, {NULL, 0}, s->extra.s};
            eri_ck_want_number(c, s->a, eri_ck_check_in(c, s->a, -1, false), "");
            if (s->b) {
                eri_ck_want_number(c, s->b, eri_ck_check_in(c, s->b, -1, false), " by 'cap'");
                eri_bounds b = eri_ck_bounds(c, s->b, 0);
                if (b.has_hi && eri_num_sign(b.hi) < 0)
                    eri_ck_error(c, s->b->span, "a cap below zero");
            }
            break;
        }
        default:
            break;
        }
    }
    if (!round_seen)
        r->score_decimals = -1;
}

static int32_t find_level(const er_rules *r, const char *label)
{
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (strcmp(r->levels[i].label, label) == 0)
            return (int32_t)i;
    return -1;
}

/* the highest score the total can produce, when known */
static bool max_score(eri_checker *c, eri_num *out)
{
    er_rules *r = c->r;
    eri_num top = ERI_NUM_ZERO;
    if (r->normalize)
        top = r->scale;
    else
        for (uint32_t i = 0; i < r->nroots; i++)
            if (eri_num_add(top, r->nodes[r->roots[i]].points, &top) != ERI_NUM_OK)
                return false;
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *a = &r->adjusts[i];
        eri_bounds b = eri_ck_bounds(c, a->expr, 0);
        if (a->bonus) {
            if (a->cap) {
                eri_bounds cb = eri_ck_bounds(c, a->cap, 0);
                if (cb.has_hi && (!b.has_hi || eri_num_cmp(cb.hi, b.hi) < 0))
                    b.hi = cb.hi, b.has_hi = true;
            }
            if (!b.has_hi || eri_num_add(top, b.hi, &top) != ERI_NUM_OK)
                return false;
        } else if (!b.has_lo || eri_num_sub(top, b.lo, &top) != ERI_NUM_OK) { /* a negative deduction adds */
            return false;
        }
    }
    *out = top;
    return true;
}

/* rating -> RATING '{' rating_stmt* '}'
 * rating_stmt -> LEVEL STRING AT number_lit | OTHERWISE STRING | CAP STRING UNLESS expr because_opt */
static void check_rating(eri_checker *c, const eri_decl *rt, const eri_decl **seen)
{
    er_rules *r = c->r;
    char b1[64], b2[64];
    if (*seen) {
        eri_ck_error(c, rt->head, "a second 'rating' block");
        eri_ck_note(c, (*seen)->head, "the first is here");
        return;
    }
    *seen = rt;
    uint32_t nl = 0, nc = 0;
    for (const eri_decl *s = rt->body; s; s = s->next) {
        nl += s->kind == ERI_DC_LEVEL;
        nc += s->kind == ERI_DC_CAP;
    }
    r->levels = ERI_NEW_ARRAY(c->a, eri_level, nl ? nl : 1);
    r->caps = ERI_NEW_ARRAY(c->a, eri_cap, nc ? nc : 1);
    eri_num top;
    bool top_known = max_score(c, &top);
    for (const eri_decl *s = rt->body; s; s = s->next) {
        if (s->kind == ERI_DC_LEVEL) {
            eri_level lv = {s->label.s, s->a->num, s->span, s->extra.s};
            if (find_level(r, lv.label) >= 0) {
                eri_ck_error(c, s->label.span, "level \"%s\" is listed twice", lv.label);
                continue;
            }
            for (uint32_t i = 0; lv.english && i < r->nlevels; i++)
                if (r->levels[i].english && strcmp(r->levels[i].english, lv.english) == 0)
                    eri_ck_error(c, s->extra.span, "levels \"%s\" and \"%s\" have the same English label \"%s\"",
                                 r->levels[i].label, lv.label, lv.english);
            if (s->a->percent)
                eri_ck_error(c, s->a->span, "a level's threshold is a score, not a percentage");
            if (r->nlevels > 0) {
                const eri_level *p = &r->levels[r->nlevels - 1];
                if (eri_num_cmp(lv.threshold, p->threshold) >= 0)
                    eri_ck_error(c, s->span, "level \"%s\" at %s can never be reached: \"%s\" at %s comes first; list "
                          "levels from the highest threshold down", lv.label, eri_ck_fmt_num(b1, sizeof b1, lv.threshold),
                          p->label, eri_ck_fmt_num(b2, sizeof b2, p->threshold));
            }
            if (top_known && eri_num_cmp(lv.threshold, top) > 0)
                eri_ck_error(c, s->span, "level \"%s\" needs %s, but the score can be at most %s", lv.label,
                      eri_ck_fmt_num(b1, sizeof b1, lv.threshold), eri_ck_fmt_num(b2, sizeof b2, top));
            r->levels[r->nlevels++] = lv;
        } else if (s->kind == ERI_DC_OTHERWISE) {
            if (r->unrated_label)
                eri_ck_error(c, s->span, "'otherwise' is given twice");
            r->unrated_label = s->label.s;
            r->unrated_english = s->extra.s;
        }
    }
    for (const eri_decl *s = rt->body; s; s = s->next) {
        if (s->kind != ERI_DC_CAP)
            continue;
        int32_t li = find_level(r, s->label.s);
        if (li < 0) {
            eri_suggest sg = eri_suggest_start(s->label.s, s->label.len);
            for (uint32_t i = 0; i < r->nlevels; i++)
                eri_suggest_try(&sg, r->levels[i].label);
            if (sg.best)
                eri_ck_error(c, s->label.span, "unknown level \"%s\"; did you mean \"%s\"?", s->label.s, sg.best);
            else
                eri_ck_error(c, s->label.span, "unknown level \"%s\": caps name one of the levels above", s->label.s);
        }
        eri_ck_want_bool(c, s->a, eri_ck_check_in(c, s->a, -1, true), " after 'unless'");
        if (s->name.s && !s->extra.s)
            eri_ck_error(c, s->name.span, "an English reason needs the reason itself: cap \"%s\" unless … because \"…\" "
                                          "english \"…\"", s->label.s);
        r->caps[r->ncaps++] = (eri_cap){li, s->a, s->extra.s, s->span, {NULL, 0}, s->name.s};
    }
}

/* decl -> total | veto | rating: the total first (levels need its maximum),
 * then vetoes and the rating in the order of the file */
void eri_ck_total(eri_checker *c)
{
    er_rules *r = c->r;
    uint32_t nvetoes = 0;
    for (const eri_decl *dc = r->ast; dc; dc = dc->next)
        nvetoes += dc->kind == ERI_DC_VETO;
    r->vetoes = ERI_NEW_ARRAY(c->a, eri_veto, nvetoes + 1);
    const eri_decl *total = NULL, *rating = NULL;
    for (const eri_decl *dc = r->ast; dc; dc = dc->next)
        if (dc->kind == ERI_DC_TOTAL)
            check_total(c, dc, &total);
    for (const eri_decl *dc = r->ast; dc; dc = dc->next) {
        if (dc->kind == ERI_DC_VETO) {
            eri_ck_want_bool(c, dc->a, eri_ck_check_in(c, dc->a, -1, true), " after 'veto … when'");
            r->vetoes[r->nvetoes++] = (eri_veto){dc->label.s, dc->a, dc->span, {NULL, 0}, dc->extra.s};
        } else if (dc->kind == ERI_DC_RATING)
            check_rating(c, dc, &rating);
    }
}
