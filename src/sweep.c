/* sweep.c — being built. */
#include "evalrules.h"
