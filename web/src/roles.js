// Role names in the current language (the server's role_title is Chinese).
import { i18n } from './i18n/index.js'

export function roleName(role, title) {
  const { t, te } = i18n.global
  const key = `roleNames.${role}`
  return te(key) ? t(key) : title || role
}
