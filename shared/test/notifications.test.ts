import { describe, expect, it } from 'vitest'
import { fitField, type SubscribeFieldKind } from '../src/notifications'

// The documented limits of subscribe-message values (subscribeMessage.send, 订阅消息参数值内容限制说明),
// written out again here so that fitField is checked against the rule, not against itself.
const len = (s: string) => Array.from(s).length
const FITS: Record<SubscribeFieldKind, (v: string) => boolean> = {
  thing: (v) => len(v) >= 1 && len(v) <= 20 && !/[\p{Cc}\uD800-\uDFFF]/u.test(v),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
  name: (v) => (/\p{Script=Han}/u.test(v) ? /^[\p{Script=Han}A-Za-z·]{1,10}$/u.test(v) : /^[^\d\p{Script=Han}]{1,20}$/u.test(v)),
  character_string: (v) => /^[!-~]{1,32}$/.test(v),
  time: (v) => /^\d{4}年\d{1,2}月\d{1,2}日 ([01]\d|2[0-3]):[0-5]\d$/.test(v),
  date: (v) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(v),
}

const CASES: [SubscribeFieldKind, string, string][] = [
  // kind, value, fitted
  ['thing', '固原市农业农村局开放日', '固原市农业农村局开放日'],
  ['thing', '掌稳农产品安全之舵 守护百姓舌尖上的安全（第二期）', '掌稳农产品安全之舵 守护百姓舌尖上的安…'],
  ['thing', '12345678901234567890', '12345678901234567890'],
  ['thing', '123456789012345678901', '1234567890123456789…'],
  ['thing', '😀'.repeat(25), '😀'.repeat(19) + '…'],
  ['thing', '参观𠀋𠀋实验室' + '𩸽'.repeat(20), '参观𠀋𠀋实验室' + '𩸽'.repeat(12) + '…'],
  ['thing', '👨‍👩‍👧'.repeat(8), '👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩…'],
  ['thing', '时间改为\n下午 两点\t半', '时间改为 下午 两点 半'],
  ['thing', '  \n ', '-'],
  ['thing', '一二三四五六七八九十一二三四五六七八 九十', '一二三四五六七八九十一二三四五六七八…'],
  ['phrase', '已取消', '已取消'],
  ['phrase', '活动时间已变更', '活动时间已'],
  ['phrase', 'OK 已改期！', '已改期'],
  ['phrase', '𠀋𠀋𠀋𠀋𠀋𠀋', '𠀋𠀋𠀋𠀋𠀋'],
  ['phrase', 'done 😀', '无'],
  ['name', '张三', '张三'],
  ['name', '阿依古丽·买买提·艾力江', '阿依古丽·买买提·艾'],
  ['name', '王Li明 3号😀', '王Li明号'],
  ['name', 'John Smith', 'John Smith'],
  ['name', 'Maximilian Alexander Schmidt', 'Maximilian Alexande…'],
  ['name', 'R2-D2 😀 Ünal', 'R-D Ünal'],
  ['name', '😀😀', '-'],
  ['character_string', 'YJ4K7M2Q9TXB5HRD8C', 'YJ4K7M2Q9TXB5HRD8C'],
  ['character_string', 'A-1 / 编号 B_2', 'A-1/B_2'],
  ['character_string', 'x'.repeat(40), 'x'.repeat(32)],
  ['character_string', '编号', '-'],
  ['time', '2026-03-10T02:05:00Z', '2026年3月10日 10:05'],
  ['time', '2026-03-20T09:30:00+08:00', '2026年3月20日 09:30'],
  ['time', '2025-12-31T16:00:00Z', '2026年1月1日 00:00'],
  ['date', '2026-03-09T16:00:00Z', '2026年3月10日'],
  ['date', '2026-10-01T15:59:00Z', '2026年10月1日'],
]

describe('fitField: subscribe-message values within their documented limits', () => {
  it.each(CASES)('%s %j → %j', (kind, value, fitted) => {
    const out = fitField(kind, value)
    expect(out).toBe(fitted)
    expect(FITS[kind](out)).toBe(true)
  })

  it('counts characters, not UTF-16 units: 20 emoji are a thing that fits as it is', () => {
    expect(fitField('thing', '😀'.repeat(20))).toBe('😀'.repeat(20))
    expect('😀'.repeat(20).length).toBe(40)
  })

  it('never leaves half of a surrogate pair, at any length', () => {
    for (let n = 0; n <= 45; n++) {
      for (const unit of ['😀', '𠀋', '字', 'a']) {
        const value = unit.repeat(n) + '尾'
        for (const kind of ['thing', 'phrase', 'name', 'character_string'] as const) {
          const out = fitField(kind, value)
          expect(FITS[kind](out), `${kind} ${value} → ${out}`).toBe(true)
          expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
        }
      }
    }
  })

  it('refuses a time that is not an instant', () => {
    expect(() => fitField('time', 'next Tuesday')).toThrow(RangeError)
    expect(() => fitField('date', '')).toThrow(RangeError)
  })
})
