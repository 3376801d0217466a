#!/usr/bin/env bash
# tests/oracle/fastpath_tiny.sh BIN - the tiny cycles of tests/lib/fastpath.sh
# (every fast path against the plain GLPK model)
exec bash "$(dirname "$0")/../lib/fastpath.sh" "${1:-}" tiny
