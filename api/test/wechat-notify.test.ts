import { fitField, type SubscribeFieldKind } from '@openday/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../src/lib/ids'
import { getStableAccessToken, invalidateAccessToken, TOKEN_MARGIN_MS } from '../src/notifications/wechat/access-token'
import { sendSubscribeMessage, type SubscribeMessage } from '../src/notifications/wechat/subscribe'
import { eventScene, getUnlimitedWxacode, parseScene } from '../src/notifications/wechat/wxacode'
import { advance, FIXED_NOW } from './support/clock'
import { FAKE_APP_ID, FAKE_PNG_BASE64, FAKE_TOKEN_SECONDS } from './support/fake-wechat-data'
import {
  countingCalls,
  expireTokens,
  forceRefreshElsewhere,
  grantAccepts,
  PATHS,
  programNext,
  sentTo,
  wechatConfig,
} from './support/wechat'

// The WeChat server clients (stable access token, subscribe messages, 小程序码) against the
// local fake, which answers with WeChat's documented error codes and keeps each user's
// one-time accepts. Each test starts with no cached token and WeChat's old tokens expired, so
// the first call of a test always fetches a fresh token of 7200 s.

const CLOSED = 'http://127.0.0.1:1'
let n = 0
const nextOpenid = () => `openid-notify-${++n}-${newId().slice(0, 6)}`

beforeEach(async () => {
  invalidateAccessToken(FAKE_APP_ID)
  await expireTokens()
})

function changeMessage(openid: string, overrides: Partial<SubscribeMessage> = {}): SubscribeMessage {
  return {
    touser: openid,
    templateId: 'TPL-EVENT-CHANGE',
    page: 'pages/event/index?id=demo-event-guyuan-lab-day',
    data: {
      thing1: fitField('thing', '农产品质量安全开放日'),
      time2: fitField('time', '2026-03-20T09:30:00+08:00'),
      phrase3: fitField('phrase', '时间变更'),
      thing4: fitField('thing', '开始时间推迟半小时'),
    },
    ...overrides,
  }
}

const send = (msg: SubscribeMessage, cfg = wechatConfig()) => countingCalls(() => sendSubscribeMessage(cfg, msg))

