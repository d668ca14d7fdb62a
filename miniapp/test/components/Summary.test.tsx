import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { DisclosureTask, EventSummaryDraft, PostDetail, SummaryFigures } from '@openday/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DashboardView } from '../../src/features/staff/DashboardView'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { embedCode, printUrl, publicApiBase } from '../../src/features/summaries/links'
import { SummaryView } from '../../src/features/summaries/SummaryView'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

// The clock: Tuesday 2026-03-10 10:00 Beijing. The event was on Wednesday 2026-03-04 09:30–11:30;
// its summary is due by the end of Wednesday 2026-03-11 (5 working days).
const NOW = '2026-03-10T02:00:00.000Z'
const DUE = '2026-03-11T15:59:59.000Z'
const EVENT = eventDetail({
  id: 'ev1',
  title: '农产品检测开放日',
  startAt: '2026-03-04T01:30:00.000Z',
  endAt: '2026-03-04T03:30:00.000Z',
  registrationOpensAt: '2026-02-01T01:00:00.000Z',
  registrationClosesAt: '2026-03-03T09:00:00.000Z',
  publishedAt: '2026-01-20T01:00:00.000Z',
  status: 'published',
})

const FIGURES: SummaryFigures = {
  event: { id: 'ev1', title: EVENT.title, hostUnit: '农产品质量安全监管中心', venue: '检测实验室', startAt: EVENT.startAt, endAt: EVENT.endAt, agenda: [] },
  units: ['农产品质量安全监管中心', '检测科'],
  attendance: {
    registered: 28,
    checkedIn: 21,
    checkinRate: 75,
    byCategory: [
      { category: 'npc_deputy', registered: 4, checkedIn: 3 },
      { category: 'citizen', registered: 24, checkedIn: 18 },
    ],
  },
  suggestions: { received: 7, answered: 3, answeredOnTime: 2, topics: [{ topic: '农药残留', count: 3 }, { topic: '检测收费', count: 2 }] },
  evaluation: {
    responses: 20,
    index: 91.5,
    aspects: [
      { dimension: 'measures', label: '监管措施', index: 93 },
      { dimension: 'service', label: '服务质量', index: 90 },
    ],
  },
  builtAt: '2026-03-09T08:00:00.000Z',
}

const DRAFT: EventSummaryDraft = {
  eventId: 'ev1',
  status: 'draft',
  title: '农产品检测开放日活动总结',
  body: '2026年3月4日，我局举办农产品检测开放日。\n\n共28人报名，21人签到。',
  nextSteps: '',
  figures: FIGURES,
  createdAt: '2026-03-09T08:00:00.000Z',
  updatedAt: '2026-03-09T08:00:00.000Z',
  publishedAt: null,
  postId: null,
  indexNo: null,
  dueAt: DUE,
}

const POST: PostDetail = {
  id: 'p1',
  kind: 'summary',
  agencyId: 'ag1',
  agencyName: '固原市农业农村局',
  eventId: 'ev1',
  title: DRAFT.title,
  summary: '2026年3月4日，我局举办农产品检测开放日。',
  body: DRAFT.body,
  publishedAt: '2026-03-10T02:00:00.000Z',
  updatedAt: '2026-03-10T02:00:00.000Z',
  disclosure: { indexNo: '640400017/2026-00003', publisher: '固原市农业农村局', issuedAt: '2026-03-10T02:00:00.000Z', method: '主动公开', validity: '有效' },
}
const PUBLISHED: EventSummaryDraft = { ...DRAFT, status: 'published', publishedAt: POST.publishedAt, postId: 'p1', indexNo: '640400017/2026-00003' }

const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
const CHECKER = { ...ORGANIZER, id: 's2', username: 'chk', displayName: '赵核验', role: 'checker' }
const HANDLER = { ...ORGANIZER, id: 's3', username: 'hd', displayName: '钱承办', role: 'handler' }

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null
const modalNo = () => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
const fieldValue = (id: string) => (document.querySelector(`#${id} input, #${id} textarea`) as HTMLInputElement).value

