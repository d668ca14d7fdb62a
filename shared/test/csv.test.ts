import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from '../src/csv'

describe('CSV for Excel and WPS', () => {
  it('quotes every field and doubles quotes (RFC 4180), keeping commas and line breaks inside', () => {
    expect(csvField('普通文本')).toBe('"普通文本"')
    expect(csvField('他说"好"，谢谢')).toBe('"他说""好""，谢谢"')
    expect(csvField('a,b\r\nc')).toBe('"a,b\r\nc"')
    expect(csvField(12)).toBe('"12"')
    expect(csvField(null)).toBe('""')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(csvField('+1')).toBe('"\'+1"')
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"')
    expect(csvField(-1)).toBe('"-1"')
  })

  it('starts with the UTF-8 BOM and ends every line with CRLF', () => {
    expect(toCsv([['状态', '部门'], ['已答复', null]])).toBe('\uFEFF"状态","部门"\r\n"已答复",""\r\n')
  })
})
