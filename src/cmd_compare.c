/* cmd_compare.c — `evalrules compare`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_compare(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("compare", "not built yet");
}