/** The summary routes over a stored summary; `answer` may replace any write's answer. */
function summaryApi(start: EventSummaryDraft | null, answer: (req: FakeRequest) => FakeAnswer | undefined = () => undefined) {
  let stored = start
  mockApi((req) => {
    const special = answer(req)
    if (special) return special
    if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
    if (req.method === 'GET' && req.path === '/staff/events/ev1/summary') return [200, { summary: stored, dueAt: DUE }]
    if (req.method === 'POST' && req.path === '/staff/events/ev1/summary') {
      const isNew = !stored
      stored = stored ?? DRAFT
      return [isNew ? 201 : 200, { summary: stored }]
    }
    if (req.method === 'POST' && req.path === '/staff/events/ev1/summary?rebuild=1') {
      stored = { ...DRAFT, title: '按新数据：农产品检测开放日活动总结', body: '共30人报名，22人签到。', nextSteps: stored!.nextSteps, updatedAt: '2026-03-10T02:00:00.000Z' }
      return [200, { summary: stored }]
    }
    if (req.method === 'PUT' && req.path === '/staff/events/ev1/summary') {
      stored = { ...stored!, ...(req.body as object), updatedAt: '2026-03-10T02:00:00.000Z' }
      return [200, { summary: stored }]
    }
    if (req.method === 'POST' && req.path === '/staff/events/ev1/summary/publish') {
      stored = { ...stored!, status: 'published', publishedAt: POST.publishedAt, postId: 'p1', indexNo: '640400017/2026-00003' }
      return [200, { summary: stored, post: { ...POST, title: stored.title, body: stored.body } }]
    }
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
  loginAs(ORGANIZER)
})
afterEach(() => vi.useRealTimers())

describe('活动总结: no draft yet', () => {
  it('explains, builds the draft with 生成总结草稿 and shows the figures and the editor', async () => {
    summaryApi(null)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-generate')).toBe(true))
    expect(text('sum-empty')).toContain('活动结束后，可按报名签到、意见建议和测评数据自动生成总结草稿')
    expect(text('sum-due')).toBe('应于 2026年3月11日（周三）23:59 前发布')
    expect(has('sum-overdue')).toBe(false)
    expect(has('sum-not-ended')).toBe(false)

    await click('sum-generate')
    await waitFor(() => expect(has('sum-form')).toBe(true))
    expect(writes()).toEqual([{ method: 'POST', path: '/staff/events/ev1/summary', body: {} }])
    expect(text('sum-fig-registered')).toBe('28')
    expect(text('sum-fig-checked-in')).toBe('21')
    expect(text('sum-fig-rate')).toBe('75%')
    expect(text('sum-fig-by-category')).toContain('人大代表43')
    expect(text('sum-fig-received')).toBe('7')
    expect(text('sum-fig-answered')).toBe('3')
    expect(text('sum-fig-on-time')).toBe('2')
    expect(text('sum-fig-topics')).toBe('主要话题：农药残留（3）、检测收费（2）')
    expect(text('sum-fig-index')).toBe('91.5')
    expect(text('sum-fig-evaluation')).toContain('监管措施93')
    expect(fieldValue('sum-title')).toBe(DRAFT.title)
    expect(fieldValue('sum-body')).toBe(DRAFT.body)
    expect(text('sum-save')).toBe('草稿已保存')
  })

  it('EVENT_NOT_ENDED is said plainly, with when the event ends', async () => {
    const upcoming = { ...EVENT, startAt: '2026-03-12T01:30:00.000Z', endAt: '2026-03-12T03:30:00.000Z' }
    summaryApi(null, (req) => {
      if (req.path === '/events/ev1') return [200, { event: upcoming }]
      if (req.method === 'POST') return [409, { error: { code: 'EVENT_NOT_ENDED', message: '活动结束后才能生成总结' } }]
      return undefined
    })
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-not-ended')).toBe(true))
    expect(text('sum-not-ended')).toBe('活动尚未结束，结束后才能生成总结。本活动将于 2026年3月12日（周四）11:30 结束。')
    expect(has('sum-digest')).toBe(false)
    await click('sum-generate')
    await waitFor(() => expect(has('sum-build-error')).toBe(true))
    expect(text('sum-build-error')).toBe('活动结束后才能生成总结。本活动将于 2026年3月12日（周四）11:30 结束。')
    expect(has('sum-form')).toBe(false)
  })

  it('a lost connection shows the offline state with 重试, which loads again', async () => {
    let online = false
    mockApi((req) => {
      if (!online) return 'network'
      if (req.path === '/events/ev1') return [200, { event: EVENT }]
      return [200, { summary: DRAFT, dueAt: DUE }]
    })
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-offline')).toBe(true))
    expect(text('sum-offline')).toContain('网络不太好，请检查网络后重试')
    online = true
    await click('sum-offline-retry')
    await waitFor(() => expect(has('sum-form')).toBe(true))
  })

  it('a past deadline is 已超期 in red', async () => {
    vi.setSystemTime(new Date('2026-03-12T02:00:00.000Z'))
    summaryApi(DRAFT)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-overdue')).toBe(true))
    expect(document.getElementById('sum-due')!.className).toContain('sum-due--late')
  })
})

describe('活动总结: the draft', () => {
  it('checks the fields before sending, shows the messages inline, and saves exactly { title, body, nextSteps }', async () => {
    summaryApi(DRAFT)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-form')).toBe(true))
    expect(text('sum-body-counter')).toBe(`${Array.from(DRAFT.body).length}/15000`)

    await type('sum-title', '  ')
    await type('sum-body', '')
    expect(text('sum-dirty')).toBe('有未保存的修改')
    await click('sum-save')
    expect(text('sum-title-error')).toBe('标题至少2个字')
    expect(text('sum-body-error')).toBe('请输入总结正文')
    await type('sum-title', '总')
    expect(has('sum-title-error')).toBe(false)
    await click('sum-save')
    expect(text('sum-title-error')).toBe('标题至少2个字')
    expect(writes()).toEqual([])

    await type('sum-title', '  农产品检测开放日总结  ')
    await type('sum-body', '正文第一段。')
    await type('sum-next', '逐条办理意见建议')
    expect(text('sum-next-counter')).toBe('8/2000')
    await click('sum-save')
    await waitFor(() => expect(has('sum-notice')).toBe(true))
    expect(text('sum-notice')).toBe('草稿已保存')
    expect(writes()).toEqual([{ method: 'PUT', path: '/staff/events/ev1/summary', body: { title: '农产品检测开放日总结', body: '正文第一段。', nextSteps: '逐条办理意见建议' } }])
    expect(fieldValue('sum-title')).toBe('农产品检测开放日总结')
    expect(has('sum-dirty')).toBe(false)
    expect(has('sum-title-error')).toBe(false)
  })

  it('the API’s VALIDATION_FAILED is shown on its field and the edit stays', async () => {
    summaryApi(DRAFT, (req) =>
      req.method === 'PUT' ? [400, { error: { code: 'VALIDATION_FAILED', message: '正文不能超过15000字', field: 'body' } }] : undefined,
    )
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-form')).toBe(true))
    await type('sum-body', '改过的正文')
    await click('sum-save')
    await waitFor(() => expect(has('sum-body-error')).toBe(true))
    expect(text('sum-body-error')).toBe('正文不能超过15000字')
    expect(fieldValue('sum-body')).toBe('改过的正文')
    expect(has('sum-dirty')).toBe(true)
  })

  it('按最新数据重新生成 asks first (it overwrites title and body), then keeps an unsaved 下一步', async () => {
    summaryApi(DRAFT)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-form')).toBe(true))
    await type('sum-next', '下一步打算')
    modalNo()
    await click('sum-rebuild')
    const asked = vi.mocked(Taro.showModal).mock.calls[0][0]!
    expect(asked.title).toBe('按最新数据重新生成？')
    expect(asked.content).toContain('您对标题和正文的修改会被覆盖')
    expect(writes()).toEqual([])

    await click('sum-rebuild')
    await waitFor(() => expect(fieldValue('sum-title')).toBe('按新数据：农产品检测开放日活动总结'))
    expect(writes()).toEqual([{ method: 'POST', path: '/staff/events/ev1/summary?rebuild=1', body: {} }])
    expect(fieldValue('sum-body')).toBe('共30人报名，22人签到。')
    expect(fieldValue('sum-next')).toBe('下一步打算')
    expect(text('sum-dirty')).toBe('有未保存的修改')
  })

  it('发布 asks first naming what happens, saves unsaved edits, publishes and shows the 政府信息公开 header', async () => {
    summaryApi(DRAFT)
    const open = vi.spyOn(window, 'open').mockImplementation(() => null)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-form')).toBe(true))
    await type('sum-title', '开放日活动总结（定稿）')
    modalNo()
    await click('sum-publish')
    const asked = vi.mocked(Taro.showModal).mock.calls[0][0]!
    expect(asked.title).toBe('发布活动总结？')
    for (const what of ['公开到“动态”', '索引号', '通知关注', '发布后不能修改']) expect(asked.content).toContain(what)
    expect(writes()).toEqual([])
    expect(fieldValue('sum-title')).toBe('开放日活动总结（定稿）')

    await click('sum-publish')
    await waitFor(() => expect(has('sum-published')).toBe(true))
    expect(writes()).toEqual([
      { method: 'PUT', path: '/staff/events/ev1/summary', body: { title: '开放日活动总结（定稿）', body: DRAFT.body, nextSteps: '' } },
      { method: 'POST', path: '/staff/events/ev1/summary/publish', body: {} },
    ])
    expect(text('sum-published-now')).toContain('总结已发布')
    expect(text('sum-disclosure')).toContain('政府信息公开')
    expect(text('sum-index-no')).toBe('640400017/2026-00003')
    expect(text('sum-publisher')).toBe('固原市农业农村局')
    expect(text('sum-issued-at')).toBe('2026年3月10日（周二）10:00')
    expect(text('sum-disclosure')).toContain('公开方式主动公开')
    expect(text('sum-validity')).toBe('有效')
    expect(has('sum-form')).toBe(false)
    expect(text('sum-due')).toBe('已于 2026年3月10日（周二）10:00 发布（期限 2026年3月11日（周三）23:59）')
    expect(has('sum-overdue')).toBe(false)

    await click('sum-view-post')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p1' })
    await click('sum-print')
    expect(open).toHaveBeenCalledWith('http://api.test/api/v1/public/posts/p1/print', '_blank', 'noopener')
    await click('sum-embed')
    const code = '<iframe src="http://api.test/api/v1/public/posts/p1/embed" title="开放日活动总结（定稿）" width="100%" height="800" style="border:0" loading="lazy"></iframe>'
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: code })
    await waitFor(() => expect(has('sum-embed-copied')).toBe(true))
    expect(text('sum-embed-copied')).toContain('嵌入代码已复制')
    open.mockRestore()
  })

  it('a published summary opens read-only with its header (发布机构 from the staff’s agency)', async () => {
    summaryApi(PUBLISHED)
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-published')).toBe(true))
    expect(has('sum-form')).toBe(false)
    expect(has('sum-published-now')).toBe(false)
    expect(text('sum-index-no')).toBe('640400017/2026-00003')
    expect(text('sum-publisher')).toBe('固原市农业农村局')
    expect(text('sum-published-body')).toContain('共28人报名，21人签到。')
  })

  it('SUMMARY_PUBLISHED (published meanwhile) loads the published summary', async () => {
    let n = 0
    summaryApi(DRAFT, (req) => {
      if (req.method === 'POST' && req.path.endsWith('/publish')) return [409, { error: { code: 'SUMMARY_PUBLISHED', message: '活动总结已发布，不能再修改' } }]
      if (req.method === 'GET' && req.path === '/staff/events/ev1/summary' && n++ > 0) return [200, { summary: PUBLISHED, dueAt: DUE }]
      return undefined
    })
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-form')).toBe(true))
    await click('sum-publish')
    await waitFor(() => expect(has('sum-published')).toBe(true))
    expect(text('sum-index-no')).toBe('640400017/2026-00003')
  })
})

