/* export.h - the normalised data that models/placement.mod reads
 * (--export-data DIR): admissible pairs with ranks, nodes with capacities
 * and minimums, the leaf-within-node relation, quotas and the pairs they
 * count, the ranks in use, and the run's parameters. Symbols are s<k>, n<k>, q<k> (1-based
 * canonical indices); ids.csv maps them back to the cycle's ids. */
#ifndef EXPORT_H
#define EXPORT_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "objective.h"
#include "outdir.h"
#include "rules.h"
#include "status.h"

/* An export folder: the files export_data writes (the only names in one
 * that are the engine's); an earlier one holds params.csv and pairs.csv. */
extern const outdir_kind export_kind;

/* Writes the data files into o (an outdir of export_kind; the caller
 * commits it) for the rules r (only require_all and fixes are exported:
 * minimums and quotas always apply in the model) and the objective.
 * Returns ST_OK or ST_IO, with a message in d. */
status export_data(outdir *o, const cycle *c, const admit *a, const rules *r,
                   enum objective objective, diag *d);

#endif
