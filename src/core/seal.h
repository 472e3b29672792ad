/* seal.h — what a report's seal is made of (docs/language.md, "The seal"):
 * the digests of the inputs a result was evaluated from and the version
 * of evalrules, and the rule that closes the seal over a JSON report.  The
 * JSON report writes the seal (report_json.c: er_result_seal); the text
 * and HTML reports show it; verify.c checks it. */
#ifndef ERI_SEAL_H
#define ERI_SEAL_H

#include "digest.h"
#include "eval.h"

/* The member after which nothing but the seal's own digest follows, and
 * the bytes the writer puts between that member and the next line: the
 * seal is the SHA-256 of every byte of the report before the line that
 * holds "sha256". */
#define ERI_SEAL_LINE "    \"sha256\": \""
#define ERI_SEAL_BEFORE_LINE ",\n"

/* The digest of a file or string as it was read: SHA-256 of its bytes. */
void eri_seal_source(const eri_source *s, char *hex);
/* The facts' digest: that of the facts file when nothing was read over it;
 * with overlays (er_facts_overlay_string), SHA-256 of the text
 * "evalrules facts layers\n" followed by each layer's digest (the file's
 * first, then each overlay's in order), each on a line of its own. */
void eri_seal_facts(const er_facts *f, char *hex);
/* Everything of the seal but its own digest: the version and the digests
 * of the rules, the scheme file ("" when the scheme is the rules' own or
 * written in the rules file) and the facts. */
void eri_seal_inputs(const er_result *res, er_seal *seal);
/* Close the seal: h has digested the report up to and including the
 * member facts_sha256; the seal's digest goes into seal->seal. */
void eri_seal_close(eri_sha256 *h, er_seal *seal);

#endif
