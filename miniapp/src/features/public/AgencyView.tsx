import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { formatRange, type PeriodFigures, type PublicAgencyPage, type PublicEventSummary } from '@openday/shared'
import { useCallback, useMemo, useState } from 'react'
import { getAgencyAnswers, getAgencyPage } from '../../api/public'
import { Card, LinkText, Screen, Section, Title } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { AgencyPosts } from '../feed/AgencyPosts'
import { FollowButton } from '../follows/FollowButton'
import { AnswerList } from './AnswerList'
import { ClassBars, RateBars } from './FigureBars'
import { PeriodChoice } from './PeriodChoice'
import { dayLabel, periodOptions, rateText, type PeriodOption } from './period'
import './public.css'

/** The headline figures of a period, as label–value tiles. */
export function FigureTiles({ figures }: { figures: PeriodFigures }) {
  const tiles: [string, string, string][] = [
    ['received', '受理意见', `${figures.received}件`],
    ['answered', '已答复', `${figures.answered}件`],
    ['response', '答复率', rateText(figures.responseRate)],
    ['ontime', '按时答复率', rateText(figures.onTimeRate)],
    ['satisfaction', '满意率', rateText(figures.satisfactionRate)],
    ['reopen', '重办率', rateText(figures.reopenRate)],
    ['days', '平均答复用时', figures.avgWorkingDaysToAnswer === null ? '暂无' : `${figures.avgWorkingDaysToAnswer}个工作日`],
    ['evaluation', '测评指数', figures.evaluationIndex === null ? '测评人数不足5人' : `${figures.evaluationIndex}分`],
  ]
  return (
    <View className="pub-tiles">
      {tiles.map(([key, label, value]) => (
        <View key={key} id={`pub-fig-${key}`} className="pub-tile">
          <Text className="pub-tile__value">{value}</Text>
          <Text className="pub-tile__label">{label}</Text>
        </View>
      ))}
    </View>
  )
}

/** The agency's events: upcoming, or past (已结束, their page still shows what happened). */
function EventLinks({ id, title, events, past = false }: { id: string; title: string; events: PublicEventSummary[]; past?: boolean }) {
  return (
    <Section title={title} id={id}>
      {events.length === 0 ? (
        <Empty id={`${id}-empty`} text={past ? '暂无往期活动' : '暂无即将举办的活动'} />
      ) : (
        <View className="list">
          {events.map((e) => (
            <Card key={e.id} id={`${id}-${e.id}`} onClick={() => go(pageUrl('event', { id: e.id }))}>
              <Text className="event-card__title">{e.title}</Text>
              <Text className="meta">时间：{formatRange(e.startAt, e.endAt)}</Text>
              <Text className="meta">地点：{e.venue}</Text>
              {past ? <Text className="badge badge--closed">已结束</Text> : null}
            </Card>
          ))}
        </View>
      )}
    </Section>
  )
}

/** '3/4 项' (on time of due), or 暂无 when nothing was due. */
export const onTimeText = (onTime: number, due: number) => (due === 0 ? '暂无' : `${onTime}/${due}项`)

export function AgencyBody({ page, agencyId }: { page: PublicAgencyPage; agencyId: string }) {
  const loadAnswers = useCallback((n: number) => getAgencyAnswers(agencyId, n), [agencyId])
  return (
    <View>
      <Section title="总体情况" id="pub-overall">
        <FigureTiles figures={page.figures} />
        <Text className="fine-print">统计期间：{dayLabel(page.period.from)}至{dayLabel(page.period.to)}（按意见提交日期）。计算方法见“各单位排名”页说明。</Text>
      </Section>

      <Section title="办理情况（按承办部门）" id="pub-departments">
        {page.departments.length === 0 ? (
          <Empty id="pub-departments-empty" text="本单位尚未设置承办部门。" />
        ) : (
          <View className="list">
            {page.departments.map((d) => (
              <Card key={d.id} id={`pub-dept-${d.id}`} className="pub-dept">
                <Text className="pub-dept__name">{d.name}</Text>
                <Text className="meta">
                  受理 {d.figures.received} 件 · 已答复 {d.figures.answered} 件 · 重办率 {rateText(d.figures.reopenRate)}
                </Text>
                <RateBars id={`pub-dept-${d.id}-bars`} figures={d.figures} />
              </Card>
            ))}
          </View>
        )}
      </Section>

      <Section title="信息公开" id="pub-disclosure">
        <View className="pub-tiles">
          <View id="pub-disclosure-summaries" className="pub-tile">
            <Text className="pub-tile__value">{onTimeText(page.disclosure.summariesOnTime, page.disclosure.summariesDue)}</Text>
            <Text className="pub-tile__label">活动总结按时发布</Text>
          </View>
          <View id="pub-disclosure-answers" className="pub-tile">
            <Text className="pub-tile__value">{onTimeText(page.disclosure.answersOnTime, page.disclosure.answersDue)}</Text>
            <Text className="pub-tile__label">意见答复按时公开</Text>
          </View>
        </View>
        <Text className="fine-print">活动结束后5个工作日内发布活动总结、10个工作日内公开意见答复；统计期间内结束、已到期限或已完成的活动。</Text>
      </Section>

      <Section title="答复分类" id="pub-classes">
        <ClassBars id="pub-class" figures={page.figures} />
      </Section>

      <Section title="公开答复" id="pub-answers-section">
        <AnswerList id="pub-answers" load={loadAnswers} />
      </Section>

      <AgencyPosts agencyId={agencyId} />

      <EventLinks id="pub-upcoming" title="即将举办的活动" events={page.events.upcoming} />
      <EventLinks id="pub-past" title="往期活动" events={page.events.past} past />
    </View>
  )
}

/** 单位公开: an agency's figures, per department, its published answers and its events (no login). */
export function AgencyView({ id, now = new Date() }: { id: string; now?: Date }) {
  const options = useMemo(() => periodOptions(now), [now.toDateString()])
  const [periodKey, setPeriodKey] = useState<PeriodOption['key']>('last12')
  const period = options.find((o) => o.key === periodKey)!
  const res = useResource(() => getAgencyPage(id, period.query), [id, periodKey])
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Screen className="pub">
      <Title sub="意见建议办理情况与公开答复">{res.data?.agency.name ?? '单位公开'}</Title>
      <View className="follow-row">
        <FollowButton kind="agency" target={id} returnTo={pageUrl('agency', { id })} />
        <Text className="meta">关注后，本单位发布活动和动态时提醒您</Text>
      </View>
      <PeriodChoice id="pub-period" options={options} value={periodKey} onChange={setPeriodKey} />
      {res.loading && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState id="pub-error" error={res.error} onRetry={() => void res.reload()} />
      ) : res.data ? (
        <AgencyBody page={res.data} agencyId={id} />
      ) : null}
      <View className="footer">
        <LinkText id="pub-rankings" onClick={() => go(pageUrl('rankings'))}>
          各单位排名
        </LinkText>
      </View>
    </Screen>
  )
}

