import { Text, View } from '@tarojs/components'
import { CATEGORIES, EVALUATION_MIN_RESPONSES, formatDateTime, type SummaryFigures } from '@openday/shared'
import { Card, Section } from '../../components/Layout'
import { Stat } from '../../components/Stat'

/** The figures a draft was built from: read-only, as the API froze them. */
export function SummaryFiguresCard({ figures }: { figures: SummaryFigures }) {
  const { attendance: a, suggestions: s, evaluation: ev } = figures
  return (
    <Card id="sum-figures" className="sum-figures">
      <Section title="报名与签到">
        <View className="stats">
          <Stat id="sum-fig-registered" label="报名" value={a.registered} />
          <Stat id="sum-fig-checked-in" label="签到" value={a.checkedIn} />
          <Stat id="sum-fig-rate" label="签到率" value={a.checkinRate === null ? '—' : `${a.checkinRate}%`} />
        </View>
        {a.byCategory.length > 0 ? (
          <View className="table" id="sum-fig-by-category">
            <View className="table__row table__row--head">
              <Text className="table__cell table__cell--wide">身份类别</Text>
              <Text className="table__cell">报名</Text>
              <Text className="table__cell">签到</Text>
            </View>
            {a.byCategory.map((c) => (
              <View key={c.category} className="table__row">
                <Text className="table__cell table__cell--wide">{CATEGORIES[c.category]}</Text>
                <Text className="table__cell">{c.registered}</Text>
                <Text className="table__cell">{c.checkedIn}</Text>
              </View>
            ))}
          </View>
        ) : null}
      </Section>
      <Section title="意见建议">
        <View className="stats">
          <Stat id="sum-fig-received" label="收到" value={s.received} />
          <Stat id="sum-fig-answered" label="已答复" value={s.answered} />
          <Stat id="sum-fig-on-time" label="按期答复" value={s.answeredOnTime} />
        </View>
        {s.topics.length > 0 ? (
          <Text id="sum-fig-topics" className="meta">
            主要话题：{s.topics.map((t) => `${t.topic}（${t.count}）`).join('、')}
          </Text>
        ) : null}
      </Section>
      <Section title="无记名测评">
        {ev.index === null ? (
          <Text id="sum-fig-evaluation" className="meta">
            测评人数不足{EVALUATION_MIN_RESPONSES}人（{ev.responses}人参加），不计算测评指数
          </Text>
        ) : (
          <View id="sum-fig-evaluation">
            <View className="stats">
              <Stat id="sum-fig-responses" label="测评人数" value={ev.responses} />
              <Stat id="sum-fig-index" label="测评指数" value={ev.index} />
            </View>
            {ev.aspects ? (
              <View className="table">
                {ev.aspects.map((x) => (
                  <View key={x.dimension} className="table__row">
                    <Text className="table__cell table__cell--wide">{x.label}</Text>
                    <Text className="table__cell">{x.index}</Text>
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        )}
      </Section>
      <Text id="sum-fig-built" className="meta sum-note">
        数据统计于 {formatDateTime(figures.builtAt)}
      </Text>
    </Card>
  )
}
