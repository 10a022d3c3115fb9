#include "util/clock.h"

#include <stdio.h>
#include <string.h>

#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const char *offset_file;

void clock_set_offset_file(const char *path)
{
	offset_file = path;
}

time_t clock_now(void)
{
	time_t now = time(NULL);
	char line[32];
	int64_t off;
	FILE *f;

	if (!offset_file || !(f = fopen(offset_file, "r")))
		return now;
	if (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!parse_int64(line, -3153600000LL, 3153600000LL, &off))
			now += (time_t)off;
	}
	fclose(f);
	return now;
}

void clock_text(long delta_s, char out[24])
{
	time_format_utc(clock_now() + delta_s, out, 24);
}

void clock_now_text(char out[24])
{
	clock_text(0, out);
}
