// The value limits of WeChat subscribe messages (订阅消息), so a notification is made to fit
// before it is sent instead of being refused with 47003 ("模板参数不准确，可能为空或者不满足规则").
// Source: subscribeMessage.send, 注意事项 "订阅消息参数值内容限制说明"
// (https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_sendmessage.html):
//   thing.DATA             20个以内字符, 可汉字、数字、字母或符号组合
//   phrase.DATA            5个以内汉字, 5个以内纯汉字, 例如: 配送中
//   name.DATA              10个以内纯汉字或20个以内纯字母或符号; 中文和字母混合按中文名算, 10个字内
//   character_string.DATA  32位以内数字、字母或符号
//   time.DATA              24小时制时间格式(支持+年月日), 例如: 15:01, 或: 2019年10月1日 15:01
//   date.DATA              年月日格式(支持+24小时制时间), 例如: 2019年10月1日, 或: 2019年10月1日 15:01
// An empty value is refused too (47003 "data.thing1.value is empty"). A template's keys carry
// their kind: thing1, time2, phrase3…
// Lengths are counted in characters (code points), never UTF-16 units: an emoji is one
// character and is never cut in half.

export type SubscribeFieldKind = 'thing' | 'phrase' | 'name' | 'character_string' | 'time' | 'date'

export const SUBSCRIBE_FIELD_LIMITS = {
  thing: 20,
  phrase: 5,
  /** A name with any Chinese character counts as a Chinese name. */
  chineseName: 10,
  otherName: 20,
  character_string: 32,
} as const

const ELLIPSIS = '…'
const HAN = /\p{Script=Han}/u
const HAN_ALL = /\p{Script=Han}/gu

const chars = (s: string) => Array.from(s)

/** At most `max` characters; a longer value keeps `max - 1` and ends with '…'. */
function truncate(s: string, max: number, ellipsis: boolean): string {
  const cs = chars(s)
  if (cs.length <= max) return s
  let kept = cs.slice(0, ellipsis ? max - 1 : max)
  // Do not leave half of a joined emoji (a trailing zero-width joiner or variation selector).
  while (kept.length && /[\u200d\ufe0e\ufe0f]/.test(kept[kept.length - 1])) kept = kept.slice(0, -1)
  return ellipsis ? kept.join('').trimEnd() + ELLIPSIS : kept.join('')
}

/** Line breaks, tabs and other control characters become one space; no spaces at the ends. */
const oneLine = (s: string) => s.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ').trim()

function shanghaiParts(iso: string) {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${iso}`)
  // China has kept UTC+8 all year since 1991 (see time.ts).
  const d = new Date(t + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    date: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  }
}

/**
 * `value` made to fit a subscribe-message field of this kind: never longer than WeChat allows,
 * only characters it allows, never empty ('-', or 无 for a phrase).
 * - thing: one line, ≤ 20 characters, a longer one cut to 19 + '…';
 * - phrase: only its Chinese characters, the first 5 (a phrase is a status word such as 已取消);
 * - name: with a Chinese character, Chinese characters, letters and · only, the first 10 (the
 *   documented rule is 纯汉字, so no '…' is added); otherwise Latin letters, spaces and ASCII
 *   symbols (no digits, no emoji), ≤ 20,
 *   a longer one cut to 19 + '…';
 * - character_string: visible ASCII only (digits, letters, symbols), the first 32 (a code cut
 *   short is better not disguised with '…', which is not ASCII);
 * - time: an ISO instant as 'YYYY年M月D日 HH:mm' in Shanghai time;
 * - date: an ISO instant as 'YYYY年M月D日' in Shanghai time.
 */
export function fitField(kind: SubscribeFieldKind, value: string): string {
  switch (kind) {
    case 'thing': {
      const s = oneLine(value)
      return s ? truncate(s, SUBSCRIBE_FIELD_LIMITS.thing, true) : '-'
    }
    case 'phrase': {
      const han = (value.match(HAN_ALL) ?? []).join('')
      return han ? truncate(han, SUBSCRIBE_FIELD_LIMITS.phrase, false) : '无'
    }
    case 'name': {
      const s = oneLine(value)
      if (HAN.test(s)) {
        const kept = s.replace(/[^\p{Script=Han}A-Za-z·]/gu, '')
        return truncate(kept, SUBSCRIBE_FIELD_LIMITS.chineseName, false)
      }
      // Latin letters (with accents), spaces and ASCII symbols; no digits, no emoji.
      const kept = s.replace(/[^\p{Script=Latin}\p{M} !-/:-@[-`{-~·]/gu, '').replace(/ {2,}/g, ' ').trim()
      return kept ? truncate(kept, SUBSCRIBE_FIELD_LIMITS.otherName, true) : '-'
    }
    case 'character_string': {
      const kept = value.replace(/[^!-~]/g, '')
      return kept ? truncate(kept, SUBSCRIBE_FIELD_LIMITS.character_string, false) : '-'
    }
    case 'time': {
      const p = shanghaiParts(value)
      return `${p.date} ${p.time}`
    }
    case 'date':
      return shanghaiParts(value).date
  }
}
