import { Text, View } from '@tarojs/components'
import {
  EVALUATION_MIN_RESPONSES,
  ORGANISER_ROLES,
  SATISFACTION_LABELS,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  shanghaiDate,
  levelsIndex,
  type EvaluationFigures,
} from '@openday/shared'
import { useEffect, useMemo, useState } from 'react'
import { getEvaluationReport, reportCsvPaths } from '../../api/reports'
import { getStaffProfile } from '../../api/session'
import { Screen, Section, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { CSV_HINT } from '../../lib/download'
import { DownloadButton } from './DownloadButton'
import { pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { PeriodChoice } from '../public/PeriodChoice'
import { dayLabel, periodOptions, type PeriodOption } from '../public/period'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import './reports.css'

const SELF = pageUrl('staffReports')
const LEVELS = [5, 4, 3, 2, 1] as const
export const TOO_FEW_TEXT = `测评人数不足${EVALUATION_MIN_RESPONSES}人，暂不显示（保护答卷人匿名）`

/** Per aspect: the count at each level (非常满意 first), the average and the 百分制 index. */
export function EvaluationTable({ id, figures }: { id: string; figures: EvaluationFigures }) {
  if (!figures.distribution || !figures.averages) {
    return (
      <Text id={`${id}-hidden`} className="meta">
        {TOO_FEW_TEXT}
      </Text>
    )
  }
  const { distribution, averages } = figures
  // One block per aspect (not an 8-column table): it reads on a phone, also at 200 % text.
  return (
    <View id={id} className="report-aspects">
      {SCORE_DIMENSION_CODES.map((d) => (
        <View key={d} className="report-aspect" id={`${id}-${d}`}>
          <View className="report-aspect__head">
            <Text className="report-aspect__name">{SCORE_DIMENSIONS[d]}</Text>
            <Text className="report-aspect__score">
              平均 {averages[d].toFixed(2)} · 百分制 {levelsIndex(distribution[d])}
            </Text>
          </View>
          <Text className="meta">{LEVELS.map((l) => `${SATISFACTION_LABELS[l]} ${distribution[d][l - 1]}`).join(' · ')}</Text>
        </View>
      ))}
      <View className="report-aspect report-aspect--overall" id={`${id}-overall`}>
        <View className="report-aspect__head">
          <Text className="report-aspect__name">总体（{figures.count}人）</Text>
          <Text className="report-aspect__score">
            平均 {figures.overall!.toFixed(2)} · 百分制 {levelsIndex(...Object.values(distribution))}
          </Text>
        </View>
      </View>
    </View>
  )
}

/** 测评报告与导出: the agency's evaluation per aspect and per event, and the CSV files of a period. */
export function ReportsView({ now = new Date() }: { now?: Date }) {
  const ok = useStaffGuard(SELF)
  const profile = getStaffProfile()
  const allowed = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const options = useMemo(() => periodOptions(now), [now.toDateString()])
  const [periodKey, setPeriodKey] = useState<PeriodOption['key']>('last12')
  const period = options.find((o) => o.key === periodKey)!
  const live = ok && allowed
  const res = useResource(() => (live ? getEvaluationReport(period.query) : Promise.resolve(undefined)), [live, periodKey])
  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, SELF)
  }, [res.error])

  if (!ok) return <Loading text="请先登录…" />
  if (!allowed) return <Screen><Banner id="report-forbidden">测评报告与导出仅对管理员和活动组织者开放。</Banner></Screen>
  const paths = reportCsvPaths(period.query)
  const report = res.data
  const span = report ? `${report.period.from}至${report.period.to}` : ''
  return (
    <Screen className="report">
      <Title sub={profile?.agencyName}>测评报告与导出</Title>
      <PeriodChoice id="report-period" options={options} value={periodKey} onChange={setPeriodKey} />
      {res.loading && !report ? (
        <Loading />
      ) : res.error && !report ? (
        <ErrorState id="report-error" error={res.error} onRetry={() => void res.reload()} />
      ) : report ? (
        <View>
          <Text id="report-span" className="meta">
            统计期间：{dayLabel(report.period.from)}至{dayLabel(report.period.to)}开始的活动；只计已公布的测评结果（每满{EVALUATION_MIN_RESPONSES}份公布一次）。
          </Text>
          <Section title="本单位测评结果" id="report-overall-section">
            <EvaluationTable id="report-overall" figures={report.overall} />
          </Section>
          <Section title="各场活动" id="report-events">
            {report.events.length === 0 ? (
              <Text id="report-events-empty" className="meta">
                这一期间没有已发布的活动。
              </Text>
            ) : (
              <View className="report-aspects">
                {report.events.map((e) => (
                  <View key={e.id} className="report-aspect" id={`report-event-${e.id}`}>
                    <Text className="report-aspect__name">{e.title}</Text>
                    <Text className="meta">
                      {shanghaiDate(e.startAt)} ·{' '}
                      {e.figures.overall === null ? `测评人数不足${EVALUATION_MIN_RESPONSES}人，不显示` : `测评${e.figures.count}人 · 百分制 ${levelsIndex(...Object.values(e.figures.distribution!))}`}
                    </Text>
                  </View>
                ))}
              </View>
            )}
          </Section>
          <Section title="导出" id="report-downloads">
            <Text className="meta">联系电话已隐去中间四位，正文中的手机号和身份证号已遮盖。{CSV_HINT}</Text>
            <DownloadButton kind="suggestions" path={paths.suggestions} fileName={`意见建议-${span}.csv`} returnTo={SELF} />
            <DownloadButton kind="evaluation" path={paths.evaluation} fileName={`测评结果-${span}.csv`} returnTo={SELF} />
          </Section>
        </View>
      ) : null}
    </Screen>
  )
}
