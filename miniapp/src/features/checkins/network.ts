import Taro from '@tarojs/taro'
import { IS_WEAPP } from '../../lib/platform'

/**
 * Calls `onChange(online)` with the device's network state now and on every change. WeChat
 * reports it through wx.onNetworkStatusChange; browsers through online/offline events (Taro's H5
 * version of onNetworkStatusChange only watches navigator.connection, which most lack).
 */
export function watchNetwork(onChange: (online: boolean) => void): () => void {
  if (IS_WEAPP) {
    const listener = (r: { isConnected: boolean }) => onChange(r.isConnected)
    Taro.onNetworkStatusChange(listener)
    Taro.getNetworkType()
      .then((r) => onChange(r.networkType !== 'none'))
      .catch(() => undefined)
    return () => Taro.offNetworkStatusChange?.(listener)
  }
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => undefined
  const up = () => onChange(true)
  const down = () => onChange(false)
  window.addEventListener('online', up)
  window.addEventListener('offline', down)
  if (typeof navigator !== 'undefined' && navigator.onLine === false) onChange(false)
  return () => {
    window.removeEventListener('online', up)
    window.removeEventListener('offline', down)
  }
}
