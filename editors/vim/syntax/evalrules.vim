" Vim syntax file
" Language:  evalrules rules, scheme, test and facts files (docs/language.md)
" The same tokens as editors/evalrules.tmLanguage.json.
if exists('b:current_syntax')
  finish
endif

syn match   evalrulesName      /\<[A-Za-z_][A-Za-z0-9_]*\%(\.[A-Za-z_][A-Za-z0-9_]*\)*\>/
syn keyword evalrulesKeyword   standard enum range default points text note english exclude excludable
syn keyword evalrulesKeyword   when because pass ratio score grade otherwise veto rating level at cap unless
syn keyword evalrulesKeyword   total normalize to deduct bonus round if then else and or not for pairwise
syn keyword evalrulesKeyword   subject case facts expect vetoes error none earned applicable excluded
syn keyword evalrulesDeclare   fact let indicator item scheme nextgroup=evalrulesDeclared skipwhite
syn match   evalrulesDeclared  /[A-Za-z_0-9][A-Za-z0-9_.]*/ contained
syn match   evalrulesFunction  /\<\%(min\|max\|ceil\|floor\|abs\|days_between\|months_between\|years_between\|conforming\|sampled\|failed\)\ze\s*(/
syn keyword evalrulesRounding  half_up half_even half_down up down ceiling
syn keyword evalrulesBoolean   true false yes no
syn match   evalrulesNumber    /\<[0-9]\+\%(\.[0-9]\+\)\=\>/
syn match   evalrulesPercent   /\<[0-9]\+\%(\.[0-9]\+\)\=%/
syn match   evalrulesSample    /\<[0-9]\+\/[0-9]\+\>/
syn match   evalrulesDate      /\<[0-9]\{4}-[0-9]\{2}-[0-9]\{2}\>/
syn match   evalrulesClause    /\<[0-9]\+\%(\.[0-9]\+\)\{2,}\>/
syn match   evalrulesOperator  /<=\|>=\|==\|!=\|\.\.\|[-+*\/<>=:]/
syn match   evalrulesEscape    /\\["\\nt]/ contained
syn region  evalrulesString    start=/"/ skip=/\\./ end=/"\|$/ contains=evalrulesEscape oneline
syn keyword evalrulesTodo      TODO FIXME XXX contained
syn match   evalrulesComment   /#.*$/ contains=evalrulesTodo,@Spell

hi def link evalrulesKeyword   Keyword
hi def link evalrulesDeclare   StorageClass
hi def link evalrulesDeclared  Identifier
hi def link evalrulesFunction  Function
hi def link evalrulesRounding  Constant
hi def link evalrulesBoolean   Boolean
hi def link evalrulesNumber    Number
hi def link evalrulesPercent   Number
hi def link evalrulesSample    Number
hi def link evalrulesDate      Constant
hi def link evalrulesClause    Label
hi def link evalrulesOperator  Operator
hi def link evalrulesString    String
hi def link evalrulesEscape    SpecialChar
hi def link evalrulesComment   Comment
hi def link evalrulesTodo      Todo

let b:current_syntax = 'evalrules'
