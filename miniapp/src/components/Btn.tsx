import { Button } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y, idAttr } from '../lib/platform'

export interface BtnProps {
  id?: string
  kind?: 'primary' | 'secondary' | 'danger' | 'plain' | 'success'
  size?: 'normal' | 'large' | 'small'
  disabled?: boolean
  /** Shows a busy label and ignores taps. */
  loading?: boolean
  loadingText?: string
  onClick?: () => void
  children: ReactNode
  className?: string
}

/** A large (≥ 48px) button. Taps are ignored while disabled or loading, on every platform. */
export function Btn({
  id,
  kind = 'primary',
  size = 'normal',
  disabled,
  loading,
  loadingText = '请稍候…',
  onClick,
  children,
  className,
}: BtnProps) {
  const inactive = Boolean(disabled || loading)
  return (
    <Button
      {...idAttr(id)}
      className={`btn btn--${kind} btn--${size}${inactive ? ' btn--disabled' : ''}${className ? ` ${className}` : ''}`}
      // undefined, not false: on H5 React writes disabled="false", which still matches [disabled].
      disabled={inactive || undefined}
      onClick={() => {
        if (!inactive) onClick?.()
      }}
      {...a11y({ role: 'button', tabindex: inactive ? -1 : 0, 'aria-disabled': inactive ? 'true' : undefined, 'aria-busy': loading ? 'true' : undefined })}
    >
      {loading ? loadingText : children}
    </Button>
  )
}
