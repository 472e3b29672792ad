/* cmd_template.c — `evalrules template`.  (Placeholder: being built.) */
#include "cli.h"

int cmd_template(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("template", "not built yet");
}