describe('答复公开', () => {
  it('asks first, then publishes the digest and links to it', async () => {
    const digest: PostDetail = { ...POST, id: 'p2', kind: 'answers', title: '农产品检测开放日意见建议答复公开', disclosure: null }
    summaryApi(DRAFT, (req) => (req.path === '/staff/events/ev1/answers-digest' ? [201, { post: digest }] : undefined))
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-digest-publish')).toBe(true))
    modalNo()
    await click('sum-digest-publish')
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]!.title).toBe('公开意见答复？')
    expect(writes()).toEqual([])
    await click('sum-digest-publish')
    await waitFor(() => expect(has('sum-digest-done')).toBe(true))
    expect(writes()).toEqual([{ method: 'POST', path: '/staff/events/ev1/answers-digest', body: {} }])
    expect(text('sum-digest-done')).toContain('已发布“农产品检测开放日意见建议答复公开”')
    await click('sum-digest-view')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p2' })
  })

  it('NOTHING_TO_PUBLISH says there is nothing new', async () => {
    summaryApi(PUBLISHED, (req) =>
      req.path === '/staff/events/ev1/answers-digest' ? [409, { error: { code: 'NOTHING_TO_PUBLISH', message: '没有新公开的答复' } }] : undefined,
    )
    render(<SummaryView eventId="ev1" />)
    await waitFor(() => expect(has('sum-digest-publish')).toBe(true))
    await click('sum-digest-publish')
    await waitFor(() => expect(has('sum-digest-nothing')).toBe(true))
    expect(text('sum-digest-nothing')).toBe('没有新公开的答复。有新的答复公开后再来发布。')
    expect(has('sum-digest-done')).toBe(false)
  })
})

