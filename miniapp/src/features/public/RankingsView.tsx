import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { RANKING_WEIGHTS, type PublicRanking } from '@openday/shared'
import { useMemo, useState } from 'react'
import { getRankings } from '../../api/public'
import { Card, Screen, Section, Title } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { RateBar } from './FigureBars'
import { PeriodChoice } from './PeriodChoice'
import { dayLabel, periodOptions, rateText, type PeriodOption } from './period'
import './public.css'

const pct = (w: number) => `${Math.round(w * 100)}%`
/** 计分方法, from the weights the API ranks by. */
export const SCORE_METHOD = `综合得分（百分制）= 按时答复率×${pct(RANKING_WEIGHTS.onTimeRate)} + 满意率×${pct(RANKING_WEIGHTS.satisfactionRate)} + 测评指数×${pct(RANKING_WEIGHTS.evaluationIndex)}；缺少的项目按其余项目的权重折算。`

type Entry = PublicRanking['agencies'][number]

function RankRow({ e, minItems }: { e: Entry; minItems: number }) {
  return (
    <Card id={`rank-${e.agency.id}`} className="pub-rank" onClick={() => go(pageUrl('agency', { id: e.agency.id }))}>
      <View className="pub-rank__head">
        <Text className={`pub-rank__no${e.rank === null ? ' pub-rank__no--none' : ''}`}>{e.rank === null ? '—' : `第${e.rank}名`}</Text>
        <Text className="pub-rank__name">{e.agency.name}</Text>
      </View>
      {e.score === null ? (
        <Text id={`rank-${e.agency.id}-unranked`} className="meta">
          办件少于{minItems}件，不参与排名（受理 {e.figures.received} 件）
        </Text>
      ) : (
        <RateBar id={`rank-${e.agency.id}-score`} label="综合得分" value={e.score} text={`${e.score}分`} />
      )}
      <Text className="meta">
        按时答复率 {rateText(e.figures.onTimeRate)} · 满意率 {rateText(e.figures.satisfactionRate)} · 测评指数 {e.figures.evaluationIndex === null ? '不足5人' : `${e.figures.evaluationIndex}分`}
      </Text>
      <Text className="event-card__more">查看办理情况 ›</Text>
    </Card>
  )
}

/** 排名: agencies ranked by the composite score; those with too few items listed after, unranked. */
export function RankingsView({ now = new Date() }: { now?: Date }) {
  const options = useMemo(() => periodOptions(now), [now.toDateString()])
  const [periodKey, setPeriodKey] = useState<PeriodOption['key']>('last12')
  const period = options.find((o) => o.key === periodKey)!
  const res = useResource(() => getRankings(period.query), [periodKey])
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Screen className="pub">
      <Title sub="按意见建议办理和群众评价计分">各单位排名</Title>
      <PeriodChoice id="rank-period" options={options} value={periodKey} onChange={setPeriodKey} />
      {res.loading && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState id="rank-error" error={res.error} onRetry={() => void res.reload()} />
      ) : res.data && res.data.agencies.length === 0 ? (
        <Empty id="rank-empty" text="暂无单位数据。" />
      ) : res.data ? (
        <View>
          <Text id="rank-period-label" className="meta">
            统计期间：{dayLabel(res.data.period.from)}至{dayLabel(res.data.period.to)}
          </Text>
          <View id="rank-list" className="list">
            {res.data.agencies.map((e) => (
              <RankRow key={e.agency.id} e={e} minItems={res.data!.minItems} />
            ))}
          </View>
          <Section title="计分方法" id="rank-method">
            <Text className="paragraph">{SCORE_METHOD}</Text>
            <Text className="paragraph">
              按时答复率：按期答复件数÷（已答复件数+逾期未答复件数）；满意率：非常满意、满意、基本满意÷已评价件数；测评指数：无记名测评平均分×20，测评人数不足5人不计。
            </Text>
          </Section>
        </View>
      ) : null}
    </Screen>
  )
}
