/* parser.y — grammar of the evalrules language.
 * Pure, reentrant, with byte-range locations.  Actions only build AST nodes
 * (src/ast.h); names, types and points are the checker's business.
 * Error rules at every list let one run report every syntax error. */
%require "3.7"
%define api.pure full
%define api.prefix {er_yy}
%define api.location.type {er_span}
%define parse.error detailed
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct er_parse_state *ps}

%code requires {
#include "ast.h"
typedef void *yyscan_t;
struct er_parse_state;
}

%code {
#include <string.h>

#include "alloc.h"
#include "parse.h"

/* bison's stack, when it outgrows its initial size, goes through our hook too */
#define YYMALLOC er_malloc
#define YYFREE er_free

int er_yylex(ER_YYSTYPE *lval, ER_YYLTYPE *lloc, yyscan_t scanner);
static void er_yyerror(ER_YYLTYPE *loc, yyscan_t scanner, struct er_parse_state *ps, const char *msg);

#define YYLLOC_DEFAULT(Cur, Rhs, N)                          \
    do {                                                     \
        if (N) {                                             \
            (Cur).start = YYRHSLOC(Rhs, 1).start;            \
            (Cur).end = YYRHSLOC(Rhs, N).end;                \
        } else {                                             \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;  \
        }                                                    \
    } while (0)

#define A (ps->arena)
/* prepend to a list that is reversed when complete */
#define PUSH(list, item) ((item) ? ((item)->next = (list), (item)) : (list))

static er_decl *decl(struct er_parse_state *ps, er_decl_kind k, er_span span)
{
    return er_ast_decl(ps->arena, k, span);
}
static er_expr *number(struct er_parse_state *ps, er_str text, bool negative, bool percent);
static er_expr *sample(struct er_parse_state *ps, er_str k, er_str n, er_span span);
static void signed_text(struct er_parse_state *ps, er_expr *e, er_span span);
static er_expr *date(struct er_parse_state *ps, er_str text);
static er_expr *leaf(struct er_parse_state *ps, er_expr_kind k, er_str text);
static er_str concat(struct er_parse_state *ps, er_str a, er_str b);
static er_expr *unary(struct er_parse_state *ps, er_op op, er_expr *e, er_span span);
static er_expr *call(struct er_parse_state *ps, er_str name, er_expr *args, er_span span);
}

%union {
    er_str str;
    er_expr *expr;
    er_decl *decl;
    int op;
}

%token <str> IDENT "identifier" STRING "string" NUMBER "number" PERCENT "percentage"
%token <str> DATE "date" CLAUSE "clause id"
%token STANDARD "'standard'" FACT "'fact'" ENUM "'enum'" RANGE "'range'" DEFAULT "'default'"
%token INDICATOR "'indicator'" ITEM "'item'" POINTS "'points'" LET "'let'"
%token TEXT "'text'" NOTE "'note'" ENGLISH "'english'" EXCLUDE "'exclude'" WHEN "'when'"
%token BECAUSE "'because'" PASS "'pass'" RATIO "'ratio'" SCORE "'score'" GRADE "'grade'"
%token OTHERWISE "'otherwise'" VETO "'veto'" RATING "'rating'" LEVEL "'level'" AT "'at'"
%token CAP "'cap'" UNLESS "'unless'" TOTAL "'total'" NORMALIZE "'normalize'" TO "'to'"
%token DEDUCT "'deduct'" BONUS "'bonus'" ROUND "'round'" IF "'if'" THEN "'then'" ELSE "'else'"
%token AND "'and'" OR "'or'" NOT "'not'" TRUE "'true'" FALSE "'false'" SCHEME "'scheme'"
%token FOR "'for'" PAIRWISE "'pairwise'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" DOTDOT "'..'"

%type <decl> decls decl standard metas meta fact enum_values enum_value fact_opts let node
%type <decl> scheme scheme_body scheme_stmt judgements judgement
%type <expr> judgement_value
%type <str> scheme_for
%type <decl> body stmt grade tiers tier veto rating rating_body rating_stmt total total_body total_stmt
%type <expr> expr primary args arglist literal number_lit otherwise_opt cap_opt range_lo range_hi
%type <str> node_id strings because_opt fact_label fact_type meta_key
%type <op> node_kind cmp

%precedence ELSE
%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE '='
%left '+' '-'
%left '*' '/'
%precedence NEG

%%

