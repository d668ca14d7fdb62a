import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { errorMessage } from '../api/request'
import { PAGES } from '../lib/nav'
import { a11y, idAttr } from '../lib/platform'
import { Btn } from './Btn'

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="state state--loading" {...a11y({ role: 'status', 'aria-live': 'polite' })}>
      <View className="spinner" />
      <Text className="state__text">{text}</Text>
    </View>
  )
}

export function ErrorState({ error, onRetry, id }: { error: unknown; onRetry?: () => void; id?: string }) {
  return (
    <View {...idAttr(id)} className="state state--error" {...a11y({ role: 'alert' })}>
      <Text className="state__icon">!</Text>
      <Text className="state__text">{errorMessage(error)}</Text>
      {onRetry ? (
        <Btn kind="secondary" onClick={onRetry} id={id ? `${id}-retry` : undefined}>
          重试
        </Btn>
      ) : null}
    </View>
  )
}

export function Empty({ text, children, id }: { text: string; children?: ReactNode; id?: string }) {
  return (
    <View {...idAttr(id)} className="state state--empty">
      <Text className="state__text">{text}</Text>
      {children}
    </View>
  )
}

/** An inline message box: error (red), success (green), warning (orange) or info (blue). */
export function Banner({
  kind = 'error',
  children,
  id,
}: {
  kind?: 'error' | 'success' | 'warning' | 'info'
  children: ReactNode
  id?: string
}) {
  return (
    <View {...idAttr(id)} className={`banner banner--${kind}`} {...a11y({ role: kind === 'error' ? 'alert' : 'status' })}>
      {children}
    </View>
  )
}

/**
 * A page that cannot be used as opened (unknown page, a link without its id, an event that is
 * gone): says why in words, with a way home, instead of a spinner or an empty form.
 */
export function Unavailable({ id, title, text, children }: { id: string; title: string; text: string; children?: ReactNode }) {
  return (
    <View {...idAttr(id)} className="state state--unavailable">
      <Text className="state__icon" {...a11y({ 'aria-hidden': 'true' })}>
        !
      </Text>
      <Text className="state__title" {...a11y({ role: 'heading', 'aria-level': 1 })}>
        {title}
      </Text>
      <Text className="state__text">{text}</Text>
      {children}
      <Btn id={`${id}-home`} onClick={() => void Taro.reLaunch({ url: PAGES.index }).catch(() => undefined)}>
        返回首页
      </Btn>
    </View>
  )
}

/** A page opened from a link that lacks the id it needs (`what`: 活动, 电子票…). */
export function MissingLink({ what }: { what: string }) {
  return (
    <View className="screen">
      <Unavailable id="missing-link" title="链接不完整" text={`链接中缺少${what}编号，请从活动列表、我的报名或现场二维码重新打开。`} />
    </View>
  )
}
