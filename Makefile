# Makefile - builds ./placement, runs the demo, the tests, the sanitizer
# run and the benchmark, and photographs the demo's report (screenshot).
# Missing Debian packages are installed first (.ci/install-deps). Knobs:
# SANITIZE=1 (ASan+UBSan build in build/san), WERROR=1 (warnings are
# errors; CI sets it). Tests: tests/run.sh runs tests/unit, tests/e2e and
# tests/oracle (make test: all seeds; make test-quick: few seeds; make
# check: the same under the sanitizers). make fuzz: the libFuzzer targets
# of tests/fuzz for FUZZ_SECONDS each (clang, installed on demand).
CC ?= cc
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla -Wformat=2
CFLAGS_BASE = -std=c11 -D_POSIX_C_SOURCE=200809L -g $(WARNINGS) -MMD -MP
LDLIBS = -lglpk -lcsv -lxlsxwriter -lm
ifeq ($(WERROR),1)
CFLAGS_BASE += -Werror
endif
ifeq ($(SANITIZE),1)
BUILD = build/san
CFLAGS_BASE += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build/rel
CFLAGS_BASE += -O2
endif
CFLAGS ?=
ALL_CFLAGS = $(CFLAGS_BASE) $(CFLAGS)

SRCS = $(wildcard solver/*.c)
LIB_OBJS = $(patsubst solver/%.c,$(BUILD)/%.o,$(filter-out solver/main.c,$(SRCS)))
MAIN_OBJ = $(BUILD)/main.o
# tests/unit/test_*.c and tests/oracle/test_*.c: one program each, all
# built into $(BUILD)/tests (names are unique across both folders)
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
ORACLE_BINS = $(patsubst tests/oracle/%.c,$(BUILD)/tests/%,$(wildcard tests/oracle/test_*.c))
TEST_BINS = $(UNIT_BINS) $(ORACLE_BINS)
# the test library: harness, testkit, the cycle generator, cycle fixtures
# for module tests and the brute-force oracle of SPEC §3-§5
TESTLIB_OBJS = $(BUILD)/tests/lib/harness.o $(BUILD)/tests/lib/testkit.o \
               $(BUILD)/tests/lib/gencycle.o $(BUILD)/tests/lib/fixture.o $(BUILD)/tests/lib/oracle.o
BIN = $(BUILD)/placement
GEN = $(BUILD)/tests/gen
DEPS_STAMP = build/.deps-ok

.PHONY: all run screenshot test test-quick check bench clean deps tests-bin fuzz fuzz-bin
# keep test objects: they are intermediate files of the pattern rules
.SECONDARY:
all: placement

deps: $(DEPS_STAMP)
$(DEPS_STAMP): .ci/install-deps
	@bash .ci/install-deps
	@mkdir -p build && touch $@

$(BUILD)/%.o: solver/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isolver -Itests/lib -c $< -o $@

$(BIN): $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(UNIT_BINS): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TESTLIB_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ORACLE_BINS): $(BUILD)/tests/%: $(BUILD)/tests/oracle/%.o $(TESTLIB_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# gen: random cycle folders for the benchmark and the end-to-end tests
$(GEN): $(BUILD)/tests/lib/gen_main.o $(BUILD)/tests/lib/gencycle.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

placement: $(BIN)
ifneq ($(SANITIZE),1)
	@cp $(BIN) placement.tmp && mv -f placement.tmp placement
endif

tests-bin: $(BIN) $(TEST_BINS) $(GEN)

run: placement
	./placement solve inputs/demo -o results/demo

# results/report.png: the top of results/demo/report.html (run facts,
# warnings, charts) through headless Chromium, 1280 px wide
screenshot: run
	@bash .ci/install-deps chromium
	@bash tests/lib/screenshot.sh results/demo/report.html results/report.png

# the tests render report.html in headless Chromium: installed on demand,
# not for a plain build
test: tests-bin placement
	@bash .ci/install-deps chromium
	@bash tests/run.sh $(BUILD)

# the same suites with small seed counts, for the edit loop (well under a
# minute on two cores); any knob set in the environment wins
test-quick: export BRUTE_SEEDS ?= 80
test-quick: export STABLE_SEEDS ?= 40
test-quick: export MCF_SEEDS ?= 100
test-quick: export FASTPATH_SEEDS ?= 1
test-quick: export GLPSOL_SEEDS ?= 1
test-quick: export OOM_STEP ?= 3
test-quick: export REASONS_SEEDS ?= 3
test-quick: export WAITLIST_SEEDS ?= 40
test-quick: export PERMUTE_CYCLES ?= tiny14 tiny45 small
test-quick: export LOTTERY_SEEDS ?= 1
test-quick: tests-bin placement
	@bash .ci/install-deps chromium
	@bash tests/run.sh $(BUILD)

check: export BRUTE_SEEDS ?= 120
check: export GLPSOL_SEEDS ?= 2
check: export STABLE_SEEDS ?= 60
check: export OOM_STEP ?= 3
check: export FASTPATH_SEEDS ?= 3
check: export LOTTERY_SEEDS ?= 2
check: export WAITLIST_SEEDS ?= 40
check:
	$(MAKE) SANITIZE=1 tests-bin
	@bash .ci/install-deps chromium
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 bash tests/run.sh build/san

# fuzzing: tests/fuzz's libFuzzer targets, built by clang with ASan and
# UBSan into build/fuzz (the engine traced for coverage); tests/fuzz/run.sh
# seeds them from tests/e2e/cases and inputs/demo, runs each for
# FUZZ_SECONDS, prints the figures and fails on a crash (its input kept)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_BUILD = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer $(WARNINGS) \
              -MMD -MP $(FUZZ_SAN) $(FUZZ_COV)
# coverage and compare tracing for libFuzzer, except where the input steers
# nothing: sha256 (its compares were a tenth of each run) and the targets'
# scratch folder
FUZZ_COV = -fsanitize=fuzzer-no-link
$(FUZZ_BUILD)/sha256.o $(FUZZ_BUILD)/tests/fuzz/fuzzdir.o: FUZZ_COV =
ifeq ($(WERROR),1)
FUZZ_CFLAGS += -Werror
endif
FUZZ_LIB_OBJS = $(patsubst solver/%.c,$(FUZZ_BUILD)/%.o,$(filter-out solver/main.c,$(SRCS)))
FUZZ_BINS = $(FUZZ_BUILD)/fuzz_cycle $(FUZZ_BUILD)/fuzz_verify
FUZZ_STAMP = build/.clang-ok

# clang, and the compiler-rt of its version (libFuzzer itself)
$(FUZZ_STAMP): .ci/install-deps | $(DEPS_STAMP)
	@bash .ci/install-deps clang
	@bash .ci/install-deps libclang-rt-$$($(FUZZ_CC) -dumpversion | cut -d. -f1)-dev
	@touch $@

$(FUZZ_BUILD)/%.o: solver/%.c | $(FUZZ_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c | $(FUZZ_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isolver -c $< -o $@

$(FUZZ_BUILD)/fuzz_cycle: $(FUZZ_BUILD)/tests/fuzz/fuzz_cycle.o $(FUZZ_BUILD)/tests/fuzz/fuzzdir.o \
                          $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# fuzz_verify.c includes cmd_verify.c (its readers are static)
$(FUZZ_BUILD)/fuzz_verify: $(FUZZ_BUILD)/tests/fuzz/fuzz_verify.o $(FUZZ_BUILD)/tests/fuzz/fuzzdir.o \
                           $(filter-out $(FUZZ_BUILD)/cmd_verify.o,$(FUZZ_LIB_OBJS))
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-bin: $(FUZZ_BINS)

# placement solves the demo for fuzz_verify's seeds
fuzz: fuzz-bin placement
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: placement $(GEN)
	@bash .ci/install-deps coinor-cbc || echo "bench: going on without cbc" >&2
	@bash tests/bench/bench.sh

clean:
	rm -rf build placement tests/tmp

-include $(wildcard build/*/*.d build/*/tests/*/*.d)