file:
    decls                         { ps->result = er_ast_reverse($1); }
;

decls:
    %empty                        { $$ = NULL; }
  | decls decl                    { $$ = PUSH($1, $2); }
  | decls error                   { $$ = $1; }
;

decl: standard | fact | let | node | veto | rating | total | scheme ;

/* scheme -> SCHEME IDENT [strings] [FOR STRING] '{' (id POINTS n | PAIRWISE [id] '{' judgement* '}')* '}' */
scheme:
    SCHEME IDENT fact_label scheme_for '{' scheme_body '}'
                                  { $$ = decl(ps, ER_DC_SCHEME, @$); $$->name = $2; $$->label = $3;
                                    $$->extra = $4; $$->body = er_ast_reverse($6);
                                    $$->head = (er_span){@1.start, @4.end}; }
;
scheme_for:
    %empty                        { $$ = (er_str){NULL, 0, @$}; }
  | FOR STRING                    { $$ = $2; }
;
scheme_body:
    %empty                        { $$ = NULL; }
  | scheme_body scheme_stmt       { $$ = PUSH($1, $2); }
  | scheme_body error             { $$ = $1; }
;
scheme_stmt:
    node_id POINTS number_lit     { $$ = decl(ps, ER_DC_SET_POINTS, @$); $$->name = $1; $$->a = $3; }
  | PAIRWISE '{' judgements '}'   { $$ = decl(ps, ER_DC_PAIRWISE, @$); $$->body = er_ast_reverse($3);
                                    $$->name = (er_str){NULL, 0, @1}; $$->head = @1; }
  | PAIRWISE node_id '{' judgements '}'
                                  { $$ = decl(ps, ER_DC_PAIRWISE, @$); $$->name = $2;
                                    $$->body = er_ast_reverse($4); $$->head = (er_span){@1.start, @2.end}; }
;
judgements:
    %empty                        { $$ = NULL; }
  | judgements judgement          { $$ = PUSH($1, $2); }
  | judgements error              { $$ = $1; }
;
/* 5.1 : 5.2 = 3 — 5.1 matters 3 times as much as 5.2 (Saaty's 1-9 scale) */
judgement:
    node_id ':' node_id '=' judgement_value
                                  { $$ = decl(ps, ER_DC_JUDGEMENT, @$); $$->name = $1; $$->extra = $3;
                                    $$->a = $5; }
;
judgement_value:
    NUMBER                        { $$ = number(ps, $1, false, false); }
  | NUMBER '/' NUMBER             { $$ = er_ast_binary(A, ER_OP_DIV, number(ps, $1, false, false),
                                                       number(ps, $3, false, false), @$); }
;

/* standard -> STANDARD STRING [ '{' meta* '}' ] */
standard:
    STANDARD STRING               { $$ = decl(ps, ER_DC_STANDARD, @$); $$->label = $2; }
  | STANDARD STRING '{' metas '}' { $$ = decl(ps, ER_DC_STANDARD, @$); $$->label = $2;
                                    $$->body = er_ast_reverse($4); $$->head = @2; }
;
metas:
    %empty                        { $$ = NULL; }
  | metas meta                    { $$ = PUSH($1, $2); }
  | metas error                   { $$ = $1; }
;
meta:
    meta_key literal              { $$ = decl(ps, ER_DC_META, @$); $$->name = $1; $$->a = $2; }
;
meta_key:
    IDENT
  | TEXT                          { $$ = (er_str){"text", 4, @1}; }
  | NOTE                          { $$ = (er_str){"note", 4, @1}; }
  | ENGLISH                       { $$ = (er_str){"english", 7, @1}; }
;

/* fact -> FACT IDENT ':' type [STRING] (range lo..hi | default literal)* */
fact:
    FACT IDENT ':' fact_type fact_label fact_opts
                                  { $$ = decl(ps, ER_DC_FACT, @$); $$->name = $2; $$->extra = $4;
                                    $$->label = $5; $$->head = (er_span){@1.start, @4.end};
                                    if ($6) { $$->a = $6->a; $$->b = $6->b; $$->c = $6->c; } }
  | FACT IDENT ':' ENUM '{' enum_values '}' fact_label fact_opts
                                  { $$ = decl(ps, ER_DC_FACT, @$); $$->name = $2;
                                    $$->extra = (er_str){"enum", 4, @4}; $$->label = $8;
                                    $$->body = er_ast_reverse($6); $$->head = (er_span){@1.start, @7.end};
                                    if ($9) { $$->a = $9->a; $$->b = $9->b; $$->c = $9->c; } }
