/* test_html.c - the report's escaping (html.c): no text from a cycle can
 * open a tag, close an attribute or start an entity, and html_printf
 * writes its numbers as printf would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "html.h"

/* what f holds, as a string (caller frees) */
static char *contents(FILE *f)
{
    long n;
    char *buf;
    fflush(f);
    n = ftell(f);
    buf = malloc((size_t)n + 1);
    rewind(f);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    buf[n] = '\0';
    return buf;
}

static void expect_text(const char *in, const char *want)
{
    FILE *f = tmpfile();
    char *got;
    html_text(f, in);
    got = contents(f);
    CHECK_STR(got, want);
    free(got);
    fclose(f);
}

int main(void)
{
    FILE *f;
    char *got;
    expect_text("Zhang Xinyi (张欣怡)", "Zhang Xinyi (张欣怡)");
    expect_text("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect_text("Ifeoma \"Ify\" & co", "Ifeoma &quot;Ify&quot; &amp; co");
    expect_text("&amp;", "&amp;amp;");
    expect_text("", "");
    expect_text(NULL, "");

    f = tmpfile();
    html_printf(f, "<td title=\"%s\">%d|%ld|%zu|%g|%.1f|%f|%c|100%%</td>", "a\"b<", -3, 1234567890L,
                (size_t)42, 69.8, 2.25, 0.5, 'x');
    got = contents(f);
    CHECK_STR(got, "<td title=\"a&quot;b&lt;\">-3|1234567890|42|69.8|2.2|0.500000|x|100%</td>");
    free(got);
    fclose(f);
    return harness_finish("html");
}
