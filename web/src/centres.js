// Display helpers of children's centres (儿童之家): opening hours as people write them.
import { i18n } from './i18n/index.js'

const t = (k, v) => i18n.global.t(k, v)

/** [1,2,3,4,5] -> '周一至周五'; [1,3] -> '周一、周三'; runs of three or more days are joined. */
export function daysText(days) {
  const d = [...new Set(days || [])].sort((a, b) => a - b)
  const parts = []
  for (let i = 0; i < d.length; ) {
    let j = i
    while (j + 1 < d.length && d[j + 1] === d[j] + 1) j++
    if (j - i >= 2) parts.push(`${t(`centre.days.${d[i]}`)}${t('centre.through')}${t(`centre.days.${d[j]}`)}`)
    else for (let k = i; k <= j; k++) parts.push(t(`centre.days.${d[k]}`))
    i = j + 1
  }
  return parts.join('、')
}

/** One entry of the opening hours: '周一至周五 16:00-18:00'. */
export function hoursText(h) {
  return `${daysText(h.days)} ${h.from}-${h.to}`
}

/** Today in Beijing as 'YYYY-MM-DD' (the server's idea of today for activity dates). */
export function todayBeijing() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

export const FACILITIES = [
  'reading_corner',
  'activity_room',
  'counselling_room',
  'sports',
  'computers',
  'first_aid',
  'other',
]
export const ACTIVITY_KINDS = [
  'reading',
  'homework',
  'games',
  'festival',
  'safety_education',
  'mental_health',
  'parent_class',
  'other',
]
