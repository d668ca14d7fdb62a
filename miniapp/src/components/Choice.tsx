import { Text, View } from '@tarojs/components'
import { a11y, idAttr } from '../lib/platform'

export interface ChoiceOption<V extends string | number> {
  value: V
  label: string
}

interface ChoiceGroupProps<V extends string | number> {
  /** Id of the group; each option gets `<id>-<value>`. */
  id: string
  label: string
  options: ChoiceOption<V>[]
  /** Single choice: the value or undefined. Multiple: an array. */
  value: V | undefined | V[]
  onChange: (value: V) => void
  multiple?: boolean
  columns?: 1 | 2 | 3
  error?: string
}

/**
 * Big tappable options instead of a native picker: every choice is visible at once, easy to hit
 * and read aloud by screen readers (radio/checkbox roles on H5).
 */
export function ChoiceGroup<V extends string | number>(p: ChoiceGroupProps<V>) {
  const selected = (v: V) => (Array.isArray(p.value) ? p.value.includes(v) : p.value === v)
  return (
    <View
      {...idAttr(p.id)}
      className={`choices choices--cols-${p.columns ?? 2}${p.error ? ' choices--invalid' : ''}`}
      {...a11y({ role: p.multiple ? 'group' : 'radiogroup', 'aria-label': p.label })}
    >
      {p.options.map((o) => {
        const on = selected(o.value)
        return (
          <View
            key={String(o.value)}
            id={`${p.id}-${o.value}`}
            className={`choice${on ? ' choice--on' : ''}`}
            onClick={() => p.onChange(o.value)}
            {...a11y({
              role: p.multiple ? 'checkbox' : 'radio',
              'aria-checked': on ? 'true' : 'false',
              tabindex: 0,
            })}
          >
            <Text className="choice__mark">{on ? '✓' : ''}</Text>
            <Text className="choice__label">{o.label}</Text>
          </View>
        )
      })}
      {/* Keeps the last row of a 3-column grid left-aligned (no flex gap in older WebViews). */}
      {p.columns === 3 && p.options.length % 3 === 2 ? <View className="choice choice--filler" /> : null}
    </View>
  )
}

interface ToggleProps {
  id: string
  checked: boolean
  onChange: (checked: boolean) => void
  children: React.ReactNode
  error?: string
}

/** A large check box with its text; the whole row is the tap target. */
export function Toggle({ id, checked, onChange, children, error }: ToggleProps) {
  return (
    <View
      {...idAttr(id)}
      className={`toggle${checked ? ' toggle--on' : ''}${error ? ' toggle--invalid' : ''}`}
      onClick={() => onChange(!checked)}
      {...a11y({ role: 'checkbox', 'aria-checked': checked ? 'true' : 'false', tabindex: 0 })}
    >
      <View className="toggle__box">
        <Text className="toggle__tick">{checked ? '✓' : ''}</Text>
      </View>
      <View className="toggle__text">{children}</View>
    </View>
  )
}
