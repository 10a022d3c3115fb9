#include "io/fingerprint.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

int fingerprint_files(const char *const *paths, size_t n, char out[65],
		      struct ga_error *err)
{
	crypto_generichash_state st;
	unsigned char block[65536];
	unsigned char hash[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(hash));
	for (size_t i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		size_t got;

		if (!f)
			return ga_error_set(
			    err, GA_EIO, "file_unreadable", "file",
			    "无法读取文件 %s (cannot read file): %s", paths[i],
			    strerror(errno));
		while ((got = fread(block, 1, sizeof(block), f)) > 0)
			crypto_generichash_update(&st, block, got);
		fclose(f);
		/* separate files so that moving bytes between them shows */
		crypto_generichash_update(&st, (const unsigned char *)"\0", 1);
	}
	crypto_generichash_final(&st, hash, sizeof(hash));
	sodium_bin2hex(out, 65, hash, sizeof(hash));
	return GA_OK;
}
