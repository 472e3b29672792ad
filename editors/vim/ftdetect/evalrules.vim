" evalrules rules, scheme, test and facts files (docs/editors.md)
autocmd BufRead,BufNewFile *.rules,*.scheme,*.tests,*.facts set filetype=evalrules
