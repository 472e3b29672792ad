/* cmd_sweep.c — `evalrules sweep`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_sweep(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("sweep", "not built yet");
}
