/*
 * The wall clock as the services read it. Domain code never calls this: it
 * gets `now` or `today` as an argument. Tests move the clock of a running
 * server by writing a number of seconds into the file named by
 * --clock-offset-file (read on every call; unset in production).
 */
#ifndef GA_CLOCK_H
#define GA_CLOCK_H

#include <time.h>

void clock_set_offset_file(const char *path);
time_t clock_now(void);
/* now + delta_s as UTC "YYYY-MM-DDTHH:MM:SSZ" into out[24] */
void clock_text(long delta_s, char out[24]);
void clock_now_text(char out[24]);

#endif
