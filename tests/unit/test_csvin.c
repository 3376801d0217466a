/* test_csvin.c - the CSV reader: positions, quoting, BOM, line ends,
 * encoding errors; every fixture is fed at every chunk size and must give
 * the same table and the same messages as the expectation written here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "harness.h"
#include "sha256.h"
#include "strbuf.h"

/* Reads data fed in chunks of size chunk, decoded from encoding (NULL:
 * none) and checking only the columns named in columns (NULL: all);
 * renders the table and the messages as text: "L<line>:" then fields
 * joined by '|', one row a line, then the messages. The table's digest
 * must be that of all of data (a byte-order mark included), else a last
 * line says so. */
static char *render_as(const char *data, size_t len, size_t chunk, const char *encoding,
                       const char *const *columns)
{
    mem_arena arena;
    diag d;
    csvin_table t;
    csvin_reader *r;
    strbuf sb;
    sha256_ctx whole;
    char hex[65];
    strbuf_init(&sb);
    mem_arena_init(&arena);
    diag_init(&d);
    r = csvin_new("f.csv", &arena, &d);
    if (encoding && csvin_set_encoding(r, encoding) != 0)
        strbuf_addf(&sb, "unknown encoding %s\n", encoding);
    if (columns)
        csvin_set_columns(r, columns);
    for (size_t i = 0; i < len; i += chunk)
        csvin_feed(r, data + i, len - i < chunk ? len - i : chunk);
    csvin_finish(r, &t);
    csvin_free(r);
    sha256_init(&whole);
    sha256_update(&whole, data, len);
    sha256_final_hex(&whole, hex);
    strbuf_addf(&sb, "H%ld:", t.header_line);
    for (int c = 0; c < t.ncols; c++)
        strbuf_addf(&sb, "%s%s", c ? "|" : "", t.header[c]);
    strbuf_addc(&sb, '\n');
    for (size_t i = 0; i < t.nrows; i++) {
        strbuf_addf(&sb, "%s%ld:", t.rows[i].bad ? "B" : "L", t.rows[i].line);
        for (int c = 0; c < t.rows[i].nfields; c++)
            strbuf_addf(&sb, "%s%s", c ? "|" : "", t.rows[i].fields[c]);
        strbuf_addc(&sb, '\n');
    }
    for (size_t i = 0; i < d.count; i++) {
        char *m = diag_format(&d.msgs[i]);
        strbuf_addf(&sb, "%s\n", m);
        free(m);
    }
    if (strcmp(t.sha256, hex) != 0)
        strbuf_addf(&sb, "sha256 %s, not %s\n", t.sha256, hex);
    csvin_table_release(&t);
    diag_release(&d);
    mem_arena_release(&arena);
    return strbuf_detach(&sb);
}

/* The fixture, read as render_as reads it, at every chunk size must
 * render exactly as want. */
static void every_chunk_as(const char *name, const char *encoding, const char *const *columns,
                           const char *data, size_t len, const char *want)
{
    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        char *got = render_as(data, len, chunk, encoding, columns);
        if (!CHECK_STR(got, want)) {
            printf("  fixture '%s' at chunk size %zu\n", name, chunk);
            free(got);
            return;
        }
        free(got);
    }
}

static void every_chunk(const char *name, const char *data, size_t len, const char *want)
{
    every_chunk_as(name, NULL, NULL, data, len, want);
}

#define FIX(name, data, want) every_chunk(name, data, sizeof(data) - 1, want)
/* Reading only the column "id", from encoding enc (NULL: UTF-8). */
#define FIX_ID(name, enc, data, want)                                                              \
    every_chunk_as(name, enc, (const char *const[]){"id", NULL}, data, sizeof(data) - 1, want)

