import { Text, View } from '@tarojs/components'
import { RESULT_CLASSES, type PeriodFigures, type ResultClass } from '@openday/shared'
import { a11y, idAttr } from '../../lib/platform'
import { rateText } from './period'

/**
 * One horizontal bar: plain Views with a percentage width, so H5 and the mini-program draw the
 * same thing without a canvas; the figure is also written as text beside it (read aloud).
 */
export function RateBar({ id, label, value, max = 100, text }: { id?: string; label: string; value: number | null; max?: number; text?: string }) {
  const width = value === null || max <= 0 ? 0 : Math.min(100, Math.round((value / max) * 1000) / 10)
  return (
    <View {...idAttr(id)} className="pub-bar">
      <View className="pub-bar__head">
        <Text className="pub-bar__label">{label}</Text>
        <Text className="pub-bar__value">{text ?? rateText(value)}</Text>
      </View>
      <View className="pub-bar__track" {...a11y({ 'aria-hidden': 'true' })}>
        <View className={`pub-bar__fill${value === null ? ' pub-bar__fill--none' : ''}`} style={{ width: `${width}%` }} />
      </View>
    </View>
  )
}

const CLASS_CODES = Object.keys(RESULT_CLASSES) as ResultClass[]

/** The answers by class A–D, as bars relative to all answers in force. */
export function ClassBars({ id, figures }: { id: string; figures: PeriodFigures }) {
  const total = CLASS_CODES.reduce((n, c) => n + figures.classCounts[c], 0)
  return (
    <View {...idAttr(id)}>
      {CLASS_CODES.map((c) => (
        <RateBar key={c} id={`${id}-${c}`} label={`${c}类 ${RESULT_CLASSES[c]}`} value={figures.classCounts[c]} max={total} text={`${figures.classCounts[c]}件`} />
      ))}
    </View>
  )
}

/** The three rates the public asks about first, as bars. */
export function RateBars({ id, figures }: { id: string; figures: PeriodFigures }) {
  return (
    <View {...idAttr(id)}>
      <RateBar id={`${id}-response`} label="答复率" value={figures.responseRate} />
      <RateBar id={`${id}-ontime`} label="按时答复率" value={figures.onTimeRate} />
      <RateBar id={`${id}-satisfaction`} label="满意率" value={figures.satisfactionRate} />
    </View>
  )
}
