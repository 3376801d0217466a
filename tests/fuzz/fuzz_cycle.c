/* fuzz_cycle.c - libFuzzer target for the cycle reader: the input becomes
 * a cycle folder (fuzzdir.h), read with cycle_load_as as `check` and
 * `solve` read it; a cycle that loads goes on through admit_build and the
 * audit of the empty assignment (breaches, blocking pairs). Bad input
 * must come back as a status and messages: any crash, sanitizer report,
 * leak or exit is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "admit.h"
#include "audit.h"
#include "cycle.h"
#include "diag.h"
#include "fuzzdir.h"
#include "mem.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The messages are printed as check prints them, into /dev/null. */
static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *encoding = fuzzdir_unpack(data, size);
    diag d;
    cycle *c = NULL;
    admit *a = NULL;
    int *leaf_of = NULL;
    audit_pair *bp = NULL;
    audit_breach *br = NULL;
    rules r;

    if (!sink && !(sink = fopen("/dev/null", "w"))) {
        perror("fuzz_cycle: /dev/null");
        exit(1);
    }
    diag_init(&d);
    if (cycle_load_as(fuzzdir_path(), encoding, &d, &c) != ST_OK)
        goto done;
    a = admit_build(c, &d);
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++)
        leaf_of[s] = -1;
    rules_init(&r, 0);
    audit_breaches(c, &r, leaf_of, &br);
    audit_blocking_pairs(c, a, leaf_of, 0, &bp);
done:
    diag_print(&d, sink, 0);
    free(bp);
    free(br);
    free(leaf_of);
    admit_free(a);
    cycle_free(c);
    diag_release(&d);
    return 0;
}
