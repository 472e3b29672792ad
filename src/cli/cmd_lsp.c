/* cmd_lsp.c — `evalrules lsp`: the language server on standard input and
 * output (er_lsp_serve), for editors (docs/editors.md). */
#include <stdlib.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_lsp = {
    .name = "lsp",
    .prefix = "lsp",
    .synopsis = "lsp",
    .summary = "serve the Language Server Protocol to an editor",
    .usage = "[OPTIONS]",
    .description =
        "Run a Language Server Protocol server on standard input and output, for an\n"
        "editor to start: JSON-RPC 2.0 messages with Content-Length headers.  For\n"
        "rules, scheme, test and facts files it publishes the checker's diagnostics on\n"
        "every change and answers hover, go to definition, find references, completion,\n"
        "document symbols (the indicator tree), formatting (as evalrules fmt) and\n"
        "folding.  A facts, test or scheme file is checked against the rules file it\n"
        "names on a line '# rules: PATH', else the one the workspace holds.\n",
    .epilogue = "Exit status: 0 after the client's 'shutdown' and 'exit', 1 when the input\n"
                "ends or 'exit' comes without 'shutdown', 2 usage error.\n"
                "\n"
                "Example (Neovim):\n"
                "  vim.lsp.start({ name = 'evalrules', cmd = { 'evalrules', 'lsp' } })\n"
                "See docs/editors.md for Neovim, Vim, Emacs (eglot) and VS Code.\n",
    .run = run,
};

static int no_args(void *ctx, const char *arg)
{
    (void)ctx;
    return cli_usage_error("lsp", "takes no file ('%s'): the editor sends the documents", arg);
}

static int run(int argc, char **argv)
{
    const cli_option table[] = {
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_lsp, table, argc, argv, no_args, NULL);
    if (rc >= 0)
        return rc;
    return er_lsp_serve(stdin, stdout);
}
