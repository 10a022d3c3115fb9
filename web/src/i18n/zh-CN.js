// 简体中文 (default). Avoid the characters { } @ $ | in texts: they are message syntax.
export default {
  app: {
    name: '关爱 guanai',
    openMenu: '打开菜单',
    language: '语言',
  },
  menu: {
    home: '首页',
    regions: '行政区划',
  },
  home: {
    title: '欢迎使用关爱',
    intro:
      '关爱是重庆市农村留守儿童和困境儿童关爱服务体系的信息系统，从区县一直延伸到村（社区）。',
    what:
      '每个儿童一人一档：儿童主任在这里登记儿童信息、记录走访，督导员和各部门在这里处理强制报告、转介和跟踪，民政部门据此统计和评估。',
    goRegions: '浏览行政区划',
  },
  regions: {
    title: '行政区划',
    search: '按名称筛选已加载的区划',
    empty: '暂无数据',
    select: '点击区划查看详情',
    detail: '区划详情',
    code: '代码',
    name: '名称',
    level: '级别',
    kind: '类型',
    parent: '上级',
    path: '所属',
    flags: '标记',
    overlaps: '覆盖区域',
    none: '无',
    levels: {
      province: '省级',
      city: '市级',
      county: '区县',
      township: '乡镇街道',
      village: '村社区',
    },
    kinds: {
      province: '省/直辖市',
      city: '市',
      district: '区',
      county: '县',
      zone: '管理区',
      street: '街道',
      town: '镇',
      township: '乡',
      village: '村',
      community: '社区',
    },
    flagNames: {
      deep_poverty: '深度贫困乡镇',
      unconfirmed: '待核实',
      management_zone: '管理区',
      abolished: '已撤销',
    },
  },
  notFound: {
    title: '页面不存在',
    text: '您访问的页面不存在或已被移动。',
    back: '返回首页',
  },
  error: {
    load: '加载失败',
  },
}
