/* sha256.h - SHA-256 (FIPS 180-4) of a stream of bytes, for the input
 * fingerprints in summary.csv (the CSV reader hashes what it reads). */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t used;
} sha256_ctx;

/* Starts a digest in x (the caller's struct; nothing to release). */
void sha256_init(sha256_ctx *x);
/* Adds len bytes of data; any split of a stream gives the same digest. */
void sha256_update(sha256_ctx *x, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex; x is
 * spent (sha256_init it again to reuse it). */
void sha256_final_hex(sha256_ctx *x, char hex[65]);

#endif
