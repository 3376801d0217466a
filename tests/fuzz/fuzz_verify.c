/* fuzz_verify.c - libFuzzer target for verify's reader of an assignments
 * file: the input is the file, audited against one cycle loaded once
 * (FUZZ_CYCLE, default inputs/demo) as `verify` audits it: read_assignment,
 * then check_rules and the blocking pairs when it reads; it is read again
 * as GB18030, which decodes the columns verify uses one field at a time.
 * The readers are static in cmd_verify.c, so this file includes it (and
 * the build leaves cmd_verify.o out of this target). */
#include "cmd_verify.c"

#include "fuzzdir.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once for the whole run: reading it is not what is fuzzed. */
static cycle *fixed_cycle;
static admit *fixed_admit;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("FUZZ_CYCLE");
    diag d;
    (void)argc;
    (void)argv;
    if (!dir || !*dir)
        dir = "inputs/demo";
    diag_init(&d);
    if (cycle_load(dir, &d, &fixed_cycle) != ST_OK) {
        diag_print(&d, stderr, 1);
        fprintf(stderr, "fuzz_verify: cannot load the cycle '%s' (set FUZZ_CYCLE)\n", dir);
        exit(1);
    }
    fixed_admit = admit_build(fixed_cycle, &d);
    diag_release(&d);
    if (!(sink = fopen("/dev/null", "w"))) {
        perror("fuzz_verify: /dev/null");
        exit(1);
    }
    return 0;
}

/* One read of the file at path as verify reads it, and the audit. */
static void audit_file(const char *path, const char *encoding, int audit)
{
    const cycle *c = fixed_cycle;
    diag d;
    int *leaf_of;
    violations vs = {NULL, 0, 0};
    audit_pair *bp = NULL;
    diag_init(&d);
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++)
        leaf_of[s] = -1;
    if (read_assignment(c, path, encoding, leaf_of, &vs, &d) == ST_OK && audit) {
        check_rules(c, fixed_admit, leaf_of, &vs);
        audit_blocking_pairs(c, fixed_admit, leaf_of, 0, &bp);
    }
    diag_print(&d, sink, 0);
    for (int i = 0; i < vs.n; i++)
        free(vs.v[i].message);
    free(vs.v);
    free(bp);
    free(leaf_of);
    diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    strbuf path;
    fuzzdir_write_one("assignments.csv", data, size);
    strbuf_init(&path);
    strbuf_addf(&path, "%s/assignments.csv", fuzzdir_path());
    audit_file(path.buf, NULL, 1);
    audit_file(path.buf, "GB18030", 0);
    strbuf_release(&path);
    return 0;
}
