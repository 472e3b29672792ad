/* digest.c — SHA-256 from Nettle (digest.h).  Nettle is Debian's
 * maintained, small cryptographic library (nettle-dev); it allocates
 * nothing, so a digest cannot run out of memory. */
#include "digest.h"

void eri_sha256_init(eri_sha256 *h) { sha256_init(&h->ctx); }

void eri_sha256_update(eri_sha256 *h, const void *data, size_t len)
{
    if (len)
        sha256_update(&h->ctx, len, data);
}

void eri_sha256_hex(eri_sha256 *h, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof d, d); /* also starts h afresh */
    for (size_t i = 0; i < sizeof d; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void eri_sha256_of(const void *data, size_t len, char *hex)
{
    eri_sha256 h;
    eri_sha256_init(&h);
    eri_sha256_update(&h, data, len);
    eri_sha256_hex(&h, hex);
}
