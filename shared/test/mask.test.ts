import { describe, expect, it } from 'vitest'
import { maskPersonalInfo } from '../src/mask'

describe('maskPersonalInfo', () => {
  it('masks mobile numbers inside text, with or without +86 and spaces', () => {
    expect(maskPersonalInfo('请联系我13812345678，谢谢')).toBe('请联系我138****5678，谢谢')
    expect(maskPersonalInfo('电话 +86 138 1234 5678。')).toBe('电话 +86 138****5678。')
    expect(maskPersonalInfo('手机:8613912345678')).toBe('手机:86139****5678')
    expect(maskPersonalInfo('两个号码13812345678和15900001111')).toBe('两个号码138****5678和159****1111')
  })

  it('masks 18-digit ID numbers, with an X check digit too', () => {
    expect(maskPersonalInfo('身份证号640402199001011234')).toBe('身份证号640***********1234')
    expect(maskPersonalInfo('身份证64040219900101123x。')).toBe('身份证640***********123x。')
  })

  it('leaves other numbers alone', () => {
    const text = '订单号202603101234567890123，热线0954-1234567，编号12345678901，流水号9913812345678，日期2026-03-10，12315'
    expect(maskPersonalInfo(text)).toBe(text)
  })
})
