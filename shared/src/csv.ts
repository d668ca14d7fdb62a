// CSV for staff downloads that open in Excel and WPS: UTF-8 with a byte order mark (without it
// Excel reads Chinese as GBK), CRLF line ends, and RFC 4180 quoting. Small enough not to need a
// library: every field is quoted, quotes are doubled.

export type CsvCell = string | number | null | undefined

/** Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading apostrophe (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '""'
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value
  return `"${text.replace(/"/g, '""')}"`
}

/** The whole file: BOM, then each row's quoted fields joined by commas, each line ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('')
}