;
fact_type:
    IDENT
  | TEXT                          { $$ = (er_str){"text", 4, @1}; }
;
fact_label:
    %empty                        { $$ = (er_str){NULL, 0, @$}; }
  | strings
;
enum_values:
    enum_value                    { $$ = $1; }
  | enum_values ',' enum_value    { $$ = PUSH($1, $3); }
  | enum_values error             { $$ = $1; }
;
enum_value:
    IDENT                         { $$ = decl(ps, ER_DC_ENUM_VALUE, @$); $$->name = $1; }
  | STRING                        { $$ = decl(ps, ER_DC_ENUM_VALUE, @$); $$->name = $1; }
;
/* the options of one fact, gathered in a scratch node (a, b: range; c: default) */
fact_opts:
    %empty                        { $$ = NULL; }
  | fact_opts RANGE range_lo DOTDOT range_hi
                                  { $$ = $1 ? $1 : decl(ps, ER_DC_FACT, @2);
                                    if ($$->a || $$->b) er_parse_error(ps, @2, "a fact has one range");
                                    $$->a = $3; $$->b = $5;
                                    if (!$3 && !$5) er_parse_error(ps, @4, "a range needs a bound on at least one side"); }
  | fact_opts DEFAULT literal     { $$ = $1 ? $1 : decl(ps, ER_DC_FACT, @2);
                                    if ($$->c) er_parse_error(ps, @2, "a fact has one default");
                                    $$->c = $3; }
;
range_lo: %empty { $$ = NULL; } | literal ;
range_hi: %empty { $$ = NULL; } | literal ;

literal:
    number_lit
  | DATE                          { $$ = date(ps, $1); }
  | STRING                        { $$ = leaf(ps, ER_EX_STR, $1); }
  | TRUE                          { $$ = er_ast_expr(A, ER_EX_BOOL, @$); $$->op = 1; }
  | FALSE                         { $$ = er_ast_expr(A, ER_EX_BOOL, @$); $$->op = 0; }
  | NUMBER '/' NUMBER             { $$ = sample(ps, $1, $3, @$); }
;
number_lit:
    NUMBER                        { $$ = number(ps, $1, false, false); }
  | PERCENT                       { $$ = number(ps, $1, false, true); }
  | '-' NUMBER                    { $$ = number(ps, $2, true, false); signed_text(ps, $$, @$); }
  | '-' PERCENT                   { $$ = number(ps, $2, true, true); signed_text(ps, $$, @$); }
;

/* let -> LET IDENT '=' expr */
let:
    LET IDENT '=' expr            { $$ = decl(ps, ER_DC_LET, @$); $$->name = $2; $$->a = $4;
                                    $$->head = @2; }
;

/* node -> (INDICATOR | ITEM) id STRING [POINTS number] '{' stmt* '}' */
node:
    node_kind node_id strings '{' body '}'
                                  { $$ = decl(ps, (er_decl_kind)$1, @$); $$->name = $2; $$->label = $3;
                                    $$->body = er_ast_reverse($5); $$->head = (er_span){@1.start, @3.end}; }
  | node_kind node_id strings POINTS number_lit '{' body '}'
                                  { $$ = decl(ps, (er_decl_kind)$1, @$); $$->name = $2; $$->label = $3;
                                    $$->a = $5; $$->body = er_ast_reverse($7);
                                    $$->head = (er_span){@1.start, @5.end}; }
;
node_kind:
    INDICATOR                     { $$ = ER_DC_INDICATOR; }
  | ITEM                          { $$ = ER_DC_ITEM; }
;
node_id: CLAUSE | NUMBER | IDENT ;

body:
    %empty                        { $$ = NULL; }
  | body stmt                     { $$ = PUSH($1, $2); }
  | body error                    { $$ = $1; }
;
stmt:
    node
  | let
  | TEXT strings                  { $$ = decl(ps, ER_DC_TEXT, @$); $$->label = $2; }
  | NOTE strings                  { $$ = decl(ps, ER_DC_NOTE, @$); $$->label = $2; }
  | ENGLISH STRING                { $$ = decl(ps, ER_DC_ENGLISH, @$); $$->label = $2; }
  | EXCLUDE WHEN expr because_opt { $$ = decl(ps, ER_DC_EXCLUDE, @$); $$->a = $3; $$->extra = $4; }
  | PASS WHEN expr                { $$ = decl(ps, ER_DC_PASS, @$); $$->a = $3; }
  | RATIO expr                    { $$ = decl(ps, ER_DC_RATIO, @$); $$->a = $2; }
  | SCORE expr                    { $$ = decl(ps, ER_DC_SCORE, @$); $$->a = $2; }
  | grade
