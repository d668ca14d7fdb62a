import { Input, Text, Textarea, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y, IS_WEAPP, idAttr } from '../lib/platform'

type NativeAttrs = Record<string, string | undefined>
/** Attributes for the real <input>/<textarea> inside Taro's H5 components (ignored on weapp). */
const native = (attrs: NativeAttrs) => (IS_WEAPP ? undefined : attrs)

interface FieldShellProps {
  id: string
  label: string
  required?: boolean
  hint?: ReactNode
  error?: string
  children: ReactNode
  extra?: ReactNode
}

/** Label above, control, then hint or error beside the field (id `<field>-error`). */
export function FieldShell({ id, label, required, hint, error, children, extra }: FieldShellProps) {
  return (
    <View className={`field${error ? ' field--invalid' : ''}`}>
      <View className="field__head">
        <Text className="field__label">
          {label}
          {required ? <Text className="field__required">（必填）</Text> : null}
        </Text>
        {extra}
      </View>
      {children}
      {error ? (
        <Text id={`${id}-error`} className="field__error" {...a11y({ role: 'alert' })}>
          {error}
        </Text>
      ) : hint ? (
        <Text className="field__hint">{hint}</Text>
      ) : null}
    </View>
  )
}

export interface TextFieldProps {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  onConfirm?: () => void
  required?: boolean
  placeholder?: string
  hint?: ReactNode
  error?: string
  /** 'tel' and 'digits' give a digit keyboard without the quirks of <input type=number> on H5. */
  type?: 'text' | 'number' | 'idcard' | 'digit' | 'tel' | 'digits'
  autocomplete?: string
  password?: boolean
  maxlength?: number
  disabled?: boolean
  focus?: boolean
  extra?: ReactNode
  /** Extra class on the input, e.g. for the large check-in code field. */
  inputClassName?: string
}

function inputType(t: TextFieldProps['type']): string {
  if (t === 'tel') return IS_WEAPP ? 'number' : 'tel'
  if (t === 'digits') return IS_WEAPP ? 'number' : 'text'
  return t ?? 'text'
}

/** A labelled single-line input. On H5 the id sits on the wrapper: type into `#<id> input`. */
export function TextField(p: TextFieldProps) {
  return (
    <FieldShell id={p.id} label={p.label} required={p.required} hint={p.hint} error={p.error} extra={p.extra}>
      <Input
        {...idAttr(p.id)}
        className={`input${p.error ? ' input--invalid' : ''}${p.inputClassName ? ` ${p.inputClassName}` : ''}`}
        value={p.value}
        // weapp has no 'tel' type: 'number' brings up its digit keyboard. H5 gets a real tel input.
        type={inputType(p.type) as 'text'}
        password={p.password}
        placeholder={p.placeholder}
        placeholderClass="input__placeholder"
        maxlength={p.maxlength ?? 140}
        disabled={p.disabled}
        focus={p.focus}
        confirmType="done"
        onInput={(e) => p.onChange(e.detail.value)}
        onConfirm={() => p.onConfirm?.()}
        nativeProps={native({
          'aria-label': p.label,
          'aria-invalid': p.error ? 'true' : 'false',
          'aria-required': p.required ? 'true' : undefined,
          'aria-describedby': p.error ? `${p.id}-error` : undefined,
          autocomplete: p.autocomplete ?? (p.password ? 'current-password' : 'off'),
          inputmode: p.type === 'tel' ? 'tel' : p.type === 'digits' || p.type === 'number' ? 'numeric' : undefined,
        })}
      />
    </FieldShell>
  )
}

export interface TextAreaFieldProps {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  required?: boolean
  placeholder?: string
  hint?: ReactNode
  error?: string
  maxlength: number
  /** Shows "n/max" beside the label (id `<id>-counter`). */
  counter?: boolean
  height?: 'normal' | 'tall'
}

/** A labelled textarea. On H5 type into `#<id> textarea`. */
export function TextAreaField(p: TextAreaFieldProps) {
  const count = Array.from(p.value).length
  const counter = p.counter ? (
    <Text
      id={`${p.id}-counter`}
      className={`field__counter${count > p.maxlength ? ' field__counter--over' : ''}`}
      {...a11y({ 'aria-live': 'polite' })}
    >
      {count}/{p.maxlength}
    </Text>
  ) : null
  return (
    <FieldShell id={p.id} label={p.label} required={p.required} hint={p.hint} error={p.error} extra={counter}>
      <Textarea
        {...idAttr(p.id)}
        className={`textarea textarea--${p.height ?? 'normal'}${p.error ? ' input--invalid' : ''}`}
        value={p.value}
        placeholder={p.placeholder}
        placeholderClass="input__placeholder"
        maxlength={p.maxlength}
        onInput={(e) => p.onChange(e.detail.value)}
        nativeProps={native({
          'aria-label': p.label,
          'aria-invalid': p.error ? 'true' : 'false',
          'aria-describedby': p.error ? `${p.id}-error` : undefined,
        })}
      />
    </FieldShell>
  )
}
