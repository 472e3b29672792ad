/* cmd_fmt.c — `evalrules fmt`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_fmt(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("fmt", "not built yet");
}
