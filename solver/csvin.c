/* csvin.c - the libcsv wrapper: positions, encoding checks, header. */
#include "csvin.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "strbuf.h"
#include "strmap.h"
#include "utf8.h"

/* libcsv's parser state before the first byte of a record. */
#define CSV_ROW_NOT_BEGUN 0

struct csvin_reader {
    struct csv_parser parser;
    const char *path;
    mem_arena *arena;
    diag *d;
    csvin_table table;
    int have_header;
    long line;      /* line of the next byte */
    long row_start; /* line where the current record starts */
    int prev_cr;    /* the last line end fed was a CR */
    unsigned char bom[3];
    int bom_len;    /* bytes held while deciding on a byte-order mark */
    int bom_done;
    int skip_line;  /* after a parse error: 1 drop the rest of this line,
                       2 drop the rest of the file (the header was broken) */
    size_t bytes;   /* bytes seen, BOM included */
    sha256_ctx sha; /* of the same bytes */
    int row_bad;    /* a field of the current record had an error */
    char **cur;     /* fields of the current record */
    size_t ncur, capcur;
    int errors;
    char *head;     /* bytes held until the header line ends, to find the
                       field separator before libcsv reads a byte */
    size_t nhead, caphead;
    int delim_done;
    /* decoding to UTF-8 before anything else (iconv): a file given an
       encoding, or one that starts with a UTF-16 byte-order mark */
    const char *encoding; /* its name, NULL: the bytes are UTF-8 */
    iconv_t cd;
    unsigned char lead[2]; /* the first bytes, held to look for UTF-16 */
    int nlead, lead_done;
    char pend[16];         /* the start of a character cut by a chunk */
    size_t npend;
    int decode_failed;     /* a byte sequence the encoding does not have */
    long bad_line;         /* the first invalid UTF-8: line (0: none), */
    int bad_col;           /* field, */
    size_t bad_byte;       /* byte within the field */
    unsigned char bad_value;
    const char *bad_where; /* "column 'name'", "the header" */
    const char *file;      /* the file on disk (csvin_read_file), for the
                              encodings that would read it */
    /* csvin_set_columns: only these columns are checked (NULL: all) */
    const char *const *only;
    unsigned char *checked; /* per header column, in the arena */
    int keeps_ascii;        /* the encoding leaves ASCII bytes as they are */
    int field_decode;       /* only with such an encoding: the bytes are
                               read as they are and checked fields that are
                               not UTF-8 are decoded one by one */
};

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

csvin_reader *csvin_new(const char *path, mem_arena *arena, diag *d)
{
    csvin_reader *r = mem_zalloc(1, sizeof(*r));
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "fatal: out of memory\n");
        exit(1);
    }
    csv_set_space_func(&r->parser, no_space);
    r->path = mem_arena_strndup(arena, path, strlen(path));
    r->arena = arena;
    r->d = d;
    csvin_table_init(&r->table);
    r->table.path = r->path;
    r->line = 1;
    r->row_start = 1;
    sha256_init(&r->sha);
    return r;
}

void csvin_free(csvin_reader *r)
{
    if (!r)
        return;
    csv_free(&r->parser);
    free(r->cur);
    free(r->head);
    if (r->encoding)
        iconv_close(r->cd);
    csvin_table_release(&r->table);
    free(r);
}

static const char *column_name(const csvin_reader *r, size_t col)
{
    if (r->have_header && col < (size_t)r->table.ncols)
        return r->table.header[col];
    return NULL;
}

/* Where the field being read sits, in words ("column 'name'", "the
 * header", "an extra field"), in the arena. */
static const char *field_place(csvin_reader *r)
{
    const char *name = column_name(r, r->ncur);
    strbuf where;
    const char *out;
    strbuf_init(&where);
    if (name) {
        strbuf_adds(&where, "column '");
        diag_escape(&where, name, strlen(name), DIAG_QUOTE_MAX);
        strbuf_addc(&where, '\'');
    } else {
        strbuf_adds(&where, r->have_header ? "an extra field" : "the header");
    }
    out = mem_arena_strndup(r->arena, where.buf, where.len);
    strbuf_release(&where);
    return out;
}

