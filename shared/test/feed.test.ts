import { describe, expect, it } from 'vitest'
import {
  changePostText,
  decodeFeedCursor,
  encodeFeedCursor,
  firstIssue,
  formatEventTime,
  normalizeBody,
  paragraphs,
  postInputSchema,
  postPatchSchema,
  previewPostText,
  summarize,
  toBase64Url,
  type PostEvent,
} from '../src'

// The event of the source documents, at fixed instants (UTC in, Asia/Shanghai out).
const event: PostEvent = {
  title: '掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
  hostUnit: '固原市农业农村局',
  venue: '固原市农产品质量安全监管中心检测实验室',
  description: null,
  startAt: '2026-03-20T01:00:00.000Z',
  endAt: '2026-03-20T03:30:00.000Z',
  registrationOpensAt: '2026-03-09T02:00:00.000Z',
  registrationClosesAt: '2026-03-19T10:00:00.000Z',
  capacity: 30,
  agenda: [{ time: '09:00', title: '职能介绍' }, { title: '参观农产品检测实验室' }],
  targetGroups: ['citizen', 'npc_deputy'],
  contactPhone: '0954-2032123',
}

describe('活动预告 text', () => {
  it('lists theme, host, time with weekday, venue, agenda, groups, registration and contact', () => {
    expect(previewPostText(event)).toStrictEqual({
      title: '活动预告｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
      summary: '2026年3月20日（周五）09:00–11:30在固原市农产品质量安全监管中心检测实验室举办，名额30人，报名截止2026年3月19日（周四）18:00。',
      body: [
        '活动主题：掌稳农产品安全之舵 守护百姓“舌尖上的安全”\n开放单位：固原市农业农村局\n活动时间：2026年3月20日（周五）09:00–11:30\n活动地点：固原市农产品质量安全监管中心检测实验室',
        '活动安排：\n09:00 职能介绍\n参观农产品检测实验室',
        '开放对象：市民代表、人大代表',
        '报名时间：2026年3月9日（周一）10:00至2026年3月19日（周四）18:00\n报名方式：在“开放日”小程序或网页报名，名额30人',
        '咨询电话：0954-2032123',
      ].join('\n\n'),
    })
  })

  it('says 社会公众 without target groups, leaves out an empty agenda and a missing phone, keeps the description', () => {
    const { body } = previewPostText({ ...event, agenda: [], targetGroups: [], contactPhone: null, description: '欢迎参加。' })
    expect(paragraphs(body)).toStrictEqual([
      '活动主题：掌稳农产品安全之舵 守护百姓“舌尖上的安全”\n开放单位：固原市农业农村局\n活动时间：2026年3月20日（周五）09:00–11:30\n活动地点：固原市农产品质量安全监管中心检测实验室',
      '活动介绍：欢迎参加。',
      '开放对象：社会公众',
      '报名时间：2026年3月9日（周一）10:00至2026年3月19日（周四）18:00\n报名方式：在“开放日”小程序或网页报名，名额30人',
    ])
  })

  it('names both days of an event that spans midnight in Shanghai', () => {
    expect(formatEventTime('2026-03-20T01:00:00Z', '2026-03-20T15:59:00Z')).toBe('2026年3月20日（周五）09:00–23:59')
    expect(formatEventTime('2026-03-20T01:00:00Z', '2026-03-20T16:30:00Z')).toBe('2026年3月20日（周五）09:00–2026年3月21日（周六）00:30')
  })
})

describe('变更通知 text', () => {
  it('a new time', () => {
    const t = changePostText(
      { ...event, startAt: '2026-03-27T01:00:00.000Z', endAt: '2026-03-27T03:30:00.000Z' },
      { kind: 'time', before: { startAt: event.startAt, endAt: event.endAt }, after: { startAt: '2026-03-27T01:00:00.000Z', endAt: '2026-03-27T03:30:00.000Z' }, reason: '  检测设备检修  ' },
    )
    expect(t.title).toBe('变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：时间调整')
    expect(t.body).toBe(
      [
        '原定于2026年3月20日（周五）09:00–11:30举办的“掌稳农产品安全之舵 守护百姓“舌尖上的安全””政府开放日活动，时间调整为2026年3月27日（周五）09:00–11:30，地点不变（固原市农产品质量安全监管中心检测实验室）。',
        '调整原因：检测设备检修',
        '已报名的群众无需重新报名。如不能按新时间参加，请在“我的报名”中取消报名，把名额留给他人。',
        '咨询电话：0954-2032123',
      ].join('\n\n'),
    )
    expect(t.summary).toBe(summarize(paragraphs(t.body)[0]))
    expect(t.summary.length).toBeLessThanOrEqual(120)
  })

  it('a new venue, without a reason', () => {
    const t = changePostText({ ...event, venue: '二楼会议室' }, { kind: 'venue', before: '检测实验室', after: '二楼会议室' })
    expect(t.title).toBe('变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：地点调整')
    expect(t.body).toBe(
      '2026年3月20日（周五）09:00–11:30举办的“掌稳农产品安全之舵 守护百姓“舌尖上的安全””政府开放日活动，活动地点由检测实验室调整为二楼会议室，时间不变。\n\n已报名的群众无需重新报名，请按新地点参加。\n\n咨询电话：0954-2032123',
    )
  })

  it('a cancellation, with its reason', () => {
    const t = changePostText({ ...event, contactPhone: null }, { kind: 'cancel', reason: '天气原因' })
    expect(t.title).toBe('变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：活动取消')
    expect(t.body).toBe(
      '原定于2026年3月20日（周五）09:00–11:30在固原市农产品质量安全监管中心检测实验室举办的“掌稳农产品安全之舵 守护百姓“舌尖上的安全””政府开放日活动取消。\n\n取消原因：天气原因\n\n由此带来的不便，敬请谅解。',
    )
  })
})

