/* test_sha256.c - SHA-256 against the FIPS 180-2 example vectors. */
#include <string.h>

#include "harness.h"
#include "sha256.h"

static void digest(const char *msg, size_t len, size_t chunk, char hex[65])
{
    sha256_ctx x;
    sha256_init(&x);
    for (size_t i = 0; i < len; i += chunk)
        sha256_update(&x, msg + i, len - i < chunk ? len - i : chunk);
    sha256_final_hex(&x, hex);
}

int main(void)
{
    static char million[1000000];
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];
    digest("abc", 3, 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest("", 0, 1, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        digest(two, strlen(two), chunk, hex);
        CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    memset(million, 'a', sizeof(million));
    digest(million, sizeof(million), 4096, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    return harness_finish("sha256");
}
