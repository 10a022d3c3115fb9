/*
 * Unit tests for src/io/csv.h: each case is written to a temporary file
 * (under GA_TEST_TMP, else /tmp) and read back record by record.
 */
#define _GNU_SOURCE /* fopencookie, for a stream that fails */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/csv.h"
#include "util/result.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- temporary files ------------------------------------------------ */

static char tmp_path[512];

/* Write len bytes to a fresh temporary file and open it for reading. */
static FILE *tmp_open(const void *data, size_t len)
{
	const char *dir = getenv("GA_TEST_TMP");
	FILE *f;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (mkdir(dir, 0777) && errno != EEXIST)
		fail_msg("cannot create %s", dir);
	snprintf(tmp_path, sizeof(tmp_path), "%s/test_csv_%ld_XXXXXX", dir,
		 (long)getpid());
	fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	f = fopen(tmp_path, "rb");
	assert_non_null(f);
	return f;
}

static void tmp_close(FILE *f)
{
	fclose(f);
	unlink(tmp_path);
}

/* ---- records ---------------------------------------------------------- */

#define MAX_RECS   6
#define MAX_FIELDS 4

struct rec {
	int rc; /* 0 ends the list */
	long line;
	int n;
	const char *f[MAX_FIELDS];
};

struct csv_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	struct rec rec[MAX_RECS];
};

#define ROW(l, cnt, ...)                                                       \
	{                                                                      \
		GA_ROW, l, cnt,                                                \
		{                                                              \
			__VA_ARGS__                                            \
		}                                                              \
	}
#define END(r)                                                                 \
	{                                                                      \
		r, 0, 0,                                                       \
		{                                                              \
			NULL                                                   \
		}                                                              \
	}

static const struct csv_case cases[] = {
    {"empty file", "", 0, {END(GA_DONE)}},
    {"plain",
     "a,b,c\n1,2,3\n",
     0,
     {ROW(1, 3, "a", "b", "c"), ROW(2, 3, "1", "2", "3"), END(GA_DONE)}},
    {"empty fields",
     ",,\nx\n",
     0,
     {ROW(1, 3, "", "", ""), ROW(2, 1, "x"), END(GA_DONE)}},
    {"quoted with commas",
     "\"a,b\",c,\"\"\n",
     0,
     {ROW(1, 3, "a,b", "c", ""), END(GA_DONE)}},
    {"doubled quotes",
     "\"he said \"\"hi\"\"\",\"\"\"\"\n",
     0,
     {ROW(1, 2, "he said \"hi\"", "\""), END(GA_DONE)}},
    {"quote inside an unquoted field is literal",
     "a\"b,c\n",
     0,
     {ROW(1, 2, "a\"b", "c"), END(GA_DONE)}},
    {"newline in quotes: the record keeps the line it began on",
     "\"l1\nl2\",b\nc,d\n",
     0,
     {ROW(1, 2, "l1\nl2", "b"), ROW(3, 2, "c", "d"), END(GA_DONE)}},
    {"CRLF",
     "a,b\r\nc,d\r\n",
     0,
     {ROW(1, 2, "a", "b"), ROW(2, 2, "c", "d"), END(GA_DONE)}},
    {"CRLF after a quoted field, CRLF inside one",
     "\"a\"\r\n\"x\r\ny\",z\r\n",
     0,
     {ROW(1, 1, "a"), ROW(2, 2, "x\r\ny", "z"), END(GA_DONE)}},
    {"bare CR ends a record",
     "a\rb\r",
     0,
     {ROW(1, 1, "a"), ROW(2, 1, "b"), END(GA_DONE)}},
    {"BOM skipped",
     "\xef\xbb\xbf"
     "code,name\n",
     0,
     {ROW(1, 2, "code", "name"), END(GA_DONE)}},
    {"BOM only", "\xef\xbb\xbf", 0, {END(GA_DONE)}},
    {"broken BOM", "\xef\xbbx,y\n", 0, {END(GA_EINVAL)}},
    {"BOM bytes later are data",
     "a\n\xef\xbb\xbf"
     "b\n",
     0,
     {ROW(1, 1, "a"),
      ROW(2, 1,
	  "\xef\xbb\xbf"
	  "b"),
      END(GA_DONE)}},
    {"trailing blank line is one empty field",
     "a,b\n\n",
     0,
     {ROW(1, 2, "a", "b"), ROW(2, 1, ""), END(GA_DONE)}},
    {"last line without newline",
     "a,b\nc,d",
     0,
     {ROW(1, 2, "a", "b"), ROW(2, 2, "c", "d"), END(GA_DONE)}},
    {"last quoted field without newline",
     "a,\"b\"",
     0,
     {ROW(1, 2, "a", "b"), END(GA_DONE)}},
    {"UTF-8 kept as is",
     "500229,城口县\n",
     0,
     {ROW(1, 2, "500229", "城口县"), END(GA_DONE)}},
    {"unterminated quote",
     "ok\n\"abc,def\n",
     0,
     {ROW(1, 1, "ok"), END(GA_EINVAL)}},
    {"unterminated quote after doubled quote",
     "\"abc\"\"",
     0,
     {END(GA_EINVAL)}},
    {"text after closing quote", "\"a\"b,c\n", 0, {END(GA_EINVAL)}},
    {"space after closing quote", "\"a\" ,c\n", 0, {END(GA_EINVAL)}},
    {"quote then text after closing quote",
     "\"a\"\"\"x\"\n",
     0,
     {END(GA_EINVAL)}},
};

