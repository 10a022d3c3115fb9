/* Migration texts defined outside migrations.c (each file one part of the
 * schema), listed in migrations.c's table. Internal to src/store. */
#ifndef GA_STORE_MIGRATIONS_INTERNAL_H
#define GA_STORE_MIGRATIONS_INTERNAL_H

/* issue 6 (migrations_cases.c) */
extern const char m014_sqlite[];
extern const char m014_pg[];
extern const char m015_sqlite[];
extern const char m015_pg[];
extern const char m016_sqlite[];
extern const char m016_pg[];
extern const char m017_sqlite[];
extern const char m017_pg[];
extern const char m018_sqlite[];
extern const char m018_pg[];

#endif
