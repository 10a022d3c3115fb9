// The child registry (一人一档): the enums of the API (docs/openapi.yaml, ChildInput) in the
// order the forms offer them, the 56 ethnic groups, the GB 11643 ID-number check, and the
// conversions between a dossier (Child) and the form model. Labels live in i18n under child.*.

export const CATEGORIES = [
  'left_behind',
  'orphan_dispersed',
  'de_facto_unsupported',
  'difficult_poverty',
  'difficult_disability',
  'difficult_guardianship',
  'parent_detained',
]
export const KEY_FLAGS = ['poor_guardianship', 'out_of_school', 'no_hukou', 'ill', 'disabled', 'living_alone']
export const SCHOOL = [
  'not_enrolled',
  'kindergarten',
  'primary',
  'junior',
  'senior',
  'vocational',
  'dropout',
  'not_in_school',
  'home_teaching',
]
export const HEALTH = ['healthy', 'ill', 'disabled']
export const ASSISTANCE = ['dibao', 'tekun', 'temporary', 'medical', 'housing', 'orphan_allowance', 'unsupported_allowance']
export const RELATIONS = ['father', 'mother', 'grandfather', 'grandmother', 'sibling', 'relative', 'other']
export const SITUATIONS = [
  'home',
  'migrant',
  'prison',
  'drug_rehab',
  'detained_other',
  'missing',
  'severe_disability',
  'severe_illness',
  'dead',
  'declared_missing',
  'guardianship_revoked',
  'deported',
]
export const CONTACT = ['daily', 'weekly', 'monthly', 'rarely', 'never']
export const GUARDIAN_TYPES = ['parents', 'one_parent', 'grandparents', 'relative', 'entrusted', 'institution', 'none']
export const LEVELS = ['none', 'parent_incapable', 'entrusted_incapable', 'fair', 'good']

/** The 56 ethnic groups (GB 3304), 汉族 first. */
export const ETHNICITIES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
]

/** Which extra facts a family member's situation asks for. */
export const SITUATION_FIELDS = {
  home: [],
  migrant: ['work_place', 'since'],
  prison: ['since', 'until'],
  drug_rehab: ['since', 'until'],
  detained_other: ['since', 'until'],
  missing: ['since', 'police_accepted'],
  severe_disability: ['disability_grade', 'disability_mental'],
  severe_illness: ['since'],
  dead: ['since'],
  declared_missing: ['since'],
  guardianship_revoked: ['since'],
  deported: ['since'],
}
export const needs = (situation, field) => (SITUATION_FIELDS[situation] || []).includes(field)

// --- GB 11643-1999 citizen ID numbers ---

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

function realDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * Checks an ID number. Returns {ok: true, birth: 'YYYY-MM-DD', sex: 'male'|'female'} or
 * {ok: false, error: 'length'|'format'|'date'|'check'} (i18n child.idErrors.*).
 */
export function parseIdNumber(raw) {
  const s = String(raw || '').trim().toUpperCase()
  if (s.length !== 18) return { ok: false, error: 'length' }
  if (!/^[0-9]{17}[0-9X]$/.test(s)) return { ok: false, error: 'format' }
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  if (y < 1900 || !realDate(y, m, d)) return { ok: false, error: 'date' }
  if (idCheckChar(s) !== s[17]) return { ok: false, error: 'check' }
  return {
    ok: true,
    id: s,
    birth: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? 'male' : 'female',
  }
}

/** '500101********123X' style, for showing a number the server sent unmasked. */
export function maskId(s) {
  return s && s.length === 18 ? `${s.slice(0, 6)}********${s.slice(14)}` : s
}

/** A 12-digit division code whose last three digits are not 000 is a village (村/社区). */
export const isVillage = (code) => /^[0-9]{12}$/.test(code || '') && code.slice(9) !== '000'

// --- form model <-> API ---

export function emptyMember(relation = 'other') {
  return {
    relation,
    name: '',
    id_number: '',
    birth_date: '',
    phone: '',
    situation: 'home',
    since: '',
    until: '',
    police_accepted: '',
    work_place: '',
    disability_grade: null,
    disability_mental: false,
    contact: '',
  }
}

