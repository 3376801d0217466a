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
#include "rules.h"
#include "status.h"

/* Writes the data files into dir (created when missing) for the rules r
 * (only require_all and fixes are exported: minimums and quotas always
 * apply in the model) and the objective. Returns ST_OK or ST_IO. */
status export_data(const char *dir, const cycle *c, const admit *a, const rules *r,
                   enum objective objective, diag *d);

#endif
