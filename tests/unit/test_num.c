/* test_num.c - strict number parsing. */
#include "harness.h"
#include "num.h"

int main(void)
{
    long v = -1;
    double x = -1;
    CHECK(num_whole("0", &v) == NUM_OK && v == 0);
    CHECK(num_whole("01", &v) == NUM_OK && v == 1);
    CHECK(num_whole("1000000000", &v) == NUM_OK && v == 1000000000L);
    CHECK(num_whole("1000000001", &v) == NUM_TOO_LARGE);
    CHECK(num_whole("99999999999999999999999", &v) == NUM_TOO_LARGE);
    CHECK(num_whole("", &v) == NUM_EMPTY);
    CHECK(num_whole("ten", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole(" 3", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("3 ", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("+3", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("0x10", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("1e3", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("3.5", &v) == NUM_FRACTION);
    CHECK(num_whole("3.0", &v) == NUM_OK && v == 3); /* a spreadsheet's whole number */
    CHECK(num_whole("3.", &v) == NUM_OK && v == 3);
    CHECK(num_whole("12.00", &v) == NUM_OK && v == 12);
    CHECK(num_whole(".0", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole("3.01", &v) == NUM_FRACTION);
    CHECK(num_whole("1000000001.0", &v) == NUM_TOO_LARGE);
    CHECK(num_whole("1,000", &v) == NUM_GROUPED);
    CHECK(num_whole("1.000", &v) == NUM_GROUPED);
    CHECK(num_whole("12,500,000", &v) == NUM_GROUPED);
    CHECK(num_whole("1.00", &v) == NUM_OK && v == 1);
    CHECK(num_whole("1,00", &v) == NUM_NOT_NUMBER);
    CHECK(num_decimal("1,000.5", &x) == NUM_GROUPED);
    CHECK(num_decimal("1.000,5", &x) == NUM_GROUPED);
    CHECK(num_decimal("1.000", &x) == NUM_OK && x == 1); /* a decimal 1.000 is 1 */
    CHECK(num_whole("-2", &v) == NUM_NEGATIVE);
    CHECK(num_whole("-", &v) == NUM_NOT_NUMBER);
    CHECK(num_whole(".", &v) == NUM_NOT_NUMBER);
    CHECK(num_decimal("3.75", &x) == NUM_OK && x == 3.75);
    CHECK(num_decimal(".5", &x) == NUM_OK && x == 0.5);
    CHECK(num_decimal("4", &x) == NUM_OK && x == 4);
    CHECK(num_decimal("4.", &x) == NUM_OK && x == 4);
    CHECK(num_decimal("-0.5", &x) == NUM_NEGATIVE);
    CHECK(num_decimal("nan", &x) == NUM_NOT_NUMBER);
    CHECK(num_decimal("inf", &x) == NUM_NOT_NUMBER);
    CHECK(num_decimal("1e5", &x) == NUM_NOT_NUMBER);
    CHECK(num_decimal("3,5", &x) == NUM_NOT_NUMBER);
    CHECK(num_decimal("", &x) == NUM_EMPTY);
    return harness_finish("num");
}
