// The side menu, as data. Features add an entry here (and a route in router.js).
// `label` is an i18n key; `icon` an @element-plus/icons-vue component.
import { HomeFilled, Location } from '@element-plus/icons-vue'

export const menu = [
  { path: '/', label: 'menu.home', icon: HomeFilled, testid: 'menu-home' },
  { path: '/regions', label: 'menu.regions', icon: Location, testid: 'menu-regions' },
]