/* Whether the field being read is checked (csvin_set_columns). */
static int field_checked(const csvin_reader *r)
{
    if (!r->only)
        return 1;
    return r->have_header && r->ncur < (size_t)r->table.ncols && r->checked[r->ncur];
}

/* Decodes s[0..len) from r's encoding into out; returns len, or the
 * offset of the first byte the encoding does not have. */
static size_t decode_field(csvin_reader *r, const char *s, size_t len, strbuf *out)
{
    char buf[1 << 12];
    char *in = (char *)s;
    size_t left = len;
    iconv(r->cd, NULL, NULL, NULL, NULL);
    while (left > 0) {
        char *o = buf;
        size_t room = sizeof(buf);
        size_t rc = iconv(r->cd, &in, &left, &o, &room);
        strbuf_add(out, buf, sizeof(buf) - room);
        if (rc == (size_t)-1 && errno != E2BIG)
            return len - left;
    }
    return len;
}

static void on_field(void *data, size_t len, void *ctx)
{
    csvin_reader *r = ctx;
    const unsigned char *s = data ? data : (const unsigned char *)"";
    size_t ok;
    int col = (int)r->ncur + 1;
    strbuf decoded;
    strbuf_init(&decoded);
    if (!field_checked(r)) {
        ok = len; /* kept as read, neither checked nor decoded */
    } else {
        ok = utf8_valid_prefix(s, len);
        if (ok < len && s[ok] != 0 && r->field_decode) {
            size_t end = decode_field(r, (const char *)s, len, &decoded);
            if (end == len) {
                s = (const unsigned char *)decoded.buf;
                len = decoded.len;
                ok = utf8_valid_prefix(s, len);
            } else {
                ok = end; /* reported as not UTF-8, naming the encoding */
            }
        }
    }
    if (ok < len && s[ok] == 0) {
        diag_error(r->d, r->path, r->row_start, col, "NUL byte in %s at byte %zu",
                   field_place(r), ok + 1);
        r->row_bad = 1;
        r->errors++;
    } else if (ok < len) {
        /* not UTF-8: one error for the file, said at csvin_finish with
           the encodings that would read it; every such row is bad */
        if (r->bad_line == 0) {
            r->bad_where = field_place(r);
            r->bad_line = r->row_start;
            r->bad_col = col;
            r->bad_byte = ok + 1;
            r->bad_value = s[ok];
            r->errors++;
        }
        r->row_bad = 1;
    }
    MEM_GROW(r->cur, r->ncur, r->capcur);
    r->cur[r->ncur++] = mem_arena_strndup(r->arena, (const char *)s, len);
    strbuf_release(&decoded);
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

static char *trim_copy(mem_arena *a, const char *s)
{
    size_t n = strlen(s);
    while (*s == ' ' || *s == '\t') {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return mem_arena_strndup(a, s, n);
}

/* Whether header names a and b are the same: ASCII letters in any case
 * ("ID" is "id"), every other byte exactly. */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x != y && (x >= 0x80 || y >= 0x80 || tolower(x) != tolower(y)))
            return 0;
    }
    return *a == *b;
}

/* A heap copy of name with ASCII letters in lower case: names that
 * same_name calls equal fold to the same bytes. */
static char *fold_name(const char *name)
{
    size_t len = strlen(name);
    char *out = mem_alloc(len + 1);
    for (size_t i = 0; i <= len; i++) {
        unsigned char x = (unsigned char)name[i];
        out[i] = (char)(x < 0x80 ? tolower(x) : x);
    }
    return out;
}

