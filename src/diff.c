/* diff.c — being built. */
#include "evalrules.h"
