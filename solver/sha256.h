/* sha256.h - SHA-256 of a file (FIPS 180-4), for the input fingerprints
 * in summary.csv. */
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

void sha256_init(sha256_ctx *x);
void sha256_update(sha256_ctx *x, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex. */
void sha256_final_hex(sha256_ctx *x, char hex[65]);
/* Hashes the file at path into hex; returns 0, or -1 when it cannot be read. */
int sha256_file(const char *path, char hex[65]);

#endif
