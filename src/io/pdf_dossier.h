/*
 * The printable dossier (一人一档打印): one child's record as an A4 PDF
 * (libharu), with a CJK font embedded so that it prints the same on any
 * machine. Formatting only: the caller (api/children_print.c) reads the
 * record within its scope, decides whether the reader may see full ID
 * numbers and phones, and writes the audit entry; this module neither
 * reads the database nor decides what a reader may see.
 *
 * Layout: the title 儿童信息档案（一人一档）, then sections of label/value
 * pairs in two columns (基本信息, 就学, 健康, 救助), the family as a table,
 * 监护情况, 儿童类别与重点标记 with the text of every reason, and 备注.
 * Long values wrap; content that passes the bottom margin continues on a
 * new page. Every page carries the footer "第 N 页 · 共 M 页 · 打印人 … ·
 * 打印时间 …（北京时间） · 内部资料 注意保密".
 *
 * The font is a TrueType file or collection (the first face of a .ttc is
 * used), e.g. /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc from Debian's
 * fonts-wqy-zenhei. libharu writes only the glyphs used into the embedded
 * font, so a dossier is about half a megabyte.
 *
 * Ownership: everything is borrowed for the call; the PDF is appended to
 * `out` (the caller's buffer, whose cap bounds it).
 */
#ifndef GA_IO_PDF_DOSSIER_H
#define GA_IO_PDF_DOSSIER_H

#include <stdbool.h>

#include "domain/date.h"
#include "util/buf.h"
#include "util/result.h"

struct child_view; /* domain/child_record.h: a plain record + derivation */

#define PDF_DOSSIER_FONT_DEFAULT "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

/*
 * Append one child's dossier as a PDF to `out`. `v` holds plain (opened)
 * text; unless `unmasked`, ID numbers and phones are printed masked
 * (500101********123X, 138****5678). `today` gives the age; `printed_by`
 * and `printed_at` (Beijing time, e.g. "2026-05-01 14:03") go into the
 * footer. Errors: GA_EIO when the font cannot be read or libharu fails,
 * GA_ETOOBIG when the PDF passes the cap of `out`; `err` says which in
 * Chinese first.
 */
int pdf_dossier(const struct child_view *v, struct date today, bool unmasked,
		const char *font_path, const char *printed_by,
		const char *printed_at, struct buf *out, struct ga_error *err);

#endif
