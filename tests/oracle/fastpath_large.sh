#!/usr/bin/env bash
# tests/oracle/fastpath_large.sh BIN - the large cycles of tests/lib/fastpath.sh
# (every fast path against the plain GLPK model)
exec bash "$(dirname "$0")/../lib/fastpath.sh" "${1:-}" large