static void run_case(const struct csv_case *tc)
{
	size_t len = tc->len ? tc->len : strlen(tc->in);
	FILE *f = tmp_open(tc->in, len);
	struct csv c;

	csv_init(&c, f);
	for (int r = 0; r < MAX_RECS && tc->rec[r].rc; r++) {
		const struct rec *want = &tc->rec[r];
		int rc = csv_next(&c);

		if (rc != want->rc)
			fail_msg("%s: record %d: rc %d, want %d", tc->name, r,
				 rc, want->rc);
		if (rc != GA_ROW)
			break;
		if (c.nfields != want->n)
			fail_msg("%s: record %d: %d fields, want %d", tc->name,
				 r, c.nfields, want->n);
		if (c.line != want->line)
			fail_msg("%s: record %d: line %ld, want %ld", tc->name,
				 r, c.line, want->line);
		for (int i = 0; i < want->n; i++)
			if (strcmp(c.field[i], want->f[i]))
				fail_msg("%s: record %d field %d: \"%s\", want "
					 "\"%s\"",
					 tc->name, r, i, c.field[i],
					 want->f[i]);
	}
	csv_release(&c);
	tmp_close(f);
}

static void csv_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		run_case(&cases[i]);
}

/* GA_DONE is sticky: calling again after the end keeps saying so. */
static void csv_done_repeats(void **state)
{
	FILE *f = tmp_open("a\n", 2);
	struct csv c;

	(void)state;
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(csv_next(&c), GA_DONE);
	assert_int_equal(csv_next(&c), GA_DONE);
	csv_release(&c);
	tmp_close(f);
}

/* A line of n fields "f0,f1,…" (n ≤ 99). */
static void fields_line(char *out, size_t size, int n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, size - len, "%sf%d",
					i ? "," : "", i);
	snprintf(out + len, size - len, "\n");
}

static void csv_fields_max(void **state)
{
	char line[512];
	struct csv c;
	FILE *f;

	(void)state;
	fields_line(line, sizeof(line), CSV_FIELDS_MAX);
	f = tmp_open(line, strlen(line));
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(c.nfields, CSV_FIELDS_MAX);
	assert_string_equal(c.field[CSV_FIELDS_MAX - 1], "f31");
	csv_release(&c);
	tmp_close(f);

	fields_line(line, sizeof(line), CSV_FIELDS_MAX + 1);
	f = tmp_open(line, strlen(line));
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ETOOBIG);
	csv_release(&c);
	tmp_close(f);

	/* empty fields count too */
	memset(line, ',', CSV_FIELDS_MAX);
	line[CSV_FIELDS_MAX] = '\n';
	f = tmp_open(line, CSV_FIELDS_MAX + 1);
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ETOOBIG);
	csv_release(&c);
	tmp_close(f);
}