export function emptyChild(region = '') {
  return {
    name: '',
    id_number: '',
    no_hukou: false,
    no_hukou_reason: '',
    sex: '',
    birth_date: '',
    ethnicity: '汉族',
    hukou_place: '',
    rural_hukou: true,
    region,
    address: '',
    school_status: '',
    school_since: '',
    boarding: false,
    school_name: '',
    grade: '',
    health: 'healthy',
    illness: '',
    serious_illness: false,
    disability_category: '',
    disability_grade: null,
    assistance: [],
    economic_hardship: false,
    family: [emptyMember('father'), emptyMember('mother')],
    guardian: { type: '', name: '', id_number: '', phone: '', relation: '', address: '' },
    guardianship_level: 'fair',
    lives_alone: false,
    notes: '',
  }
}

const str = (v) => (v === null || v === undefined ? '' : String(v))

/** A dossier (Child) as a form model. */
export function childToForm(c) {
  const f = emptyChild(c.region)
  for (const k of Object.keys(f)) {
    if (k === 'family' || k === 'guardian' || k === 'assistance') continue
    if (k in c) f[k] = typeof f[k] === 'boolean' ? !!c[k] : str(c[k])
  }
  f.disability_category = str(c.disability && c.disability.category)
  f.disability_grade = c.disability && c.disability.grade ? c.disability.grade : null
  f.assistance = [...(c.assistance || [])]
  f.family = (c.family || []).map((m) => ({
    ...emptyMember(m.relation),
    ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'boolean' ? v : k === 'disability_grade' ? v || null : str(v)])),
  }))
  const g = c.guardian || {}
  f.guardian = {
    type: str(g.type),
    name: str(g.name),
    id_number: str(g.id_number),
    phone: str(g.phone),
    relation: str(g.relation),
    address: str(g.address),
  }
  return f
}

function memberBody(m) {
  const b = {
    relation: m.relation,
    name: m.name.trim(),
    id_number: m.id_number.trim().toUpperCase(),
    birth_date: m.birth_date,
    phone: m.phone.trim(),
    situation: m.situation,
  }
  // Facts the situation does not ask for are sent empty, so a changed situation clears them.
  for (const k of ['since', 'until', 'police_accepted', 'work_place']) b[k] = needs(m.situation, k) ? str(m[k]).trim() : ''
  b.disability_grade = needs(m.situation, 'disability_grade') && m.disability_grade ? Number(m.disability_grade) : 0
  b.disability_mental = needs(m.situation, 'disability_mental') ? !!m.disability_mental : false
  if (m.contact) b.contact = m.contact
  return b
}

/** The form model as a ChildInput body (every field). */
export function formToBody(f) {
  const b = {
    name: f.name.trim(),
    no_hukou: !!f.no_hukou,
    sex: f.sex,
    birth_date: f.birth_date,
    ethnicity: f.ethnicity,
    hukou_place: f.hukou_place.trim(),
    rural_hukou: !!f.rural_hukou,
    region: f.region,
    address: f.address.trim(),
    school_status: f.school_status,
    school_since: f.school_status === 'dropout' ? f.school_since : '',
    boarding: !!f.boarding,
    school_name: f.school_name.trim(),
    grade: f.grade.trim(),
    health: f.health,
    illness: f.health === 'ill' ? f.illness.trim() : '',
    serious_illness: f.health === 'ill' ? !!f.serious_illness : false,
    disability:
      f.health === 'disabled'
        ? { category: f.disability_category.trim(), ...(f.disability_grade ? { grade: Number(f.disability_grade) } : {}) }
        : null,
    assistance: [...f.assistance],
    economic_hardship: !!f.economic_hardship,
    family: f.family.map(memberBody),
    guardian:
      f.guardian.type === 'entrusted'
        ? {
            type: 'entrusted',
            name: f.guardian.name.trim(),
            id_number: f.guardian.id_number.trim().toUpperCase(),
            phone: f.guardian.phone.trim(),
            relation: f.guardian.relation.trim(),
            address: f.guardian.address.trim(),
          }
        : { type: f.guardian.type },
    guardianship_level: f.guardianship_level,
    lives_alone: !!f.lives_alone,
    notes: f.notes.trim(),
  }
  if (b.no_hukou) b.no_hukou_reason = f.no_hukou_reason.trim()
  else b.id_number = f.id_number.trim().toUpperCase()
  return b
}

/** The top-level fields of `next` that differ from `prev` (objects and lists compared whole). */
export function changedFields(prev, next) {
  const out = {}
  for (const [k, v] of Object.entries(next)) {
    if (JSON.stringify(v) !== JSON.stringify(prev[k])) out[k] = v
  }
  return out
}