describe('stable access token', () => {
  it('two sends share one cached token: one stable_token call', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 2)
    const two = await countingCalls(async () => [await sendSubscribeMessage(wechatConfig(), changeMessage(openid)), await sendSubscribeMessage(wechatConfig(), changeMessage(openid))])
    expect(two).toStrictEqual({ result: [{ ok: true }, { ok: true }], calls: { [PATHS.token]: 1, [PATHS.send]: 2 } })
  })

  it('answers the token and when it expires, by the frozen clock', async () => {
    const token = await getStableAccessToken(wechatConfig())
    expect(token).toStrictEqual({ ok: true, token: expect.stringMatching(/^FAKE-TOKEN-\d+-/), expiresAt: Date.parse(FIXED_NOW) + FAKE_TOKEN_SECONDS * 1000 })
    expect(await getStableAccessToken(wechatConfig())).toStrictEqual(token)
  })

  it('is used until 5 minutes before it expires, then a new one is asked for', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 3)
    expect(await send(changeMessage(openid))).toStrictEqual({ result: { ok: true }, calls: { [PATHS.token]: 1, [PATHS.send]: 1 } })
    advance(FAKE_TOKEN_SECONDS * 1000 - TOKEN_MARGIN_MS - 1)
    expect(await send(changeMessage(openid))).toStrictEqual({ result: { ok: true }, calls: { [PATHS.send]: 1 } })
    advance(1)
    expect(await send(changeMessage(openid))).toStrictEqual({ result: { ok: true }, calls: { [PATHS.token]: 1, [PATHS.send]: 1 } })
  })

  it('a token another server force-refreshed (40001): one refresh in normal mode, one retry', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 2)
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: true })
    await forceRefreshElsewhere()
    expect(await send(changeMessage(openid))).toStrictEqual({ result: { ok: true }, calls: { [PATHS.token]: 1, [PATHS.send]: 2 } })
    expect(await sentTo(openid)).toHaveLength(2)
  })

  it('a token expired on WeChat’s side (42001): one refresh, one retry', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 2)
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: true })
    await expireTokens()
    expect(await send(changeMessage(openid))).toStrictEqual({ result: { ok: true }, calls: { [PATHS.token]: 1, [PATHS.send]: 2 } })
    expect(await sentTo(openid)).toHaveLength(2)
  })

  it.each([40001, 42001])('a second %i after the refresh is unavailable, with no third try and no accept used', async (errcode) => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    expect((await getStableAccessToken(wechatConfig())).ok).toBe(true)
    await programNext(PATHS.send, { errcode })
    await programNext(PATHS.send, { errcode })
    expect(await send(changeMessage(openid))).toStrictEqual({
      result: { ok: false, reason: 'unavailable', errcode },
      calls: { [PATHS.token]: 1, [PATHS.send]: 2 },
    })
    expect(await sentTo(openid)).toStrictEqual([])
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: true })
  })

  it('a wrong secret or app id is unavailable with WeChat’s errcode, and nothing is sent', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    // Not the cached token of the real app: a wrong app id has a cache entry of its own.
    expect(await send(changeMessage(openid), wechatConfig({ appId: 'wx-wrong-appid' }))).toStrictEqual({
      result: { ok: false, reason: 'unavailable', errcode: 40013 },
      calls: { [PATHS.token]: 1 },
    })
    expect(await send(changeMessage(openid), wechatConfig({ appSecret: 'wrong-secret' }))).toStrictEqual({
      result: { ok: false, reason: 'unavailable', errcode: 40125 },
      calls: { [PATHS.token]: 1 },
    })
    expect(await getStableAccessToken(wechatConfig({ appSecret: 'wrong-secret' }))).toStrictEqual({ ok: false, reason: 'unavailable', errcode: 40125 })
  })

  it('without an app id or secret nothing is called', async () => {
    const openid = nextOpenid()
    expect(await send(changeMessage(openid), wechatConfig({ appId: undefined }))).toStrictEqual({ result: { ok: false, reason: 'unavailable' }, calls: {} })
    expect(await send(changeMessage(openid), wechatConfig({ appSecret: '' }))).toStrictEqual({ result: { ok: false, reason: 'unavailable' }, calls: {} })
    expect(await countingCalls(() => getUnlimitedWxacode(wechatConfig({ appId: undefined }), { scene: 'e=1' }))).toStrictEqual({
      result: { ok: false, reason: 'unavailable' },
      calls: {},
    })
  })

  it('WeChat busy (-1) or failing over HTTP is unavailable', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    await programNext(PATHS.token, { errcode: -1 })
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: false, reason: 'unavailable', errcode: -1 })
    await programNext(PATHS.token, { status: 502 })
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.send, { errcode: -1 })
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: false, reason: 'unavailable', errcode: -1 })
    await programNext(PATHS.send, { status: 502 })
    expect((await send(changeMessage(openid))).result).toStrictEqual({ ok: false, reason: 'unavailable' })
    expect(await sentTo(openid)).toStrictEqual([])
  })

  it('only a 200 answer counts: a gateway error with a JSON body is unavailable, and so is JSON without errcode', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    const json = 'application/json'
    await programNext(PATHS.token, { status: 502, body: '{"access_token":"FROM-A-PROXY","expires_in":7200}', contentType: json })
    expect(await getStableAccessToken(wechatConfig())).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.token, { body: '{"access_token":"","expires_in":7200}', contentType: json })
    expect(await getStableAccessToken(wechatConfig())).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.send, { status: 503, body: '{"errcode":0,"errmsg":"ok"}', contentType: json })
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid))).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.send, { body: '{}', contentType: json })
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid))).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.wxacode, { status: 502, body: 'not an image', contentType: 'image/png' })
    expect(await getUnlimitedWxacode(wechatConfig(), { scene: 'e=1' })).toStrictEqual({ ok: false, reason: 'unavailable' })
    await programNext(PATHS.wxacode, { body: 'GIF89a', contentType: 'image/gif' })
    expect(await getUnlimitedWxacode(wechatConfig(), { scene: 'e=1' })).toStrictEqual({ ok: false, reason: 'unavailable' })
    // The one accept is still there.
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid))).toStrictEqual({ ok: true })
  })

  it('WeChat out of reach (a closed port) is unavailable, for the token and for the send', async () => {
    const openid = nextOpenid()
    expect(await sendSubscribeMessage(wechatConfig({ base: CLOSED }), changeMessage(openid))).toStrictEqual({ ok: false, reason: 'unavailable' })
    expect(await getStableAccessToken(wechatConfig({ base: CLOSED }))).toStrictEqual({ ok: false, reason: 'unavailable' })
    // With a token in the cache, the send itself fails.
    expect((await getStableAccessToken(wechatConfig())).ok).toBe(true)
    expect(await sendSubscribeMessage(wechatConfig({ base: CLOSED }), changeMessage(openid))).toStrictEqual({ ok: false, reason: 'unavailable' })
    expect(await getUnlimitedWxacode(wechatConfig({ base: CLOSED }), { scene: 'e=1' })).toStrictEqual({ ok: false, reason: 'unavailable' })
  })
})

