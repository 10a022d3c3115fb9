// The side menu, as data. Features add an entry here (and a route in router.js).
// `label` is an i18n key; `icon` an @element-plus/icons-vue component.
// `action`: the permission (web/src/permissions.js) the entry needs; entries without one are
// public. `path` may be a function of the session (e.g. the user's own area); `match` is then
// the prefix used to highlight it.
import {
  Calendar,
  CopyDocument,
  DataAnalysis,
  Document,
  Files,
  HomeFilled,
  House,
  Key,
  List,
  Location,
  MapLocation,
  Message,
  Monitor,
  OfficeBuilding,
  Switch,
  User,
  Warning,
  Tickets,
  Histogram,
  Phone,
} from '@element-plus/icons-vue'

export const menu = [
  { path: '/', label: 'menu.home', icon: HomeFilled, testid: 'menu-home' },
  { path: '/regions', label: 'menu.regions', icon: Location, testid: 'menu-regions' },
  {
    path: (s) => `/places/${s.account.scope}`,
    match: '/places',
    label: 'menu.myArea',
    icon: MapLocation,
    action: 'place.read',
    testid: 'menu-place',
  },
  { path: '/worklist', label: 'menu.worklist', icon: List, action: 'worklist.read', testid: 'menu-worklist' },
  { path: '/children', label: 'menu.children', icon: Files, action: 'child.read', testid: 'menu-children' },
  { path: '/duplicates', label: 'menu.duplicates', icon: CopyDocument, action: 'child.read', testid: 'menu-duplicates' },
  { path: '/transfers', label: 'menu.transfers', icon: Switch, action: 'child.read', testid: 'menu-transfers' },
  {
    path: '/parent-reports',
    label: 'menu.parentReports',
    icon: Message,
    action: 'child.write',
    testid: 'menu-parent-reports',
  },
  { path: '/compliance', label: 'menu.compliance', icon: DataAnalysis, action: 'worklist.read', testid: 'menu-compliance' },
  { path: '/schedule', label: 'menu.schedule', icon: Calendar, action: 'worklist.read', testid: 'menu-schedule' },
  {
    // a director goes straight to their own village's centre
    path: (s) => (s.account.role === 'director' ? `/centres/village/${s.account.scope}` : '/centres'),
    match: '/centres',
    label: 'menu.centres',
    icon: House,
    action: 'centre.read',
    testid: 'menu-centres',
  },
  { path: '/accounts', label: 'menu.accounts', icon: User, action: 'account.manage', testid: 'menu-accounts' },
  { path: '/roles', label: 'menu.roles', icon: Key, action: 'account.assign', testid: 'menu-roles' },
  { path: '/audit', label: 'menu.audit', icon: Document, action: 'audit.read', testid: 'menu-audit' },
  { path: '/account/sessions', label: 'menu.sessions', icon: Monitor, action: 'self', testid: 'menu-sessions' },
  // referrals and notices (issue 6, referrals)
  { path: '/referrals/inbox', label: 'referral.menuInbox', icon: Message, action: 'referral.answer', testid: 'menu-referral-inbox' },
  { path: '/referrals/board', label: 'referral.menuBoard', icon: DataAnalysis, action: 'referral.board', testid: 'menu-referral-board' },
  { path: '/notices/justice', label: 'referral.menuJustice', icon: Document, action: 'notice.justice', testid: 'menu-justice-notice' },
  // guardianship intervention (issue 6)
  {
    path: '/institutions',
    label: 'menu.institutions',
    icon: OfficeBuilding,
    action: 'institution.read',
    testid: 'menu-institutions',
  },
  // mandatory reports, the case board, the hotline (issue 6)
  { path: '/reports/new', label: 'reports.menuNew', icon: Warning, action: 'report.create', testid: 'menu-report-new' },
  { path: '/reports', label: 'reports.menuList', icon: Tickets, action: 'report.read', testid: 'menu-reports' },
  { path: '/cases', label: 'caseBoard.menu', icon: Histogram, action: 'case.read', testid: 'menu-case-board' },
  { path: '/hotline', label: 'hotline.menu', icon: Phone, action: 'hotline.handle', testid: 'menu-hotline' },

]
