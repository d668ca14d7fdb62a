import { View } from '@tarojs/components'
import { PageRoot } from '../../components/PageRoot'
import { Unavailable } from '../../components/States'

/** Where unknown pages land (app.ts: usePageNotFound, on weapp and for H5 hash routes). */
export default function NotFoundPage() {
  return (
    <PageRoot>
      <View className="screen">
        <Unavailable id="not-found" title="页面不存在" text="您打开的页面不存在或链接已失效，可回到首页查看开放日活动。" />
      </View>
    </PageRoot>
  )
}
