#!/usr/bin/env bash
# screenshots.sh [EVALRULES] — the text "screenshots" of docs/editors.md: Neovim
# (Debian's neovim) under tmux, driving `evalrules lsp` on the bundled rules
# and an example facts file; each capture (tmux capture-pane) is printed
# between "==== NAME" lines.  Run from anywhere; needs nvim and tmux.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
export EVALRULES=${1:-$src/build/evalrules}
work=$(mktemp -d)
trap 'tmux kill-session -t evalrules-shots 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$src/rules" "$src/examples" "$work/"
cat > "$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$src/editors/vim')
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
vim.opt.termguicolors = false
vim.opt.number = true
vim.opt.shortmess:append('I')
vim.opt.completeopt = { 'menu', 'menuone', 'noinsert' }
dofile('$src/editors/nvim/evalrules.lua')
LUA
cd "$work"
shot() { # NAME: wait for the screen to settle, then print it
  sleep "${2:-1.5}"
  echo "==== $1"
  tmux capture-pane -p -t evalrules-shots | sed -e 's/[[:space:]]*$//'
}
keys() { tmux send-keys -t evalrules-shots "$@"; }
tmux new-session -d -s evalrules-shots -x 100 -y 24 "nvim -u init.lua rules/gbt27922.rules"
sleep 2
# hover: on a fact where an item reads it
keys '/staff.certified \/' Enter; sleep 0.5
keys K
shot hover 2
keys j k; sleep 0.5 # moving closes the hover
# completion in a facts file: names with type and label
keys ':e examples/four-star.facts' Enter; sleep 1
keys 'gg' '/staff.managers' Enter 'O' 'staff.'
keys C-x C-o
shot completion 2
keys C-e Escape 'u'
# a diagnostic: a fact misspelled
keys ':%s/^staff.managers /staff.managerz /' Enter; sleep 2
keys ':lua vim.diagnostic.open_float()' Enter
shot diagnostic 1
keys Escape ':qa!' Enter
