# Makefile - builds ./placement, runs the demo, the tests, the sanitizer
# run and the benchmark. Missing Debian packages are installed first
# (.ci/install-deps). Knobs: SANITIZE=1 (ASan+UBSan build in build/san),
# WERROR=1 (warnings are errors; CI sets it).
CC ?= cc
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla -Wformat=2
CFLAGS_BASE = -std=c11 -D_POSIX_C_SOURCE=200809L -g $(WARNINGS) -MMD -MP
LDLIBS = -lglpk -lcsv -lm
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
TEST_SRCS = $(wildcard tests/test_*.c)
TEST_BINS = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
# module tests: tests/unit/test_*.c, each linked with the other .c files of
# tests/unit (shared fixtures) and the test library
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
UNIT_LIB_OBJS = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%.o,\
                  $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c)))
BIN = $(BUILD)/placement
GEN = $(BUILD)/tests/gen
DEPS_STAMP = build/.deps-ok

.PHONY: all run test check bench clean deps tests-bin
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
	$(CC) $(ALL_CFLAGS) -Isolver -c $< -o $@

$(BIN): $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/harness.o $(BUILD)/tests/testkit.o \
                       $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%.o: tests/unit/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isolver -Itests -c $< -o $@

$(BUILD)/tests/unit/test_%: $(BUILD)/tests/unit/test_%.o $(UNIT_LIB_OBJS) $(BUILD)/tests/harness.o \
                            $(BUILD)/tests/testkit.o $(BUILD)/tests/gencycle.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the brute-force oracle also uses the random cycle generator
$(BUILD)/tests/test_bruteforce: $(BUILD)/tests/gencycle.o

# gen: random cycle folders for the benchmark and the end-to-end tests
$(GEN): $(BUILD)/tests/gen_main.o $(BUILD)/tests/gencycle.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

placement: $(BIN)
ifneq ($(SANITIZE),1)
	@cp $(BIN) placement.tmp && mv -f placement.tmp placement
endif

tests-bin: $(BIN) $(TEST_BINS) $(UNIT_BINS) $(GEN)

run: placement
	./placement solve inputs/demo -o results/demo

test: tests-bin placement
	@bash tests/run.sh $(BUILD)

check: export BRUTE_SEEDS ?= 120
check: export GLPSOL_SEEDS ?= 2
check: export STABLE_SEEDS ?= 60
check: export OOM_STEP ?= 3
check: export FASTPATH_SEEDS ?= 3
check:
	$(MAKE) SANITIZE=1 tests-bin
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 bash tests/run.sh build/san

bench: placement $(GEN)
	@bash .ci/install-deps coinor-cbc || echo "bench: going on without cbc" >&2
	@bash tests/bench.sh

clean:
	rm -rf build placement tests/tmp

-include $(wildcard build/*/*.d build/*/tests/*.d build/*/tests/unit/*.d)
