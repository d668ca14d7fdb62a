import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import type { Resource } from './useResource'

/**
 * Lists whose items change on other pages (a ticket cancelled, an item answered): reload quietly
 * when the page shows again (not on its first show, which loads anyway) and on pull-down.
 */
export function useRefreshOnShow(res: Resource<unknown>, active = true) {
  const firstShow = useRef(true)
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else if (active) void res.reload({ silent: true })
  })
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
}
