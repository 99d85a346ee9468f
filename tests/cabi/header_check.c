/* The public header must compile on its own as strict C. */
#include "mailint.h"

int mailint_header_check_dummy(void);
int mailint_header_check_dummy(void) { return MAILINT_ABI_VERSION; }
