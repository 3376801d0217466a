/* test_num.c - strict number parsing, and decimals compared exactly as
 * written. */
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

    /* decimals kept as text: the same shapes as num_decimal, any length */
    CHECK(num_decimal_check("3.49999999999999999") == NUM_OK);
    CHECK(num_decimal_check("0.000000000000000000000000000000000000000001") == NUM_OK);
    CHECK(num_decimal_check(".5") == NUM_OK && num_decimal_check("4.") == NUM_OK);
    CHECK(num_decimal_check("-0.5") == NUM_NEGATIVE);
    CHECK(num_decimal_check("1e5") == NUM_NOT_NUMBER && num_decimal_check("3,5") == NUM_NOT_NUMBER);
    CHECK(num_decimal_check("1,000.5") == NUM_GROUPED && num_decimal_check("") == NUM_EMPTY);
    CHECK(num_decimal_check(".") == NUM_NOT_NUMBER && num_decimal_check("3.5.1") == NUM_NOT_NUMBER);

    /* compared exactly, digit by digit: nothing is rounded (in binary
       floating point 3.49999999999999999 is 3.5) */
    CHECK(num_decimal_cmp("3.49999999999999999", "3.5") < 0);
    CHECK(num_decimal_cmp("3.5", "3.49999999999999999") > 0);
    CHECK(num_decimal_cmp("3.4999999999", "3.5") < 0);
    CHECK(num_decimal_cmp("3.500000000000000001", "3.5") > 0);
    CHECK(num_decimal_cmp("100000000000000000001", "100000000000000000000") > 0);
    /* leading and trailing zeros do not count: equal scores tie exactly */
    CHECK(num_decimal_cmp("69.80", "69.8") == 0);
    CHECK(num_decimal_cmp("3.50", "3.5") == 0 && num_decimal_cmp("03.5", "3.5") == 0);
    CHECK(num_decimal_cmp(".5", "0.5") == 0 && num_decimal_cmp("4.", "4") == 0);
    CHECK(num_decimal_cmp("0", "0.000") == 0 && num_decimal_cmp("000", ".0") == 0);
    /* the whole part decides first, by its length, then digit by digit */
    CHECK(num_decimal_cmp("10", "9.99") > 0 && num_decimal_cmp("9.99", "10") < 0);
    CHECK(num_decimal_cmp("0010", "9") > 0 && num_decimal_cmp("88", "87.9999") > 0);
    CHECK(num_decimal_cmp("0.1", "0.09") > 0 && num_decimal_cmp("0.09", "0.1") < 0);
    CHECK(num_decimal_cmp("2.05", "2.5") < 0 && num_decimal_cmp("0", ".0001") < 0);
    /* a total order on a sample: antisymmetric and transitive */
    {
        static const char *const d[] = {"0", ".5", "0.50", "3.4999999999", "3.49999999999999999",
                                        "3.5", "3.50", "9.99", "10", "010.0", "69.8", "69.80",
                                        "100"};
        int n = (int)(sizeof(d) / sizeof(d[0])), ok = 1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                int ij = num_decimal_cmp(d[i], d[j]), ji = num_decimal_cmp(d[j], d[i]);
                ok &= (ij > 0) - (ij < 0) == -((ji > 0) - (ji < 0));
                for (int k = 0; k < n; k++)
                    ok &= !(ij <= 0 && num_decimal_cmp(d[j], d[k]) <= 0) ||
                          num_decimal_cmp(d[i], d[k]) <= 0;
            }
        CHECK(ok);
    }
    return harness_finish("num");
}