static void take_header(csvin_reader *r)
{
    csvin_table *t = &r->table;
    size_t n = r->ncur;
    strmap seen; /* folded name -> its first column */
    char **folded;
    int j;
    /* empty cells at the end of the header (a stray cell in a
       spreadsheet) are no columns */
    while (n > 1 && is_blank(r->cur[n - 1]))
        n--;
    t->ncols = (int)n;
    t->header_line = r->row_start;
    t->header = mem_arena_alloc(r->arena, mem_mul(sizeof(char *), n));
    if (r->only) {
        r->checked = mem_arena_alloc(r->arena, n);
        memset(r->checked, 0, n);
    }
    strmap_init(&seen);
    MEM_ZALLOC_ARRAY(folded, n);
    for (size_t i = 0; i < n; i++) {
        t->header[i] = trim_copy(r->arena, r->cur[i]);
        if (t->header[i][0] == '\0') {
            diag_error(r->d, r->path, r->row_start, (int)i + 1, "empty column name in the header");
            r->errors++;
            continue;
        }
        if (r->only) {
            for (const char *const *k = r->only; *k; k++)
                r->checked[i] |= same_name(t->header[i], *k);
        }
        /* a hash of the names folded as same_name compares them: linear
           in the header (a pairwise check took minutes on 10^6 columns) */
        folded[i] = fold_name(t->header[i]);
        j = strmap_put(&seen, folded[i], (int)i);
        if (j >= 0) {
            diag_error(r->d, r->path, r->row_start, (int)i + 1,
                       "duplicate column '%s' (also column %d)", t->header[i], j + 1);
            r->errors++;
        }
    }
    strmap_release(&seen);
    for (size_t i = 0; i < n; i++)
        free(folded[i]);
    free(folded);
    r->have_header = 1;
}

/* Keeps the current record (also a bad one, flagged, so that its id is
 * known to be defined). */
static void push_row(csvin_reader *r)
{
    csvin_table *t = &r->table;
    MEM_GROW(t->rows, t->nrows, t->cap);
    t->rows[t->nrows].line = r->row_start;
    t->rows[t->nrows].nfields = (int)r->ncur;
    t->rows[t->nrows].bad = r->row_bad;
    t->rows[t->nrows].fields = mem_arena_alloc(r->arena, mem_mul(sizeof(char *), r->ncur));
    if (r->ncur)
        memcpy(t->rows[t->nrows].fields, r->cur, r->ncur * sizeof(char *));
    t->nrows++;
}

static void on_row(int term, void *ctx)
{
    csvin_reader *r = ctx;
    csvin_table *t = &r->table;
    int blank = 1;
    (void)term;
    for (size_t i = 0; i < r->ncur && blank; i++)
        blank = is_blank(r->cur[i]);
    if (blank && !r->row_bad)
        goto done;
    if (!r->have_header) {
        take_header(r);
        goto done;
    }
    /* empty cells past the header's columns (a stray cell) are ignored */
    while (r->ncur > (size_t)t->ncols && is_blank(r->cur[r->ncur - 1]))
        r->ncur--;
    if (!r->row_bad && r->ncur != (size_t)t->ncols) {
        size_t col = r->ncur < (size_t)t->ncols ? r->ncur : (size_t)t->ncols;
        diag_error(r->d, r->path, r->row_start, (int)col + 1,
                   "row has %zu field%s but the header has %d", r->ncur, r->ncur == 1 ? "" : "s",
                   t->ncols);
        r->errors++;
        r->row_bad = 1;
    }
    push_row(r);
done:
    r->ncur = 0;
    r->row_bad = 0;
}

/* Reports a syntax error, keeps the fields read so far as a bad row, and
 * restarts the parser at the next line so later rows are still checked. */
static void parse_error(csvin_reader *r)
{
    int err = csv_error(&r->parser);
    if (err == CSV_EPARSE)
        diag_error(r->d, r->path, r->row_start, (int)r->ncur + 1,
                   "malformed CSV: a '\"' inside an unquoted field or text after a closing quote "
                   "(quote the whole field and double inner quotes)");
    else
        diag_error(r->d, r->path, r->row_start, (int)r->ncur + 1, "cannot parse CSV: %s",
                   csv_strerror(err));
    r->errors++;
    if (r->have_header) {
        r->row_bad = 1;
        push_row(r);
    }
    r->ncur = 0;
    r->row_bad = 0;
    csv_free(&r->parser);
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "fatal: out of memory\n");
        exit(1);
    }
    csv_set_space_func(&r->parser, no_space);
    csv_set_delim(&r->parser, (unsigned char)r->table.delim);
    /* without a header the file cannot be read on */
    r->skip_line = r->have_header ? 1 : 2;
}

