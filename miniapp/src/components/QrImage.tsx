import { Image, View } from '@tarojs/components'
import { useMemo } from 'react'
import { IS_WEAPP, idAttr } from '../lib/platform'
import { qrDataUrl } from '../lib/qr'

interface QrImageProps {
  id?: string
  text: string
  /** Shown to screen readers. */
  label: string
  size?: 'large' | 'xlarge'
}

/** A QR code rendered to an SVG data URL; works in the mini-program and in browsers. */
export function QrImage({ id, text, label, size = 'large' }: QrImageProps) {
  const src = useMemo(() => qrDataUrl(text), [text])
  return (
    // The square box keeps the code square when it shrinks to the screen at large text sizes.
    <View className={`qr qr--${size}`}>
      <View className="qr__square">
        <Image
          {...idAttr(id)}
          className="qr__img"
          src={src}
          mode="scaleToFill"
          showMenuByLongpress
          nativeProps={IS_WEAPP ? undefined : { alt: label }}
        />
      </View>
    </View>
  )
}
