#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/result.h"
#include "util/timeutil.h"
#include "util/banned.h"

enum log_level log_min_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_write(enum log_level level, const char *fmt, ...)
{
	char when[32];
	char line[2048];
	va_list ap;
	int n;

	time_format_utc(time(NULL), when, sizeof(when));
	n = snprintf(line, sizeof(line), "%s %s ", when, level_names[level]);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* one fprintf per line keeps lines whole between threads */
	fprintf(stderr, "%s\n", line);
}

int log_parse_level(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(*level_names);
	     i++) {
		if (!strcmp(s, level_names[i])) {
			*out = (enum log_level)i;
			return GA_OK;
		}
	}
	return GA_EINVAL;
}