describe('who may', () => {
  it('a checker or a handler opening the page is told who can, and nothing is asked of the API', async () => {
    for (const who of [CHECKER, HANDLER]) {
      loginAs(who)
      summaryApi(DRAFT)
      const { unmount } = render(<SummaryView eventId="ev1" />)
      await waitFor(() => expect(has('sum-not-allowed')).toBe(true))
      expect(has('sum-form')).toBe(false)
      expect(requests).toEqual([])
      unmount()
    }
  })
})

describe('staff home: 信息公开待办 and the 活动总结 buttons', () => {
  const TASKS: DisclosureTask[] = [
    { kind: 'summary', eventId: 'ev1', eventTitle: EVENT.title, dueAt: '2026-03-09T15:59:59.000Z', doneAt: null, overdue: true },
    { kind: 'answers', eventId: 'ev1', eventTitle: EVENT.title, dueAt: '2026-03-18T15:59:59.000Z', doneAt: null, overdue: false },
    { kind: 'summary', eventId: 'ev0', eventTitle: '上一场开放日', dueAt: '2026-02-10T15:59:59.000Z', doneAt: '2026-02-09T02:00:00.000Z', overdue: false },
  ]
  function homeApi() {
    mockApi((req) => {
      if (req.path === '/staff/events') return [200, { events: [EVENT, { ...EVENT, id: 'ev2', title: '下一场', startAt: '2026-04-01T01:30:00.000Z', endAt: '2026-04-01T03:30:00.000Z' }] }]
      if (req.path === '/staff/disclosure-tasks') return [200, { tasks: TASKS }]
      if (req.path === '/events/ev1/dashboard') return [200, { eventId: 'ev1', capacity: 30, registered: 28, checkedIn: 21, byCategory: [], suggestions: 7, evaluations: { count: 0, averages: null, overall: null }, updatedAt: NOW }]
      if (req.path === '/events/ev1') return [200, { event: EVENT }]
      return [404, {}]
    })
  }

  it('lists the tasks with their label, event, deadline, 已超期 and 已完成, each opening the summary page', async () => {
    homeApi()
    render(<StaffEventsView />)
    await waitFor(() => expect(has('task-summary-ev1')).toBe(true))
    expect(text('disclosure-tasks')).toContain('信息公开待办')
    expect(text('task-summary-ev1')).toContain('发布活动总结')
    expect(text('task-summary-ev1')).toContain(`活动：${EVENT.title}`)
    expect(text('task-summary-ev1-due')).toBe('截止：2026年3月9日（周一）23:59')
    expect(text('task-summary-ev1-overdue')).toBe('已超期')
    expect(text('task-answers-ev1')).toContain('公开意见答复')
    expect(text('task-answers-ev1-due')).toBe('截止：2026年3月18日（周三）23:59')
    expect(has('task-answers-ev1-overdue')).toBe(false)
    expect(text('task-summary-ev0-done')).toBe('已完成')
    expect(document.getElementById('task-summary-ev0')!.className).toContain('task--done')
    expect(has('task-summary-ev0-overdue')).toBe(false)
    await click('task-answers-ev1')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-event-summary/index?id=ev1' })

    // 活动总结 on the ended event only.
    expect(has('staff-summary-ev1')).toBe(true)
    expect(has('staff-summary-ev2')).toBe(false)
    await click('staff-summary-ev1')
    expect(vi.mocked(Taro.navigateTo).mock.calls.at(-1)![0]).toEqual({ url: '/pages/staff-event-summary/index?id=ev1' })
  })

  it('a checker sees neither the tasks nor 活动总结, and the tasks are not asked for', async () => {
    loginAs(CHECKER)
    homeApi()
    render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-event-ev1')).toBe(true))
    expect(has('disclosure-tasks')).toBe(false)
    expect(has('staff-summary-ev1')).toBe(false)
    expect(requests.map((r) => r.path)).not.toContain('/staff/disclosure-tasks')
  })

  it('实时数据 of an ended event offers 活动总结 to organisers', async () => {
    homeApi()
    const { unmount } = render(<DashboardView eventId="ev1" />)
    await waitFor(() => expect(has('dash-summary')).toBe(true))
    await click('dash-summary')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-event-summary/index?id=ev1' })
    unmount()
    loginAs(CHECKER)
    render(<DashboardView eventId="ev1" />)
    await waitFor(() => expect(has('dash-registered')).toBe(true))
    expect(has('dash-summary')).toBe(false)
  })
})

describe('the public addresses of a published summary', () => {
  it('H5 calls the API at a path of its own origin; the mini-program at its absolute base', () => {
    expect(publicApiBase('/api/v1')).toBe(`${window.location.origin}/api/v1`)
    expect(publicApiBase('https://api.example.gov.cn/api/v1/')).toBe('https://api.example.gov.cn/api/v1')
    expect(printUrl('p 1', 'https://api.example.gov.cn/api/v1')).toBe('https://api.example.gov.cn/api/v1/public/posts/p%201/print')
  })

  it('the embed code escapes the title', () => {
    expect(embedCode('p1', '“开放日”总结 <2026> & "A"', 'https://x.gov.cn/api/v1')).toBe(
      '<iframe src="https://x.gov.cn/api/v1/public/posts/p1/embed" title="“开放日”总结 &lt;2026&gt; &amp; &quot;A&quot;" width="100%" height="800" style="border:0" loading="lazy"></iframe>',
    )
  })
})