static void csv_record_max(void **state)
{
	size_t n = CSV_RECORD_MAX + 16;
	char *data = malloc(n);
	struct csv c;
	FILE *f;

	(void)state;
	assert_non_null(data);
	/* one field of CSV_RECORD_MAX - 1 bytes (+ its NUL) fits */
	memset(data, 'x', n);
	data[CSV_RECORD_MAX - 1] = '\n';
	memcpy(data + CSV_RECORD_MAX, "ok\n", 3);
	f = tmp_open(data, CSV_RECORD_MAX + 3);
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(c.nfields, 1);
	assert_int_equal(strlen(c.field[0]), CSV_RECORD_MAX - 1);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_string_equal(c.field[0], "ok");
	csv_release(&c);
	tmp_close(f);

	/* one byte more is too big, quoted or not */
	memset(data, 'x', n);
	data[CSV_RECORD_MAX + 1] = '\n';
	f = tmp_open(data, CSV_RECORD_MAX + 2);
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ETOOBIG);
	csv_release(&c);
	tmp_close(f);

	data[0] = '"';
	data[CSV_RECORD_MAX + 2] = '"';
	data[CSV_RECORD_MAX + 3] = '\n';
	f = tmp_open(data, CSV_RECORD_MAX + 4);
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ETOOBIG);
	csv_release(&c);
	tmp_close(f);
	free(data);
}

static void csv_find_table(void **state)
{
	static const struct {
		const char *name;
		int want;
	} finds[] = {
	    {"code", 0},   {"name", 1},	 {"parent", 2},
	    {"", 3},	   {"Code", -1}, {"nam", -1},
	    {"names", -1}, {"kind", -1}, {"城市", 4},
	};
	const char *in = "code,name,parent,,城市\n";
	FILE *f = tmp_open(in, strlen(in));
	struct csv c;

	(void)state;
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	for (size_t i = 0; i < N(finds); i++)
		assert_int_equal(csv_find(&c, finds[i].name), finds[i].want);
	csv_release(&c);
	tmp_close(f);
}

/*
 * Regression: a read error is taken for the end of the file.
 * csv_next() (src/io/csv.c, `if (ch == EOF)` in the loop) never checks
 * ferror(), so a stream that fails after "code,name\n50,重庆市\n" yields two
 * records and then GA_DONE; region_file_read() then returns GA_OK for a
 * truncated list, and an import would mark every division after the failure
 * as abolished. Expected: an error (GA_EIO) instead of GA_DONE.
 */
struct failing {
	const char *data;
	size_t len, off;
};

static ssize_t failing_read(void *cookie, char *out, size_t size)
{
	struct failing *fl = cookie;
	size_t n = fl->len - fl->off;

	if (!n) {
		errno = EIO;
		return -1;
	}
	if (n > size)
		n = size;
	memcpy(out, fl->data + fl->off, n);
	fl->off += n;
	return (ssize_t)n;
}

static void csv_read_error_is_not_eof(void **state)
{
	struct failing fl = {"code,name\n50,重庆市\n", 0, 0};
	cookie_io_functions_t io = {.read = failing_read};
	struct csv c;
	FILE *f;

	(void)state;
	fl.len = strlen(fl.data);
	f = fopencookie(&fl, "r", io);
	assert_non_null(f);
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(csv_next(&c), GA_EIO);
	csv_release(&c);
	fclose(f);
}

/*
 * Regression: csv.h documents c->line as "line number
 * where the last record began", but for a record whose quoted field spans
 * lines, csv_next() (src/io/csv.c, the `c->line++` on '\n' inside quotes)
 * leaves c->line at the record's last line. Input "\"l1\nl2\",b\n": the
 * record begins on line 1, c->line is 2. region_file.c reports that line in
 * its errors. Either the header or the counter should change; enable this
 * when the counter is fixed (and set the "newline in quotes" and "CRLF after
 * a quoted field" rows of the table above to the start lines 1 and 2).
 */
static void csv_line_is_where_record_began(void **state)
{
	const char *in = "\"l1\nl2\",b\nc,d\n";
	FILE *f = tmp_open(in, strlen(in));
	struct csv c;

	(void)state;
	csv_init(&c, f);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(c.line, 1);
	assert_int_equal(csv_next(&c), GA_ROW);
	assert_int_equal(c.line, 3);
	csv_release(&c);
	tmp_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(csv_table),
	    cmocka_unit_test(csv_done_repeats),
	    cmocka_unit_test(csv_fields_max),
	    cmocka_unit_test(csv_record_max),
	    cmocka_unit_test(csv_find_table),
	    cmocka_unit_test(csv_read_error_is_not_eof),
	    cmocka_unit_test(csv_line_is_where_record_began),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
