/* seal.c — the digests a report is sealed with (seal.h).  A digest is of
 * the exact bytes the library read, kept in each source, so a report's
 * digest of a file is what `sha256sum FILE` prints. */
#include "seal.h"

#include <stdio.h>
#include <string.h>

void eri_seal_source(const eri_source *s, char *hex) { eri_sha256_of(s->text, s->len, hex); }

void eri_seal_facts(const er_facts *f, char *hex)
{
    eri_seal_source(f->src, hex);
    if (f->noverlays == 0)
        return;
    eri_sha256 h;
    eri_sha256_init(&h);
    static const char head[] = "evalrules facts layers\n";
    eri_sha256_update(&h, head, sizeof head - 1);
    eri_sha256_update(&h, hex, ERI_SHA256_HEX - 1);
    eri_sha256_update(&h, "\n", 1);
    for (uint32_t i = 0; i < f->noverlays; i++) {
        char layer[ERI_SHA256_HEX];
        eri_seal_source(f->overlays[i], layer);
        eri_sha256_update(&h, layer, ERI_SHA256_HEX - 1);
        eri_sha256_update(&h, "\n", 1);
    }
    eri_sha256_hex(&h, hex);
}

void eri_seal_inputs(const er_result *res, er_seal *seal)
{
    memset(seal, 0, sizeof *seal);
    snprintf(seal->version, sizeof seal->version, "%s", er_version());
    eri_seal_source(res->rules->src, seal->rules);
    if (res->scheme->own_src) /* a scheme file's; one of the rules file is in the rules' digest */
        eri_seal_source(res->scheme->own_src, seal->scheme);
    eri_seal_facts(res->facts, seal->facts);
}

void eri_seal_close(eri_sha256 *h, er_seal *seal)
{
    eri_sha256_update(h, ERI_SEAL_BEFORE_LINE, sizeof ERI_SEAL_BEFORE_LINE - 1);
    eri_sha256_hex(h, seal->seal);
}
