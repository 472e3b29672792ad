/* fmt.c — being built. */
#include "evalrules.h"
