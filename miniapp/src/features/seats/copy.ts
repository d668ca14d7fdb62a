import Taro from '@tarojs/taro'

/** Copies a link or code and says so. */
export const copyText = (data: string, what: string) =>
  Taro.setClipboardData({ data })
    .then(() => Taro.showToast({ title: `已复制${what}`, icon: 'success' }))
    .catch(() => undefined)
