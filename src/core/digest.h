/* digest.h — SHA-256, from Nettle (Debian's nettle-dev), for the reports'
 * seal (seal.c).  A thin wrapper so that one file knows the library used.
 * Digests are written as 64 lower-case hex digits, as sha256sum prints
 * them. */
#ifndef ERI_DIGEST_H
#define ERI_DIGEST_H

#include <stddef.h>

#include <nettle/sha2.h>

#define ERI_SHA256_HEX 65 /* 64 hex digits and the NUL */

typedef struct eri_sha256 {
    struct sha256_ctx ctx;
} eri_sha256;

void eri_sha256_init(eri_sha256 *h);
void eri_sha256_update(eri_sha256 *h, const void *data, size_t len);
/* The digest of everything given since init, as hex into hex (65 bytes);
 * h is ready for another digest. */
void eri_sha256_hex(eri_sha256 *h, char *hex);
/* The digest of data[0..len) as hex (65 bytes). */
void eri_sha256_of(const void *data, size_t len, char *hex);

#endif