;
strings:
    STRING
  | strings STRING                { $$ = concat(ps, $1, $2); }
;
because_opt:
    %empty                        { $$ = (er_str){NULL, 0, @$}; }
  | BECAUSE strings               { $$ = $2; }
;

/* grade -> GRADE expr '{' (cmp expr ':' number)* [OTHERWISE number] '}' */
grade:
    GRADE expr '{' tiers otherwise_opt '}'
                                  { $$ = decl(ps, ER_DC_GRADE, @$); $$->a = $2; $$->body = er_ast_reverse($4);
                                    $$->b = $5; $$->head = (er_span){@1.start, @2.end}; }
;
tiers:
    %empty                        { $$ = NULL; }
  | tiers tier                    { $$ = PUSH($1, $2); }
  | tiers error                   { $$ = $1; }
;
tier:
    cmp expr ':' number_lit       { $$ = decl(ps, ER_DC_TIER, @$); $$->op = (uint8_t)$1; $$->a = $2; $$->b = $4; }
;
cmp:
    GE                            { $$ = ER_OP_GE; }
  | '>'                           { $$ = ER_OP_GT; }
  | LE                            { $$ = ER_OP_LE; }
  | '<'                           { $$ = ER_OP_LT; }
;
otherwise_opt:
    %empty                        { $$ = NULL; }
  | OTHERWISE number_lit          { $$ = $2; }
;

/* veto -> VETO STRING WHEN expr */
veto:
    VETO strings WHEN expr         { $$ = decl(ps, ER_DC_VETO, @$); $$->label = $2; $$->a = $4; }
;

/* rating -> RATING '{' (LEVEL STRING AT number | OTHERWISE STRING | CAP STRING UNLESS expr)* '}' */
rating:
    RATING '{' rating_body '}'    { $$ = decl(ps, ER_DC_RATING, @$); $$->body = er_ast_reverse($3);
                                    $$->head = @1; }
;
rating_body:
    %empty                        { $$ = NULL; }
  | rating_body rating_stmt       { $$ = PUSH($1, $2); }
  | rating_body error             { $$ = $1; }
;
rating_stmt:
    LEVEL STRING AT number_lit    { $$ = decl(ps, ER_DC_LEVEL, @$); $$->label = $2; $$->a = $4; }
  | OTHERWISE STRING              { $$ = decl(ps, ER_DC_OTHERWISE, @$); $$->label = $2; }
  | CAP STRING UNLESS expr because_opt
                                  { $$ = decl(ps, ER_DC_CAP, @$); $$->label = $2; $$->a = $4; $$->extra = $5; }
;

/* total -> TOTAL '{' (NORMALIZE TO n | DEDUCT STRING expr [CAP expr] | BONUS … | ROUND IDENT TO n)* '}' */
total:
    TOTAL '{' total_body '}'      { $$ = decl(ps, ER_DC_TOTAL, @$); $$->body = er_ast_reverse($3);
                                    $$->head = @1; }
;
total_body:
    %empty                        { $$ = NULL; }
  | total_body total_stmt         { $$ = PUSH($1, $2); }
  | total_body error              { $$ = $1; }
;
total_stmt:
    NORMALIZE TO number_lit       { $$ = decl(ps, ER_DC_NORMALIZE, @$); $$->a = $3; }
  | DEDUCT STRING expr cap_opt    { $$ = decl(ps, ER_DC_DEDUCT, @$); $$->label = $2; $$->a = $3; $$->b = $4; }
  | BONUS STRING expr cap_opt     { $$ = decl(ps, ER_DC_BONUS, @$); $$->label = $2; $$->a = $3; $$->b = $4; }
  | ROUND IDENT TO number_lit     { $$ = decl(ps, ER_DC_ROUND, @$); $$->name = $2; $$->a = $4; }
;
cap_opt:
    %empty                        { $$ = NULL; }
  | CAP expr                      { $$ = $2; }
;

