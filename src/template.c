/* template.c — being built. */
#include "evalrules.h"
