import { Text, View } from '@tarojs/components'
import {
  EVALUATION_STEP,
  SATISFACTION_LABELS,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  type EvaluationFigures as Figures,
} from '@openday/shared'
import { getEvaluationComments } from '../../api/evaluations'
import { Section } from '../../components/Layout'
import { useResource } from '../../lib/useResource'

export const STEP_NOTE = `满${EVALUATION_STEP}份后显示；此后每满${EVALUATION_STEP}份更新一次，不足${EVALUATION_STEP}份的部分不显示，以保护答卷人匿名`

/** The evaluation on the staff dashboard: published figures only, never below a step of 5. */
export function EvaluationFigures({ eventId, figures, refreshKey }: { eventId: string; figures: Figures; refreshKey?: string }) {
  return (
    <View>
      <Section title="无记名测评（5分制平均分）">
        {figures.averages === null ? (
          <Text id="dash-averages-hidden" className="meta">
            {STEP_NOTE}
          </Text>
        ) : (
          <View>
            <View className="table" id="dash-averages">
              <View className="table__row table__row--head">
                <Text className="table__cell table__cell--wide">测评项目</Text>
                <Text className="table__cell">平均分</Text>
                <Text className="table__cell">满意及以上</Text>
              </View>
              {SCORE_DIMENSION_CODES.map((k) => {
                const levels = figures.distribution![k]
                const satisfied = levels[3] + levels[4]
                return (
                  <View key={k} className="table__row" id={`dash-eval-${k}`}>
                    <Text className="table__cell table__cell--wide">{SCORE_DIMENSIONS[k]}</Text>
                    <Text className="table__cell">{figures.averages![k].toFixed(2)}</Text>
                    <Text className="table__cell">{Math.round((satisfied / figures.count) * 100)}%</Text>
                  </View>
                )
              })}
            </View>
            <Text id="dash-eval-distribution" className="meta">
              各项评价分布（{[5, 4, 3, 2, 1].map((v) => SATISFACTION_LABELS[v as 1 | 2 | 3 | 4 | 5]).join(' / ')}）：
              {SCORE_DIMENSION_CODES.map((k) => `${SCORE_DIMENSIONS[k]} ${[...figures.distribution![k]].reverse().join('/')}`).join('；')}
            </Text>
            <Text id="dash-eval-step" className="meta">
              以上为 {figures.count} 份答卷的结果。{STEP_NOTE}。
            </Text>
          </View>
        )}
      </Section>
      <EvaluationComments eventId={eventId} refreshKey={refreshKey} />
    </View>
  )
}

/** Comments released in full batches of 5, in random order, with no time. */
function EvaluationComments({ eventId, refreshKey }: { eventId: string; refreshKey?: string }) {
  const res = useResource(() => getEvaluationComments(eventId), [eventId, refreshKey])
  const comments = res.data?.comments ?? []
  return (
    <Section title="测评补充意见" id="dash-eval-comments">
      <Text className="meta">
        每满{EVALUATION_STEP}条一并显示，顺序随机，不显示提交时间；不足{EVALUATION_STEP}条的部分暂不显示。
      </Text>
      {comments.length === 0 ? (
        <Text id="dash-eval-comments-empty" className="meta">
          暂无可显示的补充意见
        </Text>
      ) : (
        <View id="dash-eval-comment-list">
          {comments.map((c, i) => (
            <Text key={i} className="meta">
              · {c}
            </Text>
          ))}
        </View>
      )}
    </Section>
  )
}
