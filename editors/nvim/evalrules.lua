-- evalrules.lua — `evalrules lsp` in Neovim's built-in LSP client (Neovim 0.7
-- and later; docs/editors.md).  Put editors/vim on 'runtimepath' for the
-- filetype and syntax, then `require`/`dofile` this file, or copy it into
-- your init.lua.  The program is $EVALRULES when set, else `evalrules` on PATH.
local cmd = { vim.env.EVALRULES or 'evalrules', 'lsp' }
local client_id

local function on_attach(_, buf)
  local map = function(keys, fn) vim.keymap.set('n', keys, fn, { buffer = buf }) end
  vim.bo[buf].omnifunc = 'v:lua.vim.lsp.omnifunc' -- completion with <C-x><C-o>
  map('K', vim.lsp.buf.hover)
  map('gd', vim.lsp.buf.definition)
  map('gr', vim.lsp.buf.references)
  map('gO', vim.lsp.buf.document_symbol)
  map('<leader>f', function() (vim.lsp.buf.format or vim.lsp.buf.formatting)() end)
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'evalrules',
  callback = function(args)
    local config = { name = 'evalrules', cmd = cmd, root_dir = vim.fn.getcwd(), on_attach = on_attach }
    if vim.lsp.start then -- Neovim 0.8 and later
      vim.lsp.start(config)
      return
    end
    if not client_id then
      client_id = vim.lsp.start_client(config)
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
