/* cmd_diff.c — `evalrules diff`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("diff", "not built yet");
}
