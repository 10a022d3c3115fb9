/*
 * Diagnostic log on stderr: one line each, UTC time, level, message.
 * The level is checked before anything is formatted (Redis's serverLog).
 * Never log personal data: codes and ids only.
 */
#ifndef GA_LOG_H
#define GA_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

extern enum log_level log_min_level;

void log_write(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_at(lvl, ...)                                                       \
	do {                                                                   \
		if ((lvl) >= log_min_level)                                    \
			log_write((lvl), __VA_ARGS__);                         \
	} while (0)
#define log_debug(...) log_at(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_at(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_at(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_at(LOG_ERROR, __VA_ARGS__)

/* "debug", "info", "warn", "error" → level; GA_EINVAL for anything else */
int log_parse_level(const char *s, enum log_level *out);

#endif
