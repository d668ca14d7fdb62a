import { ChoiceGroup } from '../../components/Choice'
import type { PeriodOption } from './period'

/** 统计期间: three big options; the default (近12个月) is the copy every handling step refreshes. */
export function PeriodChoice({ id, options, value, onChange }: { id: string; options: PeriodOption[]; value: PeriodOption['key']; onChange: (key: PeriodOption['key']) => void }) {
  return <ChoiceGroup id={id} label="统计期间" columns={3} options={options.map((o) => ({ value: o.key, label: o.label }))} value={value} onChange={onChange} />
}