/* expressions */
expr:
    primary
  | expr '+' expr                 { $$ = er_ast_binary(A, ER_OP_ADD, $1, $3, @$); }
  | expr '-' expr                 { $$ = er_ast_binary(A, ER_OP_SUB, $1, $3, @$); }
  | expr '*' expr                 { $$ = er_ast_binary(A, ER_OP_MUL, $1, $3, @$); }
  | expr '/' expr                 { $$ = er_ast_binary(A, ER_OP_DIV, $1, $3, @$); }
  | expr '<' expr                 { $$ = er_ast_binary(A, ER_OP_LT, $1, $3, @$); }
  | expr LE expr                  { $$ = er_ast_binary(A, ER_OP_LE, $1, $3, @$); }
  | expr '>' expr                 { $$ = er_ast_binary(A, ER_OP_GT, $1, $3, @$); }
  | expr GE expr                  { $$ = er_ast_binary(A, ER_OP_GE, $1, $3, @$); }
  | expr EQ expr                  { $$ = er_ast_binary(A, ER_OP_EQ, $1, $3, @$); }
  | expr NE expr                  { $$ = er_ast_binary(A, ER_OP_NE, $1, $3, @$); }
  | expr '=' expr                 { er_parse_error(ps, @2, "'=' is not a comparison; did you mean '=='?");
                                    $$ = er_ast_binary(A, ER_OP_EQ, $1, $3, @$); }
  | expr AND expr                 { $$ = er_ast_binary(A, ER_OP_AND, $1, $3, @$); }
  | expr OR expr                  { $$ = er_ast_binary(A, ER_OP_OR, $1, $3, @$); }
  | NOT expr                      { $$ = unary(ps, ER_OP_NOT, $2, @$); }
  | '-' expr %prec NEG            { $$ = unary(ps, ER_OP_NEG, $2, @$); }
  | IF expr THEN expr ELSE expr   { $$ = er_ast_expr(A, ER_EX_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
;
primary:
    NUMBER                        { $$ = number(ps, $1, false, false); }
  | PERCENT                       { $$ = number(ps, $1, false, true); }
  | DATE                          { $$ = date(ps, $1); }
  | STRING                        { $$ = leaf(ps, ER_EX_STR, $1); }
  | TRUE                          { $$ = er_ast_expr(A, ER_EX_BOOL, @$); $$->op = 1; }
  | FALSE                         { $$ = er_ast_expr(A, ER_EX_BOOL, @$); $$->op = 0; }
  | IDENT                         { $$ = leaf(ps, ER_EX_NAME, $1); }
  | CLAUSE                        { $$ = leaf(ps, ER_EX_ID, $1); }
  | POINTS                        { $$ = er_ast_expr(A, ER_EX_POINTS, @$); }
  | SCORE                         { $$ = er_ast_expr(A, ER_EX_SCORE, @$); }
  | IDENT '(' args ')'            { $$ = call(ps, $1, $3, @$); }
  | ROUND '(' args ')'            { $$ = call(ps, (er_str){"round", 5, @1}, $3, @$); }
  | POINTS '(' args ')'           { $$ = call(ps, (er_str){"points", 6, @1}, $3, @$); }
  | '(' expr ')'                  { $$ = $2; $$->span = @$; }
  | '(' error ')'                 { $$ = er_ast_expr(A, ER_EX_BOOL, @$); $$->type = ER_TY_ERROR; }
;
args:
    %empty                        { $$ = NULL; }
  | arglist                       { $$ = er_ast_reverse_expr($1); }
;
arglist:
    expr
  | arglist ',' expr              { $$ = PUSH($1, $3); }
;

%%

static er_expr *number(struct er_parse_state *ps, er_str text, bool negative, bool percent)
{
    er_expr *e = er_ast_expr(A, ER_EX_NUM, text.span);
    e->str = text;
    e->percent = percent;
    size_t len = text.len - (percent ? 1 : 0);
    er_num v = ER_NUM_ZERO;
    er_num_status st = er_num_parse(text.s, len, &v);
    if (st == ER_NUM_OK && percent)
        st = er_num_div(v, er_num_int(100), &v);
    if (st == ER_NUM_OK && negative)
        st = er_num_neg(v, &v);
    if (st != ER_NUM_OK)
        er_parse_error(ps, text.span, "number '%s' is too large or too precise to hold exactly", text.s);
    e->num = v;
    return e;
}

/* '-' NUMBER: the literal's text and span take in the sign */
static void signed_text(struct er_parse_state *ps, er_expr *e, er_span span)
{
    e->span = span;
    e->str = (er_str){er_arena_strndup(A, ps->src->text + span.start, span.end - span.start),
                      span.end - span.start, span};
}

static er_expr *sample(struct er_parse_state *ps, er_str k, er_str n, er_span span)
{
    er_expr *e = er_ast_expr(A, ER_EX_NUM, span);
    er_expr *kn = number(ps, k, false, false), *nn = number(ps, n, false, false);
    e->a = kn; /* a sample literal keeps its two parts */
    e->b = nn;
    e->str = (er_str){er_arena_strndup(A, ps->src->text + span.start, span.end - span.start),
                      span.end - span.start, span};
    if (!er_num_is_int(kn->num) || !er_num_is_int(nn->num))
        er_parse_error(ps, span, "a sample is two whole numbers, conforming/sampled");
    else if (er_num_is_zero(nn->num))
        er_parse_error(ps, n.span, "a sample of 0 items");
    else if (er_num_cmp(kn->num, nn->num) > 0)
        er_parse_error(ps, span, "sample %s has more conforming items than sampled", e->str.s);
    else
        er_num_div(kn->num, nn->num, &e->num);
    return e;
}

static er_expr *date(struct er_parse_state *ps, er_str text)
{
    er_expr *e = er_ast_expr(A, ER_EX_DATE, text.span);
    e->str = text;
    if (!er_date_parse(text.s, text.len, &e->date))
        er_parse_error(ps, text.span, "'%s' is not a calendar date (YYYY-MM-DD)", text.s);
    return e;
}

static er_expr *leaf(struct er_parse_state *ps, er_expr_kind k, er_str text)
{
    er_expr *e = er_ast_expr(A, k, text.span);
    e->str = text;
    return e;
}

static er_str concat(struct er_parse_state *ps, er_str a, er_str b)
{
    char *s = er_arena_alloc(A, (size_t)a.len + b.len + 1);
    memcpy(s, a.s, a.len);
    memcpy(s + a.len, b.s, b.len);
    return (er_str){s, a.len + b.len, {a.span.start, b.span.end}};
}

static er_expr *unary(struct er_parse_state *ps, er_op op, er_expr *e, er_span span)
{
    er_expr *u = er_ast_expr(A, ER_EX_UNARY, span);
    u->op = (uint8_t)op;
    u->a = e;
    return u;
}

static er_expr *call(struct er_parse_state *ps, er_str name, er_expr *args, er_span span)
{
    er_expr *e = er_ast_expr(A, ER_EX_CALL, span);
    e->str = name;
    e->a = args;
    return e;
}

static void er_yyerror(ER_YYLTYPE *loc, yyscan_t scanner, struct er_parse_state *ps, const char *msg)
{
    (void)scanner;
    if (strncmp(msg, "syntax error, ", 14) == 0)
        msg += 14;
    if (strcmp(msg, "memory exhausted") == 0)
        msg = "nested too deeply: the parser ran out of memory";
    if (ps->at_eof && ps->depth > 0) {
        int i = ps->depth <= ER_MAX_NESTING ? ps->depth - 1 : ER_MAX_NESTING - 1;
        int line, col;
        er_source_position(ps->src, ps->open[i].brace, &line, &col);
        er_parse_error(ps, *loc, "%s: the %s%s%s block opened at line %d is not closed", msg,
                       *ps->open[i].what ? "'" : "", ps->open[i].what, *ps->open[i].what ? "'" : "", line);
        er_diag_at(ps->diag, ER_SEV_NOTE, ps->src, ps->open[i].keyword, ps->open[i].brace + 1,
                   "the block opened here needs a '}'");
        return;
    }
    /* a keyword where a name belongs: say it is reserved */
    const char *tok = ps->src->text + loc->start;
    size_t len = loc->end > loc->start ? loc->end - loc->start : 0;
    bool word = len > 0 && ((*tok >= 'a' && *tok <= 'z') || (*tok >= 'A' && *tok <= 'Z'));
    if (word && strstr(msg, "expecting identifier") && strncmp(msg, "unexpected identifier", 21) != 0) {
        er_parse_error(ps, *loc, "%s; '%.*s' is a reserved word, choose another name", msg, (int)len, tok);
        return;
    }
    er_parse_error(ps, *loc, "%s", msg);
}