/* Feeds bytes that hold no line end except possibly the last one. */
static void feed_segment(csvin_reader *r, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (r->skip_line) {
        if (r->skip_line == 1 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            r->skip_line = 0;
        return;
    }
    if (r->parser.pstate == CSV_ROW_NOT_BEGUN)
        r->row_start = r->line;
    if (csv_parse(&r->parser, s, n, on_field, on_row, r) != n) {
        parse_error(r);
        if (r->skip_line == 1 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            r->skip_line = 0; /* the rest of this line is this segment */
    }
}

static void feed_lines(csvin_reader *r, const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        char c;
        while (j < len && buf[j] != '\n' && buf[j] != '\r')
            j++;
        if (j == len) {
            feed_segment(r, buf + i, len - i);
            r->prev_cr = 0;
            return;
        }
        feed_segment(r, buf + i, j + 1 - i);
        c = buf[j];
        /* an LF right after a CR ends the same line (CRLF); a lone CR
           ends a line of its own (old Mac files), so does a lone LF */
        if (!(c == '\n' && r->prev_cr && j == i))
            r->line++;
        r->prev_cr = c == '\r';
        i = j + 1;
    }
}

/* The separator the line s[0..n) uses most outside quotes: ',', ';' or a
 * tab (',' when none or a tie). */
static char find_delim(const char *s, size_t n)
{
    static const char cand[3] = {',', ';', '\t'};
    size_t count[3] = {0, 0, 0};
    int quoted = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        for (int k = 0; k < 3 && !quoted; k++)
            count[k] += s[i] == cand[k];
    }
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return cand[best];
}

/* Sets the separator from the held bytes (upto their first line end, or
 * all of them) and feeds them. */
static void settle_delim(csvin_reader *r)
{
    size_t eol = 0;
    while (eol < r->nhead && r->head[eol] != '\n' && r->head[eol] != '\r')
        eol++;
    r->table.delim = find_delim(r->head, eol);
    csv_set_delim(&r->parser, (unsigned char)r->table.delim);
    r->delim_done = 1;
    feed_lines(r, r->head, r->nhead);
    free(r->head);
    r->head = NULL;
    r->nhead = r->caphead = 0;
}

/* Feeds the bytes after the byte-order mark, holding the header line. */
static void feed_body(csvin_reader *r, const char *buf, size_t len)
{
    if (r->delim_done) {
        feed_lines(r, buf, len);
        return;
    }
    if (len == 0)
        return;
    if (r->nhead + len > r->caphead) {
        r->caphead = (r->nhead + len) * 2;
        r->head = mem_realloc(r->head, r->caphead);
    }
    memcpy(r->head + r->nhead, buf, len);
    r->nhead += len;
    if (memchr(r->head, '\n', r->nhead) || memchr(r->head, '\r', r->nhead))
        settle_delim(r);
}

