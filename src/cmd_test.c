/* cmd_test.c — `evalrules test`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("test", "not built yet");
}
