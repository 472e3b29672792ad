/* main.c — the evalrules command: dispatches to a command (cmd_*.c).
 * Nothing else lives here. */
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"fmt", cmd_fmt},
    {"test", cmd_test},
    {"template", cmd_template},
    {"diff", cmd_diff},
    {"compare", cmd_compare},
    {"sweep", cmd_sweep},
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    return cmd_eval(argc, argv); /* RULES FACTS… and check RULES */
}
