/* main.c — the evalrules command: dispatches to a command (cmd_*.c).
 * Nothing else lives here. */
#include <string.h>

#include "cli.h"

/* Every command, in the order `evalrules --help` lists them. */
const cli_command *const cli_commands[] = {
    &cli_eval, &cli_check, &cli_fmt, &cli_test, &cli_template, &cli_diff, &cli_compare, &cli_sweep, &cli_verify,
    &cli_lsp, &cli_completion, NULL,
};

int main(int argc, char **argv)
{
    for (const cli_command *const *c = cli_commands; argc > 1 && *c; c++)
        if ((*c)->name && strcmp(argv[1], (*c)->name) == 0)
            return (*c)->run(argc - 1, argv + 1);
    return cli_eval.run(argc, argv); /* RULES FACTS… (and OPTIONS… check RULES) */
}
