import { createRouter, createWebHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import { setAuthErrorHandler } from './api.js'
import { auth, can, clearSession, ensureSession, landing, refreshSession, restriction, safeRedirect } from './auth.js'

// meta.public: reachable without logging in. meta.action: the permission the page needs
// (web/src/permissions.js). Other pages need a session.
const routes = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'menu.home', public: true } },
  {
    path: '/regions',
    name: 'regions',
    component: () => import('./views/RegionsView.vue'),
    meta: { title: 'menu.regions', public: true },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { title: 'login.title', public: true },
  },
  {
    path: '/account/password',
    name: 'password',
    component: () => import('./views/PasswordView.vue'),
    meta: { title: 'password.title', action: 'self' },
  },
  {
    path: '/account/totp',
    name: 'totp',
    component: () => import('./views/TotpView.vue'),
    meta: { title: 'totp.title', action: 'self' },
  },
  {
    path: '/account/sessions',
    name: 'sessions',
    component: () => import('./views/SessionsView.vue'),
    meta: { title: 'sessions.title', action: 'self' },
  },
  {
    path: '/places/:code',
    name: 'place',
    component: () => import('./views/PlaceView.vue'),
    meta: { title: 'place.title', action: 'place.read' },
  },
  {
    path: '/children',
    name: 'children',
    component: () => import('./views/ChildrenView.vue'),
    meta: { title: 'child.listTitle', action: 'child.read' },
  },
  {
    path: '/children/new',
    name: 'child-new',
    component: () => import('./views/ChildFormView.vue'),
    meta: { title: 'child.newTitle', action: 'child.write' },
  },
  {
    path: '/children/import',
    name: 'child-import',
    component: () => import('./views/ChildImportView.vue'),
    meta: { title: 'childImport.title', action: 'child.write' },
  },
  {
    path: '/children/:id(\\d+)',
    name: 'child',
    component: () => import('./views/ChildView.vue'),
    meta: { title: 'child.title', action: 'child.read' },
  },
  {
    path: '/children/:id(\\d+)/edit',
    name: 'child-edit',
    component: () => import('./views/ChildFormView.vue'),
    meta: { title: 'child.editTitle', action: 'child.write' },
  },
  {
    path: '/report/:code(\\d{12})',
    name: 'parent-report-form',
    component: () => import('./views/ParentReportFormView.vue'),
    meta: { title: 'parentReport.formTitle', public: true },
  },
  {
    path: '/duplicates',
    name: 'duplicates',
    component: () => import('./views/DuplicatesView.vue'),
    meta: { title: 'duplicate.title', action: 'child.read' },
  },
  {
    path: '/transfers',
    name: 'transfers',
    component: () => import('./views/TransfersView.vue'),
    meta: { title: 'transfer.title', action: 'child.read' },
  },
  {
    path: '/parent-reports',
    name: 'parent-reports',
    component: () => import('./views/ParentReportsView.vue'),
    meta: { title: 'parentReport.inboxTitle', action: 'child.write' },
  },
  {
    path: '/accounts',
    name: 'accounts',
    component: () => import('./views/AccountsView.vue'),
    meta: { title: 'accounts.title', action: 'account.manage' },
  },
  {
    path: '/roles',
    name: 'roles',
    component: () => import('./views/RolesView.vue'),
    meta: { title: 'roles.title', action: 'account.assign' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./views/AuditView.vue'),
    meta: { title: 'audit.title', action: 'audit.read' },
  },
  {
    path: '/centres',
    name: 'centres',
    component: () => import('./views/CentresView.vue'),
    meta: { title: 'centre.listTitle', action: 'centre.read' },
  },
  {
    path: '/centres/village/:code',
    name: 'centre',
    component: () => import('./views/CentreView.vue'),
    meta: { title: 'centre.villageTitle', action: 'centre.read' },
  },
  {
    path: '/children/:id(\\d+)/confirmations/new',
    name: 'confirmation-new',
    component: () => import('./views/ConfirmationFormView.vue'),
    meta: { title: 'confirm.newTitle', action: 'visit.write' },
  },
  {
    path: '/children/:id(\\d+)/confirmations/:cid(\\d+)/edit',
    name: 'confirmation-edit',
    component: () => import('./views/ConfirmationFormView.vue'),
    meta: { title: 'confirm.editTitle', action: 'visit.write' },
  },
  {
    path: '/children/:id(\\d+)/visits/new',
    name: 'visit-new',
    component: () => import('./views/VisitFormView.vue'),
    meta: { title: 'visit.newTitle', action: 'visit.write' },
  },
  {
    path: '/visits/:id(\\d+)',
    name: 'visit',
    component: () => import('./views/VisitView.vue'),
    meta: { title: 'visit.title', action: 'visit.read' },
  },
  {
    path: '/visits/:id(\\d+)/edit',
    name: 'visit-edit',
    component: () => import('./views/VisitFormView.vue'),
    meta: { title: 'visit.editTitle', action: 'visit.write' },
  },
  {
    path: '/worklist',
    name: 'worklist',
    component: () => import('./views/WorklistView.vue'),
    meta: { title: 'worklist.title', action: 'worklist.read' },
  },
  {
    path: '/compliance',
    name: 'compliance',
    component: () => import('./views/ComplianceView.vue'),
    meta: { title: 'compliance.title', action: 'worklist.read' },
  },
  {
    path: '/schedule',
    name: 'schedule',
    component: () => import('./views/ScheduleView.vue'),
    meta: { title: 'schedule.title', action: 'worklist.read' },
  },
  {
    path: '/sync',
    name: 'sync',
    component: () => import('./views/SyncView.vue'),
    meta: { title: 'offline.title', action: 'self' },
  },
  // referrals and notices (issue 6, referrals)
  {
    path: '/referrals/inbox',
    name: 'referral-inbox',
    component: () => import('./views/ReferralInboxView.vue'),
    meta: { title: 'referral.inboxTitle', action: 'referral.answer' },
  },
  {
    path: '/referrals/board',
    name: 'referral-board',
    component: () => import('./views/ReferralBoardView.vue'),
    meta: { title: 'referral.boardTitle', action: 'referral.board' },
  },
  {
    path: '/notices/justice',
    name: 'justice-notice',
    component: () => import('./views/JusticeNoticeView.vue'),
    meta: { title: 'referral.justiceTitle', action: 'notice.justice' },
  },
  // guardianship intervention (issue 6): institutions, assessments
  {
    path: '/institutions',
    name: 'institutions',
    component: () => import('./views/InstitutionsView.vue'),
    meta: { title: 'intervention.institutionsTitle', action: 'institution.read' },
  },
  {
    path: '/children/:id/assessments/new',
    name: 'assessment-new',
    component: () => import('./views/AssessmentFormView.vue'),
    meta: { title: 'intervention.assessTitle', action: 'intervention.write' },
  },
  // the case detail page (issue 6); the case board /cases is another module's
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('./views/CaseView.vue'),
    meta: { title: 'caseDetail.pageTitle', action: 'case.read' },
  },
  // mandatory reports, the case board, the hotline (issue 6)
  {
    path: '/reports/new',
    name: 'report-new',
    component: () => import('./views/ReportFormView.vue'),
    meta: { title: 'reports.newTitle', action: 'report.create' },
  },
  {
    path: '/reports',
    name: 'reports',
    component: () => import('./views/ReportsView.vue'),
    meta: { title: 'reports.listTitle', action: 'report.read' },
  },
  {
    path: '/cases',
    name: 'case-board',
    component: () => import('./views/CaseBoardView.vue'),
    meta: { title: 'caseBoard.title', action: 'case.read' },
  },
  {
    path: '/hotline',
    name: 'hotline',
    component: () => import('./views/HotlineView.vue'),
    meta: { title: 'hotline.title', action: 'hotline.handle' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./views/ForbiddenView.vue'),
    meta: { title: 'forbidden.title', public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFound.vue'),
    meta: { title: 'notFound.title', public: true },
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const s = await ensureSession()
  if (to.name === 'login') {
    // Already logged in: go where the login would have led.
    if (s) return safeRedirect(to.query.redirect) || landing(s)
    return true
  }
  const forced = restriction(s)
  if (forced) {
    // A restricted session may only change its password / enrol TOTP (and log out).
    if (to.name === forced || to.name === 'not-found') return true
    const redirect = safeRedirect(to.query.redirect) || (to.meta.public ? '' : to.fullPath)
    return { name: forced, query: redirect ? { redirect } : {} }
  }
  if (to.meta.public) return true
  if (!s) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.action && !can(to.meta.action)) return { name: 'forbidden' }
  return true
})

// Any 401 sends the user to the login page (back to this page afterwards); a 403 saying the
// session is restricted sends them to the page that lifts the restriction.
setAuthErrorHandler(async (e) => {
  const here = router.currentRoute.value
  if (e.status === 401) {
    clearSession()
    if (here.name !== 'login') {
      await router.push({ name: 'login', query: here.meta.public ? {} : { redirect: here.fullPath } })
    }
    return
  }
  const s = await refreshSession()
  const forced = restriction(s)
  if (forced && here.name !== forced) await router.push({ name: forced, query: { redirect: here.fullPath } })
})

export { auth }