int csvin_encoding_known(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

/* Whether cd (to UTF-8) leaves the ASCII bytes a CSV file is built of as
 * they are (GB18030, Windows-1252, Shift_JIS; not UTF-16). */
static int keeps_ascii(iconv_t cd)
{
    char sample[] = "\t\n\r \"',;.-_0123456789ABCXYZabcxyz";
    char out[128], *in = sample, *o = out;
    size_t left = strlen(sample), room = sizeof(out);
    size_t rc = iconv(cd, &in, &left, &o, &room);
    iconv(cd, NULL, NULL, NULL, NULL);
    return rc != (size_t)-1 && left == 0 && (size_t)(o - out) == strlen(sample) &&
           memcmp(out, sample, strlen(sample)) == 0;
}

/* With the columns limited and an encoding that keeps ASCII, the bytes are
 * read as they are (a UTF-16 byte-order mark still switches to decoding
 * the whole stream) and each checked field is decoded on its own. */
static void settle_decoding(csvin_reader *r)
{
    r->field_decode = r->only && r->encoding && r->keeps_ascii;
    if (r->bytes == 0)
        r->lead_done = r->encoding && !r->field_decode;
}

int csvin_set_encoding(csvin_reader *r, const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return -1;
    if (r->encoding)
        iconv_close(r->cd);
    r->cd = cd;
    r->encoding = mem_arena_strndup(r->arena, name, strlen(name));
    r->keeps_ascii = keeps_ascii(cd);
    r->lead_done = 1; /* the encoding is known */
    settle_decoding(r);
    return 0;
}

void csvin_set_columns(csvin_reader *r, const char *const *names)
{
    r->only = names;
    settle_decoding(r);
}

static void feed_utf8(csvin_reader *r, const char *buf, size_t len);

/* Decodes len bytes (after r->pend) to UTF-8 and feeds them; at_end: no
 * more bytes follow, so a cut character is an error. */
static void decode(csvin_reader *r, const char *buf, size_t len, int at_end)
{
    char out[1 << 14];
    char *in;
    size_t left;
    strbuf joined;
    if (r->decode_failed)
        return;
    strbuf_init(&joined);
    strbuf_add(&joined, r->pend, r->npend);
    strbuf_add(&joined, buf, len);
    r->npend = 0;
    in = joined.buf;
    left = joined.len;
    while (left > 0) {
        char *o = out;
        size_t room = sizeof(out);
        size_t rc = iconv(r->cd, &in, &left, &o, &room);
        int err = rc == (size_t)-1 ? errno : 0;
        feed_utf8(r, out, sizeof(out) - room);
        if (err == E2BIG)
            continue;
        if (err == EINVAL && !at_end && left < sizeof(r->pend)) {
            memcpy(r->pend, in, left); /* a character cut by the chunk */
            r->npend = left;
            break;
        }
        if (err) {
            diag_error(r->d, r->path, r->line, 0,
                       "not valid %s: byte 0x%02X on this line is not a character of it "
                       "(is the file in another encoding?)",
                       r->encoding, (unsigned char)*in);
            r->errors++;
            r->decode_failed = 1;
            break;
        }
    }
    strbuf_release(&joined);
}

void csvin_feed(csvin_reader *r, const char *buf, size_t len)
{
    r->bytes += len;
    sha256_update(&r->sha, buf, len);
    while (!r->lead_done && len > 0) {
        r->lead[r->nlead++] = (unsigned char)*buf++;
        len--;
        if (r->nlead == 2) {
            int le = r->lead[0] == 0xFF && r->lead[1] == 0xFE;
            int be = r->lead[0] == 0xFE && r->lead[1] == 0xFF;
            r->lead_done = 1;
            if (le || be)
                csvin_set_encoding(r, le ? "UTF-16LE" : "UTF-16BE");
            /* the mark itself is no character: skipped */
            if (!(le || be))
                feed_utf8(r, (const char *)r->lead, 2);
        }
    }
    if (len == 0)
        return;
    if (r->encoding && !r->field_decode)
        decode(r, buf, len, 0);
    else
        feed_utf8(r, buf, len);
}

/* Feeds UTF-8 bytes: a UTF-8 byte-order mark is dropped, the rest goes on
 * to the header line's separator and libcsv. */
static void feed_utf8(csvin_reader *r, const char *buf, size_t len)
{
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    while (!r->bom_done && len > 0) {
        r->bom[r->bom_len++] = (unsigned char)*buf++;
        len--;
        if (r->bom[r->bom_len - 1] != bom[r->bom_len - 1]) {
            r->bom_done = 1;
            feed_body(r, (const char *)r->bom, (size_t)r->bom_len);
        } else if (r->bom_len == 3) {
            r->bom_done = 1; /* a byte-order mark: dropped */
        }
    }
    if (len)
        feed_body(r, buf, len);
}

/* What a file that is not a regular one is, in words. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a pipe";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a device";
}

/* Opens path for reading when it is a regular file. The name is opened
 * once, without blocking (a pipe would wait for a writer forever), and
 * what was opened is checked, not the name, so nothing can be swapped in
 * between. Returns the stream, or NULL after recording why in d (when d
 * is not NULL): "cannot open: REASON", or that it is a dangling link or
 * not a regular file. */
static FILE *open_regular(const char *path, diag *d)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY), err, flags;
    FILE *f;
    if (fd < 0) {
        err = errno;
        if (d && err == ENOENT && lstat(path, &st) == 0)
            diag_error(d, path, 0, 0,
                       "cannot open: %s (it is a link to a file that does not exist)",
                       strerror(err));
        else if (d)
            diag_error(d, path, 0, 0, "cannot open: %s", strerror(err));
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        if (d)
            diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        if (d)
            diag_error(d, path, 0, 0, "is not a regular file (%s); it must be a CSV file",
                       file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    /* reads of a regular file do not block: the flag is only dropped so
       the stream behaves as fopen's would */
    flags = fcntl(fd, F_GETFL);
    if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 || !(f = fdopen(fd, "rb"))) {
        if (d)
            diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    return f;
}

/* The encodings among a few common ones that decode the whole of file
 * without an invalid sequence, as "WINDOWS-1252 or GB18030" into sb, the
 * likelier first: Western text has its bytes above 0x7F mostly alone
 * between ASCII ones (é, ü), Chinese or Japanese text in pairs; *first
 * gets the likeliest (NULL when none). */
static void guess_encodings(const char *file, strbuf *sb, const char **first)
{
    static const char *const western[] = {"WINDOWS-1252", "GB18030", "SHIFT_JIS"};
    static const char *const eastern[] = {"GB18030", "SHIFT_JIS", "WINDOWS-1252"};
    const char *const *names;
    FILE *f = open_regular(file, NULL);
    strbuf bytes;
    char chunk[1 << 14];
    size_t n, found = 0, high = 0, alone = 0;
    *first = NULL;
    if (!f)
        return;
    strbuf_init(&bytes);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        strbuf_add(&bytes, chunk, n);
    fclose(f);
    for (size_t i = 0; i < bytes.len; i++) {
        const unsigned char *b = (const unsigned char *)bytes.buf;
        if (b[i] < 0x80)
            continue;
        high++;
        alone += (i == 0 || b[i - 1] < 0x80) && (i + 1 == bytes.len || b[i + 1] < 0x80);
    }
    names = 2 * alone >= high ? western : eastern;
    for (size_t i = 0; i < 3; i++) {
        iconv_t cd = iconv_open("UTF-8", names[i]);
        char *in = bytes.buf, out[1 << 14];
        size_t left = bytes.len;
        if (cd == (iconv_t)-1)
            continue;
        while (left > 0) {
            char *o = out;
            size_t room = sizeof(out);
            if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 && errno != E2BIG)
                break;
        }
        iconv_close(cd);
        if (left == 0) {
            strbuf_addf(sb, "%s%s", found++ ? " or " : "", names[i]);
            if (!*first)
                *first = names[i];
        }
    }
    strbuf_release(&bytes);
}

