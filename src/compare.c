/* compare.c — being built. */
#include "evalrules.h"
