/* parser.y — grammar of the evalrules language.
 * Pure, reentrant, with byte-range locations.  Actions only build AST nodes
 * (src/ast.h); names, types and points are the checker's business.
 * Error rules at every list let one run report every syntax error. */
%require "3.7"
%define api.pure full
%define api.prefix {eri_yy}
%define api.location.type {eri_span}
%define parse.error detailed
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct eri_parse_state *ps}

%code requires {
#include "ast.h"
typedef void *yyscan_t;
struct eri_parse_state;
}

%code {
#include <string.h>

#include "alloc.h"
#include "parse.h"

/* bison's stack, when it outgrows its initial size, goes through our hook too */
#define YYMALLOC eri_malloc
#define YYFREE eri_free

int eri_yylex(ERI_YYSTYPE *lval, ERI_YYLTYPE *lloc, yyscan_t scanner);
static void eri_yyerror(ERI_YYLTYPE *loc, yyscan_t scanner, struct eri_parse_state *ps, const char *msg);

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
#define ERI_STR_(x) #x
#define ERI_STR(x) ERI_STR_(x)
/* prepend to a list that is reversed when complete */
#define PUSH(list, item) ((item) ? ((item)->next = (list), (item)) : (list))

static eri_decl *decl(struct eri_parse_state *ps, eri_decl_kind k, eri_span span)
{
    return eri_ast_decl(ps->arena, k, span);
}
static eri_expr *number(struct eri_parse_state *ps, eri_str text, bool negative, bool percent);
static eri_expr *sample(struct eri_parse_state *ps, eri_str k, eri_str n, eri_span span);
static void signed_text(struct eri_parse_state *ps, eri_expr *e, eri_span span);
static eri_expr *date(struct eri_parse_state *ps, eri_str text);
static eri_expr *leaf(struct eri_parse_state *ps, eri_expr_kind k, eri_str text);
static eri_str concat(struct eri_parse_state *ps, eri_str a, eri_str b);
static eri_expr *unary(struct eri_parse_state *ps, eri_op op, eri_expr *e, eri_span span);
static eri_expr *call(struct eri_parse_state *ps, eri_str name, eri_expr *args, eri_span span);
}

