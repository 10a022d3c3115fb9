/* The migration list (migrations.c). Internal to src/store. */
#ifndef GA_STORE_MIGRATIONS_H
#define GA_STORE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;    /* the shared dialect, or SQLite's when pg is set */
	const char *sql_pg; /* PostgreSQL's text where the dialects differ */
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
