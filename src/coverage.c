/* coverage.c — being built. */
#include "evalrules.h"
