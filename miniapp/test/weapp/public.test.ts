/**
 * 单位公开 and 各单位排名 in the BUILT mini-program (miniprogram-simulate): the figures, the bars
 * per department drawn as views whose width is the rate (no canvas), the answers and the ranking
 * render in the weapp runtime from the public API, without login.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { agencyPage, publicAnswer, ranking } from '../support/public'
import { mockWxApi, renderPage, resetWx, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  if (path === '/public/agencies/ag1') return { statusCode: 200, data: agencyPage() }
  if (path === '/public/agencies/ag1/answers') return { statusCode: 200, data: { answers: [publicAnswer(1, { resultClass: 'B', plannedBy: '2026-06-30' })], page: 1, pageSize: 20, hasMore: false } }
  if (path === '/public/rankings') return { statusCode: 200, data: ranking() }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const text = (page: SimComponent) => page.dom.textContent ?? ''
/** The width the bar's fill is drawn with, from its style attribute in the rendered wxml. */
const fillWidth = (page: SimComponent, id: string) => {
  // Ids live in j-component's tree; the rendered DOM carries the (module-prefixed) classes.
  const fill = page.querySelector(`#${id}`)?.dom.querySelector('[class$="pub-bar__fill"]') as HTMLElement | null | undefined
  return fill?.getAttribute('style')?.match(/width:\s*([\d.]+%)/)?.[1]
}

describe('the public pages in the mini-program runtime', () => {
  afterEach(() => resetWx())

  it('单位公开 shows the figures, a bar per department and rate, and the published answers', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/agency/index', { id: 'ag1' })
    await until(() => text(page).includes('答复1：已增设停车位。'), 8000)
    expect(text(page)).toContain('固原市农业农村局')
    expect(text(page)).toContain('62.5%')
    expect(text(page)).toContain('88分')
    expect(text(page)).toContain('检测科')
    expect(text(page)).toContain('计划完成：2026年6月30日')
    expect(fillWidth(page, 'pub-dept-d2-bars-response')).toBe('50%')
    expect(fillWidth(page, 'pub-dept-d2-bars-ontime')).toBe('33.3%')
    expect(fillWidth(page, 'pub-class-A')).toBe('40%')
    expect(wxRequests.every((r) => r.header?.Authorization === undefined)).toBe(true)
  })

  it('各单位排名 ranks with the score bar and lists the unranked', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/rankings/index')
    await until(() => text(page).includes('固原市林业和草原局'), 8000)
    expect(text(page)).toContain('第1名')
    expect(text(page)).toContain('办件少于5件，不参与排名（受理 3 件）')
    expect(fillWidth(page, 'rank-ag1-score')).toBe('78.4%')
  })
})
