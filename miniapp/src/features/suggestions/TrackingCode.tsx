import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Btn } from '../../components/Btn'
import { idAttr } from '../../lib/platform'

/**
 * 'YJ23456789ABCDEFGH' → ['YJ', '2345', '6789', 'ABCD', 'EFGH']: the prefix, then groups of 4,
 * which people can read out, compare and copy by hand without losing their place.
 */
export function trackingCodeGroups(code: string): string[] {
  const prefix = code.startsWith('YJ') ? 'YJ' : ''
  const rest = code.slice(prefix.length)
  const groups = prefix ? [prefix] : []
  for (let i = 0; i < rest.length; i += 4) groups.push(rest.slice(i, i + 4))
  return groups
}

/** What a visitor typed or pasted (spaces, dashes, lower case) → the code the API knows. */
export function normaliseTrackingCode(input: string): string {
  return input.replace(/[\s\-－—_·.]/g, '').toUpperCase()
}

export function copyTrackingCode(code: string): void {
  Taro.setClipboardData({ data: code })
    .then(() => Taro.showToast({ title: '已复制', icon: 'success' }))
    .catch(() => undefined)
}

/**
 * The tracking code in monospace groups that wrap between groups, never inside one, so the
 * whole code stays on a 390px screen at any text size. The text itself has no spaces, so a
 * long-press copy or a selection gives the exact code; the copy button does too.
 */
export function TrackingCode({ id, code, copyId, size = 'large' }: { id: string; code: string; copyId?: string; size?: 'large' | 'normal' }) {
  return (
    <View className={`tracking tracking--${size}`}>
      <View {...idAttr(id)} className="tracking__code">
        {trackingCodeGroups(code).map((g, i) => (
          <Text key={i} className="tracking__group" userSelect>
            {g}
          </Text>
        ))}
      </View>
      {copyId ? (
        <Btn id={copyId} kind={size === 'large' ? 'primary' : 'secondary'} size={size === 'large' ? 'normal' : 'small'} onClick={() => copyTrackingCode(code)}>
          复制编号
        </Btn>
      ) : null}
    </View>
  )
}
