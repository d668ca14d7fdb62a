// 测评报告与导出: the agency's table per aspect and level (非常满意 first), the average and the
// 百分制 index; events below 5 answers hidden; the downloads carry the staff token and the period.
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { SCORE_DIMENSION_CODES, type EvaluationReport } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { ReportsView, TOO_FEW_TEXT } from '../../src/features/reports/ReportsView'
import { click, text } from '../support/dom'
import { STAFF_ADMIN, STAFF_HANDLER } from '../support/handling'
import { mockApi, requests, setStorage } from '../support/taro'

const NOW = new Date('2026-03-10T02:00:00.000Z')
const each = <T,>(v: T) => Object.fromEntries(SCORE_DIMENSION_CODES.map((d) => [d, v])) as Record<(typeof SCORE_DIMENSION_CODES)[number], T>
const hidden = { count: 0, averages: null, overall: null, distribution: null }
const REPORT: EvaluationReport = {
  period: { from: '2025-03-11', to: '2026-03-10' },
  overall: { count: 15, averages: each(4.47), overall: 4.47, distribution: each([0, 0, 1, 6, 8] as [number, number, number, number, number]) },
  events: [
    { id: 'mar', title: '三月开放日', startAt: '2026-03-01T02:00:00.000Z', figures: hidden },
    { id: 'feb', title: '二月开放日', startAt: '2026-02-02T02:00:00.000Z', figures: { count: 5, averages: each(4.4), overall: 4.4, distribution: each([0, 0, 1, 1, 3] as [number, number, number, number, number]) } },
  ],
}

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's-token')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

describe('测评报告与导出', () => {
  it('shows each aspect per level, the average and the 百分制 index; an event below 5 answers shows nothing', async () => {
    loginAs(STAFF_ADMIN)
    mockApi(() => [200, REPORT])
    render(<ReportsView now={NOW} />)
    await waitFor(() => expect(document.getElementById('report-overall-measures')).not.toBeNull())
    expect(text('report-overall-measures')).toBe('监管措施平均 4.47 · 百分制 89.3非常满意 8 · 满意 6 · 基本满意 1 · 不满意 0 · 非常不满意 0')
    expect(text('report-overall-overall')).toBe('总体（15人）平均 4.47 · 百分制 89.3')
    expect(text('report-event-mar')).toBe('三月开放日2026-03-01 · 测评人数不足5人，不显示')
    expect(text('report-event-feb')).toBe('二月开放日2026-02-02 · 测评5人 · 百分制 88')
    expect(requests.map((r) => r.path)).toEqual(['/staff/evaluation-report'])
  })

  it('says why when the agency has fewer than 5 answers, and asks for the chosen period', async () => {
    loginAs(STAFF_ADMIN)
    mockApi(() => [200, { ...REPORT, overall: hidden, events: [] }])
    render(<ReportsView now={NOW} />)
    await waitFor(() => expect(text('report-overall-hidden')).toBe(TOO_FEW_TEXT))
    expect(text('report-events-empty')).toContain('没有已发布的活动')
    await click('report-period-lastYear')
    await waitFor(() => expect(requests.map((r) => r.path)).toContain('/staff/evaluation-report?from=2025-01-01&to=2025-12-31'))
  })

  it('downloads the period’s files with the staff token, then forwards them from a second tap (weapp)', async () => {
    loginAs(STAFF_ADMIN)
    mockApi(() => [200, REPORT])
    render(<ReportsView now={NOW} />)
    await waitFor(() => expect(document.getElementById('report-download-suggestions')).not.toBeNull())
    await click('report-period-thisYear')
    await waitFor(() => expect(requests.map((r) => r.path)).toContain('/staff/evaluation-report?from=2026-01-01&to=2026-03-10'))
    await click('report-download-suggestions')
    await waitFor(() => expect(document.getElementById('report-save-suggestions')).not.toBeNull())
    const call = (Taro.downloadFile as unknown as { mock: { calls: [{ url: string; header: Record<string, string> }][] } }).mock.calls.at(-1)![0]
    expect(call.url).toBe('http://api.test/api/v1/staff/suggestions.csv?from=2026-01-01&to=2026-03-10')
    expect(call.header.Authorization).toBe('Bearer s-token')
    await click('report-save-suggestions')
    expect(Taro.shareFileMessage).toHaveBeenLastCalledWith({ filePath: 'wxfile://tmp/report.csv', fileName: '意见建议-2025-03-11至2026-03-10.csv' })
  })

  it('says what went wrong when a download fails, and is closed to handlers', async () => {
    loginAs(STAFF_ADMIN)
    mockApi(() => [200, REPORT])
    ;(Taro.downloadFile as unknown as { mockResolvedValueOnce: (v: unknown) => void }).mockResolvedValueOnce({ statusCode: 500, tempFilePath: '' })
    const { unmount } = render(<ReportsView now={NOW} />)
    await waitFor(() => expect(document.getElementById('report-download-evaluation')).not.toBeNull())
    await click('report-download-evaluation')
    await waitFor(() => expect(text('report-download-evaluation-error')).toBe('下载失败，请稍后重试'))
    unmount()
    loginAs(STAFF_HANDLER)
    render(<ReportsView now={NOW} />)
    expect(text('report-forbidden')).toContain('仅对管理员和活动组织者开放')
  })
})
