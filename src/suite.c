/* suite.c — being built. */
#include "evalrules.h"
