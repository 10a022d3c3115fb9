// English. Avoid the characters { } @ $ | in texts: they are message syntax.
export default {
  app: {
    name: '关爱 guanai',
    openMenu: 'Open menu',
    language: 'Language',
  },
  menu: {
    home: 'Home',
    regions: 'Divisions',
  },
  home: {
    title: 'Welcome to guanai',
    intro:
      'guanai (关爱, "care") is the information system of the Chongqing care service network for rural left-behind children and children in difficult circumstances, from the county down to every village.',
    what:
      'Each child has one dossier: village child directors register children and record home visits here; supervisors and partner agencies handle mandatory reports, referrals and follow-up; civil affairs bureaus use it for statistics and evaluation.',
    goRegions: 'Browse administrative divisions',
  },
  regions: {
    title: 'Administrative divisions',
    search: 'Filter loaded divisions by name',
    empty: 'No data',
    select: 'Select a division to see its details',
    detail: 'Division details',
    code: 'Code',
    name: 'Name',
    level: 'Level',
    kind: 'Kind',
    parent: 'Parent',
    path: 'Within',
    flags: 'Flags',
    overlaps: 'Covers',
    none: 'None',
    levels: {
      province: 'Province',
      city: 'City',
      county: 'County',
      township: 'Township / street',
      village: 'Village / community',
    },
    kinds: {
      province: 'Province / municipality',
      city: 'City',
      district: 'District',
      county: 'County',
      zone: 'Management zone',
      street: 'Street',
      town: 'Town',
      township: 'Township',
      village: 'Village',
      community: 'Community',
    },
    flagNames: {
      deep_poverty: 'deep-poverty township',
      unconfirmed: 'to confirm',
      management_zone: 'management zone',
      abolished: 'abolished',
    },
  },
  notFound: {
    title: 'Page not found',
    text: 'The page you asked for does not exist or has moved.',
    back: 'Back to home',
  },
  error: {
    load: 'Loading failed',
  },
}
