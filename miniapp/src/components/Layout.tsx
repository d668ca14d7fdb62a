import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y, idAttr } from '../lib/platform'

/** Page body: padded column, max 640px wide on desktop browsers. */
export function Screen({ children, className }: { children: ReactNode; className?: string }) {
  return <View className={`screen${className ? ` ${className}` : ''}`}>{children}</View>
}

/** The page's heading (h1 for screen readers on H5). */
export function Title({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  return (
    <View className="title">
      <Text className="title__text" {...a11y({ role: 'heading', 'aria-level': 1 })}>
        {children}
      </Text>
      {sub ? <Text className="title__sub">{sub}</Text> : null}
    </View>
  )
}

export function Card({ children, className, id, onClick }: { children: ReactNode; className?: string; id?: string; onClick?: () => void }) {
  return (
    <View
      {...idAttr(id)}
      className={`card${onClick ? ' card--tap' : ''}${className ? ` ${className}` : ''}`}
      onClick={onClick}
      {...a11y(onClick ? { role: 'link', tabindex: 0 } : {})}
    >
      {children}
    </View>
  )
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <View className="section" {...idAttr(id)}>
      <Text className="section__title" {...a11y({ role: 'heading', 'aria-level': 2 })}>
        {title}
      </Text>
      {children}
    </View>
  )
}

/** Label–value row for details. */
export function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className="row">
      <Text className="row__label">{label}</Text>
      <View className="row__value" {...idAttr(id)}>
        {children}
      </View>
    </View>
  )
}

/** A text link styled as a large tappable row or chip. */
export function LinkText({ children, onClick, id, kind = 'chip' }: { children: ReactNode; onClick: () => void; id?: string; kind?: 'chip' | 'quiet' }) {
  return (
    <View {...idAttr(id)} className={`link link--${kind}`} onClick={onClick} {...a11y({ role: 'link', tabindex: 0 })}>
      <Text>{children}</Text>
    </View>
  )
}
