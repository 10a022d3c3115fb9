// vue-i18n setup. The language choice persists in localStorage 'guanai.lang' and sets
// <html lang>. Chinese first; English switchable.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

export const LANGS = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
]
const STORAGE_KEY = 'guanai.lang'

function initialLang() {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY)
    if (LANGS.some((l) => l.code === saved)) return saved
  } catch {
    /* storage unavailable: fall through */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLang(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLang(code) {
  if (!LANGS.some((l) => l.code === code)) return
  i18n.global.locale.value = code
  document.documentElement.lang = code
  try {
    window.localStorage.setItem(STORAGE_KEY, code)
  } catch {
    /* ignore */
  }
}

document.documentElement.lang = i18n.global.locale.value