int main(void)
{
    FIX("plain", "id,name\na,Ann\nb,Bob\n", "H1:id|name\nL2:a|Ann\nL3:b|Bob\n");
    FIX("no final newline", "id,name\na,Ann", "H1:id|name\nL2:a|Ann\n");
    FIX("crlf", "id,name\r\na,Ann\r\nb,Bob\r\n", "H1:id|name\nL2:a|Ann\nL3:b|Bob\n");
    FIX("cr only", "id,name\ra,Ann\rb,Bob\r", "H1:id|name\nL2:a|Ann\nL3:b|Bob\n");
    /* mixed line ends: a lone CR ends a line (old Mac files), CRLF is one
       line end, LF one; each line counted once whatever follows it */
    FIX("cr then lf lines", "id,name\ra,Ann\nb,Bob\nc,Cy\n",
        "H1:id|name\nL2:a|Ann\nL3:b|Bob\nL4:c|Cy\n");
    FIX("lf, cr, crlf mixed", "id,name\na,Ann\rb,Bob\r\nc,Cy\rd,Di\ne,Ed\r\r\nf,Fa\n",
        "H1:id|name\nL2:a|Ann\nL3:b|Bob\nL4:c|Cy\nL5:d|Di\nL6:e|Ed\nL8:f|Fa\n");
    FIX("cr, then a quoted line break", "id,name\ra,\"x\ny\"\nb,B\rc,\"p\rq\"\r\nd,D\n",
        "H1:id|name\nL2:a|x\ny\nL4:b|B\nL5:c|p\rq\nL7:d|D\n");
    FIX("cr then lf, the error located", "id,name\ra,Ann\nb\nc,Cy\n",
        "H1:id|name\nL2:a|Ann\nB3:b\nL4:c|Cy\nf.csv:3:2: error: row has 1 field but the header "
        "has 2\n");
    FIX("bom", "\xEF\xBB\xBFid,name\na,Ann\n", "H1:id|name\nL2:a|Ann\n");
    /* a bad header is still taken, so later rows are checked too */
    FIX("bom-like start kept", "\xEF\xBBid\nx\n",
        "H1:\xEF\xBBid\nL2:x\nf.csv:1:1: error: invalid UTF-8 byte 0xEF in the header at byte 1: "
        "the file is not UTF-8; save it as \"CSV UTF-8\", or pass --encoding with the "
        "encoding it was saved in\n");
    FIX("empty lines skipped, lines still counted", "\nid,name\n\n\na,Ann\n\r\nb,Bob\n",
        "H2:id|name\nL5:a|Ann\nL7:b|Bob\n");
    FIX("blank rows skipped", "id,name\n,\n  ,\t\na,Ann\n", "H1:id|name\nL4:a|Ann\n");
    FIX("quoted comma, quote, newline",
        "id,name\na,\"Smith, \"\"Jo\"\"\"\nb,\"two\nlines\"\nc,C\n",
        "H1:id|name\nL2:a|Smith, \"Jo\"\nL3:b|two\nlines\nL5:c|C\n");
    FIX("quoted crlf inside field", "id,name\r\na,\"x\r\ny\"\r\nb,B\r\n",
        "H1:id|name\nL2:a|x\r\ny\nL4:b|B\n");
    FIX("spaces are kept", "id,name\n a , b \n", "H1:id|name\nL2: a | b \n");
    FIX("header names trimmed", "id , name\na,b\n", "H1:id|name\nL2:a|b\n");
    FIX("utf-8 accepted", "id,name\na,Zo\xC3\xAB \xE6\x9D\x8E \xF0\x9F\x98\x80\n",
        "H1:id|name\nL2:a|Zo\xC3\xAB \xE6\x9D\x8E \xF0\x9F\x98\x80\n");
    FIX("latin-1 byte", "id,name\na,Zo\xEB\nb,B\n",
        "H1:id|name\nB2:a|Zo\xEB\nL3:b|B\nf.csv:2:2: error: invalid UTF-8 byte 0xEB in column 'name' at "
        "byte 3: the file is not UTF-8; save it as \"CSV UTF-8\", or pass --encoding with the "
        "encoding it was saved in\n");
    FIX("overlong utf-8", "id,name\na,\xC0\xAF\n",
        "H1:id|name\nB2:a|\xC0\xAF\nf.csv:2:2: error: invalid UTF-8 byte 0xC0 in column 'name' at byte 1: "
        "the file is not UTF-8; save it as \"CSV UTF-8\", or pass --encoding with the "
        "encoding it was saved in\n");
    every_chunk("nul byte", "id,name\na,x\0y\n", 13,
                "H1:id|name\nB2:a|x\nf.csv:2:2: error: NUL byte in column 'name' at byte 2\n");
    /* only the columns a reader uses (verify): the others are kept as
       they are, not checked, not decoded */
    FIX_ID("other column latin-1", NULL, "id,name\na,Zo\xEB\nb,B\n",
           "H1:id|name\nL2:a|Zo\xEB\nL3:b|B\n");
    FIX_ID("header latin-1 elsewhere", NULL, "id,n\xE4me\na,b\n", "H1:id|n\xE4me\nL2:a|b\n");
    every_chunk_as("other column nul", NULL, (const char *const[]){"id", NULL}, "id,name\na,x\0y\n",
                   13, "H1:id|name\nL2:a|x\n");
    FIX_ID("used column latin-1", NULL, "name,id\nx,Zo\xEB\n",
           "H1:name|id\nB2:x|Zo\xEB\nf.csv:2:2: error: invalid UTF-8 byte 0xEB in column 'id' at "
           "byte 3: the file is not UTF-8; save it as \"CSV UTF-8\", or pass --encoding with the "
           "encoding it was saved in\n");
    FIX_ID("used column nul", NULL, "id,name\na\0b,x\n",
           "H1:id|name\nB2:a|x\nf.csv:2:1: error: NUL byte in column 'id' at byte 2\n");
    /* with an encoding: a used field decoded where it is not UTF-8, the
       others as they are (engine output re-saved, or left in UTF-8) */
    FIX_ID("used column decoded", "LATIN1", "id,name\nZo\xEB,Zo\xEB\nZo\xC3\xAB,x\n",
           "H1:id|name\nL2:Zo\xC3\xAB|Zo\xEB\nL3:Zo\xC3\xAB|x\n");
    FIX_ID("used column gb18030", "GB18030", "id,name\n\xC0\xEE,\xC0\xEE\n",
           "H1:id|name\nL2:\xE6\x9D\x8E|\xC0\xEE\n");
    FIX_ID("used column not gb18030", "GB18030", "id,name\nx\xFF,y\n",
           "H1:id|name\nB2:x\xFF|y\nf.csv:2:1: error: invalid byte 0xFF in column 'id' at byte 2: "
           "the field is neither UTF-8 nor GB18030\n");
    /* UTF-16 is decoded whole (its bytes are not ASCII's), with its mark
       also when another encoding was given */
    every_chunk_as("columns utf-16", "LATIN1", (const char *const[]){"id", NULL},
                   "\xFF\xFEi\0d\0,\0n\0\n\0a\0,\0\xEB\0\n\0", 20, "H1:id|n\nL2:a|\xC3\xAB\n");
    every_chunk_as("columns utf-16 given", "UTF-16LE", (const char *const[]){"id", NULL},
                   "i\0d\0\n\0a\0\n\0", 10, "H1:id\nL2:a\n");
    FIX("too many fields", "id,name\na,b,c\nd,e\n",
        "H1:id|name\nB2:a|b|c\nL3:d|e\nf.csv:2:3: error: row has 3 fields but the header has 2\n");
    FIX("too few fields", "id,name\na\n",
        "H1:id|name\nB2:a\nf.csv:2:2: error: row has 1 field but the header has 2\n");
    FIX("unterminated quote", "id,name\na,ok\nb,\"open\nmore\n",
        "H1:id|name\nL2:a|ok\nf.csv:3:2: error: unterminated quoted field: the '\"' opened "
        "here is never closed\n");
    /* reading goes on at the next line */
    FIX("stray quote", "id,name\na,b\"c\nd,e\nf,\"g\"h\ni,j",
        "H1:id|name\nB2:a\nL3:d|e\nB4:f\nL5:i|j\nf.csv:2:2: error: malformed CSV: a '\"' inside an "
        "unquoted field or text after a closing quote (quote the whole field and double inner "
        "quotes)\nf.csv:4:2: error: malformed CSV: a '\"' inside an unquoted field or text after a "
        "closing quote (quote the whole field and double inner quotes)\n");
    FIX("stray quote in the header", "id,na\"me\na,b\n",
        "H0:\nf.csv:1:2: error: malformed CSV: a '\"' inside an unquoted field or text after a "
        "closing quote (quote the whole field and double inner quotes)\n");
    FIX("duplicate header", "id,name,id\n1,2,3\n",
        "H1:id|name|id\nL2:1|2|3\nf.csv:1:3: error: duplicate column 'id' (also column 1)\n");
    FIX("only header", "id,name\n", "H1:id|name\n");
    FIX("empty file", "", "H0:\nf.csv: error: file is empty (it needs at least a header row)\n");
    FIX("only blank lines", "\n\n", "H0:\nf.csv: error: file has no header row\n");

    {
        /* column helpers */
        mem_arena a;
        diag d;
        csvin_table t;
        csvin_reader *r;
        static const char *const known[] = {"id", "name", NULL};
        static const char *const required[] = {"id", "program", NULL};
        const char data[] = "name,id,notes,extra\nx,y,z,w\n";
        mem_arena_init(&a);
        diag_init(&d);
        r = csvin_new("f.csv", &a, &d);
        csvin_feed(r, data, sizeof(data) - 1);
        CHECK(csvin_finish(r, &t) == ST_OK);
        CHECK(csvin_column(&t, "id") == 1);
        CHECK(csvin_column(&t, "nope") == -1);
        CHECK(csvin_check_columns(&t, known, required, &d) == 1);
        CHECK(d.errors == 1 && d.warnings == 1);
        {
            char *e = diag_format(&d.msgs[0]), *w = diag_format(&d.msgs[1]);
            CHECK_STR(e, "f.csv: error: missing required column 'program'");
            CHECK_STR(w, "f.csv:1:3: warning: unknown columns 'notes', 'extra' ignored");
            free(e);
            free(w);
        }
        csvin_free(r);
        csvin_table_release(&t);
        diag_release(&d);
        mem_arena_release(&a);
    }
    {
        /* a file's digest is that of its bytes on disk, BOM included, also
         * when it takes several reads */
        char path[] = "/tmp/test_csvin.XXXXXX";
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        strbuf big;
        mem_arena a;
        diag d;
        csvin_table t;
        sha256_ctx x;
        char hex[65];
        CHECK(f != NULL);
        if (f) {
            fputs("\xEF\xBB\xBFid,name\r\na,Ann\r\n", f);
            CHECK(fclose(f) == 0);
            mem_arena_init(&a);
            diag_init(&d);
            CHECK(csvin_read_file(path, &a, &d, &t) == ST_OK);
            CHECK_STR(t.sha256, "ea2de973d48ee4e864f844190754ef998c81776f89bffc86e0886cbaeb377cc1");
            csvin_table_release(&t);
            strbuf_init(&big);
            strbuf_adds(&big, "id,name\n");
            for (int i = 0; i < 20000; i++)
                strbuf_addf(&big, "s%d,Name %d\n", i, i);
            f = fopen(path, "wb");
            CHECK(f && fwrite(big.buf, 1, big.len, f) == big.len && fclose(f) == 0);
            sha256_init(&x);
            sha256_update(&x, big.buf, big.len);
            sha256_final_hex(&x, hex);
            CHECK(csvin_read_file(path, &a, &d, &t) == ST_OK && t.nrows == 20000);
            CHECK_STR(t.sha256, hex);
            csvin_table_release(&t);
            strbuf_release(&big);
            diag_release(&d);
            mem_arena_release(&a);
        }
        remove(path);
    }
    return harness_finish("csvin");
}
