// Display helpers. Times from the API are UTC ISO strings; people read them in Beijing time.
import { i18n } from './i18n/index.js'

const formatters = {}
function fmt(locale) {
  if (!formatters[locale]) {
    formatters[locale] = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    })
  }
  return formatters[locale]
}

/** '2026-11-29T04:57:59Z' -> '2026/11/29 12:57:59' (Asia/Shanghai). */
export function formatTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return fmt(i18n.global.locale.value).format(d)
}

/**
 * A calendar day picked in Beijing time ('YYYY-MM-DD') as the UTC instant it starts at
 * ('YYYY-MM-DDTHH:MM:SSZ'); endOfDay gives the start of the next day.
 */
export function shanghaiDayToUtc(day, endOfDay = false) {
  if (!day) return ''
  const [y, m, d] = day.split('-').map(Number)
  const t = Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0), 0, 0, 0) - 8 * 3600 * 1000
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