status csvin_finish(csvin_reader *r, csvin_table *t)
{
    if (!r->lead_done) {
        r->lead_done = 1;
        feed_utf8(r, (const char *)r->lead, (size_t)r->nlead);
    }
    if (r->encoding && !r->field_decode)
        decode(r, "", 0, 1);
    if (!r->bom_done) {
        r->bom_done = 1;
        feed_body(r, (const char *)r->bom, (size_t)r->bom_len);
    }
    if (!r->delim_done)
        settle_delim(r); /* a file of one line */
    if (!r->skip_line) {
        if (csv_fini(&r->parser, on_field, on_row, r) != 0) {
            diag_error(r->d, r->path, r->row_start, (int)r->ncur + 1,
                       "unterminated quoted field: the '\"' opened here is never closed");
            r->errors++;
        }
    }
    if (r->bytes == 0) {
        diag_error(r->d, r->path, 0, 0, "file is empty (it needs at least a header row)");
        r->errors++;
    } else if (!r->have_header && r->errors == 0) {
        diag_error(r->d, r->path, 0, 0, "file has no header row");
        r->errors++;
    }
    if (r->bad_line) {
        strbuf guess;
        const char *first = NULL;
        strbuf_init(&guess);
        if (r->file && !r->field_decode)
            guess_encodings(r->file, &guess, &first);
        if (r->field_decode)
            diag_error(r->d, r->path, r->bad_line, r->bad_col,
                       "invalid byte 0x%02X in %s at byte %zu: the field is neither UTF-8 nor %s",
                       r->bad_value, r->bad_where, r->bad_byte, r->encoding);
        else if (first)
            diag_error(r->d, r->path, r->bad_line, r->bad_col,
                       "invalid UTF-8 byte 0x%02X in %s at byte %zu: the file is not UTF-8 but "
                       "reads as %s; save it as \"CSV UTF-8\", or pass --encoding %s",
                       r->bad_value, r->bad_where, r->bad_byte, guess.buf, first);
        else
            diag_error(r->d, r->path, r->bad_line, r->bad_col,
                       "invalid UTF-8 byte 0x%02X in %s at byte %zu: the file is not UTF-8; "
                       "save it as \"CSV UTF-8\", or pass --encoding with the encoding it was "
                       "saved in",
                       r->bad_value, r->bad_where, r->bad_byte);
        strbuf_release(&guess);
    }
    sha256_final_hex(&r->sha, r->table.sha256);
    *t = r->table;
    csvin_table_init(&r->table);
    return r->errors ? ST_INPUT : ST_OK;
}