%union {
    eri_str str;
    eri_expr *expr;
    eri_decl *decl;
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
%token FOR "'for'" PAIRWISE "'pairwise'" EXCLUDABLE "'excludable'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" DOTDOT "'..'"

%type <decl> decls decl standard metas meta fact enum_values enum_value fact_opts let node
%type <decl> scheme scheme_body scheme_stmt judgements judgement
%type <expr> judgement_value
%type <str> scheme_for
%type <decl> body stmt grade tiers tier veto rating rating_body rating_stmt total total_body total_stmt
%type <expr> expr primary args arglist literal number_lit otherwise_opt cap_opt range_lo range_hi
%type <str> node_id strings because_opt english_opt fact_label fact_type meta_key
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
    decls                         { ps->result = eri_ast_reverse($1); }
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
                                  { $$ = decl(ps, ERI_DC_SCHEME, @$); $$->name = $2; $$->label = $3;
                                    $$->extra = $4; $$->body = eri_ast_reverse($6);
                                    $$->head = (eri_span){@1.start, @4.end}; }
;
scheme_for:
    %empty                        { $$ = (eri_str){NULL, 0, @$}; }
  | FOR STRING                    { $$ = $2; }
;
scheme_body:
    %empty                        { $$ = NULL; }
  | scheme_body scheme_stmt       { $$ = PUSH($1, $2); }
  | scheme_body error             { $$ = $1; }
;
scheme_stmt:
    node_id POINTS number_lit     { $$ = decl(ps, ERI_DC_SET_POINTS, @$); $$->name = $1; $$->a = $3; }
  | PAIRWISE '{' judgements '}'   { $$ = decl(ps, ERI_DC_PAIRWISE, @$); $$->body = eri_ast_reverse($3);
                                    $$->name = (eri_str){NULL, 0, @1}; $$->head = @1; }
  | PAIRWISE node_id '{' judgements '}'
                                  { $$ = decl(ps, ERI_DC_PAIRWISE, @$); $$->name = $2;
                                    $$->body = eri_ast_reverse($4); $$->head = (eri_span){@1.start, @2.end}; }
;
judgements:
    %empty                        { $$ = NULL; }
  | judgements judgement          { $$ = PUSH($1, $2); }
  | judgements error              { $$ = $1; }
;
/* 5.1 : 5.2 = 3 — 5.1 matters 3 times as much as 5.2 (Saaty's 1-9 scale) */
judgement:
    node_id ':' node_id '=' judgement_value
                                  { $$ = decl(ps, ERI_DC_JUDGEMENT, @$); $$->name = $1; $$->extra = $3;
                                    $$->a = $5; }
;
judgement_value:
    NUMBER                        { $$ = number(ps, $1, false, false); }
  | NUMBER '/' NUMBER             { $$ = eri_ast_binary(A, ERI_OP_DIV, number(ps, $1, false, false),
                                                       number(ps, $3, false, false), @$); }
;

/* standard -> STANDARD STRING [ '{' meta* '}' ] */
standard:
    STANDARD STRING               { $$ = decl(ps, ERI_DC_STANDARD, @$); $$->label = $2; }
  | STANDARD STRING '{' metas '}' { $$ = decl(ps, ERI_DC_STANDARD, @$); $$->label = $2;
                                    $$->body = eri_ast_reverse($4); $$->head = @2; }
;
metas:
    %empty                        { $$ = NULL; }
  | metas meta                    { $$ = PUSH($1, $2); }
  | metas error                   { $$ = $1; }
;
meta:
    meta_key literal              { $$ = decl(ps, ERI_DC_META, @$); $$->name = $1; $$->a = $2; }
;
meta_key:
    IDENT
  | TEXT                          { $$ = (eri_str){"text", 4, @1}; }
  | NOTE                          { $$ = (eri_str){"note", 4, @1}; }
  | ENGLISH                       { $$ = (eri_str){"english", 7, @1}; }
;

/* fact -> FACT IDENT ':' type [STRING] (range lo..hi | default literal)* */
fact:
    FACT IDENT ':' fact_type fact_label fact_opts
                                  { $$ = decl(ps, ERI_DC_FACT, @$); $$->name = $2; $$->extra = $4;
                                    $$->label = $5; $$->head = (eri_span){@1.start, @4.end};
                                    if ($6) { $$->a = $6->a; $$->b = $6->b; $$->c = $6->c; } }
  | FACT IDENT ':' ENUM '{' enum_values '}' fact_label fact_opts
                                  { $$ = decl(ps, ERI_DC_FACT, @$); $$->name = $2;
                                    $$->extra = (eri_str){"enum", 4, @4}; $$->label = $8;
                                    $$->body = eri_ast_reverse($6); $$->head = (eri_span){@1.start, @7.end};
                                    if ($9) { $$->a = $9->a; $$->b = $9->b; $$->c = $9->c; } }
;
fact_type:
    IDENT
  | TEXT                          { $$ = (eri_str){"text", 4, @1}; }
;
fact_label:
    %empty                        { $$ = (eri_str){NULL, 0, @$}; }
  | strings
;
enum_values:
    enum_value                    { $$ = $1; }
  | enum_values ',' enum_value    { $$ = PUSH($1, $3); }
  | enum_values error             { $$ = $1; }
;
enum_value:
    IDENT                         { $$ = decl(ps, ERI_DC_ENUM_VALUE, @$); $$->name = $1; }
  | STRING                        { $$ = decl(ps, ERI_DC_ENUM_VALUE, @$); $$->name = $1; }
;
/* the options of one fact, gathered in a scratch node (a, b: range; c: default) */
fact_opts:
    %empty                        { $$ = NULL; }
  | fact_opts RANGE range_lo DOTDOT range_hi
                                  { $$ = $1 ? $1 : decl(ps, ERI_DC_FACT, @2);
                                    if ($$->a || $$->b) eri_parse_error(ps, @2, "a fact has one range");
                                    $$->a = $3; $$->b = $5;
                                    if (!$3 && !$5) eri_parse_error(ps, @4, "a range needs a bound on at least one side"); }
  | fact_opts DEFAULT literal     { $$ = $1 ? $1 : decl(ps, ERI_DC_FACT, @2);
                                    if ($$->c) eri_parse_error(ps, @2, "a fact has one default");
                                    $$->c = $3; }
;
/* a bound is a literal or another fact: range ..audit.date (the checker resolves the name) */
range_lo: %empty { $$ = NULL; } | literal | IDENT { $$ = leaf(ps, ERI_EX_NAME, $1); } ;
range_hi: %empty { $$ = NULL; } | literal | IDENT { $$ = leaf(ps, ERI_EX_NAME, $1); } ;

literal:
    number_lit
  | DATE                          { $$ = date(ps, $1); }
  | STRING                        { $$ = leaf(ps, ERI_EX_STR, $1); }
  | TRUE                          { $$ = eri_ast_expr(A, ERI_EX_BOOL, @$); $$->op = 1; }
  | FALSE                         { $$ = eri_ast_expr(A, ERI_EX_BOOL, @$); $$->op = 0; }
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
    LET IDENT '=' expr            { $$ = decl(ps, ERI_DC_LET, @$); $$->name = $2; $$->a = $4;
                                    $$->head = @2; }
;

/* node -> (INDICATOR | ITEM) id STRING [POINTS number] '{' stmt* '}' */
node:
    node_kind node_id strings '{' body '}'
                                  { $$ = decl(ps, (eri_decl_kind)$1, @$); $$->name = $2; $$->label = $3;
                                    $$->body = eri_ast_reverse($5); $$->head = (eri_span){@1.start, @3.end}; }
  | node_kind node_id strings POINTS number_lit '{' body '}'
                                  { $$ = decl(ps, (eri_decl_kind)$1, @$); $$->name = $2; $$->label = $3;
                                    $$->a = $5; $$->body = eri_ast_reverse($7);
                                    $$->head = (eri_span){@1.start, @5.end}; }
;
node_kind:
    INDICATOR                     { $$ = ERI_DC_INDICATOR; }
  | ITEM                          { $$ = ERI_DC_ITEM; }
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
  | TEXT strings                  { $$ = decl(ps, ERI_DC_TEXT, @$); $$->label = $2; }
  | NOTE strings                  { $$ = decl(ps, ERI_DC_NOTE, @$); $$->label = $2; }
  | ENGLISH STRING                { $$ = decl(ps, ERI_DC_ENGLISH, @$); $$->label = $2; }
  | EXCLUDE WHEN expr because_opt { $$ = decl(ps, ERI_DC_EXCLUDE, @$); $$->a = $3; $$->extra = $4; }
  | EXCLUDABLE fact_label         { $$ = decl(ps, ERI_DC_EXCLUDABLE, @$); $$->label = $2; }
  | PASS WHEN expr                { $$ = decl(ps, ERI_DC_PASS, @$); $$->a = $3; }
  | RATIO expr                    { $$ = decl(ps, ERI_DC_RATIO, @$); $$->a = $2; }
  | SCORE expr                    { $$ = decl(ps, ERI_DC_SCORE, @$); $$->a = $2; }
  | grade
;
strings:
    STRING
  | strings STRING                { $$ = concat(ps, $1, $2); }
;
because_opt:
    %empty                        { $$ = (eri_str){NULL, 0, @$}; }
  | BECAUSE strings               { $$ = $2; }
;

/* grade -> GRADE expr '{' (cmp expr ':' number)* [OTHERWISE number] '}' */
grade:
    GRADE expr '{' tiers otherwise_opt '}'
                                  { $$ = decl(ps, ERI_DC_GRADE, @$); $$->a = $2; $$->body = eri_ast_reverse($4);
                                    $$->b = $5; $$->head = (eri_span){@1.start, @2.end}; }
;
tiers:
    %empty                        { $$ = NULL; }
  | tiers tier                    { $$ = PUSH($1, $2); }
  | tiers error                   { $$ = $1; }
;
tier:
    cmp expr ':' number_lit       { $$ = decl(ps, ERI_DC_TIER, @$); $$->op = (uint8_t)$1; $$->a = $2; $$->b = $4; }
;
cmp:
    GE                            { $$ = ERI_OP_GE; }
  | '>'                           { $$ = ERI_OP_GT; }
  | LE                            { $$ = ERI_OP_LE; }
  | '<'                           { $$ = ERI_OP_LT; }
;
otherwise_opt:
    %empty                        { $$ = NULL; }
  | OTHERWISE number_lit          { $$ = $2; }
;

/* veto -> VETO STRING [ENGLISH STRING] WHEN expr */
veto:
    VETO strings english_opt WHEN expr
                                  { $$ = decl(ps, ERI_DC_VETO, @$); $$->label = $2; $$->extra = $3; $$->a = $5; }
;
/* the English label of a level, veto or adjustment (in 'extra') */
english_opt:
    %empty                        { $$ = (eri_str){NULL, 0, @$}; }
  | ENGLISH STRING                { $$ = $2; }
;

/* rating -> RATING '{' (LEVEL STRING [ENGLISH STRING] AT number | OTHERWISE STRING [ENGLISH STRING]
 *                       | CAP STRING UNLESS expr [BECAUSE STRING+ [ENGLISH STRING]])* '}' */
rating:
    RATING '{' rating_body '}'    { $$ = decl(ps, ERI_DC_RATING, @$); $$->body = eri_ast_reverse($3);
                                    $$->head = @1; }
;
rating_body:
    %empty                        { $$ = NULL; }
  | rating_body rating_stmt       { $$ = PUSH($1, $2); }
  | rating_body error             { $$ = $1; }
;
rating_stmt:
    LEVEL STRING english_opt AT number_lit
                                  { $$ = decl(ps, ERI_DC_LEVEL, @$); $$->label = $2; $$->extra = $3; $$->a = $5; }
  | OTHERWISE STRING english_opt  { $$ = decl(ps, ERI_DC_OTHERWISE, @$); $$->label = $2; $$->extra = $3; }
  | CAP STRING UNLESS expr because_opt english_opt /* name: the reason in English */
                                  { $$ = decl(ps, ERI_DC_CAP, @$); $$->label = $2; $$->a = $4; $$->extra = $5;
                                    $$->name = $6; }
;

/* total -> TOTAL '{' (NORMALIZE TO n | DEDUCT STRING [ENGLISH STRING] expr [CAP expr] | BONUS …
 *                     | ROUND IDENT TO n)* '}' */
total:
    TOTAL '{' total_body '}'      { $$ = decl(ps, ERI_DC_TOTAL, @$); $$->body = eri_ast_reverse($3);
                                    $$->head = @1; }
;
total_body:
    %empty                        { $$ = NULL; }
  | total_body total_stmt         { $$ = PUSH($1, $2); }
  | total_body error              { $$ = $1; }
;
total_stmt:
    NORMALIZE TO number_lit       { $$ = decl(ps, ERI_DC_NORMALIZE, @$); $$->a = $3; }
  | DEDUCT STRING english_opt expr cap_opt
                                  { $$ = decl(ps, ERI_DC_DEDUCT, @$); $$->label = $2; $$->extra = $3; $$->a = $4;
                                    $$->b = $5; }
  | BONUS STRING english_opt expr cap_opt
                                  { $$ = decl(ps, ERI_DC_BONUS, @$); $$->label = $2; $$->extra = $3; $$->a = $4;
                                    $$->b = $5; }
  | ROUND IDENT TO number_lit     { $$ = decl(ps, ERI_DC_ROUND, @$); $$->name = $2; $$->a = $4; }
;
cap_opt:
    %empty                        { $$ = NULL; }
  | CAP expr                      { $$ = $2; }
;

/* expressions */
expr:
    primary
  | expr '+' expr                 { $$ = eri_ast_chain(A, ERI_OP_ADD, $1, $3, @$); }
  | expr '-' expr                 { $$ = eri_ast_chain(A, ERI_OP_SUB, $1, $3, @$); }
  | expr '*' expr                 { $$ = eri_ast_chain(A, ERI_OP_MUL, $1, $3, @$); }
  | expr '/' expr                 { $$ = eri_ast_chain(A, ERI_OP_DIV, $1, $3, @$); }
  | expr '<' expr                 { $$ = eri_ast_binary(A, ERI_OP_LT, $1, $3, @$); }
  | expr LE expr                  { $$ = eri_ast_binary(A, ERI_OP_LE, $1, $3, @$); }
  | expr '>' expr                 { $$ = eri_ast_binary(A, ERI_OP_GT, $1, $3, @$); }
  | expr GE expr                  { $$ = eri_ast_binary(A, ERI_OP_GE, $1, $3, @$); }
  | expr EQ expr                  { $$ = eri_ast_binary(A, ERI_OP_EQ, $1, $3, @$); }
  | expr NE expr                  { $$ = eri_ast_binary(A, ERI_OP_NE, $1, $3, @$); }
  | expr '=' expr                 { eri_parse_error(ps, @2, "'=' is not a comparison; did you mean '=='?");
                                    $$ = eri_ast_binary(A, ERI_OP_EQ, $1, $3, @$); }
  | expr AND expr                 { $$ = eri_ast_chain(A, ERI_OP_AND, $1, $3, @$); }
  | expr OR expr                  { $$ = eri_ast_chain(A, ERI_OP_OR, $1, $3, @$); }
  | NOT expr                      { $$ = unary(ps, ERI_OP_NOT, $2, @$); }
  | '-' expr %prec NEG            { $$ = unary(ps, ERI_OP_NEG, $2, @$); }
  | IF expr THEN expr ELSE expr   { $$ = eri_ast_expr(A, ERI_EX_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
;
primary:
    NUMBER                        { $$ = number(ps, $1, false, false); }
  | PERCENT                       { $$ = number(ps, $1, false, true); }
  | DATE                          { $$ = date(ps, $1); }
  | STRING                        { $$ = leaf(ps, ERI_EX_STR, $1); }
  | TRUE                          { $$ = eri_ast_expr(A, ERI_EX_BOOL, @$); $$->op = 1; }
  | FALSE                         { $$ = eri_ast_expr(A, ERI_EX_BOOL, @$); $$->op = 0; }
  | IDENT                         { $$ = leaf(ps, ERI_EX_NAME, $1); }
  | CLAUSE                        { $$ = leaf(ps, ERI_EX_ID, $1); }
  | POINTS                        { $$ = eri_ast_expr(A, ERI_EX_POINTS, @$); }
  | SCORE                         { $$ = eri_ast_expr(A, ERI_EX_SCORE, @$); }
  | IDENT '(' args ')'            { $$ = call(ps, $1, $3, @$); }
  | ROUND '(' args ')'            { $$ = call(ps, (eri_str){"round", 5, @1}, $3, @$); }
  | POINTS '(' args ')'           { $$ = call(ps, (eri_str){"points", 6, @1}, $3, @$); }
  | '(' expr ')'                  { $$ = $2; $$->span = @$; }
  | '(' error ')'                 { $$ = eri_ast_expr(A, ERI_EX_BOOL, @$); $$->type = ERI_TY_ERROR; }
;
args:
    %empty                        { $$ = NULL; }
  | arglist                       { $$ = eri_ast_reverse_expr($1); }
;
arglist:
    expr
  | arglist ',' expr              { $$ = PUSH($1, $3); }
;

%%

static eri_expr *number(struct eri_parse_state *ps, eri_str text, bool negative, bool percent)
{
    eri_expr *e = eri_ast_expr(A, ERI_EX_NUM, text.span);
    e->str = text;
    e->percent = percent;
    size_t len = text.len - (percent ? 1 : 0);
    eri_num v = ERI_NUM_ZERO;
    eri_num_status st = eri_num_parse(text.s, len, &v);
    if (st == ERI_NUM_OK && percent)
        st = eri_num_div(v, eri_num_int(100), &v);
    if (st == ERI_NUM_OK && negative)
        st = eri_num_neg(v, &v);
    if (st != ERI_NUM_OK)
        eri_parse_error(ps, text.span, "out of memory reading the number '%s'", text.s); /* any size is exact */
    e->num = v;
    return e;
}

/* '-' NUMBER: the literal's span takes in the sign, and its text is "-" and
 * the number's own, whatever blanks stand between them ("- 0" is "-0", as
 * fmt writes it: the syntax tree is the same before and after fmt) */
static void signed_text(struct eri_parse_state *ps, eri_expr *e, eri_span span)
{
    size_t len = e->str.len + 1;
    char *s = eri_arena_alloc(A, len + 1); /* zeroed: NUL-terminated */
    s[0] = '-';
    memcpy(s + 1, e->str.s, e->str.len);
    e->span = span;
    e->str = (eri_str){s, len, span};
}

static eri_expr *sample(struct eri_parse_state *ps, eri_str k, eri_str n, eri_span span)
{
    eri_expr *e = eri_ast_expr(A, ERI_EX_NUM, span);
    eri_expr *kn = number(ps, k, false, false), *nn = number(ps, n, false, false);
    e->a = kn; /* a sample literal keeps its two parts */
    e->b = nn;
    e->str = (eri_str){eri_arena_strndup(A, ps->src->text + span.start, span.end - span.start),
                      span.end - span.start, span};
    if (!eri_num_is_int(kn->num) || !eri_num_is_int(nn->num))
        eri_parse_error(ps, span, "a sample is two whole numbers, conforming/sampled");
    else if (eri_num_is_zero(nn->num))
        eri_parse_error(ps, n.span, "a sample of 0 items");
    else if (eri_num_cmp(kn->num, nn->num) > 0)
        eri_parse_error(ps, span, "sample %s has more conforming items than sampled", e->str.s);
    else if (eri_num_is_big(nn->num)) /* counts are int64_t (eri_value.k, .n) */
        eri_parse_error(ps, n.span, "a sample's counts are whole numbers below 2^63");
    else
        eri_num_div(kn->num, nn->num, &e->num);
    return e;
}

static eri_expr *date(struct eri_parse_state *ps, eri_str text)
{
    eri_expr *e = eri_ast_expr(A, ERI_EX_DATE, text.span);
    e->str = text;
    if (!eri_date_parse(text.s, text.len, &e->date))
        eri_parse_error(ps, text.span, "'%s' is not a calendar date (YYYY-MM-DD)", text.s);
    return e;
}

static eri_expr *leaf(struct eri_parse_state *ps, eri_expr_kind k, eri_str text)
{
    eri_expr *e = eri_ast_expr(A, k, text.span);
    e->str = text;
    return e;
}

/* strings -> strings STRING: the text so far grows in place, doubling its
 * room when full, so that n adjacent strings cost O(total length) */
static eri_str concat(struct eri_parse_state *ps, eri_str a, eri_str b)
{
    size_t need = (size_t)a.len + b.len + 1;
    char *s = (char *)a.s;
    if (s != ps->cat || need > ps->cat_cap) {
        size_t cap = need < 64 ? 64 : need * 2;
        s = eri_arena_alloc(A, cap);
        memcpy(s, a.s, a.len);
        ps->cat = s;
        ps->cat_cap = cap;
    }
    memcpy(s + a.len, b.s, b.len);
    s[a.len + b.len] = '\0';
    return (eri_str){s, a.len + b.len, {a.span.start, b.span.end}};
}

static eri_expr *unary(struct eri_parse_state *ps, eri_op op, eri_expr *e, eri_span span)
{
    eri_expr *u = eri_ast_expr(A, ERI_EX_UNARY, span);
    u->op = (uint8_t)op;
    u->a = e;
    return u;
}

static eri_expr *call(struct eri_parse_state *ps, eri_str name, eri_expr *args, eri_span span)
{
    eri_expr *e = eri_ast_expr(A, ERI_EX_CALL, span);
    e->str = name;
    e->a = args;
    return e;
}

static void eri_yyerror(ERI_YYLTYPE *loc, yyscan_t scanner, struct eri_parse_state *ps, const char *msg)
{
    (void)scanner;
    if (strncmp(msg, "syntax error, ", 14) == 0)
        msg += 14;
    if (strcmp(msg, "memory exhausted") == 0) /* bison's stack (YYMAXDEPTH) is full */
        msg = "nested too deeply: expressions nest at most " ERI_STR(ERI_MAX_EXPR_DEPTH) " levels and indicators "
              ERI_STR(ERI_MAX_NODE_DEPTH);
    if (ps->at_eof && ps->depth > 0 && eri_parse_unclosed_at_eof(ps))
        return;
    if (ps->at_eof && ps->depth > 0) {
        int i = ps->depth <= ERI_MAX_NESTING ? ps->depth - 1 : ERI_MAX_NESTING - 1;
        int line, col;
        eri_source_position(ps->src, ps->open[i].brace, &line, &col);
        eri_parse_error(ps, *loc, "%s: the %s%s%s block opened at line %d is not closed", msg,
                       *ps->open[i].what ? "'" : "", ps->open[i].what, *ps->open[i].what ? "'" : "", line);
        eri_diag_at(ps->diag, ERI_SEV_NOTE, ps->src, ps->open[i].keyword, ps->open[i].brace + 1,
                   "the block opened here needs a '}'");
        return;
    }
    /* a keyword where a name belongs: say it is reserved */
    const char *tok = ps->src->text + loc->start;
    size_t len = loc->end > loc->start ? loc->end - loc->start : 0;
    bool word = len > 0 && ((*tok >= 'a' && *tok <= 'z') || (*tok >= 'A' && *tok <= 'Z'));
    if (word && strstr(msg, "expecting identifier") && strncmp(msg, "unexpected identifier", 21) != 0) {
        eri_parse_error(ps, *loc, "%s; '%.*s' is a reserved word, choose another name", msg, (int)len, tok);
        return;
    }
    /* a keyword misspelt where the scanner could not tell (eri_parse_respell) */
    const char *like = word && strncmp(msg, "unexpected identifier", 21) == 0 ? eri_parse_keyword_like(tok, len) : NULL;
    if (like) {
        eri_parse_error(ps, *loc, "%s '%.*s'; did you mean '%s'?", msg, (int)len, tok, like);
        return;
    }
    eri_parse_error(ps, *loc, "%s", msg);
}