describe('subscribe messages', () => {
  it('delivers the message as given, and each delivery uses one of the user’s accepts', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 2)
    await grantAccepts(openid, 'TPL-REMINDER', 1)
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid))).toStrictEqual({ ok: true })
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid, { page: undefined, miniprogramState: 'trial' }))).toStrictEqual({ ok: true })
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid))).toStrictEqual({ ok: false, reason: 'refused', errcode: 43101 })
    const data = { thing1: '农产品质量安全开放日', time2: '2026年3月20日 09:30', phrase3: '时间变更', thing4: '开始时间推迟半小时' }
    expect(await sentTo(openid)).toStrictEqual([
      { templateId: 'TPL-EVENT-CHANGE', page: 'pages/event/index?id=demo-event-guyuan-lab-day', data, miniprogramState: 'formal', lang: 'zh_CN' },
      { templateId: 'TPL-EVENT-CHANGE', page: null, data, miniprogramState: 'trial', lang: 'zh_CN' },
    ])
    // The accept of another template is its own.
    const reminder = { thing1: '农产品质量安全开放日', time2: '2026年3月20日 09:30', thing3: '农产品质量安全监管中心', name4: '张三' }
    expect(await sendSubscribeMessage(wechatConfig(), { touser: openid, templateId: 'TPL-REMINDER', data: reminder })).toStrictEqual({ ok: true })
    expect(await sendSubscribeMessage(wechatConfig(), { touser: openid, templateId: 'TPL-REMINDER', data: reminder })).toStrictEqual({ ok: false, reason: 'refused', errcode: 43101 })
  })

  it('a user with no accept left is refused (43101) and nothing is delivered', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 0)
    expect(await send(changeMessage(openid))).toStrictEqual({
      result: { ok: false, reason: 'refused', errcode: 43101 },
      calls: { [PATHS.token]: 1, [PATHS.send]: 1 },
    })
    expect(await sentTo(openid)).toStrictEqual([])
  })

  it('an unknown openid (40003) or template (40037) is invalid', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage('openid-never-seen'))).toStrictEqual({ ok: false, reason: 'invalid', errcode: 40003 })
    expect(await sendSubscribeMessage(wechatConfig(), changeMessage(openid, { templateId: 'TPL-NONE' }))).toStrictEqual({ ok: false, reason: 'invalid', errcode: 40037 })
    expect(await sentTo(openid)).toStrictEqual([])
  })

  // Each row: a template, the raw values (each beyond WeChat's limit for its field), and what
  // fitField makes of them. Sent raw, WeChat refuses (47003); fitted, it delivers them as they are.
  const ROWS: { templateId: string; fields: Record<string, [SubscribeFieldKind, string]>; fitted: Record<string, string> }[] = [
    {
      templateId: 'TPL-EVENT-CHANGE',
      fields: {
        thing1: ['thing', '掌稳农产品安全之舵 守护百姓“舌尖上的安全”'],
        time2: ['time', '2026-03-20T01:30:00Z'],
        phrase3: ['phrase', '活动时间已变更'],
        thing4: ['thing', '🎉🎉时间改为下午两点半，地点不变，请准时到场🎉'],
      },
      fitted: { thing1: '掌稳农产品安全之舵 守护百姓“舌尖上的…', time2: '2026年3月20日 09:30', phrase3: '活动时间已', thing4: '🎉🎉时间改为下午两点半，地点不变，请准…' },
    },
    {
      templateId: 'TPL-REMINDER',
      fields: {
        thing1: ['thing', '𠀋𠀋𠀋'.repeat(7)],
        time2: ['time', '2026-03-20T09:30:00+08:00'],
        thing3: ['thing', '固原市原州区 农产品质量安全监管中心\n三楼 会议室'],
        name4: ['name', '阿依古丽·买买提·艾力江'],
      },
      fitted: { thing1: '𠀋'.repeat(19) + '…', time2: '2026年3月20日 09:30', thing3: '固原市原州区 农产品质量安全监管中心…', name4: '阿依古丽·买买提·艾' },
    },
    {
      templateId: 'TPL-REMINDER',
      fields: {
        thing1: ['thing', '开放日'],
        time2: ['time', '2026-03-20T09:30:00+08:00'],
        thing3: ['thing', '检测实验室'],
        name4: ['name', 'Maximilian Alexander Schmidt'],
      },
      fitted: { thing1: '开放日', time2: '2026年3月20日 09:30', thing3: '检测实验室', name4: 'Maximilian Alexande…' },
    },
    {
      templateId: 'TPL-ANSWER',
      fields: {
        character_string1: ['character_string', 'YJ4K7M2Q9TXB5HRD8C-YJ4K7M2Q9TXB5HRD8C'],
        phrase2: ['phrase', '已答复 ✅'],
        thing3: ['thing', '感谢您的建议，检测科已安排在下个月增加开放场次'],
        date4: ['date', '2026-03-10T16:30:00Z'],
      },
      fitted: { character_string1: 'YJ4K7M2Q9TXB5HRD8C-YJ4K7M2Q9TXB5', phrase2: '已答复', thing3: '感谢您的建议，检测科已安排在下个月增加…', date4: '2026年3月11日' },
    },
  ]

  it.each(ROWS)('$templateId: raw values are refused (47003), fitted ones delivered as they are', async ({ templateId, fields, fitted }) => {
    const openid = nextOpenid()
    await grantAccepts(openid, templateId, 1)
    const raw = Object.fromEntries(Object.entries(fields).map(([key, [, value]]) => [key, value]))
    expect(await sendSubscribeMessage(wechatConfig(), { touser: openid, templateId, data: raw })).toStrictEqual({ ok: false, reason: 'invalid', errcode: 47003 })
    const data = Object.fromEntries(Object.entries(fields).map(([key, [kind, value]]) => [key, fitField(kind, value)]))
    expect(data).toStrictEqual(fitted)
    expect(await sendSubscribeMessage(wechatConfig(), { touser: openid, templateId, data })).toStrictEqual({ ok: true })
    expect(await sentTo(openid)).toStrictEqual([{ templateId, page: null, data: fitted, miniprogramState: 'formal', lang: 'zh_CN' }])
  })

  it('one character over the limit is refused (47003): a 21-character thing, a 6-character phrase, an empty value', async () => {
    const openid = nextOpenid()
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)
    const base = changeMessage(openid)
    for (const data of [
      { ...base.data, thing1: '一二三四五六七八九十一二三四五六七八九十一' },
      { ...base.data, thing1: '😀'.repeat(21) },
      { ...base.data, phrase3: '一二三四五六' },
      { ...base.data, thing4: '' },
    ]) {
      expect(await sendSubscribeMessage(wechatConfig(), { ...base, data })).toStrictEqual({ ok: false, reason: 'invalid', errcode: 47003 })
    }
    // 20 emoji are 20 characters (40 UTF-16 units) and fit.
    expect(await sendSubscribeMessage(wechatConfig(), { ...base, data: { ...base.data, thing1: fitField('thing', '😀'.repeat(20)) } })).toStrictEqual({ ok: true })
  })
})