describe('summaries and bodies', () => {
  it('a summary is the first paragraph, cut to 120 characters with …, never inside a surrogate pair', () => {
    expect(summarize('第一段\n第二行\n\n第二段')).toBe('第一段 第二行')
    const long = '开'.repeat(130)
    expect(summarize(long)).toBe(`${'开'.repeat(119)}…`)
    expect(summarize('开'.repeat(120))).toBe('开'.repeat(120))
    const emoji = `${'开'.repeat(118)}😀😀`
    const cut = summarize(emoji)
    expect(cut).toBe(`${'开'.repeat(118)}…`)
    expect(cut.length).toBeLessThanOrEqual(120)
    expect(summarize('')).toBe('')
  })

  it('normalises line ends, trailing spaces and runs of blank lines', () => {
    expect(normalizeBody('  甲\r\n乙  \r\n\r\n\r\n\r\n丙\u3000\n')).toBe('甲\n乙\n\n丙')
    expect(paragraphs('甲\n乙\n\n\n丙')).toStrictEqual(['甲\n乙', '丙'])
  })
})

describe('the feed cursor', () => {
  it('round-trips a position and is opaque base64url', () => {
    const c = encodeFeedCursor({ publishedAt: '2026-03-10T02:00:00.000Z', id: 'abcXYZ019' })
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeFeedCursor(c)).toStrictEqual({ publishedAt: '2026-03-10T02:00:00.000Z', id: 'abcXYZ019' })
  })

  it('refuses anything it did not make', () => {
    const b64 = (s: string) => toBase64Url(Uint8Array.from(s, (ch) => ch.charCodeAt(0)))
    for (const bad of [
      '',
      'not a cursor',
      '!!!!',
      b64('2026-03-10T02:00:00.000Z'),
      b64('2026-03-10|abc'),
      b64('2026-13-45T99:00:00.000Z|abc'),
      b64('2026-03-10T02:00:00.000Z|'),
      b64("2026-03-10T02:00:00.000Z|a' OR 1=1"),
      `${encodeFeedCursor({ publishedAt: '2026-03-10T02:00:00.000Z', id: 'abc' })}=`,
      'A'.repeat(201),
    ]) {
      expect(decodeFeedCursor(bad), bad).toBeNull()
    }
  })
})

describe('post input', () => {
  it('takes title, body and optional summary and event', () => {
    expect(postInputSchema.parse({ title: ' 标题 ', body: ' 正文 ' })).toStrictEqual({ title: '标题', body: '正文' })
    expect(postPatchSchema.parse({ eventId: null })).toStrictEqual({ eventId: null })
  })

  it('names the first bad field in Chinese', () => {
    const issue = (v: unknown) => {
      const r = postInputSchema.safeParse(v)
      return r.success ? null : firstIssue(r.error)
    }
    expect(issue({ body: '正文' })).toStrictEqual({ field: 'title', message: '请输入标题' })
    expect(issue({ title: '标', body: '正文' })).toStrictEqual({ field: 'title', message: '标题至少2个字' })
    expect(issue({ title: '标题', body: '   ' })).toStrictEqual({ field: 'body', message: '请输入正文' })
    expect(issue({ title: '标题', body: '字'.repeat(20_001) })).toStrictEqual({ field: 'body', message: '正文不能超过20000字' })
    expect(issue({ title: '标题', body: '正文', summary: '字'.repeat(121) })).toStrictEqual({ field: 'summary', message: '摘要不能超过120字' })
    expect(issue({ title: '标题', body: '正文', eventId: 'x y' })).toStrictEqual({ field: 'eventId', message: '关联活动格式不正确' })
  })
})
