// The ledger (信息台账) columns of docs/ledger.md (from src/domain/ledger.h), in order, for the
// import page's CSV template. The export-only columns (序号, 现居住地, 儿童类别, 重点儿童标记) are
// left out: the import ignores them. `required`: the import refuses a file without the column.
export const LEDGER_COLUMNS = [
  { heading: '姓名', required: true },
  { heading: '性别', required: true },
  { heading: '民族' },
  { heading: '公民身份号码', required: true },
  { heading: '出生日期', required: true },
  { heading: '是否登记户口' },
  { heading: '未登记户口原因' },
  { heading: '户籍地' },
  { heading: '是否农村户籍' },
  { heading: '现居住地代码', required: true },
  { heading: '详细地址' },
  { heading: '就学情况', required: true },
  { heading: '是否寄宿' },
  { heading: '学校名称' },
  { heading: '年级' },
  { heading: '身体情况', required: true },
  { heading: '疾病名称' },
  { heading: '是否重病' },
  { heading: '残疾类别' },
  { heading: '残疾等级' },
  { heading: '享受救助' },
  { heading: '父亲姓名' },
  { heading: '父亲身份证号' },
  { heading: '父亲电话' },
  { heading: '父亲状况' },
  { heading: '父亲务工地点' },
  { heading: '父亲状况起始日期' },
  { heading: '父亲状况截止日期' },
  { heading: '父亲失联受案日期' },
  { heading: '父亲残疾等级' },
  { heading: '父亲是否精神或智力残疾' },
  { heading: '母亲姓名' },
  { heading: '母亲身份证号' },
  { heading: '母亲电话' },
  { heading: '母亲状况' },
  { heading: '母亲务工地点' },
  { heading: '母亲状况起始日期' },
  { heading: '母亲状况截止日期' },
  { heading: '母亲失联受案日期' },
  { heading: '母亲残疾等级' },
  { heading: '母亲是否精神或智力残疾' },
  { heading: '实际监护人', required: true },
  { heading: '委托监护人姓名' },
  { heading: '委托监护人身份证号' },
  { heading: '委托监护人电话' },
  { heading: '委托监护人与儿童关系' },
  { heading: '委托监护人地址' },
  { heading: '监护类型', required: true },
  { heading: '备注' },
]

export const REQUIRED_HEADINGS = LEDGER_COLUMNS.filter((c) => c.required).map((c) => c.heading)

/** The template: the heading row only, UTF-8 with a BOM (so Excel reads it), CRLF line end. */
export function templateCsv() {
  return '\uFEFF' + LEDGER_COLUMNS.map((c) => c.heading).join(',') + '\r\n'
}

/** A data: address of the template, for <a download>. */
export function templateHref() {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(templateCsv())
}

export const TEMPLATE_NAME = '儿童台账模板.csv'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The largest file the server takes (docs/ledger.md). */
export const MAX_BYTES = 20 * 1024 * 1024

/** The Content-Type to send a file with, from its name; '' when neither .csv nor .xlsx. */
export function ledgerType(name) {
  const m = /\.([a-z0-9]+)$/i.exec(name || '')
  const ext = m ? m[1].toLowerCase() : ''
  if (ext === 'csv') return 'text/csv'
  if (ext === 'xlsx') return XLSX_TYPE
  return ''
}