describe('小程序码 (getwxacodeunlimit)', () => {
  const png = () => Uint8Array.from(atob(FAKE_PNG_BASE64), (c) => c.charCodeAt(0)).buffer

  it('answers WeChat’s image with its content type', async () => {
    const r = await countingCalls(() => getUnlimitedWxacode(wechatConfig(), { scene: eventScene('demo-event-guyuan-lab-day'), page: 'pages/event/index' }))
    expect(r).toStrictEqual({ result: { ok: true, image: png(), contentType: 'image/png' }, calls: { [PATHS.token]: 1, [PATHS.wxacode]: 1 } })
    const bytes = new Uint8Array((r.result as { image: ArrayBuffer }).image)
    expect(Array.from(bytes.slice(0, 8))).toStrictEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // A page the released app does not have: refused by WeChat unless check_path is false.
    expect(await getUnlimitedWxacode(wechatConfig(), { scene: 'e=1', page: 'pages/nowhere/index' })).toStrictEqual({ ok: false, reason: 'invalid_page', errcode: 41030 })
    expect(await getUnlimitedWxacode(wechatConfig(), { scene: 'e=1', page: 'pages/nowhere/index', checkPath: false, envVersion: 'trial', width: 2000 })).toStrictEqual({
      ok: true,
      image: png(),
      contentType: 'image/png',
    })
  })

  it.each([
    [41030, { ok: false, reason: 'invalid_page', errcode: 41030 }],
    [40097, { ok: false, reason: 'invalid_scene', errcode: 40097 }],
    [40169, { ok: false, reason: 'invalid_scene', errcode: 40169 }],
    [45009, { ok: false, reason: 'quota', errcode: 45009 }],
    [-1, { ok: false, reason: 'unavailable', errcode: -1 }],
  ])('errcode %i answered as JSON', async (errcode, expected) => {
    await programNext(PATHS.wxacode, { errcode })
    expect(await countingCalls(() => getUnlimitedWxacode(wechatConfig(), { scene: 'e=1' }))).toStrictEqual({
      result: expected,
      calls: { [PATHS.token]: 1, [PATHS.wxacode]: 1 },
    })
  })

  it.each([40001, 42001])('%i: one refresh and one retry; a second one is unavailable', async (errcode) => {
    await programNext(PATHS.wxacode, { errcode })
    expect(await countingCalls(() => getUnlimitedWxacode(wechatConfig(), { scene: 'e=1' }))).toStrictEqual({
      result: { ok: true, image: png(), contentType: 'image/png' },
      calls: { [PATHS.token]: 2, [PATHS.wxacode]: 2 },
    })
    await programNext(PATHS.wxacode, { errcode })
    await programNext(PATHS.wxacode, { errcode })
    expect(await countingCalls(() => getUnlimitedWxacode(wechatConfig(), { scene: 'e=1' }))).toStrictEqual({
      result: { ok: false, reason: 'unavailable', errcode },
      calls: { [PATHS.token]: 1, [PATHS.wxacode]: 2 },
    })
  })

  it('a scene WeChat would refuse is refused before any call: 33 characters, or characters it does not allow', async () => {
    const allowed = "09azAZ!#$&'()*+,/:;=?@-._~"
    expect(await getUnlimitedWxacode(wechatConfig(), { scene: allowed })).toStrictEqual({ ok: true, image: png(), contentType: 'image/png' })
    expect((await getUnlimitedWxacode(wechatConfig(), { scene: 'x'.repeat(32) })).ok).toBe(true)
    for (const scene of ['x'.repeat(33), '', 'e=开放日', 'e=a b', 'e=a%20b', 'e="a"', 'e=a|b', 'e=a\\b', 'e=😀', 'e=a^b', 'e=<a>']) {
      expect(await countingCalls(() => getUnlimitedWxacode(wechatConfig(), { scene }))).toStrictEqual({ result: { ok: false, reason: 'invalid_scene' }, calls: {} })
    }
  })

  it('the fake refuses those scenes too when asked directly, as WeChat documents (40169 length, 40097 characters)', async () => {
    const token = await getStableAccessToken(wechatConfig())
    if (!token.ok) throw new Error('no token')
    const raw = async (scene: string) => {
      const res = await fetch(`${wechatConfig().base}${PATHS.wxacode}?access_token=${token.token}`, { method: 'POST', body: JSON.stringify({ scene }) })
      return res.headers.get('content-type') === 'image/png' ? 'image' : ((await res.json()) as { errcode: number }).errcode
    }
    expect([await raw('x'.repeat(32)), await raw('x'.repeat(33)), await raw(''), await raw('e=a b'), await raw('e=开放日')]).toStrictEqual(['image', 40169, 40169, 40097, 40097])
  })

  it('eventScene / parseScene: the id comes back from the URL-encoded options.scene', () => {
    for (const id of [newId(), 'demo-event-guyuan-lab-day', 'a', 'A_b-9'.repeat(6)]) {
      const scene = eventScene(id)
      expect(scene).toBe(`e=${id}`)
      const encoded = encodeURIComponent(scene)
      expect(encoded).toBe(`e%3D${id}`)
      expect(parseScene(decodeURIComponent(encoded))).toStrictEqual({ eventId: id })
    }
    expect(() => eventScene('x'.repeat(31))).toThrow(RangeError)
    expect(() => eventScene('a&b')).toThrow(RangeError)
    expect(() => eventScene('')).toThrow(RangeError)
    for (const scene of ['', 'e=', 'x=abc', 'e=a b', 'e=开放日', `e=${'x'.repeat(31)}`]) expect(parseScene(scene)).toBe(null)
  })
})
