// One shared "is this a phone-sized screen" flag (below 768 px): App.vue turns the side menu
// into a drawer, pages show cards instead of tables and dialogs use the full width.
import { ref } from 'vue'

export const NARROW = '(max-width: 767.98px)'
const mq = window.matchMedia(NARROW)
export const narrow = ref(mq.matches)
mq.addEventListener('change', (e) => {
  narrow.value = e.matches
})
