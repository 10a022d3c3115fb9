#include "io/csv.h"

#include <stdint.h>
#include <string.h>

#include "util/result.h"
#include "util/banned.h"

void csv_init(struct csv *c, FILE *f)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	buf_init(&c->rec, CSV_RECORD_MAX);
}

void csv_release(struct csv *c)
{
	buf_release(&c->rec);
}

static int end_field(struct csv *c, size_t *start)
{
	int rc;

	if (c->nfields == CSV_FIELDS_MAX)
		return GA_ETOOBIG;
	rc = buf_addch(&c->rec, '\0');
	if (rc)
		return rc;
	/* store offsets first; pointers are fixed up once the record is whole
	 */
	c->field[c->nfields++] = (const char *)(uintptr_t)*start;
	*start = c->rec.len;
	return GA_OK;
}

int csv_next(struct csv *c)
{
	size_t start = 0;
	int ch;
	int quoted = 0, after_quote = 0, any = 0;
	int rc = GA_OK;

	buf_reset(&c->rec);
	c->nfields = 0;
	if (!c->started)
		c->next_line = 1;
	c->line = c->next_line;
	if (!c->started) {
		c->started = 1;
		ch = getc(c->f);
		if (ch == 0xef) {
			if (getc(c->f) != 0xbb || getc(c->f) != 0xbf)
				return GA_EINVAL;
		} else if (ch != EOF) {
			ungetc(ch, c->f);
		}
	}
	for (;;) {
		ch = getc(c->f);
		if (ch == EOF) {
			/* a failed read is not the end of the file */
			if (ferror(c->f))
				return GA_EIO;
			if (quoted)
				return GA_EINVAL;
			if (!any)
				return GA_DONE;
			break;
		}
		any = 1;
		if (quoted) {
			if (ch == '"') {
				int next = getc(c->f);

				if (next == '"') {
					rc = buf_addch(&c->rec, '"');
				} else {
					quoted = 0;
					after_quote = 1;
					if (next != EOF)
						ungetc(next, c->f);
				}
			} else {
				if (ch == '\n')
					c->next_line++;
				rc = buf_addch(&c->rec, (char)ch);
			}
		} else if (ch == ',') {
			rc = end_field(c, &start);
			after_quote = 0;
		} else if (ch == '\n') {
			c->next_line++;
			break;
		} else if (ch == '\r') {
			int next = getc(c->f);

			if (next != '\n' && next != EOF)
				ungetc(next, c->f);
			c->next_line++;
			break;
		} else if (after_quote) {
			return GA_EINVAL;
		} else if (ch == '"' && c->rec.len == start) {
			quoted = 1;
		} else {
			rc = buf_addch(&c->rec, (char)ch);
		}
		if (rc)
			return rc;
	}
	rc = end_field(c, &start);
	if (rc)
		return rc;
	for (int i = 0; i < c->nfields; i++)
		c->field[i] = c->rec.ptr + (uintptr_t)c->field[i];
	return GA_ROW;
}

int csv_find(const struct csv *c, const char *name)
{
	for (int i = 0; i < c->nfields; i++)
		if (!strcmp(c->field[i], name))
			return i;
	return -1;
}
