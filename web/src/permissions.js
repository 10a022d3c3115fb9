// A small copy of the permission matrix in docs/permissions.md (generated from
// src/auth/permissions.c): keep it in step. The web app only uses it to decide which menu
// entries and pages to offer; the server enforces the real thing on every request.

/** Roles: the level of division their scope must be, and whether TOTP is required. */
export const ROLES = {
  none: { level: 'any', totp: false },
  director: { level: 'village', totp: false },
  supervisor: { level: 'township', totp: false },
  protection: { level: 'county', totp: false },
  welfare: { level: 'county', totp: false },
  county_civil: { level: 'county', totp: true },
  city_civil: { level: 'any', totp: true },
  reporter: { level: 'any', totp: false },
  police: { level: 'county', totp: false },
  education: { level: 'county', totp: false },
  justice: { level: 'county', totp: false },
  hrss: { level: 'county', totp: false },
  disability: { level: 'county', totp: false },
  women_fed: { level: 'county', totp: false },
  hotline: { level: 'any', totp: false },
  social_org: { level: 'any', totp: false },
  sysadmin: { level: 'any', totp: true },
  secadmin: { level: 'any', totp: true },
  auditor: { level: 'any', totp: true },
}

/** Admin roles: managed from the server's command line, not assignable in the web app. */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor']

const WORKERS = [
  'director',
  'supervisor',
  'protection',
  'welfare',
  'county_civil',
  'city_civil',
  'police',
  'education',
  'justice',
  'hrss',
  'disability',
  'women_fed',
  'hotline',
  'social_org',
]

// referrals (issue 6): who sends, who receives
const REFERRAL_SENDERS = ['director', 'supervisor', 'protection', 'county_civil', 'hotline']
const REFERRAL_DEPTS = ['education', 'police', 'justice', 'hrss', 'disability', 'women_fed', 'social_org']

/** action -> roles granted it */
export const MATRIX = {
  self: Object.keys(ROLES),
  'place.read': WORKERS,
  'account.read': ['sysadmin', 'secadmin'],
  'account.manage': ['sysadmin'],
  'account.assign': ['secadmin'],
  'audit.read': ['auditor'],
  'child.read': ['director', 'supervisor', 'protection', 'welfare', 'county_civil', 'city_civil', 'police'],
  'child.write': ['director', 'supervisor'],
  'child.unmask': ['director', 'supervisor', 'protection', 'police'],
  'child.merge': ['supervisor'],
  'visit.read': ['director', 'supervisor', 'protection', 'county_civil', 'city_civil'],
  'visit.write': ['director', 'supervisor'],
  'visit.correct': ['supervisor'],
  'visit.photo': ['director', 'supervisor', 'protection'],
  'worklist.read': ['director', 'supervisor', 'county_civil', 'city_civil'],
  'schedule.manage': ['county_civil', 'city_civil'],
  'centre.read': ['director', 'supervisor', 'county_civil', 'city_civil'],
  'centre.write': ['director', 'supervisor'],
  // referrals and notices (issue 6, referrals)
  'referral.read': [...REFERRAL_SENDERS, 'city_civil', ...REFERRAL_DEPTS],
  'referral.create': REFERRAL_SENDERS,
  'referral.answer': REFERRAL_DEPTS,
  'referral.board': ['county_civil', 'city_civil'],
  'notice.police': ['police'],
  'notice.justice': ['justice'],
  // guardianship intervention (issue 6)
  'institution.read': ['protection', 'welfare', 'county_civil', 'city_civil'],
  'institution.write': ['county_civil', 'city_civil'],
  'intervention.read': ['supervisor', 'protection', 'welfare', 'county_civil', 'city_civil'],
  'intervention.write': ['protection', 'county_civil'],
  // cases (issue 6)
  'case.read': ['protection', 'police', 'county_civil', 'city_civil'],
  'case.write': ['protection', 'police', 'county_civil'],
  // reports, hotline, notifications (issue 6)
  'report.create': ['reporter', 'director', 'supervisor', 'hotline'],
  'report.read': ['reporter', 'director', 'supervisor', 'hotline', 'protection', 'police', 'county_civil', 'city_civil'],
  'hotline.handle': ['hotline'],
  'notification.read': [...WORKERS, 'reporter'],
}

export function can(role, action) {
  if (!role || !action) return false
  const granted = MATRIX[action]
  return !!granted && granted.includes(role)
}
