/* ahp.c — being built. */
#include "evalrules.h"