status csvin_read_file(const char *path, mem_arena *arena, diag *d, csvin_table *t)
{
    return csvin_read_file_as(path, NULL, arena, d, t);
}

status csvin_read_file_as(const char *path, const char *encoding, mem_arena *arena, diag *d,
                          csvin_table *t)
{
    return csvin_read_file_columns(path, encoding, NULL, arena, d, t);
}

status csvin_read_file_columns(const char *path, const char *encoding, const char *const *names,
                               mem_arena *arena, diag *d, csvin_table *t)
{
    FILE *f;
    csvin_reader *r;
    char buf[1 << 16];
    size_t n;
    status st;
    csvin_table_init(t);
    if (!(f = open_regular(path, d)))
        return ST_INPUT;
    r = csvin_new(path, arena, d);
    r->file = r->path;
    if (encoding && csvin_set_encoding(r, encoding) != 0) {
        diag_error(d, path, 0, 0, "unknown encoding '%s' (try e.g. gb18030, windows-1252, "
                                  "latin1, utf-16)", encoding);
        fclose(f);
        csvin_free(r);
        return ST_INPUT;
    }
    if (names)
        csvin_set_columns(r, names);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        csvin_feed(r, buf, n);
    if (ferror(f)) {
        diag_error(d, path, 0, 0, "read error: %s", strerror(errno));
        fclose(f);
        csvin_free(r);
        return ST_IO;
    }
    fclose(f);
    st = csvin_finish(r, t);
    csvin_free(r);
    return st;
}

void csvin_table_init(csvin_table *t)
{
    memset(t, 0, sizeof(*t));
    t->delim = ',';
}

void csvin_table_release(csvin_table *t)
{
    free(t->rows);
    csvin_table_init(t);
}

int csvin_column(const csvin_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (same_name(t->header[i], name))
            return i;
    return -1;
}

static int in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (same_name(*list, name))
            return 1;
    return 0;
}

int csvin_check_columns(const csvin_table *t, const char *const *known,
                        const char *const *required, diag *d)
{
    int missing = 0;
    strbuf unknown;
    int nunknown = 0, first_unknown = 0;
    for (; *required; required++) {
        if (csvin_column(t, *required) < 0) {
            diag_error(d, t->path, 0, 0, "missing required column '%s'", *required);
            missing++;
        }
    }
    strbuf_init(&unknown);
    for (int i = 0; i < t->ncols; i++) {
        if (t->header[i][0] == '\0' || in_list(known, t->header[i]))
            continue;
        strbuf_addf(&unknown, "%s'", nunknown ? ", " : "");
        diag_escape(&unknown, t->header[i], strlen(t->header[i]), DIAG_QUOTE_MAX);
        strbuf_addc(&unknown, '\'');
        if (nunknown++ == 0)
            first_unknown = i + 1;
    }
    if (nunknown)
        diag_warning(d, t->path, t->header_line, first_unknown, "unknown column%s %s ignored",
                     nunknown == 1 ? "" : "s", unknown.buf);
    strbuf_release(&unknown);
    return missing;
}
